import {
  AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, DeleteInstanceProfileCommand, DeletePolicyVersionCommand,
  DeleteRoleCommand, DeleteRolePermissionsBoundaryCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, IAMClient,
  PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, RemoveRoleFromInstanceProfileCommand, TagRoleCommand, UntagRoleCommand,
  UpdateAssumeRolePolicyCommand, UpdateRoleCommand, waitUntilInstanceProfileExists, waitUntilPolicyExists, waitUntilRoleExists,
} from '@aws-sdk/client-iam';
import { Clients } from '../clients';
import { Operation, Plan, PlanStep } from './steps';

/** What became of one step. */
export type StepOutcome =
  | { readonly status: 'done' }
  | { readonly status: 'failed'; readonly code: string; readonly message: string }
  | { readonly status: 'notRun' };

/** The result of an apply: every step of the plan with its outcome, in plan order. */
export interface ApplyResult {
  readonly steps: readonly { readonly step: PlanStep; readonly outcome: StepOutcome }[];
  /** The user cancelled between two steps. */
  readonly cancelled: boolean;
  /** Every step ran. */
  readonly ok: boolean;
}

/** How an apply reports and can be stopped. */
export interface ApplyOptions {
  /** Called before step `index` (0-based) runs. */
  onStep?(index: number, step: PlanStep): void;
  /** Checked between steps: true stops the apply before the next one. */
  isCancelled?(): boolean;
  /**
   * How long a trust policy naming a principal IAM does not see yet (`MalformedPolicyDocument:
   * Invalid principal`, IAM's eventual consistency) is retried: two minutes by default.
   */
  principalRetryMs?: number;
  /** Longest wait for a just-created role, policy or instance profile to be visible: 120 s by default. */
  waitSeconds?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (document: unknown) => JSON.stringify(document);

/** Sends one operation; resolves when IAM has it (waiting for a created entity to be visible). */
async function send(iam: IAMClient, o: Operation, waitSeconds: number): Promise<void> {
  const waiter = { client: iam, maxWaitTime: waitSeconds, minDelay: 1, maxDelay: 5 };
  switch (o.op) {
    case 'createOpenIdConnectProvider':
      await iam.send(new CreateOpenIDConnectProviderCommand({ Url: o.url, ClientIDList: [...o.clientIds] }));
      return;
    case 'createPolicy': {
      const out = await iam.send(new CreatePolicyCommand({ PolicyName: o.policyName, Path: o.path, Description: o.description, PolicyDocument: text(o.document) }));
      if (out.Policy?.Arn) await waitUntilPolicyExists(waiter, { PolicyArn: out.Policy.Arn });
      return;
    }
    case 'deletePolicyVersion':
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: o.policyArn, VersionId: o.versionId }));
      return;
    case 'createPolicyVersion':
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: o.policyArn, PolicyDocument: text(o.document), SetAsDefault: true }));
      return;
    case 'createRole':
      await iam.send(new CreateRoleCommand({
        RoleName: o.roleName, Path: o.path, Description: o.description, MaxSessionDuration: o.maxSessionDuration,
        AssumeRolePolicyDocument: text(o.trustPolicy), PermissionsBoundary: o.permissionsBoundary,
        Tags: o.tags.length > 0 ? o.tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined,
      }));
      await waitUntilRoleExists(waiter, { RoleName: o.roleName });
      return;
    case 'updateRole':
      await iam.send(new UpdateRoleCommand({ RoleName: o.roleName, Description: o.description, MaxSessionDuration: o.maxSessionDuration }));
      return;
    case 'updateAssumeRolePolicy':
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: o.roleName, PolicyDocument: text(o.document) }));
      return;
    case 'putRolePermissionsBoundary':
      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: o.roleName, PermissionsBoundary: o.permissionsBoundary }));
      return;
    case 'deleteRolePermissionsBoundary':
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: o.roleName }));
      return;
    case 'tagRole':
      await iam.send(new TagRoleCommand({ RoleName: o.roleName, Tags: o.tags.map((t) => ({ Key: t.key, Value: t.value })) }));
      return;
    case 'untagRole':
      await iam.send(new UntagRoleCommand({ RoleName: o.roleName, TagKeys: [...o.keys] }));
      return;
    case 'putRolePolicy':
      await iam.send(new PutRolePolicyCommand({ RoleName: o.roleName, PolicyName: o.policyName, PolicyDocument: text(o.document) }));
      return;
    case 'deleteRolePolicy':
      await iam.send(new DeleteRolePolicyCommand({ RoleName: o.roleName, PolicyName: o.policyName }));
      return;
    case 'attachRolePolicy':
      await iam.send(new AttachRolePolicyCommand({ RoleName: o.roleName, PolicyArn: o.policyArn }));
      return;
    case 'detachRolePolicy':
      await iam.send(new DetachRolePolicyCommand({ RoleName: o.roleName, PolicyArn: o.policyArn }));
      return;
    case 'createInstanceProfile':
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: o.instanceProfileName, Path: o.path }));
      await waitUntilInstanceProfileExists(waiter, { InstanceProfileName: o.instanceProfileName });
      return;
    case 'addRoleToInstanceProfile':
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: o.instanceProfileName, RoleName: o.roleName }));
      return;
    case 'removeRoleFromInstanceProfile':
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: o.instanceProfileName, RoleName: o.roleName }));
      return;
    case 'deleteInstanceProfile':
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: o.instanceProfileName }));
      return;
    case 'deleteRole':
      await iam.send(new DeleteRoleCommand({ RoleName: o.roleName }));
      return;
  }
}

/** IAM's answer while a just-created principal is not visible to it yet. */
function isUnknownPrincipal(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'MalformedPolicyDocumentException' && /invalid principal/i.test(e.message ?? '');
}

/**
 * Applies a plan's steps in order, stopping at the first failure or cancellation: the result says
 * which steps ran, which failed (AWS's error code and message) and which did not run. A trust policy
 * naming a principal IAM does not see yet is retried with backoff for `principalRetryMs`; throttling
 * and 5xx answers are retried by the SDK client. Refuses (throws) a plan that has refusals. Applying
 * the plan computed afterwards converges: it holds exactly the steps that did not take effect.
 */
export async function applyPlan(clients: Clients, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  if (plan.refusals.length > 0) throw new Error(`The plan for ${plan.roleName} cannot be applied: ${plan.refusals[0].message}`);
  const outcomes: StepOutcome[] = plan.steps.map(() => ({ status: 'notRun' }));
  const retryFor = options.principalRetryMs ?? 120_000;
  let cancelled = false;
  for (const [i, step] of plan.steps.entries()) {
    if (options.isCancelled?.()) {
      cancelled = true;
      break;
    }
    options.onStep?.(i, step);
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await send(clients.iam, step.operation, options.waitSeconds ?? 120);
        outcomes[i] = { status: 'done' };
        break;
      } catch (error) {
        const retry = isUnknownPrincipal(error) && Date.now() - started < retryFor;
        if (retry) {
          await sleep(Math.min(1000 * 2 ** attempt, 10_000, Math.max(0, retryFor - (Date.now() - started))));
          continue;
        }
        const e = error as { name?: string; message?: string };
        outcomes[i] = { status: 'failed', code: (e?.name ?? 'Error').replace(/Exception$/, ''), message: e?.message ?? String(error) };
        break;
      }
    }
    if (outcomes[i].status === 'failed') break;
  }
  return {
    steps: plan.steps.map((step, i) => ({ step, outcome: outcomes[i] })),
    cancelled,
    ok: outcomes.every((o) => o.status === 'done'),
  };
}
