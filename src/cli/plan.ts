import { readAccountFacts } from '../aws/apply/facts';
import { formatPlan } from '../aws/apply/format';
import { planApply } from '../aws/apply/plan';
import { Plan } from '../aws/apply/steps';
import { Clients } from '../aws/clients';
import { diffToJson } from '../iam/diff';
import { RoleManifest } from '../iam/roleModel';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, parseCommandLine, UsageError, usageFailed, withClients } from './connectionOptions';
import { loadManifestFile } from './manifestFiles';

const FORMATS = ['text', 'json'] as const;

const PLAN_USAGE = `usage: iam-author plan ROLE.role.json... [--format text|json] [connection options]

Shows what applying each role manifest would do to the account, in the order it would run: every
step marked + add, ~ change or - remove, and whether it widens access, then the IAM statement changes.
Nothing is written. A manifest with error findings (see iam-author check) is refused.
Exit status: 0 the plans can be applied (or there is nothing to do), 1 a plan is refused, 2 bad usage,
a manifest that does not load, or an AWS failure.

  --format text|json  text (default) or JSON

${CONNECTION_HELP}`;

/** The manifests named on the command line, loaded. */
export type LoadedManifests = { readonly file: string; readonly manifest: RoleManifest }[];

/** Loads the manifests, reporting those that cannot be used; undefined when any cannot. */
export function loadAll(command: string, files: readonly string[]): LoadedManifests | undefined {
  const loaded = files.map((f) => loadManifestFile(f, true));
  let ok = true;
  for (const l of loaded) {
    if (!('problems' in l)) continue;
    ok = false;
    console.error(`iam-author ${command}: ${l.file} cannot be applied until these are fixed:\n${l.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return ok ? loaded.flatMap((l) => ('manifest' in l ? [l] : [])) : undefined;
}

/** Each manifest's plan, read from the account one manifest after another (a later one may share a policy with an earlier one). */
export async function planAll(clients: Clients, manifests: LoadedManifests): Promise<{ file: string; plan: Plan }[]> {
  const plans = [];
  for (const { file, manifest } of manifests) plans.push({ file, plan: planApply(manifest, await readAccountFacts(clients, manifest)) });
  return plans;
}

/** `iam-author plan ROLE.role.json... [--format text|json]`: what apply would do; nothing written. */
export async function runPlan(args: string[]): Promise<number> {
  let files;
  let format;
  let connection;
  try {
    const line = parseCommandLine('plan', args, { ...CONNECTION_OPTIONS, format: { type: 'string' } }, new Map([['--format', FORMATS.join(' or ')]]));
    if (line.flag('help')) {
      console.log(PLAN_USAGE);
      return 0;
    }
    format = line.string('format') ?? 'text';
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new UsageError(`--format takes ${FORMATS.join(' or ')}: ${format || '(empty)'}`);
    if (line.positionals.length === 0) throw new UsageError('plan takes one or more role manifests (*.role.json)');
    files = line.positionals;
    connection = await connectionFrom(line.connection);
  } catch (e) {
    return usageFailed('plan', e);
  }
  const manifests = loadAll('plan', files);
  if (!manifests) return 2;
  return withClients('plan', connection, async (clients) => {
    const plans = await planAll(clients, manifests);
    if (format === 'json') {
      console.log(JSON.stringify(plans.map(({ file, plan }) => ({ file, ...plan, diff: plan.diff && diffToJson(plan.diff) })), null, 2));
    } else {
      console.log(plans.map(({ file, plan }) => (plans.length > 1 ? `${file}\n${formatPlan(plan)}` : formatPlan(plan))).join('\n\n'));
    }
    return plans.some(({ plan }) => plan.refusals.length > 0) ? 1 : 0;
  });
}
