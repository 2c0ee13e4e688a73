import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** Where AWS calls go: a profile of the user's AWS config (or the SDK's default chain), a region, an endpoint. */
export interface Connection {
  /** A profile of ~/.aws/config or ~/.aws/credentials; undefined: the SDK's default credential chain. */
  readonly profile?: string;
  readonly region: string;
  /** Another AWS-compatible endpoint for every client (the local sandbox account, LocalStack, moto). */
  readonly endpoint?: string;
}

/**
 * The profiles named in ~/.aws/config and ~/.aws/credentials (or the files AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE name), sorted, each once. Missing or unreadable files give no profiles.
 */
export async function listProfiles(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // The loader also returns `[sso-session x]` and `[services x]` sections, keyed "sso-session.x": not profiles.
  const names = [...Object.keys(configFile), ...Object.keys(credentialsFile)].filter((n) => !/^(sso-session|services)\./.test(n));
  return [...new Set(names)].sort();
}

/** The profile the SDK uses when none is chosen: AWS_PROFILE when set and not blank, else `default`. */
export function defaultProfile(): string {
  return process.env.AWS_PROFILE?.trim() || 'default';
}

/**
 * The region to use with a profile: AWS_REGION (or AWS_DEFAULT_REGION) when set, else the `region`
 * of the profile's section (of the default profile when `profile` is undefined), else undefined.
 * A profile that does not exist has no region.
 */
export async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const fromEnv = process.env.AWS_REGION?.trim() || process.env.AWS_DEFAULT_REGION?.trim();
  if (fromEnv) return fromEnv;
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[profile ?? defaultProfile()]?.region?.trim() || undefined;
}

/**
 * Whether an endpoint is on this machine (127.0.0.0/8, localhost or [::1]), as the local sandbox
 * account's is. Anything that is not such a URL, including undefined, is not.
 */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return /^https?:$/.test(url.protocol) && /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/.test(url.hostname);
}
