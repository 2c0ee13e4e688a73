import * as vscode from 'vscode';
import type { RoleSummary } from '../aws/account';
import type { ReadRoleResult } from '../aws/roles';
import type { RoleManifest } from '../iam/roleModel';
import type { ConnectionController } from './connection';
import { rolesDiffer } from './roleComparison';
import {
  ConnectionNode, DocumentNode, ErrorNode, InfoNode, PathNode, PolicyArnNode, RoleNode, RolesNode, RoleStatus, SectionNode,
} from './roleNodes';
import { LocalRole, roleKey, WorkspaceRoles } from './workspaceRoles';

/** The view's id in package.json. */
export const ROLES_VIEW = 'iamAuthor.roles';

/** Whether a role's name or path contains the filter (case-insensitively). */
function matches(role: RoleSummary, filter: string): boolean {
  return !filter || role.name.toLowerCase().includes(filter) || role.path.toLowerCase().includes(filter);
}

/** How a deployed role compares with the manifest the workspace has for it, if any. */
function statusOf(deployed: RoleManifest, local: LocalRole | undefined): RoleStatus {
  if (!local) return { kind: 'notInWorkspace' };
  if (!local.manifest) return { kind: 'manifestErrors', local };
  return { kind: rolesDiffer(deployed, local.manifest) ? 'different' : 'inStep', local };
}

/**
 * The IAM Roles tree: the connection, then the account's roles (grouped by path when there are
 * paths other than `/`), each marked by how it compares with the workspace's manifests. The roles
 * list first, their status follows when every role has been read (one paginated call, in the
 * background); a role's details load when it opens. Loads that fail become error nodes that retry.
 */
export class RolesTree implements vscode.TreeDataProvider<RolesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RolesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<RolesNode>;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  private roles: Promise<RoleSummary[]> | undefined;
  private deployed: Promise<RoleManifest[]> | undefined;
  private readonly details = new Map<string, Promise<ReadRoleResult>>();
  private statuses: ReadonlyMap<string, RoleStatus> = new Map();
  private statusRun: Promise<void> | undefined;
  /** The status run whose result counts: a refresh or a file change starts another. */
  private statusToken: object | undefined;
  private filterText = '';

  constructor(private readonly connection: ConnectionController, private readonly workspace: WorkspaceRoles) {
    this.view = vscode.window.createTreeView(ROLES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      connection.onDidChange(() => this.refresh()),
      workspace.onDidChange(() => this.restatus()),
      // What the view showed while hidden may be older than the connection: ask for the roots again.
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) this.changed.fire(undefined);
      }),
    );
  }

  /** The filter in force (lower case; empty: none). */
  get filter(): string {
    return this.filterText;
  }

  /** Shows only the roles whose name or path contains `text` (case-insensitively); empty shows all. */
  async setFilter(text: string): Promise<void> {
    this.filterText = text.trim().toLowerCase();
    this.view.description = this.filterText ? `filter: ${this.filterText}` : undefined;
    await vscode.commands.executeCommand('setContext', 'iamAuthor.rolesFiltered', this.filterText !== '');
    this.changed.fire(undefined);
  }

  /** Forgets everything read from the account and reads again what is shown. */
  refresh(): void {
    this.roles = undefined;
    this.deployed = undefined;
    this.details.clear();
    this.statuses = new Map();
    this.statusRun = undefined;
    this.statusToken = undefined;
    this.changed.fire(undefined);
  }

  /** Compares the roles read with the workspace's manifests again (after a file changed). */
  private restatus(): void {
    this.statusRun = undefined;
    this.statusToken = undefined;
    this.changed.fire(undefined);
  }

  /** The role's details, read once until a refresh. */
  readRole(name: string): Promise<ReadRoleResult> {
    let found = this.details.get(name);
    if (!found) {
      const connection = this.connection.current;
      found = this.connection.access().then((a) => a.readRole(connection, name));
      this.details.set(name, found);
      // A failed read is not kept: the error node's retry reads again.
      found.catch(() => this.details.delete(name));
    }
    return found;
  }

  getTreeItem(node: RolesNode): vscode.TreeItem {
    return node.treeItem();
  }

  async getChildren(node?: RolesNode): Promise<RolesNode[]> {
    try {
      if (!node) return await this.rootChildren();
      if (node instanceof PathNode) return this.roleNodes(node.roles);
      if (node instanceof RoleNode) return await this.roleChildren(node);
      if (node instanceof SectionNode) return [...node.children];
      return [];
    } catch (e) {
      // Nothing below is expected to throw; a tree must never break, so say what happened.
      return [new ErrorNode(`error:${Date.now()}`, 'Could not show this', e instanceof Error ? e.message : String(e), () => this.changed.fire(node))];
    }
  }

  private async explain(e: unknown): Promise<string> {
    return (await this.connection.access()).explain(e, this.connection.current).message;
  }

  private async rootChildren(): Promise<RolesNode[]> {
    const who = this.connection.identity;
    // Not connected: the view's welcome content offers to connect or to start the sandbox.
    if (!who) return [];
    const current = this.connection.current;
    const where = current.sandbox ? 'local sandbox' : current.endpoint ?? current.profile ?? 'default credentials';
    const top = new ConnectionNode(`${who.account} · ${current.region}`, `${who.arn}\n${where}`, current.sandbox === true);
    const listing = (this.roles ??= this.connection.access().then((a) => a.listRoles(current)));
    let roles: RoleSummary[];
    try {
      roles = await listing;
    } catch (e) {
      // Forgotten, so that the error node's retry lists again (unless a refresh already did).
      if (this.roles === listing) this.roles = undefined;
      return [top, new ErrorNode('error:roles', 'Could not list the roles', await this.explain(e), () => this.changed.fire(undefined))];
    }
    this.startStatus();
    const shown = roles.filter((r) => matches(r, this.filterText));
    if (shown.length === 0) {
      return [top, new InfoNode('info:noRoles', roles.length ? `No role matches "${this.filterText}"` : 'The account has no roles', '', 'info')];
    }
    if (roles.every((r) => r.path === '/')) return [top, ...this.roleNodes(shown)];
    const byPath = new Map<string, RoleSummary[]>();
    for (const role of shown) byPath.set(role.path, [...(byPath.get(role.path) ?? []), role]);
    return [top, ...[...byPath.keys()].sort().map((p) => new PathNode(p, byPath.get(p) ?? []))];
  }

  private roleNodes(roles: readonly RoleSummary[]): RoleNode[] {
    const checking: RoleStatus = { kind: 'checking' };
    return roles.map((r) => new RoleNode(r, this.statuses.get(roleKey(r.name)) ?? checking));
  }

  /** Reads every role and compares each with the workspace's manifests, in the background; shows the result. */
  private startStatus(): void {
    if (this.statusRun) return;
    const connection = this.connection.current;
    const token = {};
    this.statusToken = token;
    this.statusRun = (async () => {
      let next: Map<string, RoleStatus>;
      try {
        const reading = (this.deployed ??= this.connection.access().then((a) => a.readAccountRoles(connection)));
        const [deployed, locals] = await Promise.all([reading, this.workspace.all()]).catch((e: unknown) => {
          if (this.deployed === reading) this.deployed = undefined;
          throw e;
        });
        next = new Map(deployed.map((role) => [roleKey(role.roleName), statusOf(role, locals.get(roleKey(role.roleName)))]));
      } catch (e) {
        const reason = await this.explain(e);
        next = new Map((await this.roles ?? []).map((r) => [roleKey(r.name), { kind: 'unknown', reason }]));
      }
      if (token !== this.statusToken) return;
      this.statuses = next;
      this.changed.fire(undefined);
    })();
  }

  private async roleChildren(node: RoleNode): Promise<RolesNode[]> {
    const id = node.role.arn;
    let read: ReadRoleResult;
    try {
      read = await this.readRole(node.role.name);
    } catch (e) {
      return [new ErrorNode(`${id}/error`, `Could not read role ${node.role.name}`, await this.explain(e), () => this.changed.fire(node))];
    }
    if (read.status === 'notFound') return [new InfoNode(`${id}/gone`, 'The account no longer has this role', 'refresh the tree', 'info')];
    return roleSections(read.role);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Where a policy's name starts in its ARN: `arn:aws:iam::aws:policy/service-role/X` → `X`. */
const nameOfArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** A deployed role's nodes: trust, permissions (AWS managed, customer managed, inline), boundary, tags, instance profiles, last use. */
export function roleSections(role: RoleManifest): RolesNode[] {
  const id = role.deployed?.arn ?? role.roleName;
  const base = `/roles/${role.roleName}`;
  const lastUsed = role.deployed?.roleLastUsed;
  const used = lastUsed?.date
    ? `${lastUsed.date.toISOString().replace('T', ' ').slice(0, 16)} UTC${lastUsed.region ? ` in ${lastUsed.region}` : ''}`
    // IAM keeps a role's last use for 400 days.
    : 'no use in 400 days';
  const profiles = role.deployed?.instanceProfiles ?? [];
  return [
    new DocumentNode(`${id}/trust`, 'Trust policy', 'shield', `${base}/trust-policy.json`, role.trustPolicy),
    new SectionNode(`${id}/permissions`, 'Permissions', 'lock', [
      new SectionNode(`${id}/aws`, 'AWS managed', 'package', role.managedPolicyArns.map((arn) =>
        new PolicyArnNode(`${id}/aws/${arn}`, nameOfArn(arn), arn, 'file-code'))),
      new SectionNode(`${id}/customer`, 'Customer managed', 'file-code', role.customerManagedPolicies.map((p) =>
        new DocumentNode(`${id}/customer/${p.name}`, p.name, 'file-code', `/policies${p.path}${p.name}.json`, p.document, p.defaultVersionId))),
      new SectionNode(`${id}/inline`, 'Inline', 'json', role.inlinePolicies.map((p) =>
        new DocumentNode(`${id}/inline/${p.name}`, p.name, 'json', `${base}/inline/${p.name}.json`, p.document))),
    ], true),
    role.permissionsBoundary
      ? new PolicyArnNode(`${id}/boundary`, `Permissions boundary: ${nameOfArn(role.permissionsBoundary)}`, role.permissionsBoundary, 'circle-slash')
      : new InfoNode(`${id}/boundary`, 'Permissions boundary', 'none', 'circle-slash'),
    new SectionNode(`${id}/tags`, 'Tags', 'tag', role.tags.map((t) => new InfoNode(`${id}/tags/${t.key}`, t.key, t.value, 'tag'))),
    new SectionNode(`${id}/profiles`, 'Instance profiles', 'server', profiles.map((p) => new InfoNode(`${id}/profiles/${p}`, p, '', 'server'))),
    new InfoNode(`${id}/lastUsed`, 'Last used', used, 'history'),
  ];
}
