import { Node } from 'jsonc-parser';
import { ParsedDocument, Policy, Statement, StringValue, stringValue } from '../document';
import { detached } from '../detached';
import { CheckContext } from './context';

/**
 * The name of an IAM policy variable: a condition key (`aws:username`, `aws:PrincipalTag/team`,
 * `s3:prefix`, an identity provider's `accounts.google.com:sub`) or one of the escapes `*`, `?`, `$`.
 * CloudFormation's pseudo parameters (`AWS::Region`) have a double colon and are not variables.
 */
const NAME = /^(\*|\?|\$|[A-Za-z][\w./-]*:(?!:)[^\s,}':]*(:[^\s,}':]+)*)$/;
/**
 * Variables of the Serverless Framework (`${self:custom.accountId}`, `${opt:stage}`, `${env:QUEUE}`,
 * `${ssm:/path}`) look like policy variables; their sources are no IAM key prefix, and no IAM key
 * name starts with a slash.
 */
const SERVERLESS = /^(self|opt|env|sls|cf|file|param):|^[\w-]+:\//;
/** A policy variable as written, closed or not: `${` with its inside, then `}` if there is one. */
const VARIABLE = /\$\{([^}]*)(\}?)/g;
/** A default value: `, 'text'`, where a quote inside is written twice. */
const DEFAULT = /^,\s*'(?:[^']|'')*'$/;

/**
 * Placeholders of other tools left in a document: Mustache/Jinja, <ANGLE>, __DOUBLE__. Shell-style
 * `$NAME` is not one of them: IAM values such as EC2's launch template version `$Default` look the same.
 */
const PLACEHOLDERS: [RegExp, string][] = [
  [/\{\{[^{}]*\}\}/g, 'a template placeholder'],
  [/<[A-Za-z][A-Za-z0-9_ -]*>/g, 'a placeholder'],
  [/__[A-Z][A-Z0-9_]*__/g, 'a placeholder'],
];

/**
 * True when a text holds another tool's placeholder (`{{region}}`, `<ACCOUNT_ID>`, `__BUCKET__`), which
 * checkVariables reports; other checks leave such a field alone, so that the mistake is reported once.
 */
export function hasPlaceholder(text: string): boolean {
  return ANY_PLACEHOLDER.test(text);
}
/** PLACEHOLDERS as one pattern without the global flag, whose `test` keeps no state between calls; built once. */
const ANY_PLACEHOLDER = new RegExp(PLACEHOLDERS.map(([re]) => re.source).join('|'));

/** Splits a variable's inside into its name and its default part (from the first comma). */
function split(inner: string): { name: string; fallback: string } {
  const comma = inner.indexOf(',');
  return comma < 0 ? { name: inner, fallback: '' } : { name: inner.slice(0, comma), fallback: inner.slice(comma) };
}

function checkVariable(ctx: CheckContext, at: { offset: number; length: number }, written: string, inner: string, element: string, version: string | undefined): void {
  if (!wellFormed.has(inner)) {
    if (!checkVariableForm(ctx, at, written, inner)) return;
    if (wellFormed.size >= 10_000) wellFormed.clear();
    wellFormed.add(detached(inner));
  }
  if (element !== 'Resource' && element !== 'NotResource' && element !== 'Condition') {
    ctx.report('VARIABLE_UNSUPPORTED_IN_ELEMENT', at, `"${written}" is a policy variable, and they work only in Resource and Condition values, not in ${element}: write the value itself.`);
  } else if (version !== '2012-10-17') {
    ctx.report('VARIABLE_UNSUPPORTED_IN_VERSION', at, `"${written}" needs "Version": "2012-10-17": with ${version ? `"${version}"` : 'no Version'} IAM reads policy variables literally.`);
  }
}

/**
 * The insides of variables written well (a name, an optional quoted default, no spaces): documents
 * write the same few variables (`aws:username`) again and again, and their form takes five patterns to
 * check. Bounded, as the texts come from documents.
 */
const wellFormed = new Set<string>();

/** Reports a variable that is empty, another tool's, or written with a bad default or spaces; true when it is none of these. */
function checkVariableForm(ctx: CheckContext, at: { offset: number; length: number }, written: string, inner: string): boolean {
  if (inner.trim() === '') {
    ctx.report('EMPTY_VARIABLE', at, 'The policy variable is empty: write a variable such as ${aws:username}, or remove ${}.');
    return false;
  }
  const { name, fallback } = split(inner);
  const compact = name.replace(/\s+/g, '');
  if (!NAME.test(compact) || SERVERLESS.test(compact)) {
    ctx.report('TEMPLATE_PLACEHOLDER', at,
      `"${written}" is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as \${aws:username}: IAM would take it literally, so replace it with the real value.`);
    return false;
  }
  if (fallback && !DEFAULT.test(fallback.trimEnd())) {
    const text = fallback.slice(1).trim().replace(/^'|'$/g, '');
    ctx.report('MISSING_QUOTE_IN_VARIABLE', at, `"${written}" needs single quotes around its default value, as in \${aws:username, 'anonymous'}.`,
      [{ title: 'Quote the default value', edits: [{ ...at, newText: `\${${compact}, '${text.replace(/'/g, "''")}'}` }], isPreferred: true }]);
    return false;
  }
  if (name !== compact || /\s$/.test(fallback)) {
    const fixed = `\${${compact}${fallback.trimEnd()}}`;
    ctx.report('UNSUPPORTED_SPACE_IN_VARIABLE', at, `"${written}" contains spaces, which policy variables cannot: remove them.`,
      [{ title: 'Remove the spaces', edits: [{ ...at, newText: fixed }], isPreferred: true }]);
    return false;
  }
  return true;
}

/**
 * Reports other tools' placeholders in a string outside a policy (a role manifest's policy ARNs), where
 * `${...}` is never an IAM policy variable; true when it reported one.
 */
export function checkPlaceholders(ctx: CheckContext, s: StringValue): boolean {
  const before = ctx.findings.length;
  const raw = ctx.doc.text.slice(s.offset, s.offset + s.length);
  for (const m of raw.matchAll(/\$\{[^}]*\}/g)) {
    ctx.report('TEMPLATE_PLACEHOLDER', { offset: s.offset + m.index, length: m[0].length },
      `"${m[0]}" is a placeholder of another tool (Terraform, CloudFormation, a script): IAM would take it literally, so replace it with the real value.`);
  }
  for (const [re, what] of PLACEHOLDERS) {
    for (const m of raw.matchAll(re)) {
      ctx.report('TEMPLATE_PLACEHOLDER', { offset: s.offset + m.index, length: m[0].length },
        `"${m[0]}" looks like ${what} left from a tutorial or template: IAM would take it literally, so replace it with the real value.`);
    }
  }
  return ctx.findings.length > before;
}

function checkString(ctx: CheckContext, node: Node, element: string, version: string | undefined): void {
  const s = stringValue(node);
  if (!s) return;
  const raw = ctx.doc.text.slice(s.offset, s.offset + s.length);
  // Offsets are into the raw text; strings with escapes are rare in policies and checked as written.
  for (const m of raw.matchAll(VARIABLE)) {
    const at = { offset: s.offset + m.index, length: m[0].length };
    if (m[2] !== '}') ctx.report('MISSING_BRACE_IN_VARIABLE', at, `"${m[0]}" has no closing brace: add } after it.`);
    else checkVariable(ctx, at, m[0], m[1], element, version);
  }
  if (!ANY_PLACEHOLDER.test(raw)) return;
  for (const [re, what] of PLACEHOLDERS) {
    for (const m of raw.matchAll(re)) {
      ctx.report('TEMPLATE_PLACEHOLDER', { offset: s.offset + m.index, length: m[0].length },
        `"${m[0]}" looks like ${what} left from a tutorial or template: IAM would take it literally, so replace it with the real value.`);
    }
  }
}

/**
 * Where a document's text has `${`, `{{`, `<` or `__`, in order: every variable and placeholder starts
 * with one, and most documents have few or none, so the checks visit only the strings that hold one
 * instead of every string of every statement. Found once per document, by a few searches of its text.
 */
function marksOf(doc: ParsedDocument): readonly number[] {
  let marks = marksByDocument.get(doc);
  if (!marks) {
    const found: number[] = [];
    for (const mark of ['${', '{{', '<', '__']) {
      for (let i = doc.text.indexOf(mark); i >= 0; i = doc.text.indexOf(mark, i + 1)) found.push(i);
    }
    marksByDocument.set(doc, (marks = found.sort((a, b) => a - b)));
  }
  return marks;
}
const marksByDocument = new WeakMap<ParsedDocument, readonly number[]>();

/** The index of the first mark at or after an offset (marks.length when none is). */
function firstMarkFrom(marks: readonly number[], offset: number): number {
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (marks[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The string node under `node` whose text holds an offset, or undefined. Children come in the order of
 * the text, so the one that can hold the offset is the last that starts at or before it.
 */
function stringAt(node: Node, offset: number): Node | undefined {
  let current = node;
  while (current.type !== 'string') {
    const children = current.children;
    if (!children) return undefined;
    let low = 0;
    let high = children.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (children[middle].offset <= offset) low = middle + 1;
      else high = middle;
    }
    if (low === 0) return undefined;
    current = children[low - 1];
  }
  return offset < current.offset + current.length ? current : undefined;
}

/** Policy variables (valid forms, the elements and Version they need) and other tools' placeholders left in values. */
export function checkVariables(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const marks = marksOf(ctx.doc);
  const end = statement.node.offset + statement.node.length;
  let next = firstMarkFrom(marks, statement.node.offset);
  if (next === marks.length || marks[next] >= end) return;
  const version = stringValue(policy.properties.get('Version')?.value)?.value;
  // The statement's strings that hold a mark, in the order of the text; object keys count too, since
  // condition keys may carry placeholders (aws:ResourceTag/<TAG>), but not the statement's own keys.
  const all = statement.all;
  let property = -1;
  let last: Node | undefined;
  for (; next < marks.length && marks[next] < end; next++) {
    const offset = marks[next];
    while (property + 1 < all.length && all[property + 1].value.offset <= offset) property++;
    if (property < 0 || all[property].key === 'Sid') continue;
    const node = stringAt(all[property].value, offset);
    if (node && node !== last) checkString(ctx, node, all[property].key, version);
    last = node ?? last;
  }
}
