import { parse } from 'jsonc-parser';
import * as path from 'path';
import * as vscode from 'vscode';
import { readFileIfExists } from '../iam/files';
import type { Finding } from '../iam/findings';
import { loadManifest } from '../iam/manifest';
import type { RoleManifest } from '../iam/roleModel';

/** A role manifest of the workspace, loaded. */
export interface LocalRole {
  readonly uri: vscode.Uri;
  /** The role's name as the manifest writes it (also when the manifest has errors). */
  readonly roleName: string;
  /** Undefined when the manifest has errors: the role it would make is not known. */
  readonly manifest?: RoleManifest;
  readonly findings: readonly Finding[];
}

const MANIFESTS = '**/*.role.{json,jsonc}';
const EXCLUDE = '**/{node_modules,.git}/**';

/** The text of a file, from its open editor when it has one (unsaved edits count), else from disk. */
export function readText(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  return open ? open.getText() : readFileIfExists(file);
}

/** The name a manifest gives its role, read without loading it (for a manifest with errors). */
function writtenName(text: string): string | undefined {
  const root: unknown = parse(text);
  const name = typeof root === 'object' && root !== null ? (root as { RoleName?: unknown }).RoleName : undefined;
  return typeof name === 'string' && name ? name : undefined;
}

/** Loads the role manifest at `uri` and every document it refers to; undefined when it cannot be read. */
export function loadLocalRole(uri: vscode.Uri): LocalRole | undefined {
  const text = readText(uri.fsPath);
  if (text === undefined) return undefined;
  const { manifest, findings } = loadManifest(text, uri.fsPath, readText);
  const roleName = manifest?.roleName ?? writtenName(text) ?? path.basename(uri.fsPath).replace(/\.role\.jsonc?$/, '');
  return { uri, roleName, manifest, findings };
}

/** The key roles are matched by: IAM role names are unique regardless of case. */
export const roleKey = (name: string): string => name.toLowerCase();

/**
 * The workspace's role manifests by role name, loaded on first need and again after any JSON file
 * of the workspace changes (a manifest, or a document one refers to). Two manifests of one role:
 * the first by path counts.
 */
export class WorkspaceRoles implements vscode.Disposable {
  private loaded: Promise<ReadonlyMap<string, LocalRole>> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,jsonc}');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.watcher];

  /** Fires when a file the manifests may depend on changed: `all()` reloads. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const stale = () => this.reload();
    this.disposables.push(this.watcher.onDidChange(stale), this.watcher.onDidCreate(stale), this.watcher.onDidDelete(stale));
  }

  /** Forgets the manifests loaded, for a change the file watcher may report late (files just written). */
  reload(): void {
    this.loaded = undefined;
    this.changed.fire();
  }

  /** Every role manifest of the workspace, by roleKey of its role name. */
  all(): Promise<ReadonlyMap<string, LocalRole>> {
    return (this.loaded ??= this.load());
  }

  private async load(): Promise<ReadonlyMap<string, LocalRole>> {
    const uris = (await vscode.workspace.findFiles(MANIFESTS, EXCLUDE)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    const roles = new Map<string, LocalRole>();
    for (const uri of uris) {
      const local = loadLocalRole(uri);
      if (local && !roles.has(roleKey(local.roleName))) roles.set(roleKey(local.roleName), local);
    }
    return roles;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
