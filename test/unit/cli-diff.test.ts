// iam-author diff against the sandbox: every template role, deployed through the SDK, diffs clean;
// a changed statement, a removed policy, a changed trust and a new tag each show as exactly that
// change and class; a pulled role diffs clean.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { readFileIfExists } from '../../src/iam/files';
import { loadManifest } from '../../src/iam/manifest';
import { TEMPLATES, withDefaults } from '../../src/iam/templates';
import { ensureBuilt, runCli } from './builtCli';
import { deployRole } from './deployRole';

const ACCOUNT = '123456789012';
const DEV_EC2 = 'iam/roles/DevEC2/DevEC2.role.json';

/** Writes every role template's files (defaults) into `folder`; the manifests' paths, relative to it, in template order. */
function renderRoleTemplates(folder: string): string[] {
  return TEMPLATES.filter((t) => t.kind === 'role').map((t) => {
    const files = t.render(withDefaults(t, new Map()));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(folder, f.path)), { recursive: true });
      fs.writeFileSync(path.join(folder, f.path), f.text);
    }
    return files[0].path;
  });
}

/** Replaces one exact piece of a file's text. */
function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

interface JsonDiff {
  file: string;
  roleName: string;
  differences: boolean;
  missing: boolean;
  changes: { part: string; kind: string; class: string; name: string; before?: unknown; after?: unknown; statements: { kind: string; class: string; label: string; elements: unknown[] }[] }[];
}

/** The changes of a JSON diff without the parts that are the diff's own business (sources, normalised statements). */
function changes(diff: JsonDiff): unknown[] {
  return diff.changes.map((c) => ({
    part: c.part, kind: c.kind, class: c.class, name: c.name, before: c.before, after: c.after,
    statements: c.statements.map((s) => ({ kind: s.kind, class: s.class, label: s.label, elements: s.elements })),
  }));
}

describe('iam-author diff (dist/cli.js) against the sandbox', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  let workspace: string;
  let manifests: string[];
  const diff = (...args: string[]) => runCli(['diff', ...args, '--endpoint', sandbox.endpoint], workspace);

  // The account is deployed once from the templates; each test edits its own fresh copy of the files.
  before(async function () {
    this.timeout(60_000);
    ensureBuilt();
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    const deployed = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-deployed-'));
    try {
      for (const file of renderRoleTemplates(deployed)) {
        const absolute = path.join(deployed, file);
        const { manifest, findings } = loadManifest(fs.readFileSync(absolute, 'utf8'), absolute, readFileIfExists);
        assert.ok(manifest, `${file}: ${JSON.stringify(findings)}`);
        await deployRole(clients, ACCOUNT, manifest);
      }
    } finally {
      fs.rmSync(deployed, { recursive: true, force: true });
    }
  });
  after(async () => {
    clients.destroy();
    await sandbox.close();
  });
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-diff-'));
    manifests = renderRoleTemplates(workspace);
  });
  afterEach(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('finds no differences for any template role deployed as written, and exits 0', async () => {
    assert.deepStrictEqual(manifests, [
      DEV_EC2, 'iam/roles/ProdEC2/ProdEC2.role.json', 'iam/roles/CustomRWECRRole/CustomRWECRRole.role.json',
      'iam/roles/retailStoreECSTaskExecutionRole/retailStoreECSTaskExecutionRole.role.json', 'iam/roles/retailStoreEcsTaskRole/retailStoreEcsTaskRole.role.json',
      'iam/roles/FoxuTech/FoxuTech.role.json', 'iam/roles/fcj-ecr-ci-cd-role/fcj-ecr-ci-cd-role.role.json',
    ]);
    const text = await diff(...manifests);
    assert.deepStrictEqual(text, {
      code: 0, stderr: '',
      stdout: manifests.map((m) => `${m}\n${path.basename(m, '.role.json')}: No differences\n`).join('\n'),
    });
    const json = await diff(...manifests, '--format', 'json');
    assert.deepStrictEqual([json.code, json.stderr], [0, '']);
    assert.deepStrictEqual((JSON.parse(json.stdout) as JsonDiff[]).map((d) => [d.file, d.roleName, d.differences, d.missing, d.changes]),
      manifests.map((m) => [m, path.basename(m, '.role.json'), false, false, []]));
  });

  it('shows a statement given one more action as that statement changed in Action, widening access, and exits 1', async () => {
    edit(path.join(workspace, 'iam/policies/ReadECRRepositoryContent.policy.json'), '"ecr:ListImages"', '"ecr:ListImages", "ecr:PutImage"');
    const { code, stdout, stderr } = await diff(DEV_EC2, '--format', 'json');
    assert.deepStrictEqual([code, stderr], [1, '']);
    const [result] = JSON.parse(stdout) as JsonDiff[];
    assert.deepStrictEqual([result.file, result.differences, result.missing], [DEV_EC2, true, false]);
    assert.deepStrictEqual(changes(result), [{
      part: 'customerManagedPolicy', kind: 'changed', class: 'widening', name: 'ReadECRRepositoryContent', before: undefined, after: undefined,
      statements: [{
        kind: 'changed', class: 'widening', label: 'PullImagesDescribeRepositories',
        elements: [{ element: 'Action', added: ['ecr:PutImage'], removed: [], class: 'widening' }],
      }],
    }]);
    assert.deepStrictEqual(await diff(DEV_EC2), {
      code: 1, stderr: '',
      stdout: 'DevEC2: 1 change, 1 widening access, 0 narrowing it\n'
        + '~ Customer managed policy ReadECRRepositoryContent [widens access]\n'
        + '    ~ PullImagesDescribeRepositories [widens access]\n'
        + '        Action: +ecr:PutImage [widens access]\n',
    });
  });

  it('shows a policy removed from the manifest as that attachment removed, narrowing access', async () => {
    edit(path.join(workspace, DEV_EC2), `,
    {
      "PolicyName": "RWDS3Objects",
      "Description": "Allow list, read, write and delete objects in one S3 bucket",
      "PolicyDocument": "../../policies/RWDS3Objects.policy.json"
    }`, '');
    const { code, stdout } = await diff(DEV_EC2, '--format', 'json');
    assert.strictEqual(code, 1);
    const arn = `arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects`;
    assert.deepStrictEqual(changes((JSON.parse(stdout) as JsonDiff[])[0]), [
      { part: 'attachment', kind: 'removed', class: 'narrowing', name: arn, before: arn, after: undefined, statements: [] },
    ]);
    assert.deepStrictEqual(await diff(DEV_EC2), {
      code: 1, stderr: '', stdout: `DevEC2: 1 change, 0 widening access, 1 narrowing it\n- Attached policy ${arn} [narrows access]\n`,
    });
  });

  it('shows a trust policy that trusts another service as its statement changed in Principal, widening access', async () => {
    edit(path.join(workspace, 'iam/roles/DevEC2/ec2.trust.json'), '"Service": "ec2.amazonaws.com"', '"Service": "lambda.amazonaws.com"');
    const { code, stdout } = await diff(DEV_EC2, '--format', 'json');
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(changes((JSON.parse(stdout) as JsonDiff[])[0]), [{
      part: 'trust', kind: 'changed', class: 'widening', name: 'AssumeRolePolicyDocument', before: undefined, after: undefined,
      statements: [{
        kind: 'changed', class: 'widening', label: 'statement 1',
        elements: [{ element: 'Principal', added: ['Service lambda.amazonaws.com'], removed: ['Service ec2.amazonaws.com'], class: 'widening' }],
      }],
    }]);
  });

  it('shows a new tag as that tag added, neither widening nor narrowing', async () => {
    edit(path.join(workspace, DEV_EC2), '"InstanceProfile": true', '"InstanceProfile": true,\n  "Tags": [{ "Key": "team", "Value": "platform" }]');
    const { code, stdout } = await diff(DEV_EC2, '--format', 'json');
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(changes((JSON.parse(stdout) as JsonDiff[])[0]), [
      { part: 'tag', kind: 'added', class: 'neither', name: 'team', before: undefined, after: 'platform', statements: [] },
    ]);
    assert.deepStrictEqual(await diff(DEV_EC2), { code: 1, stderr: '', stdout: 'DevEC2: 1 change, 0 widening access, 0 narrowing it\n+ Tag team: "platform"\n' });
  });

  it('shows a role the account does not have as all additions, and exits 1', async () => {
    edit(path.join(workspace, DEV_EC2), '"RoleName": "DevEC2"', '"RoleName": "DevEC2-copy"');
    const { code, stdout, stderr } = await diff(DEV_EC2);
    assert.deepStrictEqual([code, stderr], [1, '']);
    assert.match(stdout, /^DevEC2-copy: not in the account; applying creates it \(\d+ changes, \d+ widening access, 0 narrowing it\)\n\+ Role RoleName: "DevEC2-copy"\n/);
  });

  it('diffs a role pulled from the account clean against the account', async () => {
    const pulled = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-pulled-'));
    try {
      for (const name of ['DevEC2', 'fcj-ecr-ci-cd-role']) {
        assert.strictEqual((await runCli(['pull', name, '--out', pulled, '--endpoint', sandbox.endpoint])).code, 0);
      }
      const files = ['iam/roles/DevEC2/DevEC2.role.json', 'iam/roles/fcj-ecr-ci-cd-role/fcj-ecr-ci-cd-role.role.json'].map((f) => path.join(pulled, f));
      assert.deepStrictEqual(await runCli(['diff', ...files, '--endpoint', sandbox.endpoint], pulled), {
        code: 0, stderr: '', stdout: `${files[0]}\nDevEC2: No differences\n\n${files[1]}\nfcj-ecr-ci-cd-role: No differences\n`,
      });
    } finally {
      fs.rmSync(pulled, { recursive: true, force: true });
    }
  });

  it('reports a manifest that does not load like check, still diffs the others, and exits 2', async () => {
    fs.writeFileSync(path.join(workspace, 'broken.role.json'), '{ "RoleName": "x", "AssumeRolePolicyDocument": "./missing.trust.json" }\n');
    assert.deepStrictEqual(await diff('broken.role.json', DEV_EC2), {
      code: 2, stdout: 'DevEC2: No differences\n',
      stderr: 'iam-author diff: broken.role.json does not load as a role manifest:\n'
        + '  broken.role.json:1:49 error MISSING_FILE "./missing.trust.json" does not exist (paths are relative to the manifest\'s folder): create it, or correct the path.\n',
    });
    assert.deepStrictEqual(await diff('none.role.json'), {
      code: 2, stdout: '', stderr: 'iam-author diff: none.role.json does not load as a role manifest:\n  none.role.json: cannot read the file: check the path\n',
    });
  });

  it('names bad usage, and exits 2', async () => {
    assert.deepStrictEqual(await runCli(['diff']), { code: 2, stdout: '', stderr: 'iam-author diff: diff takes one or more role manifests (*.role.json)\n' });
    assert.deepStrictEqual(await runCli(['diff', DEV_EC2, '--format', 'sarif']), { code: 2, stdout: '', stderr: 'iam-author diff: --format takes text or json: sarif\n' });
    assert.deepStrictEqual(await runCli(['diff', DEV_EC2, '--format']), { code: 2, stdout: '', stderr: 'iam-author diff: --format takes text or json\n' });
  });
});
