import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const seeds = path.join('test', 'fixtures', 'seeds');

/** Runs the built CLI (npm test builds dist/ first). */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('iam-author check', () => {
  it('prints findings like a compiler and exits 1 on errors', () => {
    const { code, stdout } = cli('check', path.join(seeds, '001'));
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(stdout.trim().split('\n'), [
      'test/fixtures/seeds/001/custom-rw-ecr.role.json:5:66 warning POLICY_DESCRIPTION_MISMATCH The description promises deletes, but none of the policy\'s actions delete anything: add the delete action (such as ecr:BatchDeleteImage) or correct the description: Allow push and delete images',
      'test/fixtures/seeds/001/write-ecr.policy.json:9:10 error INVALID_ACTION ecr has no action InitialLayerUpload; did you mean ecr:InitiateLayerUpload? In Action: ecr:InitialLayerUpload',
      '2 finding(s): 1 error(s), 1 warning(s), 0 suggestion(s)',
    ]);
  });

  it('exits 0 on clean files', () => {
    const { code, stdout } = cli('check', path.join(seeds, '000', 'dev-ec2.role.json'));
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout.trim(), '0 finding(s): 0 error(s), 0 warning(s), 0 suggestion(s)');
  });

  it('writes JSON with 0-based ranges', () => {
    const { stdout } = cli('check', path.join(seeds, '004'), '--format', 'json');
    assert.deepStrictEqual(JSON.parse(stdout), [{
      file: 'test/fixtures/seeds/004/ec2-role-trust-policy.trust.json',
      code: 'INVALID_VERSION',
      severity: 'error',
      message: 'Version must be "2012-10-17" (or the legacy "2008-10-17"), the dates of IAM\'s policy language versions, not the date you wrote the policy: 2017-09-11',
      range: { start: { line: 0, character: 14 }, end: { line: 0, character: 24 } },
    }]);
  });

  it('writes SARIF 2.1.0 with rules and 1-based regions', () => {
    const sarif = JSON.parse(cli('check', path.join(seeds, '004'), '--format=sarif').stdout);
    assert.strictEqual(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.strictEqual(run.tool.driver.name, 'IAM Author');
    assert.deepStrictEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['INVALID_VERSION']);
    assert.match(run.tool.driver.rules[0].helpUri, /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.deepStrictEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 15, endLine: 1, endColumn: 25 });
    assert.strictEqual(run.results[0].level, 'error');
  });

  it('exits 2 with one line on bad usage', () => {
    for (const args of [['check', '--format', 'xml'], ['check', '--strict'], ['check', 'no/such/file.json'], ['frobnicate']]) {
      const { code, stderr } = cli(...args);
      assert.strictEqual(code, 2, args.join(' '));
      assert.ok(stderr.trim().length > 0 && stderr.includes('iam-author'), stderr);
    }
  });

  it('prints the package and IAM data versions', () => {
    assert.match(cli('--version').stdout, /^iam-author \d+\.\d+\.\d+ \(IAM data \d+\.\d+\.\d+\)\n$/);
  });
});
