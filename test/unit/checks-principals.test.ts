import { assertClean, describeCases, policy } from './findingCases';

const TRUST = 'x.trust.json';
/** A trust policy with one Allow statement: the principal, the action and an optional rest. */
const trust = (principal: string, action = '"sts:AssumeRole"', rest = '') => policy(`{ "Effect": "Allow", "Principal": ${principal}, "Action": ${action}${rest} }`);
const GITHUB = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const githubConditions = (sub: string) => `, "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, "StringLike": { "token.actions.githubusercontent.com:sub": "${sub}" } }`;

describe('checks: principals', () => {
  describeCases([
    {
      name: 'a Principal in a role\'s inline (identity) policy, removed by the fix',
      file: 'x.role.json',
      source: '{ "RoleName": "r", "AssumeRolePolicyDocument": "./r.trust.json", "Policies": [ { "PolicyName": "p", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "[[Principal]]": "*", "Action": "s3:GetObject", "Resource": "*" } ] } } ] }',
      code: 'UNSUPPORTED_PRINCIPAL', severity: 'error',
      message: 'An identity policy applies to the identity it is attached to, so it cannot name a principal: remove Principal, or write the document as a trust or resource policy.',
      fixed: '{ "RoleName": "r", "AssumeRolePolicyDocument": "./r.trust.json", "Policies": [ { "PolicyName": "p", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } ] }',
      also: ['MISSING_FILE'],
    },
    {
      name: 'seed 004 style: a service principal without .amazonaws.com',
      file: TRUST,
      source: trust('{ "Service": "[[ec2]]" }'),
      code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', severity: 'error',
      message: '"ec2" is not a service principal: write the service\'s full name, such as ec2.amazonaws.com.',
      fixed: trust('{ "Service": "ec2.amazonaws.com" }'),
    },
    {
      name: 'a service principal ending in .amazonaws',
      file: TRUST,
      source: trust('{ "Service": ["[[ecs-tasks.amazonaws]]"] }'),
      code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', severity: 'error',
      message: '"ecs-tasks.amazonaws" is not a service principal: write the service\'s full name, such as ec2.amazonaws.com.',
      fixed: trust('{ "Service": ["ecs-tasks.amazonaws.com"] }'),
    },
    {
      name: 'a misspelt service principal, did you mean',
      file: TRUST,
      source: trust('{ "Service": "[[lamda.amazonaws.com]]" }'),
      code: 'UNKNOWN_SERVICE_PRINCIPAL', severity: 'error',
      message: '"lamda.amazonaws.com" is no AWS service principal, and IAM refuses the policy: did you mean "lambda.amazonaws.com"?',
      fixed: trust('{ "Service": "lambda.amazonaws.com" }'),
    },
    {
      name: 'a wildcard inside a service principal',
      file: TRUST,
      source: trust('{ "Service": "[[*.amazonaws.com]]" }'),
      code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', severity: 'error',
      message: '"*.amazonaws.com" has a wildcard, which service principals cannot: name one service, such as ec2.amazonaws.com.',
    },
    {
      name: 'a wildcard inside an AWS principal ARN',
      file: TRUST,
      source: trust('{ "AWS": "[[arn:aws:iam::123456789012:role/ci-*]]" }'),
      code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', severity: 'error',
      message: '"arn:aws:iam::123456789012:role/ci-*" has a wildcard inside it, which matches nothing in an AWS principal: name the principals, or use "*" with a condition such as aws:PrincipalArn.',
    },
    {
      name: 'an account ID written with dashes',
      file: TRUST,
      source: trust('{ "AWS": "[[1234-5678-9012]]" }'),
      code: 'INVALID_AWS_PRINCIPAL', severity: 'error',
      message: '"1234-5678-9012" is not an AWS principal: write "*", a 12-digit account ID, or the ARN of an account (arn:aws:iam::123456789012:root), user or role.',
      fixed: trust('{ "AWS": "123456789012" }'),
    },
    {
      name: 'an account ARN with a short account ID',
      file: TRUST,
      source: trust('{ "AWS": "[[arn:aws:iam::123:root]]" }'),
      code: 'INVALID_AWS_PRINCIPAL', severity: 'error',
      message: '"arn:aws:iam::123:root" is not an AWS principal: write "*", a 12-digit account ID, or the ARN of an account (arn:aws:iam::123456789012:root), user or role.',
    },
    {
      name: 'a deleted role shown by its unique ID',
      file: TRUST,
      source: trust('{ "AWS": "[[AROAEXAMPLEEXAMPLE123]]" }'),
      code: 'INVALID_ROLE_REFERENCE', severity: 'warning',
      message: '"AROAEXAMPLEEXAMPLE123" is a role\'s unique ID, which IAM shows once the role is deleted (a role created again with the same name gets another): use the role\'s ARN.',
    },
    {
      name: 'a deleted user shown by its unique ID',
      file: TRUST,
      source: trust('{ "AWS": "[[AIDAEXAMPLEEXAMPLE123]]" }'),
      code: 'INVALID_USER_REFERENCE', severity: 'warning',
      message: '"AIDAEXAMPLEEXAMPLE123" is a user\'s unique ID, which IAM shows once the user is deleted (a user created again with the same name gets another): use the user\'s ARN.',
    },
    {
      name: 'a principal key in the wrong case',
      file: TRUST,
      source: trust('{ "[[service]]": "ec2.amazonaws.com" }'),
      code: 'INVALID_PRINCIPAL_KEY', severity: 'error',
      message: '"service" is not a principal key: use AWS, Service, Federated, CanonicalUser (case-sensitive).',
      fixed: trust('{ "Service": "ec2.amazonaws.com" }'),
    },
    {
      name: 'a principal written as a bare string: the object it means',
      file: TRUST,
      source: trust('[["ec2.amazonaws.com"]]'),
      code: 'INVALID_PRINCIPAL_FORMAT', severity: 'error',
      message: '"ec2.amazonaws.com" is not a Principal: write "*" or an object such as {"AWS": "..."} or {"Service": "..."}.',
      fixed: trust('{"Service":"ec2.amazonaws.com"}'),
    },
    {
      name: 'a principal value of the wrong type',
      file: TRUST,
      source: trust('{ "AWS": [[123456789012]] }'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'AWS has a value of the wrong type: a principal value is a string or an array of strings.',
    },
    {
      name: 'a trust policy anyone can assume',
      file: TRUST,
      source: trust('{ "AWS": "[[*]]" }'),
      code: 'TRUST_ANYONE', severity: 'error',
      message: 'Anyone in any AWS account could assume this role: name the accounts or roles that may, or add a condition such as aws:PrincipalOrgID.',
    },
    {
      name: '"Principal": "*" in a trust policy, which IAM does not support',
      file: TRUST,
      source: trust('[["*"]]', '"sts:AssumeRole"', ', "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }'),
      code: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', severity: 'error',
      message: '"Principal": "*" is not supported in a role trust policy: name who may assume the role, such as {"AWS": "arn:aws:iam::123456789012:root"} ({"AWS": "*"} with conditions for anyone).',
      fixed: trust('{"AWS":"*"}', '"sts:AssumeRole"', ', "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }'),
    },
    {
      name: 'a near miss of the ECS tasks principal',
      file: TRUST,
      source: trust('{ "Service": "[[ecs-task.amazonaws.com]]" }'),
      code: 'UNKNOWN_SERVICE_PRINCIPAL', severity: 'error',
      message: '"ecs-task.amazonaws.com" is no AWS service principal, and IAM refuses the policy: did you mean "ecs-tasks.amazonaws.com"?',
      fixed: trust('{ "Service": "ecs-tasks.amazonaws.com" }'),
    },
    {
      name: 'seed 003: GitHub OIDC trust without a repository condition',
      file: TRUST,
      source: trust(`{ "Federated": "[[${GITHUB}]]" }`, '"sts:AssumeRoleWithWebIdentity"', ', "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }'),
      code: 'MISSING_GITHUB_REPO_CONDITION_KEY', severity: 'securityWarning',
      message: '"token.actions.githubusercontent.com" without a condition on token.actions.githubusercontent.com:sub lets any GitHub repository\'s workflow assume this role: add a StringLike condition such as "repo:OWNER/REPO:ref:refs/heads/main".',
    },
    {
      name: 'GitHub OIDC trust for every repository of an owner',
      file: TRUST,
      source: trust(`{ "Federated": "${GITHUB}" }`, '"sts:AssumeRoleWithWebIdentity"', githubConditions('[[repo:acme/*]]')),
      code: 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', severity: 'warning',
      message: '"repo:acme/*" matches workflows of more repositories than one: name the repository, as in "repo:OWNER/REPO:ref:refs/heads/main" or "repo:OWNER/REPO:*".',
    },
    {
      name: 'an EKS OIDC provider without aud and sub conditions',
      file: TRUST,
      source: trust('{ "Federated": "[[arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC]]" }', '"sts:AssumeRoleWithWebIdentity"'),
      code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', severity: 'securityWarning',
      message: '"oidc.eks.us-east-1.amazonaws.com/id/ABC" needs oidc.eks.us-east-1.amazonaws.com/id/ABC:aud and oidc.eks.us-east-1.amazonaws.com/id/ABC:sub conditions, so that only tokens issued for your application and workloads can assume this role.',
    },
    {
      name: 'a federated principal written as a URL',
      file: TRUST,
      source: trust('{ "Federated": "[[https://accounts.google.com]]" }', '"sts:AssumeRoleWithWebIdentity"', ', "Condition": { "StringEquals": { "accounts.google.com:aud": "app" } }'),
      code: 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', severity: 'error',
      message: '"https://accounts.google.com" is not a federated principal: write the ARN of an IAM identity provider (arn:aws:iam::123456789012:oidc-provider/HOST or saml-provider/NAME) or a web identity provider\'s domain, such as accounts.google.com.',
      fixed: trust('{ "Federated": "accounts.google.com" }', '"sts:AssumeRoleWithWebIdentity"', ', "Condition": { "StringEquals": { "accounts.google.com:aud": "app" } }'),
    },
    {
      name: 'a federated principal in a resource policy',
      source: policy('{ "Effect": "Allow", "Principal": { "Federated": "[[accounts.google.com]]" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }'),
      code: 'FEDERATED_PRINCIPAL_NOT_SUPPORTED', severity: 'error',
      message: '"accounts.google.com" is an identity provider, which resource policies cannot name: a federated user acts through a role, so name that role.',
    },
    {
      name: 'a SAML provider with sts:AssumeRole',
      file: TRUST,
      source: trust('{ "Federated": "arn:aws:iam::123456789012:saml-provider/Okta" }', '"[[sts:AssumeRole]]"'),
      code: 'MISMATCHED_ACTION_FOR_PRINCIPAL', severity: 'error',
      message: '"sts:AssumeRole" does not let a principal of this identity provider assume the role: it assumes it with sts:AssumeRoleWithSAML, so add that to Action.',
      fixed: trust('{ "Federated": "arn:aws:iam::123456789012:saml-provider/Okta" }', '"sts:AssumeRoleWithSAML"'),
    },
    {
      name: 'a service principal with sts:AssumeRoleWithWebIdentity',
      file: TRUST,
      source: trust('{ "Service": "ec2.amazonaws.com" }', '"[[sts:AssumeRoleWithWebIdentity]]"'),
      code: 'MISMATCHED_ACTION_FOR_PRINCIPAL', severity: 'error',
      message: '"sts:AssumeRoleWithWebIdentity" does not let an AWS or service principal assume the role: it assumes it with sts:AssumeRole, so add that to Action.',
      fixed: trust('{ "Service": "ec2.amazonaws.com" }', '"sts:AssumeRole"'),
    },
    {
      name: 'IAM Roles Anywhere without sts:SetSourceIdentity and sts:TagSession',
      file: TRUST,
      source: trust('{ "Service": "rolesanywhere.amazonaws.com" }', '"sts:AssumeRole"').replace('"Action"', '"[[Action]]"'),
      code: 'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', severity: 'error',
      message: '"rolesanywhere.amazonaws.com" (IAM Roles Anywhere) needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to assume a role: add sts:SetSourceIdentity, sts:TagSession.',
      fixed: trust('{ "Service": "rolesanywhere.amazonaws.com" }', '["sts:AssumeRole","sts:SetSourceIdentity","sts:TagSession"]'),
    },
    {
      name: 'a session principal beside its own role',
      file: TRUST,
      source: trust('{ "AWS": ["arn:aws:iam::123456789012:role/ci", "[[arn:aws:sts::123456789012:assumed-role/ci/build]]"] }'),
      code: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', severity: 'suggestion',
      message: '"arn:aws:sts::123456789012:assumed-role/ci/build" is a session of the role ci, listed too, which covers all of its sessions: remove the session.',
      fixed: trust('{ "AWS": ["arn:aws:iam::123456789012:role/ci"] }'),
    },
    {
      name: 'Allow with NotPrincipal in a resource policy',
      source: policy('{ "Effect": "Allow", "[[NotPrincipal]]": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }'),
      code: 'ALLOW_WITH_NOT_PRINCIPAL', severity: 'securityWarning',
      message: 'Allow with NotPrincipal allows everyone except the listed principals, including anonymous users; name the principals to allow instead.',
    },
  ]);

  it('accepts the principals of real trust and resource policies', () => {
    assertClean([
      trust('{ "Service": ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"] }'),
      trust('{ "AWS": ["123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/path/ci", "arn:aws:sts::123456789012:assumed-role/other/s"] }', '["sts:AssumeRole", "sts:TagSession"]'),
      trust('{ "AWS": "*" }', '"sts:AssumeRole"', ', "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }'),
      trust(`{ "Federated": "${GITHUB}" }`, '"sts:AssumeRoleWithWebIdentity"', githubConditions('repo:acme/app:*')),
      trust('{ "Federated": "arn:aws:iam::123456789012:saml-provider/Okta" }', '["sts:AssumeRoleWithSAML", "sts:TagSession"]', ', "Condition": { "StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } }'),
      trust('{ "Federated": "cognito-identity.amazonaws.com" }', '"sts:AssumeRoleWithWebIdentity"', ', "Condition": { "StringEquals": { "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012" } }'),
      trust('{ "Service": "rolesanywhere.amazonaws.com" }', '["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]'),
      trust('{ "Service": ["redshift.us-east-1.amazonaws.com", "redshift.eu-west-1.amazonaws.com"] }'),
    ], TRUST);
    assertClean([
      policy('{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": { "Bool": { "aws:SecureTransport": "false" } } }'),
      policy('{ "Effect": "Deny", "NotPrincipal": { "AWS": "arn:aws:iam::123456789012:role/admin" }, "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::b" }'),
      policy('{ "Effect": "Allow", "Principal": { "Service": "logs.eu-west-1.amazonaws.com" }, "Action": "firehose:PutRecord", "Resource": "arn:aws:firehose:eu-west-1:123456789012:deliverystream/logs", "Condition": { "StringEquals": { "aws:SourceAccount": "123456789012" } } }'),
      policy('{ "Effect": "Allow", "Principal": { "Service": "logging.s3.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*", "Condition": { "StringEquals": { "aws:SourceAccount": "123456789012" } } }'),
    ]);
  });
});

describe('checks: principals, audited by family', () => {
  describeCases([
    {
      name: 'a near miss of a known service principal in a role manifest\'s inline trust policy',
      file: 'x.role.json',
      source: '{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": ["ec2.amazonaws.com", "[[lamda.amazonaws.com]]"] }, "Action": "sts:AssumeRole" } ] } }',
      code: 'UNKNOWN_SERVICE_PRINCIPAL', severity: 'error',
      message: '"lamda.amazonaws.com" is no AWS service principal, and IAM refuses the policy: did you mean "lambda.amazonaws.com"?',
      fixed: '{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, "Action": "sts:AssumeRole" } ] } }',
    },
    {
      name: 'a known principal with an unknown name in front is not a typo of it: a warning',
      file: TRUST,
      source: trust('{ "Service": "[[ops.cloudtrail.amazonaws.com]]" }'),
      code: 'UNKNOWN_SERVICE_PRINCIPAL', severity: 'warning',
      message: '"ops.cloudtrail.amazonaws.com" is not a service principal IAM Author knows: check the service\'s documentation for its principal.',
    },
    {
      name: '"Principal": "*" in a Deny of a trust policy',
      file: TRUST,
      source: policy('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }, { "Effect": "Deny", "Principal": [["*"]], "Action": "sts:AssumeRole", "Condition": { "StringNotEquals": { "aws:SourceAccount": "123456789012" } } }'),
      code: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', severity: 'error',
      message: '"Principal": "*" is not supported in a role trust policy: name who may assume the role, such as {"AWS": "arn:aws:iam::123456789012:root"} ({"AWS": "*"} with conditions for anyone).',
      fixed: policy('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }, { "Effect": "Deny", "Principal": {"AWS":"*"}, "Action": "sts:AssumeRole", "Condition": { "StringNotEquals": { "aws:SourceAccount": "123456789012" } } }'),
    },
  ]);

  it('knows the service-specific principals AWS documents and CloudFront\'s origin access identities', () => {
    assertClean([
      trust('{ "Service": ["ops.apigateway.amazonaws.com", "cloudwatch-crossaccount.amazonaws.com"] }'),
      trust('{ "Service": ["resources.cloudformation.amazonaws.com", "hooks.cloudformation.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com"] }'),
      trust('{ "Service": ["states.eu-west-1.amazonaws.com", "codedeploy.us-east-1.amazonaws.com", "ecs.application-autoscaling.amazonaws.com", "pods.eks.amazonaws.com"] }'),
    ], TRUST);
    assertClean([
      policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }'),
      policy('{ "Effect": "Allow", "Principal": { "Service": "delivery.logs.amazonaws.com" }, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/*:log-stream:*", "Condition": { "StringEquals": { "aws:SourceAccount": "123456789012" } } }'),
    ]);
  });
});

describe('checks: several service principals in one string, audited', () => {
  describeCases([
    {
      name: 'comma-separated service principals, alone',
      file: TRUST,
      source: trust('{ "Service": "[[lambda.amazonaws.com, edgelambda.amazonaws.com]]" }'),
      code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', severity: 'error',
      message: '"lambda.amazonaws.com, edgelambda.amazonaws.com" holds several service principals in one string: write each as a string of its own in a list.',
      fixed: trust('{ "Service": ["lambda.amazonaws.com","edgelambda.amazonaws.com"] }'),
    },
    {
      name: 'comma-separated service principals inside a list',
      file: TRUST,
      source: trust('{ "Service": ["ecs-tasks.amazonaws.com", "[[ec2.amazonaws.com,ssm.amazonaws.com]]"] }'),
      code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', severity: 'error',
      message: '"ec2.amazonaws.com,ssm.amazonaws.com" holds several service principals in one string: write each as a string of its own in a list.',
      fixed: trust('{ "Service": ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com", "ssm.amazonaws.com"] }'),
    },
  ]);
});

describe('checks: trust policy actions and elements, audited', () => {
  describeCases([
    {
      name: 'iam:PassRole written in a trust policy: no action lets the service assume the role',
      file: TRUST,
      source: trust('{ "Service": "ec2.amazonaws.com" }', '"[[iam:PassRole]]"'),
      code: 'MISMATCHED_ACTION_FOR_PRINCIPAL', severity: 'error',
      message: '"iam:PassRole" does not let an AWS or service principal assume the role: it assumes it with sts:AssumeRole, so add that to Action.',
      fixed: trust('{ "Service": "ec2.amazonaws.com" }', '"sts:AssumeRole"'),
    },
    {
      name: 'NotPrincipal in a trust policy is one finding, not also Allow with NotPrincipal',
      file: TRUST,
      source: policy('{ "Effect": "Allow", "[[NotPrincipal]]": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole" }'),
      code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', severity: 'error',
      message: 'Trust policies do not support NotPrincipal: name who may assume the role with Principal.',
    },
  ]);

  it('accepts a statement of session tags beside the one that assumes the role', () => {
    assertClean([
      policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/ci" }, "Action": "sts:AssumeRole" }, { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/ci" }, "Action": ["sts:TagSession", "sts:SetSourceIdentity"] }'),
      trust('{ "Service": "ec2.amazonaws.com" }', '"sts:*"'),
    ], TRUST);
  });
});
