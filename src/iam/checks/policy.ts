import { Policy } from '../document';
import { checkActions } from './actions';
import { checkConditions } from './conditions';
import { CheckContext } from './context';
import { checkGrammar } from './grammar';
import { checkPrincipals } from './principals';
import { checkResources } from './resources';
import { checkSecurity } from './security';
import { checkSize } from './size';
import { checkVariables } from './variables';

/** Every check of a policy document, identity, resource or trust, wherever it sits in a file. */
export function checkPolicy(ctx: CheckContext, policy: Policy): void {
  checkGrammar(ctx, policy);
  checkSize(ctx, policy);
  for (const statement of policy.statements) {
    if (statement.node.type !== 'object') continue;
    checkActions(ctx, statement);
    checkResources(ctx, policy, statement);
    checkConditions(ctx, statement);
    checkPrincipals(ctx, policy, statement);
    checkVariables(ctx, policy, statement);
    if (policy.kind !== 'trust') checkSecurity(ctx, statement);
  }
}
