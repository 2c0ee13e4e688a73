// Conversions from the language service's plain data (offsets into a text) to LSP types.
import {
  CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, Diagnostic, DiagnosticSeverity, Hover, MarkupKind, Range,
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
};

export function toRange(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: toRange(document, finding.offset, finding.length),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: codeDocUrl(finding.code) },
    source: SOURCE,
    message: finding.message,
  };
}

/** Identifies a diagnostic by source, code and range: a client sends diagnostics back without our objects. */
export function diagnosticKey(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.source}|${String(d.code)}|${start.line}:${start.character}-${end.line}:${end.character}`;
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

export function toCompletionItem(document: TextDocument, item: IamCompletionItem): CompletionItem {
  return {
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    detail: item.detail,
    documentation: item.documentation === undefined ? undefined : { kind: MarkupKind.Markdown, value: item.documentation },
    textEdit: { range: toRange(document, item.offset, item.length), newText: item.insertText },
  };
}
