import * as assert from 'assert';
import { checkText } from '../../src/iam/service';
import { assertClean, describeCases, policy } from './findingCases';
import { getCatalog } from '../../src/iam/catalog';

const allow = (rest = '') => `{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"${rest} }`;
const trust = (statement: string) => policy(statement);
const ec2Trust = '{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }';

describe('checks: grammar', () => {
  describeCases([
    {
      name: 'a missing comma',
      source: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow" [["Action"]]: "s3:GetObject", "Resource": "*" } ] }',
      code: 'JSON_SYNTAX_ERROR', severity: 'error',
      message: 'JSON syntax error: add a comma before this',
    },
    {
      name: 'a key written twice with different values: the user chooses',
      source: policy('{ "Effect": "Allow", "[[Effect]]": "Deny", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'DUPLICATE_KEY', severity: 'error',
      message: '"Effect" appears more than once in this object, and IAM keeps only one of them: remove the duplicate.',
    },
    {
      name: 'a key written twice with the same value: removing the copy is the fix',
      source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "[[Action]]": "s3:GetObject" }'),
      code: 'DUPLICATE_KEY', severity: 'error',
      message: '"Action" appears more than once in this object, and IAM keeps only one of them: remove the duplicate.',
      fixed: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
    },
    {
      name: 'an unknown top-level element',
      source: '{ "Version": "2012-10-17", "[[Statements]]": [], "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }',
      code: 'INVALID_POLICY_ELEMENT', severity: 'error',
      message: '"Statements" is not a policy element: use one of Version, Id, Statement.',
    },
    {
      name: 'a statement element in the wrong case',
      source: policy('{ "[[effect]]": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'INVALID_POLICY_ELEMENT', severity: 'error',
      message: '"effect" is not a statement element: element names are case-sensitive, so write "Effect".',
      fixed: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
    },
    {
      name: 'no Version',
      source: '[[{]] "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }',
      code: 'MISSING_VERSION', severity: 'warning',
      message: 'Add "Version": "2012-10-17": without it IAM applies the 2008-10-17 rules, where policy variables such as ${aws:username} are plain text.',
      fixed: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }',
    },
    {
      name: 'no Version in a multi-line document: added on its own line',
      source: '[[{]]\n    "Statement": []\n}',
      code: 'MISSING_VERSION', severity: 'warning',
      message: 'Add "Version": "2012-10-17": without it IAM applies the 2008-10-17 rules, where policy variables such as ${aws:username} are plain text.',
      fixed: '{\n    "Version": "2012-10-17",\n    "Statement": []\n}',
      also: ['MISSING_STATEMENT'],
    },
    {
      name: 'seed 004: the date the tutorial was written',
      file: 'x.trust.json',
      source: trust(ec2Trust).replace('"2012-10-17"', '"[[2017-09-11]]"'),
      code: 'INVALID_VERSION', severity: 'error',
      message: '"2017-09-11" is not a policy language version: write "2012-10-17" (or the legacy "2008-10-17"), the dates of IAM\'s versions, not the date you wrote the policy.',
      fixed: trust(ec2Trust),
    },
    {
      name: 'Version as a number',
      source: policy(allow()).replace('"2012-10-17"', '[[2012]]'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'Version must be the string "2012-10-17"; it is a number.',
      fixed: policy(allow()),
    },
    {
      name: 'no Statement',
      source: '[[{]] "Version": "2012-10-17" }',
      code: 'MISSING_STATEMENT', severity: 'error',
      message: 'Add a Statement element: an array of statements.',
    },
    {
      name: 'an empty Statement array',
      source: '{ "Version": "2012-10-17", "Statement": [[[]]] }',
      code: 'MISSING_STATEMENT', severity: 'error',
      message: 'The Statement array is empty: add a statement.',
    },
    {
      name: 'Statement as a string',
      source: '{ "Version": "2012-10-17", "Statement": [["Allow"]] }',
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'Statement is a string: it must be an array of statement objects.',
    },
    {
      name: 'a statement that is not an object',
      source: policy(`${allow()}, [[[]]]`),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'Each statement must be an object; this is an array.',
    },
    {
      name: 'Effect in lower case',
      source: policy('{ "Effect": "[[allow]]", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'INVALID_EFFECT', severity: 'error',
      message: '"allow" must be written "Allow": Effect values are case-sensitive.',
      fixed: policy(allow()),
    },
    {
      name: 'Effect that is neither',
      source: policy('{ "Effect": "[[Permit]]", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'INVALID_EFFECT', severity: 'error',
      message: '"Permit" is not an Effect: write "Allow" or "Deny".',
    },
    {
      name: 'no Effect',
      source: policy('[[{]] "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'MISSING_EFFECT', severity: 'error',
      message: 'Add an Effect element with the value "Allow" or "Deny" to this statement.',
    },
    {
      name: 'no Action',
      source: policy('[[{]] "Effect": "Allow", "Resource": "*" }'),
      code: 'MISSING_ACTION', severity: 'error',
      message: 'Add an Action (or NotAction) element to this statement.',
    },
    {
      name: 'no Resource',
      source: policy('[[{]] "Effect": "Allow", "Action": "s3:GetObject" }'),
      code: 'MISSING_RESOURCE', severity: 'error',
      message: 'Add a Resource (or NotResource) element to this statement; use "*" for actions that support no resource-level permissions.',
    },
    {
      name: 'Action and NotAction together',
      source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "[[NotAction]]": "s3:PutObject", "Resource": "*" }'),
      code: 'UNSUPPORTED_ELEMENT_COMBINATION', severity: 'error',
      message: 'A statement can have Action or NotAction, not both: remove one of them (NotAction).',
    },
    {
      name: 'Resource and NotResource together',
      source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "[[NotResource]]": "arn:aws:s3:::b/*" }'),
      code: 'UNSUPPORTED_ELEMENT_COMBINATION', severity: 'error',
      message: 'A statement can have Resource or NotResource, not both: remove one of them (NotResource).',
    },
    {
      name: 'a trust policy names a resource',
      file: 'x.trust.json',
      source: trust('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "[[Resource]]": "*" }'),
      code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', severity: 'error',
      message: 'A trust policy applies to its role, so it cannot name resources: remove Resource.',
      fixed: trust('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }'),
    },
    {
      name: 'NotPrincipal in a trust policy',
      file: 'x.trust.json',
      source: trust('{ "Effect": "Deny", "[[NotPrincipal]]": { "AWS": "123456789012" }, "Action": "sts:AssumeRole" }'),
      code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', severity: 'error',
      message: 'Trust policies do not support NotPrincipal: name who may assume the role with Principal.',
    },
    {
      name: 'a trust policy without a principal',
      file: 'x.trust.json',
      source: trust('[[{]] "Effect": "Allow", "Action": "sts:AssumeRole" }'),
      code: 'MISSING_PRINCIPAL', severity: 'error',
      message: 'Add a Principal element: a trust policy names who may assume the role.',
    },
    {
      name: 'a resource policy statement without a principal',
      source: policy(`{ "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }, [[{]] "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }`),
      code: 'MISSING_PRINCIPAL', severity: 'error',
      message: 'Add a Principal element: the other statements of this resource policy name principals, and each must.',
    },
    {
      name: 'Sid with a dash in an identity policy',
      source: policy('{ "Sid": "[[read-s3]]", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'UNSUPPORTED_SID', severity: 'error',
      message: '"read-s3" has characters a Sid cannot: use only letters (A-Z, a-z) and digits (0-9).',
      fixed: policy('{ "Sid": "reads3", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
    },
    {
      name: 'the same Sid twice in an identity policy',
      source: policy('{ "Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }, { "Sid": "[[A]]", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*" }'),
      code: 'UNIQUE_SIDS_RECOMMENDED', severity: 'warning',
      message: '"A" is the Sid of another statement of this policy too: give each statement its own.',
    },
    {
      name: 'the same Sid twice in a trust policy',
      file: 'x.trust.json',
      source: trust(`${ec2Trust.replace('{', '{ "Sid": "A",')}, ${ec2Trust.replace('{', '{ "Sid": "[[A]]",').replace('ec2', 'ecs-tasks')}`),
      code: 'UNIQUE_SIDS_REQUIRED', severity: 'error',
      message: '"A" is the Sid of another statement of this policy too: give each statement its own.',
    },
    {
      name: 'an empty Sid',
      source: policy('{ "Sid": [[""]], "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'EMPTY_SID_VALUE', severity: 'suggestion',
      message: 'The Sid is empty: give the statement a name, or remove the Sid element.',
    },
    {
      name: 'an empty Action',
      source: policy('{ "Effect": "Allow", "Action": [[[]]], "Resource": "*" }'),
      code: 'EMPTY_ARRAY_ACTION', severity: 'suggestion',
      message: 'Action is empty, so this statement has no effect. List the actions it should cover.',
    },
    {
      name: 'an empty Resource',
      source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": [[[]]] }'),
      code: 'EMPTY_ARRAY_RESOURCE', severity: 'error',
      message: 'Resource is empty, and IAM refuses a statement without resources: list the resources, or "*".',
    },
    {
      name: 'an empty Resource in a trust policy is one finding: a trust policy has no Resource',
      file: 'x.trust.json',
      source: policy('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "[[Resource]]": [] }'),
      code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', severity: 'error',
      message: 'A trust policy applies to its role, so it cannot name resources: remove Resource.',
      fixed: policy('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }'),
    },
    {
      name: 'an empty NotResource excludes nothing',
      source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "NotResource": [[[]]] }'),
      code: 'EMPTY_ARRAY_RESOURCE', severity: 'suggestion',
      message: 'NotResource is empty, so this statement has no effect: list the resources to exclude.',
    },
    {
      name: 'an ECR repository policy has no Resource, and names only repository actions',
      source: policy('{ "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": ["ecr:BatchGetImage", "[[ecr:GetAuthorizationToken]]"] }'),
      code: 'UNSUPPORTED_ACTION_IN_POLICY', severity: 'error',
      message: '"ecr:GetAuthorizationToken" does not act on a repository, so a repository policy cannot grant it: grant it in an IAM policy with "Resource": "*".',
    },
    {
      name: 'an empty Principal object',
      file: 'x.trust.json',
      source: trust('{ "Effect": "Allow", "Principal": [[{}]], "Action": "sts:AssumeRole" }'),
      code: 'EMPTY_OBJECT_PRINCIPAL', severity: 'suggestion',
      message: 'Principal is empty, so this statement applies to no one. Name the principals.',
    },
    {
      name: 'an empty Condition block',
      source: policy(allow(', "Condition": [[{}]]')),
      code: 'EMPTY_OBJECT_CONDITION', severity: 'suggestion',
      message: 'The Condition block is empty and has no effect: add conditions or remove it.',
    },
    {
      name: 'Action as a number',
      source: policy('{ "Effect": "Allow", "Action": [[42]], "Resource": "*" }'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'Action is a number: it must be a string or an array of strings.',
    },
    {
      name: 'Condition as an array',
      source: policy(allow(', "Condition": [[[]]]')),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'Condition is an array: it must be an object of operators.',
    },
    {
      name: 'Sid as null',
      source: policy('{ "Sid": [[null]], "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'Sid is null: it must be a string.',
    },
  ]);

  it('reports a Sid written three times once, on its second statement', () => {
    const statement = (action: string) => `{ "Sid": "A", "Effect": "Allow", "Action": "${action}", "Resource": "*" }`;
    const text = policy([statement('s3:GetObject'), statement('s3:PutObject'), statement('s3:ListBucket')].join(', '));
    const second = text.indexOf('"A"', text.indexOf('"A"') + 1) + 1;
    assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName: 'x.policy.json' }).map((f) => [f.code, f.offset, f.length]), [
      ['UNIQUE_SIDS_RECOMMENDED', second, 1],
    ]);
  });

  it('finds duplicate keys in objects inside arrays, before and after arrays of strings it need not visit', () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::b/${aws:username}/*", { "a": 1, "a": 2 }], "Condition": { "StringEquals": { "aws:PrincipalTag/team": ["x", "y"], "aws:PrincipalTag/team": "z" } } }');
    assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName: 'x.policy.json' }).filter((f) => f.code === 'DUPLICATE_KEY').map((f) => text.slice(f.offset, f.offset + f.length + 1)), [
      'a"',
      'aws:PrincipalTag/team"',
    ]);
  });

  it('checks the elements of each statement by their exact names, the first of duplicates winning, and misspelt ones as written', () => {
    const findings = (statement: string) => checkText(policy(statement), { catalog: getCatalog, fileName: 'x.policy.json' }).map((f) => f.code);
    assert.deepStrictEqual(findings('{ "Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*" }'), ['DUPLICATE_KEY']);
    assert.deepStrictEqual(findings('{ "Effect": "allow", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'), ['INVALID_EFFECT', 'DUPLICATE_KEY']);
    assert.deepStrictEqual(findings('{ "effect": "Allow", "action": "s3:GetObject", "resource": "*" }'), ['INVALID_POLICY_ELEMENT', 'INVALID_POLICY_ELEMENT', 'INVALID_POLICY_ELEMENT']);
    assert.deepStrictEqual(findings('{ "Effect": "Allow", "Action": ["s3:GetObject", 1], "NotResource": [], "Condition": [] }'),
      ['DATA_TYPE_MISMATCH', 'ALLOW_WITH_NOT_RESOURCE', 'EMPTY_ARRAY_RESOURCE', 'DATA_TYPE_MISMATCH']);
  });

  it('accepts comments, trailing commas, a single statement object, Id, NotAction with Deny and Sids with only letters and digits', () => {
    assertClean([
      '// read objects\n{ "Version": "2012-10-17", "Id": "p1", "Statement": { "Sid": "Read1", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", }, }',
      policy('{ "Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*" }, /* and */ { "Sid": "S2", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"] }'),
    ]);
    assertClean([policy(`${ec2Trust.replace('{', '{ "Sid": "EC2Service",')}`)], 'x.trust.json');
  });

  it('accepts an ECR repository policy without Resource, as ECR documents it', () => {
    assertClean([
      policy('{ "Sid": "AllowPull", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"] }'),
      policy('{ "Sid": "LambdaPull", "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "ecr:*", "Condition": { "StringLike": { "aws:sourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*" } } }'),
    ]);
  });

  it('reports syntax errors of a document it cannot parse and still checks what it could', () => {
    const text = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }';
    assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName: 'x.policy.json' }).map((f) => f.message), [
      '"allow" must be written "Allow": Effect values are case-sensitive.',
      'JSON syntax error: close the array with ]',
      'JSON syntax error: close the object with }',
    ]);
  });
});
