import { Node } from 'jsonc-parser';
import { ManagedPolicy } from '../catalogTypes';
import { StringValue, stringValue } from '../document';
import { Fix } from '../findings';
import { CheckContext, closest, replaceString } from './context';

/** An AWS managed policy ARN: partition, path (`/`, `/service-role/`...) and name. */
const AWS_POLICY_ARN = /^arn:(aws[a-z-]*):iam::aws:policy(\/(?:[\x21-\x7E]*\/)?)([\w+=,.@-]+)$/;

/** The fix that writes another policy's ARN, in the partition the manifest used. */
function useArn(at: StringValue, partition: string, policy: ManagedPolicy, preferred: boolean): Fix {
  const arn = policy.arn.replace(/^arn:aws:/, `arn:${partition}:`);
  return { title: `Change to "${arn}"`, edits: [replaceString(at, arn)], isPreferred: preferred };
}

/**
 * An AWS managed policy ARN in a role manifest (ManagedPolicyArns, PermissionsBoundary): a policy AWS
 * does not have is an error with "did you mean" (AttachRolePolicy fails with NoSuchEntity: seed 002's
 * AmazonECSTaskExecutionRolePolicy written without its service-role/ path), and a policy AWS has
 * deprecated a warning naming its replacement where AWS documents one. Customer managed policy ARNs
 * and text that is not an ARN are left to the other checks. Only the aws partition's list is known,
 * so a name missing from it is not reported in the other partitions.
 */
export function checkManagedPolicyArn(ctx: CheckContext, node: Node): void {
  const s = stringValue(node);
  const m = s && AWS_POLICY_ARN.exec(s.value);
  if (!s || !m) return;
  const [, partition, path, name] = m;
  const policy = ctx.catalog.managedPolicy(name);
  if (!policy) {
    if (partition !== 'aws') return;
    const suggestions = closest(name, ctx.catalog.managedPolicies().map((p) => p.name));
    const found = suggestions.map((n) => ctx.catalog.managedPolicy(n)).filter((p): p is ManagedPolicy => p !== undefined);
    ctx.report('UNKNOWN_MANAGED_POLICY', s,
      `"${name}" is no AWS managed policy, so attaching it fails (NoSuchEntity)${found.length ? `: did you mean ${found.map((p) => `"${p.name}"`).join(' or ')}?` : ': check the name in the IAM console or the AWS Managed Policy Reference.'}`,
      found.map((p, i) => useArn(s, partition, p, i === 0)));
    return;
  }
  if (policy.path !== path) {
    ctx.report('UNKNOWN_MANAGED_POLICY', s,
      `"${name}" has the path ${policy.path}, so this ARN names no policy and attaching it fails (NoSuchEntity): its ARN is ${policy.arn.replace(/^arn:aws:/, `arn:${partition}:`)}.`,
      [useArn(s, partition, policy, true)]);
    return;
  }
  if (policy.deprecated) {
    const replacement = policy.deprecated.replacement;
    ctx.report('DEPRECATED_MANAGED_POLICY', s,
      `"${name}" is deprecated by AWS and cannot be attached to new roles${replacement ? `: attach ${replacement.name} instead.` : ': attach the policy AWS recommends in its place.'}`,
      replacement ? [useArn(s, partition, replacement, true)] : []);
  }
}
