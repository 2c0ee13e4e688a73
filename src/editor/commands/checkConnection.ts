import type { ConnectionController } from '../connection';

/** Asks AWS who the connection is; the status bar (and the roles tree) show the answer. */
export async function checkConnection(connection: ConnectionController): Promise<void> {
  await connection.refresh();
}
