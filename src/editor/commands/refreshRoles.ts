import type { RolesTree } from '../rolesTree';

/** Reads the roles, their status and any open role's details from the account again. */
export function refreshRoles(tree: RolesTree): void {
  tree.refresh();
}
