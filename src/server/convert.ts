// Conversions from the language service's plain data (offsets into a text) to LSP types.
import {
  CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, CompletionItemTag, Diagnostic, DiagnosticSeverity, Hover, MarkupKind, Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeDocUrl, SOURCE } from '../iam/codes';
import { CompletionItem as IamCompletionItem } from '../iam/completion';
import { Finding, Fix, Severity } from '../iam/findings';
import { HoverResult } from '../iam/hover';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  securityWarning: DiagnosticSeverity.Warning,
  warning: DiagnosticSeverity.Warning,
  suggestion: DiagnosticSeverity.Information,
};

const COMPLETION_KIND: Record<IamCompletionItem['kind'], CompletionItemKind> = {
  action: CompletionItemKind.Function,
  service: CompletionItemKind.Module,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Property,
  principal: CompletionItemKind.Value,
  element: CompletionItemKind.Keyword,
  value: CompletionItemKind.EnumMember,
  file: CompletionItemKind.File,
};

export function toRange(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

/**
 * What a diagnostic carries for the code action request that sends it back: the finding's place as
 * offsets into the checked version, which a client cannot get wrong (Neovim 0.7 sends ranges back in
 * bytes, not UTF-16 code units).
 */
export interface DiagnosticData {
  readonly version: number | null;
  readonly offset: number;
  readonly length: number;
}

/** The data of a diagnostic a client sent back, if it is ours and well formed. */
export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const { version, offset, length } = data;
  return (version === null || typeof version === 'number') && typeof offset === 'number' && typeof length === 'number' ? { version, offset, length } : undefined;
}

export function toDiagnostic(document: TextDocument, finding: Finding, version?: number): Diagnostic {
  const data: DiagnosticData = { version: version ?? null, offset: finding.offset, length: finding.length };
  return {
    range: toRange(document, finding.offset, finding.length),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: codeDocUrl(finding.code) },
    source: SOURCE,
    message: finding.message,
    data,
  };
}

/** Identifies a diagnostic by source, code and range: a client sends diagnostics back without our objects. */
export function diagnosticKey(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.source}|${String(d.code)}|${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Identifies a diagnostic by code and the offsets its data carries, at the version it names. */
export function dataKey(code: unknown, data: DiagnosticData): string {
  return `${String(code)}|${data.version}|${data.offset}:${data.length}`;
}

export function toQuickFix(document: TextDocument, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred === true,
    edit: {
      changes: {
        [document.uri]: fix.edits.map((e) => ({ range: toRange(document, e.offset, e.length), newText: e.newText })),
      },
    },
  };
}

export function toHover(document: TextDocument, result: HoverResult): Hover {
  return {
    contents: { kind: MarkupKind.Markdown, value: result.markdown },
    range: toRange(document, result.offset, result.length),
  };
}

/**
 * A completion item as the list carries it: label, kind and what it inserts, no detail or documentation
 * (completionItem/resolve adds them). With `sharedRange` the client takes the range from the list's
 * itemDefaults.editRange and only a different insert text is sent.
 */
export function toCompletionItem(document: TextDocument, item: IamCompletionItem, sharedRange: boolean): CompletionItem {
  return {
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    ...(item.filterText !== undefined ? { filterText: item.filterText } : {}),
    ...(item.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
    ...(sharedRange
      ? (item.insertText !== item.label ? { textEditText: item.insertText } : {})
      : { textEdit: { range: toRange(document, item.offset, item.length), newText: item.insertText } }),
  };
}

/** The detail and documentation of a completion item, for completionItem/resolve. */
export function resolveCompletionItem(lean: CompletionItem, item: IamCompletionItem): CompletionItem {
  return {
    ...lean,
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    ...(item.documentation !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
  };
}
