import * as path from 'path';
import * as vscode from 'vscode';
import { blockingFindings } from '../../aws/apply/preflight';
import { loadManifest } from '../../iam/manifest';
import { ApplyContext, ApplyOutcome, confirmAndApply, refuseUntrusted } from '../applyFlow';
import { ensureConnected } from '../roleDiff';
import { readText } from '../workspaceRoles';
import { getCatalog } from '../../iam/catalog';

/**
 * Applies a role manifest (the one given by the CodeLens, the editor title, the Explorer or the tree,
 * else the active editor's) to the connected account: refused in an untrusted workspace and while the
 * manifest or its documents have errors; otherwise plan, show, confirm, apply.
 */
export async function applyManifest(context: ApplyContext, uri?: vscode.Uri): Promise<ApplyOutcome> {
  const untrusted = refuseUntrusted(context, 'Apply');
  if (untrusted) return untrusted;
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target || !/\.role\.jsonc?$/.test(target.fsPath)) {
    const message = 'Apply Role to Account: open a role manifest (*.role.json) first.';
    void context.prompts.notify('error', message);
    return { kind: 'invalid', message };
  }
  const name = path.basename(target.fsPath);
  const text = readText(target.fsPath);
  if (text === undefined) {
    const message = `${name} cannot be read.`;
    void context.prompts.notify('error', message);
    return { kind: 'invalid', message };
  }
  const errors = blockingFindings(text, target.fsPath, readText, getCatalog);
  if (errors.length > 0) {
    const first = errors[0];
    const message = `${name} has ${errors.length} error${errors.length === 1 ? '' : 's'} to fix before it can be applied, first: ${first.file ? `${path.basename(first.file)}: ` : ''}${first.message}`;
    void context.prompts.notify('error', message, 'Show Problems').then((chosen) => {
      if (chosen) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { kind: 'invalid', message };
  }
  const { manifest } = loadManifest(text, target.fsPath, readText);
  if (!manifest) {
    const message = `${name} cannot be loaded as a role manifest: see the Problems panel.`;
    void context.prompts.notify('error', message);
    return { kind: 'invalid', message };
  }
  if (!(await ensureConnected(context))) return { kind: 'notConnected', message: 'not connected' };
  const access = await context.connection.access();
  let plan;
  try {
    plan = await context.prompts.withProgress(`Planning ${manifest.roleName}…`, false, () => access.planApply(context.connection.current, manifest));
  } catch (e) {
    const message = `Could not plan ${manifest.roleName}: ${access.explain(e, context.connection.current).message}`;
    void context.prompts.notify('error', message);
    return { kind: 'error', message };
  }
  return confirmAndApply(context, plan, 'Apply', target);
}
