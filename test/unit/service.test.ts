import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { codeDocUrl, codeTitle, CODES } from '../../src/iam/codes';
import { applyOverrides, checkText } from '../../src/iam/service';

const text = '{ "Statement": [ { "Effect": "allow", "Action": "iam:PassRole", "Resource": "*" } ] }';

describe('service: checkText and applyOverrides', () => {
  it('returns findings sorted by offset', () => {
    assert.deepStrictEqual(checkText(text, { fileName: 'a.policy.json' }).map((f) => [f.code, f.offset]),
      [['MISSING_VERSION', 0], ['INVALID_EFFECT', 30]]);
  });

  it('turns codes off and changes severities, ignoring unknown codes and values', () => {
    const findings = checkText(text.replace('allow', 'Allow'), { fileName: 'a.policy.json' });
    const overridden = applyOverrides(findings, { MISSING_VERSION: 'off', PASS_ROLE_WITH_STAR_IN_RESOURCE: 'error', NOPE: 'warning', INVALID_EFFECT: 'loud' as 'error' });
    assert.deepStrictEqual(overridden.map((f) => [f.code, f.severity]), [['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'error']]);
  });

  it('gives one DOCUMENT_TOO_LARGE finding for a text over 4 MB', () => {
    const findings = checkText(' '.repeat(4 * 1024 * 1024 + 1), { fileName: 'a.policy.json' });
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity, f.offset, f.length, f.message]), [['DOCUMENT_TOO_LARGE', 'warning', 0, 1,
      'This document is too large to check (IAM accepts policies of at most 10,240 characters); checks are off for it. Size: 4194305 characters']]);
  });

  it('links Access Analyzer codes to their section of AWS\'s reference and ours to the AWS documentation of their rule', () => {
    assert.strictEqual(codeDocUrl('PASS_ROLE_WITH_STAR_IN_RESOURCE'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource');
    assert.strictEqual(codeDocUrl('MISSING_VERSION'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-missing-version');
    assert.strictEqual(codeDocUrl('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-policy-size-exceeds-role-trust-policy-quota');
    assert.strictEqual(codeDocUrl('TRUST_ANYONE'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous');
    assert.strictEqual(codeDocUrl('DEPRECATED_MANAGED_POLICY'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-deprecated.html');
    assert.strictEqual(codeDocUrl('toString'), 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html');
    // Every link is AWS documentation: none points at a repository.
    assert.deepStrictEqual(Object.keys(CODES).map(codeDocUrl).filter((url) => !url.startsWith('https://docs.aws.amazon.com/')), []);
    assert.deepStrictEqual([codeTitle('INVALID_EFFECT'), codeTitle('NOT_A_CODE')], ['Effect is not Allow or Deny', 'NOT_A_CODE']);
    assert.deepStrictEqual(Object.entries(CODES).filter(([, info]) => !info.title), []);
  });
});

describe('service: good examples of each kind (test/fixtures/good)', () => {
  const dir = path.resolve(__dirname, '..', 'fixtures', 'good');
  for (const name of fs.readdirSync(dir)) {
    it(`${name} gets no finding`, () => {
      const file = path.join(dir, name);
      const findings = checkText(fs.readFileSync(file, 'utf8'), { fileName: file, readFile: (p) => fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined });
      assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.message}`), []);
    });
  }
});
