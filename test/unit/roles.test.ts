import * as assert from 'assert';
import {
  AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ClientCache, Clients, createClients } from '../../src/aws/clients';
import { isAwsManagedPolicyArn, readAccountRoles, readManagedPolicy, readRole } from '../../src/aws/roles';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { RoleManifest } from '../../src/iam/roleModel';
import { sandboxEachTest } from './sandboxFixture';

const ACCOUNT = '123456789012';
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const policy = (action: string, resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const SSM_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';
const ODD = policy('s3:GetObject', 'arn:aws:s3:::bucket/a b+c&d%e<é>/*');

/** A role with something of every part: two inline policies, a customer managed policy at v2 under a path, AWS managed, boundary, tags. */
async function createDevEC2(clients: Clients): Promise<void> {
  await clients.iam.send(new CreateRoleCommand({
    RoleName: 'DevEC2', Path: '/app/', Description: 'development EC2', AssumeRolePolicyDocument: JSON.stringify(trust, null, 2), MaxSessionDuration: 7200,
    PermissionsBoundary: BOUNDARY, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: '' }],
  }));
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'DevEC2', PolicyName: 'ssm-exec', PolicyDocument: JSON.stringify(policy('ssmmessages:OpenDataChannel')) }));
  await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'DevEC2', PolicyName: 'odd', PolicyDocument: JSON.stringify(ODD) }));
  const { Policy } = await clients.iam.send(new CreatePolicyCommand({
    PolicyName: 'ReadECR', Path: '/shared/', Description: 'pull images', PolicyDocument: JSON.stringify(policy('ecr:BatchGetImage')),
  }));
  await clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: JSON.stringify(policy('ecr:GetDownloadUrlForLayer')), SetAsDefault: true }));
  await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'DevEC2', PolicyArn: Policy!.Arn }));
  await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'DevEC2', PolicyArn: SSM_CORE }));
}

/** What createDevEC2 makes, as the reader gives it (dates and the role id aside). */
const DEV_EC2: Omit<RoleManifest, 'deployed'> = {
  roleName: 'DevEC2', path: '/app/', description: 'development EC2', maxSessionDuration: 7200, trustPolicy: trust,
  managedPolicyArns: [SSM_CORE],
  customerManagedPolicies: [{
    name: 'ReadECR', path: '/shared/', description: 'pull images', document: policy('ecr:GetDownloadUrlForLayer'),
    arn: `arn:aws:iam::${ACCOUNT}:policy/shared/ReadECR`, defaultVersionId: 'v2',
  }],
  inlinePolicies: [{ name: 'odd', document: ODD }, { name: 'ssm-exec', document: policy('ssmmessages:OpenDataChannel') }],
  permissionsBoundary: BOUNDARY,
  tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: '' }],
  instanceProfile: false,
  sources: new Map(),
};

/** The role without the facts that differ run to run (the role id, dates), which are checked apart. */
function stable(role: RoleManifest): unknown {
  const { deployed, ...rest } = role;
  assert.ok(deployed, `${role.roleName} has deployed facts`);
  assert.match(deployed.roleId, /^AROA[A-Z0-9]{17}$/);
  assert.ok(deployed.createDate instanceof Date);
  return { ...rest, deployed: { ...deployed, roleId: 'ROLE_ID', createDate: 'DATE' } };
}

describe('reading deployed roles (src/aws/roles) from the sandbox through the real SDK', () => {
  let sandbox: Sandbox;
  let clients: Clients;

  sandboxEachTest((s, c) => {
    sandbox = s;
    clients = c;
  }, 'ap-southeast-1');

  it('reads a role in full: decoded trust and inline documents, AWS managed as ARNs, customer managed with the default document, tags, boundary', async () => {
    await createDevEC2(clients);
    const read = await readRole(clients, 'DevEC2');
    assert.strictEqual(read.status, 'found');
    assert.deepStrictEqual(stable(read.role), {
      ...DEV_EC2, deployed: { arn: `arn:aws:iam::${ACCOUNT}:role/app/DevEC2`, roleId: 'ROLE_ID', createDate: 'DATE', roleLastUsed: undefined, instanceProfiles: [] },
    });
  });

  it('gives the defaults for a bare role: path /, 3600 seconds, nothing attached', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const read = await readRole(clients, 'bare');
    assert.strictEqual(read.status, 'found');
    assert.deepStrictEqual(stable(read.role), {
      roleName: 'bare', path: '/', description: undefined, maxSessionDuration: 3600, trustPolicy: trust, managedPolicyArns: [],
      customerManagedPolicies: [], inlinePolicies: [], permissionsBoundary: undefined, tags: [], instanceProfile: false, sources: new Map(),
      deployed: { arn: `arn:aws:iam::${ACCOUNT}:role/bare`, roleId: 'ROLE_ID', createDate: 'DATE', roleLastUsed: undefined, instanceProfiles: [] },
    });
  });

  it('reads a role in parallel: GetRole and the three lists, then the documents, in two rounds', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    for (const name of ['a', 'b', 'c']) {
      await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: name, PolicyDocument: JSON.stringify(policy('s3:GetObject')) }));
    }
    // Seven calls (GetRole, three lists, three inline documents) in two rounds: about 2 x 250 ms, where one after another takes 1,750 ms.
    sandbox.setFaults({ latencyMs: 250 });
    const started = Date.now();
    const read = await readRole(clients, 'r');
    const elapsed = Date.now() - started;
    assert.deepStrictEqual(read.status === 'found' && read.role.inlinePolicies.map((p) => p.name), ['a', 'b', 'c']);
    assert.ok(elapsed >= 500 && elapsed < 1200, `took ${elapsed} ms`);
  });

  it('reads the instance profiles that hold the role, and marks the one of the role\'s name', async () => {
    await createDevEC2(clients);
    for (const name of ['DevEC2', 'other-profile']) {
      await clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
      await clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: 'DevEC2' }));
    }
    const read = await readRole(clients, 'DevEC2');
    assert.deepStrictEqual(read.status === 'found' && [read.role.instanceProfile, read.role.deployed?.instanceProfiles], [true, ['DevEC2', 'other-profile']]);

    await clients.iam.send(new CreateRoleCommand({ RoleName: 'elsewhere', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'third' }));
    await clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'third', RoleName: 'elsewhere' }));
    const elsewhere = await readRole(clients, 'elsewhere');
    assert.deepStrictEqual(elsewhere.status === 'found' && [elsewhere.role.instanceProfile, elsewhere.role.deployed?.instanceProfiles], [false, ['third']]);
  });

  it('reads when and where the role was last used', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'used', AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
    }) }));
    const before = Date.now();
    await clients.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/used`, RoleSessionName: 'session' }));
    const read = await readRole(clients, 'used');
    const lastUsed = read.status === 'found' ? read.role.deployed?.roleLastUsed : undefined;
    assert.strictEqual(lastUsed?.region, 'ap-southeast-1');
    assert.ok(lastUsed?.date instanceof Date && lastUsed.date.getTime() >= before - 1000, String(lastUsed?.date));
  });

  it('says plainly that a role does not exist, and a deleted one too', async () => {
    assert.deepStrictEqual(await readRole(clients, 'Ghost'), { status: 'notFound', roleName: 'Ghost', message: 'Role Ghost does not exist in the account.' });
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'gone', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await clients.iam.send(new DeleteRoleCommand({ RoleName: 'gone' }));
    assert.deepStrictEqual(await readRole(clients, 'gone'), { status: 'notFound', roleName: 'gone', message: 'Role gone does not exist in the account.' });
  });

  it('reads the role again when a part of it goes while it is read, and finds it gone when it went', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    for (const name of ['a', 'b']) {
      await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: name, PolicyDocument: JSON.stringify(policy('s3:GetObject')) }));
    }
    const other = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    // Someone else deletes while the first round's answers are in and the documents are being read.
    let midway: (() => Promise<unknown>) | undefined;
    clients.iam.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'GetRolePolicyCommand') {
        const deleting = midway;
        midway = undefined;
        await deleting?.();
      }
      return next(args);
    }, { step: 'initialize', name: 'deleteMidway' });
    try {
      midway = () => other.iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'a' }));
      const read = await readRole(clients, 'r');
      assert.deepStrictEqual(read.status === 'found' && read.role.inlinePolicies.map((p) => p.name), ['b']);

      midway = async () => {
        await other.iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'b' }));
        await other.iam.send(new DeleteRoleCommand({ RoleName: 'r' }));
      };
      await clients.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'b', PolicyDocument: JSON.stringify(policy('s3:PutObject')) }));
      assert.deepStrictEqual(await readRole(clients, 'r'), { status: 'notFound', roleName: 'r', message: 'Role r does not exist in the account.' });
    } finally {
      other.destroy();
    }
  });

  it('rejects other failures with the SDK\'s error', async () => {
    sandbox.setFaults({ errorRate: 1 });
    await assert.rejects(readRole(clients, 'DevEC2'), { name: 'ServiceFailureException' });
  });

  it('reads every role of the account as readRole reads each, in a few paginated calls', async () => {
    await createDevEC2(clients);
    await clients.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'DevEC2', Path: '/app/' }));
    await clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'DevEC2', RoleName: 'DevEC2' }));
    // A second role sharing the customer managed policy, and enough others for several pages of both reads.
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'ProdEC2', AssumeRolePolicyDocument: JSON.stringify(trust), Description: 'production EC2', MaxSessionDuration: 3600 }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'ProdEC2', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared/ReadECR` }));
    const names = Array.from({ length: 230 }, (_, i) => `role-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 46) {
      await Promise.all(names.slice(i, i + 46).map((RoleName) => clients.iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }))));
    }
    const calls: string[] = [];
    clients.iam.middlewareStack.add((next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    }, { step: 'initialize', name: 'countCalls' });

    const roles = await readAccountRoles(clients);
    // 232 roles: three pages of each read (100 a page), and nothing else.
    assert.deepStrictEqual(calls.sort(), [...Array(3).fill('GetAccountAuthorizationDetailsCommand'), ...Array(3).fill('ListRolesCommand')]);
    assert.deepStrictEqual(roles.map((r) => r.roleName), ['DevEC2', 'ProdEC2', ...names]);
    for (const name of ['DevEC2', 'ProdEC2', 'role-000', 'role-229']) {
      const one = await readRole(clients, name);
      assert.strictEqual(one.status, 'found');
      assert.deepStrictEqual(roles.find((r) => r.roleName === name), one.role, name);
    }
    assert.deepStrictEqual(stable(roles[0]), {
      ...DEV_EC2, instanceProfile: true,
      deployed: { arn: `arn:aws:iam::${ACCOUNT}:role/app/DevEC2`, roleId: 'ROLE_ID', createDate: 'DATE', roleLastUsed: undefined, instanceProfiles: ['DevEC2'] },
    });
    assert.strictEqual(roles[1].customerManagedPolicies[0], roles[0].customerManagedPolicies[0]);
  });

  it('reads an empty account as no roles, and rejects a failing read with the SDK\'s error', async () => {
    assert.deepStrictEqual(await readAccountRoles(clients), []);
    sandbox.setFaults({ errorRate: 1, operations: ['GetAccountAuthorizationDetails'] });
    await assert.rejects(readAccountRoles(clients), { name: 'ServiceFailureException' });
  });

  it('reads a managed policy\'s default version, decoded, AWS or customer managed', async () => {
    const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: JSON.stringify(policy('s3:GetObject')) }));
    await clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: JSON.stringify(policy('s3:PutObject')), SetAsDefault: true }));
    await clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: JSON.stringify(policy('s3:DeleteObject')) }));
    assert.deepStrictEqual(await readManagedPolicy(clients, Policy!.Arn!), {
      name: 'p', path: '/', description: undefined, document: policy('s3:PutObject'), arn: `arn:aws:iam::${ACCOUNT}:policy/p`, defaultVersionId: 'v2',
    });
    const ecs = await readManagedPolicy(clients, 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
    assert.deepStrictEqual([ecs.name, ecs.path, ecs.defaultVersionId], ['AmazonECSTaskExecutionRolePolicy', '/service-role/', 'v1']);
    assert.deepStrictEqual((ecs.document.Statement as { Action: string[] }[])[0].Action[0], 'ecr:GetAuthorizationToken');
    await assert.rejects(readManagedPolicy(clients, `arn:aws:iam::${ACCOUNT}:policy/none`),
      { name: 'NoSuchEntityException', message: `Policy arn:aws:iam::${ACCOUNT}:policy/none was not found.` });
  });
});

describe('isAwsManagedPolicyArn', () => {
  it('knows the aws account of every partition, and nothing else', () => {
    assert.deepStrictEqual(
      [SSM_CORE, 'arn:aws-cn:iam::aws:policy/service-role/X', 'arn:aws-us-gov:iam::aws:policy/X', `arn:aws:iam::${ACCOUNT}:policy/aws`, 'arn:aws:iam::aws:role/X']
        .map(isAwsManagedPolicyArn),
      [true, true, true, false, false],
    );
  });
});

describe('ClientCache', () => {
  const a = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };

  it('keeps the clients of one connection, and destroys them when the connection changes', () => {
    const cache = new ClientCache({ maxAttempts: 1 });
    const first = cache.get(a);
    assert.strictEqual(cache.get({ ...a }), first);
    let destroyed = 0;
    const destroy = first.destroy;
    (first as { destroy(): void }).destroy = () => { destroyed++; destroy(); };
    const second = cache.get({ ...a, region: 'eu-west-1' });
    assert.notStrictEqual(second, first);
    assert.strictEqual(destroyed, 1);
    assert.notStrictEqual(cache.get({ ...a, region: 'eu-west-1', profile: 'other' }), second);
    assert.notStrictEqual(cache.get({ region: 'eu-west-1', profile: 'other' }), second);
    cache.dispose();
  });

  it('builds new clients after clear and dispose', () => {
    const cache = new ClientCache();
    const first = cache.get(a);
    cache.clear();
    const second = cache.get(a);
    assert.notStrictEqual(second, first);
    cache.dispose();
    assert.notStrictEqual(cache.get(a), second);
    cache.dispose();
  });

  it('gives clients that work, as long as the connection stays', async () => {
    const sandbox = await startSandbox();
    const cache = new ClientCache({ maxAttempts: 1 });
    try {
      const connection = { region: 'us-east-1', endpoint: sandbox.endpoint };
      await cache.get(connection).iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(trust) }));
      assert.strictEqual((await readRole(cache.get({ ...connection }), 'r')).status, 'found');
    } finally {
      cache.dispose();
      await sandbox.close();
    }
  });
});
