import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getCallerIdentity } from '../../src/aws/account';
import { createClients } from '../../src/aws/clients';
import { listProfiles, profileRegion } from '../../src/aws/connection';
import { explain } from '../../src/aws/errors';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('AWS profiles and credentials, from temporary config files', () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const env = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-config-'));
    const processScript = path.join(dir, 'creds.js');
    fs.writeFileSync(processScript, `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROCESS000000000', SecretAccessKey: 'process-secret' }))`);
    fs.writeFileSync(path.join(dir, 'config'), [
      '[default]', 'region = eu-west-1',
      '[profile dev]', 'region = ap-southeast-1',
      '[profile chained]', 'role_arn = arn:aws:iam::123456789012:role/Admin', 'source_profile = dev',
      `[profile process]`, `credential_process = ${process.execPath} ${processScript}`,
      '[profile sso]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = us-east-1',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'credentials'), ['[dev]', `aws_access_key_id = ${KEY}`, `aws_secret_access_key = ${SECRET}`].join('\n'));
    env({
      AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_PROFILE: undefined, AWS_REGION: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, HOME: dir,
    });
  });
  afterEach(() => {
    env(saved);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the profiles of both files and their regions', async () => {
    assert.deepStrictEqual(await listProfiles(), ['chained', 'default', 'dev', 'process', 'sso']);
    assert.strictEqual(await profileRegion('dev'), 'ap-southeast-1');
    assert.strictEqual(await profileRegion(undefined), 'eu-west-1');
  });

  it('resolves static keys, a credential_process, and fails a missing profile with a message naming it', async () => {
    const dev = await createClients({ profile: 'dev', region: 'eu-west-1' }).sts.config.credentials();
    assert.strictEqual(dev.accessKeyId, KEY);
    const fromProcess = await createClients({ profile: 'process', region: 'eu-west-1' }).sts.config.credentials();
    assert.strictEqual(fromProcess.accessKeyId, 'AKIAPROCESS000000000');
    const missing = createClients({ profile: 'nope', region: 'eu-west-1' });
    await assert.rejects(missing.sts.config.credentials(), (e: unknown) => {
      const problem = explain(e, { profile: 'nope', region: 'eu-west-1' });
      assert.strictEqual(problem.kind, 'noCredentials');
      assert.match(problem.message, /profile nope/);
      return true;
    });
  });

  it('names `aws sso login --profile NAME` when the SSO token is absent', async () => {
    await assert.rejects(createClients({ profile: 'sso', region: 'us-east-1' }).sts.config.credentials(), (e: unknown) => {
      const problem = explain(e, { profile: 'sso', region: 'us-east-1' });
      assert.deepStrictEqual(problem, { kind: 'ssoExpired', message: 'The AWS SSO session of profile sso has expired or was never started: run `aws sso login --profile sso`, then retry.' });
      return true;
    });
  });

  it('follows a source_profile chain to STS, and its failure names no key or secret', async () => {
    // The chain signs an sts:AssumeRole call with the source profile's keys; with no STS here that call
    // fails, and the failure must name neither key nor secret.
    const clients = createClients({ profile: 'chained', region: 'eu-west-1' });
    env({ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
    await assert.rejects(clients.sts.config.credentials(), (e: unknown) => {
      const problem = explain(e, { profile: 'chained', region: 'eu-west-1' });
      assert.ok(!problem.message.includes(SECRET) && !problem.message.includes(KEY), problem.message);
      return true;
    });
  });

  it('never puts credentials in messages, whatever the error says', () => {
    const errors = [
      new Error(`Invalid credentials ${KEY} ${SECRET}`),
      Object.assign(new Error(`The request signature we calculated does not match. Signature=abcdef123 aws_secret_access_key=${SECRET}`), { name: 'SignatureDoesNotMatch' }),
      Object.assign(new Error(`User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:CreateRole with key ${KEY}`), { name: 'AccessDenied' }),
      Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:1 ${SECRET}`), { code: 'ECONNREFUSED' }),
    ];
    for (const e of errors) {
      const { message } = explain(e, { profile: 'dev', region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' });
      assert.ok(!message.includes(SECRET) && !message.includes(KEY), message);
    }
    assert.strictEqual(explain(errors[2], { profile: 'dev', region: 'eu-west-1' }).message, 'Access denied: the identity of profile dev may not perform iam:CreateRole.');
  });
});

describe('a connection to the sandbox endpoint', () => {
  let sandbox: Sandbox;
  before(async () => { sandbox = await startSandbox(); });
  after(() => sandbox.close());

  it('works without any AWS configuration, and an unreachable endpoint is named', async () => {
    assert.strictEqual((await getCallerIdentity(createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }))).account, '123456789012');
    const gone = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' };
    await assert.rejects(getCallerIdentity(createClients(gone)), (e: unknown) => {
      assert.deepStrictEqual(explain(e, gone), { kind: 'unreachable', message: 'Cannot reach http://127.0.0.1:9: check the network, that the endpoint is running, or the iamAuthor.endpoint setting.' });
      return true;
    });
  });
});
