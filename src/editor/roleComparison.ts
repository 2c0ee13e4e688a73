import { renderRole } from '../iam/normalize';
import type { RoleManifest } from '../iam/roleModel';

// Interim until iam/diff.ts lands: the normalised renderings differ only where IAM sees a change.
/** Whether the deployed role differs from the local manifest in anything IAM would treat as a change. */
export function rolesDiffer(deployed: RoleManifest, local: RoleManifest): boolean {
  return renderRole(deployed, local) !== renderRole(local, deployed);
}

/** The number of statement-level changes from the deployed role to the local one, and their summary. */
export function diffSummary(deployed: RoleManifest, local: RoleManifest): { count: number; text: string } {
  const differ = rolesDiffer(deployed, local);
  return { count: differ ? 1 : 0, text: differ ? 'The deployed role differs.' : 'No differences.' };
}
