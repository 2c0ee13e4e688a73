// `npm start`: builds the extension, installs it into code-server (VS Code in the browser) and serves a
// copy of the sample workspace on 127.0.0.1 until Ctrl-C or a kill (SIGINT, SIGTERM or SIGHUP), then
// stops everything it started (code-server and the local sandbox account) and frees their ports.
import * as fs from 'fs';
import * as path from 'path';
import { assertPortFree, RunningCodeServer, startCodeServer, tempDir, workbenchUrl } from './host/codeServer';
import { buildVsix, installVsix } from './host/extension';
import { ensureHost, HostError } from './host/install';
import { startSandbox } from '../src/aws/sandbox/server';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT || 3210);
const PORT_HINT = 'start on another port with PORT=<n> npm start.';
/** The copy of sample/ that npm start opens, in a folder git ignores: a user's edits never change tracked files. */
const PLAYGROUND = path.join(root, 'playground');
/** The sandbox account's state, kept between runs in a file git ignores. */
const stateFile = path.resolve(process.env.IAM_AUTHOR_SANDBOX_STATE || path.join(root, '.sandbox-state.json'));

/**
 * The workspace to open: IAM_AUTHOR_WORKSPACE as it is, else playground/, copied from sample/ on the
 * first run and kept as the user left it on later runs.
 */
function workspaceFolder(): string {
  if (process.env.IAM_AUTHOR_WORKSPACE) return path.resolve(process.env.IAM_AUTHOR_WORKSPACE);
  if (!fs.existsSync(PLAYGROUND)) {
    // Copied to a temporary name and renamed, so that a stop halfway leaves no half copy to keep.
    const partial = `${PLAYGROUND}.partial-${process.pid}`;
    fs.cpSync(path.join(root, 'sample'), partial, { recursive: true });
    fs.renameSync(partial, PLAYGROUND);
    console.log('Copied sample/ to playground/ (git ignores it): your edits there stay between runs.');
  }
  return PLAYGROUND;
}

async function main(): Promise<void> {
  const scratch = tempDir('iam-author-start-');
  const cleanups: (() => Promise<void> | void)[] = [() => scratch.remove()];
  let stopping = false;
  // The step in flight that starts a process: a stop waits for it, so that what it started is stopped too.
  let starting: Promise<unknown> = Promise.resolve();
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await starting.catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup();
    process.exit(code);
  };
  /** Starts something long-lived and registers how to stop it. */
  const start = async <T>(run: () => Promise<T>, stopIt: (t: T) => Promise<void>): Promise<T> => {
    const started = run();
    starting = started;
    const value = await started;
    cleanups.push(() => stopIt(value));
    return value;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  try {
    // Checked first, so that a port in use is reported before minutes of build and install.
    await assertPortFree(port, PORT_HINT);
    const workspace = workspaceFolder();
    const host = await ensureHost();
    const userDataDir = path.join(scratch.dir, 'user-data');
    const extensionsDir = path.join(scratch.dir, 'extensions');
    // IAM_AUTHOR_VSIX: a VSIX built already (the tests of npm start build one for all their runs).
    let vsix = process.env.IAM_AUTHOR_VSIX ? path.resolve(process.env.IAM_AUTHOR_VSIX) : '';
    if (!vsix) {
      console.log('Building and packaging IAM Author…');
      vsix = path.join(scratch.dir, 'iam-author.vsix');
      await buildVsix(vsix);
    }
    await installVsix(host, vsix, extensionsDir, userDataDir);
    if (stopping) return;
    const sandbox = await start(() => startSandbox({ stateFile }), (s) => s.close());
    if (stopping) return;
    const server: RunningCodeServer = await start(
      () => startCodeServer({ host, port, userDataDir, extensionsDir, portHint: PORT_HINT, extraSettings: {
        'iamAuthor.endpoint': sandbox.endpoint,
        // A newcomer's first look: the walkthrough "Get started with IAM Author" opens with the workbench.
        'workbench.welcomePage.walkthroughs.openOnInstall': true,
      } }),
      (s) => s.stop(),
    );
    if (stopping) return;
    server.process.once('exit', (code) => {
      if (!stopping) {
        console.error(`code-server exited unexpectedly (code ${code}).`);
        void stop(1);
      }
    });
    console.log(`\nIAM Author is running in code-server ${host.codeServerVersion} on ${path.relative(root, workspace) || workspace}:`);
    console.log(`\n  ${workbenchUrl(server, workspace)}\n`);
    console.log(`Connected to the local sandbox account ${sandbox.accountId} at ${sandbox.endpoint} (state: ${path.relative(root, stateFile)}).`);
    console.log('Press Ctrl-C to stop.');
  } catch (e) {
    console.error(e instanceof HostError ? e.message : e instanceof Error ? e.stack : String(e));
    await stop(1);
  }
}

void main();
