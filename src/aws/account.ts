import { paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { GetAccountSummaryCommand, paginateListRoles } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { PolicyDocument } from '../iam/roleModel';
import { Clients } from './clients';


/** A role as listed: always a name and an ARN. */
export interface RoleSummary {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly description?: string;
  readonly created?: Date;
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

/** The value, or an Error saying AWS returned no `what` (the SDK types every answer field as optional). */
export function required<T>(value: T | undefined, what: string): T {
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

/** Every item of every page of a paginator, in order. Rejects with the first page's failure. */
export async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
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

