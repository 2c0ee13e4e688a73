// The AWS side of the editor over src/aws: the AWS SDK clients and the local sandbox account. Built
// into dist/awsAdapter.js apart from the extension's bundle and loaded on first need (accountAccess.ts).
import { getCallerIdentity, listEcrRepositories, listRoles } from '../aws/account';
import { applyPlan } from '../aws/apply/execute';
import { readAccountFacts } from '../aws/apply/facts';
import { planApply, planDelete } from '../aws/apply/plan';
import { ClientCache } from '../aws/clients';
import { listProfiles, profileRegion } from '../aws/connection';
import { explain } from '../aws/errors';
import { readAccountRoles, readManagedPolicy, readRole } from '../aws/roles';
import { startSandbox } from '../aws/sandbox/server';
import type { AccountAccess } from './accountAccess';

/** The clients of the connection last asked for; another connection replaces them. */
const clients = new ClientCache();

/** The editor's AWS access through src/aws, with the SDK clients cached per connection. */
export const awsAdapter: AccountAccess = {
  listProfiles,
  profileRegion,
  identify: async (connection) => {
    const who = await getCallerIdentity(clients.get(connection));
    return { account: who.account, arn: who.arn };
  },
  // The sandbox answers GetCallerIdentity as this user (src/aws/sandbox/state.ts, callerArn).
  isSandboxCaller: (identity) => identity.arn === `arn:aws:iam::${identity.account}:user/sandbox`,
  explain,
  startSandbox: () => startSandbox(),
  listRoles: (connection) => listRoles(clients.get(connection)),
  listEcrRepositories: (connection) => listEcrRepositories(clients.get(connection)),
  readRole: (connection, name) => readRole(clients.get(connection), name),
  readAccountRoles: (connection) => readAccountRoles(clients.get(connection)),
  readManagedPolicy: (connection, arn) => readManagedPolicy(clients.get(connection), arn),
  planApply: async (connection, local, replaces) => planApply(local, await readAccountFacts(clients.get(connection), local, { replaces })),
  planDelete: async (connection, roleName) => {
    const read = await readRole(clients.get(connection), roleName);
    return read.status === 'found' ? planDelete(read.role) : undefined;
  },
  applyPlan: (connection, plan, options) => applyPlan(clients.get(connection), plan, options),
  dropClients: () => clients.clear(),
};
