import type { Prompts } from '../prompts';
import type { RolesTree } from '../rolesTree';

/** Shows only the roles whose name or path contains the text asked for (or given, from a test or a keybinding). */
export async function filterRoles(tree: RolesTree, prompts: Prompts, text?: string): Promise<void> {
  const filter = text ?? await prompts.input('Show the roles whose name or path contains', tree.filter);
  if (filter === undefined) return;
  await tree.setFilter(filter);
}
