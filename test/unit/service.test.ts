import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getCatalog } from '../../src/iam/catalog';
import { Catalog } from '../../src/iam/catalogTypes';
import { codeDocUrl, codeTitle, CODES } from '../../src/iam/codes';
import { applyOverrides, checkText } from '../../src/iam/service';

const text = '{ "Statement": [ { "Effect": "allow", "Action": "iam:PassRole", "Resource": "*" } ] }';

describe('service: checkText and applyOverrides', () => {
  it('returns findings sorted by offset', () => {
    assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName: 'a.policy.json' }).map((f) => [f.code, f.offset]),
      [['MISSING_VERSION', 0], ['INVALID_EFFECT', 30]]);
  });

  it('turns codes off and changes severities, ignoring unknown codes and values', () => {
    const findings = checkText(text.replace('allow', 'Allow'), { catalog: getCatalog, fileName: 'a.policy.json' });
    const overridden = applyOverrides(findings, { MISSING_VERSION: 'off', PASS_ROLE_WITH_STAR_IN_RESOURCE: 'error', NOPE: 'warning', INVALID_EFFECT: 'loud' as 'error' });
    assert.deepStrictEqual(overridden.map((f) => [f.code, f.severity]), [['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'error']]);
  });

  it('gives one DOCUMENT_TOO_LARGE finding for a text over 4 MB', () => {
    const findings = checkText(' '.repeat(4 * 1024 * 1024 + 1), { catalog: getCatalog, fileName: 'a.policy.json' });
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
  it('looks actions up in the catalog it is given, and asks for it only when a check needs it', () => {
    const full = getCatalog();
    // The real catalog without ECR: a feature's test can give the checks a catalog of its own.
    const withoutEcr: Catalog = Object.create(full, {
      service: { value: (prefix: string) => (prefix.toLowerCase() === 'ecr' ? undefined : full.service(prefix)) },
      services: { value: () => full.services().filter((s) => s.prefix !== 'ecr') },
      action: { value: (service: string, name: string) => (service.toLowerCase() === 'ecr' ? undefined : full.action(service, name)) },
      matchActions: { value: (pattern: string) => (pattern.toLowerCase().startsWith('ecr:') ? [] : full.matchActions(pattern)) },
    });
    const policy = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" } ] }';
    assert.deepStrictEqual(checkText(policy, { catalog: () => full, fileName: 'a.policy.json' }), []);
    assert.deepStrictEqual(checkText(policy, { catalog: () => withoutEcr, fileName: 'a.policy.json' }).map((f) => [f.code, f.offset, f.length]),
      [['INVALID_SERVICE_IN_ACTION', 74, 3]]);
    let asked = 0;
    const counting = () => (asked++, full);
    checkText(policy, { catalog: counting, fileName: 'a.policy.json' });
    assert.strictEqual(asked, 1);
    // A text with only syntax errors never loads the catalog.
    const refuse = () => { throw new Error('the catalog was asked for'); };
    assert.deepStrictEqual(checkText('{ "Version": ', { catalog: refuse, fileName: 'a.policy.json' }).map((f) => f.code),
      ['MISSING_STATEMENT', 'MISSING_VERSION', 'JSON_SYNTAX_ERROR', 'JSON_SYNTAX_ERROR']);
  });
});

describe('service: good examples of each kind (test/fixtures/good)', () => {
  const dir = path.resolve(__dirname, '..', 'fixtures', 'good');
  for (const name of fs.readdirSync(dir)) {
    it(`${name} gets no finding`, () => {
      const file = path.join(dir, name);
      const findings = checkText(fs.readFileSync(file, 'utf8'), { catalog: getCatalog, fileName: file, readFile: (p) => fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined });
      assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.message}`), []);
    });
  }

});
