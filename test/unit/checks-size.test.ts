import * as assert from 'assert';
import { parseTree } from 'jsonc-parser';
import { policySize } from '../../src/iam/checks/size';
import { assertClean, describeCases } from './findingCases';

const statement = (sid: string) => `{ "Sid": "${sid}", "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }`;
const identity = (sid: string) => `{ "Sid": "${sid}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }`;
const doc = (statements: string) => `[[{]] "Version": "2012-10-17", "Statement": [ ${statements} ] }`;

describe('checks: size quotas', () => {
  describeCases([
    {
      name: 'a trust policy over 2,048 characters',
      file: 'x.trust.json',
      source: doc(statement('A'.repeat(2000))),
      code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', severity: 'error',
      message: 'This trust policy has 2136 characters, whitespace not counted, over the quota of 2048: shorten it, or raise the quota (up to 8,192) through Service Quotas.',
    },
    {
      name: 'a managed policy over 6,144 characters',
      source: doc(identity('A'.repeat(6100))),
      code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', severity: 'error',
      message: 'This policy has 6205 characters, whitespace not counted, over the managed policy quota of 6144: split it into several policies.',
    },
  ]);

  it('counts characters without whitespace and comments, but with the spaces inside strings', () => {
    const text = '{\n  // note\n  "a": "x y", /* c */ "b": [1, 2]\n}';
    assert.strictEqual(policySize(parseTree(text)!), '{"a":"x y","b":[1,2]}'.length);
  });

  it('accepts a trust policy of exactly 2,048 characters', () => {
    const base = `{"Version":"2012-10-17","Statement":[${statement('').replace(/ /g, '')}]}`.length;
    assertClean([`{ "Version": "2012-10-17", "Statement": [ ${statement('A'.repeat(2048 - base))} ] }`], 'x.trust.json');
  });
});
