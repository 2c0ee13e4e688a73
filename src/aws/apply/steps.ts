import type { RoleDiff } from '../../iam/diff';
import { PolicyDocument, SourceRange, Tag } from '../../iam/roleModel';

/** One IAM write, as data: the plan shows it, the executor sends it, a test compares it. */
export type Operation =
  | { readonly op: 'createOpenIdConnectProvider'; readonly url: string; readonly clientIds: readonly string[] }
  | { readonly op: 'createPolicy'; readonly policyName: string; readonly path: string; readonly description?: string; readonly document: PolicyDocument }
  | { readonly op: 'deletePolicyVersion'; readonly policyArn: string; readonly versionId: string }
  | { readonly op: 'createPolicyVersion'; readonly policyArn: string; readonly document: PolicyDocument }
  | {
    readonly op: 'createRole'; readonly roleName: string; readonly path: string; readonly description?: string;
    readonly maxSessionDuration: number; readonly trustPolicy: PolicyDocument; readonly permissionsBoundary?: string; readonly tags: readonly Tag[];
  }
  | { readonly op: 'updateRole'; readonly roleName: string; readonly description: string; readonly maxSessionDuration: number }
  | { readonly op: 'updateAssumeRolePolicy'; readonly roleName: string; readonly document: PolicyDocument }
  | { readonly op: 'putRolePermissionsBoundary'; readonly roleName: string; readonly permissionsBoundary: string }
  | { readonly op: 'deleteRolePermissionsBoundary'; readonly roleName: string }
  | { readonly op: 'tagRole'; readonly roleName: string; readonly tags: readonly Tag[] }
  | { readonly op: 'untagRole'; readonly roleName: string; readonly keys: readonly string[] }
  | { readonly op: 'putRolePolicy'; readonly roleName: string; readonly policyName: string; readonly document: PolicyDocument }
  | { readonly op: 'deleteRolePolicy'; readonly roleName: string; readonly policyName: string }
  | { readonly op: 'attachRolePolicy'; readonly roleName: string; readonly policyArn: string }
  | { readonly op: 'detachRolePolicy'; readonly roleName: string; readonly policyArn: string }
  | { readonly op: 'createInstanceProfile'; readonly instanceProfileName: string; readonly path: string }
  | { readonly op: 'addRoleToInstanceProfile'; readonly instanceProfileName: string; readonly roleName: string }
  | { readonly op: 'removeRoleFromInstanceProfile'; readonly instanceProfileName: string; readonly roleName: string }
  | { readonly op: 'deleteInstanceProfile'; readonly instanceProfileName: string }
  | { readonly op: 'deleteRole'; readonly roleName: string };

/** How a step changes the account, as the plan view marks it. */
export type StepKind = 'add' | 'change' | 'remove';

/** One step of a plan. */
export interface PlanStep {
  readonly kind: StepKind;
  /** What it does, in words: "Attach arn:aws:iam::aws:policy/ReadOnlyAccess to DevEC2". */
  readonly title: string;
  readonly operation: Operation;
  /** The manifest text the step comes from, so a failure can be placed on its line. */
  readonly source?: SourceRange;
  /** The step gives the role more access than it had (a new grant, a removed Deny or boundary, a wider trust). */
  readonly widens: boolean;
}

/** A problem that stops a plan from being applied at all, with where it comes from when known. */
export interface Refusal {
  readonly message: string;
  readonly source?: SourceRange;
}

/** What applying a manifest would do, in order; nothing is written while computing it. */
export interface Plan {
  readonly roleName: string;
  readonly steps: readonly PlanStep[];
  /** Non-empty: the plan must not be applied (quotas, names, error findings, an OIDC provider to create by hand). */
  readonly refusals: readonly Refusal[];
  /** Things to know before confirming (a replacement breaks trust policies naming the old role's ARN). */
  readonly warnings: readonly string[];
  /** The statement-level difference the plan applies (none for a deletion). */
  readonly diff?: RoleDiff;
}
