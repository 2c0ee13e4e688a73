// iam-author plan and apply against the sandbox: the plan in text and JSON, apply with --yes, no
// apply without a terminal or --yes, refusals, and an apply process killed at each step in turn,
// after which applying again converges with nothing lost.
import * as assert from 'assert';
import { spawn } from 'child_process';
import { ListPolicyVersionsCommand } from '@aws-sdk/client-iam';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Clients, createClients } from '../../src/aws/clients';
import { readRole } from '../../src/aws/roles';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { diffRoles, hasDifferences } from '../../src/iam/diff';
import { readFileIfExists } from '../../src/iam/files';
import { loadManifest } from '../../src/iam/manifest';
import { TEMPLATES, withDefaults } from '../../src/iam/templates';
import { ensureBuilt, root, runCli } from './builtCli';

const DEV_EC2 = 'iam/roles/DevEC2/DevEC2.role.json';

/** Writes the DevEC2 template's files (defaults) into `folder`. */
function renderDevEc2(folder: string): void {
  const template = TEMPLATES.find((t) => t.id === 'dev-ec2-role')!;
  for (const f of template.render(withDefaults(template, new Map()))) {
    fs.mkdirSync(path.dirname(path.join(folder, f.path)), { recursive: true });
    fs.writeFileSync(path.join(folder, f.path), f.text);
  }
}

describe('iam-author plan and apply against the sandbox (dist/cli.js)', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  let folder: string;
  const at = () => ['--endpoint', sandbox.endpoint];

  before(function () {
    this.timeout(60_000);
    ensureBuilt();
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-apply-'));
    renderDevEc2(folder);
  });
  afterEach(async () => {
    clients.destroy();
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('plans without writing, applies with --yes, and then has nothing to do', async () => {
    const planned = await runCli(['plan', DEV_EC2, ...at()], folder);
    assert.deepStrictEqual([planned.code, planned.stderr], [0, '']);
    const lines = planned.stdout.split('\n');
    assert.deepStrictEqual(lines.slice(0, 5), [
      'DevEC2: 9 steps: 9 to add, 0 to change, 0 to remove (5 widen access)',
      '   1. + Create the managed policy ReadECRRepositoryContent',
      '   2. + Create the managed policy WriteECRRepositoryContent',
      '   3. + Create the managed policy RWDS3Objects',
      '   4. + Create the role DevEC2  [widens access]',
    ]);
    assert.ok(lines.includes('IAM changes, deployed role -> manifest:'), planned.stdout);
    assert.strictEqual((await readRole(clients, 'DevEC2')).status, 'notFound', 'plan writes nothing');

    const json = await runCli(['plan', DEV_EC2, '--format', 'json', ...at()], folder);
    const [first] = JSON.parse(json.stdout) as { file: string; roleName: string; steps: { kind: string; operation: { op: string } }[]; refusals: unknown[] }[];
    assert.deepStrictEqual([first.file, first.roleName, first.refusals], [DEV_EC2, 'DevEC2', []]);
    assert.ok(first.steps.some((s) => s.operation.op === 'createRole'));

    const applied = await runCli(['apply', DEV_EC2, '--yes', ...at()], folder);
    assert.deepStrictEqual([applied.code, applied.stderr], [0, '']);
    assert.match(applied.stdout, new RegExp(`\\nApplied ${first.steps.length} steps\\.\\n`));
    assert.match(applied.stdout, new RegExp(`\\nstep 1/${first.steps.length}: `));
    const again = await runCli(['apply', DEV_EC2, '--yes', ...at()], folder);
    assert.deepStrictEqual([again.code, again.stdout], [0, 'DevEC2: nothing to do, the account matches the manifest.\n']);
  });

  it('applies nothing without a terminal to ask on or --yes', async () => {
    const { code, stderr } = await runCli(['apply', DEV_EC2, ...at()], folder);
    assert.deepStrictEqual([code, stderr], [1, 'iam-author apply: there is no terminal to confirm on: run it in one, or pass --yes to apply without asking.\n']);
    assert.strictEqual((await readRole(clients, 'DevEC2')).status, 'notFound');
  });

  it('refuses a manifest with errors, naming each, and bad usage in one line', async () => {
    const policy = path.join(folder, 'iam/policies/ReadECRRepositoryContent.policy.json');
    fs.writeFileSync(policy, fs.readFileSync(policy, 'utf8').replace('ecr:BatchGetImage', 'ecr:BatchGetImages'));
    const refused = await runCli(['apply', DEV_EC2, '--yes', ...at()], folder);
    assert.strictEqual(refused.code, 2);
    assert.match(refused.stderr, /^iam-author apply: iam\/roles\/DevEC2\/DevEC2\.role\.json cannot be applied until these are fixed:\n {2}iam\/policies\/ReadECRRepositoryContent\.policy\.json:\d+:\d+ error INVALID_ACTION /);
    assert.strictEqual((await readRole(clients, 'DevEC2')).status, 'notFound');
    const usage = await runCli(['apply', '--force', DEV_EC2], folder);
    assert.deepStrictEqual([usage.code, usage.stderr], [2, 'iam-author apply: unknown option (see iam-author apply --help): --force\n']);
    const none = await runCli(['plan'], folder);
    assert.deepStrictEqual([none.code, none.stderr], [2, 'iam-author plan: plan takes one or more role manifests (*.role.json)\n']);
  });

  it('killed at each step in turn, a second apply converges and nothing is lost', async function () {
    this.timeout(240_000);
    const planned = JSON.parse((await runCli(['plan', DEV_EC2, '--format', 'json', ...at()], folder)).stdout) as { steps: unknown[] }[];
    const steps = planned[0].steps.length;
    assert.ok(steps >= 8, `${steps} steps`);
    const local = loadManifest(fs.readFileSync(path.join(folder, DEV_EC2), 'utf8'), path.join(folder, DEV_EC2), readFileIfExists).manifest!;
    for (let k = 1; k <= steps; k++) {
      await sandbox.close();
      // Slow answers, so that the kill lands while step k is under way.
      sandbox = await startSandbox({ faults: { latencyMs: 40 } });
      clients.destroy();
      clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'apply', DEV_EC2, '--yes', ...at()], {
          cwd: folder, env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes(`step ${k}/${steps}: `)) child.kill('SIGKILL');
        });
        child.on('error', reject);
        child.on('close', () => resolve());
      });
      sandbox.setFaults({});
      const finished = await runCli(['apply', DEV_EC2, '--yes', ...at()], folder);
      assert.strictEqual(finished.code, 0, `after a kill at step ${k}: ${finished.stdout}${finished.stderr}`);
      const read = await readRole(clients, 'DevEC2');
      assert.ok(read.status === 'found');
      assert.ok(!hasDifferences(diffRoles(read.role, local)), `converged after a kill at step ${k}`);
      for (const p of local.customerManagedPolicies) {
        const versions = (await clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: `arn:aws:iam::${sandbox.accountId}:policy/${p.name}` }))).Versions ?? [];
        assert.strictEqual(versions.length, 1, `${p.name} has exactly one version after a kill at step ${k}`);
      }
    }
  });
});
