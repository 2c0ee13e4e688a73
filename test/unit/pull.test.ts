import * as assert from 'assert';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, paginateListPolicies } from '@aws-sdk/client-iam';
import * as path from 'path';
import { Clients } from '../../src/aws/clients';
import { readManagedPolicy, readRole } from '../../src/aws/roles';
import { documentSize, LIMITS } from '../../src/aws/sandbox/validation';
import { diffRoles, formatDiff } from '../../src/iam/diff';
import { loadManifest } from '../../src/iam/manifest';
import { formatJson, pullRole } from '../../src/iam/pull';
import { RoleManifest } from '../../src/iam/roleModel';
import { TEMPLATES, withDefaults } from '../../src/iam/templates';
import { RenderedFile } from '../../src/iam/templates/types';
import { deployRole } from './deployRole';
import { sandboxEachTest } from './sandboxFixture';

const ACCOUNT = '123456789012';
const WORKSPACE = path.resolve('/workspace');
const ec2Trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const policy = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/** A role as the reader gives it, with something in every part. */
function deployedRole(overrides: Partial<RoleManifest> = {}): RoleManifest {
  return {
    roleName: 'DevEC2', path: '/app/', description: 'development EC2', maxSessionDuration: 7200, trustPolicy: ec2Trust,
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    customerManagedPolicies: [
      { name: 'ReadECR', path: '/shared/', description: 'pull images', document: policy('ecr:BatchGetImage'), arn: `arn:aws:iam::${ACCOUNT}:policy/shared/ReadECR`, defaultVersionId: 'v2' },
      { name: 'RWDS3Objects', path: '/', document: policy('s3:GetObject'), arn: `arn:aws:iam::${ACCOUNT}:policy/RWDS3Objects`, defaultVersionId: 'v1' },
    ],
    inlinePolicies: [{ name: 'ssm-exec', document: policy('ssmmessages:OpenDataChannel') }],
    permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
    tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: '' }],
    instanceProfile: true,
    sources: new Map(),
    deployed: { arn: `arn:aws:iam::${ACCOUNT}:role/app/DevEC2`, roleId: 'AROAEXAMPLE0000000001', instanceProfiles: ['DevEC2'] },
    ...overrides,
  };
}

/** Loads the first of `files` (a manifest) as the editor would, its references read from the others. */
function load(files: readonly RenderedFile[]): RoleManifest {
  const byPath = new Map(files.map((f) => [path.join(WORKSPACE, ...f.path.split('/')), f.text]));
  const main = path.join(WORKSPACE, ...files[0].path.split('/'));
  const { manifest, findings } = loadManifest(files[0].text, main, (file) => byPath.get(file));
  assert.deepStrictEqual(findings.filter((f) => f.severity === 'error'), [], files[0].path);
  assert.ok(manifest, files[0].path);
  return manifest;
}

/** The role as IAM knows it, as plain JSON (the loader's objects have no prototype): no file names, source ranges or account facts. */
function essence(role: RoleManifest): unknown {
  return JSON.parse(JSON.stringify({
    roleName: role.roleName, path: role.path, description: role.description, maxSessionDuration: role.maxSessionDuration,
    trustPolicy: role.trustPolicy, managedPolicyArns: role.managedPolicyArns,
    customerManagedPolicies: role.customerManagedPolicies.map((p) => ({ name: p.name, path: p.path, description: p.description, document: p.document })),
    inlinePolicies: role.inlinePolicies.map((p) => ({ name: p.name, document: p.document })),
    permissionsBoundary: role.permissionsBoundary, tags: role.tags, instanceProfile: role.instanceProfile,
  }));
}

describe('pull (src/iam/pull)', () => {
  it('writes the manifest, its trust and inline policies in the role\'s folder, customer managed policies in iam/policies', () => {
    const files = pullRole(deployedRole());
    assert.deepStrictEqual(files.map((f) => f.path), [
      'iam/roles/DevEC2/DevEC2.role.json',
      'iam/roles/DevEC2/ec2.trust.json',
      'iam/roles/DevEC2/ssm-exec.policy.json',
      'iam/policies/ReadECR.policy.json',
      'iam/policies/RWDS3Objects.policy.json',
    ]);
    assert.strictEqual(files[0].text, `{
  "RoleName": "DevEC2",
  "Description": "development EC2",
  "Path": "/app/",
  "MaxSessionDuration": 7200,
  "AssumeRolePolicyDocument": "./ec2.trust.json",
  "ManagedPolicyArns": [
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  ],
  "CustomerManagedPolicies": [
    {
      "PolicyName": "ReadECR",
      "Path": "/shared/",
      "Description": "pull images",
      "PolicyDocument": "../../policies/ReadECR.policy.json"
    },
    {
      "PolicyName": "RWDS3Objects",
      "PolicyDocument": "../../policies/RWDS3Objects.policy.json"
    }
  ],
  "Policies": [
    {
      "PolicyName": "ssm-exec",
      "PolicyDocument": "./ssm-exec.policy.json"
    }
  ],
  "PermissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess",
  "Tags": [
    {
      "Key": "env",
      "Value": "dev"
    },
    {
      "Key": "team",
      "Value": ""
    }
  ],
  "InstanceProfile": true
}
`);
    assert.strictEqual(files[3].text, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ecr:BatchGetImage",
      "Resource": "*"
    }
  ]
}
`);
  });

  it('leaves out what is empty or IAM\'s default, as the templates do', () => {
    const files = pullRole(deployedRole({
      path: '/', description: undefined, maxSessionDuration: 3600, managedPolicyArns: [], customerManagedPolicies: [], inlinePolicies: [],
      permissionsBoundary: undefined, tags: [], instanceProfile: false,
    }));
    assert.deepStrictEqual(files.map((f) => f.path), ['iam/roles/DevEC2/DevEC2.role.json', 'iam/roles/DevEC2/ec2.trust.json']);
    assert.strictEqual(files[0].text, '{\n  "RoleName": "DevEC2",\n  "AssumeRolePolicyDocument": "./ec2.trust.json"\n}\n');
  });

  it('names the trust file after the one service or GitHub it trusts, else after the role', () => {
    const trustFile = (Principal: unknown, more: unknown[] = []) =>
      pullRole(deployedRole({ trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' }, ...more] } }))[1].path;
    assert.strictEqual(trustFile({ Service: ['ecs-tasks.amazonaws.com'] }), 'iam/roles/DevEC2/ecs-tasks.trust.json');
    assert.strictEqual(trustFile({ Service: 'ec2.amazonaws.com' }, [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:TagSession' }]),
      'iam/roles/DevEC2/ec2.trust.json');
    assert.strictEqual(trustFile({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }), 'iam/roles/DevEC2/github-actions.trust.json');
    assert.strictEqual(trustFile({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }), 'iam/roles/DevEC2/DevEC2.trust.json');
    assert.strictEqual(trustFile({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), 'iam/roles/DevEC2/DevEC2.trust.json');
    assert.strictEqual(trustFile('*'), 'iam/roles/DevEC2/DevEC2.trust.json');
    assert.strictEqual(trustFile({ Service: 'ec2.amazonaws.com' }, [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }]), 'iam/roles/DevEC2/DevEC2.trust.json');
  });

  it('gives inline policies whose names differ only in case files of their own', () => {
    const files = pullRole(deployedRole({ inlinePolicies: [{ name: 'ReadLogs', document: policy('logs:GetLogEvents') }, { name: 'readlogs', document: policy('logs:FilterLogEvents') }] }));
    assert.deepStrictEqual(files.slice(2, 4).map((f) => f.path), ['iam/roles/DevEC2/ReadLogs.policy.json', 'iam/roles/DevEC2/readlogs-2.policy.json']);
    assert.deepStrictEqual(load(files).inlinePolicies.map((p) => [p.name, (p.document.Statement as { Action: string }[])[0].Action]),
      [['ReadLogs', 'logs:GetLogEvents'], ['readlogs', 'logs:FilterLogEvents']]);
  });

  it('round-trips: the pulled files load back into the same role', () => {
    const role = deployedRole();
    assert.deepStrictEqual(essence(load(pullRole(role))), essence(role));
    const bare = deployedRole({ path: '/', description: undefined, maxSessionDuration: 3600, customerManagedPolicies: [], tags: [], instanceProfile: false });
    assert.deepStrictEqual(essence(load(pullRole(bare))), essence(bare));
  });

  it('round-trips every template role: its files loaded, pulled and loaded again give the same role', () => {
    const roles = TEMPLATES.filter((t) => t.kind === 'role');
    assert.ok(roles.length >= 7, `${roles.length} role templates`);
    for (const template of roles) {
      const loaded = load(template.render(withDefaults(template, new Map())));
      const pulled = pullRole(loaded);
      assert.strictEqual(pulled[0].path, template.render(withDefaults(template, new Map()))[0].path, template.id);
      assert.deepStrictEqual(essence(load(pulled)), essence(loaded), template.id);
    }
  });
});

describe('pull from the sandbox, then diff (src/aws/roles, src/iam/pull, src/iam/diff)', () => {
  let clients: Clients;

  sandboxEachTest((_sandbox, c) => {
    clients = c;
  });

  /** Reads the role, pulls it, loads the pulled files and diffs them against what was read: the text of the diff. */
  async function pullThenDiff(roleName: string): Promise<string> {
    const read = await readRole(clients, roleName);
    assert.strictEqual(read.status, 'found', roleName);
    return formatDiff(diffRoles(read.role, load(pullRole(read.role))));
  }

  it('pulls every template role, deployed through the SDK, into files that diff clean', async () => {
    const roles = TEMPLATES.filter((t) => t.kind === 'role');
    for (const template of roles) await deployRole(clients, ACCOUNT, load(template.render(withDefaults(template, new Map()))));
    for (const template of roles) {
      const name = load(template.render(withDefaults(template, new Map()))).roleName;
      assert.strictEqual(await pullThenDiff(name), `${name}: No differences\n`, template.id);
    }
  });

  it('pulls roles attaching every AWS managed policy the sandbox holds, and holding copies of their documents, into files that diff clean', async () => {
    const arns: string[] = [];
    for await (const page of paginateListPolicies({ client: clients.iam }, { Scope: 'AWS' })) arns.push(...(page.Policies ?? []).map((p) => p.Arn!));
    assert.ok(arns.length >= 26, `${arns.length} AWS managed policies`);
    const documents = await Promise.all(arns.map((arn) => readManagedPolicy(clients, arn)));
    // Customer managed copies of the documents that fit a customer managed policy's size quota.
    const copies = documents.filter((p) => documentSize(JSON.stringify(p.document)) <= LIMITS.managedPolicySize);
    assert.ok(copies.length >= 20, `${copies.length} documents small enough to copy`);
    const roleNames: string[] = [];
    // Ten attachments a role: five AWS managed policies and five copies.
    for (let i = 0; i * 5 < Math.max(arns.length, copies.length); i++) {
      const roleName = `managed-${i}`;
      roleNames.push(roleName);
      await clients.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(ec2Trust) }));
      for (const arn of arns.slice(i * 5, i * 5 + 5)) await clients.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
      for (const p of copies.slice(i * 5, i * 5 + 5)) {
        const { Policy } = await clients.iam.send(new CreatePolicyCommand({ PolicyName: `copy-of-${p.name}`, PolicyDocument: JSON.stringify(p.document) }));
        await clients.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: Policy!.Arn }));
      }
    }
    for (const roleName of roleNames) assert.strictEqual(await pullThenDiff(roleName), `${roleName}: No differences\n`);
  });
});

describe('formatJson', () => {
  it('indents by two spaces, one value a line, with a final newline', () => {
    assert.strictEqual(formatJson({ a: [1, { b: 'c' }], d: {} }), '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ],\n  "d": {}\n}\n');
  });
});
