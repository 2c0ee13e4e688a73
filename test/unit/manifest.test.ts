import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadManifest, sourcePath } from '../../src/iam/manifest';

const DIR = path.resolve('/work/roles');
const TRUST = `{
  // EC2 only
  "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ]
}`;
const READ = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "aws:PrincipalTag/team": "a" } } } ] }';

/** A reader over a map of files that counts how often each is read. */
function reader(files: Record<string, string>): { readFile: (p: string) => string | undefined; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    readFile: (p) => {
      reads.set(path.basename(p), (reads.get(path.basename(p)) ?? 0) + 1);
      return Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined;
    },
  };
}

const FILES = { [path.join(DIR, 'ec2.trust.json')]: TRUST, [path.join(DIR, 'read.policy.json')]: READ };
const MANIFEST = `{
  // a comment
  "RoleName": "App",
  "AssumeRolePolicyDocument": "./ec2.trust.json",
  "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  "CustomerManagedPolicies": [ { "PolicyName": "Read", "PolicyDocument": "./read.policy.json" } ],
  "Policies": [
    { "PolicyName": "again", "PolicyDocument": "./read.policy.json" },
    { "PolicyName": "inline", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:*", "Resource": "*" } ] } }
  ],
  "Tags": [ { "Key": "env", "Value": "dev" } ],
  "InstanceProfile": true,
}`;

describe('manifest: loadManifest', () => {
  it('builds the role with its documents, comments stripped, defaults filled in, each file read once', () => {
    const { readFile, reads } = reader(FILES);
    const { manifest, findings } = loadManifest(MANIFEST, path.join(DIR, 'app.role.json'), readFile);
    assert.deepStrictEqual(findings, []);
    const read = JSON.parse(READ);
    // Documents are objects without a prototype (a key `__proto__` is a key like any other): compared as JSON.
    assert.deepStrictEqual(JSON.parse(JSON.stringify({ ...manifest!, sources: undefined })), {
      roleName: 'App',
      path: '/',
      maxSessionDuration: 3600,
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      trustPolicyFile: path.join(DIR, 'ec2.trust.json'),
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      customerManagedPolicies: [{ name: 'Read', path: '/', document: read, documentFile: path.join(DIR, 'read.policy.json') }],
      inlinePolicies: [
        { name: 'again', document: read, documentFile: path.join(DIR, 'read.policy.json') },
        { name: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] } },
      ],
      tags: [{ key: 'env', value: 'dev' }],
      instanceProfile: true,
      file: path.join(DIR, 'app.role.json'),
    });
    assert.deepStrictEqual([...reads], [['ec2.trust.json', 1], ['read.policy.json', 1]]);
  });

  it('records where every property is written, into referenced files too', () => {
    const { readFile } = reader(FILES);
    const { manifest } = loadManifest(MANIFEST, path.join(DIR, 'app.role.json'), readFile);
    const at = (p: string) => {
      const s = manifest!.sources.get(p);
      assert.ok(s, `a source for ${p}`);
      const text = s.file === path.join(DIR, 'app.role.json') ? MANIFEST : FILES[s.file];
      return [path.basename(s.file), text.slice(s.offset, s.offset + s.length)];
    };
    assert.deepStrictEqual(at('RoleName'), ['app.role.json', '"App"']);
    assert.deepStrictEqual(at('Tags/0/Value'), ['app.role.json', '"dev"']);
    assert.deepStrictEqual(at('AssumeRolePolicyDocument/Statement/0/Principal/Service'), ['ec2.trust.json', '"ec2.amazonaws.com"']);
    assert.deepStrictEqual(at('Policies/1/PolicyDocument/Statement/0/Effect'), ['app.role.json', '"Deny"']);
    assert.deepStrictEqual(at('Policies/0/PolicyDocument/Statement/0/Action'), ['read.policy.json', '"s3:GetObject"']);
    // A condition key with a slash is one segment, escaped as in a JSON pointer.
    const key = sourcePath('CustomerManagedPolicies', 0, 'PolicyDocument', 'Statement', 0, 'Condition', 'StringEquals', 'aws:PrincipalTag/team');
    assert.strictEqual(key, 'CustomerManagedPolicies/0/PolicyDocument/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team');
    assert.deepStrictEqual(at(key), ['read.policy.json', '"a"']);
  });

  it('reads the Path, description, session duration, boundary and policy paths that are written', () => {
    const text = '{ "RoleName": "r", "Path": "/app/", "Description": "d", "MaxSessionDuration": 7200, "PermissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess", "InstanceProfile": false,'
      + ' "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [] }, "CustomerManagedPolicies": [ { "PolicyName": "p", "Path": "/team/", "Description": "pd", "PolicyDocument": { "Statement": [] } } ] }';
    const { manifest, findings } = loadManifest(text, '/r.role.json', () => undefined);
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(JSON.parse(JSON.stringify([manifest!.path, manifest!.description, manifest!.maxSessionDuration, manifest!.permissionsBoundary, manifest!.instanceProfile, manifest!.customerManagedPolicies])),
      ['/app/', 'd', 7200, 'arn:aws:iam::aws:policy/PowerUserAccess', false, [{ name: 'p', path: '/team/', description: 'pd', document: { Statement: [] } }]]);
  });

  const problems = (text: string, files: Record<string, string> = {}) => {
    const result = loadManifest(text, path.join(DIR, 'x.role.json'), reader(files).readFile);
    return { manifest: result.manifest, findings: result.findings.map((f) => [f.file ? path.basename(f.file) : '', f.code, f.offset, f.length, f.message]) };
  };

  it('gives no role, and says why, for a missing file', () => {
    assert.deepStrictEqual(problems('{ "RoleName": "r", "AssumeRolePolicyDocument": "./none.trust.json" }'), {
      manifest: undefined,
      findings: [['', 'MISSING_FILE', 48, 17, '"./none.trust.json" does not exist (paths are relative to the manifest\'s folder): create it, or correct the path.']],
    });
  });

  it('reports a file named twice that does not exist at each place', () => {
    const text = '{ "RoleName": "r", "AssumeRolePolicyDocument": "./a.json", "Policies": [ { "PolicyName": "p", "PolicyDocument": "./a.json" } ] }';
    assert.deepStrictEqual(problems(text).findings.map((f) => [f[1], f[2]]), [['MISSING_FILE', text.indexOf('./a.json')], ['MISSING_FILE', text.lastIndexOf('./a.json')]]);
  });

  it('gives no role for a syntax error in the manifest or a referenced file', () => {
    assert.deepStrictEqual(problems('{ "RoleName": "r" "AssumeRolePolicyDocument": {} }'), {
      manifest: undefined,
      findings: [['', 'JSON_SYNTAX_ERROR', 18, 26, 'JSON syntax error: add a comma before this']],
    });
    const trust = path.join(DIR, 't.trust.json');
    assert.deepStrictEqual(problems('{ "RoleName": "r", "AssumeRolePolicyDocument": "./t.trust.json" }', { [trust]: '{ "Version": "2012-10-17" "Statement": [] }' }), {
      manifest: undefined,
      findings: [['t.trust.json', 'JSON_SYNTAX_ERROR', 26, 11, 'JSON syntax error: add a comma before this']],
    });
  });

  it('gives no role when a policy document is too large to read, though that is only a warning', () => {
    const policy = path.join(DIR, 'big.policy.json');
    const text = '{ "RoleName": "r", "AssumeRolePolicyDocument": {}, "Policies": [ { "PolicyName": "big", "PolicyDocument": "./big.policy.json" } ] }';
    const result = problems(text, { [policy]: `{ "Version": "2012-10-17", "Statement": ${'['.repeat(300)}` });
    assert.deepStrictEqual([result.manifest, result.findings.map((f) => [f[0], f[1]])], [undefined, [['big.policy.json', 'DOCUMENT_TOO_LARGE']]]);
  });

  it('reports a referenced file that is not an object, and an empty manifest', () => {
    const trust = path.join(DIR, 't.trust.json');
    assert.deepStrictEqual(problems('{ "RoleName": "r", "AssumeRolePolicyDocument": "./t.trust.json" }', { [trust]: '[]' }).findings,
      [['t.trust.json', 'DATA_TYPE_MISMATCH', 0, 2, 'A policy document is a JSON object with Version and Statement.']]);
    assert.deepStrictEqual(problems(' ').findings,
      [['', 'DATA_TYPE_MISMATCH', 0, 0, 'A role manifest is a JSON object with RoleName, AssumeRolePolicyDocument and the role\'s policies.']]);
  });

  it('reports wrong types once each, and a tag without a value', () => {
    const text = '{ "RoleName": 1, "MaxSessionDuration": "3600", "AssumeRolePolicyDocument": 2, "ManagedPolicyArns": [3], "Tags": [ { "Key": "k" } ], "InstanceProfile": "yes" }';
    const at = (s: string) => [text.indexOf(s), s.length];
    assert.deepStrictEqual(problems(text), {
      manifest: undefined,
      findings: [
        ['', 'DATA_TYPE_MISMATCH', ...at('1'), 'RoleName must be a string.'],
        ['', 'DATA_TYPE_MISMATCH', ...at('"3600"'), '"3600" is not a number of seconds: MaxSessionDuration is from 3600 (1 hour) to 43200 (12 hours).'],
        ['', 'DATA_TYPE_MISMATCH', ...at('2'), 'AssumeRolePolicyDocument is a relative path to a policy file, such as "./app.policy.json", or the document itself.'],
        ['', 'DATA_TYPE_MISMATCH', text.indexOf('[3]') + 1, 1, 'Each of ManagedPolicyArns must be a string: a managed policy ARN.'],
        ['', 'INVALID_TAG', ...at('{ "Key": "k" }'), 'Each tag is an object with a string Key and a string Value.'],
        ['', 'DATA_TYPE_MISMATCH', ...at('"yes"'), 'InstanceProfile is true (an instance profile of the role\'s name holds the role, for EC2) or false.'],
      ],
    });
  });

  it('keeps a role whose values break IAM rules: those are the checks\' findings, not the loader\'s', () => {
    const { manifest, findings } = loadManifest('{ "RoleName": "bad name", "MaxSessionDuration": 60, "AssumeRolePolicyDocument": {} }', '/x.role.json', undefined);
    assert.deepStrictEqual([findings, manifest?.roleName, manifest?.maxSessionDuration], [[], 'bad name', 60]);
  });

  it('treats a user-given policy name such as __proto__ as any other', () => {
    const { manifest } = loadManifest('{ "RoleName": "constructor", "AssumeRolePolicyDocument": {}, "Policies": [ { "PolicyName": "__proto__", "PolicyDocument": {} } ] }', '/x.role.json', undefined);
    assert.deepStrictEqual([manifest?.roleName, manifest?.inlinePolicies.map((p) => p.name)], ['constructor', ['__proto__']]);
  });

  it('loads the sample workspace\'s manifests clean', () => {
    const sample = fs.readdirSync('sample/iam/roles').map((role) => `sample/iam/roles/${role}/${role}.role.json`);
    for (const file of [...sample, 'test/fixtures/good/app.role.json', 'test/fixtures/workspace/dev-ec2.role.json']) {
      const abs = path.resolve(file);
      const { manifest, findings } = loadManifest(fs.readFileSync(abs, 'utf8'), abs, (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined));
      assert.deepStrictEqual(findings, [], file);
      assert.ok(manifest && manifest.customerManagedPolicies.every((p) => Array.isArray(p.document.Statement)), file);
    }
  });
});
