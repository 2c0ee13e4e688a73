import type { RolesCommandContext } from './context';
import { DocumentNode, PolicyArnNode } from '../roleNodes';

/** Opens a policy of the tree read-only as pretty JSON; a managed policy's document is read first. */
export async function openRoleDocument(context: RolesCommandContext, node: DocumentNode | PolicyArnNode): Promise<void> {
  const account = context.connection.identity?.account ?? 'account';
  if (node instanceof DocumentNode) {
    await context.documents.showJson(context.documents.uri(account, node.path), node.document);
    return;
  }
  const connection = context.connection.current;
  const access = await context.connection.access();
  try {
    const policy = await access.readManagedPolicy(connection, node.arn);
    const where = node.arn.replace(/^arn:[^:]+:iam::[^:]*:policy/, '');
    await context.documents.showJson(context.documents.uri(account, `/policies${where}.json`), policy.document);
  } catch (e) {
    void context.prompts.notify('error', `Could not read ${node.arn}: ${access.explain(e, connection).message}`);
  }
}
