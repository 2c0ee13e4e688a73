import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkText } from '../../src/iam/service';
import { applyEdits } from './helpers';
import { assertClean, describeCases, policy } from './findingCases';

const scoped = (action: string, resource: string, element = 'Resource') => policy(`{ "Effect": "Allow", "Action": ${action}, "${element}": "${resource}" }`);
const REPO = 'arn:aws:ecr:us-east-1:123456789012:repository/app';

describe('checks: resources', () => {
  describeCases([
    {
      name: 'not an ARN',
      source: scoped('"s3:GetObject"', '[[bucket/key]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: 'A resource is "*" or an ARN starting with "arn:"; write the ARN in full: bucket/key',
    },
    {
      name: 'upper-case prefix',
      source: scoped('"s3:GetObject"', '[[ARN:aws:s3:::b/k]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: 'A resource is "*" or an ARN starting with "arn:"; write the ARN in full: ARN:aws:s3:::b/k',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'too few fields',
      source: scoped('"s3:GetObject"', '[[arn:aws:s3:bucket]]'),
      code: 'MISSING_ARN_FIELD', severity: 'error',
      message: 'An ARN has six fields, arn:partition:service:region:account:resource (Region and account may be empty): arn:aws:s3:bucket',
    },
    {
      name: 'partition in the wrong case',
      source: scoped('"s3:GetObject"', 'arn:[[AWS]]:s3:::b/k'),
      code: 'INVALID_PARTITION', severity: 'error',
      message: 'Unknown partition; use one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc (or ${aws:partition}): AWS',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'service in upper case',
      source: scoped('"s3:GetObject"', 'arn:aws:[[S3]]:::b/k'),
      code: 'INVALID_ARN_SERVICE_CASE', severity: 'error',
      message: 'Service names in ARNs are lower case: S3',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'unknown ARN service',
      source: scoped('"s3:GetObject"', 'arn:aws:[[s4]]:::b/k'),
      code: 'INVALID_SERVICE', severity: 'error',
      message: 'No AWS service has this name in its ARNs; check the ARN\'s third field: s4',
    },
    {
      name: 'Region in upper case',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:[[US-EAST-1]]:123456789012:repository/app'),
      code: 'INVALID_ARN_REGION', severity: 'error',
      message: 'This is not an AWS Region name such as us-east-1: US-EAST-1',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'account with dashes',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:us-east-1:[[1234-5678-9012]]:repository/app'),
      code: 'INVALID_ARN_ACCOUNT', severity: 'error',
      message: 'An account ID is 12 digits, without dashes: 1234-5678-9012',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'S3 ARNs have no Region',
      source: scoped('"s3:GetObject"', 'arn:aws:s3:[[us-east-1]]::b/k'),
      code: 'ARN_REGION_NOT_ALLOWED', severity: 'error',
      message: 's3 ARNs have no Region: leave the fourth field empty (arn:partition:s3::...): us-east-1',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'S3 bucket ARNs have no account',
      source: scoped('"s3:GetObject"', 'arn:aws:s3::[[123456789012]]:b/k'),
      code: 'ARN_ACCOUNT_NOT_ALLOWED', severity: 'error',
      message: 'These s3 ARNs have no account ID: leave the fifth field empty: 123456789012',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'ECR ARNs need a Region',
      source: scoped('"ecr:PutImage"', '[[arn:aws:ecr::123456789012:repository/app]]'),
      code: 'MISSING_ARN_REGION', severity: 'error',
      message: 'ecr ARNs name a Region; write it (or * for any) after "ecr:": arn:aws:ecr::123456789012:repository/app',
    },
    {
      name: 'a misspelt resource type, did you mean',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:us-east-1:123456789012:[[repositories]]/app'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: 'ecr has no resource type "repositories" (ARNs are case-sensitive); did you mean "repository"? Resource: repositories/app',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'a resource type far from every known one is only a suggestion',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:us-east-1:123456789012:[[zzzzzz/app]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'suggestion',
      message: 'This matches no ecr resource ARN format in the Service Authorization Reference (such as repository/${RepositoryName}); check the resource part: zzzzzz/app',
    },
    {
      name: 'NotResource ARNs are checked too',
      source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:[[us-east-1]]::b/k" }'),
      code: 'ARN_REGION_NOT_ALLOWED', severity: 'error',
      message: 's3 ARNs have no Region: leave the fourth field empty (arn:partition:s3::...): us-east-1',
      fixed: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/k" }'),
    },
    {
      name: 'an ARN of no resource type of the statement\'s actions',
      source: scoped('"s3:GetObject"', `[[${REPO}]]`),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'suggestion',
      message: `This ARN matches no resource type of the statement's actions (s3:accesspointobject, s3:object), so it grants nothing here; check its service and format: ${REPO}`,
    },
    {
      name: 'seed 003: ecr:GetAuthorizationToken scoped to a repository, moved to its own statement',
      source: scoped('["ecr:PutImage", "[[ecr:GetAuthorizationToken]]"]', REPO),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: 'This action does not support resource-level permissions, so a statement scoped to ARNs never grants it: it needs "Resource": "*" in a statement of its own: ecr:GetAuthorizationToken',
      fixed: `${scoped('["ecr:PutImage"]', REPO).slice(0, -4)},\n{\n  "Effect": "Allow",\n  "Action": "ecr:GetAuthorizationToken",\n  "Resource": "*"\n} ] }`,
    },
    {
      name: 'the only action of the statement: the resource becomes "*"',
      source: scoped('"[[ecr:GetAuthorizationToken]]"', REPO),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: 'This action does not support resource-level permissions, so a statement scoped to ARNs never grants it: it needs "Resource": "*" in a statement of its own: ecr:GetAuthorizationToken',
      fixed: policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" }'),
    },
    {
      name: 'granted with "*" by another statement: a dead entry, removed',
      source: `${scoped('["ecr:PutImage", "[[ecr:GetAuthorizationToken]]"]', REPO).slice(0, -4)}, { "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" } ] }`,
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'suggestion',
      message: 'This action does not support resource-level permissions, so this statement does not grant it (another statement with "Resource": "*" does); remove it here: ecr:GetAuthorizationToken',
      fixed: `${scoped('["ecr:PutImage"]', REPO).slice(0, -4)}, { "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" } ] }`,
    },
  ]);

  it('accepts wildcards, policy variables, partitions and ARNs of the actions\' resource types', () => {
    assertClean([
      policy('{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/${aws:username}/*", "arn:${aws:partition}:s3:::b/*", "arn:aws:s3:::*"] }'),
      policy('{ "Effect": "Allow", "Action": "ecr:*", "Resource": ["arn:aws:ecr:*:*:repository/*", "arn:aws-cn:ecr:cn-north-1:123456789012:repository/a", "arn:aws:ecr:eusc-de-east-1:${aws:PrincipalAccount}:repository/b"] }'),
      policy('{ "Effect": "Allow", "Action": "iam:GetPolicy", "Resource": "arn:aws:iam::aws:policy/ReadOnlyAccess" }'),
      policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" }, { "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app" }'),
    ]);
  });

  it('seed 003 fixture: the finding and its fix on the tutorial\'s own policy', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'seeds', '003', 'fcj-ecr-ci-cd.policy.json');
    const text = fs.readFileSync(file, 'utf8');
    const findings = checkText(text, { fileName: file });
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity, text.slice(f.offset, f.offset + f.length)]),
      [['ACTION_REQUIRES_WILDCARD_RESOURCE', 'warning', 'ecr:GetAuthorizationToken']]);
    const fixed = applyEdits(text, findings[0].fixes[0].edits);
    assert.deepStrictEqual(checkText(fixed, { fileName: file }), []);
    assert.deepStrictEqual(JSON.parse(fixed).Statement[1], { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });
});
