/**
 * A copy of a text cut from a document, for a memo that outlives the document: V8 keeps a substring (and
 * a concatenation) as a view of the text it was cut from, so a memo of such strings would keep every
 * version of an edited document alive. Slicing a concatenation copies its characters into a string of
 * its own, which is what makes the copy.
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}
