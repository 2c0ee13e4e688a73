import * as readline from 'readline';
import { applyPlan } from '../aws/apply/execute';
import { formatApplyResult, formatPlan } from '../aws/apply/format';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, parseCommandLine, UsageError, usageFailed, withClients } from './connectionOptions';
import { loadAll, planAll } from './plan';

const APPLY_USAGE = `usage: iam-author apply ROLE.role.json... [--yes] [connection options]

Makes the account match each role manifest: shows the plan, asks on the terminal (or not, with --yes),
then runs its steps in order, adding before removing, each printed as it starts. A failure stops the
apply and says which steps ran, which failed and which did not run; applying again finishes the rest.
A policy dropped from a manifest is detached, never deleted.
Exit status: 0 applied or nothing to do, 1 refused, declined or failed, 2 bad usage, a manifest that
does not load, or an AWS failure before anything was written.

  --yes  apply without asking (for CI); without it and without a terminal, nothing is applied

${CONNECTION_HELP}`;

/** Asks a yes/no question on the terminal; false on anything but y or yes. */
async function ask(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** `iam-author apply ROLE.role.json... [--yes]`: plan, confirm, apply each manifest in turn. */
export async function runApply(args: string[]): Promise<number> {
  let files;
  let yes;
  let connection;
  try {
    const line = parseCommandLine('apply', args, { ...CONNECTION_OPTIONS, yes: { type: 'boolean', short: 'y' } });
    if (line.flag('help')) {
      console.log(APPLY_USAGE);
      return 0;
    }
    if (line.positionals.length === 0) throw new UsageError('apply takes one or more role manifests (*.role.json)');
    files = line.positionals;
    yes = line.flag('yes');
    connection = await connectionFrom(line.connection);
  } catch (e) {
    return usageFailed('apply', e);
  }
  const manifests = loadAll('apply', files);
  if (!manifests) return 2;
  return withClients('apply', connection, async (clients) => {
    for (const { plan } of await planAll(clients, manifests)) {
      console.log(formatPlan(plan));
      if (plan.refusals.length > 0) return 1;
      if (plan.steps.length === 0) continue;
      if (!yes) {
        if (!process.stdin.isTTY) {
          console.error('iam-author apply: there is no terminal to confirm on: run it in one, or pass --yes to apply without asking.');
          return 1;
        }
        if (!(await ask(`Apply ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'} to role ${plan.roleName}?`))) {
          console.log(`Nothing applied to ${plan.roleName}.`);
          return 1;
        }
      }
      const result = await applyPlan(clients, plan, {
        onStep: (i, step) => console.log(`step ${i + 1}/${plan.steps.length}: ${step.title}`),
      });
      console.log(formatApplyResult(result));
      if (!result.ok) return 1;
    }
    return 0;
  });
}
