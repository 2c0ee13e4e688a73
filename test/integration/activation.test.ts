import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, until, workspaceFile } from './helpers';

describe('the extension package', () => {
  it('activates when a *.policy.json file is opened', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('read-ecr.policy.json'));
    await vscode.window.showTextDocument(doc);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the extension host`);
    await until(() => extension.isActive, 'the extension to activate');
    assert.strictEqual(path.basename(doc.fileName), 'read-ecr.policy.json');
  });

  it('loads neither the AWS SDK nor the sandbox to open a JSON file', () => {
    // dist/awsAdapter.js carries both; it loads on the first AWS call, which nothing here has asked for.
    const loaded = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]awsAdapter\.js$|[\\/]@aws-sdk[\\/]/.test(f));
    assert.deepStrictEqual(loaded, []);
  });

  it('treats policy, trust and role files as JSON with comments', async () => {
    for (const name of ['read-ecr.policy.json', 'ec2.trust.json', 'dev-ec2.role.json']) {
      const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
      assert.strictEqual(doc.languageId, 'jsonc', name);
    }
  });

  it('registers every command its manifest contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const contributed: { command: string }[] = extension.packageJSON.contributes.commands;
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], 'contributed but not registered');
  });
});
