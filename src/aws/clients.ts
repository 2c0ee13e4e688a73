import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Connection, isLocalEndpoint } from './connection';

/** The SDK clients of one connection. */
export interface Clients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly ecr: ECRClient;
  /** Releases the clients' sockets; the clients must not be used afterwards. */
  destroy(): void;
}

/** How the clients behave, beyond the connection. */
export interface ClientOptions {
  /**
   * Attempts per call, the first included: 3 by default, 1 for no retries. The SDK retries
   * throttling (IAM's LimitExceeded counts as throttling to it), 5xx answers and dropped connections.
   */
  readonly maxAttempts?: number;
}

/** The sandbox accepts any credentials; these stand in for an endpoint on this machine. */
const LOCAL_CREDENTIALS = { accessKeyId: 'AKIASANDBOX000000000', secretAccessKey: 'sandbox-secret-access-key' };

/**
 * The one place SDK clients are built. Credentials come from the profile (static keys, SSO,
 * credential_process, role_arn + source_profile) or, without a profile, the SDK's default chain
 * (environment variables, AWS_PROFILE, the default profile, web identity, container and instance
 * roles); an endpoint on this machine (the local sandbox account, LocalStack) gets stand-in
 * credentials so that it works without any AWS configuration. The endpoint, when set, applies to
 * every client. Nothing is resolved or sent until a client is used: a bad profile fails the first call.
 */
export function createClients(connection: Connection, options: ClientOptions = {}): Clients {
  const credentials = isLocalEndpoint(connection.endpoint)
    ? LOCAL_CREDENTIALS
    : connection.profile ? fromIni({ profile: connection.profile }) : fromNodeProviderChain();
  // IAM is global, but its endpoint rules pick the partition's IAM endpoint from any region
  // (iam.amazonaws.com for eu-west-1, iam.cn-north-1.amazonaws.com.cn for cn-north-1).
  const config = { credentials, region: connection.region, endpoint: connection.endpoint || undefined, maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 3)) };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const ecr = new ECRClient(config);
  return { iam, sts, ecr, destroy: () => { iam.destroy(); sts.destroy(); ecr.destroy(); } };
}

/** Two connections are the same when their profile, region and endpoint are. */
function connectionKey(connection: Connection): string {
  return JSON.stringify([connection.profile ?? null, connection.region, connection.endpoint || null]);
}

/**
 * The clients of the current connection, built on first use and kept while the connection stays
 * the same, so that a refresh or a tree node that opens reuses their sockets and cached credentials.
 * Asking for another connection (another profile, region or endpoint) destroys the previous clients
 * first. Clients from `get` belong to the cache: callers never destroy them; `dispose` (for
 * `context.subscriptions`) and `clear` (to drop credentials the SDK cached, after `aws sso login`)
 * destroy them, and the next `get` builds new ones.
 */
export class ClientCache {
  private current: { readonly key: string; readonly clients: Clients } | undefined;

  constructor(private readonly options: ClientOptions = {}) {}

  /** The clients of `connection`: the cached ones when it is the connection of the last call. */
  get(connection: Connection): Clients {
    const key = connectionKey(connection);
    if (this.current?.key === key) return this.current.clients;
    this.clear();
    const clients = createClients(connection, this.options);
    this.current = { key, clients };
    return clients;
  }

  /** Destroys the cached clients, if any; the next `get` builds new ones. */
  clear(): void {
    this.current?.clients.destroy();
    this.current = undefined;
  }

  /** The same as `clear`, under the name VS Code's disposables use. */
  dispose(): void {
    this.clear();
  }
}
