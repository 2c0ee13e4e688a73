import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkText } from '../../src/iam/service';
import { applyEdits } from './helpers';
import { assertClean, describeCases, policy } from './findingCases';
import { getCatalog } from '../../src/iam/catalog';

const scoped = (action: string, resource: string, element = 'Resource') => policy(`{ "Effect": "Allow", "Action": ${action}, "${element}": "${resource}" }`);
const REPO = 'arn:aws:ecr:us-east-1:123456789012:repository/app';

describe('checks: resources', () => {
  describeCases([
    {
      name: 'not an ARN',
      source: scoped('"s3:GetObject"', '[[bucket/key]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: '"bucket/key" is not an ARN: a resource is "*" or an ARN starting with "arn:"; write the ARN in full.',
    },
    {
      name: 'upper-case prefix',
      source: scoped('"s3:GetObject"', '[[ARN:aws:s3:::b/k]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: '"ARN:aws:s3:::b/k" is not an ARN: a resource is "*" or an ARN starting with "arn:"; write the ARN in full.',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'too few fields',
      source: scoped('"s3:GetObject"', '[[arn:aws:s3:bucket]]'),
      code: 'MISSING_ARN_FIELD', severity: 'error',
      message: '"arn:aws:s3:bucket" has fewer than six fields: an ARN is arn:partition:service:region:account:resource (Region and account may be empty).',
    },
    {
      name: 'partition in the wrong case',
      source: scoped('"s3:GetObject"', 'arn:[[AWS]]:s3:::b/k'),
      code: 'INVALID_PARTITION', severity: 'error',
      message: '"AWS" is not an AWS partition: use one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc (or ${aws:partition}).',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'service in upper case',
      source: scoped('"s3:GetObject"', 'arn:aws:[[S3]]:::b/k'),
      code: 'INVALID_ARN_SERVICE_CASE', severity: 'error',
      message: '"S3" must be lower case: service names in ARNs are.',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'unknown ARN service',
      source: scoped('"s3:GetObject"', 'arn:aws:[[s4]]:::b/k'),
      code: 'INVALID_SERVICE', severity: 'error',
      message: '"s4" is no AWS service\'s name in ARNs: check the ARN\'s third field.',
    },
    {
      name: 'Region in upper case',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:[[US-EAST-1]]:123456789012:repository/app'),
      code: 'INVALID_ARN_REGION', severity: 'error',
      message: '"US-EAST-1" is not an AWS Region name such as us-east-1: correct the ARN\'s fourth field.',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'account with dashes',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:us-east-1:[[1234-5678-9012]]:repository/app'),
      code: 'INVALID_ARN_ACCOUNT', severity: 'error',
      message: '"1234-5678-9012" is not an account ID: write the 12 digits, without dashes.',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'S3 ARNs have no Region',
      source: scoped('"s3:GetObject"', 'arn:aws:s3:[[us-east-1]]::b/k'),
      code: 'ARN_REGION_NOT_ALLOWED', severity: 'error',
      message: '"us-east-1" cannot be here: s3 ARNs have no Region, so leave the fourth field empty (arn:partition:s3::...).',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'S3 bucket ARNs have no account',
      source: scoped('"s3:GetObject"', 'arn:aws:s3::[[123456789012]]:b/k'),
      code: 'ARN_ACCOUNT_NOT_ALLOWED', severity: 'error',
      message: '"123456789012" cannot be here: these s3 ARNs have no account ID, so leave the fifth field empty.',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::b/k'),
    },
    {
      name: 'ECR ARNs need a Region',
      source: scoped('"ecr:PutImage"', '[[arn:aws:ecr::123456789012:repository/app]]'),
      code: 'MISSING_ARN_REGION', severity: 'error',
      message: '"arn:aws:ecr::123456789012:repository/app" needs a Region: ecr ARNs name one, so write it (or * for any) after "ecr:".',
    },
    {
      name: 'a misspelt resource type, did you mean',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:us-east-1:123456789012:[[repositories]]/app'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"repositories" is no ecr resource type (ARNs are case-sensitive): did you mean "repository"?',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'a resource type far from every known one of a service whose data is not verified is only a suggestion',
      source: scoped('"glue:GetTable"', 'arn:aws:glue:us-east-1:123456789012:[[zzzzzz/app]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'suggestion',
      message: '"zzzzzz/app" matches no glue resource ARN format in the Service Authorization Reference (such as blueprint/${BlueprintName}, catalog/${CatalogName}, completion/${CompletionId}): check the resource part.',
    },
    {
      name: 'NotResource ARNs are checked too',
      source: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:[[us-east-1]]::b/k" }'),
      code: 'ARN_REGION_NOT_ALLOWED', severity: 'error',
      message: '"us-east-1" cannot be here: s3 ARNs have no Region, so leave the fourth field empty (arn:partition:s3::...).',
      fixed: policy('{ "Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/k" }'),
    },
    {
      name: 'an S3 action of another service\'s ARN: the statement grants nothing, a warning on the ARN',
      source: scoped('"s3:GetObject"', `[[${REPO}]]`),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: `"${REPO}" is of no resource type "s3:GetObject" is authorised on, so this statement grants nothing: use ARNs of accesspointobject (arn:\${Partition}:s3:\${Region}:\${Account}:accesspoint/\${AccessPointName}/object/\${ObjectName}), object (arn:\${Partition}:s3:::\${BucketName}/\${ObjectName}).`,
    },
    {
      name: 'a bucket action on bucket/*',
      source: scoped('"s3:ListBucket"', '[[arn:aws:s3:::b/*]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:s3:::b/*" is of no resource type "s3:ListBucket" is authorised on, so this statement grants nothing: use ARNs of accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName}).',
    },
    {
      name: 'beside an object action that applies, the bucket action that does not is named',
      source: scoped('["s3:GetObject", "[[s3:ListBucket]]"]', 'arn:aws:s3:::b/*'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"s3:ListBucket" applies to none of this statement\'s resources, so the statement never grants it: add an ARN of accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName}), or move the action to a statement that has one.',
    },
    {
      name: 'an object action on the bucket ARN',
      source: scoped('"s3:PutObject"', '[[arn:aws:s3:::b]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:s3:::b" is of no resource type "s3:PutObject" is authorised on, so this statement grants nothing: use ARNs of accesspointobject (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}), object (arn:${Partition}:s3:::${BucketName}/${ObjectName}).',
    },
    {
      name: 'ECR actions on an S3 ARN',
      source: scoped('["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]', '[[arn:aws:s3:::images/*]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:s3:::images/*" is of no resource type "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" are authorised on, so this statement grants nothing: use ARNs of repository (arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}).',
    },
    {
      name: 'an ECS service action on a cluster ARN',
      source: scoped('"ecs:UpdateService"', '[[arn:aws:ecs:us-east-1:123456789012:cluster/app]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:ecs:us-east-1:123456789012:cluster/app" is of no resource type "ecs:UpdateService" is authorised on, so this statement grants nothing: use ARNs of service (arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}).',
    },
    {
      name: 'a task definition ARN without its revision',
      source: scoped('"ecs:RunTask"', '[[arn:aws:ecs:us-east-1:123456789012:task-definition/app]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:ecs:us-east-1:123456789012:task-definition/app" is of no resource type "ecs:RunTask" is authorised on, so this statement grants nothing: use ARNs of task-definition (arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}).',
    },
    {
      name: 'log-stream actions on a log-group ARN without :*',
      source: scoped('["logs:CreateLogStream", "logs:PutLogEvents"]', '[[arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app" is of no resource type "logs:CreateLogStream", "logs:PutLogEvents" are authorised on, so this statement grants nothing: use ARNs of log-stream (arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}).',
    },
    {
      name: 'KMS key actions on an alias ARN',
      source: scoped('"kms:Decrypt"', '[[arn:aws:kms:us-east-1:123456789012:alias/app]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:kms:us-east-1:123456789012:alias/app" is of no resource type "kms:Decrypt" is authorised on, so this statement grants nothing: use ARNs of key (arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}).',
    },
    {
      name: 'SQS actions on an SNS ARN',
      source: scoped('"sqs:SendMessage"', '[[arn:aws:sns:us-east-1:123456789012:orders]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:sns:us-east-1:123456789012:orders" is of no resource type "sqs:SendMessage" is authorised on, so this statement grants nothing: use ARNs of queue (arn:${Partition}:sqs:${Region}:${Account}:${QueueName}).',
    },
    {
      name: 'in a resource policy, AWS refuses it: an error',
      source: policy('{ "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "s3:ListBucket", "Resource": "[[arn:aws:s3:::b/*]]" }'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'error',
      message: '"arn:aws:s3:::b/*" is of no resource type "s3:ListBucket" is authorised on, so this statement grants nothing: use ARNs of accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName}).',
    },
    {
      name: 'a service whose data is not verified: only a suggestion',
      source: scoped('"glue:GetTable"', '[[arn:aws:glue:us-east-1:123456789012:job/etl]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'suggestion',
      message: '"arn:aws:glue:us-east-1:123456789012:job/etl" is of no resource type "glue:GetTable" is authorised on, so this statement grants nothing: use ARNs of catalog (arn:${Partition}:glue:${Region}:${Account}:catalog/${CatalogName}), database (arn:${Partition}:glue:${Region}:${Account}:database/${DatabaseName}), rootcatalog (arn:${Partition}:glue:${Region}:${Account}:catalog) and 1 more.',
    },
    {
      name: 'granted on its own type by another statement: a dead entry, a suggestion',
      source: `${scoped('["s3:GetObject", "[[s3:ListBucket]]"]', 'arn:aws:s3:::b/*').slice(0, -4)}, { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b" } ] }`,
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'suggestion',
      message: '"s3:ListBucket" applies to none of this statement\'s resources (another statement grants it on accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName})): remove it here.',
    },
    {
      name: 'an ARN none of the actions can use, beside ones they can',
      source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "[[arn:aws:sqs:us-east-1:123456789012:q]]"] }'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'suggestion',
      message: '"arn:aws:sqs:us-east-1:123456789012:q" is of no resource type this statement\'s actions are authorised on, so it grants nothing here: check its service and format, or remove it.',
    },
    {
      name: 'an EC2 Describe action scoped to ARNs',
      source: scoped('"[[ec2:DescribeInstances]]"', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0'),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ec2:DescribeInstances" supports no resource-level permissions, so a statement scoped to ARNs never grants it: give it "Resource": "*" in a statement of its own.',
      fixed: policy('{ "Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*" }'),
    },
    {
      name: 'ecs:DescribeTaskDefinition scoped to a task definition',
      source: scoped('"[[ecs:DescribeTaskDefinition]]"', 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1'),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ecs:DescribeTaskDefinition" supports no resource-level permissions, so a statement scoped to ARNs never grants it: give it "Resource": "*" in a statement of its own.',
      fixed: policy('{ "Effect": "Allow", "Action": "ecs:DescribeTaskDefinition", "Resource": "*" }'),
    },
    {
      name: 'an ECS listing action scoped to a cluster',
      source: scoped('"[[ecs:ListServices]]"', 'arn:aws:ecs:us-east-1:123456789012:cluster/app'),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ecs:ListServices" supports no resource-level permissions, so a statement scoped to ARNs never grants it: give it "Resource": "*" in a statement of its own.',
      fixed: policy('{ "Effect": "Allow", "Action": "ecs:ListServices", "Resource": "*" }'),
    },
    {
      name: 'ecs:ListTasks on a cluster ARN (its resource is the container instance, the cluster a condition key)',
      source: scoped('"ecs:ListTasks"', '[[arn:aws:ecs:us-east-1:123456789012:cluster/app]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:ecs:us-east-1:123456789012:cluster/app" is of no resource type "ecs:ListTasks" is authorised on, so this statement grants nothing: use ARNs of container-instance (arn:${Partition}:ecs:${Region}:${Account}:container-instance/${ClusterName}/${ContainerInstanceId}).',
    },
    {
      name: 'a Region that does not exist in the partition, did you mean',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:[[us-east-7]]:123456789012:repository/app'),
      code: 'INVALID_ARN_REGION', severity: 'error',
      message: '"us-east-7" is no AWS Region of the aws partition, so this ARN names nothing: did you mean "us-east-1" or "us-east-2"?',
      fixed: scoped('"ecr:PutImage"', REPO),
    },
    {
      name: 'a Region of another partition',
      source: scoped('"ecr:PutImage"', 'arn:aws:ecr:[[cn-north-1]]:123456789012:repository/app'),
      code: 'INVALID_ARN_REGION', severity: 'error',
      message: '"cn-north-1" is a Region of the aws-cn partition, not aws, so this ARN names nothing: write arn:aws-cn:... or a Region of aws.',
    },
    {
      name: 'an SSM parameter ARN with parameter//',
      source: scoped('"ssm:GetParameter"', 'arn:aws:ssm:us-east-1:123456789012:[[parameter//app/db-url]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"parameter//app/db-url" has a slash too many, so it names no parameter: the ARN of the parameter /app/db-url is ...:parameter/app/db-url.',
      fixed: scoped('"ssm:GetParameter"', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url'),
    },
    {
      name: 'an SSM parameter ARN without parameter/',
      source: scoped('"ssm:GetParameter"', 'arn:aws:ssm:us-east-1:123456789012:[[/app/db-url]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"/app/db-url" has no resource type, so it names no parameter: the ARN of the parameter /app/db-url is ...:parameter/app/db-url.',
      fixed: scoped('"ssm:GetParameter"', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url'),
    },
    {
      name: 'an SSM parameter ARN without parameter/ nor a leading slash, in a statement of parameter actions',
      source: scoped('"ssm:GetParameters"', 'arn:aws:ssm:us-east-1:123456789012:[[app/db-url]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"app/db-url" has no resource type, so it names no parameter: the ARN of the parameter /app/db-url is ...:parameter/app/db-url.',
      fixed: scoped('"ssm:GetParameters"', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url'),
    },
    {
      name: 'a Secrets Manager secret ARN without its six random characters',
      source: scoped('"secretsmanager:GetSecretValue"', 'arn:aws:secretsmanager:us-east-1:123456789012:[[secret:prod/db]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'warning',
      message: '"secret:prod/db" names no secret: Secrets Manager adds a dash and six random characters to a secret\'s name in its ARN. Write "secret:prod/db-??????" (or the full ARN of the secret).',
      fixed: scoped('"secretsmanager:GetSecretValue"', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????'),
    },
    {
      name: 'API Gateway\'s execute-api shorthand is an ARN only in its resource policies',
      source: scoped('"execute-api:Invoke"', '[[execute-api:/prod/GET/pets]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: '"execute-api:/prod/GET/pets" is not an ARN: a resource is "*" or an ARN starting with "arn:"; write the ARN in full.',
    },
    {
      name: 'seed 003: ecr:GetAuthorizationToken scoped to a repository, moved to its own statement',
      source: scoped('["ecr:PutImage", "[[ecr:GetAuthorizationToken]]"]', REPO),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ecr:GetAuthorizationToken" supports no resource-level permissions, so a statement scoped to ARNs never grants it: give it "Resource": "*" in a statement of its own.',
      fixed: `${scoped('["ecr:PutImage"]', REPO).slice(0, -4)},\n{\n  "Effect": "Allow",\n  "Action": "ecr:GetAuthorizationToken",\n  "Resource": "*"\n} ] }`,
    },
    {
      name: 'the only action of the statement: the resource becomes "*"',
      source: scoped('"[[ecr:GetAuthorizationToken]]"', REPO),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ecr:GetAuthorizationToken" supports no resource-level permissions, so a statement scoped to ARNs never grants it: give it "Resource": "*" in a statement of its own.',
      fixed: policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" }'),
    },
    {
      name: 'granted with "*" by another statement: a dead entry, removed',
      source: `${scoped('["ecr:PutImage", "[[ecr:GetAuthorizationToken]]"]', REPO).slice(0, -4)}, { "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" } ] }`,
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'suggestion',
      message: '"ecr:GetAuthorizationToken" supports no resource-level permissions, so this statement scoped to ARNs does not grant it (another statement with "Resource": "*" does): remove it here.',
      fixed: `${scoped('["ecr:PutImage"]', REPO).slice(0, -4)}, { "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" } ] }`,
    },
  ]);

  it('accepts wildcards, policy variables, partitions and ARNs of the actions\' resource types', () => {
    assertClean([
      policy('{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/${aws:username}/*", "arn:${aws:partition}:s3:::b/*", "arn:aws:s3:::*"] }'),
      policy('{ "Effect": "Allow", "Action": "ecr:*", "Resource": ["arn:aws:ecr:*:*:repository/*", "arn:aws-cn:ecr:cn-north-1:123456789012:repository/a", "arn:aws-eusc:ecr:eusc-de-east-1:${aws:PrincipalAccount}:repository/b"] }'),
      policy('{ "Effect": "Allow", "Action": "iam:GetPolicy", "Resource": "arn:aws:iam::aws:policy/ReadOnlyAccess" }'),
      policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*" }, { "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app" }'),
      // Each family's valid form.
      policy('{ "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] }'),
      policy('{ "Effect": "Allow", "Action": "ecs:RunTask", "Resource": "arn:aws:ecs:us-east-1:123456789012:task-definition/app:*" }'),
      policy('{ "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app:*" }'),
      policy('{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }'),
      policy('{ "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" }'),
      policy('{ "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": ["arn:aws:ssm:eu-central-2:123456789012:parameter/app/db-url", "arn:aws:ssm:*:*:parameter/app/*"] }'),
      policy('{ "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": ["arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????"] }'),
      policy('{ "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "execute-api:Invoke", "Resource": ["execute-api:/prod/GET/pets", "execute-api:/*"] }'),
      policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:${aws:RequestedRegion}:<ACCOUNT_ID>:repository/app" }').replace('<ACCOUNT_ID>', '123456789012'),
    ]);
  });

  it('seed 003 fixture: the finding and its fix on the tutorial\'s own policy', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'seeds', '003', 'fcj-ecr-ci-cd.policy.json');
    const text = fs.readFileSync(file, 'utf8');
    const findings = checkText(text, { catalog: getCatalog, fileName: file });
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity, text.slice(f.offset, f.offset + f.length)]),
      [['ACTION_REQUIRES_WILDCARD_RESOURCE', 'warning', 'ecr:GetAuthorizationToken']]);
    const fixed = applyEdits(text, findings[0].fixes[0].edits);
    assert.deepStrictEqual(checkText(fixed, { catalog: getCatalog, fileName: file }), []);
    assert.deepStrictEqual(JSON.parse(fixed).Statement[1], { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });
});

describe('checks: resources, audited by family', () => {
  describeCases([
    {
      name: 'a pattern most of whose actions need "*" (ec2:Describe*), scoped to instance ARNs',
      source: scoped('"[[ec2:Describe*]]"', 'arn:aws:ec2:us-east-1:123456789012:instance/*'),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ec2:Describe*" matches mostly actions that support no resource-level permissions (177 of 194, such as ec2:DescribeAccountAttributes), so a statement scoped to ARNs never grants them: give it "Resource": "*" in a statement of its own.',
      fixed: policy('{ "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" }'),
    },
    {
      name: 'beside actions scoped to ARNs, the pattern moves to a statement of its own',
      source: scoped('["ec2:StartInstances", "[[ec2:Describe*]]"]', 'arn:aws:ec2:*:*:instance/*'),
      code: 'ACTION_REQUIRES_WILDCARD_RESOURCE', severity: 'warning',
      message: '"ec2:Describe*" matches mostly actions that support no resource-level permissions (177 of 194, such as ec2:DescribeAccountAttributes), so a statement scoped to ARNs never grants them: give it "Resource": "*" in a statement of its own.',
      fixed: `${scoped('["ec2:StartInstances"]', 'arn:aws:ec2:*:*:instance/*').slice(0, -4)},\n{\n  "Effect": "Allow",\n  "Action": "ec2:Describe*",\n  "Resource": "*"\n} ] }`,
    },
    {
      name: 'an ECR ARN without its repository/ type names nothing: a warning (ECR\'s data is verified)',
      source: scoped('"ecr:BatchGetImage"', 'arn:aws:ecr:us-east-1:123456789012:[[app]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'warning',
      message: '"app" matches no ecr resource ARN format in the Service Authorization Reference (such as repository/${RepositoryName}): check the resource part.',
    },
    {
      name: 'a Secrets Manager ARN without its secret: type',
      source: scoped('"secretsmanager:GetSecretValue"', 'arn:aws:secretsmanager:us-east-1:123456789012:[[prod/db-AbC123]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'warning',
      message: '"prod/db-AbC123" matches no secretsmanager resource ARN format in the Service Authorization Reference (such as secret:${SecretId}): check the resource part.',
    },
    {
      name: 'a CloudWatch Logs ARN with the log group\'s name but no log-group: type',
      source: scoped('["logs:CreateLogStream", "logs:PutLogEvents"]', 'arn:aws:logs:*:*:[[/aws/lambda/app:*]]'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"/aws/lambda/app:*" has no resource type, so it names no log group: the ARN of the log group /aws/lambda/app:* is ...:log-group:/aws/lambda/app:*.',
      fixed: scoped('["logs:CreateLogStream", "logs:PutLogEvents"]', 'arn:aws:logs:*:*:log-group:/aws/lambda/app:*'),
    },
    {
      name: 'an SSM parameter ARN whose type is in the wrong case: did you mean, not "no resource type"',
      source: scoped('"ssm:GetParameter"', 'arn:aws:ssm:us-east-1:123456789012:[[Parameter]]/app/db-url'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"Parameter" is no ssm resource type (ARNs are case-sensitive): did you mean "parameter"?',
      fixed: scoped('"ssm:GetParameter"', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-url'),
    },
    {
      name: 'an SSM parameter ARN with the type in the plural',
      source: scoped('["ssm:GetParameter", "ssm:GetParameters"]', 'arn:aws:ssm:*:*:[[parameters]]/app/*'),
      code: 'INVALID_ARN_RESOURCE', severity: 'error',
      message: '"parameters" is no ssm resource type (ARNs are case-sensitive): did you mean "parameter"?',
      fixed: scoped('["ssm:GetParameter", "ssm:GetParameters"]', 'arn:aws:ssm:*:*:parameter/app/*'),
    },
    {
      name: 'object actions on a bucket pattern without a key part, in a bucket policy',
      source: policy('{ "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": ["[[arn:aws:s3:::my-site]]"] }'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'error',
      message: '"arn:aws:s3:::my-site" is of no resource type "s3:GetObject" is authorised on, so this statement grants nothing: use ARNs of accesspointobject (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}), object (arn:${Partition}:s3:::${BucketName}/${ObjectName}).',
    },
    {
      name: 'a bucket action on objects under a policy variable, lower-case action name',
      source: scoped('"s3:listbucket"', '[[arn:aws:s3:::b/${aws:username}/*]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:s3:::b/${aws:username}/*" is of no resource type "s3:listbucket" is authorised on, so this statement grants nothing: use ARNs of accesspoint (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}), bucket (arn:${Partition}:s3:::${BucketName}).',
    },
    {
      name: 'DynamoDB stream actions on the table ARN',
      source: scoped('["dynamodb:GetRecords", "dynamodb:GetShardIterator"]', '[[arn:aws:dynamodb:us-east-1:123456789012:table/t]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:dynamodb:us-east-1:123456789012:table/t" is of no resource type "dynamodb:GetRecords", "dynamodb:GetShardIterator" are authorised on, so this statement grants nothing: use ARNs of stream (arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}).',
    },
    {
      name: 'a Lambda function ARN written with a slash',
      source: scoped('"lambda:InvokeFunction"', '[[arn:aws:lambda:us-east-1:123456789012:function/f]]'),
      code: 'RESOURCE_TYPE_MISMATCH', severity: 'warning',
      message: '"arn:aws:lambda:us-east-1:123456789012:function/f" is of no resource type "lambda:InvokeFunction" is authorised on, so this statement grants nothing: use ARNs of function (arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}).',
    },
  ]);

  it('leaves valid variants of each family clean', () => {
    assertClean([
      // Bucket patterns that may name objects too, and object keys under variables.
      policy('{ "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::b*", "arn:aws:s3:::${aws:PrincipalTag/team}-data/*"] }'),
      policy('{ "Effect": "Deny", "Action": "s3:ListBucket", "NotResource": "arn:aws:s3:::b/*" }'),
      // A pattern of which only a few actions need "*" stays scoped (s3:Get* on objects).
      policy('{ "Effect": "Allow", "Action": ["s3:Get*", "ecs:Describe*"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:ecs:*:*:service/app/*"] }'),
      policy('{ "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" }, { "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "arn:aws:ec2:us-east-1:123456789012:instance/*" }'),
      policy('{ "Effect": "Allow", "Action": "ecs:RunTask", "Resource": ["arn:aws:ecs:us-east-1:123456789012:task-definition/app*", "arn:aws:ecs:*:*:task-definition/web:3"] }'),
      policy('{ "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": ["arn:aws:logs:*:*:log-group:/aws/lambda/*", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:log-stream:*"] }'),
      policy('{ "Effect": "Allow", "Action": "kms:CreateAlias", "Resource": ["arn:aws:kms:us-east-1:123456789012:alias/app", "arn:aws:kms:us-east-1:123456789012:key/*"] }'),
      policy('{ "Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "Condition": { "ArnEquals": { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t" } } }'),
      policy('{ "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": ["arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f:*"] }'),
      policy('{ "Effect": "Allow", "Action": ["dynamodb:Query", "dynamodb:GetItem"], "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/t", "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*"] }'),
      policy('{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/deploy-*" }'),
      policy('{ "Effect": "Deny", "Action": "sts:TagSession", "NotResource": ["arn:aws:sts::123456789012:assumed-role/ci/*", "arn:aws:iam::123456789012:root"] }'),
      policy('{ "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:CreateRepository"], "Resource": ["arn:aws:ecr:us-east-1:123456789012:repository/ns/*", "arn:aws:ecr:*:*:repository/*"] }'),
      policy('{ "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": ["arn:aws:ec2:us-east-1::image/ami-*", "arn:aws:ec2:*:*:key-pair/*", "arn:aws:ec2:*:*:subnet/*"] }'),
      policy('{ "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": ["arn:aws:ssm:us-east-1::document/AWS-RunShellScript", "arn:aws:ec2:us-east-1:123456789012:instance/*"] }'),
    ]);
  });
});

describe('checks: resources written as URLs, audited', () => {
  describeCases([
    {
      name: 'an SQS queue URL where its ARN belongs',
      source: scoped('"sqs:ReceiveMessage"', '[[https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: '"https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo" is an SQS queue URL, not an ARN: write arn:aws:sqs:us-east-1:123456789012:orders.fifo.',
      fixed: scoped('"sqs:ReceiveMessage"', 'arn:aws:sqs:us-east-1:123456789012:orders.fifo'),
    },
    {
      name: 'an S3 URI where its ARN belongs',
      source: scoped('"s3:GetObject"', '[[s3://my-bucket/reports/*]]'),
      code: 'INVALID_ARN_PREFIX', severity: 'error',
      message: '"s3://my-bucket/reports/*" is an S3 URI, not an ARN: write arn:aws:s3:::my-bucket/reports/*.',
      fixed: scoped('"s3:GetObject"', 'arn:aws:s3:::my-bucket/reports/*'),
    },
  ]);
});

describe('checks: actions a resource policy cannot grant, audited', () => {
  describeCases([
    {
      name: 'a bucket policy granting s3:ListAllMyBuckets on its bucket: S3 refuses it',
      source: policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": ["[[s3:ListAllMyBuckets]]", "s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"] }'),
      code: 'UNSUPPORTED_ACTION_IN_POLICY', severity: 'error',
      message: '"s3:ListAllMyBuckets" supports no resource-level permissions, so a resource policy cannot grant it, and S3 refuses the policy ("Action does not apply to any resource(s) in statement"): grant it in an identity policy with "Resource": "*".',
      fixed: policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"] }'),
    },
    {
      name: 'a queue policy granting sqs:ListQueues',
      source: policy('{ "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "[[sqs:ListQueues]]", "Resource": "arn:aws:sqs:us-east-1:123456789012:q" }'),
      code: 'UNSUPPORTED_ACTION_IN_POLICY', severity: 'warning',
      message: '"sqs:ListQueues" supports no resource-level permissions, so a resource policy cannot grant it: grant it in an identity policy with "Resource": "*".',
    },
  ]);
});
