// Figures for the language server over LSP, as an editor sees them: the bundled server (dist/server.js)
// in its own process over stdio, driven by an LSP client. Edit to diagnostics for a 6 KB policy and a
// 1 MB document (pushed, and pulled as VS Code does), and completion at `"Action": ["|"]` with the size
// of its answer (with and without the list's shared range), and resolving one item. Prints; asserts nothing.
import { spawn } from 'child_process';
import * as path from 'path';
import {
  CompletionRequest, CompletionResolveRequest, createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest, InitializeRequest, ProtocolConnection, PublishDiagnosticsNotification, PublishDiagnosticsParams,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver/node';
import { policyOfSize } from './policies';

const server = path.join(__dirname, '..', '..', 'dist', 'server.js');

interface Session {
  readonly connection: ProtocolConnection;
  /** Resolves with the next publication of `uri` at `version`. */
  published(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

async function start(options: { pull: boolean; itemDefaults: boolean }): Promise<Session> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const key = `${p.uri}@${p.version}`;
    waiting.get(key)?.(p);
    waiting.delete(key);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, workspaceFolders: null,
    capabilities: {
      textDocument: {
        ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        ...(options.itemDefaults ? { completion: { completionList: { itemDefaults: ['editRange', 'data'] } } } : {}),
      },
    },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    published: (uri, version) => new Promise((resolve) => waiting.set(`${uri}@${version}`, resolve)),
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      connection.dispose();
      child.kill();
    },
  };
}

function summary(samples: number[]): string {
  samples.sort((a, b) => a - b);
  const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
  return `median ${ms(samples[Math.floor(samples.length / 2)])}, p95 ${ms(samples[Math.floor(samples.length * 0.95)])} (${samples.length} edits)`;
}

/** Edit to diagnostics: each edit changes one character of the Sid of the first statement, alternating. */
async function editToDiagnostics(label: string, text: string, runs: number, pull: boolean): Promise<void> {
  const session = await start({ pull, itemDefaults: true });
  const uri = `file:///bench/${label.replace(/\W+/g, '-')}.policy.json`;
  const opened = session.published(uri, 1);
  await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
  if (pull) await session.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  else await opened;
  const samples: number[] = [];
  const at = text.indexOf('Statement0') + 'Statement'.length;
  for (let version = 2; version < runs + 2; version++) {
    const edited = text.slice(0, at) + (version % 2 ? 'X' : 'Y') + text.slice(at + 1);
    const started = process.hrtime.bigint();
    const published = pull ? undefined : session.published(uri, version);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: edited }] });
    if (pull) await session.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    else await published;
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    // A person types a character every 100 ms or so; the pause also lets a debounced check run.
    await new Promise((r) => setTimeout(r, text.length > 100_000 ? 200 : 20));
  }
  console.log(`edit to diagnostics over LSP, ${pull ? 'pulled' : 'pushed'}, ${label} (${(text.length / 1024).toFixed(0)} KB): ${summary(samples)}`);
  await session.stop();
}

async function completion(itemDefaults: boolean): Promise<void> {
  const session = await start({ pull: false, itemDefaults });
  const uri = 'file:///bench/completion.policy.json';
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": [""], "Resource": "*" }]\n}';
  const opened = session.published(uri, 1);
  await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
  await opened;
  const position = { line: 2, character: text.split('\n')[2].indexOf('[""]') + 2 };
  const samples: number[] = [];
  let size = 0;
  let count = 0;
  let first: unknown;
  for (let i = 0; i < 50; i++) {
    const started = process.hrtime.bigint();
    const result = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    size = Buffer.byteLength(JSON.stringify(result));
    const items = Array.isArray(result) ? result : result?.items ?? [];
    count = items.length;
    first = Array.isArray(result) ? items[0] : { ...items[0], data: result?.itemDefaults?.data };
  }
  const resolving: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = process.hrtime.bigint();
    await session.connection.sendRequest(CompletionResolveRequest.type, first as never);
    resolving.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`completion at "Action": ["|"]${itemDefaults ? ' (client takes itemDefaults)' : ' (no itemDefaults)'}: ${count} items, `
    + `${(size / 1024).toFixed(1)} KB; request ${summary(samples).replace(' edits', ' requests')}; resolve one item ${summary(resolving).replace(' edits', ' requests')}`);
  await session.stop();
}

async function main(): Promise<void> {
  await editToDiagnostics('6 KB policy', policyOfSize(6 * 1024), 200, false);
  await editToDiagnostics('6 KB policy', policyOfSize(6 * 1024), 200, true);
  await editToDiagnostics('1 MB document', policyOfSize(1024 * 1024), 15, false);
  await editToDiagnostics('1 MB document', policyOfSize(1024 * 1024), 15, true);
  await completion(true);
  await completion(false);
}

void main();
