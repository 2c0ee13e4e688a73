import { Node } from 'jsonc-parser';
import { jsonSize, Policy } from '../document';
import { CheckContext } from './context';

/** IAM's size quotas, in characters not counting whitespace. */
export const SIZE_LIMITS = { managed: 6144, inlineTotal: 10240, trust: 2048 } as const;

/**
 * The size IAM counts for a document at a node: its JSON without whitespace outside strings and
 * without comments (IAM never sees those). Measured on the parse (document.ts jsonSize), not the text.
 */
export function policySize(node: Node): number {
  return jsonSize(node);
}

/** Managed policy (6,144) and trust policy (2,048) size quotas; inline totals are checked per manifest. */
export function checkSize(ctx: CheckContext, policy: Policy): void {
  const size = policySize(policy.node);
  if (policy.kind === 'trust' && size > SIZE_LIMITS.trust) {
    ctx.report('POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', { offset: policy.node.offset, length: 1 },
      `This trust policy has ${size} characters, whitespace not counted, over the quota of ${SIZE_LIMITS.trust}: shorten it, or raise the quota (up to 8,192) through Service Quotas.`);
  } else if (policy.kind !== 'trust' && size > SIZE_LIMITS.managed) {
    ctx.report('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', { offset: policy.node.offset, length: 1 },
      `This policy has ${size} characters, whitespace not counted, over the managed policy quota of ${SIZE_LIMITS.managed}: split it into several policies.`);
  }
}
