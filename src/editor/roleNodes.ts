// The nodes of the IAM Roles tree: small classes, each with the contextValue its menus match on.
import * as vscode from 'vscode';
import type { RoleSummary } from '../aws/account';
import type { PolicyDocument } from '../iam/roleModel';
import { Commands } from './commandIds';
import type { LocalRole } from './workspaceRoles';

/** Any node of the tree. */
export abstract class RolesNode {
  abstract treeItem(): vscode.TreeItem;
}

/** The connection the tree shows, at the top: clicking it switches. */
export class ConnectionNode extends RolesNode {
  constructor(private readonly label: string, private readonly tooltip: string, private readonly sandbox: boolean) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.contextValue = 'connection';
    item.iconPath = new vscode.ThemeIcon(this.sandbox ? 'beaker' : 'cloud');
    item.tooltip = this.tooltip;
    item.command = { command: Commands.switchConnection, title: 'Switch AWS Connection' };
    return item;
  }
}

/** A role path (`/service-role/`) holding the roles under it, when the account has paths other than `/`. */
export class PathNode extends RolesNode {
  constructor(readonly path: string, readonly roles: readonly RoleSummary[]) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.path, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `path:${this.path}`;
    item.contextValue = 'rolePath';
    item.iconPath = new vscode.ThemeIcon('folder');
    item.description = `${this.roles.length}`;
    return item;
  }
}

/** How a deployed role compares with the workspace's manifests. */
export type RoleStatus =
  | { readonly kind: 'checking' }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'notInWorkspace' }
  | { readonly kind: 'inStep' | 'different' | 'manifestErrors'; readonly local: LocalRole };

const STATUS_LOOK: Record<RoleStatus['kind'], { icon: string; color?: string; text: string }> = {
  checking: { icon: 'loading~spin', text: 'checking…' },
  unknown: { icon: 'question', text: 'status unknown' },
  notInWorkspace: { icon: 'cloud', text: 'not in workspace' },
  inStep: { icon: 'pass', color: 'testing.iconPassed', text: 'in step' },
  different: { icon: 'diff', color: 'gitDecoration.modifiedResourceForeground', text: 'differs from the workspace' },
  manifestErrors: { icon: 'warning', color: 'list.warningForeground', text: 'manifest has errors' },
};

/** A role of the account; it opens to its trust policy, permissions, boundary, tags, instance profiles and last use. */
export class RoleNode extends RolesNode {
  constructor(readonly role: RoleSummary, readonly status: RoleStatus) {
    super();
  }

  /** The workspace's manifest of this role, when there is one. */
  get local(): LocalRole | undefined {
    return 'local' in this.status ? this.status.local : undefined;
  }

  treeItem(): vscode.TreeItem {
    const look = STATUS_LOOK[this.status.kind];
    const item = new vscode.TreeItem(this.role.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `role:${this.role.arn}`;
    // role.inStep, role.different, role.manifestErrors, role.notInWorkspace, role.checking, role.unknown
    item.contextValue = `role.${this.status.kind}`;
    item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
    item.description = look.text;
    const where = this.local ? `\n${vscode.workspace.asRelativePath(this.local.uri)}` : '';
    const reason = this.status.kind === 'unknown' ? `: ${this.status.reason}` : '';
    item.tooltip = `${this.role.arn}${this.role.description ? `\n${this.role.description}` : ''}\n${look.text}${reason}${where}`;
    return item;
  }
}

/** A heading with fixed children (Permissions, AWS managed, Tags, ...). */
export class SectionNode extends RolesNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    readonly children: readonly RolesNode[],
    private readonly expanded = false,
  ) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const state = this.children.length === 0 ? vscode.TreeItemCollapsibleState.None
      : this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(this.label, state);
    item.id = this.id;
    item.contextValue = 'section';
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = `${this.children.length}`;
    return item;
  }
}

/** A policy document the role holds (trust, inline, customer managed): opens read-only as JSON. */
export class DocumentNode extends RolesNode {
  constructor(
    readonly id: string,
    readonly label: string,
    readonly icon: string,
    /** Where it opens: `/roles/NAME/trust-policy.json` in the account's documents. */
    readonly path: string,
    readonly document: PolicyDocument,
    private readonly description?: string,
  ) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.id = this.id;
    item.contextValue = 'document';
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description;
    item.command = { command: Commands.openRoleDocument, title: 'Open Document', arguments: [this] };
    return item;
  }
}

/** A managed policy known by ARN (AWS managed, a boundary): its document loads when opened. */
export class PolicyArnNode extends RolesNode {
  constructor(readonly id: string, readonly label: string, readonly arn: string, private readonly icon: string) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.id = this.id;
    item.contextValue = 'managedPolicy';
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.tooltip = this.arn;
    item.command = { command: Commands.openRoleDocument, title: 'Open Document', arguments: [this] };
    return item;
  }
}

/** A fact shown as it is: a tag, an instance profile, when the role was last used, an empty list. */
export class InfoNode extends RolesNode {
  constructor(readonly id: string, private readonly label: string, private readonly description: string, private readonly icon: string) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.id = this.id;
    item.contextValue = 'info';
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description;
    item.tooltip = `${this.label}${this.description ? ` ${this.description}` : ''}`;
    return item;
  }
}

/** A load that failed: says what happened and what to do; clicking it tries again. */
export class ErrorNode extends RolesNode {
  constructor(readonly id: string, private readonly what: string, readonly message: string, readonly retry: () => void) {
    super();
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.what);
    item.id = this.id;
    item.contextValue = 'error';
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.description = this.message;
    item.tooltip = `${this.message}\nClick to try again.`;
    item.command = { command: Commands.retryRolesNode, title: 'Try Again', arguments: [this] };
    return item;
  }
}
