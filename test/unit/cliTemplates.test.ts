// `iam-author templates` and `iam-author new`, driving the built CLI as cli.test.ts does; and the
// options of the other commands as util.parseArgs now reads them.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TEMPLATES } from '../../src/iam/templates';

const root = path.resolve(__dirname, '..', '..');
const cliJs = path.join(root, 'dist', 'cli.js');
const golden = path.join(root, 'test', 'fixtures', 'templates');

function cli(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The newest modification time of the files under a folder. */
function newest(folder: string): number {
  return Math.max(...fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile()).map((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs));
}

/** Every file under a folder with its text, by path relative to it (POSIX separators), sorted. */
function tree(folder: string): [string, string][] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((e) => e.isFile())
    .map((e): [string, string] => [path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8')])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('iam-author templates and new (dist/cli.js)', function () {
  // Some tests start the CLI a dozen times; on a busy machine each start can take a second or more.
  this.timeout(120_000);
  let work: string;

  before(function () {
    if (fs.existsSync(cliJs) && fs.statSync(cliJs).mtimeMs >= newest(path.join(root, 'src'))) return;
    this.timeout(60_000);
    const build = spawnSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node esbuild.js failed: ${build.stderr}`);
  });
  beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-new-')); });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('iam-author templates', () => {
    it('lists each template with its parameters, defaults and rules', () => {
      const { code, stdout, stderr } = cli(['templates']);
      assert.deepStrictEqual([code, stderr], [0, '']);
      const blocks = stdout.trimEnd().split('\n\n');
      assert.deepStrictEqual(blocks.map((b) => b.split(' ')[0]), TEMPLATES.map((t) => t.id));
      assert.strictEqual(blocks.find((b) => b.startsWith('fcj-ecr-ci-cd-policy ')), [
        'fcj-ecr-ci-cd-policy (policy): fcj-ecr-ci-cd-policy - Workshop 003: ECR CI/CD with GitHub Actions',
        '    Push and pull the images of one ECR repository',
        '    --param accountId=123456789012       AWS account id of the account the role and its resources are in (12 digits)',
        '    --param region=us-east-1             AWS Region of the ECR repository or ECS cluster (a Region of the aws partition, such as us-east-1)',
        '    --param repository=fcj-workshop-app  ECR repository the images are pushed to (2-256 lower-case letters and digits, separated by single . _ - and / for namespaces)',
      ].join('\n'));
      assert.strictEqual(blocks.find((b) => b.startsWith('ec2-trust ')),
        'ec2-trust (trust): EC2 instances - Workshop 000: ECR and S3 for EC2\n    EC2 instances assume the role through an instance profile');
    });

    it('prints JSON: id, kind, title, description, tutorial and each parameter\'s name, kind, prompt, default and rule', () => {
      const { code, stdout } = cli(['templates', '--json']);
      assert.strictEqual(code, 0);
      const listed = JSON.parse(stdout);
      assert.strictEqual(listed.length, TEMPLATES.length);
      assert.deepStrictEqual(listed.find((t: { id: string }) => t.id === 'cross-account-trust'), {
        id: 'cross-account-trust', kind: 'trust', title: 'Another AWS account',
        description: 'Principals of another account that give the agreed external id', tutorial: 'Common trust policies',
        parameters: [
          { name: 'trustedAccountId', kind: 'accountId', prompt: 'AWS account id of the other account, whose principals may assume the role', default: '111122223333', rule: '12 digits' },
          { name: 'externalId', kind: 'text', prompt: 'External id the other account gives when it assumes the role (sts:ExternalId)', default: 'fcj-workshop-partner', rule: '2-1224 letters, digits and + = , . @ : / _ -' },
        ],
      });
    });

    it('exits 2 with one line on bad usage', () => {
      assert.deepStrictEqual(cli(['templates', '--yaml']), { code: 2, stdout: '', stderr: 'iam-author templates: unknown option (see iam-author templates --help): --yaml\n' });
      assert.deepStrictEqual(cli(['templates', 'dev-ec2-role']), { code: 2, stdout: '', stderr: 'iam-author templates: takes no arguments (iam-author new TEMPLATE renders one): dev-ec2-role\n' });
      assert.deepStrictEqual(cli(['templates', '--json=yes']), { code: 2, stdout: '', stderr: 'iam-author templates: --json takes no value\n' });
    });
  });

  describe('iam-author new', () => {
    it('writes a role\'s files, byte for byte the golden files, and prints them', () => {
      const { code, stdout, stderr } = cli(['new', 'dev-ec2-role'], work);
      assert.deepStrictEqual([code, stderr], [0, '']);
      assert.deepStrictEqual(stdout.split('\n'), [
        'iam/roles/DevEC2/DevEC2.role.json',
        'iam/roles/DevEC2/ec2.trust.json',
        'iam/policies/ReadECRRepositoryContent.policy.json',
        'iam/policies/WriteECRRepositoryContent.policy.json',
        'iam/policies/RWDS3Objects.policy.json',
        '',
      ]);
      assert.deepStrictEqual(tree(work), tree(path.join(golden, 'dev-ec2-role', 'defaults')));
    });

    it('writes under --out with the answers given, and the result checks clean', () => {
      const out = path.join(work, 'repo');
      const args = ['new', 'github-actions-ecr-role', '--out', out, '--param', 'accountId=210987654321', '--param=region=ap-southeast-1',
        '--param', 'roleName=Workshop.Role-2', '--param', 'repository=team/web-app', '--param', 'githubOwner=my-org',
        '--param', 'githubRepository=web.app_2', '--param', 'githubRef=environment:production'];
      assert.strictEqual(cli(args).code, 0);
      assert.deepStrictEqual(tree(out), tree(path.join(golden, 'github-actions-ecr-role', 'sample')));
      assert.deepStrictEqual(cli(['check', out]), { code: 0, stderr: '', stdout: '3 files checked: 0 errors, 0 security warnings, 0 warnings, 0 suggestions\n' });
    });

    it('reuses a shared policy that another role wrote with the same text, silently', () => {
      assert.strictEqual(cli(['new', 'dev-ec2-role'], work).code, 0);
      const shared = path.join(work, 'iam', 'policies', 'ReadECRRepositoryContent.policy.json');
      const before = fs.statSync(shared).mtimeMs;
      const { code, stdout, stderr } = cli(['new', 'prod-ec2-role'], work);
      assert.deepStrictEqual({ code, stdout, stderr }, { code: 0, stderr: '', stdout: 'iam/roles/ProdEC2/ProdEC2.role.json\niam/roles/ProdEC2/ec2.trust.json\n' });
      assert.strictEqual(fs.statSync(shared).mtimeMs, before);
      assert.deepStrictEqual(cli(['check', '.'], work).stdout, '7 files checked: 0 errors, 0 security warnings, 0 warnings, 0 suggestions\n');
    });

    it('refuses to overwrite a file with other text, writing nothing, unless --force', () => {
      assert.strictEqual(cli(['new', 'dev-ec2-role'], work).code, 0);
      assert.deepStrictEqual(cli(['new', 'prod-ec2-role', '--param', 'accountId=444455556666'], work), {
        code: 2, stdout: '', stderr: 'iam-author new: iam/policies/ReadECRRepositoryContent.policy.json exists: use --force to overwrite it\n',
      });
      assert.strictEqual(fs.existsSync(path.join(work, 'iam', 'roles', 'ProdEC2')), false);
      const forced = cli(['new', 'prod-ec2-role', '--param', 'accountId=444455556666', '--force'], work);
      // RWDS3Objects has the same text for the other account: it is left as it is.
      assert.deepStrictEqual(forced, { code: 0, stderr: '', stdout: [
        'iam/roles/ProdEC2/ProdEC2.role.json', 'iam/roles/ProdEC2/ec2.trust.json', 'iam/policies/ReadECRRepositoryContent.policy.json', '',
      ].join('\n') });
      assert.match(fs.readFileSync(path.join(work, 'iam', 'policies', 'ReadECRRepositoryContent.policy.json'), 'utf8'), /arn:aws:ecr:\*:444455556666:repository\/\*/);
    });

    it('exits 2 with one line naming a missing, unknown or invalid parameter, template or option', () => {
      const cases: [string[], string][] = [
        [['new'], 'name a template: iam-author new TEMPLATE (iam-author templates lists them)'],
        [['new', 'dev-ec2-rol'], 'no template is named dev-ec2-rol; did you mean dev-ec2-role? (iam-author templates lists them)'],
        [['new', 'constructor'], 'no template is named constructor (iam-author templates lists them)'],
        [['new', 'dev-ec2-role', 'prod-ec2-role'], 'one template at a time: prod-ec2-role'],
        [['new', 'dev-ec2-role', '--param', 'accountId'], '--param accountId has no value: write --param accountId=VALUE'],
        [['new', 'dev-ec2-role', '--param'], '--param takes name=value'],
        [['new', 'dev-ec2-role', '--param', 'region=us-east-1'], 'unknown parameter region for dev-ec2-role: it takes roleName, accountId, bucket'],
        [['new', 'dev-ec2-role', '--param', '__proto__=x'], 'unknown parameter __proto__ for dev-ec2-role: it takes roleName, accountId, bucket'],
        [['new', 'lambda-trust', '--param', 'accountId=123456789012'], 'unknown parameter accountId for lambda-trust: it takes none'],
        [['new', 'dev-ec2-role', '--param', 'bucket=My_Bucket'], '--param bucket: "My_Bucket" is not an S3 bucket name: use only lower-case letters, digits, dots and hyphens'],
        [['new', 'dev-ec2-role', '--param', 'roleName=..'], '--param roleName: ".." cannot name a role here: the role\'s folder is named after it; choose another name'],
        [['new', 'dev-ec2-role', '--param', 'bucket=a-b-c', '--param', 'bucket=d-e-f'], '--param bucket is given twice'],
        [['new', 'dev-ec2-role', '--out'], '--out takes a folder'],
        [['new', 'dev-ec2-role', '--dry-run'], 'unknown option (see iam-author new --help): --dry-run'],
        [['new', 'dev-ec2-role', '--force=yes'], '--force takes no value'],
      ];
      for (const [args, message] of cases) {
        assert.deepStrictEqual(cli(args, work), { code: 2, stdout: '', stderr: `iam-author new: ${message}\n` }, args.join(' '));
      }
      assert.deepStrictEqual(fs.readdirSync(work), []);
    });

    it('prints its usage on --help', () => {
      const { code, stdout } = cli(['new', '--help']);
      assert.strictEqual(code, 0);
      assert.match(stdout, /^usage: iam-author new TEMPLATE \[--param name=value \.\.\.\] \[--out DIR\] \[--force\]\n/);
    });
  });

  describe('options of check, sandbox and the command itself, through util.parseArgs', () => {
    it('words each problem as before', () => {
      const cases: [string[], string][] = [
        [['check', '--help=1'], 'iam-author check: --help takes no value'],
        [['check', '--format=xml'], 'iam-author check: --format takes text, json, sarif: xml'],
        [['sandbox', '--nope'], 'iam-author sandbox: unknown option: --nope\nusage: iam-author sandbox [--port N] [--state FILE] [--propagation-delay MS]'],
        [['sandbox', 'extra'], 'iam-author sandbox: unknown option: extra\nusage: iam-author sandbox [--port N] [--state FILE] [--propagation-delay MS]'],
        [['sandbox', '--port'], 'iam-author sandbox: --port takes a port number from 0 (any free port) to 65535: (none)'],
        [['sandbox', '--port=70000'], 'iam-author sandbox: --port takes a port number from 0 (any free port) to 65535: 70000'],
        [['sandbox', '--state', '--port', '1'], 'iam-author sandbox: --state takes a file name'],
        [['sandbox', '--state='], 'iam-author sandbox: --state takes a file name'],
        [['sandbox', '--propagation-delay'], 'iam-author sandbox: --propagation-delay takes milliseconds, 0 or more: (none)'],
        [['sandbox', '--propagation-delay=soon'], 'iam-author sandbox: --propagation-delay takes milliseconds, 0 or more: soon'],
      ];
      for (const [args, message] of cases) {
        assert.deepStrictEqual(cli(args), { code: 2, stdout: '', stderr: `${message}\n` }, args.join(' '));
      }
    });

    it('takes --version and --help before the command, and nothing else', () => {
      assert.match(cli(['-v']).stdout, /^iam-author \d+\.\d+\.\d+ \(IAM data /);
      const help = cli(['--help']);
      assert.deepStrictEqual([help.code, help.stdout.split('\n')[0]], [0, 'usage: iam-author <command> [options]']);
      assert.match(help.stdout, /\n {2}new {7}write a template's files: new TEMPLATE \[--param name=value \.\.\.\] \[--out DIR\] \[--force\]\n/);
      const unknown = cli(['--frob', 'check']);
      assert.deepStrictEqual([unknown.code, unknown.stderr.split('\n')[0]], [2, 'iam-author: unknown option: --frob']);
      assert.deepStrictEqual(cli(['--version=2']), { code: 2, stdout: '', stderr: 'iam-author: --version takes no value\n' });
      assert.strictEqual(cli([]).code, 2);
    });
  });
});
