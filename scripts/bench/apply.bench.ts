// Figures for apply: planning and applying the DevEC2 workshop role (rendered by its template) in a
// fresh local sandbox account, and planning it again once applied (the "nothing to do" check).
// Prints; asserts nothing.
import * as path from 'path';
import { applyPlan } from '../../src/aws/apply/execute';
import { readAccountFacts } from '../../src/aws/apply/facts';
import { planApply } from '../../src/aws/apply/plan';
import { createClients } from '../../src/aws/clients';
import { startSandbox } from '../../src/aws/sandbox/server';
import { loadManifest } from '../../src/iam/manifest';
import { findTemplate, withDefaults } from '../../src/iam/templates';

const RUNS = 7;

function median(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms of ${sorted.length} (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`;
}

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

async function main(): Promise<void> {
  const template = findTemplate('dev-ec2-role')!;
  const files = new Map(template.render(withDefaults(template, new Map())).map((f) => [path.join('/workspace', f.path), f.text]));
  const [file] = files.keys();
  const local = loadManifest(files.get(file)!, file, (f) => files.get(f)).manifest!;
  const plans: number[] = [];
  const applies: number[] = [];
  const replans: number[] = [];
  let steps = 0;
  for (let run = 0; run < RUNS; run++) {
    const sandbox = await startSandbox();
    const clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint });
    try {
      let started = process.hrtime.bigint();
      const plan = planApply(local, await readAccountFacts(clients, local));
      plans.push(ms(started));
      steps = plan.steps.length;
      started = process.hrtime.bigint();
      const result = await applyPlan(clients, plan);
      applies.push(ms(started));
      if (!result.ok) throw new Error('the apply failed');
      started = process.hrtime.bigint();
      const again = planApply(local, await readAccountFacts(clients, local));
      replans.push(ms(started));
      if (again.steps.length !== 0) throw new Error('the apply did not converge');
    } finally {
      clients.destroy();
      await sandbox.close();
    }
  }
  console.log(`plan DevEC2 against an empty sandbox account (${steps} steps): ${median(plans)}`);
  console.log(`apply those ${steps} steps: ${median(applies)}`);
  console.log(`plan DevEC2 again once applied (nothing to do): ${median(replans)}`);
}

void main();
