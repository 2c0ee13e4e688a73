import { scaffold, ScaffoldDeps, ScaffoldResult } from '../scaffold';

/** "IAM Author: New Trust Policy...": who may assume a role (a service, another account, GitHub Actions). */
export function newTrustPolicy(deps: ScaffoldDeps): Promise<ScaffoldResult | undefined> {
  return scaffold(deps, { kind: 'trust', title: 'New Trust Policy', question: 'Pick who may assume the role' });
}
