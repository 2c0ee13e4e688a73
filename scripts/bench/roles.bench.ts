// Figures for reading an account: 1,000 roles created in the local sandbox account, then listed through
// the AWS SDK's paginator (IAM's default pages of 100), timed over several runs. Prints; asserts nothing.
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { listRoles } from '../../src/aws/account';
import { createClients } from '../../src/aws/clients';
import { startSandbox } from '../../src/aws/sandbox/server';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint });
  try {
    const creating = process.hrtime.bigint();
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => clients.iam.send(new CreateRoleCommand({ RoleName: `role-${String(i + j).padStart(4, '0')}`, AssumeRolePolicyDocument: trust }))));
    }
    console.log(`create 1,000 roles (50 at a time): ${(Number(process.hrtime.bigint() - creating) / 1e6).toFixed(0)} ms`);
    const samples: number[] = [];
    for (let run = 0; run < 7; run++) {
      const started = process.hrtime.bigint();
      const roles = await listRoles(clients);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (roles.length !== 1000) throw new Error(`listed ${roles.length} roles`);
    }
    samples.sort((a, b) => a - b);
    console.log(`list 1,000 roles from the sandbox through the SDK (10 pages): median ${samples[3].toFixed(1)} ms of 7 (min ${samples[0].toFixed(1)}, max ${samples[6].toFixed(1)})`);
  } finally {
    clients.destroy();
    await sandbox.close();
  }
}

void main();
