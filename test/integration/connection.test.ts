import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

/** What the extension exports for tests: the connection's status bar text and its change event. */
interface TestApi {
  connection: { status: { text: string; tooltip: string }; onDidChange: vscode.Event<unknown> };
}

describe('the AWS connection', () => {
  it('starts the local sandbox account from the command and names it in the status bar', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as TestApi;
    const changed = new Promise((resolve) => {
      const listener = api.connection.onDidChange((c) => { listener.dispose(); resolve(c); });
    });
    await vscode.commands.executeCommand('iamAuthor.startSandbox');
    await changed;
    const { text, tooltip } = api.connection.status;
    assert.match(text, /^\$\(beaker\) local sandbox · us-east-1 · \d{12}$/);
    assert.match(tooltip, /Endpoint: http:\/\/127\.0\.0\.1:\d+/);
    await vscode.commands.executeCommand('iamAuthor.stopSandbox');
  });
});
