import { Connection } from '../aws/connection';
import { readRole } from '../aws/roles';
import { diffRoles, diffToJson, formatDiff, hasDifferences, RoleDiff } from '../iam/diff';
import { loadManifestFile } from './manifestFiles';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, parseCommandLine, UsageError, usageFailed, withClients } from './connectionOptions';

const FORMATS = ['text', 'json'] as const;
type DiffFormat = (typeof FORMATS)[number];

const USAGE = `usage: iam-author diff ROLE.role.json... [--format text|json] [connection options]

Compares each role manifest (with the documents it refers to) with the role of its RoleName in the
account, under IAM's equivalences, statement by statement: each change marked + added, - removed or
~ changed, and whether it widens or narrows access. "No differences" when there are none; a role the
account does not have is all additions. With --format json, an array of one diff per manifest.
Exit status: 0 no differences, 1 differences, 2 bad usage, a manifest that does not load, or an AWS failure.

  --format text|json  text (default) or JSON

${CONNECTION_HELP}`;

interface Options {
  readonly files: readonly string[];
  readonly format: DiffFormat;
  readonly connection: Connection;
}

async function parse(args: string[]): Promise<Options | 'help'> {
  const line = parseCommandLine('diff', args, { ...CONNECTION_OPTIONS, format: { type: 'string' } }, new Map([['--format', FORMATS.join(' or ')]]));
  if (line.flag('help')) return 'help';
  const { positionals } = line;
  const format = line.string('format') ?? 'text';
  if (!FORMATS.includes(format as DiffFormat)) throw new UsageError(`--format takes ${FORMATS.join(' or ')}: ${format || '(empty)'}`);
  if (positionals.length === 0) throw new UsageError('diff takes one or more role manifests (*.role.json)');
  return { files: positionals, format: format as DiffFormat, connection: await connectionFrom(line.connection) };
}

/**
 * `iam-author diff ROLE.role.json... [--format text|json] [--profile P] [--region R] [--endpoint URL]`:
 * each manifest against its deployed role. Manifests that do not load are reported on stderr (and
 * give exit status 2) while the others are still compared.
 */
export async function runDiff(args: string[]): Promise<number> {
  let options;
  try {
    options = await parse(args);
  } catch (e) {
    return usageFailed('diff', e);
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { files, format } = options;
  const loaded = files.map((file) => loadManifestFile(file, false));
  let failed = false;
  for (const l of loaded) {
    if (!('problems' in l)) continue;
    failed = true;
    console.error(`iam-author diff: ${l.file} does not load as a role manifest:\n${l.problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const manifests = loaded.flatMap((l) => ('manifest' in l ? [{ file: l.file, manifest: l.manifest }] : []));
  if (manifests.length === 0) return 2;
  return withClients('diff', options.connection, async (clients) => {
    const diffs: { file: string; diff: RoleDiff }[] = await Promise.all(manifests.map(async ({ file, manifest }) => {
      const read = await readRole(clients, manifest.roleName);
      return { file, diff: diffRoles(read.status === 'found' ? read.role : undefined, manifest) };
    }));
    if (format === 'json') {
      console.log(JSON.stringify(diffs.map(({ file, diff }) => ({ file, ...diffToJson(diff) })), null, 2));
    } else {
      process.stdout.write(diffs.map(({ file, diff }) => (diffs.length > 1 ? `${file}\n${formatDiff(diff)}` : formatDiff(diff))).join('\n'));
    }
    return failed ? 2 : diffs.some(({ diff }) => hasDifferences(diff)) ? 1 : 0;
  });
}
