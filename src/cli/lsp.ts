import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from '../server/server';

/**
 * `iam-author lsp --stdio`: the language server over standard input and output, for any LSP editor.
 * Runs until the client sends `exit` (the library then exits the process), stops when standard input
 * closes, and exits when the editor's process (initialize's processId) goes away.
 */
export async function runLsp(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== '--stdio') {
    console.error('iam-author lsp: the server speaks LSP over standard input and output: iam-author lsp --stdio');
    return 2;
  }
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  // Anything written to stdout would corrupt the protocol stream: console output goes to the client's log.
  const text = (values: unknown[]) => values.map(String).join(' ');
  console.log = console.info = console.debug = (...values: unknown[]) => connection.console.log(text(values));
  console.warn = (...values: unknown[]) => connection.console.warn(text(values));
  console.error = (...values: unknown[]) => connection.console.error(text(values));
  startServer(connection);
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  // The client is gone. Exit now, as the library does on IPC: its watch of the editor's process would
  // otherwise keep this one alive.
  process.exit(0);
}
