import * as vscode from 'vscode';
import { loadAccountAccess } from './editor/accountAccess';
import { Commands } from './editor/commandIds';
import { registerConnectionCommands } from './editor/commands';
import { ConnectionController } from './editor/connection';
import { startLanguageClient } from './editor/languageClient';
import { Prompts, vscodePrompts } from './editor/prompts';
import { registerRoles, RolesFeature } from './editor/roles';

/** What the extension exports: the AWS connection, the prompts commands ask (tests answer them), the roles tree. */
export interface Api {
  readonly connection: ConnectionController;
  readonly prompts: Prompts;
  readonly roles: RolesFeature;
}

export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  const output = vscode.window.createOutputChannel('IAM Author');
  const prompts: Prompts = { ...vscodePrompts };
  const connection = new ConnectionController(context.workspaceState, loadAccountAccess, output);
  context.subscriptions.push(
    output,
    connection,
    ...registerConnectionCommands(connection, prompts),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
  );
  const roles = registerRoles(context.subscriptions, connection, prompts);
  await startLanguageClient(context, output);
  return { connection, prompts, roles };
}

export function deactivate(): void {
  // Everything activate() creates is owned by context.subscriptions, which VS Code disposes.
}
