import type { ConnectionController } from '../connection';

/** Stops this window's local sandbox account and goes back to the user's AWS connection. */
export async function stopSandbox(connection: ConnectionController): Promise<void> {
  await connection.stopSandbox();
}
