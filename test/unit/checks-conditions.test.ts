import { assertClean, describeCases, policy } from './findingCases';

const when = (condition: string, action = '"s3:GetObject"') => policy(`{ "Effect": "Allow", "Action": ${action}, "Resource": "*", "Condition": { ${condition} } }`);

describe('checks: conditions', () => {
  describeCases([
    {
      name: 'StringEqual, did you mean StringEquals',
      source: when('"[[StringEqual]]": { "aws:username": "a" }'),
      code: 'INVALID_CONDITION_OPERATOR', severity: 'error',
      message: '"StringEqual" is not a condition operator: did you mean "StringEquals"?',
      fixed: when('"StringEquals": { "aws:username": "a" }'),
    },
    {
      name: 'a misspelt operator keeps its set qualifier',
      source: when('"[[ForAnyValue:StringEqual]]": { "aws:TagKeys": "a" }'),
      code: 'INVALID_CONDITION_OPERATOR', severity: 'error',
      message: '"ForAnyValue:StringEqual" is not a condition operator: did you mean "ForAnyValue:StringEquals"?',
      fixed: when('"ForAnyValue:StringEquals": { "aws:TagKeys": "a" }'),
    },
    {
      name: 'Null has no IfExists form',
      source: when('"[[NullIfExists]]": { "aws:username": "true" }'),
      code: 'NULL_WITH_IF_EXISTS', severity: 'error',
      message: 'Null already tests whether the key exists; it has no IfExists form. Use Null.',
      fixed: when('"Null": { "aws:username": "true" }'),
    },
    {
      name: 'Null with a set qualifier',
      source: when('"[[ForAnyValue:Null]]": { "aws:TagKeys": "true" }'),
      code: 'NULL_WITH_QUALIFIER', severity: 'suggestion',
      message: '"ForAnyValue:Null" always evaluates the same way (ForAnyValue: with Null): use Null without it.',
      fixed: when('"Null": { "aws:TagKeys": "true" }'),
    },
    {
      name: 'ForAllValues: on a single-valued key',
      source: when('"[[ForAllValues:StringEquals]]": { "aws:username": "a" }'),
      code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', severity: 'securityWarning',
      message: '"aws:username" is single-valued, and ForAllValues: with it is true when the key is absent from the request, which can allow more than intended: use the operator without ForAllValues:.',
      fixed: when('"StringEquals": { "aws:username": "a" }'),
    },
    {
      name: 'ForAnyValue: on a single-valued key',
      source: when('"[[ForAnyValue:StringLike]]": { "aws:username": "a*" }'),
      code: 'FORANYVALUE_WITH_SINGLE_VALUED_KEY', severity: 'suggestion',
      message: '"aws:username" has one value, and ForAnyValue: is for multivalued keys: use the operator without it.',
      fixed: when('"StringLike": { "aws:username": "a*" }'),
    },
    {
      name: 'a key without a prefix',
      source: when('"StringEquals": { "[[username]]": "a" }'),
      code: 'INVALID_CONDITION_KEY_FORMAT', severity: 'error',
      message: '"username" is not a condition key: write prefix:name, such as aws:SourceIp or s3:prefix.',
    },
    {
      name: 'an unknown global key, did you mean',
      source: when('"StringEquals": { "[[aws:usernam]]": "a" }'),
      code: 'INVALID_GLOBAL_CONDITION_KEY', severity: 'error',
      message: '"aws:usernam" is no global condition key: did you mean "aws:username"?',
      fixed: when('"StringEquals": { "aws:username": "a" }'),
    },
    {
      name: 'an unknown service key, did you mean',
      source: when('"StringEquals": { "[[s3:prefixx]]": "a" }', '"s3:ListBucket"'),
      code: 'INVALID_SERVICE_CONDITION_KEY', severity: 'error',
      message: '"s3:prefixx" is no s3 condition key: did you mean "s3:prefix"?',
      fixed: when('"StringEquals": { "s3:prefix": "a" }', '"s3:ListBucket"'),
    },
    {
      name: 'a key none of the statement\'s actions support',
      source: when('"StringLike": { "[[s3:prefix]]": "home/*" }'),
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'warning',
      message: '"s3:prefix" is absent from the requests of this statement\'s s3 actions (none supports it), so the condition never matches: move the actions that support it to a statement of their own, or remove the key.',
    },
    {
      name: 'a list nested in the list of values',
      source: when('"StringEquals": { "aws:PrincipalTag/team": ["a", [[["b"]]], "c"] }'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'The values of aws:PrincipalTag/team hold a list inside the list, which IAM refuses: write each value as a string in one list.',
    },
    {
      name: 'aws:SourceVpce compared with a VPC ID',
      source: when('"StringEquals": { "aws:SourceVpce": "[[vpc-1a2b3c4d]]" }'),
      code: 'INVALID_VPCE_FORMAT', severity: 'error',
      message: '"vpc-1a2b3c4d" is a VPC ID, and aws:SourceVpce holds the VPC endpoint\'s ID (vpce-...), so it never matches: compare it with aws:SourceVpc, or write the vpce-... ID.',
      fixed: when('"StringEquals": { "aws:SourceVpc": "vpc-1a2b3c4d" }'),
    },
    {
      name: 'aws:SourceIp with only private ranges',
      source: when('"IpAddress": { "[[aws:SourceIp]]": ["10.0.0.0/8", "192.168.1.0/24"] }'),
      code: 'PRIVATE_IP_ADDRESS', severity: 'error',
      message: 'aws:SourceIp holds the public address a request comes from, so its private ranges here never match: for addresses inside a VPC, use aws:VpcSourceIp.',
      fixed: when('"IpAddress": { "aws:VpcSourceIp": ["10.0.0.0/8", "192.168.1.0/24"] }'),
    },
    {
      name: 'aws:SourceIp with a private range beside public ones',
      source: when('"IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "[[172.16.0.0/12]]"] }'),
      code: 'PRIVATE_IP_ADDRESS_SUBSET', severity: 'suggestion',
      message: '"172.16.0.0/12" is a private range, which aws:SourceIp never holds: move it to an aws:VpcSourceIp condition.',
    },
    {
      name: 'kms:ViaService without a Region',
      source: when('"StringEquals": { "kms:ViaService": "[[s3.amazonaws.com]]" }', '"kms:Decrypt"'),
      code: 'KMS_VIA_SERVICE_WITHOUT_REGION', severity: 'warning',
      message: '"s3.amazonaws.com" never matches kms:ViaService, whose values name the Region: write "s3.us-east-1.amazonaws.com" for each Region, or "s3.*.amazonaws.com" with StringLike.',
    },
    {
      name: 'a Deny on aws:MultiFactorAuthPresent with Bool',
      source: policy('{ "Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", "Condition": { "[[Bool]]": { "aws:MultiFactorAuthPresent": "false" } } }'),
      code: 'DENY_MFA_WITHOUT_IF_EXISTS', severity: 'warning',
      message: 'Bool on aws:MultiFactorAuthPresent is false only for temporary credentials without MFA; requests signed with long-term access keys have no such key, so this Deny never applies to them: use BoolIfExists.',
      fixed: policy('{ "Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } }'),
    },
    {
      name: 'a wildcard with StringEquals',
      source: when('"StringEquals": { "s3:prefix": "[[home/*]]" }', '"s3:ListBucket"'),
      code: 'WILDCARD_WITHOUT_LIKE_OPERATOR', severity: 'warning',
      message: '"home/*" holds a wildcard, and StringEquals compares literally, so * and ? match only themselves: use StringLike to match patterns.',
      fixed: when('"StringLike": { "s3:prefix": "home/*" }', '"s3:ListBucket"'),
    },
    {
      name: 'Bool with a value other than true or false',
      source: when('"Bool": { "aws:SecureTransport": "[[yes]]" }'),
      code: 'TYPE_MISMATCH_BOOLEAN', severity: 'warning',
      message: '"yes" is not true or false, which Bool compares: correct the value or the operator.',
    },
    {
      name: 'Null with a value other than true or false',
      source: when('"Null": { "aws:username": "[[absent]]" }'),
      code: 'TYPE_MISMATCH_BOOLEAN', severity: 'warning',
      message: '"absent" is not true or false, which Null compares: correct the value or the operator.',
    },
    {
      name: 'Bool with several values',
      source: when('"Bool": { "aws:SecureTransport": [[["true", "false"]]] }'),
      code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN', severity: 'error',
      message: '"aws:SecureTransport" has several values, and Bool takes one: true or false.',
    },
    {
      name: 'a number that is not one',
      source: when('"NumericLessThan": { "aws:MultiFactorAuthAge": "[[one hour]]" }'),
      code: 'TYPE_MISMATCH_NUMBER', severity: 'warning',
      message: '"one hour" is not a number, which NumericLessThan compares: correct the value or the operator.',
    },
    {
      name: 'a date that does not exist',
      source: when('"DateGreaterThan": { "aws:CurrentTime": "[[2026-02-30]]" }'),
      code: 'TYPE_MISMATCH_DATE', severity: 'warning',
      message: '"2026-02-30" is not a date (ISO 8601, e.g. 2026-01-31T00:00:00Z, or epoch seconds), which DateGreaterThan compares: correct the value or the operator.',
    },
    {
      name: 'a CIDR range with too many bits',
      source: when('"IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "[[10.0.0.0/33]]"] }'),
      code: 'TYPE_MISMATCH_IP_RANGE', severity: 'warning',
      message: '"10.0.0.0/33" is not an IP address or CIDR range (e.g. 203.0.113.0/24), which IpAddress compares: correct the value or the operator.',
    },
    {
      name: 'an ARN operator with something else',
      source: when('"ArnEquals": { "aws:SourceArn": "[[role/x]]" }'),
      code: 'TYPE_MISMATCH_ARN', severity: 'warning',
      message: '"role/x" is not an ARN, which ArnEquals compares: correct the value or the operator.',
    },
    {
      name: 'an IP key compared as a string',
      source: when('"StringEquals": { "[[aws:SourceIp]]": "203.0.113.1" }'),
      code: 'TYPE_MISMATCH', severity: 'warning',
      message: '"aws:SourceIp" is an IP address: compare it with IpAddress or NotIpAddress, not StringEquals.',
    },
    {
      name: 'a policy variable with a Numeric operator',
      source: when('"NumericLessThan": { "aws:MultiFactorAuthAge": "[[${aws:username}]]" }'),
      code: 'INVALID_VARIABLE_FOR_OPERATOR', severity: 'error',
      message: '"${aws:username}" holds a policy variable, and they work only with String and ARN operators, not NumericLessThan.',
    },
    {
      name: 'the same key twice in different case',
      source: when('"StringEquals": { "aws:username": "a", "[[aws:UserName]]": "b" }'),
      code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', severity: 'error',
      message: '"aws:UserName" is the same key as "aws:username" in this block (condition keys are case-insensitive): merge their values.',
    },
    {
      name: 'an operator whose value is not an object',
      source: when('"StringEquals": [["x"]]'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: '"StringEquals" has a value of the wrong type: an operator\'s value is an object of condition keys and values.',
    },
  ]);

  it('accepts correct conditions of every operator family', () => {
    assertClean([
      when('"StringEquals": { "aws:RequestTag/env": "dev", "aws:PrincipalTag/team": "${aws:username}" }, "ForAllValues:StringEquals": { "aws:TagKeys": ["env"] }'),
      when('"Bool": { "aws:SecureTransport": true }, "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" }, "Null": { "aws:TokenIssueTime": "false" }'),
      when('"NumericLessThan": { "aws:MultiFactorAuthAge": 3600 }, "DateLessThan": { "aws:CurrentTime": "2026-12-31T23:59:59Z" }, "DateGreaterThan": { "aws:EpochTime": "1735689600" }'),
      when('"IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] }, "ArnLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/admin-*" }'),
      when('"StringLike": { "s3:prefix": ["home/${aws:username}/*", "${*}literal"] }', '"s3:ListBucket"'),
      when('"StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d", "aws:SourceVpc": ["vpc-1a2b3c4d"] }'),
      when('"IpAddress": { "aws:VpcSourceIp": "10.0.0.0/8", "aws:SourceIp": "100.128.0.0/16" }'),
      when('"StringEquals": { "kms:ViaService": ["s3.us-east-1.amazonaws.com"] }, "StringLike": { "kms:ViaService": "s3.*.amazonaws.com" }', '"kms:Decrypt"'),
      policy('{ "Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } }'),
    ]);
  });
});

describe('checks: conditions, audited by family', () => {
  const bucketAndObjects = (condition: string, effect = 'Allow') =>
    policy(`{ "Effect": "${effect}", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": { ${condition} } }`);
  describeCases([
    {
      name: 's3:prefix beside s3:ListBucket: the object action is never granted',
      source: bucketAndObjects('"StringLike": { "[[s3:prefix]]": ["home/${aws:username}/*"] }'),
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'warning',
      message: '"s3:prefix" is absent from the requests of "s3:GetObject", so this condition never matches it and the statement never applies to it: move it to a statement without this condition.',
    },
    {
      name: 's3:prefix beside s3:ListBucket, granted on its own by another statement: a dead entry',
      source: `${bucketAndObjects('"StringLike": { "[[s3:prefix]]": "home/*" }').slice(0, -4)}, { "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/home/*" } ] }`,
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'suggestion',
      message: '"s3:prefix" is absent from the requests of "s3:GetObject", so this condition never matches it and the statement never applies to it: move it to a statement without this condition.',
    },
    {
      name: 'a negated operator on a key no action has is always true: the Deny applies to every request',
      source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": { "StringNotLike": { "[[s3:prefix]]": "home/*" } } }'),
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'warning',
      message: '"s3:prefix" is absent from the requests of this statement\'s s3 actions (none supports it), so the condition always holds and restricts nothing: move the actions that support it to a statement of their own, or remove the key.',
    },
    {
      name: 'with IfExists, a key no action has leaves the condition always true (a suggestion)',
      source: when('"StringEqualsIfExists": { "[[s3:delimiter]]": "/" }', '["s3:PutObject", "s3:DeleteObject"]'),
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'suggestion',
      message: '"s3:delimiter" is absent from the requests of this statement\'s s3 actions (none supports it), so the condition always holds and restricts nothing: move the actions that support it to a statement of their own, or remove the key.',
    },
    {
      name: 'a Like pattern of VPC IDs for aws:SourceVpce',
      source: policy('{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": { "StringNotLike": { "aws:SourceVpce": "[[vpc-*]]" } } }'),
      code: 'INVALID_VPCE_FORMAT', severity: 'error',
      message: '"vpc-*" matches only VPC IDs, and aws:SourceVpce holds the VPC endpoint\'s ID (vpce-...), so it never matches: compare it with aws:SourceVpc, or write the vpce-... ID.',
      fixed: policy('{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": { "StringNotLike": { "aws:SourceVpc": "vpc-*" } } }'),
    },
    {
      name: 'a VPC ID among endpoint IDs, key in another case, IfExists',
      source: when('"StringEqualsIfExists": { "aws:sourcevpce": ["vpce-1a2b3c4d", "[[vpc-0a1b2c3d]]"] }'),
      code: 'INVALID_VPCE_FORMAT', severity: 'error',
      message: '"vpc-0a1b2c3d" is a VPC ID, and aws:sourcevpce holds the VPC endpoint\'s ID (vpce-...), so it never matches: compare it with aws:SourceVpc, or write the vpce-... ID.',
    },
    {
      name: 'a Deny on aws:MultiFactorAuthPresent with Bool "False" (Bool values are case-insensitive)',
      source: policy('{ "Effect": "Deny", "Action": "ec2:StopInstances", "Resource": "*", "Condition": { "[[Bool]]": { "aws:multifactorauthpresent": "False" } } }'),
      code: 'DENY_MFA_WITHOUT_IF_EXISTS', severity: 'warning',
      message: 'Bool on aws:MultiFactorAuthPresent is false only for temporary credentials without MFA; requests signed with long-term access keys have no such key, so this Deny never applies to them: use BoolIfExists.',
      fixed: policy('{ "Effect": "Deny", "Action": "ec2:StopInstances", "Resource": "*", "Condition": { "BoolIfExists": { "aws:multifactorauthpresent": "False" } } }'),
    },
    {
      name: 'kms:ViaService without a Region in a key policy, with StringLike',
      source: policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*", "Condition": { "StringLike": { "kms:ViaService": ["[[secretsmanager.amazonaws.com]]", "ec2.*.amazonaws.com"] } } }'),
      code: 'KMS_VIA_SERVICE_WITHOUT_REGION', severity: 'warning',
      message: '"secretsmanager.amazonaws.com" never matches kms:ViaService, whose values name the Region: write "secretsmanager.us-east-1.amazonaws.com" for each Region, or "secretsmanager.*.amazonaws.com" with StringLike.',
    },
    {
      name: 'aws:SourceIp with only private IPv6 and shared ranges, IfExists',
      source: when('"IpAddressIfExists": { "[[aws:SourceIp]]": ["fd00::/8", "100.64.0.0/10"] }'),
      code: 'PRIVATE_IP_ADDRESS', severity: 'error',
      message: 'aws:SourceIp holds the public address a request comes from, so its private ranges here never match: for addresses inside a VPC, use aws:VpcSourceIp.',
      fixed: when('"IpAddressIfExists": { "aws:VpcSourceIp": ["fd00::/8", "100.64.0.0/10"] }'),
    },
  ]);

  describeCases([
    {
      name: 'a Region that does not exist in aws:RequestedRegion: the Deny also denies the Region meant',
      source: policy('{ "Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["us-east-1", "[[eu-west-7]]"] } } }'),
      code: 'UNKNOWN_REGION_IN_CONDITION', severity: 'warning',
      message: '"eu-west-7" is no AWS Region, so aws:RequestedRegion never holds it: did you mean "eu-west-1" or "eu-west-2" or "eu-west-3"?',
      fixed: policy('{ "Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } }'),
    },
    {
      name: 'an account ID with dashes in aws:SourceAccount',
      source: policy('{ "Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": { "StringEquals": { "aws:SourceAccount": "[[1234-5678-9012]]" } } }'),
      code: 'INVALID_ACCOUNT_IN_CONDITION', severity: 'warning',
      message: '"1234-5678-9012" is not an account ID, so aws:SourceAccount never holds it: write the 12 digits, without dashes.',
      fixed: policy('{ "Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": { "StringEquals": { "aws:SourceAccount": "123456789012" } } }'),
    },
    {
      name: 'an account alias in aws:PrincipalAccount',
      source: when('"StringEquals": { "aws:PrincipalAccount": ["123456789012", "[[prod-account]]"] }'),
      code: 'INVALID_ACCOUNT_IN_CONDITION', severity: 'warning',
      message: '"prod-account" is not an account ID, so aws:PrincipalAccount never holds it: write the 12 digits, without dashes.',
    },
  ]);

  // A block checked before is remembered; the same block in another statement must still get the
  // findings that depend on that statement: its Effect, its actions and whether its Resource is "*".
  const mfa = (operator: string) => `"Condition": { "${operator}": { "aws:MultiFactorAuthPresent": "false" } }`;
  const prefix = (key: string) => `"Condition": { "StringLike": { "${key}": "home/*" } }`;
  describeCases([
    {
      name: 'the block of an Allow again in a Deny',
      source: policy(`{ "Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*", ${mfa('Bool')} }, { "Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", ${mfa('[[Bool]]')} }`),
      code: 'DENY_MFA_WITHOUT_IF_EXISTS', severity: 'warning',
      message: 'Bool on aws:MultiFactorAuthPresent is false only for temporary credentials without MFA; requests signed with long-term access keys have no such key, so this Deny never applies to them: use BoolIfExists.',
      fixed: policy(`{ "Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*", ${mfa('Bool')} }, { "Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", ${mfa('BoolIfExists')} }`),
    },
    {
      name: 'the block of s3:ListBucket again with s3:GetObject',
      source: policy(`{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", ${prefix('s3:prefix')} }, { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", ${prefix('[[s3:prefix]]')} }`),
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'warning',
      message: '"s3:prefix" is absent from the requests of this statement\'s s3 actions (none supports it), so the condition never matches: move the actions that support it to a statement of their own, or remove the key.',
    },
    {
      name: 'the block and actions of a statement scoped to ARNs again with "Resource": "*"',
      source: policy(`{ "Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::b", ${prefix('s3:prefix')} }, { "Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListAllMyBuckets"], "Resource": "*", ${prefix('[[s3:prefix]]')} }`),
      code: 'CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', severity: 'warning',
      message: '"s3:prefix" is absent from the requests of "s3:ListAllMyBuckets", so this condition never matches it and the statement never applies to it: move it to a statement without this condition.',
      also: ['ACTION_REQUIRES_WILDCARD_RESOURCE'],
    },
  ]);

  it('leaves valid variants of each family clean', () => {
    assertClean([
      when('"StringNotEquals": { "aws:RequestedRegion": ["us-east-1", "eu-central-2", "mx-central-1"], "aws:ResourceAccount": ["123456789012", "${aws:PrincipalAccount}"] }, "StringLike": { "aws:RequestedRegion": "eu-*" }'),
      // s3:prefix on the listing action alone, object actions in a statement of their own.
      policy('{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": { "StringLike": { "s3:prefix": ["", "home/", "home/${aws:username}/*"] } } }, { "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/home/${aws:username}/*" }'),
      // A key supported by every action named, and a request-wide key.
      policy('{ "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "arn:aws:ec2:*:*:instance/*", "Condition": { "StringEquals": { "ec2:ResourceTag/team": "${aws:PrincipalTag/team}" } } }'),
      when('"StringEquals": { "aws:SourceVpce": ["vpce-1a2b3c4d5e6f7a8b9"] }, "StringLike": { "aws:SourceVpc": "vpc-*" }'),
      when('"StringEquals": { "kms:ViaService": "sqs.${aws:RequestedRegion}.amazonaws.com" }', '"kms:Decrypt"'),
      policy('{ "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": false } } }'),
      policy('{ "Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }'),
    ]);
  });
});
