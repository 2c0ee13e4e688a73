import { SIZE_LIMITS } from '../../iam/checks/size';
import { ChangeClass, diffRoles, RolePart } from '../../iam/diff';
import { customerPolicyArn, samePolicy } from '../../iam/normalize';
import { CustomerManagedPolicy, PolicyDocument, RoleManifest, SourceRange, Tag } from '../../iam/roleModel';
import { Operation, Plan, PlanStep, Refusal } from './steps';

/** IAM keeps at most five versions of a managed policy. */
export const POLICY_VERSION_LIMIT = 5;
/** The default quota of managed policies attached to one role (adjustable to 20). */
export const DEFAULT_ATTACHED_POLICIES_QUOTA = 10;
/** The OIDC provider GitHub Actions' tokens come from: the one provider apply creates itself. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** A customer managed policy as it exists in the account. */
export interface DeployedPolicy {
  readonly arn: string;
  /** The default version's document. */
  readonly document: PolicyDocument;
  readonly defaultVersionId: string;
  /** Every version, oldest first. */
  readonly versions: readonly { readonly versionId: string; readonly isDefault: boolean }[];
}

/** What the account holds that a plan depends on, read before planning (see facts.ts). */
export interface AccountFacts {
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** The role of the manifest's name as deployed; undefined when there is none. */
  readonly role?: RoleManifest;
  /** The role a renamed manifest replaces, as deployed (when the caller names one and it exists). */
  readonly replaced?: RoleManifest;
  /** The manifest's customer managed policies that exist, by ARN. */
  readonly policies: ReadonlyMap<string, DeployedPolicy>;
  /** Hosts (and paths) of the account's OIDC providers: `token.actions.githubusercontent.com`. */
  readonly oidcProviders: ReadonlySet<string>;
  /** The instance profile of the role's name, when it exists, with the roles it holds. */
  readonly instanceProfile?: { readonly name: string; readonly roles: readonly string[] };
  /** The account's quota of managed policies per role. */
  readonly attachedPoliciesQuota: number;
}

/** The ARN a customer managed policy of this manifest has (or will have) in the account. */
export function policyArn(facts: Pick<AccountFacts, 'accountId' | 'partition'>, policy: Pick<CustomerManagedPolicy, 'name' | 'path'>): string {
  return customerPolicyArn(`arn:${facts.partition}:iam::${facts.accountId}:`, policy);
}

/** IAM's size of a document: its JSON without whitespace outside strings. */
const sizeOf = (document: PolicyDocument) => JSON.stringify(document).length;

/** The OIDC provider hosts a trust policy federates with (`Principal.Federated` ARNs of oidc-provider). */
function oidcProvidersOf(trust: PolicyDocument): string[] {
  const hosts: string[] = [];
  const statements = Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement];
  for (const st of statements) {
    const principal = (st as { Principal?: unknown } | undefined)?.Principal;
    const federated = principal && typeof principal === 'object' ? (principal as { Federated?: unknown }).Federated : undefined;
    for (const f of Array.isArray(federated) ? federated : [federated]) {
      const m = typeof f === 'string' ? /^arn:[\w-]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(f) : null;
      if (m) hosts.push(m[1]);
    }
  }
  return hosts;
}

const tagMap = (tags: readonly Tag[]) => new Map(tags.map((t) => [t.key, t.value]));

/** Planning state: steps in the order they must run, added by phase so that adds come before removes. */
class Steps {
  readonly list: PlanStep[] = [];

  constructor(private readonly local: RoleManifest, private readonly classOf: (part: RolePart, name: string) => ChangeClass | undefined) {}

  /**
   * Adds a step; whether it widens access is the diff's class of the change it makes (`change`),
   * else `widens` (steps the diff has no part for: an OIDC provider, a new policy version's deletion).
   */
  add(kind: PlanStep['kind'], title: string, operation: Operation, widens: boolean, sourceKey?: string, change?: [RolePart, string]): void {
    const source: SourceRange | undefined = sourceKey ? this.local.sources.get(sourceKey) : undefined;
    const changeClass = change && this.classOf(...change);
    this.list.push({ kind, title, operation, widens: changeClass ? changeClass === 'widening' : widens, ...(source ? { source } : {}) });
  }
}

/**
 * What applying `local` to the account described by `facts` takes, in order: the OIDC provider,
 * customer managed policies (created, or a new default version after deleting the oldest
 * non-default one when five exist), the role (created with trust, boundary and tags in one call, or
 * updated), inline policies, attachments and the instance profile; then every removal (detach, delete
 * inline policies, untag, remove the boundary), so the role never holds less than the intersection
 * of its old and new permissions; then, for a replacement, the old role's deletion. A policy dropped
 * from the manifest is detached, never deleted. Refusals (quotas, an OIDC provider apply cannot
 * create) are reported in the plan, which must then not be applied. Pure: nothing is read or written.
 */
export function planApply(local: RoleManifest, facts: AccountFacts): Plan {
  const diff = diffRoles(facts.role, local);
  const classes = new Map(diff.changes.map((c) => [`${c.part}\u0000${c.name}`, c.class]));
  const steps = new Steps(local, (part, changeName) => classes.get(`${part}\u0000${changeName}`));
  const refusals: Refusal[] = [];
  const warnings: string[] = [];
  const name = local.roleName;
  let deployed = facts.role;
  let profileRoles = facts.instanceProfile?.roles ?? [];
  if (deployed && deployed.path !== local.path) {
    // IAM cannot change a role's path: the role is deleted and created again under the new one.
    warnings.push(`IAM cannot change a role's path: ${name} is deleted and created again with the path ${local.path}. In between the role does not exist, its sessions end, and trust and resource policies that name ${deployed.deployed?.arn ?? name} stop working.`);
    steps.list.push(...deleteRoleSteps(deployed).map((s) => ({ ...s, title: `Replace: ${s.title}` })));
    profileRoles = profileRoles.filter((r) => r !== name);
    deployed = undefined;
  }
  checkQuotas(local, facts, refusals);

  for (const host of oidcProvidersOf(local.trustPolicy)) {
    if (facts.oidcProviders.has(host)) continue;
    if (host === GITHUB_OIDC_HOST) {
      steps.add('add', `Create the OIDC identity provider ${host} (audience sts.amazonaws.com)`,
        { op: 'createOpenIdConnectProvider', url: `https://${host}`, clientIds: ['sts.amazonaws.com'] }, true, 'AssumeRolePolicyDocument');
    } else {
      refusals.push({
        message: `The trust policy names the OIDC provider ${host}, which this account does not have: create it first (aws iam create-open-id-connect-provider --url https://${host} --client-id-list ...), then apply again.`,
        source: local.sources.get('AssumeRolePolicyDocument'),
      });
    }
  }

  local.customerManagedPolicies.forEach((policy, i) => {
    const arn = policyArn(facts, policy);
    const existing = facts.policies.get(arn);
    const source = `CustomerManagedPolicies/${i}/PolicyDocument`;
    if (!existing) {
      steps.add('add', `Create the managed policy ${policy.name}`,
        { op: 'createPolicy', policyName: policy.name, path: policy.path, description: policy.description, document: policy.document }, false, source);
      return;
    }
    if (samePolicy(existing.document, policy.document)) return;
    if (existing.versions.length >= POLICY_VERSION_LIMIT) {
      const oldest = existing.versions.find((v) => !v.isDefault);
      if (oldest) {
        steps.add('remove', `Delete version ${oldest.versionId} of ${policy.name} (the oldest non-default one: IAM keeps ${POLICY_VERSION_LIMIT} versions)`,
          { op: 'deletePolicyVersion', policyArn: arn, versionId: oldest.versionId }, false, source);
      }
    }
    steps.add('change', `Update the managed policy ${policy.name} (a new default version)`,
      { op: 'createPolicyVersion', policyArn: arn, document: policy.document }, true, source, ['customerManagedPolicy', policy.name]);
    warnings.push(`${policy.name} is a managed policy: its new version applies to every role, user and group it is attached to, not only ${name}.`);
  });

  if (!deployed) {
    steps.add('add', `Create the role ${name}`, {
      op: 'createRole', roleName: name, path: local.path, description: local.description, maxSessionDuration: local.maxSessionDuration,
      trustPolicy: local.trustPolicy, permissionsBoundary: local.permissionsBoundary, tags: local.tags,
    }, true, 'RoleName');
  } else {
    if ((deployed.description ?? '') !== (local.description ?? '') || deployed.maxSessionDuration !== local.maxSessionDuration) {
      steps.add('change', `Update ${name}'s description and maximum session duration`,
        { op: 'updateRole', roleName: name, description: local.description ?? '', maxSessionDuration: local.maxSessionDuration }, false,
        (deployed.description ?? '') !== (local.description ?? '') ? 'Description' : 'MaxSessionDuration');
    }
    if (!samePolicy(deployed.trustPolicy, local.trustPolicy)) {
      steps.add('change', `Update ${name}'s trust policy`, { op: 'updateAssumeRolePolicy', roleName: name, document: local.trustPolicy }, true, 'AssumeRolePolicyDocument', ['trust', 'AssumeRolePolicyDocument']);
    }
    if (local.permissionsBoundary && local.permissionsBoundary !== deployed.permissionsBoundary) {
      steps.add(deployed.permissionsBoundary ? 'change' : 'add', `Set ${name}'s permissions boundary to ${local.permissionsBoundary}`,
        { op: 'putRolePermissionsBoundary', roleName: name, permissionsBoundary: local.permissionsBoundary }, Boolean(deployed.permissionsBoundary), 'PermissionsBoundary', ['boundary', 'PermissionsBoundary']);
    }
    const before = tagMap(deployed.tags);
    const changed = local.tags.filter((t) => before.get(t.key) !== t.value);
    if (changed.length > 0) {
      steps.add(changed.some((t) => before.has(t.key)) ? 'change' : 'add', `Tag ${name}: ${changed.map((t) => `${t.key}=${t.value}`).join(', ')}`,
        { op: 'tagRole', roleName: name, tags: changed }, false, 'Tags');
    }
  }

  const deployedInline = new Map((deployed?.inlinePolicies ?? []).map((p) => [p.name, p]));
  local.inlinePolicies.forEach((policy, i) => {
    const existing = deployedInline.get(policy.name);
    if (existing && samePolicy(existing.document, policy.document)) return;
    steps.add(existing ? 'change' : 'add', `${existing ? 'Update' : 'Add'} the inline policy ${policy.name} of ${name}`,
      { op: 'putRolePolicy', roleName: name, policyName: policy.name, document: policy.document }, true, `Policies/${i}/PolicyDocument`, ['inlinePolicy', policy.name]);
  });

  const wanted = new Map<string, string | undefined>();
  local.managedPolicyArns.forEach((arn, i) => wanted.set(arn, `ManagedPolicyArns/${i}`));
  local.customerManagedPolicies.forEach((p, i) => wanted.set(policyArn(facts, p), `CustomerManagedPolicies/${i}/PolicyName`));
  const attached = new Set([...(deployed?.managedPolicyArns ?? []), ...(deployed?.customerManagedPolicies ?? []).map((p) => p.arn ?? policyArn(facts, p))]);
  for (const [arn, source] of wanted) {
    if (!attached.has(arn)) steps.add('add', `Attach ${arn} to ${name}`, { op: 'attachRolePolicy', roleName: name, policyArn: arn }, true, source);
  }

  if (local.instanceProfile) {
    const profile = facts.instanceProfile;
    if (!profile) {
      steps.add('add', `Create the instance profile ${name}`, { op: 'createInstanceProfile', instanceProfileName: name, path: local.path }, false, 'InstanceProfile');
    }
    if (!profileRoles.includes(name)) {
      if (profileRoles.length > 0) {
        refusals.push({ message: `The instance profile ${name} already holds the role ${profileRoles[0]}, and an instance profile holds one role: remove it from the profile first.`, source: local.sources.get('InstanceProfile') });
      } else {
        steps.add('add', `Add ${name} to the instance profile ${name}`, { op: 'addRoleToInstanceProfile', instanceProfileName: name, roleName: name }, true, 'InstanceProfile');
      }
    }
  }

  for (const arn of attached) {
    if (!wanted.has(arn)) steps.add('remove', `Detach ${arn} from ${name} (the policy itself is kept)`, { op: 'detachRolePolicy', roleName: name, policyArn: arn }, false);
  }
  const localInline = new Set(local.inlinePolicies.map((p) => p.name));
  for (const p of deployed?.inlinePolicies ?? []) {
    if (!localInline.has(p.name)) steps.add('remove', `Delete the inline policy ${p.name} of ${name}`, { op: 'deleteRolePolicy', roleName: name, policyName: p.name }, false);
  }
  if (deployed) {
    const keys = new Set(local.tags.map((t) => t.key));
    const gone = deployed.tags.filter((t) => !keys.has(t.key)).map((t) => t.key);
    if (gone.length > 0) steps.add('remove', `Remove the tags ${gone.join(', ')} from ${name}`, { op: 'untagRole', roleName: name, keys: gone }, false);
    if (deployed.permissionsBoundary && !local.permissionsBoundary) {
      steps.add('remove', `Remove ${name}'s permissions boundary ${deployed.permissionsBoundary}`, { op: 'deleteRolePermissionsBoundary', roleName: name }, true);
    }
  }

  if (facts.replaced && facts.replaced.roleName !== name) {
    const old = facts.replaced;
    warnings.push(`${name} replaces ${old.roleName} (IAM cannot rename a role): trust policies and resource policies that name ${old.deployed?.arn ?? old.roleName} by ARN stop working when it is deleted.`);
    steps.list.push(...deleteRoleSteps(old));
  }
  return { roleName: name, steps: steps.list, refusals, warnings, diff };
}

/**
 * The steps that delete a deployed role, in the order IAM requires: out of its instance profiles,
 * managed policies detached (the policies are kept), inline policies and the boundary deleted, then
 * the role.
 */
export function deleteRoleSteps(role: RoleManifest): PlanStep[] {
  const name = role.roleName;
  const step = (title: string, operation: Operation): PlanStep => ({ kind: 'remove', title, operation, widens: false });
  return [
    ...(role.deployed?.instanceProfiles ?? []).map((profile) => step(`Remove ${name} from the instance profile ${profile}`,
      { op: 'removeRoleFromInstanceProfile', instanceProfileName: profile, roleName: name })),
    ...[...role.managedPolicyArns, ...role.customerManagedPolicies.map((p) => p.arn).filter((a): a is string => Boolean(a))]
      .map((arn) => step(`Detach ${arn} from ${name} (the policy itself is kept)`, { op: 'detachRolePolicy', roleName: name, policyArn: arn })),
    ...role.inlinePolicies.map((p) => step(`Delete the inline policy ${p.name} of ${name}`, { op: 'deleteRolePolicy', roleName: name, policyName: p.name })),
    step(`Delete the role ${name}`, { op: 'deleteRole', roleName: name }),
  ];
}

/**
 * The plan that deletes a deployed role (see deleteRoleSteps). The customer managed policies it
 * has are detached and kept: deleting a policy is its own command.
 */
export function planDelete(role: RoleManifest): Plan {
  return {
    roleName: role.roleName,
    steps: deleteRoleSteps(role),
    refusals: [],
    warnings: [`Deleting ${role.roleName} ends its sessions, and trust and resource policies that name ${role.deployed?.arn ?? role.roleName} by ARN stop working.`],
  };
}

/** What IAM would refuse, found before anything is sent: document sizes and the attachment quota. */
function checkQuotas(local: RoleManifest, facts: AccountFacts, refusals: Refusal[]): void {
  const trust = sizeOf(local.trustPolicy);
  if (trust > SIZE_LIMITS.trust) {
    refusals.push({ message: `The trust policy has ${trust} characters, over IAM's default quota of ${SIZE_LIMITS.trust} (whitespace not counted): shorten it, or raise the quota in Service Quotas.`, source: local.sources.get('AssumeRolePolicyDocument') });
  }
  const inline = local.inlinePolicies.reduce((n, p) => n + sizeOf(p.document), 0);
  if (inline > SIZE_LIMITS.inlineTotal) {
    refusals.push({ message: `The inline policies have ${inline} characters together, over IAM's ${SIZE_LIMITS.inlineTotal} per role (whitespace not counted): move some into managed policies.`, source: local.sources.get('Policies') });
  }
  local.customerManagedPolicies.forEach((p, i) => {
    const size = sizeOf(p.document);
    if (size > SIZE_LIMITS.managed) {
      refusals.push({ message: `The managed policy ${p.name} has ${size} characters, over IAM's ${SIZE_LIMITS.managed} (whitespace not counted): split it into two policies.`, source: local.sources.get(`CustomerManagedPolicies/${i}/PolicyDocument`) });
    }
  });
  const count = new Set([...local.managedPolicyArns, ...local.customerManagedPolicies.map((p) => policyArn(facts, p))]).size;
  if (count > facts.attachedPoliciesQuota) {
    refusals.push({ message: `${local.roleName} would have ${count} managed policies attached; this account allows ${facts.attachedPoliciesQuota} per role: attach fewer, or raise the quota in Service Quotas.`, source: local.sources.get('ManagedPolicyArns') });
  }
}
