import { paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import {
  GetAccountSummaryCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand,
  paginateListAttachedRolePolicies, paginateListRolePolicies, paginateListRoles, paginateListRoleTags,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Clients } from './clients';

/** A policy document as an object, decoded from IAM's URL-encoded JSON. */
export type PolicyDocument = Record<string, unknown>;

/** A role as listed: always a name and an ARN. */
export interface RoleSummary {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly description?: string;
  readonly created?: Date;
}

/** A role with everything that defines it, documents decoded. */
export interface RoleDetails extends RoleSummary {
  readonly trustPolicy: PolicyDocument;
  readonly maxSessionDuration: number;
  readonly attachedPolicies: { readonly name: string; readonly arn: string }[];
  readonly inlinePolicies: { readonly name: string; readonly document: PolicyDocument }[];
  readonly tags: { readonly key: string; readonly value: string }[];
  readonly permissionsBoundary?: string;
}

/** Who a connection's credentials are (STS GetCallerIdentity). */
export interface Identity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/**
 * Decodes a policy document as IAM returns it (URL-encoded JSON) into an object; a document that is
 * not URL-encoded (as some AWS-compatible endpoints return them) is parsed as it is. Throws an Error
 * naming `what` when there is no document or it is not a JSON object.
 */
export function decodeDocument(encoded: string | undefined, what: string): PolicyDocument {
  if (!encoded) throw new Error(`AWS returned no document for ${what}.`);
  let text = encoded;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    // Already decoded (some endpoints do): parse as it is.
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The document of ${what} is not JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`The document of ${what} is not a JSON object.`);
  return parsed as PolicyDocument;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`AWS returned no ${what}.`);
  return value;
}

/** Who the connection's credentials are (STS GetCallerIdentity). Rejects with the SDK's or the credential provider's error (see errors.ts). */
export async function getCallerIdentity(clients: Clients): Promise<Identity> {
  const out = await clients.sts.send(new GetCallerIdentityCommand({}));
  return { account: required(out.Account, 'account id'), arn: required(out.Arn, 'caller ARN'), userId: out.UserId ?? '' };
}

/** Every role of the account (whose path starts with `pathPrefix`), all pages, in IAM's order (by name). Rejects with the SDK's error. */
export async function listRoles(clients: Clients, pathPrefix?: string): Promise<RoleSummary[]> {
  const roles: RoleSummary[] = [];
  for await (const page of paginateListRoles({ client: clients.iam }, { PathPrefix: pathPrefix })) {
    for (const r of page.Roles ?? []) {
      roles.push({ name: required(r.RoleName, 'role name'), arn: required(r.Arn, 'role ARN'), path: r.Path ?? '/', description: r.Description, created: r.CreateDate });
    }
  }
  return roles;
}

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}

/**
 * A role with its trust policy, attached managed policies, inline policies (with documents), tags and
 * permissions boundary, loaded in parallel (each list to its last page). Rejects with the SDK's error
 * as it is (NoSuchEntityException for a role that does not exist).
 */
export async function getRoleDetails(clients: Clients, roleName: string): Promise<RoleDetails> {
  const iam = clients.iam;
  const [role, attached, inlineNames, tags] = await Promise.all([
    iam.send(new GetRoleCommand({ RoleName: roleName })),
    collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }), (p) => p.AttachedPolicies),
    collect(paginateListRolePolicies({ client: iam }, { RoleName: roleName }), (p) => p.PolicyNames),
    collect(paginateListRoleTags({ client: iam }, { RoleName: roleName }), (p) => p.Tags),
  ]);
  const inline = await Promise.all(inlineNames.map(async (name) => {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    return { name, document: decodeDocument(out.PolicyDocument, `inline policy ${name} of role ${roleName}`) };
  }));
  const r = required(role.Role, `role ${roleName}`);
  return {
    name: required(r.RoleName, 'role name'), arn: required(r.Arn, 'role ARN'), path: r.Path ?? '/', description: r.Description, created: r.CreateDate,
    trustPolicy: decodeDocument(r.AssumeRolePolicyDocument, `the trust policy of role ${roleName}`),
    maxSessionDuration: r.MaxSessionDuration ?? 3600,
    attachedPolicies: attached.map((a) => ({ name: required(a.PolicyName, 'policy name'), arn: required(a.PolicyArn, 'policy ARN') })),
    inlinePolicies: inline,
    tags: tags.map((t) => ({ key: required(t.Key, 'tag key'), value: t.Value ?? '' })),
    permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn,
  };
}

/** A managed policy's default version and its document, decoded. Rejects with the SDK's error (NoSuchEntityException for an unknown ARN). */
export async function getManagedPolicyDocument(clients: Clients, arn: string): Promise<{ versionId: string; document: PolicyDocument }> {
  const policy = await clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  const versionId = required(policy.Policy?.DefaultVersionId, `default version of ${arn}`);
  const version = await clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
  return { versionId, document: decodeDocument(version.PolicyVersion?.Document, `${arn} ${versionId}`) };
}

/** The account's ECR repositories in the connection's region, all pages. Rejects with the SDK's error. */
export async function listEcrRepositories(clients: Clients): Promise<{ name: string; arn: string; uri: string }[]> {
  const repos = await collect(paginateDescribeRepositories({ client: clients.ecr }, {}), (p) => p.repositories);
  return repos.map((r) => ({ name: required(r.repositoryName, 'repository name'), arn: required(r.repositoryArn, 'repository ARN'), uri: r.repositoryUri ?? '' }));
}

/** IAM's usage counts and quotas (GetAccountSummary), e.g. Roles, RolesQuota, AttachedPoliciesPerRoleQuota. Rejects with the SDK's error. */
export async function getAccountSummary(clients: Clients): Promise<Record<string, number>> {
  const out = await clients.iam.send(new GetAccountSummaryCommand({}));
  return Object.fromEntries(Object.entries(out.SummaryMap ?? {}).map(([k, v]) => [k, Number(v)]));
}

