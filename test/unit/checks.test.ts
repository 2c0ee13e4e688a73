import * as assert from 'assert';
import { checkText } from '../../src/iam/service';
import { applyEdits, marked } from './helpers';

/**
 * One case per check: a document with the offending range marked [[...]], the file name (which decides
 * the kind), the expected code, severity and a fragment of the message, and optionally the text the
 * preferred fix produces.
 */
interface Case {
  name: string;
  file?: string;
  source: string;
  code: string;
  severity: string;
  message: RegExp;
  fixed?: string;
}

const policy = (statement: string, version = '"Version": "2012-10-17", ') => `{ ${version}"Statement": [ ${statement} ] }`;

const cases: Case[] = [
  { name: 'JSON syntax', source: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow" [["Action"]]: "s3:GetObject", "Resource": "*" } ] }', code: 'JSON_SYNTAX_ERROR', severity: 'error', message: /JSON syntax error: CommaExpected/ },
  { name: 'duplicate keys', source: policy('{ "Effect": "Allow", "[[Effect]]": "Deny", "Action": "s3:GetObject", "Resource": "*" }'), code: 'DUPLICATE_KEY', severity: 'error', message: /appears more than once/ },
  { name: 'unknown statement element with case fix', source: policy('{ [["effect"]]: "Allow", "Action": "s3:GetObject", "Resource": "*" }'), code: 'INVALID_POLICY_ELEMENT', severity: 'error', message: /case-sensitive: use "Effect"/, fixed: '"Effect": "Allow"' },
  { name: 'missing Version', source: '[[{]] "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }', code: 'MISSING_VERSION', severity: 'warning', message: /Add "Version": "2012-10-17"/, fixed: '"Version": "2012-10-17"' },
  { name: 'invalid Version', source: '{ "Version": "[[2017-09-11]]", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }', code: 'INVALID_VERSION', severity: 'error', message: /: 2017-09-11$/, fixed: '"2012-10-17"' },
  { name: 'Effect case', source: policy('{ "Effect": "[[allow]]", "Action": "s3:GetObject", "Resource": "*" }'), code: 'INVALID_EFFECT', severity: 'error', message: /case-sensitive: use "Allow"/, fixed: '"Effect": "Allow"' },
  { name: 'missing Effect', source: policy('[[{]] "Action": "s3:GetObject", "Resource": "*" }'), code: 'MISSING_EFFECT', severity: 'error', message: /Add an Effect/ },
  { name: 'missing Action', source: policy('[[{]] "Effect": "Allow", "Resource": "*" }'), code: 'MISSING_ACTION', severity: 'error', message: /Add an Action/ },
  { name: 'missing Resource', source: policy('[[{]] "Effect": "Allow", "Action": "s3:GetObject" }'), code: 'MISSING_RESOURCE', severity: 'error', message: /Add a Resource/ },
  { name: 'Action and NotAction', source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", [["NotAction"]]: "s3:PutObject", "Resource": "*" }'), code: 'UNSUPPORTED_ELEMENT_COMBINATION', severity: 'error', message: /Action or NotAction, not both/ },
  { name: 'Principal in a role\'s (identity) policy', file: 'x.role.json', source: '{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }, "Policies": [ { "PolicyName": "p", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", [["Principal"]]: "*", "Action": "s3:GetObject", "Resource": "*" } ] } } ] }', code: 'UNSUPPORTED_PRINCIPAL', severity: 'error', message: /identity policy/ },
  { name: 'Resource in a trust policy', file: 'x.trust.json', source: policy('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", [["Resource"]]: "*" }'), code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', severity: 'error', message: /cannot name resources/ },
  { name: 'missing Principal in a trust policy', file: 'x.trust.json', source: policy('[[{]] "Effect": "Allow", "Action": "sts:AssumeRole" }'), code: 'MISSING_PRINCIPAL', severity: 'error', message: /who may assume/ },
  { name: 'Sid characters', source: policy('{ "Sid": "[[read-s3]]", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }'), code: 'UNSUPPORTED_SID', severity: 'error', message: /: read-s3$/, fixed: '"Sid": "reads3"' },
  { name: 'duplicate Sid', source: policy('{ "Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }, { "Sid": "[[A]]", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*" }'), code: 'UNIQUE_SIDS_RECOMMENDED', severity: 'warning', message: /same Sid/ },
  { name: 'empty Action', source: policy('{ "Effect": "Allow", "Action": [[[]]], "Resource": "*" }'), code: 'EMPTY_ARRAY_ACTION', severity: 'suggestion', message: /Action is empty/ },
  { name: 'wrong type', source: policy('{ "Effect": "Allow", "Action": [[42]], "Resource": "*" }'), code: 'DATA_TYPE_MISMATCH', severity: 'error', message: /string or an array of strings/ },
  { name: 'unknown action, did you mean', source: policy('{ "Effect": "Allow", "Action": "[[ecr:InitialLayerUpload]]", "Resource": "*" }'), code: 'INVALID_ACTION', severity: 'error', message: /did you mean ecr:InitiateLayerUpload\?/, fixed: '"ecr:InitiateLayerUpload"' },
  { name: 'unknown service', source: policy('{ "Effect": "Allow", "Action": "[[ecx]]:GetObject", "Resource": "*" }'), code: 'INVALID_SERVICE_IN_ACTION', severity: 'error', message: /prefix "ecx"/ },
  { name: 'wildcard matching nothing', source: policy('{ "Effect": "Allow", "Action": "[[s3:Fly*]]", "Resource": "*" }'), code: 'ACTION_WILDCARD_MATCHES_NOTHING', severity: 'error', message: /matches no s3 action/ },
  { name: 'ARN prefix', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "[[bucket/key]]" }'), code: 'INVALID_ARN_PREFIX', severity: 'error', message: /starting with "arn:"/ },
  { name: 'ARN fields', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "[[arn:aws:s3:bucket]]" }'), code: 'MISSING_ARN_FIELD', severity: 'error', message: /six fields/ },
  { name: 'partition', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:[[amazon]]:s3:::b/k" }'), code: 'INVALID_PARTITION', severity: 'error', message: /Unknown partition/ },
  { name: 'service case in ARN', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:[[S3]]:::b/k" }'), code: 'INVALID_ARN_SERVICE_CASE', severity: 'error', message: /lower case/, fixed: 'arn:aws:s3:::b/k' },
  { name: 'region', source: policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:[[virginia]]:123456789012:repository/x" }'), code: 'INVALID_ARN_REGION', severity: 'error', message: /Region name/ },
  { name: 'account', source: policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:us-east-1:[[1234]]:repository/x" }'), code: 'INVALID_ARN_ACCOUNT', severity: 'error', message: /12 digits/ },
  { name: 'ARN of no resource type of the actions', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "[[arn:aws:ecr:us-east-1:123456789012:repository/x]]" }'), code: 'RESOURCE_TYPE_MISMATCH', severity: 'suggestion', message: /s3:object/ },
  { name: 'wildcard-only action on an ARN', source: policy('{ "Effect": "Allow", "Action": ["[[ecr:GetAuthorizationToken]]"], "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/x" }'), code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning', message: /needs "Resource": "\*"/, fixed: '"Resource": "*"' },
  { name: 'template placeholder', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::[[{{bucket}}]]/*" }'), code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: /\{\{bucket\}\}$/ },
  { name: 'angle placeholder', source: policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:us-east-1:[[<ACCOUNT_ID>]]:repository/x" }'), code: 'TEMPLATE_PLACEHOLDER', severity: 'error', message: /<ACCOUNT_ID>$/ },
  { name: 'policy variable needs 2012-10-17', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/[[${aws:username}]]/*" }', '"Version": "2008-10-17", '), code: 'VARIABLE_UNSUPPORTED_IN_VERSION', severity: 'error', message: /2012-10-17/ },
  { name: 'unknown operator, did you mean', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "[[StringEqual]]": { "aws:username": "a" } } }'), code: 'INVALID_CONDITION_OPERATOR', severity: 'error', message: /did you mean StringEquals/, fixed: '"StringEquals"' },
  { name: 'Null with IfExists', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "[[NullIfExists]]": { "aws:username": "true" } } }'), code: 'NULL_WITH_IF_EXISTS', severity: 'error', message: /no IfExists form/ },
  { name: 'unknown global key', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "[[aws:SourceIPx]]": "a" } } }'), code: 'INVALID_GLOBAL_CONDITION_KEY', severity: 'error', message: /no global condition key/ },
  { name: 'unknown service key', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "[[s3:prefixx]]": "a" } } }'), code: 'INVALID_SERVICE_CONDITION_KEY', severity: 'error', message: /did you mean s3:prefix/ },
  { name: 'ForAllValues on a single-valued key', source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "[[ForAllValues:StringEquals]]": { "aws:username": "a" } } }'), code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', severity: 'securityWarning', message: /single-valued/ },
  { name: 'Bool value', source: policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "[[yes]]" } } }'), code: 'TYPE_MISMATCH_BOOLEAN', severity: 'warning', message: /true or false/ },
  { name: 'IP value', source: policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": "[[10.0.0.0/33]]" } } }'), code: 'TYPE_MISMATCH_IP_RANGE', severity: 'warning', message: /IP address/ },
  { name: 'IP key with a string operator', source: policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringEquals": { "[[aws:SourceIp]]": "203.0.113.1" } } }'), code: 'TYPE_MISMATCH', severity: 'warning', message: /IpAddress/ },
  { name: 'wildcard without Like', source: policy('{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": { "StringEquals": { "s3:prefix": "[[home/*]]" } } }'), code: 'WILDCARD_WITHOUT_LIKE_OPERATOR', severity: 'warning', message: /use StringLike/, fixed: '"StringLike"' },
  { name: 'service principal without .amazonaws.com', file: 'x.trust.json', source: policy('{ "Effect": "Allow", "Principal": { "Service": "[[ec2]]" }, "Action": "sts:AssumeRole" }'), code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', severity: 'error', message: /ec2\.amazonaws\.com/, fixed: '"ec2.amazonaws.com"' },
  { name: 'service principal .amazonaws', file: 'x.trust.json', source: policy('{ "Effect": "Allow", "Principal": { "Service": "[[ecs-tasks.amazonaws]]" }, "Action": "sts:AssumeRole" }'), code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', severity: 'error', message: /full name/, fixed: '"ecs-tasks.amazonaws.com"' },
  { name: 'anyone can assume', file: 'x.trust.json', source: policy('{ "Effect": "Allow", "Principal": { "AWS": "[[*]]" }, "Action": "sts:AssumeRole" }'), code: 'TRUST_ANYONE', severity: 'error', message: /Anyone in any AWS account/ },
  { name: 'AWS principal format', file: 'x.trust.json', source: policy('{ "Effect": "Allow", "Principal": { "AWS": "[[arn:aws:iam::123:root]]" }, "Action": "sts:AssumeRole" }'), code: 'INVALID_AWS_PRINCIPAL', severity: 'error', message: /12-digit account ID/ },
  { name: 'OIDC without conditions', file: 'x.trust.json', source: policy('{ "Effect": "Allow", "Principal": { "Federated": "[[arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC]]" }, "Action": "sts:AssumeRoleWithWebIdentity" }'), code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', severity: 'securityWarning', message: /:aud and .*:sub/ },
  { name: 'PassRole on *', source: policy('{ "Effect": "Allow", "Action": "[[iam:PassRole]]", "Resource": "*" }'), code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', severity: 'securityWarning', message: /pass any role/ },
  { name: 'Allow with NotAction', source: policy('{ "Effect": "Allow", [["NotAction"]]: "iam:*", "Resource": "*" }'), code: 'ALLOW_WITH_NOT_ACTION', severity: 'securityWarning', message: /every action not listed/ },
  { name: 'full admin', source: policy('{ "Effect": "Allow", "Action": "[[*]]", "Resource": "*" }'), code: 'FULL_ADMIN_ACCESS', severity: 'securityWarning', message: /administrator/ },
  { name: 'trust policy size', file: 'x.trust.json', source: `[[{]] "Version": "2012-10-17", "Statement": [ { "Sid": "${'A'.repeat(2100)}", "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }`, code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', severity: 'error', message: /at most 2048 characters/ },
  { name: 'role name', file: 'x.role.json', source: '{ "RoleName": [["bad name!"]], "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } }', code: 'INVALID_ROLE_NAME', severity: 'error', message: /1-64 characters/ },
  { name: 'session duration', file: 'x.role.json', source: '{ "RoleName": "r", "MaxSessionDuration": [[60]], "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } }', code: 'INVALID_SESSION_DURATION', severity: 'error', message: /3600 \(1 hour\) to 43200/ },
  { name: 'reserved tag key', file: 'x.role.json', source: '{ "RoleName": "r", "Tags": [ { "Key": "[[aws:team]]", "Value": "a" } ], "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } }', code: 'INVALID_TAG', severity: 'error', message: /reserved/ },
  { name: 'missing referenced file', file: '/tmp/iam-author-none/x.role.json', source: '{ "RoleName": "r", "AssumeRolePolicyDocument": "[[./missing.trust.json]]" }', code: 'MISSING_FILE', severity: 'error', message: /does not exist/ },
  { name: 'inline document checked as a trust policy', file: 'x.role.json', source: '{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", [["Resource"]]: "*" } ] } }', code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', severity: 'error', message: /cannot name resources/ },
];

describe('checks', () => {
  for (const c of cases) {
    it(`${c.code}: ${c.name}`, () => {
      const { text, offset, length } = marked(c.source);
      const fileName = c.file ?? 'x.policy.json';
      const findings = checkText(text, { fileName, readFile: () => undefined });
      const match = findings.filter((f) => f.code === c.code);
      assert.strictEqual(match.length, 1, `findings: ${JSON.stringify(findings.map((f) => `${f.code}@${f.offset}`))}`);
      const [f] = match;
      assert.deepStrictEqual({ offset: f.offset, length: f.length, severity: f.severity }, { offset, length, severity: c.severity },
        `covers "${text.slice(f.offset, f.offset + f.length)}"`);
      assert.match(f.message, c.message);
      if (c.fixed !== undefined) {
        const fix = f.fixes.find((x) => x.isPreferred);
        assert.ok(fix, 'a preferred fix');
        const after = applyEdits(text, fix.edits);
        assert.ok(after.includes(c.fixed), after);
        assert.deepStrictEqual(checkText(after, { fileName }).filter((x) => x.code === c.code), [], 'the fix resolves it');
      }
    });
  }

  it('reports nothing on correct documents of every kind', () => {
    const clean = [
      ['a.policy.json', policy('{ "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/${aws:username}/*"], "Condition": { "Bool": { "aws:SecureTransport": "true" }, "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } } }')],
      ['a.trust.json', policy('{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, "StringLike": { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" } } }')],
      ['b.trust.json', policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root", "Service": ["ecs-tasks.amazonaws.com"] }, "Action": "sts:AssumeRole" }')],
      ['bucket.json', policy('{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": { "Bool": { "aws:SecureTransport": "false" } } }')],
    ];
    for (const [file, text] of clean) assert.deepStrictEqual(checkText(text, { fileName: file }).map((f) => f.code), [], file);
  });

  it('treats other JSON as not a policy', () => {
    assert.deepStrictEqual(checkText('{ "name": "x", "Statement": [] }', { fileName: 'package.json' }), []);
  });
});
