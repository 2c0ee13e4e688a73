import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { parseDocument } from '../../src/iam/document';
import { hover } from '../../src/iam/hover';

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

  it('lists an action\'s condition keys and dependent actions', () => {
    const markdown = at(policy('{ "Effect": "Allow", "Action": "s3:GetOb|ject", "Resource": "*" }')).result?.markdown ?? '';
    assert.ok(markdown.includes('- `object`: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`'), markdown);
    assert.ok(markdown.includes('`s3:ExistingObjectTag/<key>`'), markdown);
  });

  it('counts and lists the first ten actions a wildcard matches', () => {
    const { result } = at(policy('{ "Effect": "Allow", "NotAction": "ecr:Batch|*", "Resource": "*" }'));
    const matched = getCatalog().matchActions('ecr:Batch*');
    const lines = (result?.markdown ?? '').split('\n');
    assert.strictEqual(lines[0].slice(0, lines[0].indexOf(' (')), `**\`ecr:Batch*\`** matches ${matched.length} actions`);
    assert.deepStrictEqual(lines.slice(2, 2 + Math.min(10, matched.length)), matched.slice(0, 10).map((a) => `- \`ecr:${a.name}\` (${a.accessLevel})`));
    const all = at(policy('{ "Effect": "Allow", "Action": "s3:*|", "Resource": "*" }')).result?.markdown ?? '';
    assert.match(all, new RegExp(`\\n- … and ${getCatalog().actions('s3').length - 10} more\\n`));
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
