import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import {
  BatchDeleteImageCommand, CreateRepositoryCommand, DeleteRepositoryCommand, DeleteRepositoryPolicyCommand, DescribeImagesCommand, DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand, GetRepositoryPolicyCommand, ListImagesCommand, PutImageCommand, SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateOpenIDConnectProviderCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DeleteRoleCommand, DeleteRolePermissionsBoundaryCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetAccountSummaryCommand,
  GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand, ListPoliciesCommand, ListPolicyTagsCommand, ListPolicyVersionsCommand, ListRolePoliciesCommand, ListRolesCommand,
  ListRoleTagsCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, SetDefaultPolicyVersionCommand, TagPolicyCommand, TagRoleCommand,
  UntagPolicyCommand, UntagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand, UpdateRoleDescriptionCommand,
  DeleteInstanceProfileCommand, DeleteOpenIDConnectProviderCommand, EntityType, GetAccountAuthorizationDetailsCommand, GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand, ListInstanceProfilesForRoleCommand, ListOpenIDConnectProvidersCommand, paginateGetAccountAuthorizationDetails, paginateListRoles,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { sandboxEachTest } from './sandboxFixture';

const ACCOUNT = '123456789012';
const trustOf = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const trust = trustOf('ec2.amazonaws.com');
const doc = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const AWS_POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** Asserts that a call fails with this AWS error code (the SDK's exception name), HTTP status and message. */
async function rejectsWith(call: Promise<unknown>, name: string, status: number, message: string | RegExp): Promise<void> {
  await assert.rejects(call, (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.strictEqual(e.name, name);
    assert.strictEqual(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.strictEqual(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

/** A document of exactly `size` characters as IAM counts them (whitespace outside strings not counted). */
function documentOfSize(size: number, kind: 'trust' | 'identity', pretty: boolean): string {
  const statement = kind === 'trust'
    ? { Sid: '', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
    : { Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  const base = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }).length;
  statement.Sid = 'S'.repeat(size - base);
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, pretty ? 4 : undefined);
}

describe('the local sandbox account, through the real AWS SDK clients over HTTP', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  let iam: IAMClient;

  // No retries: each call shows the sandbox's answer as it is (the SDK retries LimitExceeded as throttling).
  sandboxEachTest((s, c) => {
    sandbox = s;
    clients = c;
    iam = c.iam;
  }, 'eu-west-1');

  it('listens on 127.0.0.1 and answers STS GetCallerIdentity and AssumeRole', async () => {
    assert.match(sandbox.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.strictEqual(sandbox.accountId, ACCOUNT);
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));
    assert.deepStrictEqual([me.Account, me.Arn, me.UserId], [ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/sandbox`, 'AIDASANDBOXUSER000001']);
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: trustOf('ec2.amazonaws.com') }));
    const assumed = await clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'dev' }));
    assert.match(assumed.Credentials!.AccessKeyId!, /^ASIA[A-Z0-9]{16}$/);
    assert.strictEqual(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/dev`);
    await rejectsWith(clients.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Nope`, RoleSessionName: 'dev' })), 'AccessDenied', 403,
      `User: arn:aws:iam::${ACCOUNT}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/Nope`);
    await rejectsWith(clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'dev', DurationSeconds: 7200 })), 'ValidationError', 400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  });

  it('creates, reads, updates and deletes a role', async () => {
    const boundary = AWS_POLICY('PowerUserAccess');
    const { Role: created } = await iam.send(new CreateRoleCommand({
      RoleName: 'DevEC2', Path: '/workshop/', AssumeRolePolicyDocument: trust, Description: 'dev', MaxSessionDuration: 7200,
      PermissionsBoundary: boundary, Tags: [{ Key: 'env', Value: 'dev' }],
    }));
    assert.strictEqual(created?.Arn, `arn:aws:iam::${ACCOUNT}:role/workshop/DevEC2`);
    assert.match(created!.RoleId!, /^AROA[A-Z0-9]{17}$/);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'devec2' }));
    assert.deepStrictEqual(
      [Role?.RoleName, Role?.Path, Role?.Description, Role?.MaxSessionDuration, Role?.PermissionsBoundary?.PermissionsBoundaryArn, Role?.Tags],
      ['DevEC2', '/workshop/', 'dev', 7200, boundary, [{ Key: 'env', Value: 'dev' }]],
    );
    assert.ok(Role?.CreateDate instanceof Date);

    await iam.send(new UpdateRoleCommand({ RoleName: 'DevEC2', MaxSessionDuration: 3600 }));
    const { Role: described } = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'DevEC2', Description: 'EC2 in dev' }));
    assert.deepStrictEqual([described?.Description, described?.MaxSessionDuration], ['EC2 in dev', 3600]);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'DevEC2', PolicyDocument: trustOf('ecs-tasks.amazonaws.com') }));
    await iam.send(new TagRoleCommand({ RoleName: 'DevEC2', Tags: [{ Key: 'ENV', Value: 'prod' }, { Key: 'team', Value: 'a' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'DevEC2', TagKeys: ['team'] }));
    assert.deepStrictEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'DevEC2' }))).Tags, [{ Key: 'ENV', Value: 'prod' }]);
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'DevEC2' }));
    const { Role: after } = await iam.send(new GetRoleCommand({ RoleName: 'DevEC2' }));
    assert.strictEqual(decodeURIComponent(after!.AssumeRolePolicyDocument!), trustOf('ecs-tasks.amazonaws.com'));
    assert.strictEqual(after?.PermissionsBoundary, undefined);
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'DevEC2', PermissionsBoundary: boundary }));
    assert.strictEqual((await iam.send(new GetRoleCommand({ RoleName: 'DevEC2' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);

    await iam.send(new DeleteRoleCommand({ RoleName: 'DevEC2' }));
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'DevEC2' })), 'NoSuchEntityException', 404, 'The role with name DevEC2 cannot be found.');
  });

  it('keeps inline policies and returns their documents URL-encoded, as IAM does', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    const special = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Odd', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a b+c&d%e<é>/*' }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'odd', PolicyDocument: special }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'Another', PolicyDocument: doc('s3:PutObject') }));
    const raw = await iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'odd' }));
    assert.strictEqual(raw.PolicyDocument, encodeURIComponent(special));
    assert.deepStrictEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'r' }))).PolicyNames, ['Another', 'odd']);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'r' }));
    assert.strictEqual(role.Role?.AssumeRolePolicyDocument, encodeURIComponent(trust));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'odd' }));
    await rejectsWith(iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'odd' })), 'NoSuchEntityException', 404, 'The role policy with name odd cannot be found.');
  });

  it('manages customer managed policies: versions, default, attachments, entities and tags', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadECR', Path: '/team/', PolicyDocument: doc('ecr:BatchGetImage'), Description: 'pull', Tags: [{ Key: 'k', Value: 'v' }] }));
    const arn = Policy!.Arn!;
    assert.deepStrictEqual([arn, Policy?.DefaultVersionId, Policy?.AttachmentCount, Policy?.Description], [`arn:aws:iam::${ACCOUNT}:policy/team/ReadECR`, 'v1', 0, 'pull']);
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('ecr:*'), SetAsDefault: true }));
    assert.deepStrictEqual([v2.PolicyVersion?.VersionId, v2.PolicyVersion?.IsDefaultVersion], ['v2', true]);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('ecr:List*') }));
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepStrictEqual(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v3', false], ['v2', true], ['v1', false]]);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    const current = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.deepStrictEqual([current.Policy?.DefaultVersionId, current.Policy?.Tags], ['v3', [{ Key: 'k', Value: 'v' }]]);
    const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    assert.strictEqual(v3.PolicyVersion?.Document, encodeURIComponent(doc('ecr:List*')));

    await iam.send(new CreateRoleCommand({ RoleName: 'a', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateRoleCommand({ RoleName: 'b', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'a', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'a', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'b', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'a', PolicyArn: AWS_POLICY('AmazonSSMManagedInstanceCore') }));
    assert.deepStrictEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'a' }))).AttachedPolicies,
      [{ PolicyName: 'ReadECR', PolicyArn: arn }, { PolicyName: 'AmazonSSMManagedInstanceCore', PolicyArn: AWS_POLICY('AmazonSSMManagedInstanceCore') }]);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepStrictEqual(entities.PolicyRoles?.map((r) => r.RoleName), ['a', 'b']);
    assert.strictEqual((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 2);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.deepStrictEqual(local.Policies?.map((p) => p.PolicyName), ['ReadECR']);
    const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    assert.deepStrictEqual(attached.Policies?.map((p) => p.PolicyName), ['AmazonSSMManagedInstanceCore', 'ReadECR']);

    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'owner', Value: 'me' }] }));
    await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['K'] }));
    assert.deepStrictEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'owner', Value: 'me' }]);

    await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409, 'Cannot delete a policy attached to entities.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'a', PolicyArn: arn }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'b', PolicyArn: arn }));
    await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409,
      'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejectsWith(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException', 404, `Policy ${arn} was not found.`);
  });

  it('has the AWS managed policies the workshops attach, with their real documents and versions', async () => {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: AWS_POLICY('service-role/AmazonECSTaskExecutionRolePolicy') }));
    assert.deepStrictEqual([Policy?.PolicyName, Policy?.Path, Policy?.DefaultVersionId], ['AmazonECSTaskExecutionRolePolicy', '/service-role/', 'v1']);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn, VersionId: 'v1' }));
    const document = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!));
    assert.deepStrictEqual(document.Statement[0].Action.slice(0, 2), ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability']);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
    const names = aws.Policies!.map((p) => p.PolicyName!);
    for (const name of ['AmazonSSMManagedInstanceCore', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEC2ContainerRegistryPowerUser', 'AmazonEC2ContainerRegistryFullAccess',
      'AWSLambdaBasicExecutionRole', 'AmazonS3ReadOnlyAccess', 'AmazonS3FullAccess', 'AdministratorAccess', 'CloudWatchAgentServerPolicy']) {
      assert.ok(names.includes(name), name);
    }
    assert.strictEqual(names.length, 26);
  });

  it('answers NoSuchEntity (404) as IAM words it', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    const missing = `arn:aws:iam::${ACCOUNT}:policy/Missing`;
    await rejectsWith(iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: missing })), 'NoSuchEntityException', 404, `Policy ${missing} does not exist or is not attachable.`);
    await rejectsWith(iam.send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: AWS_POLICY('AmazonS3FullAccess') })), 'NoSuchEntityException', 404,
      `Policy ${AWS_POLICY('AmazonS3FullAccess')} was not found.`);
    await rejectsWith(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'r', PermissionsBoundary: missing })), 'NoSuchEntityException', 404,
      `Scope ARN: ${missing} does not exist or is not attachable.`);
    await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: AWS_POLICY('AmazonS3FullAccess'), VersionId: 'v99' })), 'NoSuchEntityException', 404,
      `Policy ${AWS_POLICY('AmazonS3FullAccess')} version v99 does not exist or is not attachable.`);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'nope' })), 'NoSuchEntityException', 404, 'The role with name nope cannot be found.');
  });

  it('answers EntityAlreadyExists (409), names being case-insensitive', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Role', AssumeRolePolicyDocument: trust }));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'ROLE', AssumeRolePolicyDocument: trust })), 'EntityAlreadyExistsException', 409, 'Role with name ROLE already exists.');
    await iam.send(new CreatePolicyCommand({ PolicyName: 'P', PolicyDocument: doc('s3:GetObject') }));
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: 'p', Path: '/other/', PolicyDocument: doc('s3:GetObject') })), 'EntityAlreadyExistsException', 409,
      'A policy called p already exists. Duplicate names are not allowed.');
  });

  it('answers MalformedPolicyDocument (400) for what IAM rejects in documents', async () => {
    const cases: [string, 'trust' | 'identity', string][] = [
      ['{"Version": "2012-10-17", "Statement": [', 'trust', 'This policy contains invalid Json'],
      ['{"Version": "2017-09-11", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'identity', 'Syntax errors in policy.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'identity', 'Syntax errors in policy.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"}]}', 'identity', 'Syntax errors in policy.'],
      ['{"Version": "2012-10-17", "Statement": []}', 'identity', 'Syntax errors in policy.'],
      ['{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}]}', 'identity',
        'Policy document must be version 2012-10-17 or greater.'],
      ['{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}',
        'identity', 'Statement IDs (SID) in a single policy must be unique.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}', 'identity', 'Policy statement must contain actions.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}]}', 'identity',
        'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}', 'identity', 'Policy statement must contain resources.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket"}]}', 'identity', 'Resource my-bucket must be in ARN format or "*".'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}', 'identity',
        'Policy document should not specify a principal.'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}', 'trust', 'Has prohibited field Resource'],
      ['{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}', 'trust',
        'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!'],
    ];
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    for (const [document, kind, message] of cases) {
      const call = kind === 'trust'
        ? iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: document }))
        : iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'bad', PolicyDocument: document }));
      await rejectsWith(call, 'MalformedPolicyDocumentException', 400, message);
    }
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: cases[11][0] })), 'MalformedPolicyDocumentException', 400, cases[11][2]);
    await rejectsWith(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: cases[12][0] })), 'MalformedPolicyDocumentException', 400, cases[12][2]);
  });

  it('counts document sizes without whitespace and answers LimitExceeded (409) past the quotas', async () => {
    // Trust policy: 2,048; pretty-printing adds whitespace that is not counted.
    await iam.send(new CreateRoleCommand({ RoleName: 'fits', AssumeRolePolicyDocument: documentOfSize(2048, 'trust', true) }));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: documentOfSize(2049, 'trust', false) })), 'LimitExceededException', 409,
      'Cannot exceed quota for ACLSizePerRole: 2048');
    // Managed policy: 6,144.
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'fits', PolicyDocument: documentOfSize(6144, 'identity', true) }));
    await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: documentOfSize(6145, 'identity', false) })), 'LimitExceededException', 409,
      'Cannot exceed quota for PolicySize: 6144');
    // Inline policies of a role: 10,240 in total.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fits', PolicyName: 'a', PolicyDocument: documentOfSize(5120, 'identity', true) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fits', PolicyName: 'b', PolicyDocument: documentOfSize(5120, 'identity', false) }));
    await rejectsWith(iam.send(new PutRolePolicyCommand({ RoleName: 'fits', PolicyName: 'c', PolicyDocument: doc('s3:GetObject') })), 'LimitExceededException', 409,
      'Maximum policy size of 10240 bytes exceeded for role fits');
    // Replacing a policy counts its new size, not both.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fits', PolicyName: 'b', PolicyDocument: documentOfSize(5120, 'identity', true) }));
  });

  it('keeps at most five versions of a managed policy and never deletes the default', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('s3:GetObject') }));
    const arn = Policy!.Arn!;
    for (let i = 2; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }));
    await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject') })), 'LimitExceededException', 409,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), 'DeleteConflictException', 409, 'Cannot delete the default version of a policy.');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    const next = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:ListBucket') }));
    assert.strictEqual(next.PolicyVersion?.VersionId, 'v6');
  });

  it('enforces 10 attached managed policies per role and 50 tags', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    for (let i = 0; i < 10; i++) {
      const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: doc('s3:GetObject') }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: Policy!.Arn }));
    }
    await rejectsWith(iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: AWS_POLICY('AmazonS3ReadOnlyAccess') })), 'LimitExceededException', 409,
      'Cannot exceed quota for PoliciesPerRole: 10');
    await iam.send(new TagRoleCommand({ RoleName: 'r', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
    await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'one-more', Value: 'v' }] })), 'LimitExceededException', 409,
      'The number of tags has reached the maximum limit of 50.');
  });

  it('answers DeleteConflict (409) for roles that still have policies', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: doc('s3:GetObject') }));
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'r' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: AWS_POLICY('AmazonS3ReadOnlyAccess') }));
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'r' })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');
  });

  it('answers InvalidInput and ValidationError (400) for bad names, paths, values and tags', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'bad name!', AssumeRolePolicyDocument: trust })), 'ValidationError', 400,
      '1 validation error detected: Value \'bad name!\' at \'roleName\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+');
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: trust })), 'ValidationError', 400,
      `1 validation error detected: Value '${'x'.repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    await iam.send(new CreateRoleCommand({ RoleName: 'x'.repeat(64), AssumeRolePolicyDocument: trust }));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'p', Path: 'no-slash', AssumeRolePolicyDocument: trust })), 'ValidationError', 400,
      '1 validation error detected: Value \'no-slash\' at \'path\' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
    await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'r', MaxSessionDuration: 100 })), 'ValidationError', 400,
      '1 validation error detected: Value \'100\' at \'maxSessionDuration\' failed to satisfy constraint: Member must have value greater than or equal to 3600');
    await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'aws:x', Value: 'y' }] })), 'InvalidInputException', 400,
      'User-defined tag keys can\'t start with "aws:". This prefix is reserved for AWS use');
    await rejectsWith(iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInputException', 400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    await rejectsWith(iam.send(new ListRolesCommand({ MaxItems: 1001 })), 'ValidationError', 400,
      '1 validation error detected: Value \'1001\' at \'maxItems\' failed to satisfy constraint: Member must have value less than or equal to 1000');
  });

  it('refuses changes to AWS managed policies with AccessDenied (403)', async () => {
    const arn = AWS_POLICY('AdministratorAccess');
    await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'AccessDenied', 403,
      `User: arn:aws:iam::${ACCOUNT}:user/sandbox is not authorized to perform: iam:DeletePolicy on resource: policy ${arn} because AWS managed policies cannot be changed`);
    await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*') })), 'AccessDenied', 403, /iam:CreatePolicyVersion/);
  });

  it('pages lists with Marker, IsTruncated and MaxItems; a deletion between pages skips nothing', async () => {
    for (let i = 0; i < 7; i++) await iam.send(new CreateRoleCommand({ RoleName: `role-${i}`, AssumeRolePolicyDocument: trust }));
    const first = await iam.send(new ListRolesCommand({ MaxItems: 3 }));
    assert.deepStrictEqual([first.Roles?.map((r) => r.RoleName), first.IsTruncated], [['role-0', 'role-1', 'role-2'], true]);
    // ListRoles leaves out tags and boundaries, as IAM does.
    assert.strictEqual(first.Roles?.[0].Tags, undefined);
    await iam.send(new DeleteRoleCommand({ RoleName: 'role-2' }));
    const second = await iam.send(new ListRolesCommand({ MaxItems: 3, Marker: first.Marker }));
    assert.deepStrictEqual([second.Roles?.map((r) => r.RoleName), second.IsTruncated], [['role-3', 'role-4', 'role-5'], true]);
    const last = await iam.send(new ListRolesCommand({ MaxItems: 3, Marker: second.Marker }));
    assert.deepStrictEqual([last.Roles?.map((r) => r.RoleName), last.IsTruncated, last.Marker], [['role-6'], false, undefined]);
    const policies = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 10 }));
    const rest = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 100, Marker: policies.Marker }));
    assert.strictEqual(policies.Policies!.length + rest.Policies!.length, 26);
    assert.strictEqual(new Set([...policies.Policies!, ...rest.Policies!].map((p) => p.Arn)).size, 26);
  });

  it('reports usage and quotas in GetAccountSummary', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    assert.deepStrictEqual(
      [SummaryMap?.Roles, SummaryMap?.RolesQuota, SummaryMap?.Policies, SummaryMap?.AttachedPoliciesPerRoleQuota, SummaryMap?.VersionsPerPolicyQuota,
        SummaryMap?.PolicySizeQuota, SummaryMap?.AssumeRolePolicySizeQuota, SummaryMap?.RolePolicySizeQuota],
      [1, 1000, 0, 10, 5, 6144, 2048, 10240],
    );
  });

  it('serves ECR repositories and their policies in JSON 1.1, with ECR\'s errors', async () => {
    const { repository } = await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'fcj-workshop-app' }));
    assert.deepStrictEqual([repository?.repositoryArn, repository?.repositoryUri], [
      `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/fcj-workshop-app`, `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/fcj-workshop-app`]);
    await rejectsWith(clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'fcj-workshop-app' })), 'RepositoryAlreadyExistsException', 400,
      `The repository with name 'fcj-workshop-app' already exists in the registry with id '${ACCOUNT}'`);
    await rejectsWith(clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'Upper' })), 'InvalidParameterException', 400, /repositoryName/);
    await rejectsWith(clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] })), 'RepositoryNotFoundException', 400,
      `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`);
    await rejectsWith(clients.ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'fcj-workshop-app' })), 'RepositoryPolicyNotFoundException', 400,
      `Repository policy does not exist for the repository with name 'fcj-workshop-app' in the registry with id '${ACCOUNT}'`);
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'ecr:BatchGetImage' }] });
    await clients.ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'fcj-workshop-app', policyText }));
    assert.strictEqual((await clients.ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'fcj-workshop-app' }))).policyText, policyText);
    await rejectsWith(clients.ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'fcj-workshop-app', policyText: '{' })), 'InvalidParameterException', 400,
      'Invalid parameter at \'PolicyText\' failed to satisfy constraint: \'Invalid repository policy provided\'');
    await clients.ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'fcj-workshop-app' }));
    await clients.ecr.send(new DeleteRepositoryCommand({ repositoryName: 'fcj-workshop-app' }));
    assert.deepStrictEqual((await clients.ecr.send(new DescribeRepositoriesCommand({}))).repositories, []);
  });

  it('answers an unknown action with InvalidAction', async () => {
    const status = await new Promise<{ code?: number; body: string }>((resolve, reject) => {
      const req = http.request(`${sandbox.endpoint}/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => resolve({ code: res.statusCode, body }));
      });
      req.on('error', reject);
      req.end('Action=CreateUser&Version=2010-05-08');
    });
    assert.strictEqual(status.code, 400);
    assert.match(status.body, /<Code>InvalidAction<\/Code><Message>Could not find operation CreateUser for version 2010-05-08<\/Message>/);
  });

  it('injects throttling, 5xx, dropped connections and latency, by operation and by rate, changed at run time', async () => {
    sandbox.setFaults({ throttleRate: 1, operations: ['ListRoles'] });
    await rejectsWith(iam.send(new ListRolesCommand({})), 'Throttling', 400, 'Rate exceeded');
    await clients.sts.send(new GetCallerIdentityCommand({}));
    sandbox.setFaults({ errorRate: 1 });
    await rejectsWith(iam.send(new ListRolesCommand({})), 'ServiceFailureException', 500, 'The request processing has failed because of an unknown error, exception or failure.');
    await rejectsWith(clients.ecr.send(new DescribeRepositoriesCommand({})), 'ServerException', 500, /unknown error/);
    sandbox.setFaults({ dropRate: 1 });
    await assert.rejects(iam.send(new ListRolesCommand({})), /socket hang up|ECONNRESET/);
    sandbox.setFaults({ latencyMs: 300 });
    const started = Date.now();
    await iam.send(new ListRolesCommand({}));
    assert.ok(Date.now() - started >= 300);
  });
});

describe('sandbox faults by rate, with a seeded random source', () => {
  it('throttles exactly the requests the random source picks', async () => {
    // One draw per request and per fault with a rate: here only throttling.
    const draws = [0.9, 0.1, 0.9, 0.9, 0.1];
    const sandbox = await startSandbox({ faults: { throttleRate: 0.5 }, random: () => draws.shift() ?? 1 });
    const clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    try {
      const outcomes: string[] = [];
      for (let n = 0; n < 5; n++) {
        outcomes.push(await clients.iam.send(new ListRolesCommand({})).then(() => 'ok', (e: Error) => e.name));
      }
      assert.deepStrictEqual(outcomes, ['ok', 'Throttling', 'ok', 'ok', 'Throttling']);
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  });
});

describe('starting the sandbox', () => {
  it('names a port in use and an unreadable state file', async () => {
    const first = await startSandbox();
    const port = Number(new URL(first.endpoint).port);
    try {
      await assert.rejects(startSandbox({ port }), { message: `Port ${port} on 127.0.0.1 is in use: choose another, or 0 for any free port.` });
    } finally {
      await first.close();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bad-'));
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{"half":');
    try {
      await assert.rejects(startSandbox({ stateFile: file }), (e: Error) => {
        assert.match(e.message, /^The sandbox state file cannot be read \(.+\); move it away to start afresh: /);
        assert.ok(e.message.endsWith(file));
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a state file written by an older sandbox', () => {
  it('gains the AWS managed policies it lacks, keeps its own, and loses the temporary files a kill left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-old-'));
    const file = path.join(dir, 'state.json');
    try {
      const first = await startSandbox({ stateFile: file });
      const clients = createClients({ region: 'us-east-1', endpoint: first.endpoint }, { maxAttempts: 1 });
      await clients.iam.send(new CreateRoleCommand({ RoleName: 'Mine', AssumeRolePolicyDocument: trust }));
      clients.destroy();
      await first.close();
      const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { policies: Record<string, unknown> };
      delete state.policies[AWS_POLICY('SecretsManagerReadWrite')];
      fs.writeFileSync(file, JSON.stringify(state));
      fs.writeFileSync(path.join(dir, '.state.json.4242.tmp'), '{"half');
      fs.writeFileSync(path.join(dir, 'other.tmp'), 'not ours');

      const second = await startSandbox({ stateFile: file });
      const again = createClients({ region: 'us-east-1', endpoint: second.endpoint }, { maxAttempts: 1 });
      try {
        assert.strictEqual((await again.iam.send(new GetRoleCommand({ RoleName: 'Mine' }))).Role?.RoleName, 'Mine');
        assert.strictEqual((await again.iam.send(new GetPolicyCommand({ PolicyArn: AWS_POLICY('SecretsManagerReadWrite') }))).Policy?.PolicyName, 'SecretsManagerReadWrite');
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['other.tmp', 'state.json']);
      } finally {
        again.destroy();
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('iam-author sandbox with a state file', function () {
  this.timeout(60_000);
  const main = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.ts');
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** Starts `iam-author sandbox --state FILE` from source and resolves with its endpoint, its first line of output. */
  function run(stateFile: string): { child: ChildProcess; endpoint: Promise<string> } {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'sandbox', '--state', stateFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const endpoint = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before printing its endpoint`)));
    });
    return { child, endpoint };
  }

  it('rejects bad options with a message and exit code 2', async () => {
    const result = (args: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, 'sandbox', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    assert.deepStrictEqual(await result(['--port', 'x']), { code: 2, stderr: 'iam-author sandbox: --port takes a port number from 0 (any free port) to 65535: x\n' });
    assert.deepStrictEqual(await result(['--state']), { code: 2, stderr: 'iam-author sandbox: --state takes a file name\n' });
    assert.deepStrictEqual(await result(['--propagation-delay', '-5']), { code: 2, stderr: 'iam-author sandbox: --propagation-delay takes milliseconds, 0 or more: -5\n' });
  });

  it('prints its endpoint first, loses and duplicates nothing acknowledged by 20 writers across a SIGKILL, and stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = run(stateFile);
      const endpoint = await first.endpoint;
      assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      const clients = createClients({ region: 'us-east-1', endpoint }, { maxAttempts: 1 });
      await clients.iam.send(new CreateRoleCommand({ RoleName: 'Kept', AssumeRolePolicyDocument: trust }));
      // Twenty writers each create roles with an inline policy, give every other one an instance profile,
      // and delete every third again; the process is killed once 150 calls were acknowledged, with the
      // others' calls in flight. What a role should be is what its acknowledged calls made it; a call in
      // flight at the kill may or may not have been applied.
      type Expected = { role: boolean; policy: boolean; profile: boolean; inFlight?: string };
      const expected = new Map<string, Expected>();
      let acknowledged = 0;
      let killed = false;
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      const send = async (name: string, step: string, call: () => Promise<unknown>): Promise<boolean> => {
        const state = expected.get(name)!;
        state.inFlight = step;
        try {
          await call();
        } catch {
          return false;
        }
        state.inFlight = undefined;
        if (++acknowledged >= 150 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
        return true;
      };
      await Promise.all(Array.from({ length: 20 }, async (_, writer) => {
        for (let n = 0; !killed; n++) {
          const name = `w${writer}-${n}`;
          const state: Expected = { role: false, policy: false, profile: false };
          expected.set(name, state);
          if (!await send(name, 'create', () => clients.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust })))) return;
          state.role = true;
          if (!await send(name, 'policy', () => clients.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: doc('s3:GetObject') })))) return;
          state.policy = true;
          if (n % 2 === 0) {
            if (!await send(name, 'profile', () => clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name })))) return;
            if (!await send(name, 'add', () => clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name })))) return;
            state.profile = true;
          }
          if (n % 3 === 0) {
            if (state.profile) {
              if (!await send(name, 'remove', () => clients.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: name })))) return;
              state.profile = false;
              if (!await send(name, 'unprofile', () => clients.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name })))) return;
            }
            if (!await send(name, 'unpolicy', () => clients.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'inline' })))) return;
            state.policy = false;
            if (!await send(name, 'delete', () => clients.iam.send(new DeleteRoleCommand({ RoleName: name })))) return;
            state.role = false;
          }
        }
      }));
      await exited;
      clients.destroy();

      const second = run(stateFile);
      const again = createClients({ region: 'us-east-1', endpoint: await second.endpoint });
      const listed: string[] = [];
      for await (const out of paginateListRoles({ client: again.iam, pageSize: 7 }, {})) listed.push(...(out.Roles ?? []).map((r) => r.RoleName!));
      assert.strictEqual(new Set(listed).size, listed.length, 'no role listed twice');
      assert.ok(listed.includes('Kept'));
      const details: string[] = [];
      for await (const out of paginateGetAccountAuthorizationDetails({ client: again.iam, pageSize: 9 }, { Filter: ['Role'] })) {
        details.push(...(out.RoleDetailList ?? []).map((r) => r.RoleName!));
      }
      assert.deepStrictEqual(details, listed, 'GetAccountAuthorizationDetails has each role once, as ListRoles does');
      const unknown = listed.filter((n) => n !== 'Kept' && !expected.has(n));
      assert.deepStrictEqual(unknown, [], 'no role that no writer created');
      const wrong: string[] = [];
      for (const [name, state] of expected) {
        // A role whose last call was in flight may be either side of that call; the others are exact.
        if (state.inFlight) continue;
        const exists = listed.includes(name);
        if (exists !== state.role) wrong.push(`${name}: ${exists ? 'exists' : 'lost'}`);
        if (!exists) continue;
        const policies = (await again.iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames;
        if ((policies?.length === 1) !== state.policy) wrong.push(`${name}: inline policies ${JSON.stringify(policies)}`);
        const profiles = (await again.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name }))).InstanceProfiles?.map((x) => x.InstanceProfileName);
        if ((profiles?.length === 1) !== state.profile) wrong.push(`${name}: instance profiles ${JSON.stringify(profiles)}`);
      }
      assert.deepStrictEqual(wrong, [], 'every role as its acknowledged calls left it');
      assert.ok(acknowledged >= 150 && expected.size > 20, `${acknowledged} calls acknowledged for ${expected.size} roles`);
      again.destroy();
      const code = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      assert.strictEqual(await code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the sandbox\'s instance profiles, OIDC providers and account authorization details', () => {
  let clients: Clients;
  let iam: IAMClient;

  sandboxEachTest((_sandbox, c) => {
    clients = c;
    iam = c.iam;
  }, 'eu-west-1');

  it('creates an instance profile, adds and removes its one role, and refuses to delete either while they are joined', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'DevEC2', Path: '/dev/', AssumeRolePolicyDocument: trust }));
    const { InstanceProfile: created } = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'DevEC2', Path: '/dev/' }));
    assert.deepStrictEqual([created?.Arn, created?.Path, created?.Roles], [`arn:aws:iam::${ACCOUNT}:instance-profile/dev/DevEC2`, '/dev/', []]);
    assert.match(created!.InstanceProfileId!, /^AIPA[A-Z0-9]{17}$/);
    await rejectsWith(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'devec2' })), 'EntityAlreadyExistsException', 409, 'Instance Profile devec2 already exists.');
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'DevEC2', RoleName: 'DevEC2' }));
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'devec2' }));
    assert.deepStrictEqual(InstanceProfile?.Roles?.map((r) => [r.RoleName, r.Arn, r.RoleId]), [['DevEC2', Role!.Arn, Role!.RoleId]]);
    await iam.send(new CreateRoleCommand({ RoleName: 'Other', AssumeRolePolicyDocument: trust }));
    await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'DevEC2', RoleName: 'Other' })), 'LimitExceededException', 409,
      'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    const listed = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'DevEC2' }));
    assert.deepStrictEqual([listed.InstanceProfiles?.map((p) => p.InstanceProfileName), listed.IsTruncated], [['DevEC2'], false]);
    assert.deepStrictEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'Other' }))).InstanceProfiles, []);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'DevEC2' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    await rejectsWith(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'DevEC2' })), 'DeleteConflictException', 409,
      'Cannot delete entity, must remove roles from instance profile first.');
    await rejectsWith(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'DevEC2', RoleName: 'Other' })), 'NoSuchEntityException', 404,
      'The role with name Other cannot be found in instance profile DevEC2.');
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'DevEC2', RoleName: 'DevEC2' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'DevEC2' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'DevEC2' }));
    await rejectsWith(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'DevEC2' })), 'NoSuchEntityException', 404, 'Instance Profile DevEC2 cannot be found.');
    await rejectsWith(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bad name' })), 'ValidationError', 400,
      '1 validation error detected: Value \'bad name\' at \'instanceProfileName\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+');
    await rejectsWith(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'nope', RoleName: 'Other' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    assert.deepStrictEqual([SummaryMap?.InstanceProfiles, SummaryMap?.InstanceProfilesQuota], [0, 1000]);
  });

  it('creates, reads, lists and deletes OIDC providers, with IAM\'s checks of URL, client ids and thumbprints', async () => {
    const thumbprint = '6938fd4d98bab03faadb97b34396831e3780aea1';
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({
      Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [thumbprint], Tags: [{ Key: 'ci', Value: 'github' }],
    }));
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    assert.deepStrictEqual([created.OpenIDConnectProviderArn, created.Tags], [arn, [{ Key: 'ci', Value: 'github' }]]);
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepStrictEqual([got.Url, got.ClientIDList, got.ThumbprintList, got.Tags], ['token.actions.githubusercontent.com', ['sts.amazonaws.com'], [thumbprint], [{ Key: 'ci', Value: 'github' }]]);
    assert.ok(got.CreateDate instanceof Date);
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ThumbprintList: [thumbprint] })),
      'EntityAlreadyExistsException', 409, 'Provider with url https://token.actions.githubusercontent.com already exists.');
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://insecure.example.com', ThumbprintList: [thumbprint] })), 'ValidationError', 400,
      'Invalid Open ID Connect Provider URL');
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://example.com', ThumbprintList: ['abc'] })), 'ValidationError', 400,
      '1 validation error detected: Value \'[abc]\' at \'thumbprintList\' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]');
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://example.com', ThumbprintList: Array(6).fill(thumbprint) })), 'InvalidInputException', 400,
      'Thumbprint list must contain fewer than 5 entries.');
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://example.com', ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`), ThumbprintList: [thumbprint] })),
      'LimitExceededException', 409, 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://accounts.google.com/', ThumbprintList: [thumbprint] }));
    assert.deepStrictEqual((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList,
      [{ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/accounts.google.com` }, { Arn: arn }]);
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejectsWith(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', 404, `OpenIDConnect Provider not found for arn ${arn}`);
    await rejectsWith(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'not-an-arn-at-all-really' })), 'InvalidInputException', 400,
      'ARN not-an-arn-at-all-really is not valid.');
  });

  it('answers GetAccountAuthorizationDetails with roles and policies in full, filtered and paged', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadECR', PolicyDocument: doc('ecr:BatchGetImage'), Description: 'pull' }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: doc('ecr:*'), SetAsDefault: true }));
    await iam.send(new CreateRoleCommand({ RoleName: 'b-role', AssumeRolePolicyDocument: trust, PermissionsBoundary: AWS_POLICY('PowerUserAccess'), Tags: [{ Key: 'env', Value: 'dev' }] }));
    await iam.send(new CreateRoleCommand({ RoleName: 'A-role', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'b-role', PolicyName: 'inline', PolicyDocument: doc('s3:GetObject') }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'b-role', PolicyArn: Policy!.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'b-role', PolicyArn: AWS_POLICY('AmazonSSMManagedInstanceCore') }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'b-role' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'b-role', RoleName: 'b-role' }));

    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.deepStrictEqual([all.UserDetailList, all.GroupDetailList, all.IsTruncated], [[], [], false]);
    assert.deepStrictEqual(all.RoleDetailList?.map((r) => r.RoleName), ['A-role', 'b-role']);
    const b = all.RoleDetailList![1];
    assert.deepStrictEqual(b.RolePolicyList, [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(doc('s3:GetObject')) }]);
    assert.deepStrictEqual(b.AttachedManagedPolicies, [{ PolicyName: 'ReadECR', PolicyArn: Policy!.Arn }, { PolicyName: 'AmazonSSMManagedInstanceCore', PolicyArn: AWS_POLICY('AmazonSSMManagedInstanceCore') }]);
    assert.deepStrictEqual(b.InstanceProfileList?.map((p) => [p.InstanceProfileName, p.Roles?.map((r) => r.RoleName)]), [['b-role', ['b-role']]]);
    assert.deepStrictEqual([b.PermissionsBoundary?.PermissionsBoundaryArn, b.Tags, b.AssumeRolePolicyDocument], [AWS_POLICY('PowerUserAccess'), [{ Key: 'env', Value: 'dev' }], encodeURIComponent(trust)]);
    // AWS managed policies appear when in use (attached, or a boundary), as IAM lists them.
    assert.deepStrictEqual(all.Policies?.map((p) => p.PolicyName), ['AmazonSSMManagedInstanceCore', 'PowerUserAccess', 'ReadECR']);
    const readEcr = all.Policies![2];
    assert.deepStrictEqual([readEcr.DefaultVersionId, readEcr.AttachmentCount, readEcr.Description, readEcr.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document])],
      ['v2', 1, 'pull', [['v2', true, encodeURIComponent(doc('ecr:*'))], ['v1', false, encodeURIComponent(doc('ecr:BatchGetImage'))]]]);

    const local = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
    assert.deepStrictEqual([local.RoleDetailList, local.UserDetailList, local.Policies?.map((p) => p.PolicyName)], [[], undefined, ['ReadECR']]);
    const names: string[] = [];
    for await (const pageOut of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 2 }, { Filter: ['Role', 'AWSManagedPolicy'] })) {
      names.push([...(pageOut.RoleDetailList ?? []).map((r) => r.RoleName!), ...(pageOut.Policies ?? []).map((p) => p.PolicyName!)].join(','));
    }
    assert.deepStrictEqual(names, ['A-role,b-role', 'AmazonSSMManagedInstanceCore,PowerUserAccess']);
    await rejectsWith(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Robot' as EntityType] })), 'ValidationError', 400,
      '1 validation error detected: Value \'[Robot]\' at \'filter\' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]');
  });

  it('lists roles by path prefix and shows when and where a role was last assumed', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Top', AssumeRolePolicyDocument: trust }));
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'Deep', Path: '/team/app/', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateRoleCommand({ RoleName: 'Side', Path: '/team/', AssumeRolePolicyDocument: trust }));
    assert.deepStrictEqual((await iam.send(new ListRolesCommand({ PathPrefix: '/team/' }))).Roles?.map((r) => r.RoleName), ['Deep', 'Side']);
    assert.deepStrictEqual((await iam.send(new ListRolesCommand({ PathPrefix: '/team/app' }))).Roles?.map((r) => r.RoleName), ['Deep']);
    await rejectsWith(iam.send(new ListRolesCommand({ PathPrefix: 'team' })), 'ValidationError', 400,
      '1 validation error detected: Value \'team\' at \'pathPrefix\' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*');
    assert.deepStrictEqual((await iam.send(new GetRoleCommand({ RoleName: 'Deep' }))).Role?.RoleLastUsed, {});
    const before = Date.now();
    await clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'ci' }));
    const used = (await iam.send(new GetRoleCommand({ RoleName: 'Deep' }))).Role?.RoleLastUsed;
    assert.strictEqual(used?.Region, 'eu-west-1');
    assert.ok(used?.LastUsedDate instanceof Date && used.LastUsedDate.getTime() >= Math.floor(before / 1000) * 1000, String(used?.LastUsedDate));
  });

  it('shows a trusted role that was deleted as its unique id, as IAM does, and refuses a trusted role that does not exist', async () => {
    const { Role: ci } = await iam.send(new CreateRoleCommand({ RoleName: 'ci', AssumeRolePolicyDocument: trust }));
    const trusting = (principal: string | string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] }, null, 2);
    const text = trusting([ci!.Arn!, `arn:aws:iam::${ACCOUNT}:root`]);
    await iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: text }));
    assert.strictEqual(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'deploy' }))).Role!.AssumeRolePolicyDocument!), text);
    await iam.send(new DeleteRoleCommand({ RoleName: 'ci' }));
    assert.strictEqual(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'deploy' }))).Role!.AssumeRolePolicyDocument!), trusting([ci!.RoleId!, `arn:aws:iam::${ACCOUNT}:root`]));
    // A new role of the same name is another principal: the old trust still names the old id.
    await iam.send(new CreateRoleCommand({ RoleName: 'ci', AssumeRolePolicyDocument: trust }));
    assert.strictEqual(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'deploy' }))).Role!.AssumeRolePolicyDocument!), trusting([ci!.RoleId!, `arn:aws:iam::${ACCOUNT}:root`]));
    await rejectsWith(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deploy', PolicyDocument: trusting(`arn:aws:iam::${ACCOUNT}:role/ghost`) })), 'MalformedPolicyDocumentException', 400,
      `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/ghost"`);
  });
});

describe('the sandbox with eventual consistency (propagationDelayMs)', () => {
  it('keeps a new role from being a principal or assumed, and a new policy from being attached, until the delay has passed', async () => {
    let clock = 1_000_000;
    const sandbox = await startSandbox({ propagationDelayMs: 5000, now: () => clock });
    const clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    try {
      const { Role } = await clients.iam.send(new CreateRoleCommand({ RoleName: 'fresh', AssumeRolePolicyDocument: trust }));
      const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: 'fresh', PolicyDocument: doc('s3:GetObject') }));
      const trusting = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: Role!.Arn }, Action: 'sts:AssumeRole' }] });
      await rejectsWith(clients.iam.send(new CreateRoleCommand({ RoleName: 'trusting', AssumeRolePolicyDocument: trusting })), 'MalformedPolicyDocumentException', 400,
        `Invalid principal in policy: "AWS":"${Role!.Arn}"`);
      await rejectsWith(clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'early' })), 'AccessDenied', 403,
        `User: arn:aws:iam::${ACCOUNT}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: ${Role!.Arn}`);
      await rejectsWith(clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'fresh', PolicyArn: Policy!.Arn })), 'NoSuchEntityException', 404,
        `Policy ${Policy!.Arn} does not exist or is not attachable.`);
      // The role itself reads back at once, as IAM's own reads do.
      assert.strictEqual((await clients.iam.send(new GetRoleCommand({ RoleName: 'fresh' }))).Role?.Arn, Role!.Arn);
      clock += 4999;
      await rejectsWith(clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'fresh', PolicyArn: Policy!.Arn })), 'NoSuchEntityException', 404,
        `Policy ${Policy!.Arn} does not exist or is not attachable.`);
      clock += 1;
      await clients.iam.send(new CreateRoleCommand({ RoleName: 'trusting', AssumeRolePolicyDocument: trusting }));
      await clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'later' }));
      await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'fresh', PolicyArn: Policy!.Arn }));
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  });
});

/** A raw request to the sandbox: what a client the SDK would never let send sends. */
function raw(endpoint: string, options: { path?: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${endpoint}${options.path ?? '/'}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

describe('the sandbox answers as AWS does where real clients broke (issue 9)', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  let iam: IAMClient;

  sandboxEachTest((s, c) => {
    sandbox = s;
    clients = c;
    iam = c.iam;
  }, 'eu-west-1');

  it('refuses control characters in descriptions and text past U+00FF in documents, and keeps \\r\\n', async () => {
    const pattern = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*';
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Description: 'bell\u0007' })), 'ValidationError', 400,
      `1 validation error detected: Value 'bell\uFFFD' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`);
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Description: 'line one\r\nline two\ttab, café' }));
    await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: 'r', Description: 'esc\u001b[0m' })), 'ValidationError', 400, /at 'description' failed to satisfy constraint/);
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('s3:GetObject'), Description: 'nul\u0000' })), 'ValidationError', 400,
      /at 'description' failed to satisfy constraint/);
    // The role stays readable in every call that shows it.
    assert.strictEqual((await iam.send(new GetRoleCommand({ RoleName: 'r' }))).Role?.Description, 'line one\r\nline two\ttab, café');
    assert.strictEqual((await iam.send(new ListRolesCommand({}))).Roles?.[0].Description, 'line one\r\nline two\ttab, café');
    const documentPattern = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
    for (const text of ['東京', '🚀']) {
      const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${text}` }] });
      await rejectsWith(iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: document })), 'ValidationError', 400,
        `1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: ${documentPattern}`);
    }
    await rejectsWith(iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: documentOfSize(131_073, 'identity', false) })), 'ValidationError', 400,
      '1 validation error detected: Value at \'policyDocument\' failed to satisfy constraint: Member must have length less than or equal to 131072');
  });

  it('treats names that are properties of JavaScript objects like any other name', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await rejectsWith(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404, `The role with name ${name} cannot be found.`);
      await rejectsWith(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name })), 'NoSuchEntityException', 404, `Instance Profile ${name} cannot be found.`);
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      assert.strictEqual((await iam.send(new GetRoleCommand({ RoleName: name.toUpperCase() }))).Role?.RoleName, name);
      await rejectsWith(iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'toString' })), 'NoSuchEntityException', 404, 'The role policy with name toString cannot be found.');
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: '__proto__', PolicyDocument: doc('s3:GetObject') }));
      assert.deepStrictEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames, ['__proto__']);
      assert.strictEqual(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: '__proto__' }))).PolicyDocument!), doc('s3:GetObject'));
    }
    // ECR's names are lower case and start with a letter or digit: __proto__ is not one.
    for (const name of ['constructor', 'tostring', 'valueof']) {
      await rejectsWith(clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })), 'RepositoryNotFoundException', 400,
        `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`);
      await rejectsWith(clients.ecr.send(new GetRepositoryPolicyCommand({ repositoryName: name })), 'RepositoryNotFoundException', 400,
        `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`);
      await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    }
    assert.deepStrictEqual((await clients.ecr.send(new DescribeRepositoriesCommand({}))).repositories?.map((r) => r.repositoryName), ['constructor', 'tostring', 'valueof']);
    assert.deepStrictEqual((await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName), ['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  });

  it('checks ARNs, role names and session names as AWS does, with its wording', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    await rejectsWith(iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'ReadOnlyAccess' })), 'InvalidInputException', 400, 'ARN ReadOnlyAccess is not valid.');
    await rejectsWith(iam.send(new GetPolicyCommand({ PolicyArn: 'policy/ReadOnlyAccess-but-long' })), 'InvalidInputException', 400, 'ARN policy/ReadOnlyAccess-but-long is not valid.');
    const invalidRoleName = 'The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-';
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: `arn:aws:iam::${ACCOUNT}:role/r` })), 'ValidationError', 400, invalidRoleName);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'my role' })), 'ValidationError', 400, invalidRoleName);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'r' }));
    await rejectsWith(clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'x' })), 'ValidationError', 400,
      '1 validation error detected: Value \'x\' at \'roleSessionName\' failed to satisfy constraint: Member must have length greater than or equal to 2');
    await rejectsWith(clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 's'.repeat(65) })), 'ValidationError', 400,
      `1 validation error detected: Value '${'s'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    await rejectsWith(clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'a b' })), 'ValidationError', 400,
      '1 validation error detected: Value \'a b\' at \'roleSessionName\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  });

  it('answers a body over 1 MiB and a URL over 16 KiB with AWS errors, and keeps serving', async () => {
    const big = await raw(sandbox.endpoint, { body: `Action=ListRoles&Version=2010-05-08&Pad=${'x'.repeat(1024 * 1024)}` });
    assert.strictEqual(big.status, 413);
    assert.match(big.body, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>RequestEntityTooLarge<\/Code><Message>The request body is over 1048576 bytes\.<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    const long = await raw(sandbox.endpoint, { path: `/?Action=ListRoles&Pad=${'x'.repeat(64 * 1024)}` });
    assert.strictEqual(long.status, 431);
    assert.match(long.body, /<Code>RequestHeaderSectionTooLarge<\/Code><Message>The request's URL and headers are over 16384 bytes; send the parameters in the body\.<\/Message>/);
    assert.deepStrictEqual((await iam.send(new ListRolesCommand({}))).Roles, []);
  });

  it('answers an ECR body that is not an object, and a request without Action, as AWS does', async () => {
    for (const body of ['null', '[]', '"text"']) {
      const out = await raw(sandbox.endpoint, { body, headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories' } });
      assert.deepStrictEqual([out.status, JSON.parse(out.body)], [400, { __type: 'SerializationException', message: 'Start of structure or map found where not expected.' }]);
    }
    const none = await raw(sandbox.endpoint, { body: 'Version=2010-05-08' });
    assert.strictEqual(none.status, 400);
    assert.match(none.body, /<Code>MissingAction<\/Code><Message>Missing Action<\/Message>/);
  });

  it('lists, describes and deletes images, and hands out registry logins', async () => {
    await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: 'app' }));
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { size: 100, digest: 'sha256:c' }, layers: [{ size: 900, digest: 'sha256:l' }] });
    const pushed = await clients.ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: manifest, imageTag: 'v1' }));
    const digest = pushed.image!.imageId!.imageDigest!;
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    await clients.ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: manifest, imageTag: 'latest' }));
    await rejectsWith(clients.ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: manifest, imageTag: 'latest' })), 'ImageAlreadyExistsException', 400,
      `Image with digest '${digest}' and tag 'latest' already exists in the repository with name 'app' in the registry with id '${ACCOUNT}'`);
    const other = JSON.stringify({ schemaVersion: 2, config: { size: 1, digest: 'sha256:d' }, layers: [] });
    await clients.ecr.send(new PutImageCommand({ repositoryName: 'app', imageManifest: other }));
    const listed = await clients.ecr.send(new ListImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'TAGGED' } }));
    assert.deepStrictEqual(listed.imageIds?.map((i) => i.imageTag).sort(), ['latest', 'v1']);
    assert.strictEqual((await clients.ecr.send(new ListImagesCommand({ repositoryName: 'app' }))).imageIds?.length, 3);
    const described = await clients.ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'v1' }] }));
    assert.deepStrictEqual(described.imageDetails?.map((d) => [d.imageDigest, d.imageTags, d.imageSizeInBytes, d.imagePushedAt instanceof Date]), [[digest, ['v1', 'latest'], 1000, true]]);
    await rejectsWith(clients.ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'nope' }] })), 'ImageNotFoundException', 400,
      `The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name 'app' in the registry with id '${ACCOUNT}'`);
    await rejectsWith(clients.ecr.send(new DeleteRepositoryCommand({ repositoryName: 'app' })), 'RepositoryNotEmptyException', 400,
      `The repository with name 'app' in the registry with id '${ACCOUNT}' cannot be deleted because it still contains images`);
    const deleted = await clients.ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: digest }, { imageTag: 'gone' }] }));
    assert.deepStrictEqual([deleted.imageIds?.map((i) => i.imageTag), deleted.failures?.map((f) => f.failureCode)], [['v1', 'latest'], ['ImageNotFound']]);
    await clients.ecr.send(new DeleteRepositoryCommand({ repositoryName: 'app', force: true }));

    const before = Date.now();
    const { authorizationData } = await clients.ecr.send(new GetAuthorizationTokenCommand({}));
    const [user, password] = Buffer.from(authorizationData![0].authorizationToken!, 'base64').toString().split(':');
    assert.deepStrictEqual([user, password.length > 100, authorizationData![0].proxyEndpoint], ['AWS', true, `https://${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`]);
    const hours = (authorizationData![0].expiresAt!.getTime() - before) / 3_600_000;
    assert.ok(hours > 11.99 && hours <= 12, String(hours));
  });
});
