import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands } from './commandIds';

/** The JSON documents the server is sent; it decides itself which of them are IAM documents. */
const documentSelector = ['file', 'untitled'].flatMap((scheme) =>
  ['json', 'jsonc'].map((language) => ({ scheme, language })),
);

/**
 * Starts the IAM Author language server (dist/server.js, in its own process so that checking a large
 * document never blocks the extension host) and registers the command that restarts it.
 */
export async function startLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    synchronize: { configurationSection: 'iamAuthor' },
  };
  const client = new LanguageClient('iamAuthor', 'IAM Author', serverOptions, clientOptions);
  context.subscriptions.push(
    client,
    vscode.commands.registerCommand(Commands.restartLanguageServer, () => client.restart()),
  );
  await client.start();
  return client;
}
