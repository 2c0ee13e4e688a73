/**
 * IAM condition operators: every operator with the type of value it compares, the `IfExists` suffix,
 * the `ForAnyValue:` / `ForAllValues:` set qualifiers, and validators for the values each type accepts.
 */
import { parseArn } from './arn';

/** The families of IAM condition operators, by the type of value they compare. */
export type OperatorType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null';

/** Every base condition operator (without IfExists and set qualifiers) and the type it compares. */
export const OPERATORS: Readonly<Record<string, OperatorType>> = {
  StringEquals: 'String', StringNotEquals: 'String', StringEqualsIgnoreCase: 'String', StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String', StringNotLike: 'String',
  NumericEquals: 'Numeric', NumericNotEquals: 'Numeric', NumericLessThan: 'Numeric', NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric', NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date', DateNotEquals: 'Date', DateLessThan: 'Date', DateLessThanEquals: 'Date', DateGreaterThan: 'Date',
  DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  IpAddress: 'IPAddress', NotIpAddress: 'IPAddress',
  ArnEquals: 'ARN', ArnNotEquals: 'ARN', ArnLike: 'ARN', ArnNotLike: 'ARN',
  Null: 'Null',
};

/** An operator as written, taken apart. */
export interface ParsedOperator {
  /** The base operator, e.g. StringEquals. */
  readonly base: string;
  readonly type: OperatorType;
  /** True when written with the IfExists suffix (`NullIfExists` parses, and is reported by the checks). */
  readonly ifExists: boolean;
  readonly qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
}

/**
 * Parses an operator as written (`ForAnyValue:StringLikeIfExists`). Operators are case-sensitive in
 * IAM; returns undefined for anything that is not an operator (`StringEqual`, `stringequals`, `ForAnyValues:Bool`).
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: ParsedOperator['qualifier'];
  const m = /^(ForAnyValue|ForAllValues):/.exec(rest);
  if (m) {
    qualifier = m[1] as ParsedOperator['qualifier'];
    rest = rest.slice(m[0].length);
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const type = Object.prototype.hasOwnProperty.call(OPERATORS, rest) ? OPERATORS[rest] : undefined;
  return type ? { base: rest, type, ifExists, qualifier } : undefined;
}

/** All operators with their IfExists forms (Null has none), for "did you mean" and completion. */
export function allOperatorNames(): string[] {
  return Object.keys(OPERATORS).flatMap((o) => (o === 'Null' ? [o] : [o, `${o}IfExists`]));
}

/** The String operator that matches `*` and `?` for one that compares literally, or undefined (`StringEquals` -> `StringLike`). */
export function likeOperatorFor(operator: string): string | undefined {
  const m = /^(ForAnyValue:|ForAllValues:)?String(Not)?Equals(IfExists)?$/.exec(operator);
  return m ? `${m[1] ?? ''}String${m[2] ?? ''}Like${m[3] ?? ''}` : undefined;
}

/** True for the values Bool and Null compare: `true` or `false` (as a string or a JSON boolean, any case). */
export function isBoolValue(value: string | number | boolean): boolean {
  return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value));
}

/** True for a number as the Numeric operators read it: a JSON number, or a string such as `10`, `-3`, `2.5`. */
export function isNumericValue(value: string | number | boolean): boolean {
  return typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True for a date the Date operators accept: epoch seconds (`1735689600`), or a W3C ISO 8601 date or
 * date-time (`2026-01-31`, `2026-01-31T12:00Z`, `2026-01-31T12:00:00.000+01:00`) with a real calendar
 * day and time.
 */
export function isDateValue(value: string | number | boolean): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  if (typeof value !== 'string') return false;
  if (/^\d+$/.test(value)) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return false;
  return hour <= 23 && minute <= 59 && second <= 60;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/** True for an IPv6 address in any of its written forms: full, `::`-compressed, or ending in IPv4. */
function isIPv6(text: string): boolean {
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return false;
  let groups = text;
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return false;
    // The dotted tail stands for the last two groups.
    groups = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (!parts.every((p) => p.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)))) return false;
  const written = parts.reduce((n, p) => n + p.length, 0);
  // `::` stands for at least one group of zeros.
  return halves.length === 2 ? written <= 7 : written === 8;
}

/**
 * True for what IpAddress and NotIpAddress compare: an IPv4 or IPv6 address, optionally with a CIDR
 * prefix length (`203.0.113.0/24`, `2001:db8::/32`). Prefix lengths beyond 32 / 128 are false.
 */
export function isIpValue(value: string | number | boolean): boolean {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const bits = slash < 0 ? undefined : value.slice(slash + 1);
  if (bits !== undefined && !/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  if (IPV4.test(address)) return bits === undefined || Number(bits) <= 32;
  return isIPv6(address) && (bits === undefined || Number(bits) <= 128);
}

/** True for what the Arn operators compare: `*`, or text with the six ARN fields starting `arn:` (wildcards allowed). */
export function isArnValue(value: string | number | boolean): boolean {
  if (typeof value !== 'string') return false;
  if (value === '*') return true;
  const arn = parseArn(value);
  return arn !== undefined && /^(arn|\*|arn\*)$/.test(arn.prefix.value);
}

/** True for base64 text, as BinaryEquals compares: groups of four characters of A-Z a-z 0-9 + /, padded with `=`. */
export function isBase64Value(value: string | number | boolean): boolean {
  return typeof value === 'string' && value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

/** True when a value contains a policy variable (`${aws:username}`), which IAM resolves at run time. */
export function hasPolicyVariable(value: string | number | boolean): boolean {
  return typeof value === 'string' && /\$\{[^}]+\}/.test(value);
}

/**
 * True for a value the operator type accepts. Policy variables resolve at run time, and only String
 * and ARN operators take them, so a value with one is accepted there and rejected elsewhere.
 */
export function valueMatchesType(type: OperatorType, value: string | number | boolean): boolean {
  if (hasPolicyVariable(value)) return type === 'String' || type === 'ARN';
  switch (type) {
    case 'Bool':
    case 'Null':
      return isBoolValue(value);
    case 'Numeric':
      return isNumericValue(value);
    case 'Date':
      return isDateValue(value);
    case 'IPAddress':
      return isIpValue(value);
    case 'ARN':
      return isArnValue(value);
    case 'Binary':
      return isBase64Value(value);
    case 'String':
      return true;
  }
}

/** The operator family for a condition key's catalog type (`ArrayOfString` -> String); undefined for unknown types. */
export function operatorTypeForKey(keyType: string): OperatorType | undefined {
  const base = keyType.replace(/^ArrayOf/, '');
  switch (base) {
    case 'String': return 'String';
    case 'Numeric': return 'Numeric';
    case 'Date': return 'Date';
    case 'Bool': return 'Bool';
    case 'Binary': return 'Binary';
    case 'IPAddress': return 'IPAddress';
    case 'ARN': return 'ARN';
    default: return undefined;
  }
}
