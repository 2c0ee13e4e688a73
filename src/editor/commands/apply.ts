import * as vscode from 'vscode';
import type { ApplyContext } from '../applyFlow';
import { Commands } from '../commandIds';
import type { RoleNode } from '../roleNodes';
import { applyManifest } from './applyManifest';
import { deleteRole } from './deleteRole';

/** Registers Apply (from a manifest, and from a role of the tree that has one) and Delete Role. */
export function registerApplyCommands(context: ApplyContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.applyManifest, (uri?: vscode.Uri) => applyManifest(context, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(Commands.applyRole, (node: RoleNode) => applyManifest(context, node.local?.uri)),
    vscode.commands.registerCommand(Commands.deleteRole, (node: RoleNode) => deleteRole(context, node)),
  ];
}
