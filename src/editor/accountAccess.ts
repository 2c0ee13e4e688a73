// What the editor needs from src/aws, as an interface: the implementation (awsAdapter.ts) carries the
// AWS SDK and the sandbox, and is loaded on first need so that opening a JSON file loads neither.
import type { RoleSummary } from '../aws/account';
import type { ApplyOptions, ApplyResult } from '../aws/apply/execute';
import type { Plan } from '../aws/apply/steps';
import type { Connection } from '../aws/connection';
import type { Problem } from '../aws/errors';
import type { ReadRoleResult } from '../aws/roles';
import type { CustomerManagedPolicy, RoleManifest } from '../iam/roleModel';

/** Who a connection's credentials are. */
export interface Identity {
  readonly account: string;
  readonly arn: string;
}

/** The local sandbox account this window started. */
export interface RunningSandbox {
  readonly endpoint: string;
  readonly accountId: string;
  close(): Promise<void>;
}

/** The AWS side of the editor; every call that talks to AWS takes the connection it goes to. */
export interface AccountAccess {
  listProfiles(): Promise<string[]>;
  /** The region configured for a profile, if any. */
  profileRegion(profile: string | undefined): Promise<string | undefined>;
  identify(connection: Connection): Promise<Identity>;
  /** Whether an identity is the local sandbox account's caller (of this window's sandbox or another's). */
  isSandboxCaller(identity: Identity): boolean;
  explain(error: unknown, connection: Connection): Problem;
  startSandbox(): Promise<RunningSandbox>;
  listRoles(connection: Connection): Promise<RoleSummary[]>;
  /** The ECR repositories of the connection's region. */
  listEcrRepositories(connection: Connection): Promise<{ name: string; arn: string }[]>;
  /** A role with everything that defines it, or the fact that the account has no role of that name. */
  readRole(connection: Connection, name: string): Promise<ReadRoleResult>;
  /** Every role of the account with its documents, in as few calls as the account allows. */
  readAccountRoles(connection: Connection): Promise<RoleManifest[]>;
  /** A managed policy (AWS or customer managed) with its default version's document. */
  readManagedPolicy(connection: Connection, arn: string): Promise<CustomerManagedPolicy>;
  /** What applying `local` would do (nothing written); `replaces` names the role a renamed manifest replaces. */
  planApply(connection: Connection, local: RoleManifest, replaces?: string): Promise<Plan>;
  /** What deleting a deployed role takes; undefined when the account has no role of that name. */
  planDelete(connection: Connection, roleName: string): Promise<Plan | undefined>;
  /** Applies a plan's steps in order, stopping at the first failure or cancellation. */
  applyPlan(connection: Connection, plan: Plan, options: ApplyOptions): Promise<ApplyResult>;
  /** Releases the cached SDK clients (the next call builds new ones). */
  dropClients(): void;
}

/** Loads the AWS side on first call; later calls return the same module. */
export type LoadAccountAccess = () => Promise<AccountAccess>;

let loaded: Promise<AccountAccess> | undefined;

/** The real AWS side: dist/awsAdapter.js, a bundle of its own (see esbuild.js), loaded once. */
export const loadAccountAccess: LoadAccountAccess = () => (loaded ??= import('./awsAdapter').then((m) => m.awsAdapter));
