import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { AccountNames, complete, CompletionContext } from '../../src/iam/completion';
import { parseDocument } from '../../src/iam/document';

/** Completion at the `|` of a text, in a file of the given name. */
function at(source: string, fileName = 'x.policy.json', ctx: Partial<CompletionContext> = {}) {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  return { items: complete(parseDocument(text, fileName), offset, { catalog: getCatalog(), ...ctx }), text };
}

/** The text after accepting the item labelled `label` at the `|` of a text, with `|` where the cursor ends. */
function accept(source: string, label: string, fileName?: string, ctx?: Partial<CompletionContext>): string {
  const { items, text } = at(source, fileName, ctx);
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no item ${label} among ${items.length}: ${items.slice(0, 10).map((i) => i.label).join(', ')}`);
  return text.slice(0, item.offset) + item.insertText + '|' + text.slice(item.offset + item.length);
}

const account: AccountNames = {
  account: '111122223333',
  roles: [{ name: 'deploy', arn: 'arn:aws:iam::111122223333:role/deploy' }, { name: 'ecsTask', arn: 'arn:aws:iam::111122223333:role/service/ecsTask' }],
  repositories: [{ name: 'web', arn: 'arn:aws:ecr:eu-west-1:111122223333:repository/web' }],
};
const labels = (source: string, fileName?: string, ctx?: Partial<CompletionContext>) => at(source, fileName, ctx).items.map((i) => i.label);
const policy = (statement: string) => `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;

describe('completion', () => {
  it('offers a service\'s actions after its prefix, replacing the whole string', () => {
    const source = policy('{ "Effect": "Allow", "Action": "ecr:Put|", "Resource": "*" }');
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => [i.label, i.kind, i.detail]), getCatalog().actions('ecr').map((a) => [`ecr:${a.name}`, 'action', a.accessLevel]));
    assert.strictEqual(items.find((i) => i.label === 'ecr:PutImage')?.detail, 'Write');
    assert.strictEqual(accept(source, 'ecr:PutImage'), policy('{ "Effect": "Allow", "Action": "ecr:PutImage|", "Resource": "*" }'));
  });

  it('offers service prefixes before the colon', () => {
    const source = policy('{ "Effect": "Allow", "Action": ["ec|"], "Resource": "*" }');
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => [i.label, i.kind, i.insertText]), getCatalog().services().map((x) => [`${x.prefix}:`, 'service', `${x.prefix}:`]));
    assert.strictEqual(accept(source, 'ecr:'), policy('{ "Effect": "Allow", "Action": ["ecr:|"], "Resource": "*" }'));
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
    assert.deepStrictEqual(labels('{ "RoleName": "r", "|" }', 'x.role.json'), ['Description', 'Path', 'MaxSessionDuration', 'AssumeRolePolicyDocument',
      'ManagedPolicyArns', 'CustomerManagedPolicies', 'Policies', 'PermissionsBoundary', 'Tags', 'InstanceProfile']);
  });

  it('completes in a string not closed yet at the end of a line, replacing what was typed and no more', () => {
    const source = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["ecr:InitLay|\n ] } ] }';
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => i.label), getCatalog().actions('ecr').map((a) => `ecr:${a.name}`));
    assert.strictEqual(accept(source, 'ecr:InitiateLayerUpload'),
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["ecr:InitiateLayerUpload|\n ] } ] }');
    const prefix = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:|';
    assert.ok(at(prefix).items.every((i) => i.kind === 'action' && i.label.startsWith('ecr:')));
    assert.strictEqual(accept(prefix, 'ecr:PutImage'), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:PutImage|');
    assert.strictEqual(accept('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ec|\n', 'ecr:'),
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:|\n');
  });

  it('writes the whole string content when accepted inside a closed string', () => {
    assert.strictEqual(accept(policy('{ "Effect": "Allow", "Action": "ecr:Put|Ima", "Resource": "*" }'), 'ecr:PutImage'),
      policy('{ "Effect": "Allow", "Action": "ecr:PutImage|", "Resource": "*" }'));
  });

  it('offers every AWS managed policy by name in ManagedPolicyArns, writing its ARN with its path', () => {
    const source = '{ "RoleName": "r", "ManagedPolicyArns": ["AmazonECSTask|"] }';
    const { items } = at(source, 'x.role.json');
    const policies = getCatalog().managedPolicies();
    assert.deepStrictEqual(items.map((i) => [i.label, i.insertText]), policies.map((p) => [p.name, p.arn]));
    assert.strictEqual(accept(source, 'AmazonECSTaskExecutionRolePolicy', 'x.role.json'),
      '{ "RoleName": "r", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy|"] }');
    const task = items.find((i) => i.label === 'AmazonECSTaskExecutionRolePolicy');
    assert.deepStrictEqual([task?.detail, task?.filterText, task?.deprecated], ['AWS managed policy, path /service-role/', undefined, undefined]);
    const deprecated = policies.find((p) => p.deprecated?.replacement);
    assert.ok(deprecated, 'the data has a deprecated policy with a replacement');
    const item = items.find((i) => i.label === deprecated.name);
    assert.deepStrictEqual([item?.detail, item?.deprecated], [`deprecated: use ${deprecated.deprecated!.replacement!.name}`, true]);
    const byArn = at('{ "RoleName": "r", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/|"] }', 'x.role.json').items[0];
    assert.strictEqual(byArn.filterText, byArn.insertText);
  });

  it('offers the workspace\'s policy files for PolicyDocument and its trust policy files for AssumeRolePolicyDocument', () => {
    const policyFiles = ['./read-ecr.policy.json', './ec2.trust.json', '../shared/logs.policy.jsonc'];
    assert.deepStrictEqual(labels('{ "RoleName": "r", "Policies": [{ "PolicyName": "p", "PolicyDocument": "./|" }] }', 'x.role.json', { policyFiles }),
      ['./read-ecr.policy.json', '../shared/logs.policy.jsonc']);
    assert.strictEqual(accept('{ "RoleName": "r", "AssumeRolePolicyDocument": "|" }', './ec2.trust.json', 'x.role.json', { policyFiles }),
      '{ "RoleName": "r", "AssumeRolePolicyDocument": "./ec2.trust.json|" }');
    assert.deepStrictEqual(labels('{ "RoleName": "r", "CustomerManagedPolicies": [{ "PolicyName": "p", "|" }] }', 'x.role.json'), ['Description', 'PolicyDocument']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "Policies": [{ "|" }] }', 'x.role.json'), ['PolicyName', 'PolicyDocument']);
  });

  it('offers the connected account\'s roles for iam:PassRole and in a trust policy\'s Principal.AWS', () => {
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "|" }'), 'x.policy.json', { account }), [
      '*', 'arn:aws:iam::111122223333:role/deploy', 'arn:aws:iam::111122223333:role/service/ecsTask', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
    ]);
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "|" }'), 'x.policy.json', { account }), [
      '*', 'arn:aws:ecr:eu-west-1:111122223333:repository/web', 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}',
    ]);
    const trust = policy('{ "Effect": "Allow", "Principal": { "AWS": "|" }, "Action": "sts:AssumeRole" }');
    assert.strictEqual(accept(trust, 'arn:aws:iam::111122223333:role/deploy', 'x.trust.json', { account }),
      policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/deploy|" }, "Action": "sts:AssumeRole" }'));
    assert.deepStrictEqual(labels(trust, 'x.trust.json', { account }), ['arn:aws:iam::111122223333:root', ...account.roles.map((r) => r.arn)]);
    assert.deepStrictEqual(labels(trust, 'x.trust.json'), []);
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

describe('completion: dependent actions', () => {
  it('documents an action\'s dependent actions, linked, between its resource types and its reference link', () => {
    const reference = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
    const create = at(policy('{ "Effect": "Allow", "Action": "lambda:CreateF|" }')).items.find((i) => i.label === 'lambda:CreateFunction');
    assert.strictEqual(create?.documentation, 'Grants permission to create an AWS Lambda function\n\nResource types: `function`\n\n' +
      `Dependent actions (permissions the call may also need): [\`iam:PassRole\`](${reference}/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-PassRole)\n\n` +
      `[Service Authorization Reference](${reference}/list_awslambda.html#awslambda-CreateFunction)`);
    const state = at(policy('{ "Effect": "Allow", "Action": "states:CreateState|" }')).items.find((i) => i.label === 'states:CreateStateMachine');
    assert.strictEqual(state?.documentation?.split('\n\n')[2], 'Dependent actions (permissions the call may also need): ' +
      `[\`iam:PassRole\`](${reference}/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-PassRole), ` +
      `[\`states:PublishStateMachineVersion\`](${reference}/list_awsstepfunctions.html#awsstepfunctions-PublishStateMachineVersion)`);
  });
});
