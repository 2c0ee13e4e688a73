// Shared by the completion tests: the cursor is written as `|` in the source, json-languageservice style.
import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { complete, CompletionContext, CompletionItem } from '../../src/iam/completion';
import { parseDocument } from '../../src/iam/document';
import { applyEdits } from './helpers';

/** Completion at the `|` of a source, in a file of the given name, and the text without the `|`. */
export function at(source: string, fileName = 'x.policy.json', ctx: Partial<CompletionContext> = {}): { items: CompletionItem[]; text: string } {
  const offset = source.indexOf('|');
  if (offset < 0) throw new Error(`no | in ${source}`);
  const text = source.slice(0, offset) + source.slice(offset + 1);
  return { items: complete(parseDocument(text, fileName), offset, { catalog: getCatalog(), ...ctx }), text };
}

/** The labels proposed at the `|` of a source, in order. */
export function labels(source: string, fileName?: string, ctx?: Partial<CompletionContext>): string[] {
  return at(source, fileName, ctx).items.map((i) => i.label);
}

/**
 * The text every proposal at the `|` replaces, with `[[` and `]]` around it (helpers.ts' `marked`); every
 * proposal of one position must replace the same range (the server sends it once, as the list's editRange).
 */
export function replaced(source: string, fileName?: string, ctx?: Partial<CompletionContext>): string {
  const { items, text } = at(source, fileName, ctx);
  if (items.length === 0) throw new Error(`no proposals at the | of ${source}`);
  const ranges = new Set(items.map((i) => `${i.offset}:${i.length}`));
  assert.deepStrictEqual([...ranges], [`${items[0].offset}:${items[0].length}`], 'every proposal replaces the same range');
  const { offset, length } = items[0];
  return text.slice(0, offset) + '[[' + text.slice(offset, offset + length) + ']]' + text.slice(offset + length);
}

/**
 * The text after accepting the proposal labelled `label` at the `|` of a source, as a client applies it
 * (its edit replaces its range with its insert text; the items carry no additional edits), with `|` where
 * the cursor ends: after the inserted text.
 */
export function accept(source: string, label: string, fileName?: string, ctx?: Partial<CompletionContext>): string {
  const { items, text } = at(source, fileName, ctx);
  const matching = items.filter((i) => i.label === label);
  if (matching.length !== 1) {
    throw new Error(`${matching.length} items ${label} among ${items.length}: ${items.slice(0, 10).map((i) => i.label).join(', ')}`);
  }
  const [item] = matching;
  const cursor = '\u0000';
  return applyEdits(text, [{ offset: item.offset, length: item.length, newText: item.insertText + cursor }]).replace(cursor, '|');
}

/** A policy document with the given statement text. */
export const policy = (statement: string): string => `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;
