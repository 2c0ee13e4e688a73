import * as vscode from 'vscode';
import { pullRole } from '../../iam/pull';
import type { RoleNode } from '../roleNodes';
import type { RolesCommandContext } from './context';

/**
 * Writes a role of the account into the workspace as a manifest and its documents, in the
 * templates' layout (iam/roles/NAME/, iam/policies/); asks before replacing a file whose text differs.
 * Resolves with the files written (workspace-relative), none when cancelled.
 */
export async function importRole(context: RolesCommandContext, node: RoleNode): Promise<string[]> {
  const { prompts } = context;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void prompts.notify('error', `Import ${node.role.name}: open a folder first; the role's files are written into it.`);
    return [];
  }
  let target = folders[0];
  if (folders.length > 1) {
    const picked = await prompts.pick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath })), `Workspace folder to import ${node.role.name} into`);
    const found = picked && folders.find((f) => f.uri.fsPath === picked.description);
    if (!found) return [];
    target = found;
  }
  let read;
  try {
    read = await context.tree.readRole(node.role.name);
  } catch (e) {
    const access = await context.connection.access();
    void prompts.notify('error', `Could not read role ${node.role.name}: ${access.explain(e, context.connection.current).message}`);
    return [];
  }
  if (read.status === 'notFound') {
    void prompts.notify('error', `${read.message} Refresh the tree.`);
    return [];
  }
  const files = pullRole(read.role).map((f) => ({ ...f, uri: vscode.Uri.joinPath(target.uri, ...f.path.split('/')) }));
  const decoder = new TextDecoder();
  const replaced: string[] = [];
  for (const f of files) {
    const existing = await vscode.workspace.fs.readFile(f.uri).then((b) => decoder.decode(b), () => undefined);
    if (existing !== undefined && existing !== f.text) replaced.push(f.path);
  }
  if (replaced.length > 0) {
    const chosen = await prompts.notify('warning', `Import ${node.role.name}: ${replaced.join(', ')} already exist${replaced.length === 1 ? 's' : ''} with other content.`, 'Replace');
    if (chosen !== 'Replace') return [];
  }
  const encoder = new TextEncoder();
  for (const f of files) await vscode.workspace.fs.writeFile(f.uri, encoder.encode(f.text));
  await vscode.window.showTextDocument(files[0].uri);
  return files.map((f) => f.path);
}
