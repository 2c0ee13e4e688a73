import * as vscode from 'vscode';

/** The walkthrough's id as VS Code knows it: `publisher.name#id` of contributes.walkthroughs. */
export function walkthroughId(context: vscode.ExtensionContext): string {
  return `${context.extension.id}#getStarted`;
}

/** "IAM Author: Get Started": opens the "Get started with IAM Author" walkthrough. */
export async function openWalkthrough(context: vscode.ExtensionContext): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId(context), false);
}

const SHOWN_KEY = 'iamAuthor.walkthroughShown';

/**
 * Opens the walkthrough on the extension's first activation on this machine, as VS Code does for an
 * extension installed from the Extensions view, and only when VS Code's own setting
 * `workbench.welcomePage.walkthroughs.openOnInstall` allows it.
 */
export async function openWalkthroughOnFirstRun(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return;
  await context.globalState.update(SHOWN_KEY, true);
  await openWalkthrough(context);
}
