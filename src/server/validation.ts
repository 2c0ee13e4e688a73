// Diagnostics. An open document is checked as it changes: at once while its checks are cheap (and at the
// first change after a pause), after a pause in typing when they are not. Every IAM file of the workspace
// folders is checked in the background, a few at a time between requests, so that the Problems panel
// lists files never opened. Findings that a role manifest reports in the files it refers to go to those
// files. A check remembers the files and folders it read, so that a change to one of them checks its
// readers again. Diagnostics reach the client by push (publishDiagnostics), or by pull (the client asks
// with textDocument/diagnostic and workspace/diagnostic) when the client offers it.
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  Connection, Diagnostic, DocumentDiagnosticReport, DocumentDiagnosticReportKind, PreviousResultId, TextDocuments,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ParsedDocument } from '../iam/document';
import { listFolder, readFileIfExists } from '../iam/files';
import { Finding } from '../iam/findings';
import { applyOverrides, checkText } from '../iam/service';
import { diagnosticKey, toDiagnostic } from './convert';
import { placeFindings } from './placement';
import { Settings, SettingsStore } from './settings';
import { Catalog } from '../iam/catalogTypes';

/** When to check: the defaults suit an editor; tests set them to see each path. */
export interface ValidationTiming {
  /** A check waits for a pause in typing this long, unless it is cheap; a newer version replaces it. */
  readonly debounceMs: number;
  /** A document whose last check took less than this is checked at every change. */
  readonly cheapCheckMs: number;
  /** A background batch of workspace files yields to requests after this long. */
  readonly batchMs: number;
}

export const DEFAULT_TIMING: ValidationTiming = { debounceMs: 150, cheapCheckMs: 10, batchMs: 15 };

/** The files the workspace scan checks: policies, trust policies and role manifests by their names. */
export const IAM_FILE = /\.(policy|trust|role)\.jsonc?$/i;

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
  /** The checked document's version; undefined for a file read from disk. */
  readonly version: number | undefined;
  /** Findings by file uri, the checked document's own uri included. */
  readonly reports: ReadonlyMap<string, Report>;
  /** Absolute paths of the files and folders the check read, whether they existed or not. */
  readonly reads: ReadonlySet<string>;
}

/** The diagnostics last made known for a uri, under an id that changes whenever they do. */
interface Shown {
  readonly resultId: string;
  readonly version: number | undefined;
  readonly diagnostics: Diagnostic[];
  /** The diagnostics as JSON, to tell whether a new list differs. */
  readonly json: string;
}

/** The file path of a `file:` uri; undefined for other schemes (untitled documents). */
export function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? URI.parse(uri).fsPath : undefined;
}

/** IAM files under a folder (by IAM_FILE), skipping node_modules and dot-folders; unreadable folders are skipped. */
export async function findIamFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [folder];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && IAM_FILE.test(entry.name)) found.push(full);
    }
  }
  return found.sort();
}

export class Validator {
  private readonly results = new Map<string, CheckResult>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** How long each document's last check took, and when it ended (performance.now()). */
  private readonly lastCheck = new Map<string, { ms: number; at: number }>();
  /** IAM files of the workspace folders, by uri: checked from disk while they are not open. */
  private readonly workspaceFiles = new Set<string>();
  /** Workspace files waiting for their background check, in order. */
  private readonly queue: string[] = [];
  private draining = false;
  private readonly shown = new Map<string, Shown>();
  private nextResultId = 1;
  private refreshing = false;
  /** The document a pull is checking: the client gets its diagnostics in the answer, not by a refresh. */
  private pulling: string | undefined;
  private disposed = false;
  /** True when the client pulls diagnostics: they are then never pushed. */
  pull = false;
  /** True when the client can be asked to pull again (workspace/diagnostic/refresh). */
  canRefresh = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsStore,
    /** The cached parse of a document's current version; undefined when it cannot be parsed safely. */
    private readonly parse: (document: TextDocument) => ParsedDocument | undefined,
    /** The IAM catalog the checks use, asked for only when a check needs it. */
    private readonly catalog: () => Catalog,
    private readonly timing: ValidationTiming = DEFAULT_TIMING,
  ) {}

  /** An open document changed: check it at once when that is cheap or typing had paused, else after a pause. */
  changed(uri: string): void {
    const last = this.lastCheck.get(uri);
    const paused = !last || performance.now() - last.at > this.timing.debounceMs;
    if (!last || last.ms < this.timing.cheapCheckMs || (paused && !this.timers.has(uri))) void this.validate(uri);
    else this.schedule(uri);
  }

  /** Checks a document after `delay` ms, replacing any check of it still pending. */
  schedule(uri: string, delay = this.timing.debounceMs): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.validate(uri), delay));
  }

  /**
   * Checks an open document now (a workspace file that is not open: from disk) and makes its findings
   * known; a failure is logged and leaves the last diagnostics.
   */
  async validate(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    try {
      if (!this.documents.get(uri) && !this.workspaceFiles.has(uri)) return;
      const settings = await this.settings.get(uri);
      // The document may have changed, opened or closed while the settings were read: check what is there now.
      const document = this.documents.get(uri);
      const file = document ? undefined : pathOf(uri);
      const text = document ? document.getText() : file && this.workspaceFiles.has(uri) ? readFileIfExists(file) : undefined;
      if (text === undefined) return this.forget(uri);
      const target = document ?? TextDocument.create(uri, 'json', 0, text);
      const version = document?.version;
      const started = performance.now();
      const result = settings.validate ? this.check(target, version, settings) : { version, reports: new Map(), reads: new Set<string>() };
      const ended = performance.now();
      if (document) this.lastCheck.set(uri, { ms: ended - started, at: ended });
      this.store(uri, result);
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

  /** A file on disk changed, appeared or was deleted: a workspace IAM file is checked again, or forgotten. */
  diskChanged(uri: string, deleted: boolean): void {
    const file = pathOf(uri);
    if (!file || !IAM_FILE.test(file) || !this.watching(file)) return;
    if (deleted) {
      this.workspaceFiles.delete(uri);
      if (!this.documents.get(uri)) this.forget(uri);
    } else {
      this.workspaceFiles.add(uri);
      if (!this.documents.get(uri)) this.enqueue([uri]);
    }
  }

  private readonly folders: string[] = [];

  /** Whether a file is under one of the workspace folders being scanned. */
  private watching(file: string): boolean {
    return this.folders.some((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  }

  /** Finds every IAM file under the workspace folders and checks those not open, in the background. */
  async scanWorkspace(folders: readonly string[]): Promise<void> {
    this.folders.push(...folders);
    for (const folder of folders) {
      const files = await findIamFiles(folder);
      if (this.disposed) return;
      const uris = files.map((f) => URI.file(f).toString());
      for (const uri of uris) this.workspaceFiles.add(uri);
      this.enqueue(uris.filter((u) => !this.documents.get(u)));
    }
  }

  /** The absolute paths of the workspace's IAM files found so far. */
  iamFiles(): string[] {
    return [...this.workspaceFiles].map(pathOf).filter((f): f is string => f !== undefined);
  }

  /** Settings changed: check every open document and workspace file again. */
  revalidateAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri, 0);
    this.enqueue([...this.workspaceFiles].filter((u) => !this.documents.get(u)));
  }

  /** A document closed: a workspace file goes back to its text on disk; any other's diagnostics go. */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.lastCheck.delete(uri);
    if (this.workspaceFiles.has(uri)) this.enqueue([uri]);
    else this.forget(uri);
    const file = pathOf(uri);
    if (file) this.fileChanged(file);
  }

  /**
   * The findings published in a document at its current version (its own check's, and those other
   * documents' checks report in it), checking it first if its last check is older than its text.
   */
  async current(document: TextDocument): Promise<Published[]> {
    await this.ensureCurrent(document);
    const found: Published[] = [];
    for (const result of this.results.values()) {
      const report = result.reports.get(document.uri);
      if (report && report.version === document.version) found.push(...report.entries);
    }
    return found;
  }

  /** textDocument/diagnostic: the document's diagnostics, or `unchanged` when the client has them already. */
  async documentReport(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(uri);
    const file = pathOf(uri);
    // A workspace file the background has not reached yet (or found yet) is checked now.
    if (!document && !this.results.has(uri) && file && IAM_FILE.test(file) && this.watching(file)) this.workspaceFiles.add(uri);
    this.pulling = uri;
    try {
      if (document) await this.ensureCurrent(document);
      else if (this.workspaceFiles.has(uri) && !this.results.has(uri)) await this.validate(uri);
    } finally {
      this.pulling = undefined;
    }
    const shown = this.shown.get(uri) ?? this.show(uri);
    return shown.resultId === previousResultId
      ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: shown.resultId }
      : { kind: DocumentDiagnosticReportKind.Full, resultId: shown.resultId, items: shown.diagnostics };
  }

  /** workspace/diagnostic: every file's diagnostics that the client does not have already. */
  async workspaceReport(previous: readonly PreviousResultId[]): Promise<WorkspaceDocumentDiagnosticReport[]> {
    for (const document of this.documents.all()) await this.ensureCurrent(document);
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    return [...this.shown].map(([uri, shown]): WorkspaceDocumentDiagnosticReport => {
      const version = shown.version ?? null;
      return known.get(uri) === shown.resultId
        ? { kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId: shown.resultId }
        : { kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: shown.resultId, items: shown.diagnostics };
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
  }

  private async ensureCurrent(document: TextDocument): Promise<void> {
    if (this.results.get(document.uri)?.version !== document.version) await this.validate(document.uri);
  }

  /** Keeps a check's result and shows the diagnostics of every file it or the previous check reported in. */
  private store(uri: string, result: CheckResult): void {
    const previous = this.results.get(uri);
    this.results.set(uri, result);
    for (const target of new Set([uri, ...previous?.reports.keys() ?? [], ...result.reports.keys()])) this.show(target);
  }

  /** A file is neither open nor in the workspace any more: its own diagnostics go, and those its check reported elsewhere. */
  private forget(uri: string): void {
    const previous = this.results.get(uri);
    this.results.delete(uri);
    for (const target of new Set([uri, ...previous?.reports.keys() ?? []])) this.show(target);
  }

  /** Queues workspace files for a background check; batches run between requests until the queue is empty. */
  private enqueue(uris: readonly string[]): void {
    const queued = new Set(this.queue);
    for (const uri of uris) if (!queued.has(uri)) this.queue.push(uri);
    if (this.draining || this.queue.length === 0) return;
    this.draining = true;
    const batch = async () => {
      const until = performance.now() + this.timing.batchMs;
      while (this.queue.length > 0 && performance.now() < until && !this.disposed) {
        const uri = this.queue.shift()!;
        if (!this.documents.get(uri)) await this.validate(uri);
      }
      if (this.queue.length > 0 && !this.disposed) setImmediate(() => void batch());
      else this.draining = false;
    };
    setImmediate(() => void batch());
  }

  private check(document: TextDocument, version: number | undefined, settings: Settings): CheckResult {
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
    const parsed = version === undefined ? undefined : this.parse(document);
    const fileName = parsed?.fileName ?? pathOf(document.uri) ?? document.uri;
    const findings = applyOverrides(checkText(document.getText(), { fileName, readFile, readDir, parsed, catalog: this.catalog }), settings.overrides);

    const reports = new Map<string, { version: number | undefined; entries: Published[] }>();
    reports.set(document.uri, { version, entries: [] });
    const versions = new Map<string, number | undefined>([[document.uri, version]]);
    for (const { document: target, finding } of placeFindings(findings, document, (file) => {
      const read = texts.get(file);
      if (read) versions.set(read.document.uri, read.version);
      return read?.document;
    })) {
      let report = reports.get(target.uri);
      if (!report) reports.set(target.uri, report = { version: versions.get(target.uri), entries: [] });
      report.entries.push({ finding, diagnostic: toDiagnostic(target, finding, report.version) });
    }
    return { version, reports, reads };
  }

  /**
   * Makes a file's diagnostics known (its own check's and what other checks reported in it, each once):
   * pushed, or kept for the client's next pull, which it is asked for. Returns what is shown now.
   */
  private show(uri: string): Shown {
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
    const version = this.documents.get(uri)?.version;
    const json = JSON.stringify(diagnostics);
    const before = this.shown.get(uri);
    if (before && before.json === json && before.version === version) return before;
    const shown: Shown = { resultId: String(this.nextResultId++), version, diagnostics, json };
    this.shown.set(uri, shown);
    if (!this.pull) void this.connection.sendDiagnostics({ uri, version: own?.version, diagnostics });
    else if (uri !== this.pulling) this.askToPull();
    return shown;
  }

  /** Asks a pulling client to pull again, once for all the changes of this turn of the event loop. */
  private askToPull(): void {
    if (!this.canRefresh || this.refreshing) return;
    this.refreshing = true;
    setImmediate(() => {
      this.refreshing = false;
      this.connection.languages.diagnostics.refresh();
    });
  }
}
