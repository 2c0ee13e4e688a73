// The options every command that talks to AWS shares (--profile, --region, --endpoint), parsed and
// turned into a Connection in one place, and the one way such a command reports an AWS failure.
import { parseArgs, ParseArgsConfig } from 'util';
import { Clients, createClients } from '../aws/clients';
import { Connection, profileRegion } from '../aws/connection';
import { explain } from '../aws/errors';

/** The connection options for util.parseArgs, spread into a command's own options. */
export const CONNECTION_OPTIONS = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** The connection options for a command's --help. */
export const CONNECTION_HELP = `connection:
  --profile NAME   a profile of ~/.aws/config or ~/.aws/credentials (default: AWS_PROFILE, else the SDK's default chain)
  --region REGION  the region (default: AWS_REGION, else the profile's region, else us-east-1; IAM is global)
  --endpoint URL   another AWS-compatible endpoint, such as the local sandbox account (iam-author sandbox prints its URL)`;

/** Bad usage of a command: one line on stderr, exit status 2. */
export class UsageError extends Error {}

/**
 * Parses a command's arguments with util.parseArgs (strict: unknown options and missing values are a
 * UsageError that says so and names the command's --help), with `--help`/`-h` always known.
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e);
    throw new UsageError(`${message} (see iam-author ${command} --help)`);
  }
}

/** The values of the connection options, as parseCommandLine gives them. */
export interface ConnectionValues {
  readonly profile?: string;
  readonly region?: string;
  readonly endpoint?: string;
}

/**
 * The connection the options name. The region falls back to AWS_REGION, then the profile's region,
 * then us-east-1 (IAM is global: the region only picks the partition). An endpoint that is not an
 * http(s) URL, or an empty profile or region, is a UsageError naming the value.
 */
export async function connectionFrom(values: ConnectionValues): Promise<Connection> {
  if (values.profile !== undefined && !values.profile.trim()) throw new UsageError('--profile takes a profile name: (empty)');
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region)) {
    throw new UsageError(`--region takes a region name such as eu-west-1: ${values.region || '(empty)'}`);
  }
  if (values.endpoint !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(values.endpoint).protocol;
    } catch {
      // Not a URL: reported below.
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw new UsageError(`--endpoint takes an http or https URL such as http://127.0.0.1:4566: ${values.endpoint || '(empty)'}`);
  }
  const profile = values.profile?.trim();
  const region = values.region ?? (await profileRegion(profile)) ?? 'us-east-1';
  return { profile, region, endpoint: values.endpoint };
}

/**
 * Runs `work` with the clients of `connection` and destroys them after. An AWS failure (of `work`
 * or of the credentials) is printed as `iam-author COMMAND: ` and what errors.ts explains (what is
 * wrong and what to do, never a secret), and gives exit status 2.
 */
export async function withClients(command: string, connection: Connection, work: (clients: Clients) => Promise<number>): Promise<number> {
  const clients = createClients(connection);
  try {
    return await work(clients);
  } catch (e) {
    console.error(`iam-author ${command}: ${explain(e, connection).message}`);
    return 2;
  } finally {
    clients.destroy();
  }
}

/** Prints a UsageError as `iam-author COMMAND: message` and gives exit status 2; rethrows anything else. */
export function usageFailed(command: string, error: unknown): number {
  if (!(error instanceof UsageError)) throw error;
  console.error(`iam-author ${command}: ${error.message}`);
  return 2;
}
