// Starts and stops code-server (the VS Code server build) on 127.0.0.1, with a private user-data and
// extensions folder, and drives its web workbench with headless Chromium through playwright-core.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { chromiumPath, Host, HostError } from './install';

/** User settings that keep the workbench quiet and quick to start without a network. */
const WORKBENCH_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'files.autoSave': 'off',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'github.gitAuthentication': false,
};

export interface CodeServerOptions {
  host: Host;
  /** 0 picks a free port. */
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** Starts with VS Code's smoke-test driver, which lets the page run extension tests. */
  testDriver?: boolean;
  extraSettings?: Record<string, unknown>;
  /** What to tell the user when `port` is taken. */
  portHint?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Throws a HostError naming the port and what to do when something already listens on it. */
export async function assertPortFree(port: number, hint: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () => reject(new HostError(`Port ${port} on 127.0.0.1 is in use: stop what is using it, or ${hint}`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Kills a child's whole process group (started detached) and waits for it to exit. */
export function killGroup(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const pid = child.pid;
    const timer = setTimeout(() => {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    try { process.kill(-pid, 'SIGTERM'); } catch { clearTimeout(timer); resolve(); }
  });
}

/** Starts code-server and resolves once it answers HTTP; rejects with a HostError if it exits first. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const log = options.log ?? (() => undefined);
  const port = options.port || (await freePort());
  await assertPortFree(port, options.portHint ?? 'choose another port.');
  const settingsDir = path.join(options.userDataDir, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.mkdirSync(options.extensionsDir, { recursive: true });
  const settings = JSON.stringify({ ...WORKBENCH_SETTINGS, ...options.extraSettings }, null, 2);
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), settings);
  // The remote extension host reads machine-scoped settings (workbench.welcomePage.walkthroughs.openOnInstall)
  // from the server's Machine settings, not the user's.
  fs.mkdirSync(path.join(options.userDataDir, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(options.userDataDir, 'Machine', 'settings.json'), settings);
  const configFile = path.join(options.userDataDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const args = [
    options.host.codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
  ];
  if (options.testDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(options.host.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // An empty gallery: the workbench must not try to reach the Marketplace or Open VSX.
    env: { ...process.env, ...options.env, EXTENSIONS_GALLERY: '{}' },
  });
  const output: string[] = [];
  const collect = (d: Buffer) => {
    for (const line of d.toString().split('\n').filter(Boolean)) {
      output.push(line);
      log(`[code-server] ${line}`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new HostError(`code-server exited (code ${code}) before it was ready: ${output.slice(-3).join(' | ')}`)),
    ),
  );
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) return;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new HostError(`code-server did not answer on ${url} within 60 s`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (e) {
    await killGroup(child);
    throw e;
  }
  exited.catch(() => undefined);
  return { url, port, process: child, stop: () => killGroup(child) };
}

/** Chromium flags that work on a machine with no display, no GPU and no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** A fresh page of the given size, with its own browser context. */
export async function newPage(browser: Browser, width = 1400, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  return context.newPage();
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The workbench URL for a folder, with an optional smoke-test payload. */
export function workbenchUrl(server: RunningCodeServer, folder: string, payload?: [string, string][]): string {
  const params = new URLSearchParams({ folder });
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${server.url}/?${params.toString()}`;
}
