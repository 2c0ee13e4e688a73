import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../../src/iam/findings';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { applyEdits } from './helpers';

const seeds = path.resolve(__dirname, '..', 'fixtures', 'seeds');
const readFile = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
const readDir = (d: string) => fs.readdirSync(d);

function check(relative: string): { text: string; findings: Finding[]; file: string } {
  const file = path.join(seeds, relative);
  const text = fs.readFileSync(file, 'utf8');
  return { text, file, findings: checkText(text, { catalog: getCatalog, fileName: file, readFile, readDir }) };
}

/** Asserts one finding of `code` on exactly `covered`, and, when `fixed` is given, that its preferred fix gives it. */
function expectFinding(relative: string, code: string, severity: string, covered: string, fixed?: string): void {
  const { text, findings, file } = check(relative);
  const own = findings.filter((f) => !f.file && f.code === code);
  assert.strictEqual(own.length, 1, `${relative}: ${JSON.stringify(findings.map((f) => f.code))}`);
  const [f] = own;
  assert.strictEqual(f.severity, severity);
  assert.strictEqual(text.slice(f.offset, f.offset + f.length), covered);
  if (fixed === undefined) return;
  const fix = f.fixes.find((x) => x.isPreferred);
  assert.ok(fix, `${code} has no preferred fix`);
  const after = applyEdits(text, fix.edits);
  assert.ok(after.includes(fixed), after);
  const again = checkText(after, { catalog: getCatalog, fileName: file, readFile, readDir }).filter((x) => !x.file && x.code === code);
  assert.deepStrictEqual(again, [], 'the fix resolves the finding');
}

describe('the workshop tutorials\' mistakes (../shared/seeds)', () => {
  it('000: the policy created as RWDS3Objects and attached as RWDS3Object', () => {
    expectFinding('000/prod-ec2.role.json', 'UNKNOWN_POLICY_NAME', 'warning', 'arn:aws:iam::123456789012:policy/RWDS3Object', '"arn:aws:iam::123456789012:policy/RWDS3Objects"');
  });

  it('000: the corrected DevEC2 role and its policies are clean', () => {
    for (const f of ['dev-ec2.role.json', 'read-ecr.policy.json', 'write-ecr.policy.json', 'rwd-s3.policy.json', 'ec2.trust.json']) {
      assert.deepStrictEqual(check(`000/${f}`).findings.map((x) => x.code), [], f);
    }
  });

  it('001: InitialLayerUpload is not an ECR action; InitiateLayerUpload is', () => {
    expectFinding('001/write-ecr.policy.json', 'INVALID_ACTION', 'error', 'ecr:InitialLayerUpload', '"ecr:InitiateLayerUpload"');
  });

  it('001: the manifest reports the referenced file\'s finding in that file', () => {
    const { findings } = check('001/custom-rw-ecr.role.json');
    const inFile = findings.filter((f) => f.file === path.join(seeds, '001', 'write-ecr.policy.json'));
    assert.deepStrictEqual(inFile.map((f) => f.code), ['INVALID_ACTION']);
  });

  it('001: "Allow push and delete images" with no delete action', () => {
    expectFinding('001/custom-rw-ecr.role.json', 'POLICY_DESCRIPTION_MISMATCH', 'warning', 'Allow push and delete images');
  });

  it('002: Terraform placeholders left inside ARNs, comments accepted', () => {
    const { text, findings } = check('002/ecs-exec.policy.json');
    assert.deepStrictEqual(findings.map((f) => `${f.code} ${text.slice(f.offset, f.offset + f.length)}`), [
      'TEMPLATE_PLACEHOLDER ${var.aws_region}',
      'TEMPLATE_PLACEHOLDER ${var.aws_account_id}',
      'TEMPLATE_PLACEHOLDER ${var.aws_region}',
      'TEMPLATE_PLACEHOLDER ${var.aws_account_id}',
    ]);
    assert.ok(findings.every((f) => f.severity === 'error'));
  });

  it('003: ecr:GetAuthorizationToken scoped to a repository ARN, fixed by moving it to its own statement', () => {
    expectFinding('003/fcj-ecr-ci-cd.policy.json', 'ACTION_REQUIRES_WILDCARD_RESOURCE', 'warning', 'ecr:GetAuthorizationToken',
      '"Action": "ecr:GetAuthorizationToken",\n      "Resource": "*"');
  });

  it('003: the GitHub OIDC role that replaces access keys must restrict the repository', () => {
    expectFinding('003/github-actions.trust.json', 'MISSING_GITHUB_REPO_CONDITION_KEY', 'securityWarning',
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
  });

  it('004: "Version": "2017-09-11" is not a policy version', () => {
    expectFinding('004/ec2-role-trust-policy.trust.json', 'INVALID_VERSION', 'error', '2017-09-11', '"Version": "2012-10-17"');
  });
});
