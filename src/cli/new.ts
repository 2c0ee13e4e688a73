import * as fs from 'fs';
import * as path from 'path';
import { closest } from '../iam/suggest';
import { findTemplate, planWrites, RenderedFile, Template, TEMPLATES, withDefaults } from '../iam/templates';
import { OptionProblem, parseOptions } from './options';

const USAGE = `usage: iam-author new TEMPLATE [--param name=value ...] [--out DIR] [--force]

Writes the files of a workshop template (iam-author templates lists them and their parameters) under
DIR (default: the current folder): iam/roles/NAME/ for a role, iam/policies/ for the policies roles
share, iam/trust/ for a trust policy. A parameter not given takes its default. An existing file is never
overwritten without --force, except that a file already holding exactly the text to write (a shared
policy another role wrote) is left as it is. Prints the files it wrote.
Exit status: 0 written, 1 a file could not be written, 2 bad usage (nothing is written).`;

/** Bad usage: one line naming the problem, exit status 2, nothing written. */
class UsageError extends Error {}

interface Request {
  readonly template: Template;
  readonly given: ReadonlyMap<string, string>;
  readonly out: string;
  readonly force: boolean;
}

function templateNamed(id: string | undefined): Template {
  if (id === undefined) throw new UsageError('name a template: iam-author new TEMPLATE (iam-author templates lists them)');
  const template = findTemplate(id);
  if (template) return template;
  const near = closest(id, TEMPLATES.map((t) => t.id));
  throw new UsageError(`no template is named ${id}${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (iam-author templates lists them)`);
}

/** `name=value` answers: each a parameter of the template, given once, valid by its rule. */
function answers(template: Template, params: readonly string[]): Map<string, string> {
  const known = new Map(template.parameters.map((p) => [p.name, p]));
  const given = new Map<string, string>();
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = eq < 0 ? param : param.slice(0, eq);
    if (eq < 0) throw new UsageError(`--param ${param} has no value: write --param ${param}=VALUE`);
    const parameter = known.get(name);
    if (!parameter) {
      const takes = template.parameters.length ? `it takes ${[...known.keys()].join(', ')}` : 'it takes none';
      throw new UsageError(`unknown parameter ${name} for ${template.id}: ${takes}`);
    }
    if (given.has(name)) throw new UsageError(`--param ${name} is given twice`);
    const value = param.slice(eq + 1);
    const problem = parameter.validate(value);
    if (problem) throw new UsageError(`--param ${name}: ${problem}`);
    given.set(name, value);
  }
  return given;
}

function parseCommandLine(args: readonly string[]): Request | 'help' {
  let parsed;
  try {
    parsed = parseOptions(args, {
      param: { type: 'string', multiple: true }, out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    });
  } catch (e) {
    if (!(e instanceof OptionProblem)) throw e;
    if (e.kind === 'missingValue') throw new UsageError(e.option === '--param' ? '--param takes name=value' : '--out takes a folder');
    if (e.kind === 'unexpectedValue') throw new UsageError(`${e.option} takes no value`);
    throw new UsageError(`unknown option (see iam-author new --help): ${e.option}`);
  }
  if (parsed.values.help) return 'help';
  const [id, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`one template at a time: ${extra[0]}`);
  const template = templateNamed(id);
  const out = parsed.values.out as string | undefined ?? '.';
  if (out === '') throw new UsageError('--out takes a folder');
  return { template, given: answers(template, (parsed.values.param ?? []) as string[]), out, force: parsed.values.force === true };
}

/**
 * The files to write: all of them with --force; without, a file that exists with other text is bad
 * usage, and one that exists with the same text is left alone.
 */
function filesToWrite(files: readonly RenderedFile[], out: string, force: boolean): RenderedFile[] {
  const read = (file: string): string | undefined => {
    try {
      return fs.readFileSync(path.join(out, file), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      throw new UsageError(`cannot read ${path.join(out, file)} to compare it: ${code ?? String(e)}`);
    }
  };
  const planned = planWrites(files, read);
  const conflict = planned.find((p) => p.action === 'overwrite');
  if (conflict && !force) throw new UsageError(`${path.join(out, conflict.file.path)} exists: use --force to overwrite it`);
  return planned.filter((p) => p.action !== 'unchanged').map((p) => p.file);
}

/**
 * `iam-author new TEMPLATE [--param name=value ...] [--out DIR] [--force]`: renders a template into DIR.
 * Bad usage (an unknown template, option or parameter, an invalid value, an existing file without
 * --force) writes nothing: one line on stderr and 2. A write that fails: a message and 1.
 */
export async function runNew(args: string[]): Promise<number> {
  let request: Request | 'help';
  let toWrite: RenderedFile[];
  try {
    request = parseCommandLine(args);
    if (request === 'help') {
      console.log(USAGE);
      return 0;
    }
    toWrite = filesToWrite(request.template.render(withDefaults(request.template, request.given)), request.out, request.force);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`iam-author new: ${e.message}`);
    return 2;
  }
  for (const f of toWrite) {
    const target = path.join(request.out, f.path);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.text);
    } catch (e) {
      console.error(`iam-author new: cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return 1;
    }
    console.log(target);
  }
  return 0;
}
