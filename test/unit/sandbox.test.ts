import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateRepositoryCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, DeletePolicyVersionCommand,
  DeleteRoleCommand, GetRoleCommand, ListRolesCommand, PutRolePolicyCommand, TagRoleCommand,
} from '@aws-sdk/client-iam';
import { getAccountSummary, getCallerIdentity, getManagedPolicyDocument, getRoleDetails, listEcrRepositories, listRoles } from '../../src/aws/account';
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/** Asserts that a call fails with an AWS error of this code (the SDK's exception name) and HTTP status. */
async function rejectsWith(call: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(call, (e: { name: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.strictEqual(e.name, name);
    assert.strictEqual(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe('the local sandbox account, through the real AWS SDK clients over HTTP', () => {
  let sandbox: Sandbox;
  let clients: Clients;

  beforeEach(async () => {
    sandbox = await startSandbox();
    clients = createClients({ region: 'eu-west-1', endpoint: sandbox.endpoint });
  });
  afterEach(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('listens on 127.0.0.1 only and answers STS GetCallerIdentity', async () => {
    assert.match(sandbox.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepStrictEqual(await getCallerIdentity(clients), { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/sandbox', userId: 'AIDASANDBOXUSER' });
  });

  it('reads a role with decoded trust and inline documents, attachments, tags and boundary', async () => {
    const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'DevEC2', AssumeRolePolicyDocument: trust, Description: 'dev', PermissionsBoundary: boundary, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'DevEC2', PolicyName: 'ssm-exec', PolicyDocument: doc('ssmmessages:OpenDataChannel') }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'DevEC2', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }));
    const role = await getRoleDetails(clients, 'DevEC2');
    assert.deepStrictEqual(role.trustPolicy, JSON.parse(trust));
    assert.deepStrictEqual(role.inlinePolicies, [{ name: 'ssm-exec', document: JSON.parse(doc('ssmmessages:OpenDataChannel')) }]);
    assert.deepStrictEqual(role.attachedPolicies, [{ name: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }]);
    assert.deepStrictEqual(role.tags, [{ key: 'env', value: 'dev' }]);
    assert.strictEqual(role.permissionsBoundary, boundary);
    assert.strictEqual(role.arn, 'arn:aws:iam::123456789012:role/DevEC2');
  });

  it('returns documents URL-encoded on the wire, as IAM does', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    const raw = await clients.iam.send(new GetRoleCommand({ RoleName: 'r' }));
    assert.strictEqual(raw.Role?.AssumeRolePolicyDocument, encodeURIComponent(trust));
  });

  it('has the AWS managed policies the workshops attach, with their real documents', async () => {
    const { versionId, document } = await getManagedPolicyDocument(clients, 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
    assert.match(versionId, /^v\d+$/);
    assert.ok(JSON.stringify(document).includes('ecr:GetAuthorizationToken'));
  });

  it('paginates ListRoles with Marker, IsTruncated and MaxItems, and the paginator reads every page', async () => {
    for (let i = 0; i < 7; i++) await clients.iam.send(new CreateRoleCommand({ RoleName: `role-${i}`, AssumeRolePolicyDocument: trust }));
    const first = await clients.iam.send(new ListRolesCommand({ MaxItems: 3 }));
    assert.strictEqual(first.Roles?.length, 3);
    assert.strictEqual(first.IsTruncated, true);
    assert.ok(first.Marker);
    const second = await clients.iam.send(new ListRolesCommand({ MaxItems: 3, Marker: first.Marker }));
    assert.deepStrictEqual(second.Roles?.map((r) => r.RoleName), ['role-3', 'role-4', 'role-5']);
    assert.strictEqual((await listRoles(clients)).length, 7);
  });

  it('answers AWS\'s error codes', async () => {
    await rejectsWith(clients.iam.send(new GetRoleCommand({ RoleName: 'missing' })), 'NoSuchEntityException', 404);
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    await rejectsWith(clients.iam.send(new CreateRoleCommand({ RoleName: 'R', AssumeRolePolicyDocument: trust })), 'EntityAlreadyExistsException', 409);
    await rejectsWith(clients.iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{not json' })), 'MalformedPolicyDocumentException', 400);
    await rejectsWith(clients.iam.send(new CreateRoleCommand({ RoleName: 'bad name!', AssumeRolePolicyDocument: trust })), 'ValidationError', 400);
    await rejectsWith(clients.iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'aws:x', Value: 'y' }] })), 'InvalidInputException', 400);
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: doc('s3:GetObject') }));
    await rejectsWith(clients.iam.send(new DeleteRoleCommand({ RoleName: 'r' })), 'DeleteConflictException', 409);
  });

  it('keeps at most five versions of a managed policy and never deletes the default', async () => {
    const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('s3:GetObject') }));
    const arn = Policy!.Arn!;
    for (let i = 2; i <= 5; i++) await clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }));
    await rejectsWith(clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject') })), 'LimitExceededException', 409);
    await rejectsWith(clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), 'DeleteConflictException', 409);
    await clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  });

  it('enforces the attached managed policies quota and trust policy size', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    for (let i = 0; i < 10; i++) {
      const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: doc('s3:GetObject') }));
      await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: Policy!.Arn }));
    }
    await rejectsWith(clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' })), 'LimitExceededException', 409);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A'.repeat(2100), Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await rejectsWith(clients.iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: big })), 'LimitExceededException', 409);
  });

  it('serves ECR repositories (JSON 1.1) and IAM quotas', async () => {
    await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'fcj-workshop-app' }));
    assert.deepStrictEqual(await listEcrRepositories(clients), [{
      name: 'fcj-workshop-app', arn: 'arn:aws:ecr:eu-west-1:123456789012:repository/fcj-workshop-app', uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/fcj-workshop-app',
    }]);
    await rejectsWith(clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] })), 'RepositoryNotFoundException', 400);
    const summary = await getAccountSummary(clients);
    assert.strictEqual(summary.AttachedPoliciesPerRoleQuota, 10);
    assert.strictEqual(summary.VersionsPerPolicyQuota, 5);
  });

  it('injects throttling, 5xx, dropped connections and latency, by operation', async () => {
    sandbox.setFaults({ throttleRate: 1, operations: ['ListRoles'] });
    await rejectsWith(clients.iam.send(new ListRolesCommand({})), 'Throttling', 400);
    await getCallerIdentity(clients);
    sandbox.setFaults({ errorRate: 1 });
    await rejectsWith(clients.iam.send(new ListRolesCommand({})), 'ServiceFailureException', 500);
    sandbox.setFaults({ dropRate: 1 });
    await assert.rejects(clients.iam.send(new ListRolesCommand({})), /socket hang up|ECONNRESET/);
    sandbox.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await clients.iam.send(new ListRolesCommand({}));
    assert.ok(Date.now() - started >= 300);
  });
});

describe('the sandbox state file', function () {
  this.timeout(60_000);
  const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

  /** Starts `iam-author sandbox --state FILE` and resolves with its endpoint, the first line it prints. */
  function run(stateFile: string) {
    const child = spawn(process.execPath, [cli, 'sandbox', '--state', stateFile], { stdio: ['ignore', 'pipe', 'ignore'] });
    const endpoint = new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().split('\n')[0]));
      child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    });
    return { child, endpoint };
  }

  it('survives a kill in the middle of writes and a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = run(stateFile);
      const clients = createClients({ region: 'us-east-1', endpoint: await first.endpoint });
      await clients.iam.send(new CreateRoleCommand({ RoleName: 'Kept', AssumeRolePolicyDocument: trust }));
      // Writes still in flight when the process is killed: each either completed (and was persisted) or not.
      const inFlight = Array.from({ length: 20 }, (_, i) => clients.iam.send(new CreateRoleCommand({ RoleName: `r${i}`, AssumeRolePolicyDocument: trust })).then(() => `r${i}`, () => undefined));
      setTimeout(() => first.child.kill('SIGKILL'), 5);
      const created = (await Promise.all(inFlight)).filter((n): n is string => n !== undefined);
      clients.destroy();
      const second = run(stateFile);
      const again = createClients({ region: 'us-east-1', endpoint: await second.endpoint });
      const names = (await listRoles(again)).map((r) => r.name);
      assert.ok(names.includes('Kept'));
      for (const n of created) assert.ok(names.includes(n), `${n} was acknowledged but lost`);
      again.destroy();
      second.child.kill('SIGTERM');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
