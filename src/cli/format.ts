// The output formats of `iam-author check`: text like a compiler, JSON, and SARIF 2.1.0 for code scanning.
import * as path from 'path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { URI } from 'vscode-uri';
import { CODES, codeDocUrl, SOURCE } from '../iam/codes';
import { Finding, Severity } from '../iam/findings';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface Position {
  /** 0-based. */
  readonly line: number;
  /** 0-based, in UTF-16 code units (as LSP and SARIF's default column kind count). */
  readonly character: number;
}

/** A finding placed in a file: the file's absolute path and the finding's 0-based range in it. */
export interface Located {
  readonly file: string;
  readonly finding: Finding;
  readonly range: { readonly start: Position; readonly end: Position };
}

const TEXT_SEVERITY: Record<Severity, string> = { error: 'error', securityWarning: 'security-warning', warning: 'warning', suggestion: 'suggestion' };
const SARIF_LEVEL: Record<Severity, Result.level> = { error: 'error', securityWarning: 'warning', warning: 'warning', suggestion: 'note' };
/** Words of finding codes written in capitals in a rule's title. */
const ACRONYMS: Record<string, string> = { arn: 'ARN', aws: 'AWS', ip: 'IP', json: 'JSON', oidc: 'OIDC', sid: 'Sid', sids: 'Sids', notprincipal: 'NotPrincipal' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `path:line:col severity CODE message` per finding (1-based, paths relative to `cwd`), then a summary line. */
export function formatText(results: readonly Located[], fileCount: number, cwd: string): string {
  const lines = results.map(({ file, finding, range }) =>
    `${path.relative(cwd, file) || file}:${range.start.line + 1}:${range.start.character + 1} ${TEXT_SEVERITY[finding.severity]} ${finding.code} ${finding.message}`);
  const count = (s: Severity) => results.filter((r) => r.finding.severity === s).length;
  lines.push(`${plural(fileCount, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('securityWarning'), 'security warning')}, `
    + `${plural(count('warning'), 'warning')}, ${plural(count('suggestion'), 'suggestion')}`);
  return lines.join('\n');
}

/** A path relative to `cwd` with forward slashes, or the absolute path when the file is outside `cwd`. */
function portablePath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/** An array of `{file, code, severity, message, range}` with 0-based ranges, paths relative to `cwd`. */
export function formatJson(results: readonly Located[], cwd: string): string {
  return JSON.stringify(results.map(({ file, finding, range }) => ({
    file: portablePath(file, cwd),
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    range: { start: range.start, end: range.end },
  })), null, 2);
}

/** `INVALID_ARN_REGION` -> `Invalid ARN region`. */
function title(code: string): string {
  const words = code.toLowerCase().split('_').map((w) => ACRONYMS[w] ?? w);
  return [words[0].charAt(0).toUpperCase() + words[0].slice(1), ...words.slice(1)].join(' ');
}

function rule(code: string): ReportingDescriptor {
  const severity = (CODES as Record<string, { severity: Severity }>)[code]?.severity ?? 'warning';
  return {
    id: code,
    shortDescription: { text: title(code) },
    helpUri: codeDocUrl(code),
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    // Code scanning files rules tagged `security` under security alerts.
    ...(severity === 'securityWarning' ? { properties: { tags: ['security'] } } : {}),
  };
}

/**
 * A SARIF 2.1.0 log for code-scanning uploads: one run, every finding code as a rule with its
 * documentation link, 1-based regions in UTF-16 columns, files relative to `cwd` (`%SRCROOT%`).
 */
export function formatSarif(results: readonly Located[], cwd: string, version: string): string {
  const codes = [...new Set([...Object.keys(CODES), ...results.map((r) => r.finding.code)])];
  const index = new Map(codes.map((code, i) => [code, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: SOURCE, version, semanticVersion: version, rules: codes.map(rule) } },
      originalUriBaseIds: { '%SRCROOT%': { uri: `${URI.file(cwd).toString().replace(/\/$/, '')}/` } },
      columnKind: 'utf16CodeUnits',
      results: results.map(({ file, finding, range }): Result => {
        const relative = portablePath(file, cwd);
        const artifactLocation = relative === file
          ? { uri: URI.file(file).toString() }
          : { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
        return {
          ruleId: finding.code,
          ruleIndex: index.get(finding.code),
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [{
            physicalLocation: {
              artifactLocation,
              region: {
                startLine: range.start.line + 1,
                startColumn: range.start.character + 1,
                endLine: range.end.line + 1,
                endColumn: range.end.character + 1,
              },
            },
          }],
        };
      }),
    }],
  };
  return JSON.stringify(log, null, 2);
}
