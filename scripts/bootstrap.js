#!/usr/bin/env node
// First step of `npm start`, `npm test` and `npm run screenshots`: makes a fresh clone runnable with
// nothing installed by hand, then hands over to the TypeScript script named on the command line.
// Plain JavaScript with no dependencies, because it runs before node_modules exists.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** Debian packages the VS Code host needs: Chromium drives the workbench, libkrb5-dev builds code-server. */
const DEBIAN_PACKAGES = [
  { name: 'chromium', present: () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium') },
  { name: 'libkrb5-dev', present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
];

function fail(message) {
  console.error(message);
  process.exit(1);
}

function run(cmd, args, what) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${what} failed (${cmd} ${args.join(' ')} exited with ${result.status}); see the output above.`);
}

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  const install = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) {
    fail(`IAM Author's VS Code host needs the Debian packages ${missing.join(', ')}: run \`sudo apt-get update && sudo ${install}\`, then retry.`);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq'], 'apt-get update');
  run('apt-get', ['install', '-y', '-qq', ...missing], 'Installing Debian packages');
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
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = spawn(process.execPath, [tsx, path.join(root, script), ...args], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the child directly (same process group); forward a plain kill as well.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
