import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCatalog } from '../iam/catalog';
import { listFolder, readFileIfExists } from '../iam/files';
import { checkText } from '../iam/service';
import { placedKey, placeFindings } from '../server/placement';
import { Format, formatJson, formatSarif, formatText, FORMATS, Located } from './format';
import { OptionProblem, ParsedOptions, parseOptions } from './options';

/** The files a folder search finds. */
const DOCUMENT = /\.(policy|trust|role)\.jsonc?$/i;

const USAGE = `usage: iam-author check [files or folders...] [--format text|json|sarif]

Checks IAM policies (*.policy.json), trust policies (*.trust.json) and role manifests (*.role.json), and
their .jsonc twins. Folders are searched recursively, skipping node_modules and dot-folders; default: the
current folder. Exit status: 0 no errors, 1 errors found, 2 bad usage.`;

/** Bad usage: reported in one line, exit status 2. */
class UsageError extends Error {}

interface Options {
  readonly format: Format;
  readonly paths: readonly string[];
  readonly help: boolean;
}

function parseCommandLine(args: readonly string[]): Options {
  let parsed: ParsedOptions;
  try {
    parsed = parseOptions(args, { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  } catch (e) {
    if (!(e instanceof OptionProblem)) throw e;
    if (e.kind === 'missingValue') throw new UsageError(`--format takes ${FORMATS.join(', ')}: (nothing)`);
    if (e.kind === 'unexpectedValue') throw new UsageError(`${e.option} takes no value`);
    throw new UsageError(`unknown option (see iam-author check --help): ${e.option}`);
  }
  const format = parsed.values.format as string | undefined ?? 'text';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}: ${format}`);
  return { format: format as Format, help: parsed.values.help === true, paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'] };
}

/** Policy, trust and role files under a folder, skipping node_modules and dot-folders. */
function findDocuments(folder: string, found: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read folder ${folder}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) findDocuments(full, found);
    else if (entry.isFile() && DOCUMENT.test(entry.name)) found.push(full);
  }
}

/** The absolute paths of the files to check: named files as they are, folders searched; each once. */
function filesToCheck(paths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or folder: ${p}`);
    if (stat.isDirectory()) {
      const found: string[] = [];
      findDocuments(path.resolve(p), found);
      for (const f of found.sort()) files.add(f);
    } else {
      files.add(path.resolve(p));
    }
  }
  return [...files];
}

/**
 * Checks files. A finding a role manifest reports in a file it refers to is placed in that file, and a
 * finding reported twice (the referenced file is also checked itself) is listed once. Sorted by file
 * and position.
 */
function check(files: readonly string[]): Located[] {
  const texts = new Map<string, TextDocument>();
  const textOf = (file: string): TextDocument => {
    let document = texts.get(file);
    if (!document) {
      document = TextDocument.create(file, 'json', 0, readFileIfExists(file) ?? '');
      texts.set(file, document);
    }
    return document;
  };
  const results: Located[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const text = readFileIfExists(file);
    if (text === undefined) throw new UsageError(`cannot read file: ${file}`);
    if (!texts.has(file)) texts.set(file, TextDocument.create(file, 'json', 0, text));
    const findings = checkText(text, { fileName: file, readFile: readFileIfExists, readDir: listFolder, catalog: getCatalog });
    for (const placed of placeFindings(findings, texts.get(file)!, textOf)) {
      const key = placedKey(placed);
      if (seen.has(key)) continue;
      seen.add(key);
      results.push({ file: placed.document.uri, finding: placed.finding, range: placed.range });
    }
  }
  return results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
    || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.finding.code.localeCompare(b.finding.code));
}

/** `iam-author check [files or folders...] [--format text|json|sarif]`: exit 1 on any error, 2 on bad usage. */
export async function runCheck(args: string[], version: string): Promise<number> {
  let options: Options;
  let files: string[];
  let results: Located[];
  try {
    options = parseCommandLine(args);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    files = filesToCheck(options.paths);
    results = check(files);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`iam-author check: ${e.message}`);
    return 2;
  }
  const cwd = process.cwd();
  const output = options.format === 'json' ? formatJson(results, cwd)
    : options.format === 'sarif' ? formatSarif(results, cwd, version)
    : formatText(results, files.length, cwd);
  console.log(output);
  return results.some((r) => r.finding.severity === 'error') ? 1 : 0;
}
