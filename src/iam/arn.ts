/**
 * Amazon Resource Names as written in policies: splitting one into its fields with their offsets,
 * validating partition, Region and account, and matching a policy ARN (with `*`, `?` and policy
 * variables) against a catalog ARN format such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 * Matching is case-sensitive, as IAM's is: service and Region are lower case, and the resource part
 * must match the format's literal text exactly.
 */
import { detached } from './detached';

/** The partitions AWS has, in the order messages list them. */
export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** True for one of AWS's partitions (case-sensitive: `AWS` is not one). */
export function isPartition(text: string): boolean {
  return PARTITIONS.includes(text);
}

/**
 * True for text shaped like an AWS Region name: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`,
 * `us-isob-east-1`, `eusc-de-east-1`. Lower case only; anything else (including `*`) is false.
 */
export function isRegionName(text: string): boolean {
  return /^[a-z]{2,4}(-[a-z]+){1,2}-\d{1,2}$/.test(text);
}

/** True for a 12-digit AWS account ID. */
export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}

/** One field of an ARN. */
export interface ArnPart {
  readonly value: string;
  /** Offset of the field inside the ARN string. */
  readonly start: number;
}

/** An ARN split into its six fields; the resource field keeps any further colons. */
export interface Arn {
  /** `arn` in a well-formed ARN. */
  readonly prefix: ArnPart;
  readonly partition: ArnPart;
  readonly service: ArnPart;
  readonly region: ArnPart;
  readonly account: ArnPart;
  readonly resource: ArnPart;
}

/**
 * Splits an ARN into its six colon-separated fields, each with its offset in `text`; a colon inside
 * a policy variable (`${aws:PrincipalAccount}`) does not separate fields. Fields are not validated
 * (see isPartition, isRegionName, isAccountId). Undefined when there are fewer than six fields.
 */
export function parseArn(text: string): Arn | undefined {
  // Asked of every ARN of a document: indexOf from colon to colon, not a loop over each character.
  const colons = [0, 0, 0, 0, 0];
  let found = 0;
  let from = 0;
  // Where the next `${` is; none once there is none with a `}` after it (then none later closes either).
  let variable = text.indexOf('${');
  while (found < 5) {
    const colon = text.indexOf(':', from);
    if (colon < 0) return undefined;
    if (variable >= 0 && variable < colon) {
      const close = text.indexOf('}', variable);
      if (close < 0) variable = -1;
      else {
        from = close + 1;
        variable = text.indexOf('${', from);
      }
      continue;
    }
    colons[found++] = colon;
    from = colon + 1;
  }
  const part = (start: number, end: number): ArnPart => ({ value: text.slice(start, end), start });
  return {
    prefix: part(0, colons[0]),
    partition: part(colons[0] + 1, colons[1]),
    service: part(colons[1] + 1, colons[2]),
    region: part(colons[2] + 1, colons[3]),
    account: part(colons[3] + 1, colons[4]),
    resource: part(colons[4] + 1, text.length),
  };
}

/** True for text that contains an IAM wildcard or a policy variable, which only resolve at run time. */
export function isDynamic(text: string): boolean {
  // Asked for every field of every ARN against every format of its service: three searches, no RegExp.
  return text.includes('*') || text.includes('?') || text.includes('${');
}

/**
 * One position of a pattern: a literal character, any one character, or any run of characters; a
 * placeholder of a catalog format whose names never contain a slash gives the `noSlash` kinds.
 */
type Token = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'one' | 'run'; readonly noSlash: boolean };
const ONE: Token = { kind: 'one', noSlash: false };
const RUN: Token = { kind: 'run', noSlash: false };
const char = (c: string): Token => ({ kind: 'char', char: c });

/**
 * Names of catalog placeholders that never contain a slash, so that `arn:aws:s3:::b/*` is an object
 * and not a bucket: bucket, queue, topic, function, table and ECS cluster names, task definition
 * families and KMS key IDs. Names that may hold a slash (object keys, log group names, ECR repository
 * and secret names with namespaces) stay open.
 */
const NO_SLASH_PLACEHOLDERS: ReadonlySet<string> = new Set([
  'BucketName', 'QueueName', 'TopicName', 'FunctionName', 'TableName', 'ClusterName', 'TaskDefinitionFamilyName', 'KeyId',
]);

/**
 * A policy's text: `*` any run, `?` one character, a policy variable (`${aws:username}`) any run,
 * and the escapes `${*}`, `${?}`, `${$}` their literal character. An unclosed `${` is literal.
 */
function policyTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const close = text[i] === '$' && text[i + 1] === '{' ? text.indexOf('}', i) : -1;
    if (close > 0) {
      const inner = text.slice(i + 2, close);
      tokens.push(inner === '*' || inner === '?' || inner === '$' ? char(inner) : RUN);
      i = close;
    } else tokens.push(text[i] === '*' ? RUN : text[i] === '?' ? ONE : char(text[i]));
  }
  return tokens;
}

/** A catalog ARN format's text: a `${Placeholder}` is one or more characters (no slash for some), anything else literal. */
function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    const close = format[i] === '$' && format[i + 1] === '{' ? format.indexOf('}', i) : -1;
    if (close > 0) {
      const noSlash = NO_SLASH_PLACEHOLDERS.has(format.slice(i + 2, close));
      tokens.push({ kind: 'one', noSlash }, { kind: 'run', noSlash });
      i = close;
    } else tokens.push(char(format[i]));
  }
  return tokens;
}

/** True when some one character is accepted by both tokens. */
function sameChar(x: Token, y: Token): boolean {
  if (x.kind === 'char' && y.kind === 'char') return x.char === y.char;
  if (x.kind === 'char') return !((y as { noSlash: boolean }).noSlash && x.char === '/');
  if (y.kind === 'char') return !((x as { noSlash: boolean }).noSlash && y.char === '/');
  return true;
}

/**
 * True when some text matches both token lists: a search over pairs of positions, where a run may
 * stay on its position while the other list moves on, or be left empty.
 */
function overlap(a: Token[], b: Token[]): boolean {
  const states = (a.length + 1) * (b.length + 1);
  // The pairs seen, in a buffer kept between calls (up to a size: a document's text can be long).
  if (seen.length < states) {
    const grown = new Uint8Array(Math.max(states, 2 * seen.length));
    if (grown.length <= MAX_KEPT_STATES) seen = grown;
    return search(a, b, grown);
  }
  seen.fill(0, 0, states);
  return search(a, b, seen);
}
const MAX_KEPT_STATES = 1 << 16;
let seen = new Uint8Array(1024);

/** overlap's search, `visited` being at least (a.length + 1) * (b.length + 1) zeros. */
function search(a: Token[], b: Token[], visited: Uint8Array): boolean {
  const width = b.length + 1;
  const stack = [0];
  while (stack.length > 0) {
    const state = stack.pop()!;
    if (visited[state] === 1) continue;
    visited[state] = 1;
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x?.kind === 'run') stack.push((i + 1) * width + j);
    if (y?.kind === 'run') stack.push(i * width + j + 1);
    if (x && y && sameChar(x, y)) {
      // One character matched by both; a run may match more after it.
      stack.push((x.kind === 'run' ? i : i + 1) * width + (y.kind === 'run' ? j : j + 1));
      if (x.kind === 'run' && y.kind === 'run') stack.push((i + 1) * width + j + 1);
    }
  }
  return false;
}

/**
 * True when text written in a policy (wildcards and policy variables allowed) and a field of a catalog
 * ARN format (`${Region}`, `repository/${RepositoryName}`, or empty) can stand for the same text.
 * Results are memoized (bounded), as policies repeat the same ARNs against the same few formats.
 */
export function fieldMatchesFormat(text: string, format: string): boolean {
  // The same text as the format (`s3` for `s3`, an empty Region for none) always matches, wildcards or not.
  if (text === format) return true;
  const f = formatShape(format);
  if (f.anyText) return text !== '';
  // Most ARNs in a policy are literal text: a regular expression of the format decides them without the general matcher.
  if (!isDynamic(text)) return f.literal.test(text);
  // Most pairs need no search: the literal text both must start or end with differs, the text holds a
  // slash the format cannot, or the text with each wildcard one character is a literal text the format matches.
  const t = textShape(text);
  if (!agreeAtStart(t.prefix, f.prefix) || !agreeAtEnd(t.suffix, f.suffix) || (t.slash && !f.slash)) return false;
  if (f.literal.test(t.instance)) return true;
  // By format, then text: a key made of both would be a new string to build and hash on every call.
  let byText = memo.get(format);
  if (!byText) memo.set(format, (byText = new Map()));
  let result = byText.get(text);
  if (result === undefined) {
    result = overlap(policyTokens(text), f.tokens);
    if (byText.size >= 1_000) byText.clear();
    byText.set(detached(text), result);
  }
  return result;
}

/** Formats come from the catalog (a few thousand at most), never from a document; texts are bounded per format. */
const memo = new Map<string, Map<string, boolean>>();

/** True when one text starts with the other. */
function agreeAtStart(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** True when one text ends with the other. */
function agreeAtEnd(a: string, b: string): boolean {
  return a.length <= b.length ? b.endsWith(a) : a.endsWith(b);
}

/** The literal text at the start and at the end of a token list (all of it for literal tokens only). */
function literalEnds(tokens: readonly Token[]): { prefix: string; suffix: string } {
  let start = 0;
  while (start < tokens.length && tokens[start].kind === 'char') start++;
  let end = tokens.length;
  while (end > 0 && tokens[end - 1].kind === 'char') end--;
  const literal = (from: number, to: number) => tokens.slice(from, to).map((t) => (t as { char: string }).char).join('');
  return { prefix: literal(0, start), suffix: literal(end, tokens.length) };
}

/** A catalog format field with what matching asks of it, made once per format (formats come from the catalog, never from a document). */
interface FormatShape {
  readonly tokens: Token[];
  /** The literal texts it stands for. */
  readonly literal: RegExp;
  /** The literal text every match starts with, and ends with. */
  readonly prefix: string;
  readonly suffix: string;
  /** True when a match can hold a slash. */
  readonly slash: boolean;
  /** True for one placeholder whose names may hold any character (`${Region}`): any text but the empty one. */
  readonly anyText: boolean;
}

function formatShape(format: string): FormatShape {
  let shape = formatShapes.get(format);
  if (!shape) {
    const tokens = formatTokens(format);
    shape = {
      tokens,
      literal: new RegExp(`^${literalSource(format)}$`),
      ...literalEnds(tokens),
      slash: tokens.some((t) => (t.kind === 'char' ? t.char === '/' : !t.noSlash)),
      anyText: /^\$\{[^}]*\}$/.test(format) && !NO_SLASH_PLACEHOLDERS.has(format.slice(2, -1)),
    };
    formatShapes.set(format, shape);
  }
  return shape;
}
const formatShapes = new Map<string, FormatShape>();

/** What fieldMatchesFormat asks of a policy text with wildcards before searching. */
interface TextShape {
  readonly text: string;
  /** The literal text every text it stands for starts with, and ends with. */
  readonly prefix: string;
  readonly suffix: string;
  /** True when it has a literal slash. */
  readonly slash: boolean;
  /** One literal text it stands for: each wildcard and variable one character. */
  readonly instance: string;
}

/**
 * A policy text's wildcards, variables and escapes, as policyTokens reads them: `${` to the first `}`
 * (an unclosed `${` is literal), and `*` or `?` elsewhere. Split by it, the odd parts are these.
 */
const OPEN_PARTS = /(\$\{[^}]*\}|[*?])/;
const ESCAPES: ReadonlySet<string> = new Set(['${*}', '${?}', '${$}']);

/**
 * A policy text's TextShape, from one split of the text rather than its tokens (asked for every new ARN
 * with a wildcard). The last few texts' are kept: one ARN is compared with each format of its service,
 * then with those of each action of its statement, and a statement has a few ARNs.
 */
function textShape(written: string): TextShape {
  for (const shape of recentShapes) if (shape.text === written) return shape;
  // The shape outlives the document: made from a copy, so that neither it nor its parts keep the document alive.
  const text = detached(written);
  const parts = text.split(OPEN_PARTS);
  let instance = '';
  let prefix: string | undefined;
  let run = '';
  for (let k = 0; k < parts.length; k++) {
    if (k % 2 === 1 && !ESCAPES.has(parts[k])) {
      prefix ??= run;
      run = '';
      instance += 'x';
      continue;
    }
    const literal = k % 2 === 1 ? parts[k][2] : parts[k];
    run += literal;
    instance += literal;
  }
  // The instance's only characters that are not the text's literal ones are x.
  const shape = { text, prefix: prefix ?? run, suffix: run, slash: instance.includes('/'), instance };
  if (recentShapes.length === 4) recentShapes.pop();
  recentShapes.unshift(shape);
  return shape;
}
const recentShapes: TextShape[] = [];

/** The RegExp source, without anchors, of the literal texts a catalog format's field stands for. */
function literalSource(format: string): string {
  return format.split(/(\$\{[^}]*\})/).map((part, i) => (i % 2 === 0
    ? part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    : NO_SLASH_PLACEHOLDERS.has(part.slice(2, -1)) ? '[^/]+' : '[^]+')).join('');
}

/**
 * True when the text and one of the fields of catalog formats can stand for the same text: fieldMatchesFormat
 * of some of them, prepared once for many texts (one RegExp of all the fields decides a literal text).
 */
export type FieldMatcher = (text: string) => boolean;

/**
 * A FieldMatcher for the fields, which come from the catalog; false for every text when there are none.
 * The same fields give the same matcher (a resource type's format is asked for by many actions).
 */
export function fieldMatcher(formats: readonly string[]): FieldMatcher {
  // Lists of catalog fields (a format has no newline), but which lists depends on the documents' actions: bounded.
  const key = formats.join('\n');
  let matcher = fieldMatchers.get(key);
  if (!matcher) {
    if (fieldMatchers.size >= 10_000) fieldMatchers.clear();
    fieldMatchers.set(key, (matcher = newFieldMatcher(formats)));
  }
  return matcher;
}
const fieldMatchers = new Map<string, FieldMatcher>();

/** Up to this many fields, asking each costs less than a lookup by the text (which, new, must be hashed first). */
const FIELDS_WITHOUT_MEMO = 4;

function newFieldMatcher(formats: readonly string[]): FieldMatcher {
  if (formats.length === 0) return () => false;
  // For literal text, fieldMatchesFormat is `text === format` or the format's RegExp, which accepts that text too.
  const literal = new RegExp(`^(?:${formats.map(literalSource).join('|')})$`);
  // A text with wildcards takes fieldMatchesFormat for each field, and a service has up to a few hundred;
  // policies repeat such texts (`arn:aws:logs:*:*:*`), so for many fields the answers are kept, bounded.
  const dynamic = formats.length > FIELDS_WITHOUT_MEMO ? new Map<string, boolean>() : undefined;
  const decide = (text: string): boolean => {
    if (!isDynamic(text)) return literal.test(text);
    let result = dynamic?.get(text);
    if (result === undefined) {
      result = formats.some((f) => fieldMatchesFormat(text, f));
      if (dynamic) {
        if (dynamic.size >= 1_000) dynamic.clear();
        dynamic.set(detached(text), result);
      }
    }
    return result;
  };
  // The last answer is kept: a statement's ARN is asked of each of its actions in turn, and the actions
  // of one service mostly share their resource types, so their matcher.
  let lastText: string | undefined;
  let lastResult = false;
  return (text) => {
    if (text !== lastText) {
      lastResult = decide(text);
      lastText = detached(text);
    }
    return lastResult;
  };
}

/**
 * Formats that share their service, Region and account fields (a service's formats have a few such
 * combinations), with a FieldMatcher of their resource fields.
 */
interface FormatGroup {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: FieldMatcher;
}

/**
 * True when the ARN fits one of the formats (fitArnToFormat gives `match` for it). The formats are grouped
 * once per list, so that each ARN compares its Region and account once per group and its resource part
 * with one RegExp: a check asks this of every ARN of a document against its service's formats, which
 * are up to a few hundred. The list must not change after the first call.
 */
export function fitsSomeFormat(arn: Arn, formats: readonly Arn[]): boolean {
  let groups = formatGroups.get(formats);
  if (!groups) formatGroups.set(formats, (groups = groupFormats(formats)));
  for (const g of groups) {
    if (fieldMatchesFormat(arn.service.value, g.service) && fieldMatchesFormat(arn.region.value, g.region)
      && fieldMatchesFormat(arn.account.value, g.account) && g.resource(arn.resource.value)) return true;
  }
  return false;
}
const formatGroups = new WeakMap<readonly Arn[], readonly FormatGroup[]>();

function groupFormats(formats: readonly Arn[]): FormatGroup[] {
  // By service, Region and account, which contain no newline (the catalog's formats are single lines).
  const byFields = new Map<string, { service: string; region: string; account: string; resources: string[] }>();
  for (const f of formats) {
    const key = `${f.service.value}\n${f.region.value}\n${f.account.value}`;
    let group = byFields.get(key);
    if (!group) byFields.set(key, (group = { service: f.service.value, region: f.region.value, account: f.account.value, resources: [] }));
    group.resources.push(f.resource.value);
  }
  return [...byFields.values()].map((g) => ({ service: g.service, region: g.region, account: g.account, resource: fieldMatcher(g.resources) }));
}

/**
 * How a policy ARN fits a catalog ARN format: `match`, or the first field that rules it out —
 * `region` / `account` when the ARN has the field and the format has none, `missingRegion` /
 * `missingAccount` when the format needs it and the ARN leaves it empty, `resource` when the
 * resource part (or the Region or account text) cannot match, and `service` for another service.
 * The partition is not compared (formats write `${Partition}`).
 */
export type ArnFit = 'match' | 'service' | 'region' | 'missingRegion' | 'account' | 'missingAccount' | 'resource';

/** Compares a parsed policy ARN with a parsed catalog ARN format field by field; see ArnFit. */
export function fitArnToFormat(arn: Arn, format: Arn): ArnFit {
  if (!fieldMatchesFormat(arn.service.value, format.service.value)) return 'service';
  const region = fitField(arn.region.value, format.region.value, 'region', 'missingRegion');
  if (region) return region;
  const account = fitField(arn.account.value, format.account.value, 'account', 'missingAccount');
  if (account) return account;
  return fieldMatchesFormat(arn.resource.value, format.resource.value) ? 'match' : 'resource';
}

/** How a Region or account field rules a format out; undefined when it fits. */
function fitField(written: string, expected: string, notAllowed: ArnFit, missing: ArnFit): ArnFit | undefined {
  if (fieldMatchesFormat(written, expected)) return undefined;
  if (expected === '') return notAllowed;
  if (written === '') return missing;
  return 'resource';
}
