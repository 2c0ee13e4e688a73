import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { getCallerIdentity, listEcrRepositories, listRoles } from '../../src/aws/account';
import { createClients } from '../../src/aws/clients';
import { defaultProfile, isLocalEndpoint, listProfiles, profileRegion } from '../../src/aws/connection';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { awsConfigFixture, KEY, SECRET } from './awsConfigFixture';

describe('AWS profiles and credentials, from temporary config files', () => {
  let fixture: ReturnType<typeof awsConfigFixture>;

  beforeEach(() => {
    fixture = awsConfigFixture((dir) => [
      '[default]', 'region = eu-west-1',
      '[profile dev]', 'region = ap-southeast-1',
      '[profile chained]', `role_arn = arn:aws:iam::123456789012:role/Admin`, 'source_profile = dev', 'role_session_name = chain-test',
      '[profile process]', `credential_process = ${process.execPath} ${path.join(dir, 'creds.js')}`,
      '[profile sso]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = us-east-1',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1',
      '[services local]', 'iam =', '  endpoint_url = http://127.0.0.1:1',
    ], ['[dev]', `aws_access_key_id = ${KEY}`, `aws_secret_access_key = ${SECRET}`, '[only-credentials]', 'aws_access_key_id = AKIAONLYCREDENTIALS0', 'aws_secret_access_key = x']);
    fs.writeFileSync(path.join(fixture.dir, 'creds.js'), 'console.log(JSON.stringify({ Version: 1, AccessKeyId: "AKIAPROCESS000000000", SecretAccessKey: "process-secret" }))');
  });
  afterEach(() => fixture.restore());

  it('lists the profiles of both files once each, without sso-session and services sections', async () => {
    assert.deepStrictEqual(await listProfiles(), ['chained', 'default', 'dev', 'only-credentials', 'process', 'sso']);
    fixture.set({ AWS_CONFIG_FILE: path.join(fixture.dir, 'absent'), AWS_SHARED_CREDENTIALS_FILE: path.join(fixture.dir, 'absent-too') });
    assert.deepStrictEqual(await listProfiles(), []);
  });

  it('honours AWS_PROFILE and the default profile', () => {
    assert.strictEqual(defaultProfile(), 'default');
    fixture.set({ AWS_PROFILE: 'dev' });
    assert.strictEqual(defaultProfile(), 'dev');
    fixture.set({ AWS_PROFILE: '  ' });
    assert.strictEqual(defaultProfile(), 'default');
  });

  it('finds a profile\'s region; AWS_REGION and AWS_DEFAULT_REGION win', async () => {
    assert.strictEqual(await profileRegion('dev'), 'ap-southeast-1');
    assert.strictEqual(await profileRegion(undefined), 'eu-west-1');
    assert.strictEqual(await profileRegion('process'), undefined);
    assert.strictEqual(await profileRegion('ghost'), undefined);
    fixture.set({ AWS_PROFILE: 'sso' });
    assert.strictEqual(await profileRegion(undefined), 'us-east-1');
    fixture.set({ AWS_DEFAULT_REGION: 'eu-north-1' });
    assert.strictEqual(await profileRegion('dev'), 'eu-north-1');
    fixture.set({ AWS_REGION: 'sa-east-1' });
    assert.strictEqual(await profileRegion('dev'), 'sa-east-1');
  });

  it('resolves static keys, a credential_process, and the default chain with AWS_PROFILE or environment keys', async () => {
    const dev = await createClients({ profile: 'dev', region: 'eu-west-1' }).sts.config.credentials();
    assert.deepStrictEqual([dev.accessKeyId, dev.secretAccessKey], [KEY, SECRET]);
    const fromProcess = await createClients({ profile: 'process', region: 'eu-west-1' }).sts.config.credentials();
    assert.deepStrictEqual([fromProcess.accessKeyId, fromProcess.secretAccessKey], ['AKIAPROCESS000000000', 'process-secret']);
    fixture.set({ AWS_PROFILE: 'only-credentials' });
    assert.strictEqual((await createClients({ region: 'eu-west-1' }).sts.config.credentials()).accessKeyId, 'AKIAONLYCREDENTIALS0');
    fixture.set({ AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00000', AWS_SECRET_ACCESS_KEY: 'env-secret' });
    assert.strictEqual((await createClients({ region: 'eu-west-1' }).sts.config.credentials()).accessKeyId, 'AKIAENVIRONMENT00000');
  });

  it('rejects a missing profile when a client needs credentials, not before', async () => {
    const clients = createClients({ profile: 'ghost', region: 'eu-west-1' });
    await assert.rejects(clients.sts.config.credentials(), {
      name: 'CredentialsProviderError', message: 'Could not resolve credentials using profile: [ghost] in configuration/credentials file(s).',
    });
  });

  describe('with the sandbox as AWS', () => {
    let sandbox: Sandbox;
    beforeEach(async () => { sandbox = await startSandbox(); });
    afterEach(() => sandbox.close());

    it('follows role_arn + source_profile: the source keys sign sts:AssumeRole, the role\'s session signs the calls', async () => {
      const admin = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint });
      await admin.iam.send(new CreateRoleCommand({
        RoleName: 'Admin', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] }),
      }));
      admin.destroy();
      // No endpoint in the connection: the SDK's own AWS_ENDPOINT_URL sends every call, the chain's STS call included, to the sandbox.
      fixture.set({ AWS_ENDPOINT_URL: sandbox.endpoint });
      const clients = createClients({ profile: 'chained', region: 'us-east-1' });
      try {
        const credentials = await clients.sts.config.credentials();
        assert.match(credentials.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
        assert.strictEqual((await getCallerIdentity(clients)).arn, 'arn:aws:sts::123456789012:assumed-role/Admin/chain-test');
      } finally {
        clients.destroy();
      }
    });

    it('needs no AWS configuration at all for an endpoint on this machine, and sends every client there', async () => {
      fixture.set({ AWS_CONFIG_FILE: path.join(fixture.dir, 'absent'), AWS_SHARED_CREDENTIALS_FILE: path.join(fixture.dir, 'absent-too') });
      const clients = createClients({ profile: 'ghost', region: 'eu-west-1', endpoint: sandbox.endpoint });
      try {
        assert.strictEqual((await getCallerIdentity(clients)).account, '123456789012');
        assert.deepStrictEqual(await listRoles(clients), []);
        assert.deepStrictEqual(await listEcrRepositories(clients), []);
      } finally {
        clients.destroy();
      }
    });
  });
});

describe('isLocalEndpoint', () => {
  it('is true only for http(s) URLs on loopback', () => {
    const local = ['http://127.0.0.1:4566', 'https://localhost', 'http://127.3.2.1:1/', 'http://[::1]:8080'];
    const other = [undefined, '', 'not a url', 'http://10.0.0.1:4566', 'https://iam.amazonaws.com', 'http://127.0.0.1.example.com', 'ftp://127.0.0.1'];
    assert.deepStrictEqual(local.map(isLocalEndpoint), local.map(() => true));
    assert.deepStrictEqual(other.map(isLocalEndpoint), other.map(() => false));
  });
});
