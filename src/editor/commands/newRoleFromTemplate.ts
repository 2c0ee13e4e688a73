import { scaffold, ScaffoldDeps, ScaffoldKind, ScaffoldResult } from '../scaffold';

export const NEW_ROLE: ScaffoldKind = { kind: 'role', title: 'New Role from Template', question: 'Pick a role from the workshop tutorials' };

/** "IAM Author: New Role from Template...": a workshop role's manifest, trust policy and policies in the workspace folder. */
export function newRoleFromTemplate(deps: ScaffoldDeps): Promise<ScaffoldResult | undefined> {
  return scaffold(deps, NEW_ROLE);
}
