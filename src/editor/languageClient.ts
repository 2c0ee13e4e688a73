import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands } from './commandIds';

/** The JSON documents the server is sent; it decides itself which of them are IAM documents. */
const documentSelector = ['file', 'untitled'].flatMap((scheme) =>
  ['json', 'jsonc'].map((language) => ({ scheme, language })),
);

/** The files package.json's jsonValidation gives a schema: VS Code's JSON support completes their element names. */
const SCHEMA_FILE = /\.(policy|trust|role)\.jsonc?$/;

/**
 * The server's completion without the element names (`Effect`, `Action`, a manifest's `RoleName`...) in
 * the files VS Code's JSON support already completes them in from the schemas, which would otherwise show
 * each twice. Other editors, and JSON files recognised by their content, keep them.
 */
function withoutSchemaElements(document: vscode.TextDocument, result: vscode.CompletionItem[] | vscode.CompletionList | null | undefined) {
  if (!result || !SCHEMA_FILE.test(document.fileName)) return result;
  const keep = (item: vscode.CompletionItem) => item.kind !== vscode.CompletionItemKind.Keyword;
  return Array.isArray(result) ? result.filter(keep) : new vscode.CompletionList(result.items.filter(keep), result.isIncomplete);
}

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
    middleware: {
      provideCompletionItem: async (document, position, context, token, next) =>
        withoutSchemaElements(document, await next(document, position, context, token)),
    },
  };
  const client = new LanguageClient('iamAuthor', 'IAM Author', serverOptions, clientOptions);
  context.subscriptions.push(
    client,
    vscode.commands.registerCommand(Commands.restartLanguageServer, () => client.restart()),
  );
  await client.start();
  return client;
}
