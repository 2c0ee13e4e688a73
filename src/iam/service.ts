import { CheckContext, parseForCheck, tooLarge } from './checks/context';
import { checkDuplicateKeys } from './checks/grammar';
import { checkManifest, ReadDir, ReadFile } from './checks/manifest';
import { checkPolicy } from './checks/policy';
import { Catalog } from './catalogTypes';
import { ParsedDocument } from './document';
import { Finding, Severity } from './findings';

/** Larger documents get one "too large to check" finding instead of checks (IAM's own limit is 10 KB). */
export { MAX_CHECKED_SIZE } from './checks/context';

/** How to check one document. */
export interface CheckOptions {
  /** The document's path; its name decides its kind (`*.policy.json`, `*.trust.json`, `*.role.json`). */
  readonly fileName: string;
  /** Reads the files a role manifest refers to; without it, references are reported as missing. */
  readonly readFile?: ReadFile;
  /** Lists a folder, so that a manifest can see the policy names its sibling manifests declare. */
  readonly readDir?: ReadDir;
  /**
   * Gives the IAM catalog the checks look actions, resource types and condition keys up in; called only
   * when a check needs it (a document with only syntax errors never loads it).
   */
  readonly catalog: () => Catalog;
  /** A document parsed earlier from the same text and file name, to avoid parsing twice. */
  readonly parsed?: ParsedDocument;
}

/**
 * Checks a policy, trust policy or role manifest. Any text at all gives findings sorted by offset, never
 * an exception: syntax errors are findings, and other JSON files give none. A role manifest's referenced
 * files are read through `readFile` and their findings carry `file`.
 */
export function checkText(text: string, options: CheckOptions): Finding[] {
  const checkable = parseForCheck(text, options.fileName, undefined, options.parsed);
  if ('refused' in checkable) return [tooLarge(text, checkable.refused)];
  const doc = checkable.doc;
  if (doc.kind === 'other') return [];
  const ctx = new CheckContext(doc, options.catalog);
  for (const e of doc.syntaxErrors) {
    ctx.report('JSON_SYNTAX_ERROR', e, `JSON syntax error: ${e.message}`);
  }
  checkDuplicateKeys(ctx, doc.root);
  const other = doc.kind === 'manifest'
    ? checkManifest(ctx, { fileName: options.fileName, readFile: options.readFile, readDir: options.readDir })
    : (doc.policy && checkPolicy(ctx, doc.policy), []);
  // Findings of this text by offset; then those of each referenced file, in the order the manifest names them.
  const fileOrder = new Map<string | undefined, number>();
  for (const f of other) if (!fileOrder.has(f.file)) fileOrder.set(f.file, fileOrder.size);
  const byOffset = (a: Finding, b: Finding) => a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return [...ctx.findings.sort(byOffset), ...other.sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || byOffset(a, b))];
}

/**
 * Applies the user's per-code settings: a severity replaces the default, 'off' drops the code.
 * Unknown codes and values are ignored.
 */
export function applyOverrides(findings: Finding[], overrides: Record<string, Severity | 'off'>): Finding[] {
  const valid = new Set(['error', 'securityWarning', 'warning', 'suggestion']);
  const result: Finding[] = [];
  for (const f of findings) {
    const override = overrides[f.code];
    if (override === 'off') continue;
    result.push(override && valid.has(override) ? { ...f, severity: override } : f);
  }
  return result;
}
