/**
 * Amazon Resource Names as written in policies: splitting one into its fields with their offsets,
 * validating partition, Region and account, and matching a policy ARN (with `*`, `?` and policy
 * variables) against a catalog ARN format such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 * Matching is case-sensitive, as IAM's is: service and Region are lower case, and the resource part
 * must match the format's literal text exactly.
 */

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
  const parts: ArnPart[] = [];
  let start = 0;
  for (let i = 0; i < text.length && parts.length < 5; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      if (close > 0) i = close;
    } else if (text[i] === ':') {
      parts.push({ value: text.slice(start, i), start });
      start = i + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push({ value: text.slice(start), start });
  const [prefix, partition, service, region, account, resource] = parts;
  return { prefix, partition, service, region, account, resource };
}

/** True for text that contains an IAM wildcard or a policy variable, which only resolve at run time. */
export function isDynamic(text: string): boolean {
  return /[*?]|\$\{/.test(text);
}

/** One position of a pattern: a literal character, any one character, or any run of characters. */
type Token = string | typeof ONE | typeof RUN;
const ONE = { one: true } as const;
const RUN = { run: true } as const;

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
      tokens.push(inner === '*' || inner === '?' || inner === '$' ? inner : RUN);
      i = close;
    } else tokens.push(text[i] === '*' ? RUN : text[i] === '?' ? ONE : text[i]);
  }
  return tokens;
}

/** A catalog ARN format's text: a `${Placeholder}` is one or more characters, anything else literal. */
function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    const close = format[i] === '$' && format[i + 1] === '{' ? format.indexOf('}', i) : -1;
    if (close > 0) {
      tokens.push(ONE, RUN);
      i = close;
    } else tokens.push(format[i]);
  }
  return tokens;
}

/** True when some text matches both token lists (dynamic programming over the two lists). */
function overlap(a: Token[], b: Token[]): boolean {
  // reach[j]: the first i tokens of a and the first j tokens of b can match the same text.
  let reach = new Array<boolean>(b.length + 1).fill(false);
  reach[0] = true;
  for (let j = 1; j <= b.length && b[j - 1] === RUN; j++) reach[j] = true;
  for (let i = 1; i <= a.length; i++) {
    const x = a[i - 1];
    const next = new Array<boolean>(b.length + 1).fill(false);
    next[0] = x === RUN && reach[0];
    for (let j = 1; j <= b.length; j++) {
      const y = b[j - 1];
      if (x === RUN) next[j] = reach[j] || next[j - 1] || reach[j - 1];
      else if (y === RUN) next[j] = next[j - 1] || reach[j] || reach[j - 1];
      else next[j] = reach[j - 1] && (typeof x !== 'string' || typeof y !== 'string' || x === y);
    }
    reach = next;
  }
  return reach[b.length];
}

/**
 * True when text written in a policy (wildcards and policy variables allowed) and a field of a catalog
 * ARN format (`${Region}`, `repository/${RepositoryName}`, or empty) can stand for the same text.
 * Results are memoized (bounded), as policies repeat the same ARNs against the same few formats.
 */
export function fieldMatchesFormat(text: string, format: string): boolean {
  const key = `${text}\u0000${format}`;
  let result = memo.get(key);
  if (result === undefined) {
    result = overlap(policyTokens(text), formatTokens(format));
    if (memo.size > 10_000) memo.clear();
    memo.set(key, result);
  }
  return result;
}
const memo = new Map<string, boolean>();

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
  for (const [field, notAllowed, missing] of [['region', 'region', 'missingRegion'], ['account', 'account', 'missingAccount']] as const) {
    const written = arn[field].value;
    const expected = format[field].value;
    if (fieldMatchesFormat(written, expected)) continue;
    if (expected === '') return notAllowed;
    if (written === '') return missing;
    return 'resource';
  }
  return fieldMatchesFormat(arn.resource.value, format.resource.value) ? 'match' : 'resource';
}
