import { formatDiff } from '../../iam/diff';
import { ApplyResult } from './execute';
import { Plan, StepKind } from './steps';

const MARK: Record<StepKind, string> = { add: '+', change: '~', remove: '-' };

/** How many steps of each kind, and how many widen access: "9 steps: 7 to add, 1 to change, 1 to remove (6 widen access)". */
export function summarizePlan(plan: Plan): string {
  const n = (kind: StepKind) => plan.steps.filter((s) => s.kind === kind).length;
  const widening = plan.steps.filter((s) => s.widens).length;
  const total = plan.steps.length;
  if (total === 0) return `${plan.roleName}: nothing to do, the account matches the manifest.`;
  return `${plan.roleName}: ${total} step${total === 1 ? '' : 's'}: ${n('add')} to add, ${n('change')} to change, ${n('remove')} to remove`
    + (widening > 0 ? ` (${widening} widen${widening === 1 ? 's' : ''} access)` : '');
}

/**
 * A plan as text, one step a line in the order they run (`+` add, `~` change, `-` remove, marked
 * when it widens access), its warnings and refusals, then the statement-level changes it applies:
 * what `iam-author plan` prints and the editor's plan view shows.
 */
export function formatPlan(plan: Plan): string {
  const lines = [summarizePlan(plan)];
  plan.steps.forEach((s, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${MARK[s.kind]} ${s.title}${s.widens ? '  [widens access]' : ''}`));
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  for (const r of plan.refusals) lines.push(`refused: ${r.message}`);
  if (plan.diff && plan.diff.changes.length > 0) lines.push('', 'IAM changes, deployed role -> manifest:', formatDiff(plan.diff).trimEnd());
  return lines.join('\n');
}

/** What an apply did: every step with done, FAILED (AWS's code and message) or not run. */
export function formatApplyResult(result: ApplyResult): string {
  const lines = result.steps.map(({ step, outcome }, i) => {
    const status = outcome.status === 'done' ? 'done   ' : outcome.status === 'failed' ? 'FAILED ' : 'not run';
    return `  ${String(i + 1).padStart(2)}. ${status} ${step.title}${outcome.status === 'failed' ? `: ${outcome.code}: ${outcome.message}` : ''}`;
  });
  const done = result.steps.filter((s) => s.outcome.status === 'done').length;
  const head = result.ok ? `Applied ${done} step${done === 1 ? '' : 's'}.`
    : result.cancelled ? `Cancelled after ${done} of ${result.steps.length} steps; apply again to finish.`
      : `Stopped after ${done} of ${result.steps.length} steps; fix the failure and apply again: the plan then holds only what is left.`;
  return [head, ...lines].join('\n');
}
