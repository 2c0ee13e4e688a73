// Shared by the checks-*.test.ts files: one marked finding per document, asserted exactly.
import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { applyEdits, marked } from './helpers';

/** A document with the offending range marked [[...]] and the one finding it must produce. */
export interface FindingCase {
  readonly name: string;
  readonly source: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  /** The file name, which decides the document kind; `x.policy.json` when absent. */
  readonly file?: string;
  /** The whole text after applying the preferred fix; absent when the finding has no fix. */
  readonly fixed?: string;
  /** Codes of other findings the document rightly has as well. */
  readonly also?: readonly string[];
}

/** A policy document around one or more statements. */
export const policy = (statements: string) => `{ "Version": "2012-10-17", "Statement": [ ${statements} ] }`;

/** Registers one mocha test per case: exactly this finding (code, severity, range, message) and its fix. */
export function describeCases(cases: readonly FindingCase[]): void {
  for (const c of cases) {
    it(`${c.code}: ${c.name}`, () => {
      const { text, offset, length } = marked(c.source);
      const fileName = c.file ?? 'x.policy.json';
      const findings = checkText(text, { catalog: getCatalog, fileName, readFile: () => undefined });
      const others = findings.filter((f) => f.code !== c.code).map((f) => f.code);
      assert.deepStrictEqual(others, [...(c.also ?? [])], 'other findings');
      assert.deepStrictEqual(findings.filter((f) => f.code === c.code).map((f) => ({ code: f.code, severity: f.severity, range: text.slice(f.offset, f.offset + f.length), offset: f.offset, length: f.length, message: f.message })),
        [{ code: c.code, severity: c.severity, range: text.slice(offset, offset + length), offset, length, message: c.message }]);
      const [finding] = findings.filter((f) => f.code === c.code);
      const fix = finding.fixes.find((f) => f.isPreferred);
      if (c.fixed === undefined) {
        assert.strictEqual(fix, undefined, 'no preferred fix');
        return;
      }
      assert.ok(fix, 'a preferred fix');
      const after = applyEdits(text, fix.edits);
      assert.strictEqual(after, c.fixed);
      assert.deepStrictEqual(checkText(after, { catalog: getCatalog, fileName, readFile: () => undefined }).filter((f) => f.code === c.code), [], 'the fix resolves it');
    });
  }
}

/** Asserts that documents get no finding at all. */
export function assertClean(sources: readonly string[], fileName = 'x.policy.json'): void {
  for (const text of sources) assert.deepStrictEqual(checkText(text, { catalog: getCatalog, fileName }).map((f) => `${f.code} ${text.slice(f.offset, f.offset + f.length)}`), [], text);
}
