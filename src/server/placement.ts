// Placing a check's findings in the files they belong to: a role manifest reports the mistakes of the
// policy files it refers to in those files. One place for the language server and `iam-author check`.
import { Range, TextDocument } from 'vscode-languageserver-textdocument';
import { Finding } from '../iam/findings';

/** A finding in the text it belongs to, with its range there. */
export interface Placed {
  readonly document: TextDocument;
  readonly finding: Finding;
  readonly range: Range;
}

/**
 * Places the findings of a check of `checked`: a finding with `file` goes to the text `documentOf` gives
 * for that file, any other to `checked`. A finding of a file `documentOf` has no text for is dropped: a
 * check reports only in files it read, so there is nothing to place it in.
 */
export function placeFindings(
  findings: readonly Finding[],
  checked: TextDocument,
  documentOf: (file: string) => TextDocument | undefined,
): Placed[] {
  const placed: Placed[] = [];
  for (const finding of findings) {
    const document = finding.file === undefined ? checked : documentOf(finding.file);
    if (!document) continue;
    placed.push({ document, finding, range: { start: document.positionAt(finding.offset), end: document.positionAt(finding.offset + finding.length) } });
  }
  return placed;
}

/** Identifies a placed finding by its file, code and offsets: the same mistake reported by two checks is one. */
export function placedKey(p: Placed): string {
  return `${p.document.uri}\0${p.finding.code}\0${p.finding.offset}\0${p.finding.length}`;
}
