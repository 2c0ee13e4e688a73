// The STS operations of the local sandbox account (Query protocol): who the caller is, and AssumeRole,
// so that profiles with role_arn + source_profile work against the sandbox as against AWS.
import { randomBytes } from 'crypto';
import { Account } from './state';
import { AwsError } from './validation';

/** A session that AssumeRole handed out: calls signed with its access key are the assumed role. */
interface Session { arn: string; userId: string }

const random = (n: number) => randomBytes(n).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);
const upper = (n: number) => randomBytes(n).toString('hex').toUpperCase().slice(0, n);

/** STS for one sandbox account: the sessions it issued live as long as the sandbox runs. */
export class Sts {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly account: Account) {}

  /**
   * Runs one STS operation for a caller signing with `accessKeyId` and returns the <ActionResult>
   * content. Throws AwsError as STS does (ValidationError, AccessDenied, InvalidAction).
   */
  run(operation: string, params: URLSearchParams, accessKeyId: string | undefined, region: string): Record<string, unknown> {
    if (operation === 'GetCallerIdentity') {
      const session = accessKeyId ? this.sessions.get(accessKeyId) : undefined;
      return { Arn: session?.arn ?? this.account.callerArn, UserId: session?.userId ?? 'AIDASANDBOXUSER000001', Account: this.account.state.accountId };
    }
    if (operation === 'AssumeRole') return this.assumeRole(params, region);
    throw new AwsError('InvalidAction', 400, `Could not find operation ${operation} for version 2011-06-15`);
  }

  private assumeRole(params: URLSearchParams, region: string): Record<string, unknown> {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const invalid = (constraint: string) => new AwsError('ValidationError', 400, `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: ${constraint}`);
    if (sessionName.length < 2) throw invalid('Member must have length greater than or equal to 2');
    if (sessionName.length > 64) throw invalid('Member must have length less than or equal to 64');
    if (!/^[\w+=,.@-]*$/.test(sessionName)) throw invalid('Member must satisfy regular expression pattern: [\\w+=,.@-]*');
    const role = this.account.roleByArn(roleArn);
    // A role created a moment ago cannot be assumed yet where the account is eventually consistent.
    if (!role || !this.account.isVisible(role.Arn)) {
      throw new AwsError('AccessDenied', 403, `User: ${this.account.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const duration = params.has('DurationSeconds') ? Number(params.get('DurationSeconds')) : 3600;
    if (!Number.isInteger(duration) || duration < 900) {
      throw new AwsError('ValidationError', 400, `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
    }
    if (duration > role.MaxSessionDuration) throw new AwsError('ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    this.account.roleUsed(role, region);
    const accessKeyId = `ASIA${upper(16)}`;
    const arn = `arn:aws:sts::${this.account.state.accountId}:assumed-role/${role.RoleName}/${sessionName}`;
    const userId = `${role.RoleId}:${sessionName}`;
    this.sessions.set(accessKeyId, { arn, userId });
    return {
      Credentials: {
        AccessKeyId: accessKeyId, SecretAccessKey: random(40), SessionToken: random(200),
        Expiration: new Date(Date.now() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
      AssumedRoleUser: { AssumedRoleId: userId, Arn: arn },
    };
  }
}
