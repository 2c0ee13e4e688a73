import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DeletePolicyCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { getCallerIdentity } from '../../src/aws/account';
import { createClients } from '../../src/aws/clients';
import { Connection } from '../../src/aws/connection';
import { explain, Problem } from '../../src/aws/errors';
import { startSandbox } from '../../src/aws/sandbox/server';
import { awsConfigFixture, KEY, SECRET } from './awsConfigFixture';

const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6example0session0token0value';
const PROCESS_SECRET = 'process-output-secret-value';
const SSO_TOKEN = 'aoaAAAAAGV0c3NvLWFjY2Vzcy10b2tlbi1leGFtcGxl0123456789';
const SECRETS = [KEY, SECRET, SESSION_TOKEN, PROCESS_SECRET, SSO_TOKEN];
const PICK = 'pick another profile, or start the local sandbox account to practise without an AWS account';

/** The problem an error gives, checked to hold none of the fixture's secrets anywhere. */
function explained(error: unknown, connection: Connection): Problem {
  const problem = explain(error, connection);
  const text = JSON.stringify(problem);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret in ${text}`);
  return problem;
}

/** The error a call rejects with. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(() => assert.fail('the call succeeded'), (e: unknown) => e);
}

describe('explaining AWS errors: what to do, and never a secret', () => {
  let fixture: ReturnType<typeof awsConfigFixture>;

  beforeEach(() => {
    fixture = awsConfigFixture((dir) => [
      '[profile dev]', 'region = eu-west-1',
      '[profile session]', `aws_access_key_id = ASIAEXAMPLESESSION00`, `aws_secret_access_key = ${SECRET}`, `aws_session_token = ${SESSION_TOKEN}`,
      '[profile sso]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = us-east-1',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1',
      '[profile legacy-sso]', 'sso_start_url = https://legacy.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 123456789012', 'sso_role_name = Dev',
      '[profile failing]', `credential_process = ${process.execPath} ${path.join(dir, 'fail.js')}`,
      '[profile garbled]', `credential_process = ${process.execPath} ${path.join(dir, 'garbled.js')}`,
      '[profile orphan]', 'role_arn = arn:aws:iam::123456789012:role/Admin', 'source_profile = ghost',
      '[profile chained]', 'role_arn = arn:aws:iam::123456789012:role/Admin', 'source_profile = dev',
    ], ['[dev]', `aws_access_key_id = ${KEY}`, `aws_secret_access_key = ${SECRET}`]);
    // A credential_process that fails saying a secret, and one that prints a secret in broken JSON.
    fs.writeFileSync(path.join(fixture.dir, 'fail.js'), `console.error(${JSON.stringify(`cannot refresh ${PROCESS_SECRET} ${SECRET}`)}); process.exit(3);`);
    fs.writeFileSync(path.join(fixture.dir, 'garbled.js'), `console.log(${JSON.stringify(`{"Version": 1, "AccessKeyId": "${KEY}", "SecretAccessKey": "${PROCESS_SECRET}"`)});`);
  });
  afterEach(() => fixture.restore());

  it('names `aws sso login --profile NAME` when the SSO token is absent or expired', async () => {
    const absent = await failure(createClients({ profile: 'sso', region: 'us-east-1' }).sts.config.credentials());
    assert.deepStrictEqual(explained(absent, { profile: 'sso', region: 'us-east-1' }), {
      kind: 'ssoExpired', profile: 'sso',
      message: 'The AWS SSO session of profile sso has expired or was never started: run `aws sso login --profile sso` in a terminal, then retry.',
    });
    const legacy = await failure(createClients({ profile: 'legacy-sso', region: 'us-east-1' }).sts.config.credentials());
    assert.strictEqual(explained(legacy, { profile: 'legacy-sso', region: 'us-east-1' }).kind, 'ssoExpired');

    const cache = path.join(fixture.dir, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({
      accessToken: SSO_TOKEN, expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start',
    }));
    const expired = await failure(createClients({ profile: 'sso', region: 'us-east-1' }).sts.config.credentials());
    // Without AWS_PROFILE or a chosen profile, the default chain's profile is named.
    fixture.set({ AWS_PROFILE: 'sso' });
    assert.deepStrictEqual(explained(expired, { region: 'us-east-1' }).message,
      'The AWS SSO session of profile sso has expired or was never started: run `aws sso login --profile sso` in a terminal, then retry.');
  });

  it('reads profiles named __proto__ and constructor as any other, and changes no object of the program', () => {
    fs.appendFileSync(path.join(fixture.dir, 'config'), '\n[profile __proto__]\nsso_start_url = https://proto.awsapps.com/start\n[profile constructor]\nsso_start_url = https://c.awsapps.com/start\n');
    const expired = new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login');
    for (const profile of ['__proto__', 'constructor']) {
      assert.strictEqual(explained(expired, { profile, region: 'us-east-1' }).kind, 'ssoExpired', profile);
    }
    assert.strictEqual(explained(new Error('other'), { profile: 'toString', region: 'us-east-1' }).kind, 'other');
    assert.strictEqual(({} as Record<string, unknown>).sso_start_url, undefined);
    assert.strictEqual((Object as unknown as Record<string, unknown>).sso_start_url, undefined);
  });

  it('offers a profile or the sandbox when there are no credentials', async () => {
    const missing = await failure(createClients({ profile: 'ghost', region: 'eu-west-1' }).sts.config.credentials());
    assert.deepStrictEqual(explained(missing, { profile: 'ghost', region: 'eu-west-1' }), {
      kind: 'noCredentials', profile: 'ghost',
      message: `The AWS profile ghost is missing from ~/.aws/config and ~/.aws/credentials, or has no credentials: fix it, or ${PICK}.`,
    });
    const orphan = await failure(createClients({ profile: 'orphan', region: 'eu-west-1' }).sts.config.credentials());
    assert.strictEqual(explained(orphan, { profile: 'orphan', region: 'eu-west-1' }).message,
      `The AWS profile orphan takes its credentials from profile ghost, which is missing or has none: fix it, or ${PICK}.`);
    const none = await failure(createClients({ region: 'eu-west-1' }).sts.config.credentials());
    assert.deepStrictEqual(explained(none, { region: 'eu-west-1' }), {
      kind: 'noCredentials', profile: 'default',
      message: `No AWS credentials found (environment, AWS_PROFILE, default profile, SSO, instance or container role): ${PICK}.`,
    });
  });

  it('repeats neither the command nor the output of a failing credential_process', async () => {
    for (const profile of ['failing', 'garbled']) {
      const error = await failure(createClients({ profile, region: 'eu-west-1' }).sts.config.credentials());
      assert.deepStrictEqual(explained(error, { profile, region: 'eu-west-1' }), {
        kind: 'noCredentials', profile,
        message: `The credential_process of profile ${profile} failed or returned no usable credentials: run it in a terminal to see why, or ${PICK}.`,
      });
    }
  });

  it('names the endpoint or host that does not answer, also inside a role chain', async () => {
    const gone = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' };
    const refused = await failure(getCallerIdentity(createClients(gone, { maxAttempts: 1 })));
    assert.deepStrictEqual(explained(refused, gone), {
      kind: 'unreachable', profile: 'default', target: 'http://127.0.0.1:9',
      message: 'Cannot reach the endpoint; check that it is running, and the iamAuthor.endpoint setting: http://127.0.0.1:9',
    });
    // The chain's sts:AssumeRole, signed with the source profile's keys, goes nowhere.
    fixture.set({ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
    const chain = await failure(createClients({ profile: 'chained', region: 'us-east-1' }, { maxAttempts: 1 }).sts.config.credentials());
    assert.strictEqual(explained(chain, { profile: 'chained', region: 'us-east-1' }).kind, 'unreachable');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'sts.eu-west-1.amazonaws.com' });
    assert.deepStrictEqual(explained(dns, { profile: 'dev', region: 'eu-west-1' }), {
      kind: 'unreachable', profile: 'dev', target: 'sts.eu-west-1.amazonaws.com',
      message: 'Cannot reach AWS; check the network connection and any proxy: sts.eu-west-1.amazonaws.com',
    });
  });

  it('names the denied action, and says when AWS throttles (errors from the sandbox)', async () => {
    const sandbox = await startSandbox();
    const connection = { region: 'us-east-1', endpoint: sandbox.endpoint };
    const clients = createClients(connection, { maxAttempts: 1 });
    try {
      const denied = await failure(clients.iam.send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })));
      assert.deepStrictEqual(explained(denied, connection), {
        kind: 'accessDenied', profile: 'default', action: 'iam:DeletePolicy',
        message: 'Access denied: the identity of profile default may not perform iam:DeletePolicy, because AWS managed policies cannot be changed.',
      });
      sandbox.setFaults({ throttleRate: 1 });
      const throttled = await failure(clients.iam.send(new ListRolesCommand({})));
      assert.deepStrictEqual(explained(throttled, connection), { kind: 'throttled', profile: 'default', message: 'AWS is throttling requests: wait a moment and retry.' });
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  });

  it('tells rejected keys from expired sessions, and an expired SSO session from other expired credentials', () => {
    const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
    assert.deepStrictEqual(explained(sdkError('InvalidClientTokenId', `The security token included in the request is invalid: ${KEY}`), { profile: 'dev', region: 'eu-west-1' }), {
      kind: 'invalidCredentials', profile: 'dev', message: `AWS rejected the credentials of profile dev (InvalidClientTokenId): check its keys, or ${PICK}.`,
    });
    assert.strictEqual(explained(sdkError('UnauthorizedException', 'Session token not found or invalid'), { profile: 'sso', region: 'eu-west-1' }).kind, 'ssoExpired');
    assert.deepStrictEqual(explained(sdkError('ExpiredToken', 'The security token included in the request is expired'), { profile: 'sso', region: 'eu-west-1' }).message,
      'The AWS SSO session of profile sso has expired: run `aws sso login --profile sso` in a terminal, then retry.');
    assert.deepStrictEqual(explained(sdkError('ExpiredToken', 'The security token included in the request is expired'), { profile: 'session', region: 'eu-west-1' }), {
      kind: 'noCredentials', profile: 'session', message: `The session credentials of profile session have expired: refresh them, or ${PICK}.`,
    });
  });

  it('masks the user\'s credentials and anything shaped like one in other errors, and never throws', () => {
    fixture.set({ AWS_SESSION_TOKEN: 'env-session-token-value' });
    const leaky = new Error(`odd failure with ${SECRET}, ${SESSION_TOKEN}, env-session-token-value, AKIAZZZZZZZZZZZZZZZZ and Signature=abcdef0123`);
    const problem = explained(leaky, { profile: 'dev', region: 'eu-west-1' });
    assert.deepStrictEqual(problem, {
      kind: 'other', profile: 'dev', message: 'odd failure with <hidden>, <hidden>, <hidden>, <hidden> and Signature=<hidden>',
    });
    const arn = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/user@example.com';
    assert.strictEqual(explained(Object.assign(new Error(`Conflict for ${arn}`), { name: 'ConcurrentModification' }), { region: 'eu-west-1' }).message,
      `ConcurrentModification: Conflict for ${arn}`);
    assert.deepStrictEqual([undefined, null, 42, 'text', {}].map((v) => explained(v, { region: 'eu-west-1' }).kind), ['other', 'other', 'other', 'other', 'other']);
  });
});
