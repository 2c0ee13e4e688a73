import { diffRoles, formatDiff, hasDifferences } from '../iam/diff';
import type { RoleManifest } from '../iam/roleModel';

/** Whether the deployed role differs from the local manifest in anything IAM would treat as a change. */
export function rolesDiffer(deployed: RoleManifest, local: RoleManifest): boolean {
  return hasDifferences(diffRoles(deployed, local));
}

/** The changes from the deployed role to the local one (statement by statement), counted, and as text. */
export function diffSummary(deployed: RoleManifest, local: RoleManifest): { count: number; text: string } {
  const diff = diffRoles(deployed, local);
  return { count: diff.changes.length, text: formatDiff(diff) };
}
