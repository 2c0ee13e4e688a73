// The AWS side of the editor over src/aws: the AWS SDK clients and the local sandbox account. Built
// into dist/awsAdapter.js apart from the extension's bundle and loaded on first need (accountAccess.ts).
import { getCallerIdentity, getManagedPolicyDocument, getRoleDetails, listRoles } from '../aws/account';
import { Clients, createClients } from '../aws/clients';
import { Connection, listProfiles, profileRegion } from '../aws/connection';
import { explain } from '../aws/errors';
import { startSandbox } from '../aws/sandbox/server';
import type { CustomerManagedPolicy, RoleManifest } from '../iam/roleModel';
import type { AccountAccess } from './accountAccess';

const clients = new Map<string, Clients>();
const keyOf = (c: Connection) => JSON.stringify([c.profile ?? null, c.region, c.endpoint ?? null]);

/** The connection's clients, built once and kept until the connection changes. */
function clientsFor(connection: Connection): Clients {
  const key = keyOf(connection);
  let found = clients.get(key);
  if (!found) {
    found = createClients(connection);
    clients.set(key, found);
  }
  return found;
}

function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'NoSuchEntityException';
}

async function readRole(connection: Connection, name: string): Promise<RoleManifest | undefined> {
  const c = clientsFor(connection);
  let role;
  try {
    role = await getRoleDetails(c, name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  const managed = role.attachedPolicies.filter((p) => p.arn.startsWith('arn:aws:iam::aws:'));
  const owned = await Promise.all(role.attachedPolicies.filter((p) => !managed.includes(p)).map(async (p): Promise<CustomerManagedPolicy> => {
    const { versionId, document } = await getManagedPolicyDocument(c, p.arn);
    const path = /^arn:[^:]+:iam::\d+:policy(\/.*\/|\/)/.exec(p.arn)?.[1] ?? '/';
    return { name: p.name, path, document, arn: p.arn, defaultVersionId: versionId };
  }));
  return {
    roleName: role.name, path: role.path, description: role.description, maxSessionDuration: role.maxSessionDuration,
    trustPolicy: role.trustPolicy, managedPolicyArns: managed.map((p) => p.arn), customerManagedPolicies: owned,
    inlinePolicies: role.inlinePolicies, permissionsBoundary: role.permissionsBoundary, tags: role.tags,
    instanceProfile: false, sources: new Map(),
    deployed: { arn: role.arn, roleId: '', createDate: role.created, instanceProfiles: [] },
  };
}

/** The editor's AWS access through src/aws, with the SDK clients cached per connection. */
export const awsAdapter: AccountAccess = {
  listProfiles,
  profileRegion,
  identify: async (connection) => {
    const who = await getCallerIdentity(clientsFor(connection));
    return { account: who.account, arn: who.arn };
  },
  // The sandbox answers GetCallerIdentity as this user (src/aws/sandbox/state.ts, callerArn).
  isSandboxCaller: (identity) => identity.arn === `arn:aws:iam::${identity.account}:user/sandbox`,
  explain,
  startSandbox: () => startSandbox(),
  listRoles: (connection) => listRoles(clientsFor(connection)),
  readRole,
  async readAccountRoles(connection) {
    const roles = await listRoles(clientsFor(connection));
    const read = await Promise.all(roles.map((r) => readRole(connection, r.name)));
    return read.filter((r): r is RoleManifest => r !== undefined);
  },
  dropClients(keep) {
    const kept = keep && keyOf(keep);
    for (const [key, c] of clients) {
      if (key === kept) continue;
      c.destroy();
      clients.delete(key);
    }
  },
};
