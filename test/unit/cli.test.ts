import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, PublishDiagnosticsNotification,
  PublishDiagnosticsParams, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { version } from '../../package.json';
import { CODES, codeDocUrl } from '../../src/iam/codes';

const root = path.resolve(__dirname, '..', '..');
const cliJs = path.join(root, 'dist', 'cli.js');
const INVALID_ACTION_LINE = 'test/fixtures/cli/manifest/read-assets.json:6:36 error INVALID_ACTION "s3:GetObjects" is no s3 action: did you mean "s3:GetObject"?';
const EMPTY_SID_LINE = 'test/fixtures/cli/odd name/assets.policy.jsonc:5:14 suggestion EMPTY_SID_VALUE The Sid is empty: give the statement a name, or remove the Sid element.';

/** Runs the built CLI (npm test builds dist/ first). */
function cli(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Text output with each finding line cut after its code, the message left out. */
function codes(stdout: string): string[] {
  return stdout.split('\n').map((l) => (/^\S+:\d+:\d+ /.test(l) ? l.split(' ').slice(0, 3).join(' ') : l));
}

/** The newest modification time of the files under a folder. */
function newest(folder: string): number {
  return Math.max(...fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile()).map((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs));
}

describe('the iam-author command line (dist/cli.js)', () => {
  before(function () {
    // npm test builds first; a lone `npx mocha` after an edit gets the bundle rebuilt here.
    if (fs.existsSync(cliJs) && fs.statSync(cliJs).mtimeMs >= newest(path.join(root, 'src'))) return;
    this.timeout(60_000);
    const build = spawnSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node esbuild.js failed: ${build.stderr}`);
  });

  describe('iam-author check', () => {
    it('prints findings like a compiler, a finding of a referenced file in that file, and exits 1 on errors', () => {
      const { code, stdout, stderr } = cli(['check', 'test/fixtures/cli']);
      assert.deepStrictEqual([code, stderr], [1, '']);
      assert.deepStrictEqual(stdout.split('\n'), [
        INVALID_ACTION_LINE,
        EMPTY_SID_LINE,
        '3 files checked: 1 error, 0 security warnings, 0 warnings, 1 suggestion',
        '',
      ]);
    });

    it('names every severity in the text and in the summary', () => {
      const { code, stdout } = cli(['check', 'test/fixtures/seeds/003', 'test/fixtures/seeds/001/custom-rw-ecr.role.json']);
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(codes(stdout), [
        'test/fixtures/seeds/001/custom-rw-ecr.role.json:5:66 warning POLICY_DESCRIPTION_MISMATCH',
        'test/fixtures/seeds/001/write-ecr.policy.json:9:10 error INVALID_ACTION',
        'test/fixtures/seeds/003/fcj-ecr-ci-cd.policy.json:15:10 warning ACTION_REQUIRES_WILDCARD_RESOURCE',
        'test/fixtures/seeds/003/github-actions.trust.json:6:36 security-warning MISSING_GITHUB_REPO_CONDITION_KEY',
        '3 files checked: 1 error, 1 security warning, 2 warnings, 0 suggestions',
        '',
      ]);
    });

    it('exits 0 when nothing is an error', () => {
      assert.deepStrictEqual(cli(['check', 'test/fixtures/cli/odd name']), { code: 0, stderr: '', stdout: `${EMPTY_SID_LINE}\n1 file checked: 0 errors, 0 security warnings, 0 warnings, 1 suggestion\n` });
      assert.deepStrictEqual(cli(['check', 'test/fixtures/seeds/000/dev-ec2.role.json']).code, 0);
    });

    it('searches the current folder by default, skipping node_modules, dot-folders and other JSON', () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-check-'));
      try {
        const bad = '{ "Version": "2017-09-11", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }] }';
        for (const file of ['node_modules/pkg/a.policy.json', '.git/b.policy.json', 'c.json', 'd.policy.json.bak']) {
          fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
          fs.writeFileSync(path.join(folder, file), bad);
        }
        fs.mkdirSync(path.join(folder, 'roles'));
        fs.writeFileSync(path.join(folder, 'roles', 'e.trust.JSONC'), bad);
        const { code, stdout } = cli(['check'], folder);
        assert.strictEqual(code, 1);
        assert.deepStrictEqual(codes(stdout), [
          `${path.join('roles', 'e.trust.JSONC')}:1:15 error INVALID_VERSION`,
          '1 file checked: 1 error, 0 security warnings, 0 warnings, 0 suggestions',
          '',
        ]);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('writes JSON: an array of findings with 0-based ranges', () => {
      const { code, stdout } = cli(['check', 'test/fixtures/cli', '--format', 'json']);
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(JSON.parse(stdout), [
        {
          file: 'test/fixtures/cli/manifest/read-assets.json',
          code: 'INVALID_ACTION',
          severity: 'error',
          message: '"s3:GetObjects" is no s3 action: did you mean "s3:GetObject"?',
          range: { start: { line: 5, character: 35 }, end: { line: 5, character: 48 } },
        },
        {
          file: 'test/fixtures/cli/odd name/assets.policy.jsonc',
          code: 'EMPTY_SID_VALUE',
          severity: 'suggestion',
          message: 'The Sid is empty: give the statement a name, or remove the Sid element.',
          range: { start: { line: 4, character: 13 }, end: { line: 4, character: 15 } },
        },
      ]);
      assert.deepStrictEqual(JSON.parse(cli(['check', 'test/fixtures/seeds/000/dev-ec2.role.json', '--format=json']).stdout), []);
    });

    it('writes SARIF 2.1.0: every code a rule with its documentation link, 1-based regions, paths from %SRCROOT%', () => {
      const { code, stdout } = cli(['check', 'test/fixtures/cli', 'test/fixtures/seeds/003/github-actions.trust.json', '--format=sarif']);
      assert.strictEqual(code, 1);
      const log = JSON.parse(stdout);
      assert.deepStrictEqual([log.$schema, log.version, log.runs.length], ['https://json.schemastore.org/sarif-2.1.0.json', '2.1.0', 1]);
      const [run] = log.runs;
      assert.deepStrictEqual({ ...run.tool.driver, rules: undefined }, {
        name: 'IAM Author', version, semanticVersion: version, rules: undefined,
      });
      assert.deepStrictEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${URI.file(root).toString()}/` } });
      assert.strictEqual(run.columnKind, 'utf16CodeUnits');
      const rules: { id: string; helpUri: string }[] = run.tool.driver.rules;
      assert.deepStrictEqual(rules.map((r) => r.id), Object.keys(CODES));
      for (const r of rules) assert.strictEqual(r.helpUri, codeDocUrl(r.id));
      const invalidAction = rules.findIndex((r) => r.id === 'INVALID_ACTION');
      assert.deepStrictEqual(rules[invalidAction], {
        id: 'INVALID_ACTION', shortDescription: { text: 'Invalid action' }, helpUri: codeDocUrl('INVALID_ACTION'), defaultConfiguration: { level: 'error' },
      });
      assert.deepStrictEqual(rules.find((r) => r.id === 'MISSING_GITHUB_REPO_CONDITION_KEY'), {
        id: 'MISSING_GITHUB_REPO_CONDITION_KEY', shortDescription: { text: 'Missing github repo condition key' },
        helpUri: codeDocUrl('MISSING_GITHUB_REPO_CONDITION_KEY'), defaultConfiguration: { level: 'warning' }, properties: { tags: ['security'] },
      });
      assert.deepStrictEqual(run.results[0], {
        ruleId: 'INVALID_ACTION',
        ruleIndex: invalidAction,
        level: 'error',
        message: { text: '"s3:GetObjects" is no s3 action: did you mean "s3:GetObject"?' },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: 'test/fixtures/cli/manifest/read-assets.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 6, startColumn: 36, endLine: 6, endColumn: 49 },
          },
        }],
      });
      const placed = (r: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        [r.ruleId, rules[r.ruleIndex].id, r.level, r.locations[0].physicalLocation.artifactLocation.uri];
      assert.deepStrictEqual(run.results.map(placed), [
        ['INVALID_ACTION', 'INVALID_ACTION', 'error', 'test/fixtures/cli/manifest/read-assets.json'],
        ['EMPTY_SID_VALUE', 'EMPTY_SID_VALUE', 'note', 'test/fixtures/cli/odd%20name/assets.policy.jsonc'],
        ['MISSING_GITHUB_REPO_CONDITION_KEY', 'MISSING_GITHUB_REPO_CONDITION_KEY', 'warning', 'test/fixtures/seeds/003/github-actions.trust.json'],
      ]);
    });

    it('names files outside the current folder by absolute file URI in SARIF', () => {
      const cwd = path.join(root, 'test', 'fixtures', 'seeds');
      const log = JSON.parse(cli(['check', '../cli/odd name', '--format', 'sarif'], cwd).stdout);
      assert.deepStrictEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation,
        { uri: URI.file(path.join(root, 'test', 'fixtures', 'cli', 'odd name', 'assets.policy.jsonc')).toString() });
    });

    it('exits 2 with one line on stderr on bad usage', () => {
      const cases: [string[], string][] = [
        [['check', '--strict'], 'iam-author check: unknown option (see iam-author check --help): --strict'],
        [['check', '--format', 'xml'], 'iam-author check: --format takes text, json, sarif: xml'],
        [['check', '--format'], 'iam-author check: --format takes text, json, sarif: (nothing)'],
        [['check', 'test/fixtures/cli', 'no/such/file.policy.json'], 'iam-author check: no such file or folder: no/such/file.policy.json'],
      ];
      for (const [args, message] of cases) {
        assert.deepStrictEqual(cli(args), { code: 2, stdout: '', stderr: `${message}\n` }, args.join(' '));
      }
      const unknown = cli(['frobnicate']);
      assert.deepStrictEqual([unknown.code, unknown.stdout, unknown.stderr.split('\n')[0]], [2, '', 'iam-author: unknown command: frobnicate']);
    });

    it('checks a file named after -- even when its name starts with a dash', () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-check-'));
      try {
        fs.writeFileSync(path.join(folder, '-x.policy.json'), '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }');
        assert.deepStrictEqual(cli(['check', '--', '-x.policy.json'], folder),
          { code: 0, stderr: '', stdout: '1 file checked: 0 errors, 0 security warnings, 0 warnings, 0 suggestions\n' });
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('prints its usage on --help', () => {
      const { code, stdout } = cli(['check', '--help']);
      assert.strictEqual(code, 0);
      assert.match(stdout, /^usage: iam-author check \[files or folders\.\.\.\] \[--format text\|json\|sarif\]\n/);
    });
  });

  describe('iam-author --version', () => {
    it('prints the package version, the IAM data version and where the dependent actions are from', () => {
      assert.deepStrictEqual(cli(['--version']), { code: 0, stderr: '', stdout: `iam-author ${version} (IAM data 0.21.202609261, dependent actions from iam-floyd 0.658.0)\n` });
    });
  });

  describe('iam-author lsp', () => {
    it('serves LSP over stdio: diagnostics for an opened document, then shutdown and exit with status 0', async () => {
      const child = spawn(process.execPath, [cliJs, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
      connection.listen();
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      assert.deepStrictEqual(init.serverInfo, { name: 'IAM Author', version });
      await connection.sendNotification('initialized', {});
      const uri = URI.file(path.join(root, 'test', 'fixtures', 'seeds', '004', 'ec2-role-trust-policy.trust.json')).toString();
      const text = fs.readFileSync(URI.parse(uri).fsPath, 'utf8');
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
      const { diagnostics } = await published;
      assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.range.start, d.range.end]), [['INVALID_VERSION', { line: 0, character: 14 }, { line: 0, character: 24 }]]);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.strictEqual(await exited, 0);
      connection.dispose();
    });

    it('exits when its standard input closes, though the editor\'s process still runs', async () => {
      const child = spawn(process.execPath, [cliJs, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      connection.listen();
      await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      child.stdin.end();
      assert.strictEqual(await exited, 0);
      connection.dispose();
    });

    it('exits 2 without --stdio', () => {
      assert.deepStrictEqual(cli(['lsp']), {
        code: 2, stdout: '', stderr: 'iam-author lsp: the server speaks LSP over standard input and output: iam-author lsp --stdio\n',
      });
    });
  });
});
