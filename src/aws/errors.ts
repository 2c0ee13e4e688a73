import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Connection, defaultProfile } from './connection';

/**
 * What went wrong with an AWS call, for the UI to offer the right action: `noCredentials` (offer to
 * pick a profile or start the local sandbox account), `ssoExpired` (offer `aws sso login`),
 * `invalidCredentials` (AWS rejected the keys), `accessDenied`, `unreachable`, `throttled`, `other`.
 */
export type ProblemKind = 'noCredentials' | 'ssoExpired' | 'invalidCredentials' | 'accessDenied' | 'unreachable' | 'throttled' | 'other';

/** An explained failure. Nothing in it ever contains credentials or secrets. */
export interface Problem {
  readonly kind: ProblemKind;
  /** Says what is wrong and what to do. */
  readonly message: string;
  /** The profile the failure concerns (the default profile when the connection names none). */
  readonly profile: string;
  /** For `accessDenied`: the denied action, e.g. `iam:CreateRole`, when AWS named it. */
  readonly action?: string;
  /** For `unreachable`: the endpoint or host that did not answer. */
  readonly target?: string;
}

interface IniSection { [key: string]: string }

/** The sections of an AWS config or credentials file; `[profile x]` is read as `x`. Unreadable: none. */
function readIni(file: string): Record<string, IniSection> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return Object.create(null);
  }
  // Written here rather than with the SDK's loader, whose parser is async and internal: explain() is
  // synchronous. Profile and key names are the user's, so no object here has a prototype.
  const sections: Record<string, IniSection> = Object.create(null);
  let current: IniSection | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/.exec(line);
    if (header) {
      current = sections[header[1]] ??= Object.create(null) as IniSection;
      continue;
    }
    const pair = /^\s*([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (pair && current) current[pair[1].toLowerCase()] = pair[2];
  }
  return sections;
}

function awsFiles(): { config: Record<string, IniSection>; credentials: Record<string, IniSection> } {
  const home = os.homedir();
  return {
    config: readIni(process.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
    credentials: readIni(process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
  };
}

const SECRET_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_security_token', 'credential_process'];
const SECRET_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK'];

/** Every credential the user's AWS files and environment hold (and credential_process commands, which may embed some). */
function knownSecrets(files: ReturnType<typeof awsFiles>): string[] {
  const values: (string | undefined)[] = [...Object.values(files.config), ...Object.values(files.credentials)].flatMap((s) => SECRET_KEYS.map((k) => s[k]));
  values.push(...SECRET_ENV.map((k) => process.env[k]));
  // Longest first, so that a secret containing another is masked whole.
  return [...new Set(values.filter((v): v is string => !!v && v.length >= 8))].sort((a, b) => b.length - a.length);
}

/** Masks credentials: the user's own, and anything shaped like an access key, a secret key or a token. */
function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('<hidden>');
  return out
    .replace(/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g, '<hidden>')
    .replace(/(Signature|Credential|X-Amz-Security-Token|X-Amz-Credential|X-Amz-Signature|aws_session_token|aws_secret_access_key|aws_access_key_id|SecretAccessKey|SessionToken|accessToken)(["']?\s*[=:]\s*["']?)[^\s,&"']+/gi, '$1$2<hidden>')
    // Long base64 runs mixing cases and digits: secret keys (40 characters), session and SSO tokens.
    .replace(/[A-Za-z0-9/+=]{40,}/g, (run) => (/[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) ? '<hidden>' : run));
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  hostname?: string;
  cause?: { code?: string; hostname?: string };
}

const PICK = 'pick another profile, or start the local sandbox account to practise without an AWS account';

/**
 * Turns an error of the AWS SDK, of a credential provider or of the network into a problem whose
 * message says what to do, for the connection it happened on. Never throws: any value is explained,
 * unknown errors as `other` with their (masked) message. Credentials from the user's AWS files and
 * environment, and anything shaped like a key or token, never appear in the result.
 */
export function explain(error: unknown, connection: Connection): Problem {
  const files = awsFiles();
  const secrets = knownSecrets(files);
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const name = String(e.name ?? e.Code ?? '');
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const message = scrub(raw, secrets);
  const profile = connection.profile ?? defaultProfile();
  const section: IniSection = files.config[profile] ?? Object.create(null);
  const isSsoProfile = !!(section.sso_session || section.sso_start_url);
  const code = `${e.code ?? ''} ${e.cause?.code ?? ''}`;
  const problem = (kind: ProblemKind, text: string, extra: { action?: string; target?: string } = {}): Problem => ({ kind, message: scrub(text, secrets), profile, ...extra });

  const ssoLogin = `run \`aws sso login --profile ${profile}\` in a terminal, then retry`;
  // The SDK's SSO token provider says "SSO"; SSO's GetRoleCredentials answers UnauthorizedException for a dead session token.
  if ((/\bSSO\b/i.test(raw) && /(sso login|expired|invalid|not found|refresh)/i.test(raw)) || (name === 'UnauthorizedException' && /session token/i.test(raw))) {
    return problem('ssoExpired', `The AWS SSO session of profile ${profile} has expired or was never started: ${ssoLogin}.`);
  }
  if (/credential_process|^Command failed:/i.test(raw)) {
    // The command and its output may hold secrets: neither is repeated.
    return problem('noCredentials', `The credential_process of profile ${profile} failed or returned no usable credentials: run it in a terminal to see why, or ${PICK}.`);
  }
  const unresolved = /Could not resolve credentials using profile: \[([^\]]*)\]/.exec(raw)?.[1];
  if (unresolved !== undefined) {
    return problem('noCredentials', unresolved === profile
      ? `The AWS profile ${profile} is missing from ~/.aws/config and ~/.aws/credentials, or has no credentials: fix it, or ${PICK}.`
      : `The AWS profile ${profile} takes its credentials from profile ${unresolved}, which is missing or has none: fix it, or ${PICK}.`);
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(raw)) {
    return problem('noCredentials', connection.profile
      ? `No credentials for the AWS profile ${profile}: check it in ~/.aws/config, or ${PICK}.`
      : `No AWS credentials found (environment, AWS_PROFILE, default profile, SSO, instance or container role): ${PICK}.`);
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired)$/.test(name)) {
    return isSsoProfile
      ? problem('ssoExpired', `The AWS SSO session of profile ${profile} has expired: ${ssoLogin}.`)
      : problem('noCredentials', `The session credentials of profile ${profile} have expired: refresh them, or ${PICK}.`);
  }
  if (/^(InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException|InvalidAccessKeyId|AuthFailure|InvalidSignatureException)$/.test(name)) {
    return problem('invalidCredentials', `AWS rejected the credentials of profile ${profile} (${name}): check its keys, or ${PICK}.`);
  }
  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/.test(name) || /is not authorized to perform/.test(raw)) {
    const action = /not authorized to perform: ([\w-]+:[\w*-]+)/.exec(raw)?.[1];
    const reason = /\bbecause (.+?)\.?$/.exec(message)?.[1];
    return action
      ? problem('accessDenied', `Access denied: the identity of profile ${profile} may not perform ${action}${reason ? `, because ${reason}` : ''}.`, { action })
      : problem('accessDenied', `Access denied for the identity of profile ${profile}: ${message}`);
  }
  if (/ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE/.test(`${code} ${raw}`) || /socket hang up|^TimeoutError$/i.test(`${name === 'TimeoutError' ? name : ''}${raw}`)) {
    const host = e.hostname ?? e.cause?.hostname ?? /(?:ENOTFOUND|EAI_AGAIN) (\S+)/.exec(raw)?.[1];
    const target = connection.endpoint || host || 'AWS';
    return problem('unreachable', connection.endpoint
      ? `Cannot reach the endpoint; check that it is running, and the iamAuthor.endpoint setting: ${target}`
      : `Cannot reach AWS; check the network connection and any proxy: ${target}`, { target });
  }
  if (/Throttl|TooManyRequests|Rate exceeded/i.test(`${name} ${raw}`)) {
    return problem('throttled', 'AWS is throttling requests: wait a moment and retry.');
  }
  return problem('other', name && name !== 'Error' ? `${name}: ${message}` : message);
}
