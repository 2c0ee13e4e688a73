import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from '../server/server';

/** `iam-author lsp --stdio`: the language server over standard input and output, for any LSP editor. */
export async function runLsp(args: string[]): Promise<number> {
  if (!args.includes('--stdio')) {
    console.error('iam-author lsp: only --stdio is supported: iam-author lsp --stdio');
    return 2;
  }
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  // Anything printed would corrupt the protocol stream: send logs to the client instead.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  startServer(connection);
  await new Promise<void>((resolve) => connection.onExit(() => resolve()));
  return 0;
}
