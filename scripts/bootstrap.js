#!/usr/bin/env node
// First step of `npm start`, `npm test` and `npm run screenshots`: makes a fresh clone runnable with
// nothing installed by hand, then hands over to the TypeScript script named on the command line.
// Plain JavaScript with no dependencies, because it runs before node_modules exists.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/**
 * Debian packages the tests need: Chromium (and a font) drives the VS Code workbench, libkrb5-dev builds code-server,
 * awscli (the AWS CLI v2) and python3-boto3 are clients this project did not write, run against the
 * local sandbox account.
 */
const DEBIAN_PACKAGES = [
  { name: 'chromium', present: () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium') },
  // Chromium only recommends a font; installed without recommends, the workbench would have none to draw text with.
  { name: 'fonts-liberation', present: () => fs.existsSync('/usr/share/fonts/truetype/liberation') },
  { name: 'libkrb5-dev', present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
  { name: 'awscli', present: () => fs.existsSync(process.env.IAM_AUTHOR_AWS_CLI || '/usr/bin/aws') },
  { name: 'python3-boto3', present: () => fs.existsSync('/usr/lib/python3/dist-packages/boto3') },
  // Debian 12's Neovim 0.7.2 runs the README's Neovim configuration (test/unit/neovim.test.ts).
  { name: 'neovim', present: () => fs.existsSync('/usr/bin/nvim') },
];
/** Wait up to 5 minutes for another install holding the dpkg lock instead of failing at once. */
const APT_OPTIONS = ['-o', 'DPkg::Lock::Timeout=300', '-qq'];

function fail(message) {
  console.error(message);
  process.exit(1);
}

function run(cmd, args, what) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${what} failed (${cmd} ${args.join(' ')} exited with ${result.status}); see the output above.`);
}

/** Runs an apt-get step with its output kept back: shown only when it fails. */
function quietly(args, what) {
  const result = spawnSync('apt-get', [...APT_OPTIONS, ...args], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    fail(`${what} failed (apt-get ${args.join(' ')} exited with ${result.status}); see the output above.`);
  }
}

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) {
    fail(`IAM Author's tests need the Debian packages ${missing.join(', ')}: run \`sudo apt-get update && sudo ${install}\`, then retry.`);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  quietly(['update'], 'apt-get update');
  quietly(['install', '-y', '--no-install-recommends', ...missing], 'Installing Debian packages');
}

function ensureNodeModules() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('Installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
}

const [script, ...args] = process.argv.slice(2);
if (!script) fail('usage: node scripts/bootstrap.js <script.ts> [args...]');
ensureNodeModules();
ensureDebianPackages();
// The script runs in a Node with tsx's loader, one process: tsx's own command line would sit between
// this process and the script, relaying only SIGINT and SIGTERM, and killing a script still cleaning up.
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
  cwd: root,
  stdio: 'inherit',
});
// Every signal that stops this process reaches the script, which stops what it started. Ctrl-C reaches
// both (same process group): the script takes a second one as the same stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
// npm does not pass SIGHUP on, and dies of it, leaving the `sh -c` it ran this in: when this process's
// parent, or the parent's parent, is gone (the process is handed to another), stop as on a hangup.
function parentOf(pid) {
  try {
    // /proc/PID/stat: the field after the command name in parentheses (which may hold spaces) is the state, then the ppid.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}
const parent = process.ppid;
const grandparent = parentOf(parent);
const watchParent = setInterval(() => {
  if (process.ppid !== parent || parentOf(parent) !== grandparent) {
    clearInterval(watchParent);
    child.kill('SIGHUP');
  }
}, 500);
child.on('exit', (code, signal) => {
  clearInterval(watchParent);
  process.exit(code ?? (signal ? 1 : 0));
});
