import * as vscode from 'vscode';
import { loadAccountAccess } from './editor/accountAccess';
import { shareAccountNames } from './editor/accountNames';
import { Commands } from './editor/commandIds';
import { registerConnectionCommands } from './editor/commands';
import { ConnectionController } from './editor/connection';
import { startLanguageClient } from './editor/languageClient';
import { Prompts, vscodePrompts } from './editor/prompts';
import { registerRoles, RolesFeature } from './editor/roles';
import { registerScaffolding, Scaffolding } from './editor/scaffolding';
import { TEMPLATES } from './iam/templates';

/**
 * What the extension exports, for integration tests and other extensions: the AWS connection, the
 * prompts commands ask (tests answer them), the roles tree, and the scaffolding's prompts.
 */
export interface Api {
  readonly connection: ConnectionController;
  readonly prompts: Prompts;
  readonly roles: RolesFeature;
  readonly scaffolding: Scaffolding;
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
  const scaffolding = registerScaffolding(context, TEMPLATES, connection, output);
  const client = await startLanguageClient(context, output);
  context.subscriptions.push(shareAccountNames(client, connection, output));
  return { connection, prompts, roles, scaffolding };
}

export function deactivate(): void {
  // Everything activate() creates is owned by context.subscriptions, which VS Code disposes.
}
