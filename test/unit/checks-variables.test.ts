import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { assertClean, describeCases, policy } from './findingCases';

const resource = (arn: string, version = '2012-10-17') => `{ "Version": "${version}", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "${arn}" } ] }`;

describe('checks: policy variables and template placeholders', () => {
  describeCases([
    {
      name: 'seed 002: a Terraform variable left in an ARN',
      source: resource('arn:aws:logs:[[${var.aws_region}]]:123456789012:log-group:/ecs/app:*').replace('s3:GetObject', 'logs:PutLogEvents'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"${var.aws_region}" is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as ${aws:username}: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'a CloudFormation pseudo parameter is not a policy variable',
      source: resource('arn:aws:s3:::b-[[${AWS::AccountId}]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"${AWS::AccountId}" is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as ${aws:username}: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'an <ANGLE> placeholder from a tutorial',
      source: resource('arn:aws:s3:::[[<BUCKET_NAME>]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"<BUCKET_NAME>" looks like a placeholder left from a tutorial or template: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'a {{mustache}} placeholder',
      source: resource('arn:aws:s3:::[[{{bucket}}]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"{{bucket}}" looks like a template placeholder left from a tutorial or template: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'seed 000: <ACCOUNT_ID> in an ARN is one finding, the placeholder, not also a bad account',
      source: resource('arn:aws:ecr:us-east-1:[[<ACCOUNT_ID>]]:repository/app').replace('s3:GetObject', 'ecr:BatchGetImage'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"<ACCOUNT_ID>" looks like a placeholder left from a tutorial or template: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'a __DOUBLE__ placeholder',
      source: resource('arn:aws:s3:::[[__BUCKET__]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"__BUCKET__" looks like a placeholder left from a tutorial or template: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'a policy variable under the legacy Version',
      source: resource('arn:aws:s3:::b/[[${aws:username}]]/*', '2008-10-17'),
      code: 'VARIABLE_UNSUPPORTED_IN_VERSION', severity: 'error',
      message: '"${aws:username}" needs "Version": "2012-10-17": with "2008-10-17" IAM reads policy variables literally.',
    },
    {
      name: 'a policy variable in Action',
      source: policy('{ "Effect": "Allow", "Action": "s3:[[${aws:username}]]", "Resource": "*" }'),
      code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT', severity: 'error',
      message: '"${aws:username}" is a policy variable, and they work only in Resource and Condition values, not in Action: write the value itself.',
      also: ['INVALID_ACTION'],
    },
    {
      name: 'a variable without its closing brace',
      source: resource('arn:aws:s3:::b/[[${aws:username]]'),
      code: 'MISSING_BRACE_IN_VARIABLE', severity: 'error',
      message: '"${aws:username" has no closing brace: add } after it.',
    },
    {
      name: 'an empty variable',
      source: resource('arn:aws:s3:::b/[[${}]]/*'),
      code: 'EMPTY_VARIABLE', severity: 'error',
      message: 'The policy variable is empty: write a variable such as ${aws:username}, or remove ${}.',
    },
    {
      name: 'spaces inside a variable',
      source: resource('arn:aws:s3:::b/[[${ aws:username }]]/*'),
      code: 'UNSUPPORTED_SPACE_IN_VARIABLE', severity: 'error',
      message: '"${ aws:username }" contains spaces, which policy variables cannot: remove them.',
      fixed: resource('arn:aws:s3:::b/${aws:username}/*'),
    },
    {
      name: 'a default value without quotes',
      source: resource('arn:aws:s3:::b/[[${aws:PrincipalTag/team, shared}]]/*'),
      code: 'MISSING_QUOTE_IN_VARIABLE', severity: 'error',
      message: '"${aws:PrincipalTag/team, shared}" needs single quotes around its default value, as in ${aws:username, \'anonymous\'}.',
      fixed: resource('arn:aws:s3:::b/${aws:PrincipalTag/team, \'shared\'}/*'),
    },
  ]);

  it('accepts IAM policy variables, escapes, defaults and values that only look alike', () => {
    assertClean([
      resource('arn:aws:s3:::b/${aws:username}/*'),
      resource('arn:aws:s3:::b/${aws:PrincipalTag/team}/${s3:prefix}/*'),
      resource('arn:aws:s3:::b/${*}${?}${$}/*'),
      resource('arn:aws:s3:::b/${aws:PrincipalTag/team, \'company-wide\'}/*'),
      resource('arn:aws:s3:::b/${aws:username, \'it\'\'s\'}/*'),
      policy('{ "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:launch-template/*", "Condition": { "StringEquals": { "ec2:LaunchTemplate": "$Default" } } }'),
    ]);
  });
});

describe('checks: placeholders, one finding per problem, audited by family', () => {
  const trust = (principal: string) => policy(`{ "Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole" }`);
  const role = (props: string) => `{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }${props} }`;
  const PLACEHOLDER = (p: string) => `"${p}" looks like a placeholder left from a tutorial or template: IAM would take it literally, so replace it with the real value.`;
  describeCases([
    {
      name: 'in an AWS principal ARN of a trust policy, not a malformed principal too',
      file: 'x.trust.json',
      source: trust('{ "AWS": "arn:aws:iam::[[<ACCOUNT_ID>]]:root" }'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: PLACEHOLDER('<ACCOUNT_ID>'),
    },
    {
      name: 'as the whole service principal\'s service',
      file: 'x.trust.json',
      source: trust('{ "Service": "[[<SERVICE>]].amazonaws.com" }'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: PLACEHOLDER('<SERVICE>'),
    },
    {
      name: 'in a federated principal\'s account',
      file: 'x.trust.json',
      source: policy('{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::[[{{account}}]]:saml-provider/Okta" }, "Action": "sts:AssumeRoleWithSAML", "Condition": { "StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } } }'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"{{account}}" looks like a template placeholder left from a tutorial or template: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'as an action\'s service prefix, not an unknown service too',
      source: policy('{ "Effect": "Allow", "Action": "[[<SERVICE>]]:GetObject", "Resource": "*" }'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: PLACEHOLDER('<SERVICE>'),
    },
    {
      name: 'as a secret\'s name, not a secret without its random characters too',
      source: policy('{ "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:[[<SECRET_NAME>]]" }'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: PLACEHOLDER('<SECRET_NAME>'),
    },
    {
      name: 'as an SSM parameter, not a resource of no type of the action too',
      source: policy('{ "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "arn:aws:ssm:us-east-1:123456789012:[[<PARAMETER>]]" }'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: PLACEHOLDER('<PARAMETER>'),
    },
    {
      name: 'in a role manifest\'s managed policy ARN, not a malformed ARN',
      file: 'x.role.json',
      source: role(', "ManagedPolicyArns": ["arn:aws:iam::[[<ACCOUNT_ID>]]:policy/app"]'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: PLACEHOLDER('<ACCOUNT_ID>'),
    },
    {
      name: 'a CloudFormation pseudo parameter in a manifest\'s permissions boundary',
      file: 'x.role.json',
      source: role(', "PermissionsBoundary": "arn:aws:iam::[[${AWS::AccountId}]]:policy/boundary"'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"${AWS::AccountId}" is a placeholder of another tool (Terraform, CloudFormation, a script): IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'a Serverless Framework variable, which looks like a policy variable',
      source: resource('arn:aws:s3:::[[${self:custom.bucket}]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"${self:custom.bucket}" is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as ${aws:username}: IAM would take it literally, so replace it with the real value.',
    },
    {
      name: 'a Serverless Framework SSM parameter reference',
      source: resource('arn:aws:s3:::[[${ssm:/app/bucket}]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: '"${ssm:/app/bucket}" is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as ${aws:username}: IAM would take it literally, so replace it with the real value.',
    },
  ]);

  it('keeps real policy variables and service keys as variables', () => {
    assertClean([
      resource('arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team}/*'),
      resource('arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*'),
      resource('arn:aws:s3:::b/${s3:prefix}/${saml:sub}/*'),
      resource('arn:aws:s3:::b/${aws:username, \'anonymous\'}/*'),
    ]);
  });

  it('reports each placeholder once, in condition keys too, and leaves the Sid to the grammar check', () => {
    const text = policy('{ "Sid": "${x}{{y}}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/<NAME>/${aws:userid}/<NAME>", '
      + '"Condition": { "StringEquals": { "aws:ResourceTag/<TAG>": "{{team}}" } } }');
    const findings = checkText(text, { catalog: getCatalog, fileName: 'x.policy.json' });
    assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.offset} ${text.slice(f.offset, f.offset + f.length)}`), [
      `UNSUPPORTED_SID ${text.indexOf('${x}')} \${x}{{y}}`,
      `TEMPLATE_PLACEHOLDER ${text.indexOf('<NAME>')} <NAME>`,
      `TEMPLATE_PLACEHOLDER ${text.lastIndexOf('<NAME>')} <NAME>`,
      `TEMPLATE_PLACEHOLDER ${text.indexOf('<TAG>')} <TAG>`,
      `TEMPLATE_PLACEHOLDER ${text.indexOf('{{team}}')} {{team}}`,
    ]);
  });
});
