import { Node } from 'jsonc-parser';
import { Policy, Statement, StringValue, stringValue } from '../document';
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

function eachString(node: Node | undefined, visit: (node: Node) => void): void {
  if (!node) return;
  if (node.type === 'string') visit(node);
  for (const child of node.children ?? []) eachString(child, visit);
}

/** Splits a variable's inside into its name and its default part (from the first comma). */
function split(inner: string): { name: string; fallback: string } {
  const comma = inner.indexOf(',');
  return comma < 0 ? { name: inner, fallback: '' } : { name: inner.slice(0, comma), fallback: inner.slice(comma) };
}

function checkVariable(ctx: CheckContext, at: { offset: number; length: number }, written: string, inner: string, element: string, version: string | undefined): void {
  if (inner.trim() === '') {
    ctx.report('EMPTY_VARIABLE', at, 'The policy variable is empty: write a variable such as ${aws:username}, or remove ${}.');
    return;
  }
  const { name, fallback } = split(inner);
  const compact = name.replace(/\s+/g, '');
  if (!NAME.test(compact) || SERVERLESS.test(compact)) {
    ctx.report('TEMPLATE_PLACEHOLDER', at,
      `"${written}" is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as \${aws:username}: IAM would take it literally, so replace it with the real value.`);
    return;
  }
  if (fallback && !DEFAULT.test(fallback.trimEnd())) {
    const text = fallback.slice(1).trim().replace(/^'|'$/g, '');
    ctx.report('MISSING_QUOTE_IN_VARIABLE', at, `"${written}" needs single quotes around its default value, as in \${aws:username, 'anonymous'}.`,
      [{ title: 'Quote the default value', edits: [{ ...at, newText: `\${${compact}, '${text.replace(/'/g, "''")}'}` }], isPreferred: true }]);
    return;
  }
  if (name !== compact || /\s$/.test(fallback)) {
    const fixed = `\${${compact}${fallback.trimEnd()}}`;
    ctx.report('UNSUPPORTED_SPACE_IN_VARIABLE', at, `"${written}" contains spaces, which policy variables cannot: remove them.`,
      [{ title: 'Remove the spaces', edits: [{ ...at, newText: fixed }], isPreferred: true }]);
    return;
  }
  if (element !== 'Resource' && element !== 'NotResource' && element !== 'Condition') {
    ctx.report('VARIABLE_UNSUPPORTED_IN_ELEMENT', at, `"${written}" is a policy variable, and they work only in Resource and Condition values, not in ${element}: write the value itself.`);
  } else if (version !== '2012-10-17') {
    ctx.report('VARIABLE_UNSUPPORTED_IN_VERSION', at, `"${written}" needs "Version": "2012-10-17": with ${version ? `"${version}"` : 'no Version'} IAM reads policy variables literally.`);
  }
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

/** True when text[start, end) has a `$`, `{`, `<` or `__`: one pass over the document's text, no copy. */
function mayHoldVariable(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x7b || c === 0x3c || (c === 0x5f && i + 1 < end && text.charCodeAt(i + 1) === 0x5f)) return true;
  }
  return false;
}

function checkString(ctx: CheckContext, node: Node, element: string, version: string | undefined): void {
  const s = stringValue(node);
  if (!s) return;
  // Most strings hold no variable or placeholder at all: skip them without running the patterns.
  if (!mayHoldVariable(ctx.doc.text, s.offset, s.offset + s.length)) return;
  const raw = ctx.doc.text.slice(s.offset, s.offset + s.length);
  // Offsets are into the raw text; strings with escapes are rare in policies and checked as written.
  for (const m of raw.matchAll(/\$\{([^}]*)(\}?)/g)) {
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

/** Policy variables (valid forms, the elements and Version they need) and other tools' placeholders left in values. */
export function checkVariables(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const version = stringValue(policy.properties.get('Version')?.value)?.value;
  for (const p of statement.all) {
    if (p.key === 'Sid') continue;
    // Object keys are visited too: condition keys may carry placeholders (aws:ResourceTag/<TAG>).
    eachString(p.value, (node) => checkString(ctx, node, p.key, version));
  }
}
