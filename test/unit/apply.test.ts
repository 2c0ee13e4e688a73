import * as assert from 'assert';
import * as path from 'path';
import { CreatePolicyVersionCommand, DeletePolicyCommand, GetPolicyCommand, ListPolicyVersionsCommand } from '@aws-sdk/client-iam';
import { applyPlan } from '../../src/aws/apply/execute';
import { readAccountFacts } from '../../src/aws/apply/facts';
import { planApply } from '../../src/aws/apply/plan';
import { Plan } from '../../src/aws/apply/steps';
import { Clients, createClients } from '../../src/aws/clients';
import { readRole } from '../../src/aws/roles';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { diffRoles, formatDiff } from '../../src/iam/diff';
import { loadManifest } from '../../src/iam/manifest';
import { PolicyDocument, RoleManifest } from '../../src/iam/roleModel';
import { TEMPLATES, withDefaults } from '../../src/iam/templates';

const ACCOUNT = '123456789012';
const allow = (action: string | string[], resource: string | string[] = '*'): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const trustOf = (service: string): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** DevEC2 as the workshop builds it: read ECR and RWD S3 owned, an AWS managed policy, inline, tags, instance profile. */
function devEc2(overrides: Partial<RoleManifest> = {}): RoleManifest {
  return {
    roleName: 'DevEC2', path: '/', description: 'EC2 in development', maxSessionDuration: 3600,
    trustPolicy: trustOf('ec2.amazonaws.com'),
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    customerManagedPolicies: [
      { name: 'ReadECRRepositoryContent', path: '/', description: 'Pull images', document: allow(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']) },
      { name: 'RWDS3Objects', path: '/', document: allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], 'arn:aws:s3:::assets/*') },
    ],
    inlinePolicies: [{ name: 'logs', document: allow('logs:PutLogEvents') }],
    tags: [{ key: 'env', value: 'dev' }],
    instanceProfile: true,
    sources: new Map(),
    ...overrides,
  };
}

/** The operations of a plan, as `op target` lines: what a reader checks. */
const ops = (plan: Plan) => plan.steps.map((s) => {
  const o = s.operation as unknown as Record<string, unknown>;
  return `${s.kind} ${o.op} ${String(o.versionId ?? o.policyName ?? o.policyArn ?? o.instanceProfileName ?? (o.keys as string[] | undefined)?.join(',') ?? o.roleName ?? o.url)}`;
});

describe('apply: plan and execute against the sandbox through the real SDK', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  const plan = async (local: RoleManifest, replaces?: string) => planApply(local, await readAccountFacts(clients, local, { replaces }));
  const apply = async (local: RoleManifest) => {
    const p = await plan(local);
    const result = await applyPlan(clients, p);
    assert.ok(result.ok, JSON.stringify(result.steps.filter((s) => s.outcome.status !== 'done')));
    return p;
  };

  beforeEach(async () => {
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
  });
  afterEach(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('creates a role with everything it owns, adds before it removes, and then has nothing left to do', async () => {
    const first = await apply(devEc2());
    assert.deepStrictEqual(ops(first), [
      'add createPolicy ReadECRRepositoryContent',
      'add createPolicy RWDS3Objects',
      'add createRole DevEC2',
      'add putRolePolicy logs',
      'add attachRolePolicy arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      `add attachRolePolicy arn:aws:iam::${ACCOUNT}:policy/ReadECRRepositoryContent`,
      `add attachRolePolicy arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects`,
      'add createInstanceProfile DevEC2',
      'add addRoleToInstanceProfile DevEC2',
    ]);
    assert.deepStrictEqual((await plan(devEc2())).steps, []);
    const read = await readRole(clients, 'DevEC2');
    assert.strictEqual(read.status, 'found');
  });

  it('applies each change as exactly its steps, and converges', async () => {
    await apply(devEc2());
    const changed = devEc2({
      description: 'EC2 in development, changed',
      trustPolicy: trustOf('ecs-tasks.amazonaws.com'),
      managedPolicyArns: [],
      // A statement added to a managed policy's document.
      customerManagedPolicies: [{
        name: 'ReadECRRepositoryContent', path: '/', description: 'Pull images',
        document: { Version: '2012-10-17', Statement: [...(allow(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']).Statement as unknown[]), { Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: '*' }] },
      }],
      inlinePolicies: [{ name: 'metrics', document: allow('cloudwatch:PutMetricData') }],
      tags: [{ key: 'env', value: 'test' }, { key: 'team', value: 'platform' }],
      permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    });
    const p = await apply(changed);
    assert.deepStrictEqual(ops(p), [
      `change createPolicyVersion arn:aws:iam::${ACCOUNT}:policy/ReadECRRepositoryContent`,
      'change updateRole DevEC2',
      'change updateAssumeRolePolicy DevEC2',
      'add putRolePermissionsBoundary DevEC2',
      'change tagRole DevEC2',
      'add putRolePolicy metrics',
      'remove detachRolePolicy arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      `remove detachRolePolicy arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects`,
      'remove deleteRolePolicy logs',
    ]);
    // The diff's classes: more actions in a policy, a wider trust (another service), new grants widen; removals do not.
    assert.deepStrictEqual(p.steps.filter((s) => s.widens).map((s) => s.operation.op), ['createPolicyVersion', 'updateAssumeRolePolicy', 'putRolePolicy']);
    assert.deepStrictEqual((await plan(changed)).steps, []);
    const read = await readRole(clients, 'DevEC2');
    assert.ok(read.status === 'found');
    assert.strictEqual(formatDiff(diffRoles(read.role, changed)), 'DevEC2: No differences\n');
    // A policy dropped from the manifest is detached, never deleted.
    await clients.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects` }));
    const untagged = await apply({ ...changed, tags: [{ key: 'team', value: 'platform' }], permissionsBoundary: undefined });
    assert.deepStrictEqual(ops(untagged), ['remove untagRole env', 'remove deleteRolePermissionsBoundary DevEC2']);
  });

  it('deletes the oldest non-default version before a sixth, never the default one', async () => {
    await apply(devEc2());
    const arn = `arn:aws:iam::${ACCOUNT}:policy/ReadECRRepositoryContent`;
    // Four more versions that are not made default: v1 stays the default, v2 is the oldest non-default one.
    for (const action of ['ecr:A1', 'ecr:A2', 'ecr:A3', 'ecr:A4']) {
      await clients.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(allow(action)), SetAsDefault: false }));
    }
    const local = devEc2({ customerManagedPolicies: [{ ...devEc2().customerManagedPolicies[0], document: allow('ecr:BatchGetImage') }, devEc2().customerManagedPolicies[1]] });
    const p = await apply(local);
    assert.deepStrictEqual(ops(p), [`remove deletePolicyVersion v2`, `change createPolicyVersion ${arn}`]);
    const versions = (await clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    assert.deepStrictEqual(versions.map((v) => [v.VersionId, v.IsDefaultVersion]).sort(), [['v1', false], ['v3', false], ['v4', false], ['v5', false], ['v6', true]]);
    await assert.rejects(clients.iam.send(new DeletePolicyCommand({ PolicyArn: arn })), /DeleteConflict|attached/);
  });

  it('replaces a renamed role: the new one first, then the old one is deleted', async () => {
    await apply(devEc2({ instanceProfile: false }));
    const renamed = devEc2({ roleName: 'DevEC2Renamed', instanceProfile: false });
    const p = await plan(renamed, 'DevEC2');
    assert.deepStrictEqual(ops(p), [
      'add createRole DevEC2Renamed',
      'add putRolePolicy logs',
      'add attachRolePolicy arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      `add attachRolePolicy arn:aws:iam::${ACCOUNT}:policy/ReadECRRepositoryContent`,
      `add attachRolePolicy arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects`,
      'remove detachRolePolicy arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      `remove detachRolePolicy arn:aws:iam::${ACCOUNT}:policy/ReadECRRepositoryContent`,
      `remove detachRolePolicy arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects`,
      'remove deleteRolePolicy logs',
      'remove deleteRole DevEC2',
    ]);
    assert.match(p.warnings[0], /^DevEC2Renamed replaces DevEC2 \(IAM cannot rename a role\)/);
    assert.ok((await applyPlan(clients, p)).ok);
    assert.strictEqual((await readRole(clients, 'DevEC2')).status, 'notFound');
    assert.deepStrictEqual((await plan(renamed, 'DevEC2')).steps, []);
  });

  it('replaces a role whose path changed, instance profile included, and converges', async () => {
    await apply(devEc2());
    const moved = devEc2({ path: '/app/' });
    const p = await plan(moved);
    assert.match(p.warnings[0], /^IAM cannot change a role's path: DevEC2 is deleted and created again with the path \/app\/\./);
    assert.deepStrictEqual(ops(p).filter((o) => / (deleteRole|deleteInstanceProfile|createRole|createInstanceProfile|addRoleToInstanceProfile) /.test(o)), [
      'remove deleteRole DevEC2', 'remove deleteInstanceProfile DevEC2', 'add createRole DevEC2', 'add createInstanceProfile DevEC2', 'add addRoleToInstanceProfile DevEC2',
    ]);
    assert.ok((await applyPlan(clients, p)).ok);
    const read = await readRole(clients, 'DevEC2');
    assert.ok(read.status === 'found');
    assert.strictEqual(read.role.deployed?.arn, `arn:aws:iam::${ACCOUNT}:role/app/DevEC2`);
    assert.deepStrictEqual((await plan(moved)).steps, []);
  });

  it('refuses what IAM would refuse before sending anything', async () => {
    const many = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`);
    const big = allow(Array.from({ length: 700 }, (_, i) => `s3:Action${i}`));
    const p = await plan(devEc2({ managedPolicyArns: many, inlinePolicies: [{ name: 'big', document: big }] }));
    assert.deepStrictEqual(p.refusals.map((r) => r.message.replace(/\d{4,}/g, 'N')), [
      'The inline policies have N characters together, over IAM\'s N per role (whitespace not counted): move some into managed policies.',
      'DevEC2 would have 13 managed policies attached; this account allows 10 per role: attach fewer, or raise the quota in Service Quotas.',
    ]);
    await assert.rejects(applyPlan(clients, p), /^Error: The plan for DevEC2 cannot be applied: The inline policies have/);
    assert.strictEqual((await readRole(clients, 'DevEC2')).status, 'notFound');
  });

  it('applies every role template into one account, sharing its policies, and each then has nothing left to do', async () => {
    const files = new Map<string, string>();
    const manifests: string[] = [];
    for (const template of TEMPLATES.filter((t) => t.kind === 'role')) {
      const rendered = template.render(withDefaults(template, new Map()));
      for (const f of rendered) files.set(path.join('/workspace', f.path), f.text);
      manifests.push(path.join('/workspace', rendered[0].path));
    }
    const roles = manifests.map((file) => {
      const { manifest, findings } = loadManifest(files.get(file)!, file, (f) => files.get(f));
      assert.deepStrictEqual(findings.filter((f) => f.severity === 'error'), [], file);
      return manifest!;
    });
    const firstOps = new Map<string, string[]>();
    for (const role of roles) firstOps.set(role.roleName, (await apply(role)).steps.map((s) => s.operation.op));
    for (const role of roles) {
      assert.deepStrictEqual((await plan(role)).steps.map((s) => s.title), [], role.roleName);
      const read = await readRole(clients, role.roleName);
      assert.ok(read.status === 'found');
      assert.strictEqual(formatDiff(diffRoles(read.role, role)), `${role.roleName}: No differences\n`);
    }
    const github = roles.find((r) => JSON.stringify(r.trustPolicy).includes('token.actions.githubusercontent.com'));
    assert.ok(github, 'a GitHub Actions role template');
    // The first role to trust GitHub's OIDC provider creates it.
    assert.strictEqual(firstOps.get(github.roleName)?.[0], 'createOpenIdConnectProvider');
    for (const [name, list] of firstOps) assert.ok(list.includes('createRole'), name);
  });

  it('retries a trust policy naming a role IAM does not see yet, until it does', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ propagationDelayMs: 1500 });
    clients.destroy();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    await apply(devEc2({ roleName: 'Deployer', customerManagedPolicies: [], managedPolicyArns: [], inlinePolicies: [], instanceProfile: false }));
    const trusting = devEc2({
      roleName: 'Target', customerManagedPolicies: [], managedPolicyArns: [], inlinePolicies: [], instanceProfile: false,
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Deployer` }, Action: 'sts:AssumeRole' }] },
    });
    const started = Date.now();
    const result = await applyPlan(clients, await plan(trusting), { principalRetryMs: 10_000 });
    assert.ok(result.ok, JSON.stringify(result.steps.map((s) => s.outcome)));
    assert.ok(Date.now() - started >= 1000, 'the first attempts were refused while Deployer was not visible');
    // Past the retry time, the failure is reported as IAM gave it.
    const late = devEc2({ ...trusting, roleName: 'Target2' });
    await apply(devEc2({ roleName: 'Deployer2', customerManagedPolicies: [], managedPolicyArns: [], inlinePolicies: [], instanceProfile: false }));
    const failed = await applyPlan(clients, await plan({ ...late, trustPolicy: JSON.parse(JSON.stringify(trusting.trustPolicy).replace('Deployer', 'Deployer2')) }), { principalRetryMs: 200 });
    assert.deepStrictEqual(failed.steps.map((s) => s.outcome), [{ status: 'failed', code: 'MalformedPolicyDocument', message: `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/Deployer2"` }]);
  });

  describe('a failure at each step in turn stops cleanly, and a second apply converges with nothing lost', () => {
    const faults = [
      ['throttling past the retries', { throttleRate: 1 }],
      ['a server error', { errorRate: 1 }],
      ['a dropped connection', { dropRate: 1 }],
    ] as const;
    for (const [what, fault] of faults) {
      it(what, async function () {
        this.timeout(120_000);
        const local = devEc2();
        const steps = (await plan(local)).steps.length;
        assert.ok(steps >= 8, `${steps} steps`);
        for (let k = 0; k < steps; k++) {
          await sandbox.close();
          sandbox = await startSandbox();
          clients.destroy();
          clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 2 });
          const first = await plan(local);
          const result = await applyPlan(clients, first, { onStep: (i) => { if (i === k) sandbox.setFaults(fault); } });
          sandbox.setFaults({});
          assert.deepStrictEqual(result.steps.map((s) => s.outcome.status),
            first.steps.map((_, i) => (i < k ? 'done' : i === k ? 'failed' : 'notRun')), `fault at step ${k + 1}`);
          const second = await plan(local);
          assert.deepStrictEqual(second.steps.map((s) => s.title), first.steps.slice(k).map((s) => s.title), `remaining steps after a fault at step ${k + 1}`);
          assert.ok((await applyPlan(clients, second)).ok);
          assert.deepStrictEqual((await plan(local)).steps, [], `converged after a fault at step ${k + 1}`);
          for (const p of local.customerManagedPolicies) {
            const versions = (await clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/${p.name}` }))).Versions ?? [];
            assert.strictEqual(versions.length, 1, `${p.name} has one version`);
          }
        }
      });
    }
  });
});
