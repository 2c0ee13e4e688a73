// The README's Neovim configuration, tried in a real Neovim: starts `nvim --headless` with the README's
// snippet for that Neovim's version (read from the README at run time, so that what the README says is
// what is tested) plus the test driver (driver.lua), on a temporary workspace holding a policy with known
// findings (a non-ASCII line among them) and a policy never opened, with `iam-author` on PATH running
// this worktree's dist/cli.js. Prints what the driver saw as JSON.
//
//   npx tsx scripts/neovim/check.ts                  # /usr/bin/nvim (Debian 12: 0.7.2)
//   NVIM="scripts/neovim/chroot-nvim /opt/nvim-sid" npx tsx scripts/neovim/check.ts
//   npx tsx scripts/neovim/check.ts --nvim "scripts/neovim/chroot-nvim /opt/nvim-trixie" --readme README.md
//
// Exit status: 0 every step ran, 1 a step failed (its error is in the JSON), 2 bad usage or no snippet.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'neovim');
/** The policy the driver opens, and the one it never opens (its findings come from the workspace scan). */
export const OPENED = 'app.policy.json';
export const UNOPENED = 'other.policy.json';
/** The quick fix the driver picks from the code action menu: the one whose title names this. */
const FIX = 's3:GetObject';

/** A diagnostic as Neovim holds it: 0-based line, byte columns. */
export interface NeovimDiagnostic {
  readonly file: string;
  readonly code: string;
  readonly severity: 'ERROR' | 'WARN' | 'INFO' | 'HINT';
  readonly source: string;
  readonly lnum: number;
  readonly col: number;
  readonly end_lnum: number;
  readonly end_col: number;
  readonly message: string;
}

type Step<T> = T | { readonly error: string };

/** What the driver saw; a step that failed holds its error instead. */
export interface NeovimCheckResult {
  readonly nvim: { readonly major: number; readonly minor: number; readonly patch: number };
  readonly filetype: string;
  readonly error?: string;
  /** How many language servers Neovim started, and those still running after it exited. */
  readonly servers: number;
  readonly serversLeft: number[];
  readonly steps: {
    readonly attach?: Step<{ clients: number; omnifunc: string }>;
    readonly diagnostics?: Step<{ items: NeovimDiagnostic[]; virtual_text: { lnum: number; text: string }[] }>;
    readonly hover?: Step<{ lines: string[] }>;
    readonly code_action?: Step<{ offered: string[]; line: string }>;
    readonly completion?: Step<{ words: string[]; line: string }>;
    readonly after_edits?: Step<{ items: NeovimDiagnostic[] }>;
    readonly workspace?: Step<{ items: NeovimDiagnostic[]; loaded: string[]; quickfix: string[] }>;
    readonly typing?: Step<{ words: string[]; line: string }>;
    readonly source_option?: Step<{ virtual_text: { lnum: number; text: string }[] }>;
  };
}

/** The version `nvim --version` prints first (`NVIM v0.10.4`). */
export function neovimVersion(nvim: readonly string[]): { major: number; minor: number; patch: number } {
  const run = spawnSync(nvim[0], [...nvim.slice(1), '--version'], { encoding: 'utf8' });
  const match = /^NVIM v(\d+)\.(\d+)\.(\d+)/.exec(run.stdout ?? '');
  if (!match) throw new Error(`${nvim.join(' ')} --version printed no Neovim version: ${run.error?.message ?? run.stderr}`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * The Lua block of the README's Neovim section for a version: the first ```lua block after the
 * paragraph that starts with `**Neovim` and names the version (`**Neovim 0.11 and 0.12**`). Throws
 * naming the version when the README has none.
 */
export function readmeSnippet(readme: string, version: { major: number; minor: number }): string {
  const wanted = `${version.major}.${version.minor}`;
  const labels = /^\*\*Neovim ([^*]+)\*\*/gm;
  for (let label = labels.exec(readme); label; label = labels.exec(readme)) {
    if (!(label[1].match(/\d+\.\d+/g) ?? ([] as string[])).includes(wanted)) continue;
    const block = /^```lua\n([\s\S]*?)^```$/m.exec(readme.slice(label.index));
    if (block) return block[1];
  }
  throw new Error(`The README has no Neovim configuration for ${wanted}: add a **Neovim ${wanted}** paragraph followed by a lua block.`);
}

/** Runs the check: the README's snippet for the given nvim, and the driver. */
export async function checkNeovim(nvim: readonly string[], readmeFile: string, timeoutMs = 60_000): Promise<NeovimCheckResult> {
  const cliJs = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cliJs)) throw new Error(`${cliJs} does not exist: build it with node esbuild.js`);
  const version = neovimVersion(nvim);
  const snippet = readmeSnippet(fs.readFileSync(readmeFile, 'utf8'), version);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-nvim-'));
  try {
    const workspace = path.join(temp, 'workspace');
    fs.mkdirSync(path.join(workspace, '.git'), { recursive: true });
    for (const name of [OPENED, UNOPENED]) fs.copyFileSync(path.join(fixtures, name), path.join(workspace, name));
    const bin = path.join(temp, 'bin');
    fs.mkdirSync(bin);
    // The shim notes each server's process id, to see that the server exits with Neovim.
    const pids = path.join(temp, 'server.pids');
    fs.writeFileSync(path.join(bin, 'iam-author'), `#!/bin/sh\necho $$ >> '${pids}'\nexec '${process.execPath}' '${cliJs}' "$@"\n`, { mode: 0o755 });
    const config = path.join(temp, 'init.lua');
    fs.writeFileSync(config, `${snippet}\n${fs.readFileSync(path.join(__dirname, 'driver.lua'), 'utf8')}`);
    const out = path.join(temp, 'result.json');
    const xdg = (name: string) => path.join(temp, 'xdg', name);
    const env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: xdg('config'), XDG_DATA_HOME: xdg('data'), XDG_STATE_HOME: xdg('state'), XDG_CACHE_HOME: xdg('cache'),
      IAM_NVIM_CHECK_OUT: out, IAM_NVIM_CHECK_POLICY: path.join(workspace, OPENED), IAM_NVIM_CHECK_UNOPENED: UNOPENED, IAM_NVIM_CHECK_FIX: FIX,
    };
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(nvim[0], [...nvim.slice(1), '--headless', '-n', '-i', 'NONE', '-u', config], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { text += d.toString(); });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (exit) => { clearTimeout(timer); resolve({ code: exit, output: text }); });
    });
    if (!fs.existsSync(out)) throw new Error(`${nvim.join(' ')} exited with ${code} and wrote no result:\n${output}`);
    const started = fs.existsSync(pids) ? fs.readFileSync(pids, 'utf8').split('\n').filter((l) => l !== '').map(Number) : [];
    return { ...(JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimCheckResult), servers: started.length, serversLeft: await running(started) };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** The processes of `pids` still running after they have had up to two seconds to exit. */
async function running(pids: readonly number[]): Promise<number[]> {
  const alive = () => pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  for (let i = 0; i < 40 && alive().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return alive();
}

/** The errors of the steps that failed, and the driver's own. */
export function failures(result: NeovimCheckResult): string[] {
  const steps = Object.entries(result.steps).flatMap(([name, step]) => (step && 'error' in step ? [`${name}: ${step.error}`] : []));
  const left = result.serversLeft.length > 0 ? [`the language server (${result.serversLeft.join(', ')}) still runs after Neovim exited`] : [];
  return [...(result.error ? [result.error] : []), ...steps, ...left];
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { nvim: { type: 'string' }, readme: { type: 'string' } } });
  const [command, ...args] = (values.nvim ?? process.env.NVIM ?? 'nvim').split(/\s+/).filter((w) => w !== '');
  // nvim runs in the temporary workspace: a relative path to it is taken from here.
  const nvim = [command.includes('/') ? path.resolve(command) : command, ...args];
  const result = await checkNeovim(nvim, path.resolve(values.readme ?? path.join(root, 'README.md')));
  console.log(JSON.stringify(result, null, 2));
  const failed = failures(result);
  for (const f of failed) console.error(`failed: ${f}`);
  return failed.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  });
}
