// "Another statement grants it": the questions resources.ts answers from an index of the policy's Action
// entries (by text and service) rather than by reading every statement; these cases pin what counts.
import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { describeCases, policy } from './findingCases';

const REPO = 'arn:aws:ecr:us-east-1:123456789012:repository/app';
const scopedToken = '{ "Effect": "Allow", "Action": ["ecr:PutImage", "[[ecr:GetAuthorizationToken]]"], "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app" }';
const DEAD = '"ecr:GetAuthorizationToken" supports no resource-level permissions, so this statement scoped to ARNs does not grant it (another statement with "Resource": "*" does): remove it here.';
const LOST = '"ecr:GetAuthorizationToken" supports no resource-level permissions, so a statement scoped to ARNs never grants it: give it "Resource": "*" in a statement of its own.';
const star = (action: string, effect = 'Allow', resource = '"*"') => `{ "Effect": "${effect}", "Action": ${action}, "Resource": ${resource} }`;

describe('checks: what other statements grant', () => {
  describeCases([
    {
      name: 'granted on "*" by another statement that writes it in another case',
      source: policy(`${scopedToken}, ${star('"ECR:getauthorizationtoken"')}`),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'suggestion', message: DEAD,
      fixed: policy(`{ "Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "${REPO}" }, ${star('"ECR:getauthorizationtoken"')}`),
    },
    {
      name: 'granted on "*" by a wildcard of the service',
      source: policy(`${scopedToken}, ${star('["s3:GetObject", "Ecr:Get*"]')}`),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'suggestion', message: DEAD,
      fixed: policy(`{ "Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "${REPO}" }, ${star('["s3:GetObject", "Ecr:Get*"]')}`),
    },
    {
      name: 'granted on "*" by a wildcard in the service prefix',
      source: policy(`${scopedToken}, ${star('"ec?:GetAuthorizationToken"')}`),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'suggestion', message: DEAD,
      fixed: policy(`{ "Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "${REPO}" }, ${star('"ec?:GetAuthorizationToken"')}`),
      also: ['WILDCARD_IN_SERVICE_NAME'],
    },
    {
      name: 'a Deny on "*" grants nothing',
      source: policy(`${scopedToken}, ${star('"ecr:GetAuthorizationToken"', 'Deny')}`),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning', message: LOST,
      // The statement the fix adds is written on lines of its own.
      fixed: policy(`{ "Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "${REPO}" },\n{\n  "Effect": "Allow",\n  "Action": "ecr:GetAuthorizationToken",\n  "Resource": "*"\n}, ${star('"ecr:GetAuthorizationToken"', 'Deny')}`),
    },
    {
      name: 'granted on its own type by a wildcard of another statement',
      source: policy('{ "Effect": "Allow", "Action": ["s3:GetObject", "[[s3:ListBucket]]"], "Resource": "arn:aws:s3:::b/*" }, { "Effect": "Allow", "Action": "S3:List*", "Resource": "arn:aws:s3:::b" }'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'suggestion',
      message: '"s3:ListBucket" applies to none of this statement\'s resources (another statement grants it on accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName})): remove it here.',
    },
    {
      name: 'a literal entry in another case does not name the action on its type (names compare as written)',
      source: policy('{ "Effect": "Allow", "Action": ["s3:GetObject", "[[s3:ListBucket]]"], "Resource": "arn:aws:s3:::b/*" }, { "Effect": "Allow", "Action": "S3:LISTBUCKET", "Resource": "arn:aws:s3:::b" }'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"s3:ListBucket" applies to none of this statement\'s resources, so the statement never grants it: add an ARN of accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName}), or move the action to a statement that has one.',
    },
  ]);

  it('answers for each of thousands of statements, from the one statement that grants on "*"; statements scoped to ARNs grant nothing', () => {
    const count = 3000;
    const scoped = Array.from({ length: count }, (_, i) => `{ "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:GetAuthorizationToken"], "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app-${i}" }`);
    const text = policy([...scoped, star('"ecr:*"')].join(', '));
    const findings = checkText(text, { catalog: getCatalog, fileName: 'big.policy.json' }).filter((f) => f.code === 'ACTION_REQUIRES_WILDCARD_RESOURCE');
    assert.strictEqual(findings.length, count);
    assert.deepStrictEqual(new Set(findings.map((f) => `${f.severity} ${f.message} ${text.slice(f.offset, f.offset + f.length)}`)), new Set([`suggestion ${DEAD} ecr:GetAuthorizationToken`]));
    const withoutIt = checkText(policy(scoped.join(', ')), { catalog: getCatalog, fileName: 'big.policy.json' }).filter((f) => f.code === 'ACTION_REQUIRES_WILDCARD_RESOURCE');
    assert.deepStrictEqual(new Set(withoutIt.map((f) => `${f.severity} ${f.message}`)), new Set([`warning ${LOST}`]));
  });
});
