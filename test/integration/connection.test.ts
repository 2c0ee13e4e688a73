import * as assert from 'assert';
import * as vscode from 'vscode';
import { startSandbox } from '../../src/aws/sandbox/server';
import { EXTENSION_ID } from './helpers';

/** What the extension exports for tests: the connection's status bar text and its change event. */
interface TestApi {
  connection: { status: { text: string; tooltip: string }; sandboxEndpoint: string | undefined; onDidChange: vscode.Event<unknown> };
}

async function api(): Promise<TestApi> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as TestApi;
}

/** Runs `action` and waits for the connection to change (or be checked) after it, until `done` holds. */
async function changing<T>(connection: TestApi['connection'], action: () => Thenable<T>, done: () => boolean = () => true): Promise<T> {
  const changed = new Promise<void>((resolve) => {
    const listener = connection.onDidChange(() => {
      if (!done()) return;
      listener.dispose();
      resolve();
    });
  });
  const result = await action();
  await changed;
  return result;
}

describe('the AWS connection', () => {
  it('starts the local sandbox account from the command and names it in the status bar', async () => {
    const { connection } = await api();
    await changing(connection, () => vscode.commands.executeCommand('iamAuthor.startSandbox'));
    const { text, tooltip } = connection.status;
    assert.match(text, /^\$\(beaker\) local sandbox · us-east-1 · \d{12}$/);
    assert.match(tooltip, /Endpoint: http:\/\/127\.0\.0\.1:\d+/);
    // The AWS side loaded now, on first need (activation.test.ts checks that opening a file did not load it).
    assert.strictEqual(Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]awsAdapter\.js$/.test(f)).length, 1);
    await vscode.commands.executeCommand('iamAuthor.stopSandbox');
  });

  describe('beside a sandbox the endpoint setting names (as npm start\'s)', () => {
    const settings = () => vscode.workspace.getConfiguration('iamAuthor');
    let other: Awaited<ReturnType<typeof startSandbox>>;
    let host: string;

    before(async () => {
      other = await startSandbox();
      host = other.endpoint.replace('http://', '');
      const { connection } = await api();
      await changing(connection, () => settings().update('endpoint', other.endpoint, vscode.ConfigurationTarget.Global), () => connection.status.text.includes(other.accountId));
    });

    after(async () => {
      await settings().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
      await other.close();
    });

    it('starts no second sandbox and keeps the connection', async () => {
      const { connection } = await api();
      const started = await vscode.commands.executeCommand<{ kind: string; endpoint: string; account: string }>('iamAuthor.startSandbox');
      assert.deepStrictEqual(started, { kind: 'alreadyConnected', endpoint: other.endpoint, account: '123456789012' });
      assert.strictEqual(connection.sandboxEndpoint, undefined);
      assert.strictEqual(connection.status.text, `$(cloud) ${host} · us-east-1 · 123456789012`);
    });

    it('after stopping its own sandbox the status bar names the account again', async () => {
      const { connection } = await api();
      // Started without the setting, as a user who had not yet pointed it at npm start's sandbox.
      await changing(connection, () => settings().update('endpoint', undefined, vscode.ConfigurationTarget.Global));
      const started = await changing(connection, () => vscode.commands.executeCommand<{ kind: string; endpoint: string }>('iamAuthor.startSandbox'));
      assert.strictEqual(started.kind, 'started');
      assert.notStrictEqual(started.endpoint, other.endpoint);
      await changing(connection, () => settings().update('endpoint', other.endpoint, vscode.ConfigurationTarget.Global));
      assert.match(connection.status.text, /^\$\(beaker\) local sandbox · us-east-1 · 123456789012$/);
      await changing(connection, () => vscode.commands.executeCommand('iamAuthor.stopSandbox'), () => !connection.status.text.includes('sync~spin'));
      assert.strictEqual(connection.sandboxEndpoint, undefined);
      assert.strictEqual(connection.status.text, `$(cloud) ${host} · us-east-1 · 123456789012`);
    });
  });
});
