import * as assert from 'assert';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Clients, createClients } from '../../src/aws/clients';
import { readRole } from '../../src/aws/roles';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { pullRole } from '../../src/iam/pull';
import { ensureBuilt, runCli } from './builtCli';

const ACCOUNT = '123456789012';
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const policy = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/** Every file under a folder, as paths relative to it (POSIX separators), sorted. */
function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('iam-author roles and pull (dist/cli.js) against the sandbox', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  let out: string;

  before(function () {
    this.timeout(60_000);
    ensureBuilt();
  });
  beforeEach(async () => {
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-pull-'));
  });
  afterEach(async () => {
    clients.destroy();
    await sandbox.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  async function createRoles(): Promise<void> {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'DevEC2', Path: '/app/', Description: 'development EC2', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'ProdEC2', Description: 'production EC2', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'DevEC2', PolicyName: 'logs', PolicyDocument: JSON.stringify(policy('logs:PutLogEvents')) }));
    const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: 'ReadECR', Description: 'pull images', PolicyDocument: JSON.stringify(policy('ecr:BatchGetImage')) }));
    for (const RoleName of ['DevEC2', 'ProdEC2']) await clients.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: Policy!.Arn }));
  }

  describe('iam-author roles', () => {
    it('lists the roles, path and name, then the description, and a count', async () => {
      await createRoles();
      assert.deepStrictEqual(await runCli(['roles', '--endpoint', sandbox.endpoint]), {
        code: 0, stderr: '', stdout: '/bare\n/app/DevEC2  development EC2\n/ProdEC2     production EC2\n3 roles\n',
      });
      assert.deepStrictEqual(await runCli(['roles', '--endpoint', sandbox.endpoint, '--path-prefix', '/app/']), { code: 0, stderr: '', stdout: '/app/DevEC2  development EC2\n1 role\n' });
    });

    it('lists them as JSON', async () => {
      await createRoles();
      const { code, stdout, stderr } = await runCli(['roles', '--json', '--endpoint', sandbox.endpoint, '--region', 'eu-west-1']);
      assert.deepStrictEqual([code, stderr], [0, '']);
      const roles = JSON.parse(stdout) as { created: string }[];
      for (const r of roles) assert.match(r.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      // IAM lists roles by name, case-insensitively.
      assert.deepStrictEqual(roles.map((r) => ({ ...r, created: 'DATE' })), [
        { name: 'bare', arn: `arn:aws:iam::${ACCOUNT}:role/bare`, path: '/', description: null, created: 'DATE' },
        { name: 'DevEC2', arn: `arn:aws:iam::${ACCOUNT}:role/app/DevEC2`, path: '/app/', description: 'development EC2', created: 'DATE' },
        { name: 'ProdEC2', arn: `arn:aws:iam::${ACCOUNT}:role/ProdEC2`, path: '/', description: 'production EC2', created: 'DATE' },
      ]);
      assert.deepStrictEqual(await runCli(['roles', '--json', '--endpoint', sandbox.endpoint, '--path-prefix', '/none/']), { code: 0, stderr: '', stdout: '[]\n' });
    });

    it('says what to do when the endpoint does not answer, and exits 2', async () => {
      const endpoint = sandbox.endpoint;
      await sandbox.close();
      sandbox = await startSandbox();
      assert.deepStrictEqual(await runCli(['roles', '--endpoint', endpoint]), {
        code: 2, stdout: '', stderr: `iam-author roles: Cannot reach the endpoint; check that it is running, and the iamAuthor.endpoint setting: ${endpoint}\n`,
      });
    });

    it('names a bad option or value, and exits 2', async () => {
      const cases: [string[], string][] = [
        [['roles', '--bogus'], 'iam-author roles: unknown option (see iam-author roles --help): --bogus\n'],
        [['roles', '--profile'], 'iam-author roles: --profile takes a profile name\n'],
        [['roles', '--json=yes'], 'iam-author roles: --json takes no value\n'],
        [['roles', 'extra'], 'iam-author roles: roles takes no arguments: extra\n'],
        [['roles', '--region', 'Europe'], 'iam-author roles: --region takes a region name such as eu-west-1: Europe\n'],
        [['roles', '--endpoint', '127.0.0.1:4566'], 'iam-author roles: --endpoint takes an http or https URL such as http://127.0.0.1:4566: 127.0.0.1:4566\n'],
        [['roles', '--path-prefix', 'app'], 'iam-author roles: --path-prefix takes a path that starts and ends with /, such as /application/: app\n'],
      ];
      for (const [args, stderr] of cases) assert.deepStrictEqual(await runCli(args), { code: 2, stdout: '', stderr }, args.join(' '));
    });

    it('prints its usage with --help, connection options included', async () => {
      const { code, stdout } = await runCli(['roles', '--help']);
      assert.strictEqual(code, 0);
      assert.match(stdout, /^usage: iam-author roles \[--json\] \[--path-prefix PATH\] \[connection options\]\n/);
      assert.match(stdout, /\n {2}--endpoint URL {3}another AWS-compatible endpoint/);
    });
  });

  describe('iam-author pull', () => {
    it('writes the role\'s manifest and documents in the templates\' layout, as pullRole renders them', async () => {
      await createRoles();
      const { code, stdout, stderr } = await runCli(['pull', 'DevEC2', '--out', out, '--endpoint', sandbox.endpoint]);
      assert.deepStrictEqual([code, stderr], [0, '']);
      const written = ['iam/roles/DevEC2/DevEC2.role.json', 'iam/roles/DevEC2/ec2.trust.json', 'iam/roles/DevEC2/logs.policy.json', 'iam/policies/ReadECR.policy.json'];
      assert.strictEqual(stdout, written.map((f) => `wrote ${path.join(out, f)}\n`).join(''));
      assert.deepStrictEqual(filesUnder(out), [...written].sort());
      const read = await readRole(clients, 'DevEC2');
      assert.strictEqual(read.status, 'found');
      for (const f of pullRole(read.role)) assert.strictEqual(fs.readFileSync(path.join(out, f.path), 'utf8'), f.text, f.path);
      assert.strictEqual(fs.readFileSync(path.join(out, written[0]), 'utf8'), `{
  "RoleName": "DevEC2",
  "Description": "development EC2",
  "Path": "/app/",
  "AssumeRolePolicyDocument": "./ec2.trust.json",
  "CustomerManagedPolicies": [
    {
      "PolicyName": "ReadECR",
      "Description": "pull images",
      "PolicyDocument": "../../policies/ReadECR.policy.json"
    }
  ],
  "Policies": [
    {
      "PolicyName": "logs",
      "PolicyDocument": "./logs.policy.json"
    }
  ]
}
`);
    });

    it('keeps files with the same content (a policy another role pulled), refuses others without --force, and overwrites with it', async () => {
      await createRoles();
      const dev = ['pull', 'DevEC2', '--out', out, '--endpoint', sandbox.endpoint];
      assert.strictEqual((await runCli(dev)).code, 0);
      const prod = await runCli(['pull', 'ProdEC2', '--out', out, '--endpoint', sandbox.endpoint]);
      assert.deepStrictEqual(prod, {
        code: 0, stderr: '',
        stdout: `wrote ${path.join(out, 'iam/roles/ProdEC2/ProdEC2.role.json')}\nwrote ${path.join(out, 'iam/roles/ProdEC2/ec2.trust.json')}\nunchanged ${path.join(out, 'iam/policies/ReadECR.policy.json')}\n`,
      });

      const manifest = path.join(out, 'iam/roles/DevEC2/DevEC2.role.json');
      const trustFile = path.join(out, 'iam/roles/DevEC2/ec2.trust.json');
      fs.writeFileSync(manifest, '{ "RoleName": "DevEC2" }\n');
      fs.rmSync(trustFile);
      assert.deepStrictEqual(await runCli(dev), { code: 2, stdout: '', stderr: `iam-author pull: ${manifest} exists with other content: use --force to overwrite it (nothing written).\n` });
      assert.strictEqual(fs.existsSync(trustFile), false);
      assert.strictEqual(fs.readFileSync(manifest, 'utf8'), '{ "RoleName": "DevEC2" }\n');

      const forced = await runCli([...dev, '--force']);
      assert.deepStrictEqual([forced.code, forced.stderr, forced.stdout.split('\n')], [0, '', [
        `overwrote ${manifest}`, `wrote ${trustFile}`, `unchanged ${path.join(out, 'iam/roles/DevEC2/logs.policy.json')}`, `unchanged ${path.join(out, 'iam/policies/ReadECR.policy.json')}`, '',
      ]]);
      assert.match(fs.readFileSync(manifest, 'utf8'), /"Policies"/);
    });

    it('says a role the account does not have does not exist, and exits 2 writing nothing', async () => {
      assert.deepStrictEqual(await runCli(['pull', 'Ghost', '--out', out, '--endpoint', sandbox.endpoint]), {
        code: 2, stdout: '', stderr: 'iam-author pull: role Ghost does not exist in the account: check the name (iam-author roles lists them) and the connection options.\n',
      });
      assert.deepStrictEqual(filesUnder(out), []);
    });

    it('names a missing or bad argument, and exits 2', async () => {
      const cases: [string[], string][] = [
        [['pull', '--out', out], 'iam-author pull: pull takes one role name: (none)\n'],
        [['pull', 'a', 'b', '--out', out], 'iam-author pull: pull takes one role name: a b\n'],
        [['pull', 'DevEC2'], 'iam-author pull: --out takes the folder to write into\n'],
        [['pull', 'Dev EC2', '--out', out], 'iam-author pull: a role name is 1-64 letters, digits and +=,.@_-: Dev EC2\n'],
        [['pull', 'DevEC2', '--out', out, '--force=yes'], 'iam-author pull: --force takes no value\n'],
        [['pull', 'DevEC2', '--out'], 'iam-author pull: --out takes the folder to write into\n'],
      ];
      for (const [args, stderr] of cases) assert.deepStrictEqual(await runCli(args), { code: 2, stdout: '', stderr }, args.join(' '));
    });
  });
});
