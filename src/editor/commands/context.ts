import type { ConnectionController } from '../connection';
import type { ReadOnlyDocuments } from '../documents';
import type { Prompts } from '../prompts';
import type { RolesTree } from '../rolesTree';
import type { WorkspaceRoles } from '../workspaceRoles';

/** What the roles commands work with. */
export interface RolesCommandContext {
  readonly connection: ConnectionController;
  readonly tree: RolesTree;
  readonly documents: ReadOnlyDocuments;
  readonly workspace: WorkspaceRoles;
  readonly prompts: Prompts;
}
