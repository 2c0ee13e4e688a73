// The options every command that talks to AWS shares (--profile, --region, --endpoint), parsed (by
// options.ts, as every command's) and turned into a Connection in one place, and the one way such a command reports an AWS failure.
import { Clients, createClients } from '../aws/clients';
import { Connection, profileRegion } from '../aws/connection';
import { explain } from '../aws/errors';
import { OptionProblem, OptionSpec, parseOptions } from './options';

/** The connection options, spread into a command's own option spec. */
export const CONNECTION_OPTIONS = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
} as const satisfies OptionSpec;

/** What each connection option takes, for the message when its value is missing. */
const CONNECTION_VALUES: Readonly<Record<string, string>> = {
  '--profile': 'a profile name', '--region': 'a region name such as eu-west-1', '--endpoint': 'a URL such as http://127.0.0.1:4566',
};

/** The connection options for a command's --help. */
export const CONNECTION_HELP = `connection:
  --profile NAME   a profile of ~/.aws/config or ~/.aws/credentials (default: AWS_PROFILE, else the SDK's default chain)
  --region REGION  the region (default: AWS_REGION, else the profile's region, else us-east-1; IAM is global)
  --endpoint URL   another AWS-compatible endpoint, such as the local sandbox account (iam-author sandbox prints its URL)`;

/** Bad usage of a command: one line on stderr, exit status 2. */
export class UsageError extends Error {}

/** A command line parsed by its spec: typed access to the option values, and the other arguments. */
export interface CommandLine {
  /** The value of a string option; undefined when not given. */
  string(name: string): string | undefined;
  /** Whether a boolean option was given. */
  flag(name: string): boolean;
  readonly positionals: readonly string[];
  /** The connection options' values. */
  readonly connection: ConnectionValues;
}

/**
 * Parses a command's arguments with options.ts (util.parseArgs) by `spec` plus `--help`/`-h`. An
 * unknown option, a missing value or a value given to a flag is a UsageError naming the option;
 * `takes` says what each of the command's own string options takes, for the missing-value message.
 */
export function parseCommandLine(command: string, args: readonly string[], spec: OptionSpec, takes: Readonly<Record<string, string>> = {}): CommandLine {
  let parsed;
  try {
    parsed = parseOptions(args, { ...spec, help: { type: 'boolean', short: 'h' } });
  } catch (e) {
    if (!(e instanceof OptionProblem)) throw e;
    if (e.kind === 'missingValue') throw new UsageError(`${e.option} takes ${takes[e.option] ?? CONNECTION_VALUES[e.option] ?? 'a value'}`);
    if (e.kind === 'unexpectedValue') throw new UsageError(`${e.option} takes no value`);
    throw new UsageError(`unknown option (see iam-author ${command} --help): ${e.option}`);
  }
  const { values, positionals } = parsed;
  // A string option given twice keeps its last value, as parseArgs does.
  const string = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return {
    string, flag: (name) => values[name] === true, positionals,
    connection: { profile: string('profile'), region: string('region'), endpoint: string('endpoint') },
  };
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
