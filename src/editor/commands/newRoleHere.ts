import * as vscode from 'vscode';
import { scaffold, ScaffoldDeps, ScaffoldResult } from '../scaffold';
import { NEW_ROLE } from './newRoleFromTemplate';

/**
 * Explorer context "New IAM Role Here...": a role from a template, written into the right-clicked
 * folder (the folder of a right-clicked file). Without a resource (the palette) it asks like "New Role from Template...".
 */
export async function newRoleHere(deps: ScaffoldDeps, resource: unknown): Promise<ScaffoldResult | undefined> {
  if (!(resource instanceof vscode.Uri)) return scaffold(deps, NEW_ROLE);
  let folder = resource;
  try {
    if ((await vscode.workspace.fs.stat(resource)).type & vscode.FileType.File) folder = vscode.Uri.joinPath(resource, '..');
  } catch {
    void vscode.window.showErrorMessage(`New IAM Role Here: ${resource.fsPath} no longer exists; right-click an existing folder.`);
    return undefined;
  }
  return scaffold(deps, NEW_ROLE, folder);
}
