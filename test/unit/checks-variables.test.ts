import { assertClean, describeCases, policy } from './findingCases';

const resource = (arn: string, version = '2012-10-17') => `{ "Version": "${version}", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "${arn}" } ] }`;

describe('checks: policy variables and template placeholders', () => {
  describeCases([
    {
      name: 'seed 002: a Terraform variable left in an ARN',
      source: resource('arn:aws:logs:[[${var.aws_region}]]:123456789012:log-group:/ecs/app:*').replace('s3:GetObject', 'logs:PutLogEvents'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: 'This is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as ${aws:username}; IAM would take it literally. Replace it with the real value: ${var.aws_region}',
    },
    {
      name: 'a CloudFormation pseudo parameter is not a policy variable',
      source: resource('arn:aws:s3:::b-[[${AWS::AccountId}]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: 'This is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as ${aws:username}; IAM would take it literally. Replace it with the real value: ${AWS::AccountId}',
    },
    {
      name: 'an <ANGLE> placeholder from a tutorial',
      source: resource('arn:aws:s3:::[[<BUCKET_NAME>]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: 'This looks like a placeholder left from a tutorial or template; IAM would take it literally. Replace it with the real value: <BUCKET_NAME>',
    },
    {
      name: 'a {{mustache}} placeholder',
      source: resource('arn:aws:s3:::[[{{bucket}}]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: 'This looks like a template placeholder left from a tutorial or template; IAM would take it literally. Replace it with the real value: {{bucket}}',
    },
    {
      name: 'a __DOUBLE__ placeholder',
      source: resource('arn:aws:s3:::[[__BUCKET__]]/*'),
      code: 'TEMPLATE_PLACEHOLDER', severity: 'error',
      message: 'This looks like a placeholder left from a tutorial or template; IAM would take it literally. Replace it with the real value: __BUCKET__',
    },
    {
      name: 'a policy variable under the legacy Version',
      source: resource('arn:aws:s3:::b/[[${aws:username}]]/*', '2008-10-17'),
      code: 'VARIABLE_UNSUPPORTED_IN_VERSION', severity: 'error',
      message: 'Policy variables need "Version": "2012-10-17"; with "2008-10-17" IAM reads them literally: ${aws:username}',
    },
    {
      name: 'a policy variable in Action',
      source: policy('{ "Effect": "Allow", "Action": "s3:[[${aws:username}]]", "Resource": "*" }'),
      code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT', severity: 'error',
      message: 'Policy variables work only in Resource and Condition values, not in Action: ${aws:username}',
      also: ['INVALID_ACTION'],
    },
    {
      name: 'a variable without its closing brace',
      source: resource('arn:aws:s3:::b/[[${aws:username]]'),
      code: 'MISSING_BRACE_IN_VARIABLE', severity: 'error',
      message: 'The policy variable has no closing brace: add } after ${aws:username',
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
      message: 'Policy variables cannot contain spaces: ${ aws:username }',
      fixed: resource('arn:aws:s3:::b/${aws:username}/*'),
    },
    {
      name: 'a default value without quotes',
      source: resource('arn:aws:s3:::b/[[${aws:PrincipalTag/team, shared}]]/*'),
      code: 'MISSING_QUOTE_IN_VARIABLE', severity: 'error',
      message: 'A policy variable\'s default value is written in single quotes, as in ${aws:username, \'anonymous\'}: ${aws:PrincipalTag/team, shared}',
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
