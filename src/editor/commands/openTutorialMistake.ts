import * as vscode from 'vscode';

/**
 * "IAM Author: Open a Tutorial Mistake": the ECR push policy of workshop 001 exactly as the tutorial
 * wrote it (`ecr:InitialLayerUpload`), in an untitled editor, so that the walkthrough can show the
 * finding and its quick fix without touching the user's files.
 */
export async function openTutorialMistake(context: vscode.ExtensionContext): Promise<vscode.TextEditor> {
  const file = vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'tutorial-mistake.policy.json');
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content });
  return vscode.window.showTextDocument(doc, { preview: false });
}
