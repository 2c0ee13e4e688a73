// Shared by the unit tests.
import { TextEdit } from '../../src/iam/findings';

/** Applies non-overlapping edits (offsets into the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset)
    .reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

/** A text with one range marked `[[...]]` (the last `]]` closes it): the text without the markers, and the marked offset and length. */
export function marked(source: string): { text: string; offset: number; length: number } {
  const start = source.indexOf('[[');
  const end = source.lastIndexOf(']]');
  if (start < 0 || end < start) throw new Error(`no [[range]] in ${source}`);
  return { text: source.slice(0, start) + source.slice(start + 2, end) + source.slice(end + 2), offset: start, length: end - start - 2 };
}
