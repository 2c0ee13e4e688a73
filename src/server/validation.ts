// Diagnostics: each open document is checked after a pause in typing and its findings published; findings
// that a role manifest reports in the files it refers to are published to those files. A check remembers
// the files and folders it read, so that a change to one of them checks the documents that read it again.
import * as path from 'path';
import { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ParsedDocument } from '../iam/document';
import { listFolder, readFileIfExists } from '../iam/files';
import { Finding } from '../iam/findings';
import { applyOverrides, checkText } from '../iam/service';
import { diagnosticKey, toDiagnostic } from './convert';
import { Settings, SettingsStore } from './settings';

/** Checks wait for a pause in typing this long; a newer version cancels the pending check. */
const DEBOUNCE_MS = 150;

/** A finding and the diagnostic published for it, positions computed from the text that was checked. */
export interface Published {
  readonly finding: Finding;
  readonly diagnostic: Diagnostic;
}

/** What one check found in one file. */
interface Report {
  /** The version of the open document the findings' offsets are into; undefined for a file read from disk. */
  readonly version: number | undefined;
  readonly entries: readonly Published[];
}

interface CheckResult {
  readonly version: number;
  /** Findings by file uri, the checked document's own uri included. */
  readonly reports: ReadonlyMap<string, Report>;
  /** Absolute paths of the files and folders the check read, whether they existed or not. */
  readonly reads: ReadonlySet<string>;
}

/** The file path of a `file:` uri; undefined for other schemes (untitled documents). */
export function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? URI.parse(uri).fsPath : undefined;
}

export class Validator {
  private readonly results = new Map<string, CheckResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsStore,
    /** The cached parse of a document's current version; undefined when it cannot be parsed safely. */
    private readonly parse: (document: TextDocument) => ParsedDocument | undefined,
  ) {}

  /** Checks a document after `delay` ms, replacing any check of it still pending. */
  schedule(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.validate(uri), delay));
  }

  /** Checks a document now and publishes its findings; a failure is logged and leaves the last diagnostics. */
  async validate(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    try {
      if (!this.documents.get(uri)) return;
      const settings = await this.settings.get(uri);
      // The document may have changed or closed while the settings were read: check what is open now.
      const document = this.documents.get(uri);
      if (!document) return;
      const result = settings.validate
        ? this.check(document, settings)
        : { version: document.version, reports: new Map(), reads: new Set<string>() };
      const previous = this.results.get(uri);
      this.results.set(uri, result);
      for (const target of new Set([uri, ...previous?.reports.keys() ?? [], ...result.reports.keys()])) this.publish(target);
    } catch (e) {
      this.connection.console.error(`Checking ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  /** A file changed, appeared or disappeared (or its text is now an open document's): check its readers again. */
  fileChanged(file: string): void {
    const folder = path.dirname(file);
    for (const [uri, result] of this.results) {
      if (pathOf(uri) !== file && (result.reads.has(file) || result.reads.has(folder))) this.schedule(uri);
    }
  }

  /** Settings changed: check every open document again. */
  revalidateAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri, 0);
  }

  /** A document closed: its own diagnostics go, and those its check reported in other files. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const previous = this.results.get(uri);
    this.results.delete(uri);
    for (const target of new Set([uri, ...previous?.reports.keys() ?? []])) this.publish(target);
    const file = pathOf(uri);
    if (file) this.fileChanged(file);
  }

  /**
   * The findings published in a document at its current version (its own check's, and those other
   * documents' checks report in it), checking it first if its last check is older than its text.
   */
  async current(document: TextDocument): Promise<Published[]> {
    if (this.results.get(document.uri)?.version !== document.version) await this.validate(document.uri);
    const found: Published[] = [];
    for (const result of this.results.values()) {
      const report = result.reports.get(document.uri);
      if (report && report.version === document.version) found.push(...report.entries);
    }
    return found;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private check(document: TextDocument, settings: Settings): CheckResult {
    const reads = new Set<string>();
    /** The text of every file read, as the open document (its text wins) or a snapshot of the file on disk. */
    const texts = new Map<string, { document: TextDocument; version: number | undefined }>();
    const open = new Map<string, TextDocument>();
    for (const d of this.documents.all()) {
      const file = pathOf(d.uri);
      if (file) open.set(file, d);
    }
    const readFile = (file: string): string | undefined => {
      reads.add(file);
      const openDocument = open.get(file);
      if (openDocument) {
        texts.set(file, { document: openDocument, version: openDocument.version });
        return openDocument.getText();
      }
      const text = readFileIfExists(file);
      if (text !== undefined) texts.set(file, { document: TextDocument.create(URI.file(file).toString(), 'json', 0, text), version: undefined });
      return text;
    };
    const readDir = (folder: string): string[] => {
      reads.add(folder);
      return listFolder(folder);
    };
    const parsed = this.parse(document);
    const fileName = parsed?.fileName ?? pathOf(document.uri) ?? document.uri;
    const findings = applyOverrides(checkText(document.getText(), { fileName, readFile, readDir, parsed }), settings.overrides);

    const reports = new Map<string, { version: number | undefined; entries: Published[] }>();
    reports.set(document.uri, { version: document.version, entries: [] });
    for (const finding of findings) {
      const target = finding.file === undefined ? { document, version: document.version } : texts.get(finding.file);
      // A finding is only ever reported in a file the check read; anything else has no text to place it in.
      if (!target) continue;
      let report = reports.get(target.document.uri);
      if (!report) reports.set(target.document.uri, report = { version: target.version, entries: [] });
      report.entries.push({ finding, diagnostic: toDiagnostic(target.document, finding) });
    }
    return { version: document.version, reports, reads };
  }

  /** Publishes a file's diagnostics: its own check's and what other checks reported in it, each once. */
  private publish(uri: string): void {
    const diagnostics: Diagnostic[] = [];
    const seen = new Set<string>();
    const own = this.results.get(uri);
    const reports = [own?.reports.get(uri), ...[...this.results].filter(([u]) => u !== uri).map(([, r]) => r.reports.get(uri))];
    for (const report of reports) {
      for (const { diagnostic } of report?.entries ?? []) {
        const key = diagnosticKey(diagnostic);
        if (!seen.has(key)) {
          seen.add(key);
          diagnostics.push(diagnostic);
        }
      }
    }
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    void this.connection.sendDiagnostics({ uri, version: own?.version, diagnostics });
  }
}
