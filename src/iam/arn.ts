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

/** A RegExp source for a policy pattern: `*`, `?` and `${...}` policy variables match any text. */
function policyPatternSource(text: string): string {
  return text
    .split(/(\$\{[^}]*\}|[*?])/)
    .map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : part === '?' ? '.' : '.*'))
    .join('');
}

/** A RegExp source for an ARN format's resource part: placeholders match any non-empty text. */
function formatSource(format: string): string {
  return format
    .split(/(\$\{[^}]*\})/)
    .map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '.+'))
    .join('');
}

/**
 * True when a resource written in a policy (wildcards and variables allowed) can match the resource
 * part of a catalog ARN format such as `repository/${RepositoryName}`: either the policy's text, with
 * its wildcards filled in, is an instance of the format, or an instance of the format matches the
 * policy's pattern. (An approximation of pattern overlap that is exact for literal resources.)
 */
export function resourceMatchesFormat(resource: string, format: string): boolean {
  const sample = (text: string, placeholder: RegExp) => text.replace(placeholder, 'x');
  if (new RegExp(`^${formatSource(format)}$`, 's').test(sample(resource, /\$\{[^}]*\}|[*?]/g))) return true;
  if (!isDynamic(resource)) return false;
  return new RegExp(`^${policyPatternSource(resource)}$`, 's').test(sample(format, /\$\{[^}]*\}/g));
}
