import * as vscode from 'vscode';
import { registerRolesCommands } from './commands';
import { registerApplyCommands } from './commands/apply';
import type { ConnectionController } from './connection';
import { ReadOnlyDocuments } from './documents';
import { MANIFEST_SELECTOR, ManifestLensProvider } from './manifestLens';
import type { Prompts } from './prompts';
import { RolesTree } from './rolesTree';
import { WorkspaceRoles } from './workspaceRoles';

/** The roles feature: the IAM Roles tree, its read-only documents, the diff and its CodeLens. */
export interface RolesFeature {
  readonly tree: RolesTree;
  readonly documents: ReadOnlyDocuments;
}

/** Creates the roles feature; everything it creates is pushed to `subscriptions`. */
export function registerRoles(subscriptions: vscode.Disposable[], connection: ConnectionController, prompts: Prompts): RolesFeature {
  const documents = new ReadOnlyDocuments();
  const workspace = new WorkspaceRoles();
  const tree = new RolesTree(connection, workspace);
  const diagnostics = vscode.languages.createDiagnosticCollection('iam-author-apply');
  subscriptions.push(
    diagnostics,
    ...registerApplyCommands({ connection, documents, prompts, diagnostics, onApplied: () => tree.refresh() }),
    documents,
    workspace,
    tree,
    ...registerRolesCommands({ connection, tree, documents, workspace, prompts }),
    vscode.languages.registerCodeLensProvider(MANIFEST_SELECTOR, new ManifestLensProvider()),
  );
  return { tree, documents };
}
