import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CODES, codeDocUrl } from '../iam/codes';
import { Finding, Severity } from '../iam/findings';
import { listFolder, readFileIfExists } from '../iam/files';
import { checkText } from '../iam/service';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const DOCUMENT = /\.(policy|trust|role)\.jsonc?$/i;

export interface Located {
  readonly file: string;
  readonly finding: Finding;
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
}

export class UsageError extends Error {}

function parseArgs(args: string[]): { format: Format; paths: string[] } {
  let format: Format = 'text';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const value = a.includes('=') ? a.slice('--format='.length) : args[++i];
      if (!FORMATS.includes(value as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}: ${value ?? '(missing)'}`);
      format = value as Format;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option: ${a}`);
    } else {
      paths.push(a);
    }
  }
  return { format, paths: paths.length ? paths : ['.'] };
}

/** Policy, trust and role files under a folder, skipping node_modules and dot-folders, sorted. */
function findDocuments(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findDocuments(full));
    else if (entry.isFile() && DOCUMENT.test(entry.name)) found.push(full);
  }
  return found.sort();
}

/** Checks files and folders; findings in a manifest's referenced files are reported once, in those files. */
export function checkPaths(paths: string[]): Located[] {
  const files: string[] = [];
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or folder: ${p}`);
    if (stat.isDirectory()) files.push(...findDocuments(p));
    else files.push(p);
  }
  const results: Located[] = [];
  const seen = new Set<string>();
  const texts = new Map<string, TextDocument>();
  const documentOf = (file: string) => {
    const abs = path.resolve(file);
    let doc = texts.get(abs);
    if (!doc) {
      doc = TextDocument.create(abs, 'json', 0, readFileIfExists(abs) ?? '');
      texts.set(abs, doc);
    }
    return doc;
  };
  for (const file of files) {
    const abs = path.resolve(file);
    const text = documentOf(abs).getText();
    for (const finding of checkText(text, { fileName: abs, readFile: readFileIfExists, readDir: listFolder })) {
      const target = finding.file ?? abs;
      const doc = documentOf(target);
      const id = `${target}:${finding.code}:${finding.offset}:${finding.length}`;
      if (seen.has(id)) continue;
      seen.add(id);
      results.push({ file: target, finding, start: doc.positionAt(finding.offset), end: doc.positionAt(finding.offset + finding.length) });
    }
  }
  return results;
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', securityWarning: 'security-warning', warning: 'warning', suggestion: 'suggestion' };
const SARIF_LEVEL: Record<Severity, string> = { error: 'error', securityWarning: 'warning', warning: 'warning', suggestion: 'note' };

/** Formats findings as the CLI prints them. Paths are relative to `cwd`. */
export function format(results: Located[], kind: Format, cwd: string, version: string): string {
  const rel = (f: string) => path.relative(cwd, f) || f;
  if (kind === 'json') {
    return JSON.stringify(results.map((r) => ({
      file: rel(r.file), code: r.finding.code, severity: r.finding.severity, message: r.finding.message,
      range: { start: r.start, end: r.end },
    })), null, 2);
  }
  if (kind === 'sarif') {
    const codes = [...new Set(results.map((r) => r.finding.code))].sort();
    return JSON.stringify({
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{
        tool: {
          driver: {
            name: 'IAM Author',
            version,
            informationUri: 'https://github.com/iam-author/iam-author',
            rules: codes.map((code) => ({
              id: code,
              helpUri: codeDocUrl(code),
              defaultConfiguration: { level: SARIF_LEVEL[(CODES as Record<string, { severity: Severity }>)[code]?.severity ?? 'warning'] },
            })),
          },
        },
        results: results.map((r) => ({
          ruleId: r.finding.code,
          ruleIndex: codes.indexOf(r.finding.code),
          level: SARIF_LEVEL[r.finding.severity],
          message: { text: r.finding.message },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: rel(r.file).split(path.sep).join('/') },
              region: { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 },
            },
          }],
        })),
      }],
    }, null, 2);
  }
  const lines = results.map((r) => `${rel(r.file)}:${r.start.line + 1}:${r.start.character + 1} ${SEVERITY_WORD[r.finding.severity]} ${r.finding.code} ${r.finding.message}`);
  const count = (s: Severity) => results.filter((r) => r.finding.severity === s).length;
  lines.push(`${results.length} finding(s): ${count('error')} error(s), ${count('securityWarning') + count('warning')} warning(s), ${count('suggestion')} suggestion(s)`);
  return lines.join('\n');
}

/** `iam-author check [files or folders...] [--format text|json|sarif]`: exit 1 on any error, 2 on bad usage. */
export async function runCheck(args: string[], version: string): Promise<number> {
  let parsed: { format: Format; paths: string[] };
  let results: Located[];
  try {
    parsed = parseArgs(args);
    results = checkPaths(parsed.paths);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`iam-author check: ${e.message}`);
      return 2;
    }
    throw e;
  }
  console.log(format(results, parsed.format, process.cwd(), version));
  return results.some((r) => r.finding.severity === 'error') ? 1 : 0;
}
