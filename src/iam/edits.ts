import { Node } from 'jsonc-parser';
import { StringValue } from './document';
import { TextEdit } from './findings';

// Building blocks of quick fixes: every fix is a list of text edits against the checked text, so that
// the editor, the language server and the CLI apply them the same way.

/** The JSON text of a string value, without the quotes (for replacing a string's content). */
function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** An edit replacing the content of a string (between its quotes) with another value, escaped as JSON. */
export function replaceString(target: StringValue, value: string): TextEdit {
  return { offset: target.offset, length: target.length, newText: jsonStringContent(value) };
}

/** An edit replacing a whole value (a node) with a JSON value, written on one line. */
export function replaceValue(node: Node, value: unknown): TextEdit {
  return { offset: node.offset, length: node.length, newText: JSON.stringify(value) };
}

/** The indentation of the line that contains an offset; empty at the start of a text or line. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = lineStartOf(text, offset);
  let end = lineStart;
  while (end < offset && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(lineStart, end);
}

/**
 * Where the line of an offset starts. Fixes ask for many offsets of one text, and searching back for the
 * line break from each would read a document written on one line (a minified policy) once per fix: the
 * line breaks of the last text are found once, and the line by binary search.
 */
function lineStartOf(text: string, offset: number): number {
  if (text !== lines.text) {
    const breaks: number[] = [];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
    lines = { text, breaks };
  }
  // The last line break before `offset`, as text.lastIndexOf('\n', offset - 1) finds it.
  const { breaks } = lines;
  let low = 0;
  let high = breaks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (breaks[mid] <= offset - 1) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? 0 : breaks[low - 1] + 1;
}
let lines: { text: string; breaks: number[] } = { text: '', breaks: [] };

/**
 * An edit removing one element of an array or one property of an object, together with the comma
 * that separates it from its neighbour. `element` must be a child of `container`; otherwise nothing
 * is removed (an empty edit at the element).
 */
export function removeElement(container: Node, element: Node): TextEdit {
  const siblings = container.children ?? [];
  const i = siblings.indexOf(element);
  if (i < 0) return { offset: element.offset, length: 0, newText: '' };
  if (siblings.length === 1) {
    return { offset: container.offset + 1, length: Math.max(0, container.length - 2), newText: '' };
  }
  if (i < siblings.length - 1) {
    const next = siblings[i + 1];
    return { offset: element.offset, length: next.offset - element.offset, newText: '' };
  }
  const previous = siblings[i - 1];
  const end = previous.offset + previous.length;
  return { offset: end, length: element.offset + element.length - end, newText: '' };
}
