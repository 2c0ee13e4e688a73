import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { AccountNames, complete } from '../../src/iam/completion';
import { parseDocument } from '../../src/iam/document';
import { accept, at, labels, policy, replaced } from './completionFixture';

const account: AccountNames = {
  account: '111122223333',
  roles: [{ name: 'deploy', arn: 'arn:aws:iam::111122223333:role/deploy' }, { name: 'ecsTask', arn: 'arn:aws:iam::111122223333:role/service/ecsTask' }],
  repositories: [{ name: 'web', arn: 'arn:aws:ecr:eu-west-1:111122223333:repository/web' }],
};

describe('completion', () => {
  it('offers a service\'s actions after its prefix, replacing the whole string', () => {
    const source = policy('{ "Effect": "Allow", "Action": "ecr:Put|", "Resource": "*" }');
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => [i.label, i.kind, i.detail]), getCatalog().actions('ecr').map((a) => [`ecr:${a.name}`, 'action', a.accessLevel]));
    assert.deepStrictEqual(items.slice(0, 3).map((i) => i.label), ['ecr:BatchCheckLayerAvailability', 'ecr:BatchDeleteImage', 'ecr:BatchGetImage']);
    assert.strictEqual(items.find((i) => i.label === 'ecr:PutImage')?.detail, 'Write');
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": "[[ecr:Put]]", "Resource": "*" }'));
    assert.strictEqual(accept(source, 'ecr:PutImage'), policy('{ "Effect": "Allow", "Action": "ecr:PutImage|", "Resource": "*" }'));
  });

  it('offers service prefixes before the colon', () => {
    const source = policy('{ "Effect": "Allow", "Action": ["ec|"], "Resource": "*" }');
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => [i.label, i.kind, i.insertText]), getCatalog().services().map((x) => [`${x.prefix}:`, 'service', `${x.prefix}:`]));
    assert.deepStrictEqual(items.slice(0, 4).map((i) => i.label), ['a2c:', 'a4b:', 'access-analyzer:', 'account:']);
    assert.deepStrictEqual([items.find((i) => i.label === 'ecr:')?.detail, items.find((i) => i.label === 'ecr:')?.documentation],
      ['Amazon Elastic Container Registry', '[Amazon Elastic Container Registry actions](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html)']);
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": ["[[ec]]"], "Resource": "*" }'));
    assert.strictEqual(accept(source, 'ecr:'), policy('{ "Effect": "Allow", "Action": ["ecr:|"], "Resource": "*" }'));
  });

  it('offers set-qualified String and ARN operators, and no set-qualified Bool or Null', () => {
    const source = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "For|": {} } }');
    const { items } = at(source);
    const qualified = (ops: string) => ops.split(' ').flatMap((op) => [op, `ForAnyValue:${op}`, `ForAllValues:${op}`]);
    assert.deepStrictEqual(items.map((i) => i.label), [
      ...qualified('StringEquals StringEqualsIfExists StringNotEquals StringNotEqualsIfExists StringEqualsIgnoreCase StringEqualsIgnoreCaseIfExists ' +
        'StringNotEqualsIgnoreCase StringNotEqualsIgnoreCaseIfExists StringLike StringLikeIfExists StringNotLike StringNotLikeIfExists'),
      ...('NumericEquals NumericEqualsIfExists NumericNotEquals NumericNotEqualsIfExists NumericLessThan NumericLessThanIfExists NumericLessThanEquals ' +
        'NumericLessThanEqualsIfExists NumericGreaterThan NumericGreaterThanIfExists NumericGreaterThanEquals NumericGreaterThanEqualsIfExists ' +
        'DateEquals DateEqualsIfExists DateNotEquals DateNotEqualsIfExists DateLessThan DateLessThanIfExists DateLessThanEquals DateLessThanEqualsIfExists ' +
        'DateGreaterThan DateGreaterThanIfExists DateGreaterThanEquals DateGreaterThanEqualsIfExists Bool BoolIfExists BinaryEquals BinaryEqualsIfExists ' +
        'IpAddress IpAddressIfExists NotIpAddress NotIpAddressIfExists').split(' '),
      ...qualified('ArnEquals ArnEqualsIfExists ArnNotEquals ArnNotEqualsIfExists ArnLike ArnLikeIfExists ArnNotLike ArnNotLikeIfExists'),
      'Null',
    ]);
    assert.deepStrictEqual(['ForAnyValue:StringLike', 'IpAddress', 'Null'].map((l) => [l, items.find((i) => i.label === l)?.kind, items.find((i) => i.label === l)?.detail]),
      [['ForAnyValue:StringLike', 'operator', 'String operator'], ['IpAddress', 'operator', 'IPAddress operator'], ['Null', 'operator', 'Null operator']]);
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "[[For]]": {} } }'));
    assert.strictEqual(accept(source, 'ForAllValues:StringLike'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "ForAllValues:StringLike|": {} } }'));
  });

  it('offers operators as Condition keys, and the statement\'s keys inside an operator', () => {
    const operator = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "|": {} } }');
    assert.deepStrictEqual(labels(operator), labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "For|": {} } }')));
    assert.strictEqual(accept(operator, 'StringEquals'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals|": {} } }'));
    const catalog = getCatalog();
    // A String operator compares no IP address (completion-edges.test.ts has each operator's keys).
    const names = (...services: string[]) => [...catalog.globalConditionKeys(), ...services.flatMap((s) => catalog.serviceConditionKeys(s))]
      .filter((k) => k.type !== 'IPAddress').map((k) => k.name);
    const source = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "|": "" } } }');
    const keys = labels(source);
    assert.deepStrictEqual(keys, names('s3'));
    assert.deepStrictEqual([keys.length, keys.slice(0, 3), keys.filter((k) => k.startsWith('s3:')).slice(0, 2)],
      [112, ['aws:AssociatedResourceArn', 'aws:AssumedRoot', 'aws:CalledVia'], ['s3:AccessGrantScope', 's3:AccessGrantsInstanceArn']]);
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "[[]]": "" } } }'));
    assert.strictEqual(accept(source, 's3:ExistingObjectTag/<key>'),
      policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "s3:ExistingObjectTag/<key>|": "" } } }'));
    const ecr = labels(policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Condition": { "StringEquals": { "|": "" } } }'));
    assert.deepStrictEqual(ecr, names('ecr'));
    assert.deepStrictEqual(ecr.filter((k) => !k.startsWith('aws:')), ['ecr:AccountSetting', 'ecr:ResourceTag/${TagKey}']);
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": ["ecr:PutImage", "s3:Get*", "*"], "Condition": { "StringEquals": { "|": "" } } }')), names('ecr', 's3'));
  });

  it('offers service principals, Effect and Version values', () => {
    const catalog = getCatalog();
    const source = policy('{ "Effect": "Allow", "Principal": { "Service": ["ec2.amazon|"] }, "Action": "sts:AssumeRole" }');
    const { items } = at(source, 'x.trust.json');
    assert.deepStrictEqual(items.map((i) => [i.label, i.kind, i.insertText]), catalog.servicePrincipals().map((p) => [p, 'principal', p]));
    assert.deepStrictEqual(items.slice(0, 3).map((i) => i.label), ['access-analyzer.amazonaws.com', 'access-grants.s3.amazonaws.com', 'account-access.amazonaws.com']);
    assert.deepStrictEqual(['ec2.amazonaws.com', 'logs.amazonaws.com'].map((l) => items.find((i) => i.label === l)?.detail),
      ['Amazon EC2', 'Amazon CloudWatch Logs']);
    assert.strictEqual(replaced(source, 'x.trust.json'), policy('{ "Effect": "Allow", "Principal": { "Service": ["[[ec2.amazon]]"] }, "Action": "sts:AssumeRole" }'));
    assert.strictEqual(accept(source, 'ec2.amazonaws.com', 'x.trust.json'),
      policy('{ "Effect": "Allow", "Principal": { "Service": ["ec2.amazonaws.com|"] }, "Action": "sts:AssumeRole" }'));
    const single = policy('{ "Effect": "Allow", "Principal": { "Service": "|" }, "Action": "sts:AssumeRole" }');
    assert.deepStrictEqual(labels(single, 'x.trust.json'), catalog.servicePrincipals());
    assert.strictEqual(accept(single, 'ecs-tasks.amazonaws.com', 'x.trust.json'),
      policy('{ "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com|" }, "Action": "sts:AssumeRole" }'));

    const effect = policy('{ "Effect": "A|llow" }');
    assert.deepStrictEqual(at(effect).items.map((i) => [i.label, i.detail]), [['Allow', 'allow the actions'], ['Deny', 'deny the actions, overriding any Allow']]);
    assert.strictEqual(replaced(effect), policy('{ "Effect": "[[Allow]]" }'));
    assert.strictEqual(accept(effect, 'Deny'), policy('{ "Effect": "Deny|" }'));
    const version = '{ "Version": "2008|", "Statement": [] }';
    assert.deepStrictEqual(at(version).items.map((i) => [i.label, i.detail]), [['2012-10-17', 'the current policy language version']]);
    assert.strictEqual(replaced(version), '{ "Version": "[[2008]]", "Statement": [] }');
    assert.strictEqual(accept(version, '2012-10-17'), '{ "Version": "2012-10-17|", "Statement": [] }');
  });

  it('offers only the statement elements not yet present', () => {
    const source = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "|": 1 }');
    // NotAction is left out too: a statement has Action or NotAction.
    assert.deepStrictEqual(at(source).items.map((i) => [i.label, i.kind]),
      [['Sid', 'element'], ['Principal', 'element'], ['NotPrincipal', 'element'], ['Resource', 'element'], ['NotResource', 'element'], ['Condition', 'element']]);
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "[[]]": 1 }'));
    assert.strictEqual(accept(source, 'Resource'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource|": 1 }'));
    assert.deepStrictEqual(labels(policy('{ "|" }')), ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  });

  it('documents actions and condition keys', () => {
    const put = at(policy('{ "Effect": "Allow", "Action": "ecr:PutIm|" }')).items.find((i) => i.label === 'ecr:PutImage');
    assert.strictEqual(put?.documentation, 'Grants permission to create or update the image manifest associated with an image\n\nResource types: `repository`\n\n' +
      '[Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-PutImage)');
    const token = at(policy('{ "Effect": "Allow", "Action": "ecr:GetAuth|" }')).items.find((i) => i.label === 'ecr:GetAuthorizationToken');
    assert.deepStrictEqual([token?.detail, token?.documentation], ['Read', 'Grants permission to retrieve a token that is valid for a specified registry for 12 hours\n\n' +
      'Resource types: `*` only\n\n[Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-GetAuthorizationToken)']);
    const source = policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:Secure|": "false" } } }');
    const secure = at(source).items.find((i) => i.label === 'aws:SecureTransport');
    assert.deepStrictEqual([secure?.kind, secure?.detail, secure?.documentation], ['conditionKey', 'Bool',
      'True when the request was sent over TLS (HTTPS). Deny with false to refuse plain HTTP.\n\n' +
      '[Documentation](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport)']);
    assert.strictEqual(replaced(source), policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "[[aws:Secure]]": "false" } } }'));
    assert.strictEqual(accept(source, 'aws:SecureTransport'),
      policy('{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport|": "false" } } }'));
  });

  it('offers the web identity keys in a trust policy\'s condition, each once, written out for the provider it trusts', () => {
    const catalog = getCatalog();
    // The keys of any OIDC provider are written out for the one the statement trusts; a key the data also has written out for it is offered once.
    const expected = (provider: string) => [...new Set([...catalog.globalConditionKeys(), ...catalog.serviceConditionKeys('sts')]
      .filter((k) => k.type !== 'IPAddress').map((k) => k.name.replace(/^\$\{OIDCProvider\}:/, `${provider}:`)))];
    const trusting = (provider: string, typed: string) => policy(`{ "Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/${provider}" }, ` +
      `"Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "${typed}": "" } } }`);
    const github = 'token.actions.githubusercontent.com';
    const keys = labels(trusting(github, '|'), 'x.trust.json');
    assert.deepStrictEqual(keys, expected(github));
    assert.deepStrictEqual([keys.length, keys.slice(-7)], [186, ['aud', 'sub', 'iss', 'amr', 'azp', 'oaud', 'email'].map((k) => `${github}:${k}`)]);
    assert.strictEqual(accept(trusting(github, 'token.actions.githubusercontent.com:s|'), `${github}:sub`, 'x.trust.json'), trusting(github, `${github}:sub|`));

    const eks = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
    const eksSource = trusting(eks, 'oidc|');
    const eksKeys = labels(eksSource, 'x.trust.json');
    assert.deepStrictEqual(eksKeys, expected(eks));
    assert.deepStrictEqual([eksKeys.length, eksKeys.slice(-6)], [188, ['aud', 'sub', 'amr', 'azp', 'oaud', 'email'].map((k) => `${eks}:${k}`)]);
    assert.strictEqual(replaced(eksSource, 'x.trust.json'), trusting(eks, '[[oidc]]').replace('|', ''));
    assert.strictEqual(accept(eksSource, `${eks}:sub`, 'x.trust.json'), trusting(eks, `${eks}:sub|`));

    const anyProvider = labels(policy('{ "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "|": "" } } }'), 'x.trust.json');
    assert.deepStrictEqual(anyProvider, expected('${OIDCProvider}'));
    assert.deepStrictEqual(anyProvider.slice(-6), ['aud', 'sub', 'amr', 'azp', 'oaud', 'email'].map((k) => `\${OIDCProvider}:${k}`));
  });

  it('offers the identity providers in a trust policy\'s Principal.Federated, with the connected account filled in', () => {
    const source = policy('{ "Effect": "Allow", "Principal": { "Federated": "|" }, "Action": "sts:AssumeRoleWithWebIdentity" }');
    assert.deepStrictEqual(at(source, 'x.trust.json').items.map((i) => [i.label, i.kind, i.detail]), [
      ['arn:aws:iam::${Account}:oidc-provider/token.actions.githubusercontent.com', 'principal', 'GitHub Actions (OIDC provider)'],
      ['arn:aws:iam::${Account}:oidc-provider/${ProviderHost}', 'principal', 'an OIDC provider of the account'],
      ['arn:aws:iam::${Account}:saml-provider/${ProviderName}', 'principal', 'a SAML provider of the account'],
      ['cognito-identity.amazonaws.com', 'principal', 'Amazon Cognito identity pools'],
      ['accounts.google.com', 'principal', 'Google'],
      ['graph.facebook.com', 'principal', 'Facebook'],
      ['www.amazon.com', 'principal', 'Login with Amazon'],
    ]);
    assert.strictEqual(replaced(source, 'x.trust.json'), policy('{ "Effect": "Allow", "Principal": { "Federated": "[[]]" }, "Action": "sts:AssumeRoleWithWebIdentity" }'));
    assert.strictEqual(accept(source, 'accounts.google.com', 'x.trust.json'),
      policy('{ "Effect": "Allow", "Principal": { "Federated": "accounts.google.com|" }, "Action": "sts:AssumeRoleWithWebIdentity" }'));
    const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    assert.deepStrictEqual(labels(source, 'x.trust.json', { account }).slice(0, 3),
      [github, 'arn:aws:iam::111122223333:oidc-provider/${ProviderHost}', 'arn:aws:iam::111122223333:saml-provider/${ProviderName}']);
    assert.strictEqual(accept('{ "RoleName": "r", "AssumeRolePolicyDocument": { "Statement": [{ "Principal": { "Federated": ["arn:|"] } }] } }', github, 'x.role.json', { account }),
      `{ "RoleName": "r", "AssumeRolePolicyDocument": { "Statement": [{ "Principal": { "Federated": ["${github}|"] } }] } }`);
    // A resource policy cannot name an identity provider (IAM refuses it), and an identity policy names no principal.
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Principal": { "Federated": "|" }, "Action": "s3:GetObject", "Resource": "*" }')), []);
  });

  it('offers the ARN formats of the statement\'s actions as resources, with the aws partition filled in', () => {
    const source = policy('{ "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:BatchGetImage", "s3:GetObject"], "Resource": ["arn:|"] }');
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => [i.label, i.detail, i.insertText]), [
      ['*', 'all resources', '*'],
      ['arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}', 'ecr repository', 'arn:aws:ecr:${Region}:${Account}:repository/${RepositoryName}'],
      ['arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', 's3 accesspointobject',
        'arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}'],
      ['arn:${Partition}:s3:::${BucketName}/${ObjectName}', 's3 object', 'arn:aws:s3:::${BucketName}/${ObjectName}'],
    ]);
    assert.strictEqual(items[1].documentation, 'The ARN of ecr `repository` resources, for `ecr:PutImage`, `ecr:BatchGetImage`. Replace each `${...}` part.');
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:BatchGetImage", "s3:GetObject"], "Resource": ["[[arn:]]"] }'));
    assert.strictEqual(accept(source, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'),
      policy('{ "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:BatchGetImage", "s3:GetObject"], "Resource": ["arn:aws:s3:::${BucketName}/${ObjectName}|"] }'));
    const star = policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "|" }');
    assert.deepStrictEqual(labels(star), ['*']);
    assert.strictEqual(accept(star, '*'), policy('{ "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*|" }'));
    // No action, or only actions the catalog does not know: "*" alone.
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": ["ecr:NoSuchAction"], "Resource": "|" }')), ['*']);
  });

  it('offers the policy elements and principal types not yet present', () => {
    const top = '{ "Version": "2012-10-17", "|" }';
    assert.deepStrictEqual(at(top).items.map((i) => [i.label, i.kind, i.detail]),
      [['Id', 'element', 'optional policy identifier'], ['Statement', 'element', 'the statements of the policy']]);
    assert.strictEqual(replaced(top), '{ "Version": "2012-10-17", "[[]]" }');
    assert.strictEqual(accept(top, 'Statement'), '{ "Version": "2012-10-17", "Statement|" }');
    const principal = policy('{ "Effect": "Allow", "Principal": { "AWS": "111122223333", "Fed|" } }');
    assert.deepStrictEqual(labels(principal, 'x.trust.json'), ['Service', 'Federated', 'CanonicalUser']);
    assert.strictEqual(replaced(principal, 'x.trust.json'), policy('{ "Effect": "Allow", "Principal": { "AWS": "111122223333", "[[Fed]]" } }'));
    assert.strictEqual(accept(principal, 'Federated', 'x.trust.json'), policy('{ "Effect": "Allow", "Principal": { "AWS": "111122223333", "Federated|" } }'));
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "NotPrincipal": { "|" } }')), ['AWS', 'Service', 'Federated', 'CanonicalUser']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "AssumeRolePolicyDocument": { "Statement": [], "|" } }', 'x.role.json'), ['Version', 'Id']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "AssumeRolePolicyDocument": { "Version": "|" } }', 'x.role.json'), ['2012-10-17']);
    const manifest = '{ "RoleName": "r", "|" }';
    assert.deepStrictEqual(labels(manifest, 'x.role.json'), ['Description', 'Path', 'MaxSessionDuration', 'AssumeRolePolicyDocument',
      'ManagedPolicyArns', 'CustomerManagedPolicies', 'Policies', 'PermissionsBoundary', 'Tags', 'InstanceProfile']);
    assert.strictEqual(accept(manifest, 'InstanceProfile', 'x.role.json'), '{ "RoleName": "r", "InstanceProfile|" }');
    assert.deepStrictEqual(labels('{ "Role|": "r" }', 'x.role.json'), ['RoleName', 'Description', 'Path', 'MaxSessionDuration', 'AssumeRolePolicyDocument',
      'ManagedPolicyArns', 'CustomerManagedPolicies', 'Policies', 'PermissionsBoundary', 'Tags', 'InstanceProfile']);
  });

  it('completes in a string not closed yet at the end of a line, replacing what was typed and no more', () => {
    const source = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["ecr:InitLay|\n ] } ] }';
    const ecr = getCatalog().actions('ecr').map((a) => `ecr:${a.name}`);
    assert.deepStrictEqual(labels(source), ecr);
    assert.strictEqual(replaced(source), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["[[ecr:InitLay]]\n ] } ] }');
    assert.strictEqual(accept(source, 'ecr:InitiateLayerUpload'),
      '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["ecr:InitiateLayerUpload|\n ] } ] }');
    // Not a2c: and every other service prefix: the service is typed.
    const prefix = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:|';
    assert.deepStrictEqual(labels(prefix), ecr);
    assert.strictEqual(replaced(prefix), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "[[ecr:]]');
    assert.strictEqual(accept(prefix, 'ecr:PutImage'), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:PutImage|');
    const service = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ec|\n';
    assert.deepStrictEqual(labels(service), getCatalog().services().map((s) => `${s.prefix}:`));
    assert.strictEqual(replaced(service), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "[[ec]]\n');
    assert.strictEqual(accept(service, 'ecr:'), '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:|\n');
  });

  it('writes the whole string content when accepted inside a closed string', () => {
    const source = policy('{ "Effect": "Allow", "Action": "ecr:Put|Ima", "Resource": "*" }');
    // The service is what comes before the colon; what follows the cursor does not narrow the list (the editor filters).
    assert.deepStrictEqual(labels(source), getCatalog().actions('ecr').map((a) => `ecr:${a.name}`));
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": "[[ecr:PutIma]]", "Resource": "*" }'));
    assert.strictEqual(accept(source, 'ecr:PutImage'), policy('{ "Effect": "Allow", "Action": "ecr:PutImage|", "Resource": "*" }'));
    const service = policy('{ "Effect": "Allow", "Action": "e|cr:PutImage", "Resource": "*" }');
    assert.deepStrictEqual(labels(service), getCatalog().services().map((s) => `${s.prefix}:`));
    assert.strictEqual(accept(service, 'ecs:'), policy('{ "Effect": "Allow", "Action": "ecs:|", "Resource": "*" }'));
  });

  it('offers every AWS managed policy by name in ManagedPolicyArns, writing its ARN with its path', () => {
    const source = '{ "RoleName": "r", "ManagedPolicyArns": ["AmazonECSTask|"] }';
    const { items } = at(source, 'x.role.json');
    const policies = getCatalog().managedPolicies();
    assert.deepStrictEqual(items.map((i) => [i.label, i.insertText]), policies.map((p) => [p.name, p.arn]));
    assert.deepStrictEqual(items.slice(0, 3).map((i) => i.label), ['AIDevOpsAgentAccessPolicy', 'AIDevOpsAgentActionsPolicy', 'AIDevOpsAgentFullAccess']);
    assert.strictEqual(replaced(source, 'x.role.json'), '{ "RoleName": "r", "ManagedPolicyArns": ["[[AmazonECSTask]]"] }');
    assert.strictEqual(accept(source, 'AmazonECSTaskExecutionRolePolicy', 'x.role.json'),
      '{ "RoleName": "r", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy|"] }');
    const task = items.find((i) => i.label === 'AmazonECSTaskExecutionRolePolicy');
    assert.deepStrictEqual([task?.detail, task?.filterText, task?.deprecated], ['AWS managed policy, path /service-role/', undefined, undefined]);
    const ssm = items.find((i) => i.label === 'AmazonEC2RoleforSSM');
    assert.deepStrictEqual([ssm?.insertText, ssm?.detail, ssm?.deprecated, ssm?.documentation],
      ['arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM', 'deprecated: use AmazonSSMManagedInstanceCore', true, '`arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM`']);
    assert.strictEqual(task?.documentation, '`arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`');
    assert.deepStrictEqual(items.filter((i) => i.deprecated).map((i) => i.label), policies.filter((p) => p.deprecated).map((p) => p.name));
    assert.deepStrictEqual(items.filter((i) => i.deprecated).slice(0, 3).map((i) => i.label),
      ['AWSElasticBeanstalkFullAccess', 'AWSElasticBeanstalkReadOnlyAccess', 'AWSLambdaFullAccess']);
    // Once an ARN is typed, the editor filters by ARN.
    const byArn = at('{ "RoleName": "r", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/|"] }', 'x.role.json').items;
    assert.deepStrictEqual(byArn.map((i) => [i.label, i.filterText, i.insertText]), policies.map((p) => [p.name, p.arn, p.arn]));
    const boundary = '{ "RoleName": "r", "PermissionsBoundary": "PowerUser|" }';
    assert.deepStrictEqual(labels(boundary, 'x.role.json'), policies.map((p) => p.name));
    assert.strictEqual(accept(boundary, 'PowerUserAccess', 'x.role.json'), '{ "RoleName": "r", "PermissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess|" }');
  });

  it('offers the workspace\'s policy files for PolicyDocument and its trust policy files for AssumeRolePolicyDocument', () => {
    const policyFiles = ['./read-ecr.policy.json', './ec2.trust.json', '../shared/logs.policy.jsonc'];
    const document = '{ "RoleName": "r", "Policies": [{ "PolicyName": "p", "PolicyDocument": "./|" }] }';
    assert.deepStrictEqual(at(document, 'x.role.json', { policyFiles }).items.map((i) => [i.label, i.kind, i.detail]),
      [['./read-ecr.policy.json', 'file', 'policy file'], ['../shared/logs.policy.jsonc', 'file', 'policy file']]);
    assert.strictEqual(replaced(document, 'x.role.json', { policyFiles }), '{ "RoleName": "r", "Policies": [{ "PolicyName": "p", "PolicyDocument": "[[./]]" }] }');
    assert.strictEqual(accept(document, '../shared/logs.policy.jsonc', 'x.role.json', { policyFiles }),
      '{ "RoleName": "r", "Policies": [{ "PolicyName": "p", "PolicyDocument": "../shared/logs.policy.jsonc|" }] }');
    assert.deepStrictEqual(labels('{ "RoleName": "r", "CustomerManagedPolicies": [{ "PolicyDocument": "|" }] }', 'x.role.json', { policyFiles }),
      ['./read-ecr.policy.json', '../shared/logs.policy.jsonc']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "AssumeRolePolicyDocument": "|" }', 'x.role.json', { policyFiles }), ['./ec2.trust.json']);
    assert.deepStrictEqual(labels(document, 'x.role.json'), []);
    assert.strictEqual(accept('{ "RoleName": "r", "AssumeRolePolicyDocument": "|" }', './ec2.trust.json', 'x.role.json', { policyFiles }),
      '{ "RoleName": "r", "AssumeRolePolicyDocument": "./ec2.trust.json|" }');
    const entry = '{ "RoleName": "r", "CustomerManagedPolicies": [{ "PolicyName": "p", "|" }] }';
    assert.deepStrictEqual(labels(entry, 'x.role.json'), ['Description', 'PolicyDocument']);
    assert.strictEqual(accept(entry, 'PolicyDocument', 'x.role.json'), '{ "RoleName": "r", "CustomerManagedPolicies": [{ "PolicyName": "p", "PolicyDocument|" }] }');
    assert.deepStrictEqual(labels('{ "RoleName": "r", "Policies": [{ "|" }] }', 'x.role.json'), ['PolicyName', 'PolicyDocument']);
    const tag = '{ "RoleName": "r", "Tags": [{ "Key": "env", "|" }] }';
    assert.deepStrictEqual(at(tag, 'x.role.json').items.map((i) => [i.label, i.kind, i.detail]), [['Value', 'element', 'the tag\'s value: up to 256 characters']]);
    assert.strictEqual(accept(tag, 'Value', 'x.role.json'), '{ "RoleName": "r", "Tags": [{ "Key": "env", "Value|" }] }');
    assert.deepStrictEqual(labels('{ "RoleName": "r", "Tags": [{ "|" }] }', 'x.role.json'), ['Key', 'Value']);
  });

  it('offers the connected account\'s roles for iam:PassRole and in a trust policy\'s Principal.AWS', () => {
    const passRole = policy('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "|" }');
    assert.deepStrictEqual(at(passRole, 'x.policy.json', { account }).items.map((i) => [i.label, i.detail]), [
      ['*', 'all resources'], ['arn:aws:iam::111122223333:role/deploy', 'role deploy'], ['arn:aws:iam::111122223333:role/service/ecsTask', 'role ecsTask'],
      ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', 'iam role'],
    ]);
    assert.strictEqual(accept(passRole, 'arn:aws:iam::111122223333:role/service/ecsTask', 'x.policy.json', { account }),
      policy('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/service/ecsTask|" }'));
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "|" }'), 'x.policy.json', { account }), [
      '*', 'arn:aws:ecr:eu-west-1:111122223333:repository/web', 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}',
    ]);
    const trust = policy('{ "Effect": "Allow", "Principal": { "AWS": "|" }, "Action": "sts:AssumeRole" }');
    assert.strictEqual(accept(trust, 'arn:aws:iam::111122223333:role/deploy', 'x.trust.json', { account }),
      policy('{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/deploy|" }, "Action": "sts:AssumeRole" }'));
    assert.deepStrictEqual(at(trust, 'x.trust.json', { account }).items.map((i) => [i.label, i.kind, i.detail]), [
      ['arn:aws:iam::111122223333:root', 'principal', 'account 111122223333'],
      ['arn:aws:iam::111122223333:role/deploy', 'principal', 'role deploy'], ['arn:aws:iam::111122223333:role/service/ecsTask', 'principal', 'role ecsTask'],
    ]);
    assert.strictEqual(replaced(trust, 'x.trust.json', { account }), policy('{ "Effect": "Allow", "Principal": { "AWS": "[[]]" }, "Action": "sts:AssumeRole" }'));
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
