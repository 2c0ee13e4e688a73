import * as vscode from 'vscode';
import type { ConnectionController, SandboxStart } from '../connection';
import type { Prompts } from '../prompts';

/**
 * Connects to the local sandbox account, starting one only when the window has none and the
 * connection is not one already (`npm start` points the endpoint setting at its own).
 */
export async function startSandbox(connection: ConnectionController, prompts: Prompts): Promise<SandboxStart | undefined> {
  try {
    const started = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the local sandbox account…' },
      () => connection.startSandbox(),
    );
    if (started.kind === 'alreadyConnected') {
      void prompts.notify('info', `Local sandbox account ${started.account} at ${started.endpoint} is already the connection: no second one started.`);
    }
    return started;
  } catch (e) {
    void prompts.notify('error', `Could not start the local sandbox account: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
