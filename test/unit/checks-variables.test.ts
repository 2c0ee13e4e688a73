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
