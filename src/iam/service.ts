import { CheckContext } from './checks/context';
import { checkDuplicateKeys } from './checks/grammar';
import { checkManifest, ReadDir, ReadFile } from './checks/manifest';
import { checkPolicy } from './checks/policy';
import { parseDocument, ParsedDocument } from './document';
import { Finding, Severity } from './findings';

/** Larger documents get one "too large to check" finding instead of checks (IAM's own limit is 10 KB). */
export const MAX_CHECKED_SIZE = 4 * 1024 * 1024;
/** Deeper nesting than any policy has is refused before parsing, which recurses. */
export const MAX_NESTING = 256;

export interface CheckOptions {
  /** The document's path; its name decides its kind (`*.policy.json`, `*.trust.json`, `*.role.json`). */
  readonly fileName: string;
  /** Reads the files a role manifest refers to; without it, references are reported as missing. */
  readonly readFile?: ReadFile;
  /** Lists a folder, so that a manifest can see the policy names its sibling manifests declare. */
  readonly readDir?: ReadDir;
  /** A document parsed earlier from the same text and file name, to avoid parsing twice. */
  readonly parsed?: ParsedDocument;
}

/** The deepest nesting of arrays and objects in a text, counting only brackets outside strings. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return max;
}

/** Whether a text can be checked at all; undefined when it can, else the one finding to show. */
function refuse(text: string): Finding | undefined {
  const whole = { offset: 0, length: Math.min(text.length, 1) };
  if (text.length > MAX_CHECKED_SIZE) {
    return { code: 'DOCUMENT_TOO_LARGE', severity: 'warning', ...whole, fixes: [],
      message: `This document is too large to check (IAM accepts policies of at most 10,240 characters); checks are off for it. Size: ${text.length} characters` };
  }
  if (nestingDepth(text, MAX_NESTING) > MAX_NESTING) {
    return { code: 'DOCUMENT_TOO_LARGE', severity: 'warning', ...whole, fixes: [],
      message: `This document is nested too deeply to be a policy; checks are off for it. Nesting: more than ${MAX_NESTING} levels` };
  }
  return undefined;
}

/**
 * Checks a policy, trust policy or role manifest. Any text at all gives findings sorted by offset, never
 * an exception: syntax errors are findings, and other JSON files give none. A role manifest's referenced
 * files are read through `readFile` and their findings carry `file`.
 */
export function checkText(text: string, options: CheckOptions): Finding[] {
  const refused = refuse(text);
  if (refused) return [refused];
  const doc = options.parsed ?? parseDocument(text, options.fileName);
  if (doc.kind === 'other') return [];
  const ctx = new CheckContext(doc);
  for (const e of doc.syntaxErrors) {
    ctx.report('JSON_SYNTAX_ERROR', e, `JSON syntax error: ${e.message}`);
  }
  checkDuplicateKeys(ctx, doc.root);
  const other = doc.kind === 'manifest'
    ? checkManifest(ctx, { fileName: options.fileName, readFile: options.readFile, readDir: options.readDir })
    : (doc.policy && checkPolicy(ctx, doc.policy), []);
  const byOffset = (a: Finding, b: Finding) => a.offset - b.offset || a.code.localeCompare(b.code);
  return [...ctx.findings.sort(byOffset), ...other.sort(byOffset)];
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
