/**
 * Memos of texts cut from documents, for checks that skip what they have seen give no finding (the same
 * actions and conditions recur in statement after statement, and in every check of an edited document).
 */

/**
 * A copy of a text cut from a document, for a memo that outlives the document: V8 keeps a substring (and
 * a concatenation) as a view of the text it was cut from, so a memo of such strings would keep every
 * version of an edited document alive. Slicing a concatenation copies its characters into a string of
 * its own, which is what makes the copy.
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * Texts of documents that gave no finding: a set bounded by the characters it holds, as one text can be
 * as large as a document, and holding copies (see detached), not the documents the texts were cut from.
 */
export class CleanTexts {
  private readonly texts = new Set<string>();
  private characters = 0;

  /** `budget` bounds the characters held: adding past it starts again from none. */
  constructor(private readonly budget = 1_000_000) {}

  has(text: string): boolean {
    return this.texts.has(text);
  }

  add(text: string): void {
    if (this.characters + text.length > this.budget) {
      this.texts.clear();
      this.characters = 0;
    }
    this.texts.add(detached(text));
    this.characters += text.length;
  }
}
