// A stand-in for the VS Code executable that @vscode/test-electron's runTests spawns: it accepts the
// same arguments (--extensionDevelopmentPath=..., --extensionTestsPath=..., --user-data-dir=...,
// --extensions-dir=..., a workspace folder), runs the tests in code-server's remote extension host
// through headless Chromium, prints what they print, and exits with their exit code.
import * as fs from 'fs';
import * as path from 'path';
import { Browser } from 'playwright-core';
import { launchBrowser, newPage, RunningCodeServer, startCodeServer, tempDir, workbenchUrl } from './codeServer';
import { CONSOLE_MARKER } from './consoleMarker';
import { ensureHost, HostError } from './install';

interface Args {
  developmentPath: string;
  testsPath: string;
  workspace?: string;
  userDataDir?: string;
  extensionsDir?: string;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const developmentPath = value('extensionDevelopmentPath');
  const testsPath = value('extensionTestsPath');
  if (!developmentPath || !testsPath) {
    throw new HostError('usage: code-server-test-host --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [folder]');
  }
  return {
    developmentPath: path.resolve(developmentPath),
    testsPath: path.resolve(testsPath),
    workspace: argv.find((a) => !a.startsWith('-')),
    userDataDir: value('user-data-dir'),
    extensionsDir: value('extensions-dir'),
  };
}

const timeoutSeconds = Number(process.env.IAM_AUTHOR_TEST_TIMEOUT_S || 900);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const host = await ensureHost((l) => console.log(l));
  const scratch = tempDir('iam-author-host-');
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    // A fresh profile each run, so that no state of an earlier run leaks into this one.
    const userDataDir = path.join(scratch.dir, 'user-data');
    const extensionsDir = args.extensionsDir ?? path.join(scratch.dir, 'extensions');
    server = await startCodeServer({
      host, port: 0, userDataDir, extensionsDir, testDriver: true,
    });
    browser = await launchBrowser();
    const page = await newPage(browser);
    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', () => undefined);
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    page.on('console', (msg) => {
      // The extension host's console (the tests' reporter) arrives here mixed with the workbench's
      // own log lines; the tests mark theirs (test/integration/index.ts).
      const text = msg.text();
      const at = text.indexOf(CONSOLE_MARKER);
      if (at >= 0) console.log(text.slice(at + CONSOLE_MARKER.length));
    });
    page.on('pageerror', (e) => console.error(`[workbench] ${e.message}`));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server!.port}${p}`;
    const folder = args.workspace ? path.resolve(args.workspace) : args.developmentPath;
    await page.goto(
      workbenchUrl(server, folder, [
        ['extensionDevelopmentPath', remote(args.developmentPath)],
        ['extensionTestsPath', remote(args.testsPath)],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`The extension tests did not report within ${timeoutSeconds} s (IAM_AUTHOR_TEST_TIMEOUT_S): failing the run.`);
        resolve(1);
      }, timeoutSeconds * 1000);
    });
    let running = true;
    const serverDied = new Promise<number>((resolve) =>
      server!.process.once('exit', (code) => {
        if (running) console.error(`code-server exited (code ${code}) during the test run.`);
        resolve(1);
      }),
    );
    const code = await Promise.race([exitCode, timedOut, serverDied]);
    running = false;
    clearTimeout(timer);
    return code;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (!fs.existsSync(path.join(scratch.dir, 'keep'))) scratch.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof HostError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
