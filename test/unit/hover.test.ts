import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { parseDocument } from '../../src/iam/document';
import { hover } from '../../src/iam/hover';
import { actionLinks } from '../../src/iam/markdown';

/** The hover at the `|` of a text, in a file of the given name, and the text it covers. */
function at(source: string, fileName = 'x.policy.json') {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const result = hover(parseDocument(text, fileName), offset, getCatalog());
  return { result, covered: result ? text.slice(result.offset, result.offset + result.length) : undefined };
}
const policy = (statement: string) => `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;
const footer = () => `\n\n---\n*IAM data ${getCatalog().dataVersion}*`;
const reference = 'https://docs.aws.amazon.com/service-authorization/latest/reference';

describe('hover', () => {
  it('describes an action: access level, resource types with ARN formats, keys, link and data version', () => {
    const { result, covered } = at(policy('{ "Effect": "Allow", "Action": ["ecr:Initiate|LayerUpload"], "Resource": "*" }'));
    assert.strictEqual(covered, '"ecr:InitiateLayerUpload"');
    assert.strictEqual(result?.markdown, [
      '**ecr:InitiateLayerUpload** — Write',
      '',
      'Grants permission to notify Amazon ECR that you intend to upload an image layer',
      '',
      '**Resource types**',
      '- `repository` (required): `arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`',
      '',
      `[ecr:InitiateLayerUpload in the Service Authorization Reference](${reference}/list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-InitiateLayerUpload)`,
    ].join('\n') + footer());
  });

  it('says when an action supports no resource-level permissions', () => {
    const { result } = at(policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorization|Token", "Resource": "*" }'));
    assert.match(result?.markdown ?? '', /\n\*\*Resource types\*\*\n\*No resource-level permissions: use `"Resource": "\*"`\.\*\n/);
  });

  it('lists an action\'s condition keys', () => {
    const markdown = at(policy('{ "Effect": "Allow", "Action": "s3:GetOb|ject", "Resource": "*" }')).result?.markdown ?? '';
    assert.ok(markdown.includes('- `object`: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`'), markdown);
    assert.ok(markdown.includes('`s3:ExistingObjectTag/<key>`'), markdown);
  });

  it('links an action\'s dependent actions and names where they are from', () => {
    const { result, covered } = at(policy('{ "Effect": "Allow", "Action": "lambda:Create|Function", "Resource": "*" }'));
    assert.strictEqual(covered, '"lambda:CreateFunction"');
    assert.strictEqual(result?.markdown, [
      '**lambda:CreateFunction** — Write',
      '',
      'Grants permission to create an AWS Lambda function',
      '',
      '**Resource types**',
      '- `function` (required): `arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}`',
      '',
      '**Condition keys**: `aws:RequestTag/${TagKey}`, `aws:TagKeys`, `lambda:CodeSigningConfigArn`, `lambda:Layer`, `lambda:SecurityGroupIds`, `lambda:SubnetIds`, `lambda:VpcIds`',
      '',
      `**Dependent actions** (permissions the call may also need): [\`iam:PassRole\`](${reference}/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-PassRole)`,
      '',
      `[lambda:CreateFunction in the Service Authorization Reference](${reference}/list_awslambda.html#awslambda-CreateFunction)`,
      '',
      '---',
      `*IAM data ${getCatalog().dataVersion}; dependent actions from ${getCatalog().dependentActionsSource}*`,
    ].join('\n'));
    const runInstances = at(policy('{ "Effect": "Allow", "Action": "ec2:RunInst|ances", "Resource": "*" }')).result?.markdown.split('\n') ?? [];
    assert.strictEqual(runInstances.find((l) => l.startsWith('**Dependent actions**')), '**Dependent actions** (permissions the call may also need): ' +
      `[\`ec2:CreateTags\`](${reference}/list_amazonec2.html#amazonec2-CreateTags), ` +
      `[\`iam:PassRole\`](${reference}/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-PassRole), ` +
      `[\`ssm:GetParameters\`](${reference}/list_awssystemsmanager.html#awssystemsmanager-GetParameters)`);
  });

  it('lists the actions a wildcard matches by access level, most powerful first', () => {
    const { result, covered } = at(policy('{ "Effect": "Allow", "NotAction": "ecr:Batch|*", "Resource": "*" }'));
    assert.strictEqual(covered, '"ecr:Batch*"');
    assert.strictEqual(result?.markdown, [
      '**`ecr:Batch*`** matches 5 actions (2 Write, 3 Read)',
      '',
      '**Write**: `ecr:BatchDeleteImage`, `ecr:BatchImportUpstreamImage`',
      '',
      '**Read**: `ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage`, `ecr:BatchGetRepositoryScanningConfiguration`',
    ].join('\n') + footer());
  });

  it('names up to 50 of a wildcard\'s matches, s3:GetObject among those of s3:Get*, then counts the rest', () => {
    const get = at(policy('{ "Effect": "Allow", "Action": "s3:Get|*", "Resource": "*" }')).result?.markdown ?? '';
    const lines = get.split('\n');
    assert.strictEqual(lines[0], '**`s3:Get*`** matches 63 actions (63 Read)');
    assert.match(lines[2], /^\*\*Read\*\*: `s3:GetAccelerateConfiguration`, .*`s3:GetObject`, .* and 13 more$/);
    assert.strictEqual(lines[2].split('`, `').length, 50);
    assert.strictEqual(lines[4], '13 more not listed (63 in all).');
    const all = at(policy('{ "Effect": "Allow", "Action": "s3:*|", "Resource": "*" }')).result?.markdown ?? '';
    const s3 = getCatalog().actions('s3');
    const count = (level: string) => s3.filter((a) => a.accessLevel === level).length;
    assert.strictEqual(all.split('\n')[0], `**\`s3:*\`** matches ${s3.length} actions (${count('Permissions management')} Permissions management, ` +
      `${count('Write')} Write, ${count('Tagging')} Tagging, ${count('Read')} Read, ${count('List')} List)`);
    assert.ok(all.includes(`\n\n${s3.length - 50} more not listed (${s3.length} in all).`), all);
  });

  it('says which part of an ARN is which and the resource type it matches', () => {
    const { result, covered } = at(policy('{ "Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/|app-*" }'));
    assert.strictEqual(covered, '"arn:aws:iam::111122223333:role/app-*"');
    assert.strictEqual(result?.markdown, [
      '**ARN** `arn:aws:iam::111122223333:role/app-*`',
      '',
      '- partition: `aws`',
      '- service: `iam` (AWS Identity and Access Management (IAM))',
      '- Region: *none: the resource is not regional*',
      '- account: `111122223333`',
      '- resource: `role/app-*`',
      '',
      'Resource type it matches: `role` (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`)',
    ].join('\n') + footer());
    const repository = at(policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:eu-west-1:111122223333:repo|sitory/web" }')).result?.markdown ?? '';
    assert.ok(repository.includes('\n- Region: `eu-west-1`\n- account: `111122223333`\n- resource: `repository/web`\n\nResource type it matches: `repository` ('), repository);
    const none = at(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1::b|ucket" }')).result?.markdown ?? '';
    assert.ok(none.includes('\n\nIt matches no resource type of s3: see the ARN formats in [the Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).'), none);
  });

  it('describes a role manifest\'s InstanceProfile', () => {
    const { result, covered } = at('{ "RoleName": "r", "Instance|Profile": true }', 'x.role.json');
    assert.strictEqual(covered, '"InstanceProfile"');
    assert.match(result?.markdown ?? '', /^\*\*InstanceProfile\*\*: `true` makes an instance profile with the role's name and path that holds the role, /);
  });

  it('describes a condition operator with its qualifier and IfExists', () => {
    const { result, covered } = at(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "ForAnyValue:String|LikeIfExists": { "aws:TagKeys": "a*" } } }'));
    assert.strictEqual(covered, '"ForAnyValue:StringLikeIfExists"');
    assert.strictEqual(result?.markdown, '**ForAnyValue:StringLikeIfExists**: compares strings; also true when the key is absent from the request; ' +
      'true when at least one value of a multivalued key matches.\n\n' +
      '[Condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String)' + footer());
  });

  it('describes global, templated and service condition keys', () => {
    const source = (key: string) => policy(`{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "${key}": "x" } } }`);
    const sourceIp = at(source('aws:Source|Ip')).result?.markdown ?? '';
    assert.match(sourceIp, /^\*\*aws:SourceIp\*\* — IPAddress\n\nThe requester's public IP address/);
    assert.ok(sourceIp.includes('(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip)'));
    assert.match(at(source('aws:ResourceTag/te|am')).result?.markdown ?? '', /^\*\*aws:ResourceTag\/team\*\* \(`aws:ResourceTag\/\$\{TagKey\}`\) — String\n/);
    assert.ok((at(source('s3:x-amz-storage-|class')).result?.markdown ?? '').includes(`(${reference}/list_amazons3.html#amazons3-s3_x-amz-storage-class)`));
    assert.strictEqual(at(source('aws:NoSuch|Key')).result, undefined);
  });

  it('describes a service principal, and not a malformed one', () => {
    const trust = (principal: string) => policy(`{ "Effect": "Allow", "Principal": { "Service": ["${principal}"] }, "Action": "sts:AssumeRole" }`);
    const { result, covered } = at(trust('ec2.amazon|aws.com'), 'x.trust.json');
    assert.strictEqual(covered, '"ec2.amazonaws.com"');
    assert.match(result?.markdown ?? '', /^\*\*ec2\.amazonaws\.com\*\*: the service principal of Amazon EC2\. /);
    assert.match(at(trust('ecs-tasks.amazon|aws.com'), 'x.trust.json').result?.markdown ?? '', /^\*\*ecs-tasks\.amazonaws\.com\*\*: the service principal\. /);
    assert.strictEqual(at(trust('e|c2'), 'x.trust.json').result, undefined);
  });

  it('explains the Version value, at the top level and in a role manifest', () => {
    assert.match(at('{ "Version": "2012-|10-17", "Statement": [] }').result?.markdown ?? '', /^\*\*Version 2012-10-17\*\*: the current version/);
    assert.match(at('{ "Version": "2017-|09-11", "Statement": [] }').result?.markdown ?? '', /^\*\*Version 2017-09-11\*\*: not a version of the policy language/);
    const manifest = '{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "2008-|10-17", "Statement": [] } }';
    assert.match(at(manifest, 'x.role.json').result?.markdown ?? '', /^\*\*Version 2008-10-17\*\*: the legacy version/);
  });

  it('says nothing on keys, unknown actions, other strings and outside the text', () => {
    assert.strictEqual(at(policy('{ "Effect": "Allow", "Act|ion": "s3:GetObject", "Resource": "*" }')).result, undefined);
    assert.strictEqual(at(policy('{ "Effect": "Allow", "Action": "ecr:InitialLayer|Upload", "Resource": "*" }')).result, undefined);
    assert.strictEqual(at(policy('{ "Effect": "Al|low", "Action": "s3:GetObject", "Resource": "*" }')).result, undefined);
    const text = policy('{ "Effect": "Allow", "Action": "s3:GetObject" }');
    assert.strictEqual(hover(parseDocument(text, 'x.policy.json'), text.length + 10, getCatalog()), undefined);
    assert.strictEqual(hover(parseDocument('\u0000{[', 'x.policy.json'), 1, getCatalog()), undefined);
  });
});

describe('actionLinks', () => {
  it('links each action the catalog knows to its reference entry and writes any other name as code', () => {
    assert.strictEqual(actionLinks(getCatalog(), ['iam:PassRole', 'nosuch:Action', 'PassRole']),
      `[\`iam:PassRole\`](${reference}/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-PassRole), \`nosuch:Action\`, \`PassRole\``);
    assert.strictEqual(actionLinks(getCatalog(), []), '');
  });
});
