import * as vscode from 'vscode';
import { Commands } from './editor/commandIds';
import { awsAccess, ConnectionController, vscodePrompts } from './editor/connection';
import { shareAccountNames } from './editor/accountNames';
import { startLanguageClient } from './editor/languageClient';
import { registerScaffolding, Scaffolding } from './editor/scaffolding';
import { TEMPLATES } from './iam/templates';

/** What the extension exports, for integration tests and other extensions: the AWS connection, the scaffolding's prompts. */
export interface Api {
  readonly connection: ConnectionController;
  readonly scaffolding: Scaffolding;
}

export async function activate(context: vscode.ExtensionContext): Promise<Api> {
  const output = vscode.window.createOutputChannel('IAM Author');
  const connection = new ConnectionController(context.workspaceState, awsAccess, vscodePrompts, output);
  context.subscriptions.push(
    output,
    connection,
    ...connection.registerCommands(),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
  );
  const scaffolding = registerScaffolding(context, TEMPLATES, connection, output);
  const client = await startLanguageClient(context, output);
  context.subscriptions.push(shareAccountNames(client, connection, output));
  return { connection, scaffolding };
}

export function deactivate(): void {
  // Everything activate() creates is owned by context.subscriptions, which VS Code disposes.
}
