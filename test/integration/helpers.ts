// Shared by the integration tests (not itself a test file: it is bundled into each one).
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iam-author.iam-author';

/** A file of the workspace folder the tests run in (test/fixtures/workspace). */
export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

/**
 * Waits until `condition` holds, checking on every change VS Code reports (and at least every 50 ms
 * for state no event announces, such as extension activation); fails after `timeoutMs` naming `what`.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
