import type { DiffOutcome } from '../roleDiff';
import { showRoleDiff } from '../roleDiff';
import type { RoleNode } from '../roleNodes';
import type { RolesCommandContext } from './context';

/** Diffs a role of the tree against the workspace's manifest of it. */
export async function diffRole(context: RolesCommandContext, node: RoleNode): Promise<DiffOutcome | undefined> {
  const local = node.local;
  if (!local) return undefined;
  if (!local.manifest) {
    const message = `${local.roleName}: the manifest has errors; fix them (see the Problems panel) to diff it.`;
    void context.prompts.notify('error', message);
    return { kind: 'failed', message };
  }
  return showRoleDiff(context, local.manifest, local.uri);
}
