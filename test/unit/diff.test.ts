import * as assert from 'assert';
import * as path from 'path';
import { diffHeadline, diffRoles, diffToJson, formatDiff, RoleDiff } from '../../src/iam/diff';
import { loadManifest } from '../../src/iam/manifest';
import { normalizePolicy, renderRole } from '../../src/iam/normalize';
import { RoleManifest } from '../../src/iam/roleModel';
import { TEMPLATES, withDefaults } from '../../src/iam/templates';

const DIR = path.resolve('/work/app');
const ACCOUNT = '123456789012';
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const READ = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::assets', 'arn:aws:s3:::assets/*'] }] };
const LOGS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] };
const MANIFEST = {
  RoleName: 'App',
  Description: 'The app',
  AssumeRolePolicyDocument: './app.trust.json',
  ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
  CustomerManagedPolicies: [{ PolicyName: 'ReadAssets', PolicyDocument: './read.policy.json' }],
  Policies: [{ PolicyName: 'logs', PolicyDocument: LOGS }],
  Tags: [{ Key: 'env', Value: 'dev' }],
};

/** A local role loaded from a manifest and its files, each written as JSON with two-space indents. */
function local(manifest: object = MANIFEST, files: { trust?: object; read?: object } = {}): { role: RoleManifest; texts: Map<string, string> } {
  const texts = new Map([
    [path.join(DIR, 'app.role.json'), JSON.stringify(manifest, null, 2)],
    [path.join(DIR, 'app.trust.json'), JSON.stringify(files.trust ?? TRUST, null, 2)],
    [path.join(DIR, 'read.policy.json'), JSON.stringify(files.read ?? READ, null, 2)],
  ]);
  const { manifest: role, findings } = loadManifest(texts.get(path.join(DIR, 'app.role.json'))!, path.join(DIR, 'app.role.json'), (p) => texts.get(p));
  assert.deepStrictEqual(findings, []);
  return { role: role!, texts };
}

/** The deployed role as the account reader gives it, with what IAM changes when it stores a role. */
function deployed(changes: Partial<RoleManifest> = {}): RoleManifest {
  return {
    roleName: 'App', path: '/', description: 'The app', maxSessionDuration: 3600,
    // IAM keeps a single statement as written and returns what it was given; the order of lists may differ.
    trustPolicy: { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: 'sts:AssumeRole' } },
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    customerManagedPolicies: [{
      name: 'ReadAssets', path: '/', arn: `arn:aws:iam::${ACCOUNT}:policy/ReadAssets`, defaultVersionId: 'v1',
      document: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:ListBucket', 'S3:GetObject'], Resource: ['arn:aws:s3:::assets/*', 'arn:aws:s3:::assets'] }] },
    }],
    inlinePolicies: [{ name: 'logs', document: LOGS }],
    tags: [{ key: 'env', value: 'dev' }],
    instanceProfile: false,
    sources: new Map(),
    deployed: { arn: `arn:aws:iam::${ACCOUNT}:role/App`, roleId: 'AROAEXAMPLEEXAMPLE123', instanceProfiles: [] },
    ...changes,
  };
}

/** A change without its normalised statements, and its source as the text it points at. */
function summary(diff: RoleDiff, texts: Map<string, string>): unknown[] {
  const at = (s: { file: string; offset: number; length: number } | undefined) => s && texts.get(s.file)!.slice(s.offset, s.offset + s.length).replace(/\s+/g, ' ');
  return diff.changes.map((c) => ({
    part: c.part, kind: c.kind, class: c.class, name: c.name,
    ...(c.before !== undefined ? { before: c.before } : {}), ...(c.after !== undefined ? { after: c.after } : {}),
    statements: c.statements.map((s) => ({ kind: s.kind, class: s.class, label: s.label, elements: s.elements.map((e) => [e.element, e.added, e.removed, e.class]), at: at(s.source) })),
  }));
}

describe('diff: diffRoles', () => {
  it('finds no differences between a deployed role and the manifest IAM treats as the same', () => {
    const { role } = local();
    const diff = diffRoles(deployed(), role);
    assert.deepStrictEqual(diff, { roleName: 'App', missing: false, changes: [], findings: [] });
    assert.strictEqual(formatDiff(diff), 'App: No differences\n');
  });

  it('shows a changed statement as one change of its Action, widening, pointing at the statement', () => {
    const { role, texts } = local(MANIFEST, { read: { ...READ, Statement: [{ ...READ.Statement[0], Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'] }] } });
    const diff = diffRoles(deployed(), role);
    assert.deepStrictEqual(summary(diff, texts), [{
      part: 'customerManagedPolicy', kind: 'changed', class: 'widening', name: 'ReadAssets',
      statements: [{
        kind: 'changed', class: 'widening', label: 'Read', elements: [['Action', ['s3:PutObject'], [], 'widening']],
        at: '{ "Sid": "Read", "Effect": "Allow", "Action": [ "s3:GetObject", "s3:ListBucket", "s3:PutObject" ], "Resource": [ "arn:aws:s3:::assets", "arn:aws:s3:::assets/*" ] }',
      }],
    }]);
    assert.strictEqual(diff.changes[0].arn, `arn:aws:iam::${ACCOUNT}:policy/ReadAssets`);
    assert.strictEqual(formatDiff(diff), [
      'App: 1 change, 1 widening access, 0 narrowing it',
      '~ Customer managed policy ReadAssets [widens access]',
      '    ~ Read [widens access]',
      '        Action: +s3:PutObject [widens access]',
      '',
    ].join('\n'));
  });

  it('shows a removed inline policy and a dropped customer managed policy as exactly that, narrowing', () => {
    const { role, texts } = local({ ...MANIFEST, Policies: undefined, CustomerManagedPolicies: undefined });
    const diff = diffRoles(deployed(), role);
    assert.deepStrictEqual(summary(diff, texts), [
      {
        part: 'inlinePolicy', kind: 'removed', class: 'narrowing', name: 'logs',
        statements: [{ kind: 'removed', class: 'narrowing', label: 'statement 1', elements: [], at: undefined }],
      },
      // A policy dropped from a manifest is detached, never deleted: an attachment removed.
      { part: 'attachment', kind: 'removed', class: 'narrowing', name: `arn:aws:iam::${ACCOUNT}:policy/ReadAssets`, before: `arn:aws:iam::${ACCOUNT}:policy/ReadAssets`, statements: [] },
    ]);
    assert.strictEqual(formatDiff(diff), [
      'App: 2 changes, 0 widening access, 2 narrowing it',
      '- Inline policy logs [narrows access]',
      '    - statement 1: Allow logs:CreateLogStream, logs:PutLogEvents on * [narrows access]',
      `- Attached policy arn:aws:iam::${ACCOUNT}:policy/ReadAssets [narrows access]`,
      '',
    ].join('\n'));
  });

  it('shows a changed trust as one changed statement of its principal', () => {
    const trust = { ...TRUST, Statement: [{ ...TRUST.Statement[0], Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] } }] };
    const { role, texts } = local(MANIFEST, { trust });
    const diff = diffRoles(deployed(), role);
    assert.deepStrictEqual(summary(diff, texts), [{
      part: 'trust', kind: 'changed', class: 'widening', name: 'AssumeRolePolicyDocument',
      statements: [{
        kind: 'changed', class: 'widening', label: 'statement 1', elements: [['Principal', ['Service ecs-tasks.amazonaws.com'], [], 'widening']],
        at: '{ "Effect": "Allow", "Principal": { "Service": [ "ec2.amazonaws.com", "ecs-tasks.amazonaws.com" ] }, "Action": "sts:AssumeRole" }',
      }],
    }]);
  });

  it('shows a new tag as a tag added, neither widening nor narrowing', () => {
    const { role, texts } = local({ ...MANIFEST, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'platform' }] });
    const diff = diffRoles(deployed(), role);
    assert.deepStrictEqual(summary(diff, texts), [{ part: 'tag', kind: 'added', class: 'neither', name: 'team', after: 'platform', statements: [] }]);
    assert.deepStrictEqual(diff.changes[0].source && texts.get(diff.changes[0].source.file)!.slice(diff.changes[0].source.offset, diff.changes[0].source.offset + diff.changes[0].source.length).replace(/\s+/g, ' '),
      '{ "Key": "team", "Value": "platform" }');
    assert.strictEqual(formatDiff(diff), 'App: 1 change, 0 widening access, 0 narrowing it\n+ Tag team: "platform"\n');
  });

  it('shows role properties, attachments, boundary and instance profile', () => {
    const { role } = local({ ...MANIFEST, Description: 'New', MaxSessionDuration: 7200, ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess', InstanceProfile: true });
    const diff = diffRoles(deployed(), role);
    assert.deepStrictEqual(diff.changes.map((c) => [c.part, c.kind, c.class, c.name, c.before, c.after]), [
      ['role', 'changed', 'neither', 'Description', 'The app', 'New'],
      ['role', 'changed', 'neither', 'MaxSessionDuration', 3600, 7200],
      ['attachment', 'added', 'widening', 'arn:aws:iam::aws:policy/ReadOnlyAccess', undefined, 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ['attachment', 'removed', 'narrowing', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', undefined],
      ['boundary', 'added', 'narrowing', 'PermissionsBoundary', undefined, 'arn:aws:iam::aws:policy/PowerUserAccess'],
      ['instanceProfile', 'changed', 'widening', 'InstanceProfile', false, true],
    ]);
    const removed = diffRoles(deployed({ permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess', instanceProfile: true }), local().role);
    // A manifest without InstanceProfile manages none: the deployed role's instance profile is no difference.
    assert.deepStrictEqual(removed.changes.map((c) => [c.part, c.kind, c.class]), [['boundary', 'removed', 'widening']]);
  });

  it('compares the documents only of the customer managed policies the manifest owns; others are attachments', () => {
    const other = { name: 'Shared', path: '/', arn: `arn:aws:iam::${ACCOUNT}:policy/Shared`, document: { Version: '2012-10-17', Statement: [] } };
    const withShared = deployed({ customerManagedPolicies: [...deployed().customerManagedPolicies, other] });
    assert.deepStrictEqual(diffRoles(withShared, local({ ...MANIFEST, ManagedPolicyArns: [...MANIFEST.ManagedPolicyArns, other.arn] }).role).changes, []);
    assert.deepStrictEqual(diffRoles(withShared, local().role).changes.map((c) => [c.part, c.kind, c.name]), [['attachment', 'removed', other.arn]]);
  });

  it('lists everything as added for a role the account does not have', () => {
    const { role } = local();
    const diff = diffRoles(undefined, role);
    assert.deepStrictEqual(diff.changes.map((c) => [c.part, c.kind, c.class, c.name, c.statements.map((s) => s.kind)]), [
      ['role', 'added', 'neither', 'RoleName', []],
      ['role', 'added', 'neither', 'Description', []],
      ['trust', 'added', 'widening', 'AssumeRolePolicyDocument', ['added']],
      ['inlinePolicy', 'added', 'widening', 'logs', ['added']],
      ['customerManagedPolicy', 'added', 'widening', 'ReadAssets', ['added']],
      ['attachment', 'added', 'widening', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', []],
      ['tag', 'added', 'neither', 'env', []],
    ]);
    assert.strictEqual(diffHeadline(diff), 'App: not in the account; applying creates it (7 changes, 4 widening access, 0 narrowing it)');
    assert.strictEqual(formatDiff(diff).split('\n')[0], diffHeadline(diff));
  });

  it('finds a trust principal left as a unique id, on either side', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root', 'AROA1234567890EXAMPLE'] }, Action: 'sts:AssumeRole' }] };
    const { role, texts } = local(MANIFEST, { trust });
    const diff = diffRoles(deployed({ trustPolicy: trust }), role);
    assert.deepStrictEqual(diff.findings.map((f) => [f.code, f.severity, f.side, f.message, f.source && texts.get(f.source.file)!.slice(f.source.offset, f.source.offset + f.source.length)]), [
      ['TRUST_NAMES_DELETED_PRINCIPAL', 'warning', 'deployed', 'AROA1234567890EXAMPLE in the deployed trust policy of App is the unique id IAM leaves when the role or user it named is deleted: this trust no longer names anyone. Remove it, or name the principal by ARN again (one created again under the same name is a new principal).', undefined],
      ['TRUST_NAMES_DELETED_PRINCIPAL', 'warning', 'local', 'AROA1234567890EXAMPLE in the local trust policy of App is the unique id IAM leaves when the role or user it named is deleted: this trust no longer names anyone. Remove it, or name the principal by ARN again (one created again under the same name is a new principal).', '"AROA1234567890EXAMPLE"'],
    ]);
    assert.deepStrictEqual(diff.changes, []);
  });

  it('writes every kind of change as text', () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] };
    const { role } = local({
      ...MANIFEST, Description: 'New', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess', InstanceProfile: true, Tags: [{ Key: 'env', Value: 'prod' }],
      Policies: [{ PolicyName: 'logs', PolicyDocument: { ...LOGS, Statement: [{ ...LOGS.Statement[0], Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }, { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' }] } }],
    }, { trust });
    assert.strictEqual(formatDiff(diffRoles(deployed(), role)), [
      'App: 6 changes, 2 widening access, 2 narrowing it',
      '~ Role Description: "The app" -> "New"',
      '~ Trust policy [widens access]',
      '    ~ statement 1 [widens access]',
      '        Principal: +AWS arn:aws:iam::123456789012:root, -Service ec2.amazonaws.com [widens access]',
      '~ Inline policy logs [narrows access]',
      '    ~ statement 1 [narrows access]',
      '        Condition: +StringEquals aws:RequestedRegion eu-west-1 [narrows access]',
      '    + NoIam: Deny iam:* on * [narrows access]',
      '~ Tag env: "dev" -> "prod"',
      '+ Permissions boundary: "arn:aws:iam::aws:policy/PowerUserAccess" [narrows access]',
      '~ Instance profile: false -> true [widens access]',
      '',
    ].join('\n'));
  });

  it('gives the JSON form with a differences flag', () => {
    const { role } = local({ ...MANIFEST, Tags: [] });
    assert.deepStrictEqual(diffToJson(diffRoles(deployed(), role)), {
      roleName: 'App', differences: true, missing: false, findings: [],
      changes: [{ part: 'tag', kind: 'removed', class: 'neither', name: 'env', before: 'dev', statements: [], documentElements: [], source: role.sources.get('Tags') }],
    });
  });
});

describe('diff: statements and their classes', () => {
  const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
  /** The statement changes of an inline policy `p` going from `before` to `after`. */
  const changes = (before: object, after: object) => {
    const role = (document: object): RoleManifest => ({ ...deployed(), inlinePolicies: [{ name: 'p', document: document as Record<string, unknown> }] });
    const diff = diffRoles(role(before), { ...role(after), deployed: undefined });
    return diff.changes.flatMap((c) => c.statements.map((s) => [s.kind, s.class, s.label, ...s.elements.map((e) => `${e.element} ${[...e.added.map((v) => `+${v}`), ...e.removed.map((v) => `-${v}`)].join(' ')} ${e.class}`)]));
  };
  const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

  it('an added Allow widens, an added Deny narrows', () => {
    assert.deepStrictEqual(changes(policy(read), policy(read, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' })), [['added', 'narrowing', 'statement 2']]);
    assert.deepStrictEqual(changes(policy(), policy(read)), [['added', 'widening', 'statement 1']]);
  });

  it('a removed Deny widens, a removed Allow narrows', () => {
    assert.deepStrictEqual(changes(policy(read, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }), policy(read)), [['removed', 'widening', 'statement 2']]);
    assert.deepStrictEqual(changes(policy(read), policy()), [['removed', 'narrowing', 'statement 1']]);
  });

  it('a removed condition widens, an added one narrows', () => {
    const conditioned = { ...read, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } };
    assert.deepStrictEqual(changes(policy(conditioned), policy(read)), [['changed', 'widening', 'statement 1', 'Condition -StringEquals aws:PrincipalTag/team a widening']]);
    assert.deepStrictEqual(changes(policy(read), policy(conditioned)), [['changed', 'narrowing', 'statement 1', 'Condition +StringEquals aws:PrincipalTag/team a narrowing']]);
  });

  it('more values under StringEquals widen; under StringNotEquals they narrow', () => {
    const under = (op: string, values: string[]) => ({ ...read, Condition: { [op]: { 'aws:PrincipalTag/team': values } } });
    assert.deepStrictEqual(changes(policy(under('StringEquals', ['a'])), policy(under('StringEquals', ['a', 'b'])))[0].slice(0, 2), ['changed', 'widening']);
    assert.deepStrictEqual(changes(policy(under('StringNotEquals', ['a'])), policy(under('StringNotEquals', ['a', 'b'])))[0].slice(0, 2), ['changed', 'narrowing']);
  });

  it('a wildcard replaced by one action narrows; the reverse widens; a mixed change is widening', () => {
    const all = { ...read, Action: 's3:*' };
    assert.deepStrictEqual(changes(policy(all), policy(read)), [['changed', 'narrowing', 'statement 1', 'Action +s3:GetObject -s3:* narrowing']]);
    assert.deepStrictEqual(changes(policy(read), policy(all)), [['changed', 'widening', 'statement 1', 'Action +s3:* -s3:GetObject widening']]);
    assert.deepStrictEqual(changes(policy(read), policy({ ...read, Action: 's3:PutObject' })), [['changed', 'widening', 'statement 1', 'Action +s3:PutObject -s3:GetObject widening']]);
  });

  it('a narrower resource narrows an Allow and widens a Deny', () => {
    assert.deepStrictEqual(changes(policy(read), policy({ ...read, Resource: 'arn:aws:s3:::b/private/*' })), [['changed', 'narrowing', 'statement 1', 'Resource +arn:aws:s3:::b/private/* -arn:aws:s3:::b/* narrowing']]);
    const deny = { ...read, Effect: 'Deny' };
    assert.deepStrictEqual(changes(policy(deny), policy({ ...deny, Resource: 'arn:aws:s3:::b/private/*' }))[0].slice(0, 2), ['changed', 'widening']);
  });

  it('more NotAction narrows an Allow', () => {
    const not = { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' };
    assert.deepStrictEqual(changes(policy(not), policy({ ...not, NotAction: ['iam:*', 'organizations:*'] })), [['changed', 'narrowing', 'statement 1', 'NotAction +organizations:* narrowing']]);
  });

  it('an Effect turned to Deny narrows; the statement stays one change', () => {
    assert.deepStrictEqual(changes(policy(read), policy({ ...read, Effect: 'Deny' })), [['changed', 'narrowing', 'statement 1', 'Effect +Deny -Allow narrowing']]);
  });

  it('matches statements by Sid, and by the largest overlap without one; unrelated statements are a removal and an addition', () => {
    const a = { Sid: 'A', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' };
    const b = { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::b/*' };
    const c = { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:us-east-1:123456789012:q' };
    const after = policy({ ...c, Resource: '*' }, { ...a, Action: 'ec2:DescribeImages' }, { ...b, Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'] });
    assert.deepStrictEqual(changes(policy(a, b, c), after), [
      ['changed', 'widening', 'statement 1', 'Resource +* -arn:aws:sqs:us-east-1:123456789012:q widening'],
      ['changed', 'widening', 'A', 'Action +ec2:DescribeImages -ec2:DescribeInstances widening'],
      ['changed', 'widening', 'statement 3', 'Action +s3:PutObject widening'],
    ]);
    assert.deepStrictEqual(changes(policy(b), policy(c)), [['added', 'widening', 'statement 1'], ['removed', 'narrowing', 'statement 1']]);
    assert.deepStrictEqual(changes(policy(a), policy({ ...a, Sid: 'B' })), [['added', 'widening', 'B'], ['removed', 'narrowing', 'A']]);
  });

  it('a changed Version is a change of the document, neither widening nor narrowing', () => {
    const role = (document: object): RoleManifest => ({ ...deployed(), inlinePolicies: [{ name: 'p', document: document as Record<string, unknown> }] });
    const diff = diffRoles(role({ Version: '2008-10-17', Statement: [read] }), { ...role(policy(read)), deployed: undefined });
    assert.deepStrictEqual(diff.changes.map((c) => [c.part, c.kind, c.class, c.statements, c.documentElements]),
      [['inlinePolicy', 'changed', 'neither', [], [{ element: 'Version', added: ['2012-10-17'], removed: ['2008-10-17'], class: 'neither' }]]]);
  });
});

describe('diff: every template role', () => {
  /** What the account gives back for a manifest applied as written: lists in another order, ARNs, no files. */
  const asDeployed = (role: RoleManifest): RoleManifest => {
    const reorder = (document: Record<string, unknown>): Record<string, unknown> => {
      const raw = document.Statement;
      const statements = (Array.isArray(raw) ? raw : [raw]).map((s) => Object.fromEntries(Object.entries(s as object).reverse()
        .map(([k, v]) => [k, Array.isArray(v) ? [...v].reverse() : v])));
      return { ...document, Statement: statements.reverse() };
    };
    return {
      ...role,
      trustPolicy: reorder(role.trustPolicy), trustPolicyFile: undefined, file: undefined, sources: new Map(),
      customerManagedPolicies: role.customerManagedPolicies.map((p) => ({ name: p.name, path: p.path, description: p.description, arn: `arn:aws:iam::${ACCOUNT}:policy${p.path}${p.name}`, document: reorder(p.document) })),
      inlinePolicies: role.inlinePolicies.map((p) => ({ name: p.name, document: reorder(p.document) })),
      tags: [...role.tags].reverse(),
      deployed: { arn: `arn:aws:iam::${ACCOUNT}:role${role.path}${role.roleName}`, roleId: 'AROAEXAMPLEEXAMPLE123', instanceProfiles: role.instanceProfile ? [role.roleName] : [] },
    };
  };

  for (const template of TEMPLATES.filter((t) => t.kind === 'role')) {
    it(`${template.id} loads clean and diffs clean against itself deployed`, () => {
      const dir = path.resolve('/work/ws');
      const files = new Map(template.render(withDefaults(template, new Map())).map((f) => [path.join(dir, f.path), f.text]));
      const [main] = files.keys();
      const { manifest, findings } = loadManifest(files.get(main)!, main, (p) => files.get(p));
      assert.deepStrictEqual(findings, []);
      const deployedRole = asDeployed(manifest!);
      const diff = diffRoles(deployedRole, manifest!);
      assert.deepStrictEqual([diff.changes, diff.findings], [[], []]);
      assert.strictEqual(renderRole(deployedRole, manifest!), renderRole(manifest!, deployedRole));
      assert.deepStrictEqual(diffRoles(undefined, manifest!).changes.filter((c) => c.part === 'trust').map((c) => [c.kind, c.class]), [['added', 'widening']]);
    });
  }
});

describe('diff: any documents, never an exception', () => {
  /** A small seeded PRNG (mulberry32), so that a failure reproduces from its seed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'AWS', 'Service', 'StringEquals', 'StringLikeIgnoreCase', 'aws:SourceIp', '__proto__', 'constructor'];
  const VALUES: unknown[] = ['Allow', 'Deny', 'allow', '*', 's3:Get*', 'S3:getobject', 'arn:aws:s3:::b/*', '123456789012', 'AROA1234567890EXAMPLE', 42, true, null, '', 'ä'];
  const generate = (next: () => number, depth = 0): unknown => {
    const r = next();
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    if (depth > 3 || r < 0.35) return pick(VALUES);
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => generate(next, depth + 1));
    const o = Object.create(null) as Record<string, unknown>;
    for (let i = Math.floor(next() * 5); i > 0; i--) o[pick(KEYS)] = generate(next, depth + 1);
    return o;
  };
  /** The same value with every array in another order: what IAM treats alike (statements, sets) stays alike. */
  const shuffle = (value: unknown, next: () => number): unknown => {
    if (Array.isArray(value)) return value.map((v) => shuffle(v, next)).sort(() => next() - 0.5);
    if (value && typeof value === 'object') {
      const o = Object.create(null) as Record<string, unknown>;
      for (const k of Object.keys(value).reverse()) o[k] = shuffle((value as Record<string, unknown>)[k], next);
      return o;
    }
    return value;
  };

  it('finds no change in 500 random realistic policies written in another order, and one change for one more action', () => {
    const ACTIONS = ['s3:GetObject', 's3:PutObject', 'S3:ListBucket', 'ec2:Describe*', 'ecr:BatchGetImage', 'iam:PassRole'];
    const RESOURCES = ['*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:ecr:us-east-1:123456789012:repository/app'];
    let widened = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const some = (xs: string[]) => xs.filter(() => next() < 0.4).concat(xs[Math.floor(next() * xs.length)]);
      const statement = (i: number) => ({
        Sid: next() < 0.3 ? `S${i}` : undefined, Effect: next() < 0.8 ? 'Allow' : 'Deny', Action: some(ACTIONS), Resource: some(RESOURCES),
        ...(next() < 0.4 ? { Condition: { StringEquals: { 'aws:PrincipalTag/team': some(['a', 'b', 'c']) }, Bool: { 'aws:SecureTransport': 'true' } } } : {}),
      });
      const document = { Version: '2012-10-17', Statement: Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => statement(i)) };
      const clean = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
      const role = (inline: Record<string, unknown>): RoleManifest => ({ ...deployed(), inlinePolicies: [{ name: 'p', document: inline }] });
      assert.deepStrictEqual(diffRoles(role(clean), { ...role(shuffle(clean, next) as Record<string, unknown>), deployed: undefined }).changes, [], `seed ${seed}`);
      const statements = clean.Statement as { Action: string[] }[];
      const target = statements[Math.floor(next() * statements.length)];
      const missing = ACTIONS.find((a) => !target.Action.some((x) => x.toLowerCase() === a.toLowerCase()) && !(target.Action.includes('ec2:Describe*') && a.startsWith('ec2:')));
      if (!missing) continue;
      const wider = JSON.parse(JSON.stringify(clean)) as Record<string, unknown>;
      (wider.Statement as { Action: string[] }[])[statements.indexOf(target)].Action.push(missing);
      const changes = diffRoles(role(clean), { ...role(wider), deployed: undefined }).changes;
      // Two equal statements are one statement to IAM: where the document has such a pair, before or after the edit, the edit adds or merges one.
      const distinct = (d: Record<string, unknown>) => normalizePolicy(d).statements.length === statements.length;
      if (!distinct(clean) || !distinct(wider)) continue;
      assert.deepStrictEqual(changes.map((c) => c.statements.map((st) => [st.kind, st.elements.map((e) => [e.element, e.added, e.removed])])), [[['changed', [['Action', [missing], []]]]]], `seed ${seed}`);
      widened++;
    }
    assert.ok(widened > 250, `only ${widened} policies given one more action`);
  });

  it('diffs 1,000 random pairs of documents without throwing, and each document against itself reordered as no change', () => {
    let exercised = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const next = random(seed);
      const document = (): Record<string, unknown> => ({ Version: '2012-10-17', Statement: generate(next) });
      const a = document();
      const b = document();
      const role = (trust: Record<string, unknown>, inline: Record<string, unknown>): RoleManifest => ({ ...deployed(), trustPolicy: trust, inlinePolicies: [{ name: 'p', document: inline }] });
      const changed = diffRoles(role(a, b), { ...role(b, a), deployed: undefined });
      assert.strictEqual(typeof formatDiff(changed), 'string', `seed ${seed}`);
      const same = diffRoles(role(a, a), { ...role(a, a), deployed: undefined });
      assert.deepStrictEqual(same.changes, [], `seed ${seed}`);
      const reordered = shuffle(a, next) as Record<string, unknown>;
      const statements = (d: Record<string, unknown>) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);
      // Reordering is an equivalence where every array is a set: statements of Action/NotAction/Resource/NotResource strings.
      const strings = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
      const onlySets = statements(a).every((s) => s !== null && typeof s === 'object' && !Array.isArray(s)
        && Object.entries(s).every(([k, v]) => ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource'].includes(k) && strings(v)));
      if (!onlySets) continue;
      exercised++;
      assert.deepStrictEqual(diffRoles(role(a, a), { ...role(reordered, reordered), deployed: undefined }).changes, [], `seed ${seed}`);
    }
    assert.ok(exercised > 100, `only ${exercised} documents of sets`);
  });
});
