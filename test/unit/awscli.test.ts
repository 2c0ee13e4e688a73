// The AWS CLI v2 (Debian's awscli), a client this project did not write, against the local sandbox
// account: every operation the sandbox implements and the errors issue 9 names, with the exit codes,
// error codes, messages and decoded output AWS gives. `npm test` installs awscli (scripts/bootstrap.js);
// without it this suite fails in one line saying how to install it.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';

/** Debian's AWS CLI v2, by absolute path: a pip-installed `aws` (v1) earlier on PATH is another client. */
const AWS_CLI = process.env.IAM_AUTHOR_AWS_CLI || '/usr/bin/aws';
const ACCOUNT = '123456789012';
/** The AWS CLI's exit codes: 254 an error answer from the service, 252 parameters it refuses before sending. */
const SERVICE_ERROR = 254;
const PARAMETER_ERROR = 252;

interface Run { code: number; stdout: string; stderr: string }

const trustOf = (principal: Record<string, unknown>, version = '2012-10-17') =>
  JSON.stringify({ Version: version, Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const ec2Trust = trustOf({ Service: 'ec2.amazonaws.com' });
const doc = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

/** One sandbox and the AWS CLI pointed at it, with a home folder of its own for files the commands read. */
interface Cli {
  aws(...args: string[]): Promise<Run>;
  /** A call that succeeds, its JSON output decoded (undefined when it prints nothing, as for UpdateRole). */
  ok(...args: string[]): Promise<Record<string, unknown> | undefined>;
  /** A call the sandbox refuses: exit 254 and the CLI's line naming AWS's code, the operation and AWS's message. */
  fails(code: string, operation: string, message: string, ...args: string[]): Promise<void>;
  /** Writes a file in the home folder and returns its `file://` argument. */
  file(name: string, text: string): string;
}

function cliFor(sandbox: Sandbox, home: string): Cli {
  /** Runs `aws --endpoint-url SANDBOX ARGS --output json` with any credentials, no config files and no pager. */
  const aws = (...args: string[]) => new Promise<Run>((resolve) => {
    execFile(AWS_CLI, ['--endpoint-url', sandbox.endpoint, '--output', 'json', '--no-cli-pager', ...args], {
      cwd: home,
      maxBuffer: 16 * 1024 * 1024,
      // A CLI that hangs fails its scenario instead of the whole run.
      timeout: 120_000,
      env: {
        PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: 'AKIASANDBOX000000000', AWS_SECRET_ACCESS_KEY: 'any', AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_CONFIG_FILE: path.join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true',
      },
    }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }));
  });
  return {
    aws,
    async ok(...args) {
      const run = await aws(...args);
      assert.deepStrictEqual([run.code, run.stderr], [0, ''], `aws ${args.slice(0, 2).join(' ')}`);
      return run.stdout.trim() ? JSON.parse(run.stdout) as Record<string, unknown> : undefined;
    },
    async fails(code, operation, message, ...args) {
      const run = await aws(...args);
      assert.deepStrictEqual([run.code, run.stdout, run.stderr.trim()], [SERVICE_ERROR, '', `An error occurred (${code}) when calling the ${operation} operation: ${message}`]);
    },
    file(name, text) {
      fs.writeFileSync(path.join(home, name), text);
      return `file://${name}`;
    },
  };
}

type Role = { RoleName: string; RoleId: string; Arn: string; Path: string; Description?: string; AssumeRolePolicyDocument: unknown; RoleLastUsed?: Record<string, string> };

/**
 * The scenarios, each against a sandbox of its own. The AWS CLI takes about a second of CPU to start,
 * so they run side by side (started in `before`), and each test waits for its own.
 */
const scenarios: [string, (cli: Cli) => Promise<void>][] = [];
const scenario = (title: string, run: (cli: Cli) => Promise<void>) => void scenarios.push([title, run]);

scenario('runs seed 004\'s steps: its trust policy\'s Version is refused as AWS refuses it, the fixed one creates the role', async ({ ok, fails, file }) => {
  const tutorial = '{ "Version": "2017-09-11", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole" } ] }';
  await fails('MalformedPolicyDocument', 'CreateRole', 'Syntax errors in policy.',
    'iam', 'create-role', '--role-name', 'foxutech', '--assume-role-policy-document', file('ec2-role-trust-policy.json', tutorial));
  const fixed = tutorial.replace('2017-09-11', '2012-10-17');
  const out = await ok('iam', 'create-role', '--role-name', 'foxutech', '--assume-role-policy-document', file('ec2-role-trust-policy.json', fixed));
  const role = out!.Role as Role;
  assert.deepStrictEqual([role.RoleName, role.Path, role.Arn, role.AssumeRolePolicyDocument], ['foxutech', '/', `arn:aws:iam::${ACCOUNT}:role/foxutech`, JSON.parse(fixed)]);
  assert.match(role.RoleId, /^AROA[A-Z0-9]{17}$/);
  // What the console does for an EC2 role and the tutorial's command line leaves out: an instance profile holding it.
  await ok('iam', 'create-instance-profile', '--instance-profile-name', 'foxutech');
  assert.strictEqual(await ok('iam', 'add-role-to-instance-profile', '--instance-profile-name', 'foxutech', '--role-name', 'foxutech'), undefined);
  const profile = (await ok('iam', 'get-instance-profile', '--instance-profile-name', 'foxutech'))!.InstanceProfile as { Arn: string; Roles: Role[] };
  assert.deepStrictEqual([profile.Arn, profile.Roles.map((r) => r.RoleName)], [`arn:aws:iam::${ACCOUNT}:instance-profile/foxutech`, ['foxutech']]);
  await fails('DeleteConflict', 'DeleteRole', 'Cannot delete entity, must remove roles from instance profile first.', 'iam', 'delete-role', '--role-name', 'foxutech');
  await fails('DeleteConflict', 'DeleteInstanceProfile', 'Cannot delete entity, must remove roles from instance profile first.',
    'iam', 'delete-instance-profile', '--instance-profile-name', 'foxutech');
  assert.deepStrictEqual(((await ok('iam', 'list-instance-profiles-for-role', '--role-name', 'foxutech'))!.InstanceProfiles as { InstanceProfileName: string }[])
    .map((p) => p.InstanceProfileName), ['foxutech']);
  await fails('LimitExceeded', 'AddRoleToInstanceProfile', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    'iam', 'add-role-to-instance-profile', '--instance-profile-name', 'foxutech', '--role-name', 'foxutech');
  await ok('iam', 'remove-role-from-instance-profile', '--instance-profile-name', 'foxutech', '--role-name', 'foxutech');
  await ok('iam', 'delete-instance-profile', '--instance-profile-name', 'foxutech');
  await fails('NoSuchEntity', 'GetInstanceProfile', 'Instance Profile foxutech cannot be found.', 'iam', 'get-instance-profile', '--instance-profile-name', 'foxutech');
  await ok('iam', 'delete-role', '--role-name', 'foxutech');
});

scenario('updates a role with UpdateRole (exit 0, nothing printed) and keeps a description\'s \\r\\n; refuses control characters', async ({ ok, fails }) => {
  await ok('iam', 'create-role', '--role-name', 'described', '--assume-role-policy-document', ec2Trust);
  assert.strictEqual(await ok('iam', 'update-role', '--role-name', 'described', '--description', 'first line\r\nsecond, café', '--max-session-duration', '7200'), undefined);
  const role = (await ok('iam', 'get-role', '--role-name', 'described'))!.Role as Role & { MaxSessionDuration: number };
  assert.deepStrictEqual([role.Description, role.MaxSessionDuration], ['first line\r\nsecond, café', 7200]);
  await fails('ValidationError', 'UpdateRole',
    '1 validation error detected: Value \'bell\uFFFD\' at \'description\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
    'iam', 'update-role', '--role-name', 'described', '--description', 'bell\u0007');
  // The role stays readable by every call that shows it.
  assert.deepStrictEqual(((await ok('iam', 'list-roles'))!.Roles as Role[]).map((r) => [r.RoleName, r.Description]), [['described', 'first line\r\nsecond, café']]);
});

scenario('treats constructor, __proto__ and toString as names like any other', async ({ ok, fails }) => {
  await ok('iam', 'create-role', '--role-name', 'constructor', '--assume-role-policy-document', ec2Trust);
  assert.strictEqual(((await ok('iam', 'get-role', '--role-name', 'Constructor'))!.Role as Role).RoleName, 'constructor');
  await fails('NoSuchEntity', 'GetRole', 'The role with name __proto__ cannot be found.', 'iam', 'get-role', '--role-name', '__proto__');
  await fails('NoSuchEntity', 'GetRolePolicy', 'The role policy with name toString cannot be found.', 'iam', 'get-role-policy', '--role-name', 'constructor', '--policy-name', 'toString');
  await ok('iam', 'put-role-policy', '--role-name', 'constructor', '--policy-name', '__proto__', '--policy-document', doc('s3:GetObject'));
  assert.deepStrictEqual((await ok('iam', 'list-role-policies', '--role-name', 'constructor'))!.PolicyNames, ['__proto__']);
  assert.deepStrictEqual((await ok('iam', 'get-role-policy', '--role-name', 'constructor', '--policy-name', '__proto__'))!.PolicyDocument, JSON.parse(doc('s3:GetObject')));
  await ok('iam', 'delete-role-policy', '--role-name', 'constructor', '--policy-name', '__proto__');
  await ok('iam', 'delete-role', '--role-name', 'constructor');
  await ok('ecr', 'create-repository', '--repository-name', 'constructor');
  await fails('RepositoryNotFoundException', 'DescribeRepositories', `The repository with name 'tostring' does not exist in the registry with id '${ACCOUNT}'`,
    'ecr', 'describe-repositories', '--repository-names', 'tostring');
});

scenario('answers bad names, ARNs, documents and session names with AWS\'s codes and words', async ({ aws, ok, fails, file }) => {
  await ok('iam', 'create-role', '--role-name', 'checked', '--assume-role-policy-document', ec2Trust);
  const invalidRoleName = 'The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-';
  await fails('ValidationError', 'GetRole', invalidRoleName, 'iam', 'get-role', '--role-name', `arn:aws:iam::${ACCOUNT}:role/checked`);
  await fails('ValidationError', 'GetRole', invalidRoleName, 'iam', 'get-role', '--role-name', 'my role');
  await fails('InvalidInput', 'AttachRolePolicy', 'ARN policy/ReadOnlyAccess is not valid.', 'iam', 'attach-role-policy', '--role-name', 'checked', '--policy-arn', 'policy/ReadOnlyAccess');
  await fails('NoSuchEntity', 'AttachRolePolicy', `Policy arn:aws:iam::${ACCOUNT}:policy/Missing does not exist or is not attachable.`,
    'iam', 'attach-role-policy', '--role-name', 'checked', '--policy-arn', `arn:aws:iam::${ACCOUNT}:policy/Missing`);
  await fails('ValidationError', 'PutRolePolicy',
    '1 validation error detected: Value at \'policyDocument\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    'iam', 'put-role-policy', '--role-name', 'checked', '--policy-name', 'cjk', '--policy-document', doc('s3:GetObject', 'arn:aws:s3:::bucket/東京/*'));
  const long = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S'.repeat(131_073), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  await fails('ValidationError', 'PutRolePolicy', '1 validation error detected: Value at \'policyDocument\' failed to satisfy constraint: Member must have length less than or equal to 131072',
    'iam', 'put-role-policy', '--role-name', 'checked', '--policy-name', 'long', '--policy-document', file('long.json', long));
  await fails('MalformedPolicyDocument', 'PutRolePolicy', 'Policy statement must contain resources.',
    'iam', 'put-role-policy', '--role-name', 'checked', '--policy-name', 'p', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}');
  await fails('EntityAlreadyExists', 'CreateRole', 'Role with name CHECKED already exists.', 'iam', 'create-role', '--role-name', 'CHECKED', '--assume-role-policy-document', ec2Trust);
  // A body over 1 MiB is an AWS error the CLI reports, not a reset connection.
  const huge = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S'.repeat(1_100_000), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  await fails('RequestEntityTooLarge', 'PutRolePolicy', 'The request body is over 1048576 bytes.',
    'iam', 'put-role-policy', '--role-name', 'checked', '--policy-name', 'huge', '--policy-document', file('huge.json', huge));
  const arn = `arn:aws:iam::${ACCOUNT}:role/checked`;
  await fails('ValidationError', 'AssumeRole', '1 validation error detected: Value \'a b\' at \'roleSessionName\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    'sts', 'assume-role', '--role-arn', arn, '--role-session-name', 'a b');
  // The CLI checks lengths from its own model before sending: a one-letter session name never reaches the sandbox.
  const short = await aws('sts', 'assume-role', '--role-arn', arn, '--role-session-name', 'x');
  assert.strictEqual(short.code, PARAMETER_ERROR);
  assert.match(short.stderr, /Invalid length for parameter RoleSessionName, value: 1, valid min length: 2/);
});

scenario('creates, reads, tags, versions, attaches and deletes managed policies and inline policies', async ({ ok, fails }) => {
  await ok('iam', 'create-role', '--role-name', 'app', '--path', '/team/', '--assume-role-policy-document', ec2Trust, '--tags', 'Key=env,Value=dev');
  const created = (await ok('iam', 'create-policy', '--policy-name', 'ReadECR', '--policy-document', doc('ecr:BatchGetImage'), '--description', 'pull'))!.Policy as { Arn: string; DefaultVersionId: string };
  assert.deepStrictEqual([created.Arn, created.DefaultVersionId], [`arn:aws:iam::${ACCOUNT}:policy/ReadECR`, 'v1']);
  const version = (await ok('iam', 'create-policy-version', '--policy-arn', created.Arn, '--policy-document', doc('ecr:*'), '--set-as-default'))!.PolicyVersion as { VersionId: string };
  assert.strictEqual(version.VersionId, 'v2');
  assert.deepStrictEqual(((await ok('iam', 'get-policy-version', '--policy-arn', created.Arn, '--version-id', 'v2'))!.PolicyVersion as { Document: unknown }).Document, JSON.parse(doc('ecr:*')));
  assert.deepStrictEqual(((await ok('iam', 'list-policy-versions', '--policy-arn', created.Arn))!.Versions as { VersionId: string }[]).map((v) => v.VersionId), ['v2', 'v1']);
  await ok('iam', 'set-default-policy-version', '--policy-arn', created.Arn, '--version-id', 'v1');
  await ok('iam', 'delete-policy-version', '--policy-arn', created.Arn, '--version-id', 'v2');
  await ok('iam', 'tag-policy', '--policy-arn', created.Arn, '--tags', 'Key=owner,Value=me');
  assert.deepStrictEqual((await ok('iam', 'list-policy-tags', '--policy-arn', created.Arn))!.Tags, [{ Key: 'owner', Value: 'me' }]);
  await ok('iam', 'untag-policy', '--policy-arn', created.Arn, '--tag-keys', 'owner');
  assert.deepStrictEqual(((await ok('iam', 'get-policy', '--policy-arn', created.Arn))!.Policy as { DefaultVersionId: string; Tags?: unknown }).DefaultVersionId, 'v1');
  assert.deepStrictEqual(((await ok('iam', 'list-policies', '--scope', 'Local'))!.Policies as { PolicyName: string }[]).map((p) => p.PolicyName), ['ReadECR']);
  await ok('iam', 'attach-role-policy', '--role-name', 'app', '--policy-arn', created.Arn);
  await ok('iam', 'attach-role-policy', '--role-name', 'app', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
  assert.deepStrictEqual(((await ok('iam', 'list-attached-role-policies', '--role-name', 'app'))!.AttachedPolicies as { PolicyName: string }[]).map((p) => p.PolicyName),
    ['ReadECR', 'AmazonSSMManagedInstanceCore']);
  assert.deepStrictEqual(((await ok('iam', 'list-entities-for-policy', '--policy-arn', created.Arn))!.PolicyRoles as { RoleName: string }[]).map((r) => r.RoleName), ['app']);
  await fails('DeleteConflict', 'DeletePolicy', 'Cannot delete a policy attached to entities.', 'iam', 'delete-policy', '--policy-arn', created.Arn);
  await ok('iam', 'put-role-policy', '--role-name', 'app', '--policy-name', 'inline', '--policy-document', doc('s3:GetObject'));
  await ok('iam', 'tag-role', '--role-name', 'app', '--tags', 'Key=team,Value=a');
  assert.deepStrictEqual((await ok('iam', 'list-role-tags', '--role-name', 'app'))!.Tags, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'a' }]);
  await ok('iam', 'untag-role', '--role-name', 'app', '--tag-keys', 'team');
  await ok('iam', 'put-role-permissions-boundary', '--role-name', 'app', '--permissions-boundary', 'arn:aws:iam::aws:policy/PowerUserAccess');
  await ok('iam', 'update-assume-role-policy', '--role-name', 'app', '--policy-document', trustOf({ Service: 'ecs-tasks.amazonaws.com' }));
  const description = (await ok('iam', 'update-role-description', '--role-name', 'app', '--description', 'the app'))!.Role as Role;
  assert.strictEqual(description.Description, 'the app');

  const details = await ok('iam', 'get-account-authorization-details', '--filter', 'Role', 'LocalManagedPolicy');
  const roleDetail = (details!.RoleDetailList as Record<string, unknown>[])[0];
  assert.deepStrictEqual([roleDetail.RoleName, roleDetail.RolePolicyList, roleDetail.AssumeRolePolicyDocument, (roleDetail.PermissionsBoundary as { PermissionsBoundaryArn: string }).PermissionsBoundaryArn],
    ['app', [{ PolicyName: 'inline', PolicyDocument: JSON.parse(doc('s3:GetObject')) }], JSON.parse(trustOf({ Service: 'ecs-tasks.amazonaws.com' })), 'arn:aws:iam::aws:policy/PowerUserAccess']);
  assert.deepStrictEqual([(details!.Policies as { PolicyName: string }[]).map((p) => p.PolicyName), details!.UserDetailList], [['ReadECR'], undefined]);
  const summary = (await ok('iam', 'get-account-summary'))!.SummaryMap as Record<string, number>;
  assert.deepStrictEqual([summary.Roles, summary.Policies, summary.AttachedPoliciesPerRoleQuota], [1, 1, 10]);

  await ok('iam', 'delete-role-permissions-boundary', '--role-name', 'app');
  await ok('iam', 'delete-role-policy', '--role-name', 'app', '--policy-name', 'inline');
  await ok('iam', 'detach-role-policy', '--role-name', 'app', '--policy-arn', created.Arn);
  await ok('iam', 'detach-role-policy', '--role-name', 'app', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
  await ok('iam', 'delete-policy', '--policy-arn', created.Arn);
  await ok('iam', 'delete-role', '--role-name', 'app');
});

scenario('pages lists to the end (the CLI follows Marker itself), by path prefix', async ({ ok, fails }) => {
  for (const name of ['p1', 'p2', 'p3']) await ok('iam', 'create-role', '--role-name', name, '--path', '/paged/', '--assume-role-policy-document', ec2Trust);
  await ok('iam', 'create-role', '--role-name', 'elsewhere', '--assume-role-policy-document', ec2Trust);
  assert.deepStrictEqual(((await ok('iam', 'list-roles', '--path-prefix', '/paged/', '--page-size', '1'))!.Roles as Role[]).map((r) => r.RoleName), ['p1', 'p2', 'p3']);
  const details = await ok('iam', 'get-account-authorization-details', '--filter', 'Role', '--page-size', '2');
  assert.deepStrictEqual((details!.RoleDetailList as Role[]).map((r) => r.RoleName), ['elsewhere', 'p1', 'p2', 'p3']);
  await fails('ValidationError', 'ListRoles',
    '1 validation error detected: Value \'paged\' at \'pathPrefix\' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*',
    'iam', 'list-roles', '--path-prefix', 'paged');
});

scenario('assumes a role (RoleLastUsed follows) and shows a deleted trusted role as its unique id', async ({ ok, fails }) => {
  const identity = await ok('sts', 'get-caller-identity');
  assert.deepStrictEqual(identity, { UserId: 'AIDASANDBOXUSER000001', Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/sandbox` });
  const ci = (await ok('iam', 'create-role', '--role-name', 'ci', '--assume-role-policy-document', ec2Trust))!.Role as Role;
  assert.deepStrictEqual(((await ok('iam', 'get-role', '--role-name', 'ci'))!.Role as Role).RoleLastUsed, {});
  const assumed = await ok('sts', 'assume-role', '--role-arn', ci.Arn, '--role-session-name', 'deploy');
  assert.strictEqual((assumed!.AssumedRoleUser as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci/deploy`);
  const used = ((await ok('iam', 'get-role', '--role-name', 'ci'))!.Role as Role).RoleLastUsed!;
  assert.deepStrictEqual([used.Region, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/.test(used.LastUsedDate)], ['eu-west-1', true]);

  await ok('iam', 'create-role', '--role-name', 'deployer', '--assume-role-policy-document', trustOf({ AWS: ci.Arn }));
  await ok('iam', 'delete-role', '--role-name', 'ci');
  assert.deepStrictEqual(((await ok('iam', 'get-role', '--role-name', 'deployer'))!.Role as Role).AssumeRolePolicyDocument, JSON.parse(trustOf({ AWS: ci.RoleId })));
  await fails('MalformedPolicyDocument', 'UpdateAssumeRolePolicy', `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/ci"`,
    'iam', 'update-assume-role-policy', '--role-name', 'deployer', '--policy-document', trustOf({ AWS: ci.Arn }));
  await fails('AccessDenied', 'AssumeRole', `User: arn:aws:iam::${ACCOUNT}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: ${ci.Arn}`,
    'sts', 'assume-role', '--role-arn', ci.Arn, '--role-session-name', 'late');
});

scenario('manages OIDC providers', async ({ ok, fails }) => {
  const thumbprint = '6938fd4d98bab03faadb97b34396831e3780aea1';
  const created = await ok('iam', 'create-open-id-connect-provider', '--url', 'https://token.actions.githubusercontent.com', '--client-id-list', 'sts.amazonaws.com',
    '--thumbprint-list', thumbprint);
  const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  assert.deepStrictEqual(created, { OpenIDConnectProviderArn: arn });
  const got = await ok('iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn);
  assert.deepStrictEqual([got!.Url, got!.ClientIDList, got!.ThumbprintList], ['token.actions.githubusercontent.com', ['sts.amazonaws.com'], [thumbprint]]);
  await fails('EntityAlreadyExists', 'CreateOpenIDConnectProvider', 'Provider with url https://token.actions.githubusercontent.com already exists.',
    'iam', 'create-open-id-connect-provider', '--url', 'https://token.actions.githubusercontent.com', '--thumbprint-list', thumbprint);
  assert.deepStrictEqual(await ok('iam', 'list-open-id-connect-providers'), { OpenIDConnectProviderList: [{ Arn: arn }] });
  await ok('iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', arn);
  await fails('NoSuchEntity', 'GetOpenIDConnectProvider', `OpenIDConnect Provider not found for arn ${arn}`, 'iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn);
});

scenario('serves ECR: repositories, policies, images and get-login-password', async ({ aws, ok, fails }) => {
  const repository = (await ok('ecr', 'create-repository', '--repository-name', 'fcj-workshop-app'))!.repository as { repositoryUri: string };
  assert.strictEqual(repository.repositoryUri, `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/fcj-workshop-app`);
  await fails('RepositoryAlreadyExistsException', 'CreateRepository', `The repository with name 'fcj-workshop-app' already exists in the registry with id '${ACCOUNT}'`,
    'ecr', 'create-repository', '--repository-name', 'fcj-workshop-app');
  await fails('RepositoryPolicyNotFoundException', 'GetRepositoryPolicy',
    `Repository policy does not exist for the repository with name 'fcj-workshop-app' in the registry with id '${ACCOUNT}'`, 'ecr', 'get-repository-policy', '--repository-name', 'fcj-workshop-app');
  const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'ecr:BatchGetImage' }] });
  await ok('ecr', 'set-repository-policy', '--repository-name', 'fcj-workshop-app', '--policy-text', policyText);
  assert.strictEqual((await ok('ecr', 'get-repository-policy', '--repository-name', 'fcj-workshop-app'))!.policyText, policyText);
  await ok('ecr', 'delete-repository-policy', '--repository-name', 'fcj-workshop-app');

  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { size: 100, digest: 'sha256:c' }, layers: [{ size: 900, digest: 'sha256:l' }] });
  const pushed = (await ok('ecr', 'put-image', '--repository-name', 'fcj-workshop-app', '--image-tag', 'v1', '--image-manifest', manifest))!.image as { imageId: { imageDigest: string } };
  const digest = pushed.imageId.imageDigest;
  assert.deepStrictEqual(await ok('ecr', 'list-images', '--repository-name', 'fcj-workshop-app'), { imageIds: [{ imageDigest: digest, imageTag: 'v1' }] });
  const described = ((await ok('ecr', 'describe-images', '--repository-name', 'fcj-workshop-app', '--image-ids', 'imageTag=v1'))!.imageDetails as Record<string, unknown>[])[0];
  assert.deepStrictEqual([described.imageDigest, described.imageTags, described.imageSizeInBytes], [digest, ['v1'], 1000]);
  await fails('ImageNotFoundException', 'DescribeImages',
    `The image with imageId {imageDigest:'null', imageTag:'v2'} does not exist within the repository with name 'fcj-workshop-app' in the registry with id '${ACCOUNT}'`,
    'ecr', 'describe-images', '--repository-name', 'fcj-workshop-app', '--image-ids', 'imageTag=v2');
  await fails('RepositoryNotEmptyException', 'DeleteRepository',
    `The repository with name 'fcj-workshop-app' in the registry with id '${ACCOUNT}' cannot be deleted because it still contains images`,
    'ecr', 'delete-repository', '--repository-name', 'fcj-workshop-app');
  const deleted = await ok('ecr', 'batch-delete-image', '--repository-name', 'fcj-workshop-app', '--image-ids', 'imageTag=v1');
  assert.deepStrictEqual(deleted, { imageIds: [{ imageDigest: digest, imageTag: 'v1' }], failures: [] });
  await ok('ecr', 'delete-repository', '--repository-name', 'fcj-workshop-app');
  assert.deepStrictEqual(await ok('ecr', 'describe-repositories'), { repositories: [] });

  // `aws ecr get-login-password | docker login --username AWS --password-stdin ...` reads one line: the password.
  const login = await aws('ecr', 'get-login-password');
  assert.strictEqual(login.code, 0);
  assert.match(login.stdout, /^[A-Za-z0-9+/=]{100,}\n$/);
  const token = (((await ok('ecr', 'get-authorization-token'))!.authorizationData as { authorizationToken: string }[])[0]).authorizationToken;
  assert.match(Buffer.from(token, 'base64').toString(), /^AWS:[A-Za-z0-9+/=]{100,}$/);
});

describe('the AWS CLI v2 against the local sandbox account', function () {
  // About a hundred CLI runs of a second or two each; on a loaded machine, many more.
  this.timeout(900_000);
  const running = new Map<string, Promise<void>>();
  const cleanups: (() => Promise<void>)[] = [];

  before(function () {
    if (!fs.existsSync(AWS_CLI)) {
      throw new Error(`The AWS CLI suite needs Debian's AWS CLI v2 at ${AWS_CLI}: run \`apt-get install -y --no-install-recommends awscli\` (npm test installs it when run as root) or set IAM_AUTHOR_AWS_CLI.`);
    }
    for (const [title, run] of scenarios) {
      const started = (async () => {
        const sandbox = await startSandbox();
        const home = fs.mkdtempSync(path.join(os.tmpdir(), 'awscli-'));
        cleanups.push(async () => {
          await sandbox.close();
          fs.rmSync(home, { recursive: true, force: true });
        });
        await run(cliFor(sandbox, home));
      })();
      // Awaited by its test; marked handled so that a failure is reported there, not as an unhandled rejection.
      started.catch(() => undefined);
      running.set(title, started);
    }
  });
  after(async () => {
    await Promise.allSettled([...running.values()]);
    for (const cleanup of cleanups) await cleanup();
  });

  for (const [title] of scenarios) it(title, () => running.get(title));
});
