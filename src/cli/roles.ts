import { listRoles } from '../aws/account';
import { Connection } from '../aws/connection';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, parseCommandLine, UsageError, usageFailed, withClients } from './connectionOptions';

const USAGE = `usage: iam-author roles [--json] [--path-prefix PATH] [connection options]

Lists the account's roles (all pages), one a line: path and name, then the description. With --json, an
array of { name, arn, path, description, created }. Exit status: 0 listed, 2 bad usage or an AWS failure.

  --json              JSON instead of text
  --path-prefix PATH  only the roles whose path starts with PATH, such as /application/

${CONNECTION_HELP}`;

interface Options {
  readonly json: boolean;
  readonly pathPrefix?: string;
  readonly connection: Connection;
}

async function parse(args: string[]): Promise<Options | 'help'> {
  const line = parseCommandLine('roles', args, { ...CONNECTION_OPTIONS, json: { type: 'boolean' }, 'path-prefix': { type: 'string' } },
    { '--path-prefix': 'a path such as /application/' });
  if (line.flag('help')) return 'help';
  if (line.positionals.length) throw new UsageError(`roles takes no arguments: ${line.positionals[0]}`);
  const pathPrefix = line.string('path-prefix');
  if (pathPrefix !== undefined && !/^\/([\x21-\x7E]*\/)?$/.test(pathPrefix)) {
    throw new UsageError(`--path-prefix takes a path that starts and ends with /, such as /application/: ${pathPrefix || '(empty)'}`);
  }
  return { json: line.flag('json'), pathPrefix, connection: await connectionFrom(line.connection) };
}

/** `iam-author roles [--json] [--path-prefix PATH] [--profile P] [--region R] [--endpoint URL]`: the account's roles. */
export async function runRoles(args: string[]): Promise<number> {
  let options;
  try {
    options = await parse(args);
  } catch (e) {
    return usageFailed('roles', e);
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { json, pathPrefix } = options;
  return withClients('roles', options.connection, async (clients) => {
    const roles = await listRoles(clients, pathPrefix);
    if (json) {
      console.log(JSON.stringify(roles.map((r) => ({ name: r.name, arn: r.arn, path: r.path, description: r.description ?? null, created: r.created?.toISOString() ?? null })), null, 2));
      return 0;
    }
    const width = Math.max(0, ...roles.map((r) => r.path.length + r.name.length));
    const lines = roles.map((r) => (r.description ? `${(r.path + r.name).padEnd(width)}  ${r.description}` : r.path + r.name));
    console.log([...lines, `${roles.length} ${roles.length === 1 ? 'role' : 'roles'}`].join('\n'));
    return 0;
  });
}
