import { startSandbox } from '../aws/sandbox/server';

/** `iam-author sandbox [--port N] [--state FILE]`: prints the endpoint URL first, runs until stopped. */
export async function runSandbox(args: string[]): Promise<number> {
  let port = 0;
  let stateFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') {
      port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`iam-author sandbox: --port takes a port number (0 for any free port): ${args[i]}`);
        return 2;
      }
    } else if (args[i] === '--state') {
      stateFile = args[++i];
      if (!stateFile) {
        console.error('iam-author sandbox: --state takes a file name');
        return 2;
      }
    } else {
      console.error(`iam-author sandbox: unknown option: ${args[i]}`);
      return 2;
    }
  }
  let sandbox;
  try {
    sandbox = await startSandbox({ port, stateFile });
  } catch (e) {
    console.error(`iam-author sandbox: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  console.log(sandbox.endpoint);
  console.log(`Local sandbox account ${sandbox.accountId}${stateFile ? `, state in ${stateFile}` : ''}. Any credentials work. Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await sandbox.close();
  return 0;
}
