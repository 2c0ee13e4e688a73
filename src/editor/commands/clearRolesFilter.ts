import type { RolesTree } from '../rolesTree';

/** Shows every role again. */
export async function clearRolesFilter(tree: RolesTree): Promise<void> {
  await tree.setFilter('');
}
