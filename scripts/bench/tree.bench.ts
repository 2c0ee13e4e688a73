// Figures for the roles tree and the diff on an account of 1,000 roles in the local sandbox account,
// each with a trust policy, an inline policy, a shared customer managed policy, an AWS managed policy
// and a tag, and a local manifest for each (loaded from memory, as the workspace would give them):
// the tree's first level (listRoles), the status of every role (readAccountRoles, then diffRoles
// against its manifest), and the diff of one role (readRole, diffRoles, renderRole for the diff
// editor). Prints; asserts nothing.
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import * as path from 'path';
import { listRoles } from '../../src/aws/account';
import { createClients } from '../../src/aws/clients';
import { readAccountRoles, readRole } from '../../src/aws/roles';
import { startSandbox } from '../../src/aws/sandbox/server';
import { diffRoles, hasDifferences } from '../../src/iam/diff';
import { loadManifest } from '../../src/iam/manifest';
import { renderRole } from '../../src/iam/normalize';
import { pullRole } from '../../src/iam/pull';
import { RoleManifest } from '../../src/iam/roleModel';

const ROLES = 1000;
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const shared = ['ReadECR', 'WriteECR', 'RWDS3'].map((name, i) => ({
  name, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [`ecr:Action${i}`, 's3:GetObject'], Resource: '*' }] },
}));
const inline = (i: number) => ({ Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:*:*:log-group:app-${i}:*` }] });
const name = (i: number) => `role-${String(i).padStart(4, '0')}`;

function ms(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs `work` `runs` times and prints the median, min and max. */
async function time(label: string, runs: number, work: () => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(ms(started));
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: median ${samples[Math.floor(runs / 2)].toFixed(1)} ms of ${runs} (min ${samples[0].toFixed(1)}, max ${samples[runs - 1].toFixed(1)})`);
}

/** The manifest of role `i` as a workspace holds it: pulled files, loaded back from memory. */
function localManifest(i: number): RoleManifest {
  const role: RoleManifest = {
    roleName: name(i), path: '/', maxSessionDuration: 3600, trustPolicy: trust, managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    customerManagedPolicies: [{ ...shared[i % 3], path: '/' }], inlinePolicies: [{ name: 'logs', document: inline(i) }],
    tags: [{ key: 'env', value: 'dev' }], instanceProfile: false, sources: new Map(),
  };
  const root = path.resolve('/workspace');
  const files = new Map(pullRole(role).map((f) => [path.join(root, ...f.path.split('/')), f.text]));
  const [main, text] = [...files][0];
  const { manifest } = loadManifest(text, main, (file) => files.get(file));
  if (!manifest) throw new Error(`the manifest of ${name(i)} does not load`);
  return manifest;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint });
  try {
    const creating = process.hrtime.bigint();
    const arns = await Promise.all(shared.map(async (p) =>
      (await clients.iam.send(new CreatePolicyCommand({ PolicyName: p.name, PolicyDocument: JSON.stringify(p.document) }))).Policy!.Arn!));
    for (let i = 0; i < ROLES; i += 50) {
      await Promise.all(Array.from({ length: 50 }, async (_, j) => {
        const n = i + j;
        const RoleName = name(n);
        await clients.iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust), Tags: [{ Key: 'env', Value: 'dev' }] }));
        await clients.iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'logs', PolicyDocument: JSON.stringify(inline(n)) }));
        await clients.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: arns[n % 3] }));
        await clients.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }));
      }));
    }
    console.log(`create 1,000 roles with an inline policy, two attachments and a tag (50 at a time): ${ms(creating).toFixed(0)} ms`);

    const loading = process.hrtime.bigint();
    const manifests = new Map(Array.from({ length: ROLES }, (_, i) => [name(i), localManifest(i)]));
    console.log(`load 1,000 local manifests (pulled files, from memory): ${ms(loading).toFixed(0)} ms`);

    await time('tree, first level: listRoles of 1,000 roles (10 pages)', 7, async () => {
      const roles = await listRoles(clients);
      if (roles.length !== ROLES) throw new Error(`listed ${roles.length} roles`);
    });
    let inStep = 0;
    // The pages of each read come one after another (each page's marker names the next); the two reads run side by side.
    await time('tree, status of all: readAccountRoles of 1,000 roles (10 + 10 pages) and diffRoles against each manifest', 5, async () => {
      const roles = await readAccountRoles(clients);
      inStep = roles.filter((r) => !hasDifferences(diffRoles(r, manifests.get(r.roleName)!))).length;
    });
    if (inStep !== ROLES) throw new Error(`${inStep} of ${ROLES} roles in step with their manifests`);
    const deployed = await readAccountRoles(clients);
    await time('  of which diffRoles of the 1,000 roles against their manifests', 5, async () => {
      for (const r of deployed) diffRoles(r, manifests.get(r.roleName)!);
    });
    const one = manifests.get(name(500))!;
    await time('diff of one role: readRole (7 calls in three rounds), diffRoles and renderRole of both sides', 15, async () => {
      const read = await readRole(clients, one.roleName);
      if (read.status !== 'found') throw new Error(`${one.roleName} not found`);
      diffRoles(read.role, one);
      renderRole(read.role, one);
      renderRole(one, read.role);
    });
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

void main();
