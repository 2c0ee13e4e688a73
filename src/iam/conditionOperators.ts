/** The families of IAM condition operators, by the type of value they compare. */
export type OperatorType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null';

/** Every base condition operator (without IfExists and set qualifiers) and its value type. */
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

export interface ParsedOperator {
  /** The base operator, e.g. StringEquals. */
  readonly base: string;
  readonly type: OperatorType;
  readonly ifExists: boolean;
  readonly qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
}

/**
 * Parses an operator as written (`ForAnyValue:StringLikeIfExists`). Operators are case-sensitive in
 * IAM; returns undefined for anything that is not an operator.
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
  const type = OPERATORS[rest];
  return type ? { base: rest, type, ifExists, qualifier } : undefined;
}

/** All operators with their IfExists forms, for "did you mean" and completion. */
export function allOperatorNames(): string[] {
  return Object.keys(OPERATORS).flatMap((o) => (o === 'Null' ? [o] : [o, `${o}IfExists`]));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-fA-F:]+(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;

/** True for a value the operator type accepts; policy variables are accepted where IAM resolves them. */
export function valueMatchesType(type: OperatorType, value: string | number | boolean): boolean {
  const text = String(value);
  if (/\$\{[^}]+\}/.test(text)) return type === 'String' || type === 'ARN';
  switch (type) {
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(text);
    case 'Numeric':
      return /^-?\d+(\.\d+)?$/.test(text);
    case 'Date':
      return /^\d+$/.test(text) || (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)));
    case 'IPAddress':
      return IPV4.test(text) || (text.includes(':') && IPV6.test(text));
    case 'ARN':
      return text === '*' || text.startsWith('arn:');
    case 'Binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(text);
    case 'String':
      return true;
  }
}

/** The operator family a condition key's catalog type belongs with. */
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
