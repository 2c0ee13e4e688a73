// The IAM Author language server: the language service of src/iam behind LSP. Every request handler has
// the same shape: look up the document, take the cached parse for its uri and version, call the pure
// function, convert offsets to LSP positions; an exception is logged and answered with an empty result.
import {
  CodeAction, CodeActionKind, CompletionItem, Connection, DidChangeWatchedFilesNotification, DocumentSymbol, Hover,
  TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { SOURCE } from '../iam/codes';
import { complete } from '../iam/completion';
import { parseDocument, ParsedDocument } from '../iam/document';
import { hover } from '../iam/hover';
import { MAX_CHECKED_SIZE } from '../iam/service';
import { diagnosticKey, toCompletionItem, toHover, toQuickFix } from './convert';
import { SettingsStore } from './settings';
import { documentSymbols } from './symbols';
import { pathOf, Validator } from './validation';

/** Starts the IAM Author language server on a connection and listens until it closes. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const parses = new Map<string, { version: number; doc: ParsedDocument | undefined }>();
  const settings = new SettingsStore(connection);
  const validator = new Validator(connection, documents, settings, parse);
  let canWatchFiles = false;

  /**
   * The cached parse of a document's current version. Undefined for texts the checks refuse (too large),
   * and for nesting so deep that the parser runs out of stack: checkText reports those itself.
   */
  function parse(document: TextDocument): ParsedDocument | undefined {
    const cached = parses.get(document.uri);
    if (cached?.version === document.version) return cached.doc;
    const text = document.getText();
    let doc: ParsedDocument | undefined;
    if (text.length <= MAX_CHECKED_SIZE) {
      try {
        doc = parseDocument(text, pathOf(document.uri) ?? document.uri);
      } catch {
        doc = undefined;
      }
    }
    parses.set(document.uri, { version: document.version, doc });
    return doc;
  }

  /** An open document that is a policy, trust policy or role manifest, with its parse; else undefined. */
  function iamDocument(uri: string): { document: TextDocument; doc: ParsedDocument } | undefined {
    const document = documents.get(uri);
    const doc = document && parse(document);
    return document && doc && doc.kind !== 'other' ? { document, doc } : undefined;
  }

  /** Wraps a handler: an exception is logged and answered with `empty`, never a broken editor. */
  function guarded<P, R>(name: string, empty: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (e) {
        connection.console.error(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return empty;
      }
    };
  }

  connection.onInitialize((params) => {
    const workspace = params.capabilities.workspace;
    settings.canPull = workspace?.configuration === true;
    canWatchFiles = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: ['"', ':'] },
        hoverProvider: true,
        documentSymbolProvider: true,
      },
      serverInfo: { name: SOURCE, version },
    };
  });

  connection.onInitialized(() => {
    // Referenced files and sibling manifests may change outside the editor (git, another tool).
    if (canWatchFiles) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{json,jsonc}' }] })
        .catch((e: unknown) => connection.console.error(`Watching files failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    validator.revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = pathOf(change.uri);
      if (file) validator.fileChanged(file);
    }
  });

  /** Documents whose didOpen is being handled: TextDocuments follows it with a content change of the same text. */
  const opening = new Set<string>();
  documents.onDidOpen((e) => {
    opening.add(e.document.uri);
    void validator.validate(e.document.uri);
    const file = pathOf(e.document.uri);
    if (file) validator.fileChanged(file);
  });
  documents.onDidChangeContent((e) => {
    if (opening.delete(e.document.uri)) return;
    validator.schedule(e.document.uri);
    const file = pathOf(e.document.uri);
    if (file) validator.fileChanged(file);
  });
  documents.onDidClose((e) => {
    parses.delete(e.document.uri);
    settings.forget(e.document.uri);
    validator.closed(e.document.uri);
  });

  connection.onCodeAction(guarded('Code actions', [] as CodeAction[], async (params) => {
    const document = documents.get(params.textDocument.uri);
    const only = params.context.only;
    const wanted = !only || only.some((k) => k === CodeActionKind.Empty || k === CodeActionKind.QuickFix);
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
    if (!document || !wanted || ours.length === 0) return [];
    const published = new Map((await validator.current(document)).map((p) => [diagnosticKey(p.diagnostic), p.finding]));
    return ours.flatMap((diagnostic) =>
      (published.get(diagnosticKey(diagnostic))?.fixes ?? []).map((fix) => toQuickFix(document, fix, diagnostic)));
  }));

  connection.onHover(guarded('Hover', null as Hover | null, (params) => {
    const found = iamDocument(params.textDocument.uri);
    const result = found && hover(found.doc, found.document.offsetAt(params.position));
    return found && result ? toHover(found.document, result) : null;
  }));

  connection.onCompletion(guarded('Completion', [] as CompletionItem[], (params) => {
    const found = iamDocument(params.textDocument.uri);
    if (!found) return [];
    return complete(found.doc, found.document.offsetAt(params.position)).map((item) => toCompletionItem(found.document, item));
  }));

  connection.onDocumentSymbol(guarded('Document symbols', [] as DocumentSymbol[], (params) => {
    const found = iamDocument(params.textDocument.uri);
    return found ? documentSymbols(found.document, found.doc) : [];
  }));

  connection.onShutdown(() => validator.dispose());

  documents.listen(connection);
  connection.listen();
}
