import { PolicyDocument } from '../../iam/roleModel';

// Placeholder until iam/normalize.ts lands: canonical JSON with sorted keys.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Are two documents the same policy to IAM? */
export function sameDocument(a: PolicyDocument, b: PolicyDocument): boolean {
  return canonical(a) === canonical(b);
}
