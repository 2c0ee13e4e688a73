// The built command line (dist/cli.js) for tests that talk to a sandbox running in the test's own
// process: the CLI runs asynchronously (spawnSync would stop the sandbox from answering).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const root = path.resolve(__dirname, '..', '..');
const cliJs = path.join(root, 'dist', 'cli.js');

/** The newest modification time of the files under a folder. */
function newest(folder: string): number {
  return Math.max(...fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile()).map((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs));
}

/** Rebuilds dist/ when it is older than src/ (npm test builds first; a lone `npx mocha` after an edit does not). */
export function ensureBuilt(): void {
  if (fs.existsSync(cliJs) && fs.statSync(cliJs).mtimeMs >= newest(path.join(root, 'src'))) return;
  const build = spawnSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node esbuild.js failed: ${build.stderr}`);
}

/** Runs `iam-author ARGS` in `cwd`, with no AWS configuration of the user's reaching it. */
export function runCli(args: readonly string[], cwd = root, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliJs, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME,
        AWS_CONFIG_FILE: path.join(root, 'test', 'fixtures', 'no-such-aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'test', 'fixtures', 'no-such-aws-credentials'),
        // The SDK's notice that it will need Node 22 from 2027 is not output of the command.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
