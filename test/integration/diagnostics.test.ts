import * as assert from 'assert';
import * as vscode from 'vscode';
import { workspaceFile } from './helpers';

/** Resolves with the document's IAM Author diagnostics once `accept` holds for them (waiting on events). */
function diagnosticsWhen(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IAM Author');
  return new Promise((resolve, reject) => {
    if (accept(ours())) return resolve(ours());
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for diagnostics of ${uri.fsPath}; last: ${JSON.stringify(ours().map((d) => d.message))}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (accept(ours())) {
        clearTimeout(timer);
        listener.dispose();
        resolve(ours());
      }
    });
  });
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('checks as you type', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('flags the tutorial\'s misspelt ECR action and fixes it with the quick fix', async () => {
    const uri = workspaceFile('seed-mistakes', 'write-ecr.policy.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [finding] = (await diagnosticsWhen(uri, (ds) => ds.some((d) => codeOf(d) === 'INVALID_ACTION')))
      .filter((d) => codeOf(d) === 'INVALID_ACTION');
    assert.strictEqual(doc.getText(finding.range), 'ecr:InitialLayerUpload');
    assert.strictEqual(finding.severity, vscode.DiagnosticSeverity.Error);
    assert.match(finding.message, /ecr:InitiateLayerUpload/);
    assert.ok(typeof finding.code === 'object' && finding.code.target.toString().startsWith('https://'), 'the code links to its documentation');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', uri, finding.range, vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.includes('ecr:InitiateLayerUpload'));
    assert.ok(fix?.edit, `no quick fix offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"ecr:InitiateLayerUpload"/);
    await diagnosticsWhen(uri, (ds) => !ds.some((d) => codeOf(d) === 'INVALID_ACTION'));
  });

  it('flags an invalid policy version in a trust policy', async () => {
    const uri = workspaceFile('seed-mistakes', 'ec2.trust.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.length > 0);
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error && /2017-09-11/.test(d.message)),
      JSON.stringify(diagnostics.map((d) => `${codeOf(d)} ${d.message}`)));
  });

  it('reports nothing on a correct policy, also after a mistake typed into it is undone', async () => {
    const uri = workspaceFile('read-ecr.policy.json');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const effect = editor.document.getText().indexOf('"Allow"') + 1;
    const range = new vscode.Range(editor.document.positionAt(effect), editor.document.positionAt(effect + 5));
    await editor.edit((e) => e.replace(range, 'allow'));
    await diagnosticsWhen(uri, (ds) => ds.length > 0);
    await editor.edit((e) => e.replace(range, 'Allow'));
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.length === 0);
    assert.deepStrictEqual(diagnostics, []);
  });
});

describe('the Problems panel', () => {
  it('lists the findings of workspace files that were never opened', async () => {
    const uri = workspaceFile('never-opened', 'logs.policy.json');
    const isOpen = () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    assert.ok(!isOpen(), 'the file is not open');
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [codeOf(d), d.severity, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['INVALID_ACTION', vscode.DiagnosticSeverity.Error, 5, 42, 58]]);
    assert.match(diagnostics[0].message, /logs:PutLogEvents/);
    assert.ok(!isOpen(), 'the file is still not open');
  });
});

describe('completion and hover', () => {
  it('completes ECR actions inside an Action string and describes them on hover', async () => {
    const uri = workspaceFile('read-ecr.policy.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const position = doc.positionAt(doc.getText().indexOf('ecr:BatchGetImage') + 'ecr:Batch'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('ecr:PutImage'), `${labels.length} items: ${labels.slice(0, 10).join(', ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*ecr:BatchGetImage\*\* — Read/);
  });

  it('offers each element name once: the schema\'s, not the server\'s as well', async () => {
    const uri = workspaceFile('elements.policy.json');
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "" }\n  ]\n}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, doc.positionAt(text.indexOf('"" }') + 1));
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      const resource = labels.filter((l) => l.replace(/"/g, '') === 'Resource');
      assert.strictEqual(resource.length, 1, `items: ${labels.join(', ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
