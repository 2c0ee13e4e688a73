import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';

/** Where AWS calls go: a profile of the user's AWS config (or the default chain), a region, an endpoint. */
export interface Connection {
  /** A profile of ~/.aws/config or ~/.aws/credentials; undefined: the SDK's default credential chain. */
  readonly profile?: string;
  readonly region: string;
  /** Another AWS-compatible endpoint for every client (the local sandbox account, LocalStack, moto). */
  readonly endpoint?: string;
}

export interface Clients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly ecr: ECRClient;
  /** Releases the clients' sockets. */
  destroy(): void;
}

/** The sandbox accepts any credentials; these stand in when the user has none configured. */
const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIASANDBOX000000000', secretAccessKey: 'sandbox-secret-access-key' };

function isLoopback(endpoint: string | undefined): boolean {
  return !!endpoint && /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(endpoint);
}

/**
 * The one place SDK clients are built. Credentials come from the profile (SSO, credential_process,
 * role_arn + source_profile, static keys) or the default chain (environment, AWS_PROFILE, instance and
 * container roles); a loopback endpoint (the local sandbox account) gets stand-in credentials.
 */
export function createClients(connection: Connection): Clients {
  const credentials = isLoopback(connection.endpoint)
    ? SANDBOX_CREDENTIALS
    : connection.profile ? fromIni({ profile: connection.profile }) : fromNodeProviderChain();
  // IAM is global: its endpoint lives in us-east-1 whatever region the user works in.
  const common = { credentials, endpoint: connection.endpoint, maxAttempts: 3 };
  const iam = new IAMClient({ ...common, region: connection.endpoint ? connection.region : 'us-east-1' });
  const sts = new STSClient({ ...common, region: connection.region });
  const ecr = new ECRClient({ ...common, region: connection.region });
  return { iam, sts, ecr, destroy: () => { iam.destroy(); sts.destroy(); ecr.destroy(); } };
}
