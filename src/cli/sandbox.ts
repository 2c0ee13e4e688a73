import { startSandbox } from '../aws/sandbox/server';
import { OptionProblem, ParsedOptions, parseOptions } from './options';

const USAGE = 'usage: iam-author sandbox [--port N] [--state FILE] [--propagation-delay MS]';
const PORT_RULE = '--port takes a port number from 0 (any free port) to 65535';
const STATE_RULE = '--state takes a file name';
const DELAY_RULE = '--propagation-delay takes milliseconds, 0 or more';

/**
 * `iam-author sandbox [--port N] [--state FILE] [--propagation-delay MS]`: runs the local sandbox account on 127.0.0.1, prints
 * its endpoint URL as the first line of output, and runs until SIGINT or SIGTERM, then closes and
 * returns 0. Bad options: a message and 2; a port in use or an unreadable state file: a message and 1.
 */
export async function runSandbox(args: string[]): Promise<number> {
  let parsed: ParsedOptions;
  try {
    parsed = parseOptions(args, { port: { type: 'string' }, state: { type: 'string' }, 'propagation-delay': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  } catch (e) {
    if (!(e instanceof OptionProblem)) throw e;
    console.error(e.kind === 'missingValue' && e.option === '--port' ? `iam-author sandbox: ${PORT_RULE}: (none)`
      : e.kind === 'missingValue' && e.option === '--propagation-delay' ? `iam-author sandbox: ${DELAY_RULE}: (none)`
      : e.kind === 'missingValue' ? `iam-author sandbox: ${STATE_RULE}`
      : e.kind === 'unexpectedValue' ? `iam-author sandbox: ${e.option} takes no value`
      : `iam-author sandbox: unknown option: ${e.option}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(`${USAGE}\n\nRuns an AWS-compatible IAM, STS and ECR endpoint on 127.0.0.1 that accepts any credentials.\n` +
      '  --port N      the port (default 0: any free port)\n  --state FILE  keep the account in FILE across restarts\n' +
      '  --propagation-delay MS  a new role or policy cannot be a principal, be assumed or be attached for MS milliseconds, as in IAM');
    return 0;
  }
  const portText = parsed.values.port as string | undefined ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    console.error(`iam-author sandbox: ${PORT_RULE}: ${portText}`);
    return 2;
  }
  const stateFile = parsed.values.state as string | undefined;
  // A file name that starts with -- is far more likely an option whose value was left out.
  if (stateFile !== undefined && (stateFile === '' || stateFile.startsWith('--'))) {
    console.error(`iam-author sandbox: ${STATE_RULE}`);
    return 2;
  }
  const delayText = parsed.values['propagation-delay'] as string | undefined ?? '0';
  const propagationDelayMs = Number(delayText);
  if (!/^\d+$/.test(delayText)) {
    console.error(`iam-author sandbox: ${DELAY_RULE}: ${delayText}`);
    return 2;
  }
  if (parsed.positionals.length > 0) {
    console.error(`iam-author sandbox: unknown option: ${parsed.positionals[0]}\n${USAGE}`);
    return 2;
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
