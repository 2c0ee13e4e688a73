import type { ErrorNode } from '../roleNodes';

/** Tries the load that failed again. */
export function retryRolesNode(node: ErrorNode): void {
  node.retry();
}
