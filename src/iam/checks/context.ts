import { Node } from 'jsonc-parser';
import { getCatalog } from '../catalog';
import { Action, Catalog } from '../catalogTypes';
import { Code, defaultSeverity } from '../codes';
import { ParsedDocument, StringValue } from '../document';
import { Finding, Fix, Severity, TextEdit } from '../findings';

// "Did you mean" lives in suggest.ts; re-exported for the checks that import it from here.
export { closest } from '../suggest';

/** A range to report: a node, a string's content, or explicit offsets. */
export type Target = Node | StringValue | { offset: number; length: number };

/** Collects the findings of one document (or, for a manifest's referenced file, of that file). */
export class CheckContext {
  readonly findings: Finding[] = [];
  /** Action patterns resolved during this check (see resolveActions). */
  readonly resolved = new Map<string, readonly Action[]>();

  constructor(
    readonly doc: ParsedDocument,
    /** Set when the findings belong to another file than the one being checked. */
    readonly file?: string,
  ) {}

  /** The catalog, loaded on first use so that a document with only grammar problems never pays for it. */
  get catalog(): Catalog {
    return getCatalog();
  }

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

/** The JSON text of a string value, without the quotes (for replacing a string's content). */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** An edit replacing the content of a string (between its quotes). */
export function replaceString(target: StringValue, value: string): TextEdit {
  return { offset: target.offset, length: target.length, newText: jsonStringContent(value) };
}

/** The indentation of the line that contains an offset. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/**
 * An edit removing one element of an array or one property of an object, together with the comma
 * that separates it from its neighbour.
 */
export function removeElement(container: Node, element: Node): TextEdit {
  const siblings = container.children ?? [];
  const i = siblings.indexOf(element);
  if (siblings.length === 1) {
    return { offset: container.offset + 1, length: container.length - 2, newText: '' };
  }
  if (i < siblings.length - 1) {
    const next = siblings[i + 1];
    return { offset: element.offset, length: next.offset - element.offset, newText: '' };
  }
  const previous = siblings[i - 1];
  const end = previous.offset + previous.length;
  return { offset: end, length: element.offset + element.length - end, newText: '' };
}
