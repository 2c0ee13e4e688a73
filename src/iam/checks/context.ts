import { Node } from 'jsonc-parser';
import { Catalog } from '../catalogTypes';
import { Code, defaultSeverity } from '../codes';
import { DocumentKind, MAX_NESTING, parseDocument, ParsedDocument, StringValue } from '../document';
import { Finding, Fix, Severity, TextEdit } from '../findings';

// "Did you mean" lives in suggest.ts and the edit helpers in edits.ts; re-exported for the checks
// that import them from here.
export { closest } from '../suggest';
export { indentationAt, removeElement, replaceString, replaceValue } from '../edits';

/** Larger documents are not checked (IAM's own limit is 10,240 characters): one finding says so. */
export const MAX_CHECKED_SIZE = 4 * 1024 * 1024;

/**
 * Parses a text to check it, or says why it cannot be checked at all (too large, or nested too deeply to
 * parse safely) as the message of a DOCUMENT_TOO_LARGE finding. A text too large is not parsed; nesting
 * is measured by the parse itself. `parsed` is a parse of the same text made earlier.
 */
export function parseForCheck(text: string, fileName: string, kind?: DocumentKind, parsed?: ParsedDocument): { doc: ParsedDocument } | { refused: string } {
  if (text.length > MAX_CHECKED_SIZE) {
    return { refused: `This document is too large to check (IAM accepts policies of at most 10,240 characters); checks are off for it. Size: ${text.length} characters` };
  }
  const doc = parsed ?? parseDocument(text, fileName, kind);
  if (doc.tooDeep) {
    return { refused: `This document is nested too deeply to be a policy; checks are off for it. Nesting: more than ${MAX_NESTING} levels` };
  }
  return { doc };
}

/** The one finding of a text that cannot be checked, on its first character. */
export function tooLarge(text: string, message: string): Finding {
  return { code: 'DOCUMENT_TOO_LARGE', severity: defaultSeverity('DOCUMENT_TOO_LARGE'), message, offset: 0, length: Math.min(1, text.length), fixes: [] };
}

/** A range to report: a node, a string's content, or explicit offsets. */
export type Target = Node | StringValue | { offset: number; length: number };

/**
 * Collects the findings of one document (or, for a manifest's referenced file, of that file). The
 * manifest loader reports through one of these; the checks, which also look actions up, through a
 * CheckContext.
 */
export class FindingCollector {
  readonly findings: Finding[] = [];

  constructor(
    readonly doc: ParsedDocument,
    /** Set when the findings belong to another file than the one being checked. */
    readonly file?: string,
  ) {}

  /** Adds a finding; `severity` overrides the code's default where a check knows better. */
  report(code: Code, target: Target, message: string, fixes: Fix[] = [], severity: Severity = defaultSeverity(code)): void {
    // Offsets within a string are computed on its decoded value; in malformed text or strings with
    // escapes they can run past the raw text. Clamp the range, and drop a fix that would edit outside it.
    const size = this.doc.text.length;
    const offset = Math.min(Math.max(0, target.offset), size);
    const inside = (e: TextEdit) => e.offset >= 0 && e.length >= 0 && e.offset + e.length <= size;
    this.findings.push({
      code,
      severity,
      message,
      offset,
      length: Math.max(0, Math.min(target.length, size - offset)),
      fixes: fixes.filter((f) => f.edits.every(inside)),
      ...(this.file ? { file: this.file } : {}),
    });
  }
}

/** What the checks report through: a FindingCollector with the catalog they look actions up in. */
export class CheckContext extends FindingCollector {
  private loaded: Catalog | undefined;

  constructor(
    doc: ParsedDocument,
    /** Gives the catalog; asked once, on first use, so that a document with only grammar problems never loads it. */
    private readonly catalogSource: () => Catalog,
    file?: string,
  ) {
    super(doc, file);
  }

  /** The catalog the checks look actions, resource types and condition keys up in. */
  get catalog(): Catalog {
    return (this.loaded ??= this.catalogSource());
  }
}
