import { Connection } from './clients';

/** What went wrong with an AWS call, for the UI to offer the right action. */
export type ProblemKind = 'noCredentials' | 'ssoExpired' | 'accessDenied' | 'unreachable' | 'throttled' | 'other';

export interface Problem {
  readonly kind: ProblemKind;
  /** Says what is wrong and what to do. Never contains credentials or secrets. */
  readonly message: string;
}

/** Text that may carry secrets (keys, tokens, signatures) and must never be shown: replaced by a mask. */
function scrub(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '<access key>')
    .replace(/\b[A-Za-z0-9/+=]{40}\b/g, '<secret>')
    .replace(/(Signature|X-Amz-Security-Token|aws_session_token|aws_secret_access_key)=?[^\s,&]*/gi, '$1=<hidden>');
}

/**
 * Turns an error of the SDK, of a credential provider or of the network into a message that says what
 * to do, for the connection it happened on. Unknown errors keep their (scrubbed) message.
 */
export function explain(error: unknown, connection: Connection): Problem {
  const e = error as { name?: string; message?: string; code?: string; Code?: string; cause?: { code?: string } };
  const name = e?.name ?? e?.Code ?? '';
  const message = scrub(String(e?.message ?? error));
  const profile = connection.profile ?? 'default';
  const code = e?.code ?? e?.cause?.code ?? '';
  if (/sso/i.test(message) && /(token|session).*(expired|not found|invalid|missing)|expired.*token|aws sso login/i.test(message)) {
    return { kind: 'ssoExpired', message: `The AWS SSO session of profile ${profile} has expired or was never started: run \`aws sso login --profile ${profile}\`, then retry.` };
  }
  if (name === 'CredentialsProviderError' || /could not load credentials|profile .* could not be found|credentials? (is|are) missing/i.test(message)) {
    return {
      kind: 'noCredentials',
      message: connection.profile
        ? `No credentials for the AWS profile ${profile}: check it in ~/.aws/config, or pick another profile, or start the local sandbox account.`
        : 'No AWS credentials found: pick a profile of ~/.aws/config, set AWS_PROFILE, or start the local sandbox account to practise without an AWS account.',
    };
  }
  if (/AccessDenied|UnauthorizedOperation/i.test(name)) {
    const action = /not authorized to perform: ([\w-]+:\w+)/.exec(message)?.[1];
    return { kind: 'accessDenied', message: action ? `Access denied: the identity of profile ${profile} may not perform ${action}.` : `Access denied for profile ${profile}: ${message}` };
  }
  if (/ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|socket hang up/i.test(`${code} ${message}`)) {
    return { kind: 'unreachable', message: `Cannot reach ${connection.endpoint ?? 'AWS'}: check the network${connection.endpoint ? ', that the endpoint is running, or the iamAuthor.endpoint setting' : ''}.` };
  }
  if (/Throttl|TooManyRequests|Rate exceeded/i.test(`${name} ${message}`)) {
    return { kind: 'throttled', message: 'AWS is throttling requests: wait a moment and retry.' };
  }
  if (/ExpiredToken|RequestExpired/i.test(name)) {
    return { kind: 'noCredentials', message: `The credentials of profile ${profile} have expired: refresh them (for SSO: \`aws sso login --profile ${profile}\`).` };
  }
  return { kind: 'other', message: `${name ? `${name}: ` : ''}${message}` };
}
