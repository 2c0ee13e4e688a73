import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = path.resolve(__dirname, '..', '..');

interface Diagnostic { code: string; source: string; message: string; range: { start: { line: number; character: number } }; codeDescription: { href: string } }

describe('the language server over stdio (iam-author lsp --stdio)', () => {
  let child: ChildProcess;
  let connection: MessageConnection;
  const published = new Map<string, Diagnostic[]>();
  const waiters: (() => void)[] = [];

  /** Waits until the diagnostics of `uri` satisfy `accept`, on publishDiagnostics notifications. */
  function diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(published.get(uri))}`)), 10_000);
      const check = () => {
        const d = published.get(uri);
        if (d && accept(d)) {
          clearTimeout(timer);
          resolve(d);
          return true;
        }
        return false;
      };
      if (!check()) waiters.push(() => { if (!check()) waiters.push(() => void check()); });
    });
  }

  before(async () => {
    child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      published.set(p.uri, p.diagnostics);
      for (const w of waiters.splice(0)) w();
    });
    connection.onRequest('workspace/configuration', () => [{ validate: { enable: true }, diagnostics: { overrides: { MISSING_VERSION: 'off' } } }]);
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    connection.sendNotification('initialized', {});
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  const open = (uri: string, text: string) =>
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });

  it('publishes findings with source, code and documentation link, and offers the quick fix', async () => {
    const uri = 'file:///tmp/write-ecr.policy.json';
    open(uri, '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "ecr:InitialLayerUpload", "Resource": "*" }]\n}');
    const [d] = await diagnostics(uri, (ds) => ds.length > 0);
    assert.strictEqual(d.code, 'INVALID_ACTION');
    assert.strictEqual(d.source, 'IAM Author');
    assert.deepStrictEqual(d.range.start, { line: 2, character: 48 });
    assert.match(d.codeDescription.href, /access-analyzer-reference-policy-checks/);
    const actions = await connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: d.range, context: { diagnostics: [d] },
    }) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.strictEqual(actions[0].title, 'Change to "ecr:InitiateLayerUpload"');
    assert.strictEqual(actions[0].edit.changes[uri][0].newText, 'ecr:InitiateLayerUpload');
  });

  it('applies the overrides setting (MISSING_VERSION is off)', async () => {
    const uri = 'file:///tmp/no-version.policy.json';
    open(uri, '{ "Statement": [{ "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" }] }');
    const ds = await diagnostics(uri, (x) => x.length > 0);
    assert.deepStrictEqual(ds.map((d) => d.code), ['INVALID_EFFECT']);
  });

  it('answers hover with the action\'s description', async () => {
    const uri = 'file:///tmp/hover.policy.json';
    open(uri, '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*" }] }');
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 75 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /\*\*ecr:PutImage\*\* — Write/);
  });
});
