import { scaffold, ScaffoldDeps, ScaffoldResult } from '../scaffold';

/** "IAM Author: New Policy from Template...": a workshop policy document in the workspace folder. */
export function newPolicyFromTemplate(deps: ScaffoldDeps): Promise<ScaffoldResult | undefined> {
  return scaffold(deps, { kind: 'policy', title: 'New Policy from Template', question: 'Pick a policy from the workshop tutorials' });
}
