import { GetInstanceProfileCommand, ListOpenIDConnectProvidersCommand, paginateListPolicyVersions } from '@aws-sdk/client-iam';
import { RoleManifest } from '../../iam/roleModel';
import { getAccountSummary, getCallerIdentity } from '../account';
import { Clients } from '../clients';
import { readManagedPolicy, readRole } from '../roles';
import { AccountFacts, DEFAULT_ATTACHED_POLICIES_QUOTA, DeployedPolicy, policyArn } from './plan';

const versionNumber = (id: string) => Number(/^v(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);
const isNoSuchEntity = (error: unknown) => (error as { name?: string })?.name === 'NoSuchEntityException';

/** Does the trust policy federate with an OIDC provider (so the account's providers matter)? */
const namesOidcProvider = (local: RoleManifest) => JSON.stringify(local.trustPolicy).includes(':oidc-provider/');

async function readPolicy(clients: Clients, arn: string): Promise<DeployedPolicy | undefined> {
  try {
    const [policy, versions] = await Promise.all([
      readManagedPolicy(clients, arn),
      (async () => {
        const all: { versionId: string; isDefault: boolean }[] = [];
        for await (const page of paginateListPolicyVersions({ client: clients.iam }, { PolicyArn: arn })) {
          for (const v of page.Versions ?? []) all.push({ versionId: v.VersionId ?? '', isDefault: Boolean(v.IsDefaultVersion) });
        }
        // IAM numbers versions v1, v2, ... in the order it creates them (CreateDate has only seconds).
        return all.sort((a, b) => versionNumber(a.versionId) - versionNumber(b.versionId));
      })(),
    ]);
    return { arn, document: policy.document, defaultVersionId: policy.defaultVersionId ?? versions.find((v) => v.isDefault)?.versionId ?? '', versions };
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/**
 * Reads what planning `local` needs from the account, in parallel: who the caller is (account id and
 * partition), the role of the manifest's name and the role it replaces (`replaces`, a renamed
 * manifest's old name), the manifest's customer managed policies with their versions, the OIDC
 * providers (only when the trust policy names one), the instance profile of the role's name (only for
 * a manifest that wants one) and the attached-policies quota. Reads only; rejects with the SDK's
 * error as it is (explain it with errors.ts).
 */
export async function readAccountFacts(clients: Clients, local: RoleManifest, options: { replaces?: string } = {}): Promise<AccountFacts> {
  const identity = await getCallerIdentity(clients);
  const partition = identity.arn.split(':')[1] || 'aws';
  const where = { accountId: identity.account, partition };
  const [role, replaced, policies, oidcProviders, instanceProfile, summary] = await Promise.all([
    readRole(clients, local.roleName),
    options.replaces && options.replaces !== local.roleName ? readRole(clients, options.replaces) : undefined,
    Promise.all(local.customerManagedPolicies.map((p) => readPolicy(clients, policyArn(where, p)))),
    namesOidcProvider(local)
      ? clients.iam.send(new ListOpenIDConnectProvidersCommand({})).then((out) =>
        (out.OpenIDConnectProviderList ?? []).map((p) => /:oidc-provider\/(.+)$/.exec(p.Arn ?? '')?.[1]).filter((h): h is string => Boolean(h)))
      : [],
    local.instanceProfile
      ? clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: local.roleName })).then(
        (out) => ({ name: local.roleName, roles: (out.InstanceProfile?.Roles ?? []).map((r) => r.RoleName ?? '') }),
        (error) => {
          if (isNoSuchEntity(error)) return undefined;
          throw error;
        })
      : undefined,
    getAccountSummary(clients),
  ]);
  return {
    ...where,
    role: role.status === 'found' ? role.role : undefined,
    replaced: replaced?.status === 'found' ? replaced.role : undefined,
    policies: new Map(policies.filter((p): p is DeployedPolicy => Boolean(p)).map((p) => [p.arn, p])),
    oidcProviders: new Set(oidcProviders),
    instanceProfile,
    attachedPoliciesQuota: summary.AttachedPoliciesPerRoleQuota || DEFAULT_ATTACHED_POLICIES_QUOTA,
  };
}
