// The IAM Author language server: the language service of src/iam behind LSP. Every request handler has
// the same shape: look up the document, take the cached parse for its uri and version, call the pure
// function, convert offsets to LSP positions; an exception is logged (naming the document) and answered
// with an empty result, and so is a request the client cancelled.
import * as path from 'path';
import {
  CancellationToken, CodeAction, CodeActionKind, CompletionItem, CompletionList, Connection, DidChangeWatchedFilesNotification,
  DocumentDiagnosticReport, DocumentDiagnosticReportKind, DocumentSymbol, FileChangeType, Hover, NotificationType, TextDocuments,
  TextDocumentSyncKind, WorkspaceDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { getCatalog } from '../iam/catalog';
import { Catalog } from '../iam/catalogTypes';
import { SOURCE } from '../iam/codes';
import { AccountNames, complete, CompletionItem as IamCompletionItem } from '../iam/completion';
import { parseDocument, ParsedDocument } from '../iam/document';
import { listFolder } from '../iam/files';
import { hover } from '../iam/hover';
import { MAX_CHECKED_SIZE } from '../iam/service';
import { dataKey, diagnosticData, diagnosticKey, resolveCompletionItem, toCompletionItem, toHover, toQuickFix } from './convert';
import { ACCOUNT_NAMES_METHOD, AccountNamesParams } from './protocol';
import { SettingsStore } from './settings';
import { documentSymbols } from './symbols';
import { DEFAULT_TIMING, IAM_FILE, pathOf, ValidationTiming, Validator } from './validation';

/** `iamAuthor/accountNames` (see protocol.ts): the connected account's names, for completion. */
export const AccountNamesNotification = new NotificationType<AccountNamesParams>(ACCOUNT_NAMES_METHOD);

/** What a server is started with; the defaults suit an editor, tests pass their own. */
export interface ServerOptions {
  /** The IAM catalog, loaded on first use. */
  readonly catalog?: () => Catalog;
  readonly timing?: ValidationTiming;
}

/** The last completion list, kept so that completionItem/resolve can add each item's detail and documentation. */
interface LastCompletion {
  readonly id: number;
  readonly items: ReadonlyMap<string, IamCompletionItem>;
}

/** Starts the IAM Author language server on a connection and listens until it closes. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const catalog = options.catalog ?? getCatalog;
  const documents = new TextDocuments(TextDocument);
  const parses = new Map<string, { version: number; doc: ParsedDocument | undefined }>();
  const settings = new SettingsStore(connection);
  const validator = new Validator(connection, documents, settings, parse, catalog, options.timing ?? DEFAULT_TIMING);
  let canWatchFiles = false;
  let sharedRange = false;
  let folders: string[] = [];
  let account: AccountNames | undefined;
  let lastCompletion: LastCompletion | undefined;

  /**
   * The cached parse of a document's current version. Undefined for texts the checks refuse (too large,
   * or nested too deeply): checkText reports those itself.
   */
  function parse(document: TextDocument): ParsedDocument | undefined {
    const cached = parses.get(document.uri);
    if (cached?.version === document.version) return cached.doc;
    const text = document.getText();
    const parsed = text.length <= MAX_CHECKED_SIZE ? parseDocument(text, pathOf(document.uri) ?? document.uri) : undefined;
    const doc = parsed?.tooDeep ? undefined : parsed;
    parses.set(document.uri, { version: document.version, doc });
    return doc;
  }

  /** An open document that is a policy, trust policy or role manifest, with its parse; else undefined. */
  function iamDocument(uri: string): { document: TextDocument; doc: ParsedDocument } | undefined {
    const document = documents.get(uri);
    const doc = document && parse(document);
    return document && doc && doc.kind !== 'other' ? { document, doc } : undefined;
  }

  /**
   * Wraps a handler: an exception is logged with the document it concerns and answered with `empty`,
   * never a broken editor; a request the client cancelled is answered with `empty` without running it.
   */
  function guarded<P, R>(name: string, empty: R | ((params: P) => R), handler: (params: P, token: CancellationToken) => R | Promise<R>) {
    const emptyFor = (params: P): R => (typeof empty === 'function' ? (empty as (params: P) => R)(params) : empty);
    return async (params: P, token: CancellationToken): Promise<R> => {
      if (token.isCancellationRequested) return emptyFor(params);
      try {
        return await handler(params, token);
      } catch (e) {
        const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
        connection.console.error(`${name}${typeof uri === 'string' ? ` of ${uri}` : ''} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return emptyFor(params);
      }
    };
  }

  /** The workspace's policy and trust policy files, and those beside the manifest, as the manifest would name them. */
  function policyFilesFor(uri: string): string[] {
    const file = pathOf(uri);
    if (!file) return [];
    const folder = path.dirname(file);
    const files = new Set([...validator.iamFiles(), ...listFolder(folder).filter((n) => IAM_FILE.test(n)).map((n) => path.join(folder, n))]);
    return [...files]
      .filter((f) => !/\.role\.jsonc?$/i.test(f))
      .map((f) => path.relative(folder, f).split(path.sep).join('/'))
      .map((r) => (r.startsWith('../') ? r : `./${r}`))
      .sort((a, b) => (a.startsWith('./') === b.startsWith('./') ? a.localeCompare(b) : a.startsWith('./') ? -1 : 1));
  }

  connection.onInitialize((params) => {
    const { workspace, textDocument } = params.capabilities;
    settings.canPull = workspace?.configuration === true;
    canWatchFiles = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const defaults = textDocument?.completion?.completionList?.itemDefaults ?? [];
    sharedRange = defaults.includes('editRange') && defaults.includes('data');
    // Pull only from a client that can be asked to pull again: without refresh (Neovim 0.10) it would never
    // see the findings of files it has not opened, nor those another file's change puts in an open one.
    validator.canRefresh = workspace?.diagnostics?.refreshSupport === true;
    validator.pull = textDocument?.diagnostic !== undefined && validator.canRefresh;
    folders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
      .map((f) => pathOf(f.uri)).filter((f): f is string => f !== undefined);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: true },
        hoverProvider: true,
        documentSymbolProvider: true,
        ...(validator.pull ? { diagnosticProvider: { identifier: 'iamAuthor', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
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
    validator.scanWorkspace(folders)
      .catch((e: unknown) => connection.console.error(`Finding the workspace's IAM files failed: ${e instanceof Error ? e.message : String(e)}`));
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    validator.revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      validator.diskChanged(change.uri, change.type === FileChangeType.Deleted);
      const file = pathOf(change.uri);
      if (file) validator.fileChanged(file);
    }
  });

  connection.onNotification(AccountNamesNotification, (names) => {
    account = names ?? undefined;
  });

  /** Documents whose didOpen is being handled: TextDocuments follows it with a content change of the same text. */
  const opening = new Set<string>();
  documents.onDidOpen((e) => {
    opening.add(e.document.uri);
    if (!validator.pull) void validator.validate(e.document.uri);
    const file = pathOf(e.document.uri);
    if (file) validator.fileChanged(file);
  });
  documents.onDidChangeContent((e) => {
    if (opening.delete(e.document.uri)) return;
    // A pulling client asks for the document's diagnostics itself after each change.
    if (!validator.pull) validator.changed(e.document.uri);
    const file = pathOf(e.document.uri);
    if (file) validator.fileChanged(file);
  });
  documents.onDidClose((e) => {
    parses.delete(e.document.uri);
    settings.forget(e.document.uri);
    validator.closed(e.document.uri);
  });

  connection.languages.diagnostics.on(guarded('Diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport,
    (params) => validator.documentReport(params.textDocument.uri, params.previousResultId)));

  connection.languages.diagnostics.onWorkspace(guarded('Workspace diagnostics', { items: [] } as WorkspaceDiagnosticReport,
    async (params) => ({ items: await validator.workspaceReport(params.previousResultIds) })));

  connection.onCodeAction(guarded('Code actions', [] as CodeAction[], async (params) => {
    const document = documents.get(params.textDocument.uri);
    const only = params.context.only;
    const wanted = !only || only.some((k) => k === CodeActionKind.Empty || k === CodeActionKind.QuickFix);
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
    if (!document || !wanted || ours.length === 0) return [];
    const published = await validator.current(document);
    const byRange = new Map(published.map((p) => [diagnosticKey(p.diagnostic), p.finding]));
    const byData = new Map(published.map((p) => [dataKey(p.diagnostic.code, diagnosticData(p.diagnostic)!), p.finding]));
    return ours.flatMap((diagnostic) => {
      // The data names the finding whatever unit the client counts its range in; a range is matched as a fallback.
      const data = diagnosticData(diagnostic);
      const finding = (data && byData.get(dataKey(diagnostic.code, data))) ?? byRange.get(diagnosticKey(diagnostic));
      return (finding?.fixes ?? []).map((fix) => toQuickFix(document, fix, diagnostic));
    });
  }));

  connection.onHover(guarded('Hover', null as Hover | null, (params) => {
    const found = iamDocument(params.textDocument.uri);
    const result = found && hover(found.doc, found.document.offsetAt(params.position), catalog());
    return found && result ? toHover(found.document, result) : null;
  }));

  connection.onCompletion(guarded('Completion', [] as CompletionItem[] | CompletionList, (params) => {
    const found = iamDocument(params.textDocument.uri);
    if (!found) return [];
    const { document, doc } = found;
    const items = complete(doc, document.offsetAt(params.position), {
      catalog: catalog(), account, policyFiles: doc.kind === 'manifest' ? policyFilesFor(document.uri) : undefined,
    });
    const id = (lastCompletion?.id ?? 0) + 1;
    const byLabel = new Map<string, IamCompletionItem>();
    for (const item of items) if (!byLabel.has(item.label)) byLabel.set(item.label, item);
    lastCompletion = { id, items: byLabel };
    if (!sharedRange || items.length === 0) return items.map((item) => ({ ...toCompletionItem(document, item, false), data: { id } }));
    // Every item replaces the same string content: the range (and the data) is sent once for the list.
    const { offset, length } = items[0];
    return {
      isIncomplete: false,
      itemDefaults: { editRange: { start: document.positionAt(offset), end: document.positionAt(offset + length) }, data: { id } },
      items: items.map((item) => toCompletionItem(document, item, true)),
    };
  }));

  connection.onCompletionResolve(guarded('Completion resolve', (item: CompletionItem) => item, (item) => {
    const data = item.data as { id?: unknown } | undefined;
    const source = data?.id === lastCompletion?.id ? lastCompletion?.items.get(item.label) : undefined;
    return source ? resolveCompletionItem(item, source) : item;
  }));

  connection.onDocumentSymbol(guarded('Document symbols', [] as DocumentSymbol[], (params) => {
    const found = iamDocument(params.textDocument.uri);
    return found ? documentSymbols(found.document, found.doc) : [];
  }));

  connection.onShutdown(() => validator.dispose());

  documents.listen(connection);
  connection.listen();
}
