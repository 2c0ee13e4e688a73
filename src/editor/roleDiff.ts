import * as path from 'path';
import * as vscode from 'vscode';
import { renderRole } from '../iam/normalize';
import type { RoleManifest } from '../iam/roleModel';
import { Commands } from './commandIds';
import type { ConnectionController } from './connection';
import type { ReadOnlyDocuments } from './documents';
import type { Prompts } from './prompts';
import { diffSummary } from './roleComparison';

/** What a diff showed: for the caller (and tests) to know without reading the editor. */
export type DiffOutcome =
  | { readonly kind: 'shown'; readonly roleName: string; readonly differences: number; readonly summary: string }
  | { readonly kind: 'notInAccount'; readonly roleName: string; readonly account: string }
  | { readonly kind: 'notConnected' | 'failed'; readonly message: string };

/** What showing a diff needs. */
export interface DiffContext {
  readonly connection: ConnectionController;
  readonly documents: ReadOnlyDocuments;
  readonly prompts: Prompts;
}

/**
 * Checks the connection when it has not been checked; when it still is not connected, says what is
 * wrong and offers to switch or to start the local sandbox account. Resolves with the account id, or
 * undefined when not connected.
 */
export async function ensureConnected(context: DiffContext): Promise<string | undefined> {
  if (!context.connection.identity) await context.connection.refresh();
  const who = context.connection.identity;
  if (who) return who.account;
  const message = `Not connected to an AWS account: ${context.connection.status.tooltip.split('\n')[0]}`;
  void context.prompts.notify('error', message, 'Switch AWS Connection', 'Start Local Sandbox Account').then((chosen) => {
    if (chosen === 'Switch AWS Connection') void vscode.commands.executeCommand(Commands.switchConnection);
    if (chosen === 'Start Local Sandbox Account') void vscode.commands.executeCommand(Commands.startSandbox);
  });
  return undefined;
}

/**
 * Shows the deployed role against the local manifest in VS Code's diff editor, both normalised
 * (renderRole: what IAM would treat as the same reads the same), and the statement-level summary in
 * a notification that opens it in full beside. A role the account does not have is said so.
 */
export async function showRoleDiff(context: DiffContext, local: RoleManifest, manifestUri: vscode.Uri): Promise<DiffOutcome> {
  const account = await ensureConnected(context);
  if (!account) return { kind: 'notConnected', message: 'not connected' };
  const connection = context.connection.current;
  const access = await context.connection.access();
  const manifestName = path.basename(manifestUri.fsPath);
  let read;
  try {
    read = await access.readRole(connection, local.roleName);
  } catch (e) {
    const message = `Could not read role ${local.roleName}: ${access.explain(e, connection).message}`;
    void context.prompts.notify('error', message);
    return { kind: 'failed', message };
  }
  if (read.status === 'notFound') {
    void context.prompts.notify('info', `Role ${local.roleName} is not in account ${account}: applying ${manifestName} would create it.`);
    return { kind: 'notInAccount', roleName: local.roleName, account };
  }
  const deployed = read.role;
  const { documents } = context;
  const left = documents.set(documents.uri(account, `/diff/${local.roleName}.deployed.json`), renderRole(deployed, local));
  const right = documents.set(documents.uri('workspace', `/diff/${local.roleName}.local.json`), renderRole(local, deployed));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${local.roleName}: account ${account} ↔ ${manifestName}`, { preview: true });
  const { count, text } = diffSummary(deployed, local);
  if (count === 0) {
    void context.prompts.notify('info', `${local.roleName}: no differences between account ${account} and ${manifestName}.`);
  } else {
    const summaryUri = documents.set(documents.uri(account, `/diff/${local.roleName}.summary.txt`), text);
    const first = text.split('\n').slice(0, 3).join(' · ');
    void context.prompts.notify('info', `${local.roleName}: ${first}`, 'Show Summary').then(async (chosen) => {
      if (chosen !== 'Show Summary') return;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(summaryUri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
    });
  }
  return { kind: 'shown', roleName: local.roleName, differences: count, summary: text };
}
