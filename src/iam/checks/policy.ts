import { Policy, Statement } from '../document';
import { checkActions } from './actions';
import { checkConditions } from './conditions';
import { CheckContext } from './context';
import { checkGrammar } from './grammar';
import { checkPrincipals } from './principals';
import { checkResources } from './resources';
import { checkSecurity } from './security';
import { checkSize } from './size';
import { checkVariables } from './variables';

/** A check of a whole policy document: reports through `ctx`, never throws on any shape of document. */
export type PolicyCheck = (ctx: CheckContext, policy: Policy) => void;

/**
 * A check of one statement of a policy (always an object node; its elements may have any type). Adding
 * a check family is one line in STATEMENT_CHECKS.
 */
export type StatementCheck = (ctx: CheckContext, policy: Policy, statement: Statement) => void;

const POLICY_CHECKS: readonly PolicyCheck[] = [checkGrammar, checkSize];

const STATEMENT_CHECKS: readonly StatementCheck[] = [
  (ctx, _policy, statement) => checkActions(ctx, statement),
  checkResources,
  (ctx, policy, statement) => checkConditions(ctx, statement, policy),
  checkPrincipals,
  checkVariables,
  checkSecurity,
];

/** Every check of a policy document, identity, resource or trust, wherever it sits in a file. */
export function checkPolicy(ctx: CheckContext, policy: Policy): void {
  for (const check of POLICY_CHECKS) check(ctx, policy);
  for (const statement of policy.statements) {
    if (statement.node.type !== 'object') continue;
    for (const check of STATEMENT_CHECKS) check(ctx, policy, statement);
  }
}
