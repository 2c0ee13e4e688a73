import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { complete } from '../../src/iam/completion';
import { parseDocument } from '../../src/iam/document';

/** Completion at the `|` of a text, in a file of the given name. */
function at(source: string, fileName = 'x.policy.json') {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  return { items: complete(parseDocument(text, fileName), offset, { catalog: getCatalog() }), text };
}
const labels = (source: string, fileName?: string) => at(source, fileName).items.map((i) => i.label);
const policy = (statement: string) => `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;

describe('completion', () => {
  it('offers a service\'s actions after its prefix, replacing the whole string', () => {
    const { items, text } = at(policy('{ "Effect": "Allow", "Action": "ecr:Put|", "Resource": "*" }'));
    const put = items.find((i) => i.label === 'ecr:PutImage');
    assert.ok(put);
    assert.strictEqual(put.detail, 'Write');
    assert.strictEqual(text.slice(put.offset, put.offset + put.length), 'ecr:Put');
    assert.ok(items.every((i) => i.label.startsWith('ecr:')));
  });

  it('offers service prefixes before the colon', () => {
    const { items, text } = at(policy('{ "Effect": "Allow", "Action": ["ec|"], "Resource": "*" }'));
    const ecr = items.find((i) => i.label === 'ecr:');
    assert.strictEqual(ecr?.kind, 'service');
    assert.strictEqual(ecr.insertText, 'ecr:');
    assert.strictEqual(text.slice(ecr.offset, ecr.offset + ecr.length), 'ec');
    assert.ok(!items.some((i) => i.kind === 'action'));
  });

  it('offers set-qualified String operators and no set-qualified Bool', () => {
    const ops = labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "For|": {} } }'));
    for (const op of ['StringEquals', 'StringLikeIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'Bool', 'Null', 'IpAddress']) {
      assert.ok(ops.includes(op), op);
    }
    assert.ok(!ops.includes('ForAnyValue:Bool'));
    assert.ok(!ops.includes('NullIfExists'));
  });

  it('offers operators as Condition keys, and the statement\'s keys inside an operator', () => {
    assert.ok(labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "|": {} } }')).includes('StringEquals'));
    const keys = labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "|": "" } } }'));
    assert.ok(keys.includes('aws:SourceIp'));
    assert.ok(keys.includes('s3:ExistingObjectTag/<key>'));
    assert.ok(!keys.some((k) => k.startsWith('ecr:')));
    assert.ok(!labels(policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Condition": { "StringEquals": { "|": "" } } }')).some((k) => k.startsWith('s3:')));
  });

  it('offers service principals, Effect and Version values', () => {
    const principals = at(policy('{ "Effect": "Allow", "Principal": { "Service": ["ec2.amazon|"] }, "Action": "sts:AssumeRole" }'), 'x.trust.json');
    const ec2 = principals.items.find((i) => i.label === 'ec2.amazonaws.com');
    assert.strictEqual(ec2?.kind, 'principal');
    assert.strictEqual(principals.text.slice(ec2.offset, ec2.offset + ec2.length), 'ec2.amazon');
    assert.ok(labels(policy('{ "Effect": "Allow", "Principal": { "Service": "|" }, "Action": "sts:AssumeRole" }'), 'x.trust.json').includes('ecs-tasks.amazonaws.com'));
    assert.deepStrictEqual(labels(policy('{ "Effect": "|" }')), ['Allow', 'Deny']);
    assert.deepStrictEqual(labels('{ "Version": "|", "Statement": [] }'), ['2012-10-17']);
  });

  it('offers only the statement elements not yet present', () => {
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "|": 1 }')),
      ['Sid', 'Principal', 'NotPrincipal', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  });

  it('documents actions and condition keys', () => {
    const put = at(policy('{ "Effect": "Allow", "Action": "ecr:PutIm|" }')).items.find((i) => i.label === 'ecr:PutImage');
    assert.strictEqual(put?.documentation, 'Grants permission to create or update the image manifest associated with an image\n\nResource types: `repository`\n\n' +
      '[Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-PutImage)');
    const token = at(policy('{ "Effect": "Allow", "Action": "ecr:GetAuth|" }')).items.find((i) => i.label === 'ecr:GetAuthorizationToken');
    assert.match(token?.documentation ?? '', /\n\nResource types: `\*` only\n\n/);
    const secure = at(policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:Secure|": "false" } } }')).items
      .find((i) => i.label === 'aws:SecureTransport');
    assert.strictEqual(secure?.detail, 'Bool');
    assert.match(secure?.documentation ?? '', /^True when the request was sent over TLS.*\n\n\[Documentation\]\(https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/reference_policies_condition-keys\.html#condition-keys-securetransport\)$/);
  });

  it('offers the web identity keys in a trust policy\'s condition', () => {
    const keys = labels(policy('{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }, ' +
      '"Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "|": "" } } }'), 'x.trust.json');
    for (const key of ['token.actions.githubusercontent.com:aud', 'token.actions.githubusercontent.com:sub', 'sts:ExternalId', 'aws:SourceIdentity']) {
      assert.ok(keys.includes(key), key);
    }
    const eks = labels(policy('{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE" }, ' +
      '"Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "oidc|": "" } } }'), 'x.trust.json');
    assert.ok(eks.includes('oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub'));
    assert.ok(eks.includes('oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud'));
    assert.ok(!eks.some((k) => k.startsWith('${OIDCProvider}')));
    const anyProvider = labels(policy('{ "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "|": "" } } }'), 'x.trust.json');
    assert.ok(anyProvider.includes('${OIDCProvider}:sub'));
  });

  it('offers the ARN formats of the statement\'s actions as resources, with the aws partition filled in', () => {
    const { items, text } = at(policy('{ "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:BatchGetImage", "s3:GetObject"], "Resource": ["arn:|"] }'));
    assert.deepStrictEqual(items.map((i) => [i.label, i.detail, i.insertText]), [
      ['*', 'all resources', '*'],
      ['arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}', 'ecr repository', 'arn:aws:ecr:${Region}:${Account}:repository/${RepositoryName}'],
      ['arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', 's3 accesspointobject',
        'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}'],
      ['arn:${Partition}:s3:::${BucketName}/${ObjectName}', 's3 object', 'arn:aws:s3:::${BucketName}/${ObjectName}'],
    ]);
    assert.strictEqual(items[1].documentation, 'The ARN of ecr `repository` resources, for `ecr:PutImage`, `ecr:BatchGetImage`. Replace each `${...}` part.');
    assert.strictEqual(text.slice(items[1].offset, items[1].offset + items[1].length), 'arn:');
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "|" }')), ['*']);
  });

  it('offers the policy elements and principal types not yet present', () => {
    assert.deepStrictEqual(labels('{ "Version": "2012-10-17", "|" }'), ['Id', 'Statement']);
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Principal": { "AWS": "111122223333", "|" } }'), 'x.trust.json'), ['Service', 'Federated', 'CanonicalUser']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "AssumeRolePolicyDocument": { "Statement": [], "|" } }', 'x.role.json'), ['Version', 'Id']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "|" } }', 'x.role.json'), ['2012-10-17']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "|" }', 'x.role.json'), []);
  });

  it('never throws, at any offset of any text', () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s3:Get*", 42], "Resource": "arn:aws:s3:::b/*", "Condition": { "Bool": { "aws:SecureTransport": true } } }');
    const garbage = ['', '"', '}{][:,"Action":"', '{"Statement": [{"Condition": {"": {"": ""}}}]', '\u0000{[', '{"Statement": {"Action": "s3:", "Effect": "', '/* x */ {"Version": ['];
    for (const t of [text, text.slice(0, 50), ...garbage]) {
      for (const fileName of ['x.policy.json', 'x.trust.json', 'x.role.json', 'x.json']) {
        for (let i = -2; i <= t.length + 2; i++) assert.ok(Array.isArray(complete(parseDocument(t, fileName), i, { catalog: getCatalog() })));
      }
    }
  });
});
