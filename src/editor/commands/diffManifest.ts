import * as path from 'path';
import * as vscode from 'vscode';
import type { DiffOutcome } from '../roleDiff';
import { showRoleDiff } from '../roleDiff';
import { loadLocalRole } from '../workspaceRoles';
import type { RolesCommandContext } from './context';

/**
 * Diffs a role manifest (the one given by the CodeLens, the editor title or the Explorer, else the
 * active editor's) against the deployed role of its name.
 */
export async function diffManifest(context: RolesCommandContext, uri?: vscode.Uri): Promise<DiffOutcome | undefined> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target || !/\.role\.jsonc?$/.test(target.fsPath)) {
    void context.prompts.notify('error', 'Diff with Deployed Role: open a role manifest (*.role.json) first.');
    return undefined;
  }
  const name = path.basename(target.fsPath);
  const local = loadLocalRole(target);
  if (!local?.manifest) {
    const message = local
      ? `${name} has errors: fix them (see the Problems panel) to diff it.`
      : `${name} cannot be read.`;
    void context.prompts.notify('error', message);
    return { kind: 'failed', message };
  }
  return showRoleDiff(context, local.manifest, target);
}
