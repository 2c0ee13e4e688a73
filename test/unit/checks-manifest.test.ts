import * as assert from 'assert';
import * as path from 'path';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { describeCases } from './findingCases';

const TRUST_DOC = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }';
/** A manifest with an inline trust policy and the given extra properties. */
const manifest = (props: string) => `{ "RoleName": "app", "AssumeRolePolicyDocument": ${TRUST_DOC}${props} }`;
const ROLE = 'x.role.json';
/** The ARNs of n AWS managed policies that exist and are not deprecated. */
const arns = (n: number) => getCatalog().managedPolicies().filter((p) => !p.deprecated).slice(0, n).map((p) => `"${p.arn}"`).join(', ');

describe('checks: role manifests', () => {
  describeCases([
    {
      name: 'a role name with a space',
      file: ROLE,
      source: manifest('').replace('"app"', '[["bad name"]]'),
      code: 'INVALID_ROLE_NAME', severity: 'error',
      message: '"bad name" is not a valid role name: 1-64 characters of letters, digits and + = , . @ _ -.',
    },
    {
      name: 'a role name of 65 characters',
      file: ROLE,
      source: manifest('').replace('"app"', `[["${'r'.repeat(65)}"]]`),
      code: 'INVALID_ROLE_NAME', severity: 'error',
      message: `"${'r'.repeat(65)}" is not a valid role name: 1-64 characters of letters, digits and + = , . @ _ -.`,
    },
    {
      name: 'an InstanceProfile that is not a boolean',
      file: ROLE,
      source: manifest(', "InstanceProfile": [["yes"]]'),
      code: 'DATA_TYPE_MISMATCH', severity: 'error',
      message: 'InstanceProfile is true (an instance profile of the role\'s name holds the role, for EC2) or false.',
    },
    {
      name: 'a path without its slashes',
      file: ROLE,
      source: manifest(', "Path": [["app"]]'),
      code: 'INVALID_ROLE_PATH', severity: 'error',
      message: '"app" is not a valid path: it starts and ends with / (such as /application/), with at most 512 printable characters.',
    },
    {
      name: 'a description over 1,000 characters',
      file: ROLE,
      source: manifest(`, "Description": [["${'d'.repeat(1001)}"]]`),
      code: 'INVALID_DESCRIPTION', severity: 'error',
      message: 'The role description has 1001 characters; IAM allows at most 1,000.',
    },
    {
      name: 'a session of one minute',
      file: ROLE,
      source: manifest(', "MaxSessionDuration": [[60]]'),
      code: 'INVALID_SESSION_DURATION', severity: 'error',
      message: '60 is not a valid MaxSessionDuration: a whole number of seconds from 3600 (1 hour) to 43200 (12 hours).',
    },
    {
      name: 'an inline policy name with a slash',
      file: ROLE,
      source: manifest(', "Policies": [ { "PolicyName": [["read/s3"]], "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } ]'),
      code: 'INVALID_POLICY_NAME', severity: 'error',
      message: '"read/s3" is not a valid policy name: 1-128 characters of letters, digits and + = , . @ _ -.',
    },
    {
      name: 'two inline policies named alike',
      file: ROLE,
      source: manifest(', "Policies": [ { "PolicyName": "read", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } }, { "PolicyName": [["Read"]], "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" } ] } } ]'),
      code: 'DUPLICATE_POLICY_NAME', severity: 'error',
      message: '"Read" is the name of another policy of this role too (names are case-insensitive): rename one.',
    },
    {
      name: 'a tag key with a character tags do not allow',
      file: ROLE,
      source: manifest(', "Tags": [ { "Key": "[[team#1]]", "Value": "a" } ]'),
      code: 'INVALID_TAG', severity: 'error',
      message: '"team#1" is not a valid tag key: 1-128 letters, digits, spaces and _ . : / = + - @.',
    },
    {
      name: 'two tags with one key in another case',
      file: ROLE,
      source: manifest(', "Tags": [ { "Key": "team", "Value": "a" }, { "Key": "[[Team]]", "Value": "b" } ]'),
      code: 'INVALID_TAG', severity: 'error',
      message: '"Team" is the key of another tag too (keys are case-insensitive): remove one.',
    },
    {
      name: 'a tag value with a character tags do not allow',
      file: ROLE,
      source: manifest(', "Tags": [ { "Key": "team", "Value": "[[a;b]]" } ]'),
      code: 'INVALID_TAG', severity: 'error',
      message: '"a;b" is not a valid tag value: 0-256 letters, digits, spaces and _ . : / = + - @.',
    },
    {
      name: 'a reserved tag key',
      file: ROLE,
      source: manifest(', "Tags": [ { "Key": "[[aws:team]]", "Value": "a" } ]'),
      code: 'INVALID_TAG', severity: 'error',
      message: '"aws:team" starts with aws:, which is reserved for AWS: use another tag key.',
    },
    {
      name: '51 tags',
      file: ROLE,
      source: manifest(`, "[[Tags]]": [ ${Array.from({ length: 51 }, (_, i) => `{ "Key": "k${i}", "Value": "v" }`).join(', ')} ]`),
      code: 'TOO_MANY_TAGS', severity: 'error',
      message: 'The role has 51 tags; IAM allows at most 50.',
    },
    {
      name: 'a managed policy ARN without the policy/ part',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws:iam::aws:AmazonS3ReadOnlyAccess]]"]'),
      code: 'INVALID_POLICY_ARN', severity: 'error',
      message: '"arn:aws:iam::aws:AmazonS3ReadOnlyAccess" is not a managed policy ARN: the AWS managed policy AmazonS3ReadOnlyAccess is arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]'),
    },
    {
      name: 'seed 002: an AWS managed policy written without its service-role/ path',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy]]"]'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"AmazonECSTaskExecutionRolePolicy" has the path /service-role/, so this ARN names no policy and attaching it fails (NoSuchEntity): its ARN is arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]'),
    },
    {
      name: 'an AWS managed policy that does not exist, did you mean',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess]]"]'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"AmazonS3ReadOnlyAcess" is no AWS managed policy, so attaching it fails (NoSuchEntity): did you mean "AmazonS3ReadOnlyAccess"?',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]'),
    },
    {
      name: 'a deprecated AWS managed policy, with the replacement AWS documents',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM]]"]'),
      code: 'DEPRECATED_MANAGED_POLICY', severity: 'warning',
      message: '"AmazonEC2RoleforSSM" is deprecated by AWS and cannot be attached to new roles: attach AmazonSSMManagedInstanceCore instead.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]'),
    },
    {
      name: 'a permissions boundary that is not a policy ARN',
      file: ROLE,
      source: manifest(', "PermissionsBoundary": "[[boundary]]"'),
      code: 'INVALID_POLICY_ARN', severity: 'error',
      message: '"boundary" is not a managed policy ARN: PermissionsBoundary names one such as arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name.',
    },
    {
      name: 'eleven managed policies',
      file: ROLE,
      source: manifest(`, "[[ManagedPolicyArns]]": [${arns(11)}]`),
      code: 'TOO_MANY_MANAGED_POLICIES', severity: 'warning',
      message: 'A role can have 10 managed policies attached by default (an adjustable quota, up to 20, in Service Quotas); this manifest attaches: 11',
    },
    {
      name: 'a property in the wrong case',
      file: ROLE,
      source: manifest(', "[[roleName]]": "x"').replace('"RoleName": "app", ', ''),
      code: 'UNKNOWN_MANIFEST_PROPERTY', severity: 'error',
      message: 'A role manifest has RoleName, Description, Path, MaxSessionDuration, AssumeRolePolicyDocument, ManagedPolicyArns, CustomerManagedPolicies, Policies, PermissionsBoundary, Tags, InstanceProfile; property names are case-sensitive: "RoleName": roleName',
      fixed: manifest(', "RoleName": "x"').replace('"RoleName": "app", ', ''),
    },
    {
      name: 'inline policies over 10,240 characters in total',
      file: ROLE,
      source: manifest(`, "[[Policies]]": [ ${[1, 2].map((i) => `{ "PolicyName": "p${i}", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Sid": "${'S'.repeat(5200)}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } }`).join(', ')} ]`),
      code: 'INLINE_POLICIES_SIZE_EXCEEDS_QUOTA', severity: 'error',
      message: 'A role\'s inline policies may have at most 10240 characters in total, whitespace not counted; move some into managed policies. These have: 10610',
    },
    {
      name: 'an inline trust policy checked as a trust policy',
      file: ROLE,
      source: manifest('').replace('"sts:AssumeRole" }', '"sts:AssumeRole", "[[Resource]]": "*" }'),
      code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', severity: 'error',
      message: 'A trust policy applies to its role, so it cannot name resources: remove Resource.',
      fixed: manifest(''),
    },
    {
      name: 'a referenced file that does not exist',
      file: '/tmp/iam-author-none/x.role.json',
      source: '{ "RoleName": "r", "AssumeRolePolicyDocument": "[[./missing.trust.json]]" }',
      code: 'MISSING_FILE', severity: 'error',
      message: '"./missing.trust.json" does not exist (paths are relative to the manifest\'s folder): create it, or correct the path.',
    },
  ]);

  describe('referenced files', () => {
    const dir = path.resolve('/work/roles');
    const files: Record<string, string> = {
      [path.join(dir, 'app.trust.json')]: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2" }, "Action": "sts:AssumeRole", "Resource": "*" } ] }',
      [path.join(dir, 'read.policy.json')]: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" } ] }',
      [path.join(dir, 'huge.policy.json')]: `{ "Version": "2012-10-17", "Statement": [${'['.repeat(300)}`,
    };
    const readFile = (p: string) => files[p];
    const text = '{ "RoleName": "app", "AssumeRolePolicyDocument": "./app.trust.json", "CustomerManagedPolicies": [ { "PolicyName": "read", "PolicyDocument": "./read.policy.json" }, { "PolicyName": "huge", "PolicyDocument": "./huge.policy.json" } ] }';

    it('checks each file as its kind and reports in that file', () => {
      const findings = checkText(text, { catalog: getCatalog, fileName: path.join(dir, 'app.role.json'), readFile });
      assert.deepStrictEqual(findings.map((f) => [path.basename(f.file ?? ''), f.code, (f.file ? files[f.file] : text).slice(f.offset, f.offset + f.length)]), [
        ['app.trust.json', 'INVALID_SERVICE_PRINCIPAL_FORMAT', 'ec2'],
        ['app.trust.json', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', 'Resource'],
        ['read.policy.json', 'INVALID_EFFECT', 'allow'],
        ['huge.policy.json', 'DOCUMENT_TOO_LARGE', '{'],
      ]);
    });
  });

  it('checks a file the manifest names twice once, and reports it where it is first named', () => {
    const dir = path.resolve('/work/roles');
    const policyFile = path.join(dir, 'read.policy.json');
    const policyText = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" } ] }';
    const reads: string[] = [];
    const readFile = (p: string) => {
      reads.push(path.basename(p));
      return p === policyFile ? policyText : undefined;
    };
    const text = '{ "RoleName": "app", "AssumeRolePolicyDocument": "./none.trust.json", "CustomerManagedPolicies": [ { "PolicyName": "read", "PolicyDocument": "./read.policy.json" } ], "Policies": [ { "PolicyName": "again", "PolicyDocument": "./read.policy.json" } ] }';
    const findings = checkText(text, { catalog: getCatalog, fileName: path.join(dir, 'app.role.json'), readFile });
    assert.deepStrictEqual(findings.map((f) => [path.basename(f.file ?? ''), f.code, f.offset]), [
      ['', 'MISSING_FILE', text.indexOf('./none.trust.json')],
      ['read.policy.json', 'INVALID_EFFECT', policyText.indexOf('allow')],
    ]);
    assert.deepStrictEqual(reads, ['none.trust.json', 'read.policy.json']);
  });

  it('reports a tag without a Value', () => {
    const text = manifest(', "Tags": [ { "Key": "team" } ]');
    assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName: ROLE }).map((f) => [f.code, text.slice(f.offset, f.offset + f.length), f.message]),
      [['INVALID_TAG', '{ "Key": "team" }', 'Each tag is an object with a string Key and a string Value.']]);
  });

  it('accepts AWS managed policies that exist, with their paths, in any partition, and customer managed ones', () => {
    const text = manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", '
      + '"arn:aws-cn:iam::aws:policy/ReadOnlyAccess", "arn:aws-us-gov:iam::aws:policy/SomeGovCloudOnlyPolicy", "arn:aws:iam::123456789012:policy/app/Reader"]');
    assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName: ROLE }), []);
  });

  it('reports a manifest that is not an object, and nothing else', () => {
    assert.deepStrictEqual(checkText('[]', { catalog: getCatalog, fileName: ROLE }).map((f) => [f.code, f.offset, f.length, f.message]),
      [['DATA_TYPE_MISMATCH', 0, 2, 'A role manifest is a JSON object with RoleName, AssumeRolePolicyDocument and the role\'s policies.']]);
  });
});

describe('checks: role manifests, audited by family', () => {
  describeCases([
    {
      name: 'a Lambda role\'s basic execution policy written without service-role/',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "[[arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole]]"]'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"AWSLambdaBasicExecutionRole" has the path /service-role/, so this ARN names no policy and attaching it fails (NoSuchEntity): its ARN is arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]'),
    },
    {
      name: 'a policy of the root path written with service-role/, in another partition',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws-us-gov:iam::aws:policy/service-role/AmazonS3ReadOnlyAccess]]"]'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"AmazonS3ReadOnlyAccess" has the path /, so this ARN names no policy and attaching it fails (NoSuchEntity): its ARN is arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess"]'),
    },
    {
      name: 'a job-function policy written without its path',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws:iam::aws:policy/ViewOnlyAccess]]"]'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"ViewOnlyAccess" has the path /job-function/, so this ARN names no policy and attaching it fails (NoSuchEntity): its ARN is arn:aws:iam::aws:policy/job-function/ViewOnlyAccess.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]'),
    },
    {
      name: 'an AWS managed policy\'s bare name, as CloudFormation users sometimes write it',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[AmazonEC2ContainerRegistryReadOnly]]"]'),
      code: 'INVALID_POLICY_ARN', severity: 'error',
      message: '"AmazonEC2ContainerRegistryReadOnly" is not a managed policy ARN: the AWS managed policy AmazonEC2ContainerRegistryReadOnly is arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly.',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"]'),
    },
    {
      name: 'a name that is no policy, not an ARN either',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[MyReadPolicy]]"]'),
      code: 'INVALID_POLICY_ARN', severity: 'error',
      message: '"MyReadPolicy" is not a managed policy ARN: each of ManagedPolicyArns names one such as arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name.',
    },
    {
      name: 'a customer managed policy attached under a name close to one the manifest declares (seed 000)',
      file: ROLE,
      source: manifest(', "CustomerManagedPolicies": [ { "PolicyName": "RWDS3Objects", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" } ] } } ], "ManagedPolicyArns": ["[[arn:aws:iam::123456789012:policy/RWDS3Object]]"]'),
      code: 'UNKNOWN_POLICY_NAME', severity: 'warning',
      message: '"RWDS3Object" is a policy no manifest here declares, so attaching it fails unless it exists already: did you mean "RWDS3Objects"?',
      fixed: manifest(', "CustomerManagedPolicies": [ { "PolicyName": "RWDS3Objects", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" } ] } } ], "ManagedPolicyArns": ["arn:aws:iam::123456789012:policy/RWDS3Objects"]'),
    },
    {
      name: 'a permissions boundary written without the policy\'s path',
      file: ROLE,
      source: manifest(', "PermissionsBoundary": "[[arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole]]"'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"AWSLambdaBasicExecutionRole" has the path /service-role/, so this ARN names no policy and attaching it fails (NoSuchEntity): its ARN is arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole.',
      fixed: manifest(', "PermissionsBoundary": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"'),
    },
    {
      name: 'a deprecated AWS managed policy as the permissions boundary',
      file: ROLE,
      source: manifest(', "PermissionsBoundary": "[[arn:aws:iam::aws:policy/AWSLambdaFullAccess]]"'),
      code: 'DEPRECATED_MANAGED_POLICY', severity: 'warning',
      message: '"AWSLambdaFullAccess" is deprecated by AWS and cannot be attached to new roles: attach AWSLambda_FullAccess instead.',
      fixed: manifest(', "PermissionsBoundary": "arn:aws:iam::aws:policy/AWSLambda_FullAccess"'),
    },
    {
      name: 'a misspelt name in the wrong case, did you mean',
      file: ROLE,
      source: manifest(', "ManagedPolicyArns": ["[[arn:aws:iam::aws:policy/AmazonS3ReadonlyAccess]]"]'),
      code: 'UNKNOWN_MANAGED_POLICY', severity: 'error',
      message: '"AmazonS3ReadonlyAccess" is no AWS managed policy, so attaching it fails (NoSuchEntity): did you mean "AmazonS3ReadOnlyAccess"?',
      fixed: manifest(', "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]'),
    },
  ]);
});
