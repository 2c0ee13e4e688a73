// `npm start`: builds the extension, installs it into code-server (VS Code in the browser) and serves
// the sample workspace on 127.0.0.1 until Ctrl-C or a kill, then stops everything it started.
import * as path from 'path';
import { assertPortFree, RunningCodeServer, startCodeServer, tempDir, workbenchUrl } from './host/codeServer';
import { buildVsix, installVsix } from './host/extension';
import { ensureHost, HostError } from './host/install';
import { startSandbox } from '../src/aws/sandbox/server';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT || 3210);
const PORT_HINT = 'start on another port with PORT=<n> npm start.';
const workspace = path.resolve(process.env.IAM_AUTHOR_WORKSPACE || path.join(root, 'sample'));

async function main(): Promise<void> {
  const scratch = tempDir('iam-author-start-');
  const cleanups: (() => Promise<void> | void)[] = [() => scratch.remove()];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  try {
    // Checked first, so that a port in use is reported before minutes of build and install.
    await assertPortFree(port, PORT_HINT);
    const host = await ensureHost();
    console.log('Building and packaging IAM Author…');
    const vsix = path.join(scratch.dir, 'iam-author.vsix');
    const userDataDir = path.join(scratch.dir, 'user-data');
    const extensionsDir = path.join(scratch.dir, 'extensions');
    await buildVsix(vsix);
    await installVsix(host, vsix, extensionsDir, userDataDir);
    // The local sandbox account, its state kept between runs in a file the repository ignores.
    const sandbox = await startSandbox({ stateFile: path.join(root, '.sandbox-state.json') });
    cleanups.push(() => sandbox.close());
    const server: RunningCodeServer = await startCodeServer({
      host, port, userDataDir, extensionsDir, portHint: PORT_HINT, extraSettings: { 'iamAuthor.endpoint': sandbox.endpoint },
    });
    cleanups.push(() => server.stop());
    server.process.once('exit', (code) => {
      if (!stopping) {
        console.error(`code-server exited unexpectedly (code ${code}).`);
        void stop(1);
      }
    });
    console.log(`\nIAM Author is running in code-server ${host.codeServerVersion} on the sample workspace:`);
    console.log(`\n  ${workbenchUrl(server, workspace)}\n`);
    console.log(`Connected to the local sandbox account ${sandbox.accountId} at ${sandbox.endpoint} (state: .sandbox-state.json).`);
    console.log('Press Ctrl-C to stop.');
  } catch (e) {
    console.error(e instanceof HostError ? e.message : e instanceof Error ? e.stack : String(e));
    await stop(1);
  }
}

void main();
