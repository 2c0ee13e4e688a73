// A deployed role read into the model every other part uses (iam/roleModel.ts): one role in full
// (readRole, for a diff, a pull or a tree node), or every role of the account at once
// (readAccountRoles, for the tree's status of thousands of roles in a few paginated calls).
import {
  AttachedPolicy, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand,
  ManagedPolicyDetail, paginateGetAccountAuthorizationDetails, paginateListAttachedRolePolicies,
  paginateListInstanceProfilesForRole, paginateListRolePolicies, paginateListRoles, Role, RoleDetail, Tag as SdkTag,
} from '@aws-sdk/client-iam';
import { CustomerManagedPolicy, DeployedRoleFacts, InlinePolicy, PolicyDocument, RoleManifest, Tag } from '../iam/roleModel';
import { collect, decodeDocument, required } from './account';
import { Clients } from './clients';

/**
 * What reading one role by name gave: the role, or the plain fact that the account has no role of
 * that name (IAM's NoSuchEntity, also when the role was deleted while it was being read).
 */
export type ReadRoleResult =
  | { readonly status: 'found'; readonly role: RoleManifest }
  | { readonly status: 'notFound'; readonly roleName: string; readonly message: string };

/** AWS managed policies live in the `aws` account of every partition: `arn:aws:iam::aws:policy/...`. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[\w-]+:iam::aws:policy\//.test(arn);
}

function isNoSuchEntity(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'NoSuchEntityException';
}

function tagsOf(tags: readonly SdkTag[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: required(t.Key, 'tag key'), value: t.Value ?? '' }));
}

function lastUsedOf(lastUsed: { LastUsedDate?: Date; Region?: string } | undefined): DeployedRoleFacts['roleLastUsed'] {
  if (!lastUsed || (!lastUsed.LastUsedDate && !lastUsed.Region)) return undefined;
  return { date: lastUsed.LastUsedDate, region: lastUsed.Region };
}

/** The common part of a role as GetRole, ListRoles and GetAccountAuthorizationDetails give it. */
function roleOf(
  r: Role | RoleDetail, parts: {
    description: string | undefined; maxSessionDuration: number | undefined; inline: InlinePolicy[]; attached: readonly AttachedPolicy[];
    customer: CustomerManagedPolicy[]; instanceProfiles: string[];
  },
): RoleManifest {
  const roleName = required(r.RoleName, 'role name');
  return {
    roleName,
    path: r.Path ?? '/',
    description: parts.description || undefined,
    maxSessionDuration: parts.maxSessionDuration ?? 3600,
    trustPolicy: decodeDocument(r.AssumeRolePolicyDocument, `the trust policy of role ${roleName}`),
    managedPolicyArns: parts.attached.map((a) => required(a.PolicyArn, 'policy ARN')).filter(isAwsManagedPolicyArn),
    customerManagedPolicies: parts.customer,
    inlinePolicies: parts.inline,
    permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(r.Tags),
    instanceProfile: parts.instanceProfiles.includes(roleName),
    sources: new Map(),
    deployed: {
      arn: required(r.Arn, 'role ARN'),
      roleId: required(r.RoleId, 'role id'),
      createDate: r.CreateDate,
      roleLastUsed: lastUsedOf(r.RoleLastUsed),
      instanceProfiles: parts.instanceProfiles,
    },
  };
}

/**
 * A managed policy (AWS or customer managed) with its default version's document, decoded (GetPolicy,
 * then GetPolicyVersion): what a tree node opens, and what readRole reads for each customer managed
 * policy attached. Rejects with the SDK's error as it is (NoSuchEntityException for an unknown ARN).
 */
export async function readManagedPolicy(clients: Clients, arn: string): Promise<CustomerManagedPolicy> {
  const iam = clients.iam;
  const policy = required((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy, `policy ${arn}`);
  const versionId = required(policy.DefaultVersionId, `default version of ${arn}`);
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
  return {
    name: required(policy.PolicyName, `name of ${arn}`),
    path: policy.Path ?? '/',
    description: policy.Description || undefined,
    document: decodeDocument(version.PolicyVersion?.Document, `${arn} ${versionId}`),
    arn,
    defaultVersionId: versionId,
  };
}

/**
 * Reads one role in full: the role (GetRole: trust, tags, boundary, last use), its inline policies
 * with their documents, its attached policies (AWS managed ones as ARNs in `managedPolicyArns`,
 * customer managed ones with their default version's document in `customerManagedPolicies`) and the
 * instance profiles that hold it, every list to its last page and independent calls in parallel.
 * Documents are decoded. A role the account does not have is `notFound`, not an error; any other
 * failure rejects with the SDK's error as it is (explain it with errors.ts).
 */
export async function readRole(clients: Clients, roleName: string): Promise<ReadRoleResult> {
  const iam = clients.iam;
  try {
    const [got, attached, inlineNames, profiles] = await Promise.all([
      iam.send(new GetRoleCommand({ RoleName: roleName })),
      collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }), (p) => p.AttachedPolicies),
      collect(paginateListRolePolicies({ client: iam }, { RoleName: roleName }), (p) => p.PolicyNames),
      collect(paginateListInstanceProfilesForRole({ client: iam }, { RoleName: roleName }), (p) => p.InstanceProfiles),
    ]);
    const role = required(got.Role, `role ${roleName}`);
    const [inline, customer] = await Promise.all([
      Promise.all(inlineNames.map(async (name): Promise<InlinePolicy> => {
        const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
        return { name, document: decodeDocument(out.PolicyDocument, `inline policy ${name} of role ${roleName}`) };
      })),
      Promise.all(attached.map((a) => required(a.PolicyArn, 'policy ARN')).filter((arn) => !isAwsManagedPolicyArn(arn))
        .map((arn) => readManagedPolicy(clients, arn))),
    ]);
    return {
      status: 'found',
      role: roleOf(role, {
        description: role.Description, maxSessionDuration: role.MaxSessionDuration, inline, attached, customer,
        instanceProfiles: profiles.map((p) => required(p.InstanceProfileName, 'instance profile name')),
      }),
    };
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
    return { status: 'notFound', roleName, message: `Role ${roleName} does not exist in the account.` };
  }
}

/** The default version's document of a policy as GetAccountAuthorizationDetails lists it. */
function defaultDocument(policy: ManagedPolicyDetail, arn: string): PolicyDocument {
  const version = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? policy.PolicyVersionList?.[0];
  return decodeDocument(version?.Document, `${arn} ${policy.DefaultVersionId ?? ''}`.trim());
}

/**
 * Reads every role of the account in full, as readRole would one by one, in two paginated reads
 * run side by side: GetAccountAuthorizationDetails (roles with their inline policies, attachments,
 * tags, boundary, instance profiles and last use; customer managed policies with their versions)
 * and ListRoles (the description and the maximum session duration, which the former leaves out).
 * Roles in listRoles' order (IAM's). A role created between the two reads is left out; a customer
 * managed policy attached to a role but missing from the details (created in between) is read on
 * its own. Rejects with the SDK's error as it is.
 */
export async function readAccountRoles(clients: Clients): Promise<RoleManifest[]> {
  const iam = clients.iam;
  const [details, listed] = await Promise.all([
    (async () => {
      const roles: RoleDetail[] = [];
      const policies: ManagedPolicyDetail[] = [];
      for await (const page of paginateGetAccountAuthorizationDetails({ client: iam }, { Filter: ['Role', 'LocalManagedPolicy'] })) {
        roles.push(...(page.RoleDetailList ?? []));
        policies.push(...(page.Policies ?? []));
      }
      return { roles, policies };
    })(),
    collect(paginateListRoles({ client: iam }, {}), (p) => p.Roles),
  ]);
  // Role names are unique case-insensitively in IAM, but keyed exactly as IAM spells them.
  const detailsByName = new Map(details.roles.map((r) => [required(r.RoleName, 'role name'), r]));
  const policies = new Map<string, CustomerManagedPolicy>();
  for (const p of details.policies) {
    const arn = required(p.Arn, 'policy ARN');
    policies.set(arn, {
      name: required(p.PolicyName, `name of ${arn}`), path: p.Path ?? '/', description: p.Description || undefined,
      document: defaultDocument(p, arn), arn, defaultVersionId: p.DefaultVersionId,
    });
  }
  const missing = [...new Set(details.roles.flatMap((r) => (r.AttachedManagedPolicies ?? []).map((a) => required(a.PolicyArn, 'policy ARN'))))]
    .filter((arn) => !isAwsManagedPolicyArn(arn) && !policies.has(arn));
  for (const policy of await Promise.all(missing.map((arn) => readManagedPolicy(clients, arn)))) policies.set(required(policy.arn, 'policy ARN'), policy);

  const roles: RoleManifest[] = [];
  for (const listedRole of listed) {
    const r = detailsByName.get(required(listedRole.RoleName, 'role name'));
    if (!r) continue;
    const attached = r.AttachedManagedPolicies ?? [];
    roles.push(roleOf(r, {
      description: listedRole.Description,
      maxSessionDuration: listedRole.MaxSessionDuration,
      inline: (r.RolePolicyList ?? []).map((p) => {
        const name = required(p.PolicyName, 'inline policy name');
        return { name, document: decodeDocument(p.PolicyDocument, `inline policy ${name} of role ${r.RoleName}`) };
      }),
      attached,
      customer: attached.map((a) => a.PolicyArn ?? '').filter((arn) => !isAwsManagedPolicyArn(arn)).map((arn) => policies.get(arn)!),
      instanceProfiles: (r.InstanceProfileList ?? []).map((p) => required(p.InstanceProfileName, 'instance profile name')),
    }));
  }
  return roles;
}
