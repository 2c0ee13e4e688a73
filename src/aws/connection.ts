import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** The profiles named in ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), sorted; empty when neither file exists. */
export async function listProfiles(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // The loader also returns `[sso-session x]` and `[services x]` sections, keyed "sso-session.x": not profiles.
  const names = [...Object.keys(configFile), ...Object.keys(credentialsFile)].filter((n) => !/^(sso-session|services)\./.test(n));
  return [...new Set(names)].sort();
}

/** The profile the SDK uses without a choice: AWS_PROFILE, else `default`. */
export function defaultProfile(): string {
  return process.env.AWS_PROFILE || 'default';
}

/** The region a profile configures (`region` in its config section), if any; AWS_REGION wins. */
export async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  if (process.env.AWS_REGION) return process.env.AWS_REGION;
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[profile ?? defaultProfile()]?.region;
}
