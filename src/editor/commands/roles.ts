import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { DocumentNode, ErrorNode, PolicyArnNode, RoleNode } from '../roleNodes';
import { clearRolesFilter } from './clearRolesFilter';
import type { RolesCommandContext } from './context';
import { copyRoleArn } from './copyRoleArn';
import { diffManifest } from './diffManifest';
import { diffRole } from './diffRole';
import { filterRoles } from './filterRoles';
import { importRole } from './importRole';
import { openRoleDocument } from './openRoleDocument';
import { openRoleManifest } from './openRoleManifest';
import { refreshRoles } from './refreshRoles';
import { retryRolesNode } from './retryRolesNode';

/** Registers the commands of the roles tree and of the diff; returns the disposables. */
export function registerRolesCommands(context: RolesCommandContext): vscode.Disposable[] {
  const { tree, prompts } = context;
  return [
    vscode.commands.registerCommand(Commands.refreshRoles, () => refreshRoles(tree)),
    vscode.commands.registerCommand(Commands.filterRoles, (text?: string) => filterRoles(tree, prompts, typeof text === 'string' ? text : undefined)),
    vscode.commands.registerCommand(Commands.clearRolesFilter, () => clearRolesFilter(tree)),
    vscode.commands.registerCommand(Commands.copyRoleArn, (node: RoleNode) => copyRoleArn(prompts, node)),
    vscode.commands.registerCommand(Commands.openRoleManifest, (node: RoleNode) => openRoleManifest(node)),
    vscode.commands.registerCommand(Commands.importRole, (node: RoleNode) => importRole(context, node)),
    vscode.commands.registerCommand(Commands.diffRole, (node: RoleNode) => diffRole(context, node)),
    vscode.commands.registerCommand(Commands.diffManifest, (uri?: vscode.Uri) => diffManifest(context, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(Commands.openRoleDocument, (node: DocumentNode | PolicyArnNode) => openRoleDocument(context, node)),
    vscode.commands.registerCommand(Commands.retryRolesNode, (node: ErrorNode) => retryRolesNode(node)),
  ];
}
