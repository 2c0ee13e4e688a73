// Role manifests named on the command line, loaded for diff, plan and apply, with the problems that
// stop a manifest printed as `iam-author check` prints findings.
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { blockingFindings } from '../aws/apply/preflight';
import { readFileIfExists } from '../iam/files';
import { Finding } from '../iam/findings';
import { loadManifest } from '../iam/manifest';
import { RoleManifest } from '../iam/roleModel';
import { getCatalog } from '../iam/catalog';

/** A manifest file named on the command line: the role it describes, or the lines that say why it cannot be used. */
export type ManifestFile =
  | { readonly file: string; readonly manifest: RoleManifest }
  | { readonly file: string; readonly problems: readonly string[] };

/** `file:line:col error CODE message` for each error finding, as `iam-author check` prints them. */
function problemLines(findings: readonly Finding[], manifestFile: string, manifestText: string): string[] {
  const texts = new Map<string, TextDocument>();
  return findings.filter((f) => f.severity === 'error').map((f) => {
    const where = f.file ?? manifestFile;
    const body = texts.get(where) ?? TextDocument.create('', 'json', 0, where === manifestFile ? manifestText : readFileIfExists(where) ?? '');
    texts.set(where, body);
    const at = body.positionAt(f.offset);
    return `${path.relative(process.cwd(), where) || where}:${at.line + 1}:${at.character + 1} error ${f.code} ${f.message}`;
  });
}

/**
 * Loads a role manifest and the documents it refers to. `strict` (plan and apply) refuses one with any
 * error finding of the full checks, as the editor's apply does; otherwise (diff) only one that does
 * not load as a role.
 */
export function loadManifestFile(file: string, strict: boolean): ManifestFile {
  const absolute = path.resolve(file);
  const text = readFileIfExists(absolute);
  if (text === undefined) return { file, problems: [`${file}: cannot read the file: check the path`] };
  const { manifest, findings } = loadManifest(text, absolute, readFileIfExists);
  const blocking = strict ? blockingFindings(text, absolute, readFileIfExists, getCatalog) : [];
  if (manifest && blocking.length === 0) return { file, manifest };
  const problems = problemLines(blocking.length > 0 ? blocking : findings, absolute, text);
  return { file, problems: problems.length ? problems : [`${file}: not a role manifest`] };
}
