/**
 * Memos of texts cut from documents, for checks that skip what they have seen give no finding (the same
 * actions and conditions recur in statement after statement, and in every check of an edited document).
 */
import { detached } from '../detached';

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
