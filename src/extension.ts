import * as vscode from 'vscode';
import { Commands } from './editor/commandIds';
import { startLanguageClient } from './editor/languageClient';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('IAM Author');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
  );
  await startLanguageClient(context, output);
}

export function deactivate(): void {
  // Everything activate() creates is owned by context.subscriptions, which VS Code disposes.
}
