import { ApplyContext, ApplyOutcome, confirmAndApply, refuseUntrusted } from '../applyFlow';
import type { RoleNode } from '../roleNodes';
import { ensureConnected } from '../roleDiff';

/**
 * Deletes a role of the tree with its own plan (out of its instance profiles, detach, delete inline
 * policies, delete) after a modal confirmation. Customer managed policies are detached and kept.
 */
export async function deleteRole(context: ApplyContext, node: RoleNode): Promise<ApplyOutcome> {
  const untrusted = refuseUntrusted(context, 'Delete Role');
  if (untrusted) return untrusted;
  if (!(await ensureConnected(context))) return { kind: 'notConnected', message: 'not connected' };
  const access = await context.connection.access();
  const name = node.role.name;
  let plan;
  try {
    plan = await context.prompts.withProgress(`Planning the deletion of ${name}…`, false, () => access.planDelete(context.connection.current, name));
  } catch (e) {
    const message = `Could not read role ${name}: ${access.explain(e, context.connection.current).message}`;
    void context.prompts.notify('error', message);
    return { kind: 'error', message };
  }
  if (!plan) {
    const message = `Role ${name} is no longer in the account.`;
    void context.prompts.notify('info', message);
    context.onApplied();
    return { kind: 'invalid', message };
  }
  return confirmAndApply(context, plan, 'Delete');
}
