// Builds the extension and installs it into a code-server extensions folder, the way a user installs a VSIX.
import { spawn } from 'child_process';
import * as path from 'path';
import { Host, HostError } from './install';

const root = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[], what: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d; });
    child.on('error', (e) => reject(new HostError(`${what} failed: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new HostError(`${what} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/** Builds dist/ and packages it as a VSIX at `vsixPath`. */
export async function buildVsix(vsixPath: string): Promise<void> {
  await run('npm', ['run', '--silent', 'build'], 'Building the extension');
  await run(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsixPath], 'Packaging the VSIX');
}

/** Installs a VSIX into an extensions folder with code-server's own installer. */
export async function installVsix(host: Host, vsixPath: string, extensionsDir: string, userDataDir: string): Promise<void> {
  await run(host.node, [host.codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsixPath, '--force'], 'Installing the VSIX into code-server');
}
