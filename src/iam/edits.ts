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
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

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
