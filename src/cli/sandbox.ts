import { startSandbox } from '../aws/sandbox/server';

const USAGE = 'usage: iam-author sandbox [--port N] [--state FILE] [--propagation-delay MS]';

/**
 * `iam-author sandbox [--port N] [--state FILE] [--propagation-delay MS]`: runs the local sandbox account on 127.0.0.1, prints
 * its endpoint URL as the first line of output, and runs until SIGINT or SIGTERM, then closes and
 * returns 0. Bad options: a message and 2; a port in use or an unreadable state file: a message and 1.
 */
export async function runSandbox(args: string[]): Promise<number> {
  let port = 0;
  let stateFile: string | undefined;
  let propagationDelayMs = 0;
  for (let i = 0; i < args.length; i++) {
    const option = args[i];
    if (option === '--help' || option === '-h') {
      console.log(`${USAGE}\n\nRuns an AWS-compatible IAM, STS and ECR endpoint on 127.0.0.1 that accepts any credentials.\n` +
        '  --port N      the port (default 0: any free port)\n  --state FILE  keep the account in FILE across restarts\n' +
        '  --propagation-delay MS  a new role or policy cannot be a principal, be assumed or be attached for MS milliseconds, as in IAM');
      return 0;
    }
    const value = args[i + 1];
    if (option === '--port') {
      port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) {
        console.error(`iam-author sandbox: --port takes a port number from 0 (any free port) to 65535: ${value ?? '(none)'}`);
        return 2;
      }
      i++;
    } else if (option === '--state') {
      if (!value || value.startsWith('--')) {
        console.error('iam-author sandbox: --state takes a file name');
        return 2;
      }
      stateFile = value;
      i++;
    } else if (option === '--propagation-delay') {
      propagationDelayMs = Number(value);
      if (value === undefined || !/^\d+$/.test(value)) {
        console.error(`iam-author sandbox: --propagation-delay takes milliseconds, 0 or more: ${value ?? '(none)'}`);
        return 2;
      }
      i++;
    } else {
      console.error(`iam-author sandbox: unknown option: ${option}\n${USAGE}`);
      return 2;
    }
  }
  let sandbox;
  try {
    sandbox = await startSandbox({ port, stateFile, propagationDelayMs });
  } catch (e) {
    console.error(`iam-author sandbox: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  console.log(sandbox.endpoint);
  const delay = propagationDelayMs ? `, new roles and policies usable after ${propagationDelayMs} ms` : '';
  console.log(`Local sandbox account ${sandbox.accountId}${stateFile ? `, kept in ${stateFile}` : ''}${delay}. Any credentials work; Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await sandbox.close();
  return 0;
}
