import * as path from 'path';
import * as vscode from 'vscode';
import type { ApplyResult } from '../aws/apply/execute';
import { formatApplyResult, formatPlan, summarizePlan } from '../aws/apply/format';
import type { Plan, PlanStep } from '../aws/apply/steps';
import type { SourceRange } from '../iam/roleModel';
import type { ConnectionController } from './connection';
import type { ReadOnlyDocuments } from './documents';
import type { Prompts } from './prompts';

/** What an apply (or a delete) came to: for the caller, and for tests, without reading the screen. */
export type ApplyOutcome =
  | { readonly kind: 'applied' | 'failed' | 'cancelled'; readonly plan: Plan; readonly result: ApplyResult }
  | { readonly kind: 'nothingToDo' | 'declined' | 'refused'; readonly plan: Plan }
  | { readonly kind: 'untrusted' | 'notConnected' | 'invalid' | 'error'; readonly message: string };

/** What the apply flow works with. */
export interface ApplyContext {
  readonly connection: ConnectionController;
  readonly documents: ReadOnlyDocuments;
  readonly prompts: Prompts;
  /** Where a failed step is shown on the manifest line it comes from. */
  readonly diagnostics: vscode.DiagnosticCollection;
  /** Called after anything was written, so that the tree shows the new state. */
  readonly onApplied: () => void;
}

/** Apply writes to an account: never from a workspace the user has not trusted. */
export function refuseUntrusted(context: ApplyContext, what: string): ApplyOutcome | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const message = `${what} is disabled in an untrusted workspace: IAM Author writes to AWS accounts only from folders you trust.`;
  void context.prompts.notify('error', message, 'Manage Workspace Trust').then((chosen) => {
    if (chosen) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { kind: 'untrusted', message };
}

/** The steps of a kind, as a sentence for the confirmation: "2 removals: Detach ...; Delete ...". */
function calloutOf(steps: readonly PlanStep[], one: string, many: string): string | undefined {
  if (steps.length === 0) return undefined;
  return `${steps.length} ${steps.length === 1 ? one : many}: ${steps.map((s) => s.title).join('; ')}.`;
}

/** A range of a document on disk or open, from a source's offsets. */
async function rangeOf(source: SourceRange): Promise<vscode.Range> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(source.file));
  return new vscode.Range(document.positionAt(source.offset), document.positionAt(source.offset + source.length));
}

/** The failed step, as a diagnostic on the manifest (or document) line it comes from. */
async function showFailure(context: ApplyContext, manifest: vscode.Uri | undefined, plan: Plan, result: ApplyResult): Promise<void> {
  const failed = result.steps.find((s) => s.outcome.status === 'failed');
  if (!failed || failed.outcome.status !== 'failed') return;
  const source = failed.step.source;
  const uri = source ? vscode.Uri.file(source.file) : manifest;
  if (!uri) return;
  const range = source ? await rangeOf(source) : new vscode.Range(0, 0, 0, 0);
  const diagnostic = new vscode.Diagnostic(range, `Apply of ${plan.roleName} stopped: ${failed.step.title}: ${failed.outcome.code}: ${failed.outcome.message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'IAM Author apply';
  diagnostic.code = failed.outcome.code;
  context.diagnostics.set(uri, [diagnostic]);
}

/**
 * Shows a plan beside the editor as a read-only document, asks for a modal confirmation naming the
 * number of steps and calling out removals and widenings on their own, then applies it with
 * progress, cancellable between steps. Nothing is written before the confirmation. A failure stops
 * the apply, says which step failed with AWS's code and message, and puts that on the manifest line
 * the step comes from; applying again finishes what is left.
 */
export async function confirmAndApply(context: ApplyContext, plan: Plan, verb: 'Apply' | 'Delete', manifest?: vscode.Uri): Promise<ApplyOutcome> {
  const account = context.connection.identity?.account ?? 'the account';
  const planPath = context.documents.uri(account, `/plans/${plan.roleName}.plan.txt`);
  // Each showing is a version of its own (documents.ts): the view after the apply replaces the plan's preview.
  let planUri = context.documents.set(planPath, `${formatPlan(plan)}\n`);
  const showPlan = async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(planUri), { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  if (manifest) context.diagnostics.delete(manifest);
  if (plan.refusals.length > 0) {
    await showPlan();
    void context.prompts.notify('error', `${plan.roleName} cannot be applied: ${plan.refusals[0].message}`);
    return { kind: 'refused', plan };
  }
  if (plan.steps.length === 0) {
    void context.prompts.notify('info', `${plan.roleName}: nothing to do, account ${account} matches ${manifest ? path.basename(manifest.fsPath) : 'the manifest'}.`);
    return { kind: 'nothingToDo', plan };
  }
  await showPlan();
  const detail = [
    summarizePlan(plan),
    calloutOf(plan.steps.filter((s) => s.kind === 'remove'), 'removal', 'removals'),
    calloutOf(plan.steps.filter((s) => s.widens), 'step widens access', 'steps widen access'),
    ...plan.warnings,
    'The whole plan is open beside the editor.',
  ].filter(Boolean).join('\n\n');
  const n = plan.steps.length;
  const question = verb === 'Delete'
    ? `Delete role ${plan.roleName} from account ${account} in ${n} steps?`
    : `Apply ${n} step${n === 1 ? '' : 's'} to role ${plan.roleName} in account ${account}?`;
  if (!(await context.prompts.confirm(question, detail, verb))) return { kind: 'declined', plan };

  const result = await context.prompts.withProgress(`${verb === 'Delete' ? 'Deleting' : 'Applying'} ${plan.roleName}`, true, async (report, token) => {
    const access = await context.connection.access();
    return access.applyPlan(context.connection.current, plan, {
      isCancelled: () => token.isCancellationRequested,
      onStep: (i, step) => report(`step ${i + 1} of ${n}: ${step.title}`),
    });
  });
  planUri = context.documents.set(planPath, `${formatPlan(plan)}\n\n${formatApplyResult(result)}\n`);
  await showPlan();
  if (result.steps.some((s) => s.outcome.status === 'done')) context.onApplied();
  if (result.ok) {
    void context.prompts.notify('info', `${plan.roleName}: ${verb === 'Delete' ? 'deleted' : `applied ${n} step${n === 1 ? '' : 's'}`} in account ${account}.`);
    return { kind: 'applied', plan, result };
  }
  const done = result.steps.filter((s) => s.outcome.status === 'done').length;
  if (result.cancelled) {
    void context.prompts.notify('warning', `${plan.roleName}: cancelled after ${done} of ${n} steps; ${verb.toLowerCase()} again to finish.`);
    return { kind: 'cancelled', plan, result };
  }
  await showFailure(context, manifest, plan, result);
  const failed = result.steps.find((s) => s.outcome.status === 'failed');
  const why = failed && failed.outcome.status === 'failed' ? `${failed.step.title}: ${failed.outcome.code}: ${failed.outcome.message}` : 'a step failed';
  void context.prompts.notify('error', `${plan.roleName}: step ${done + 1} of ${n} failed (${why}); ${done} ran, ${n - done - 1} did not. Fix it and ${verb.toLowerCase()} again.`, 'Show Plan').then(async (chosen) => {
    if (chosen) await showPlan();
  });
  return { kind: 'failed', plan, result };
}
