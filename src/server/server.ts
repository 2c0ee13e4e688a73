import {
  CodeAction, CodeActionKind, CompletionItem as LspCompletionItem, CompletionItemKind, Connection, Diagnostic, DiagnosticSeverity, DocumentSymbol, Hover, MarkupKind, SymbolKind,
  TextDocuments, TextDocumentSyncKind, TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { codeDocUrl, SOURCE } from '../iam/codes';
import { parseDocument, ParsedDocument, stringValue } from '../iam/document';
import { listFolder, readFileIfExists } from '../iam/files';
import { Finding, Severity } from '../iam/findings';
import { complete, CompletionItem } from '../iam/completion';
import { hover } from '../iam/hover';
import { applyOverrides, checkText } from '../iam/service';

/** The settings the server reads from the client (`iamAuthor.*`). */
interface Settings {
  validate: { enable: boolean };
  diagnostics: { overrides: Record<string, Severity | 'off'> };
}

const DEFAULT_SETTINGS: Settings = { validate: { enable: true }, diagnostics: { overrides: {} } };
/** Checks wait for a pause in typing this long; a newer keystroke cancels the pending check. */
const DEBOUNCE_MS = 150;

const COMPLETION_KIND: Record<CompletionItem['kind'], CompletionItemKind> = {
  action: CompletionItemKind.Function,
  service: CompletionItemKind.Module,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Property,
  principal: CompletionItemKind.Value,
  element: CompletionItemKind.Keyword,
  value: CompletionItemKind.EnumMember,
};

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  securityWarning: DiagnosticSeverity.Warning,
  warning: DiagnosticSeverity.Warning,
  suggestion: DiagnosticSeverity.Information,
};

/** Starts the IAM Author language server on a connection and listens until it closes. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const parsed = new Map<string, { version: number; doc: ParsedDocument }>();
  const pending = new Map<string, NodeJS.Timeout>();
  /** Each document's own findings, as last published. */
  const ownDiagnostics = new Map<string, Diagnostic[]>();
  /** For each other file, the findings that each checked document reported in it. */
  const foreign = new Map<string, Map<string, Diagnostic[]>>();
  let settings = DEFAULT_SETTINGS;
  let canReadConfiguration = false;

  /** The cached parse for the document's uri and version. */
  function parse(document: TextDocument): ParsedDocument {
    const cached = parsed.get(document.uri);
    if (cached?.version === document.version) return cached.doc;
    const doc = parseDocument(document.getText(), fileNameOf(document.uri));
    parsed.set(document.uri, { version: document.version, doc });
    return doc;
  }

  /** Wraps a handler: an exception is logged and answered with `empty`, never a broken editor. */
  function guarded<P, R>(name: string, empty: R, handler: (params: P) => R): (params: P) => R {
    return (params: P) => {
      try {
        return handler(params);
      } catch (e) {
        connection.console.error(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return empty;
      }
    };
  }

  /** Manifests' referenced files: the open document's text wins over the file on disk. */
  function readFile(path: string): string | undefined {
    return documents.get(URI.file(path).toString())?.getText() ?? readFileIfExists(path);
  }

  function toDiagnostic(text: TextDocument | string, f: Finding): Diagnostic {
    const positionAt = typeof text === 'string' ? offsetToPosition(text) : (o: number) => text.positionAt(o);
    return {
      range: { start: positionAt(f.offset), end: positionAt(f.offset + f.length) },
      severity: SEVERITY[f.severity],
      code: f.code,
      codeDescription: { href: codeDocUrl(f.code) },
      source: SOURCE,
      message: f.message,
      data: { fixes: f.fixes },
    };
  }

  function publish(uri: string): void {
    const own = ownDiagnostics.get(uri) ?? [];
    const fromOthers = [...(foreign.get(uri)?.values() ?? [])].flat();
    const seen = new Set(own.map(key));
    void connection.sendDiagnostics({ uri, diagnostics: [...own, ...fromOthers.filter((d) => !seen.has(key(d)))] });
  }

  const validate = guarded('validate', undefined, (document: TextDocument) => {
    const uri = document.uri;
    if (!settings.validate.enable) {
      ownDiagnostics.set(uri, []);
      publish(uri);
      return;
    }
    const doc = parse(document);
    const findings = applyOverrides(checkText(document.getText(), { fileName: doc.fileName, readFile, readDir: listFolder, parsed: doc }), settings.diagnostics.overrides);
    ownDiagnostics.set(uri, findings.filter((f) => !f.file).map((f) => toDiagnostic(document, f)));
    publish(uri);
    // Findings in files a manifest refers to go to those files, replacing what this manifest said before.
    const byFile = new Map<string, Diagnostic[]>();
    for (const f of findings.filter((x) => x.file)) {
      const other = URI.file(f.file!).toString();
      const text = readFile(f.file!) ?? '';
      byFile.set(other, [...(byFile.get(other) ?? []), toDiagnostic(documents.get(other) ?? text, f)]);
    }
    for (const [other, reports] of foreign) {
      if (reports.delete(uri) && !byFile.has(other)) publish(other);
    }
    for (const [other, diagnostics] of byFile) {
      if (!foreign.has(other)) foreign.set(other, new Map());
      foreign.get(other)!.set(uri, diagnostics);
      publish(other);
    }
  });

  function schedule(document: TextDocument): void {
    clearTimeout(pending.get(document.uri));
    pending.set(document.uri, setTimeout(() => {
      pending.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) validate(current);
    }, DEBOUNCE_MS));
  }

  async function loadSettings(): Promise<void> {
    if (!canReadConfiguration) return;
    const [config] = await connection.workspace.getConfiguration([{ section: 'iamAuthor' }]);
    settings = {
      validate: { enable: config?.validate?.enable !== false },
      diagnostics: { overrides: typeof config?.diagnostics?.overrides === 'object' && config.diagnostics.overrides ? config.diagnostics.overrides : {} },
    };
  }

  connection.onInitialize((params) => {
    canReadConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', '"'] },
      },
      serverInfo: { name: 'IAM Author' },
    };
  });
  connection.onInitialized(() => void loadSettings().catch((e) => connection.console.error(String(e))));
  connection.onDidChangeConfiguration(async () => {
    await loadSettings().catch((e) => connection.console.error(String(e)));
    for (const document of documents.all()) schedule(document);
  });

  documents.onDidOpen((e) => validate(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    parsed.delete(e.document.uri);
    ownDiagnostics.delete(e.document.uri);
    for (const [other, reports] of foreign) if (reports.delete(e.document.uri)) publish(other);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(guarded('codeAction', [] as CodeAction[], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const fixes = (diagnostic.data as { fixes?: Finding['fixes'] } | undefined)?.fixes ?? [];
      for (const fix of fixes) {
        const edits: TextEdit[] = fix.edits.map((e) => ({
          range: { start: document.positionAt(e.offset), end: document.positionAt(e.offset + e.length) },
          newText: e.newText,
        }));
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred,
          edit: { changes: { [document.uri]: edits } },
        });
      }
    }
    return actions;
  }));

  connection.onHover(guarded('hover', null as Hover | null, (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const result = hover(parse(document), document.offsetAt(params.position));
    if (!result) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: result.markdown },
      range: { start: document.positionAt(result.offset), end: document.positionAt(result.offset + result.length) },
    };
  }));

  connection.onCompletion(guarded('completion', [] as LspCompletionItem[], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return complete(parse(document), document.offsetAt(params.position)).map((item) => ({
      label: item.label,
      kind: COMPLETION_KIND[item.kind],
      detail: item.detail,
      documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
      textEdit: {
        range: { start: document.positionAt(item.offset), end: document.positionAt(item.offset + item.length) },
        newText: item.insertText,
      },
    }));
  }));

  connection.onDocumentSymbol(guarded('documentSymbol', [] as DocumentSymbol[], (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const doc = parse(document);
    return (doc.policy?.statements ?? []).map((s) => {
      const sid = stringValue(s.properties.get('Sid')?.value)?.value;
      const effect = stringValue(s.properties.get('Effect')?.value)?.value;
      const range = { start: document.positionAt(s.node.offset), end: document.positionAt(s.node.offset + s.node.length) };
      return { name: sid || `Statement ${s.index + 1}`, detail: effect, kind: SymbolKind.Object, range, selectionRange: range };
    });
  }));

  documents.listen(connection);
  connection.listen();
}

/** The file path of a document uri (untitled documents keep their uri as name). */
function fileNameOf(uri: string): string {
  return uri.startsWith('file:') ? URI.parse(uri).fsPath : uri;
}

function key(d: Diagnostic): string {
  return `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

/** Offset-to-position for a text that is not an open document (a manifest's referenced file on disk). */
function offsetToPosition(text: string): (offset: number) => { line: number; character: number } {
  const document = TextDocument.create('file:///', 'json', 0, text);
  return (offset) => document.positionAt(offset);
}
