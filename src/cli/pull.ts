import * as fs from 'fs';
import * as path from 'path';
import { Connection } from '../aws/connection';
import { readRole } from '../aws/roles';
import { pullRole } from '../iam/pull';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, parseCommandLine, UsageError, usageFailed, withClients } from './connectionOptions';

const USAGE = `usage: iam-author pull ROLE_NAME --out DIR [--force] [connection options]

Reads a role from the account and writes it as a role manifest and its documents under DIR, in the
templates' layout: iam/roles/ROLE_NAME/ROLE_NAME.role.json, its trust policy and inline policies beside
it, and each customer managed policy in iam/policies/NAME.policy.json. A file that exists with other
content is not overwritten without --force (nothing is written then); one with the same content is kept.
Exit status: 0 written, 2 bad usage, a role the account does not have, a file in the way or an AWS failure.

  --out DIR  the workspace folder to write into (made when missing)
  --force    overwrite files that exist with other content

${CONNECTION_HELP}`;

interface Options {
  readonly roleName: string;
  readonly out: string;
  readonly force: boolean;
  readonly connection: Connection;
}

async function parse(args: string[]): Promise<Options | 'help'> {
  const line = parseCommandLine('pull', args, { ...CONNECTION_OPTIONS, out: { type: 'string' }, force: { type: 'boolean' } }, { '--out': 'the folder to write into' });
  if (line.flag('help')) return 'help';
  const { positionals } = line;
  if (positionals.length !== 1) throw new UsageError(`pull takes one role name: ${positionals.length ? positionals.join(' ') : '(none)'}`);
  const [roleName] = positionals;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new UsageError(`a role name is 1-64 letters, digits and +=,.@_-: ${roleName}`);
  const out = line.string('out');
  if (!out) throw new UsageError('--out takes the folder to write into');
  return { roleName, out, force: line.flag('force'), connection: await connectionFrom(line.connection) };
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** `iam-author pull ROLE_NAME --out DIR [--force] [--profile P] [--region R] [--endpoint URL]`: a deployed role as files. */
export async function runPull(args: string[]): Promise<number> {
  let options;
  try {
    options = await parse(args);
  } catch (e) {
    return usageFailed('pull', e);
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { roleName, out, force } = options;
  return withClients('pull', options.connection, async (clients) => {
    const read = await readRole(clients, roleName);
    if (read.status === 'notFound') {
      console.error(`iam-author pull: role ${roleName} does not exist in the account: check the name (iam-author roles lists them) and the connection options.`);
      return 2;
    }
    const root = path.resolve(out);
    const files = pullRole(read.role).map((f) => ({ ...f, target: path.join(out, ...f.path.split('/')) }));
    const outside = files.find((f) => path.relative(root, path.resolve(f.target)).startsWith('..'));
    if (outside) {
      console.error(`iam-author pull: ${outside.path} would be written outside ${out}: nothing written.`);
      return 2;
    }
    const existing = files.map((f) => readIfExists(f.target));
    const inTheWay = files.filter((f, i) => existing[i] !== undefined && existing[i] !== f.text);
    if (inTheWay.length && !force) {
      for (const f of inTheWay) console.error(`iam-author pull: ${f.target} exists with other content: use --force to overwrite it (nothing written).`);
      return 2;
    }
    files.forEach((f, i) => {
      if (existing[i] === f.text) {
        console.log(`unchanged ${f.target}`);
        return;
      }
      fs.mkdirSync(path.dirname(f.target), { recursive: true });
      fs.writeFileSync(f.target, f.text);
      console.log(`${existing[i] === undefined ? 'wrote' : 'overwrote'} ${f.target}`);
    });
    return 0;
  });
}
