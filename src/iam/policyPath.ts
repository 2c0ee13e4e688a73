import { JSONPath } from 'jsonc-parser';
import { ParsedDocument } from './document';

/**
 * True when a JSON path of a document leads to a policy document: the root of a policy or trust policy
 * file, or a role manifest's `PolicyDocument` / `AssumeRolePolicyDocument`. Any other path, however
 * malformed, is false.
 */
export function isPolicyPath(doc: ParsedDocument, path: JSONPath): boolean {
  if (doc.kind === 'manifest') {
    const last = path[path.length - 1];
    return last === 'PolicyDocument' || last === 'AssumeRolePolicyDocument';
  }
  return path.length === 0 && doc.policy !== undefined;
}
