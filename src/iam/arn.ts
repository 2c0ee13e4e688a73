/** The partitions AWS has. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** A region such as eu-west-1 or us-gov-west-1 (wildcards and policy variables are checked elsewhere). */
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

export interface ArnPart {
  readonly value: string;
  /** Offset of the part inside the ARN string. */
  readonly start: number;
}

/** An ARN split into its six fields; the resource keeps any further colons. */
export interface Arn {
  readonly prefix: ArnPart;
  readonly partition: ArnPart;
  readonly service: ArnPart;
  readonly region: ArnPart;
  readonly account: ArnPart;
  readonly resource: ArnPart;
}

/** Splits an ARN into its fields; undefined when it has fewer than six colon-separated fields. */
export function parseArn(text: string): Arn | undefined {
  const parts: ArnPart[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push({ value: text.slice(start, colon), start });
    start = colon + 1;
  }
  parts.push({ value: text.slice(start), start });
  const [prefix, partition, service, region, account, resource] = parts;
  return { prefix, partition, service, region, account, resource };
}

/** True for text that contains an IAM wildcard or a policy variable, which match at run time. */
export function isDynamic(text: string): boolean {
  return /[*?]|\$\{/.test(text);
}

/** One position of a pattern: a literal character, any one character, or any run of characters. */
type Token = string | { any: true } | { star: true };
const ANY: Token = { any: true };
const STAR: Token = { star: true };

/** A policy resource: `*` any run, `?` one character, `${...}` policy variables any run. */
function policyTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{' && text.indexOf('}', i) > 0) {
      tokens.push(STAR);
      i = text.indexOf('}', i);
    } else tokens.push(text[i] === '*' ? STAR : text[i] === '?' ? ANY : text[i]);
  }
  return tokens;
}

/** A catalog ARN format: `${Placeholder}` is one or more characters. */
function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '$' && format[i + 1] === '{' && format.indexOf('}', i) > 0) {
      tokens.push(ANY, STAR);
      i = format.indexOf('}', i);
    } else tokens.push(format[i]);
  }
  return tokens;
}

/** True when some text matches both patterns (dynamic programming over the two token lists). */
function overlap(a: Token[], b: Token[]): boolean {
  const memo = new Map<number, boolean>();
  const isStar = (t: Token | undefined) => typeof t === 'object' && 'star' in t;
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (isStar(a[i])) result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (isStar(b[j])) result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (i < a.length && j < b.length) {
      const x = a[i];
      const y = b[j];
      const same = typeof x === 'object' || typeof y === 'object' || x === y;
      result = same && go(i + 1, j + 1);
    } else result = false;
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * True when a resource written in a policy (wildcards and policy variables allowed) can match the
 * resource part of a catalog ARN format such as `repository/${RepositoryName}`: some resource name
 * matches both.
 */
export function resourceMatchesFormat(resource: string, format: string): boolean {
  const key = `${resource}\u0000${format}`;
  let result = matches.get(key);
  if (result === undefined) {
    result = overlap(policyTokens(resource), formatTokens(format));
    // Policies repeat the same ARNs against the same few formats; a bounded memo keeps that cheap.
    if (matches.size > 10_000) matches.clear();
    matches.set(key, result);
  }
  return result;
}
const matches = new Map<string, boolean>();
