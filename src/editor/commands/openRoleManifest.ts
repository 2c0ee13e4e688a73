import * as vscode from 'vscode';
import type { RoleNode } from '../roleNodes';

/** Opens the workspace's manifest of a role of the tree. */
export async function openRoleManifest(node: RoleNode): Promise<void> {
  if (!node.local) return;
  await vscode.window.showTextDocument(node.local.uri);
}
