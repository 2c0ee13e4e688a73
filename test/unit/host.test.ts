import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { assertPortFree, freePort } from '../../scripts/host/codeServer';
import { buildVsix } from '../../scripts/host/extension';
import { chromiumPath, ensureHost, HostError } from '../../scripts/host/install';

const root = path.resolve(__dirname, '..', '..');

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('the VS Code host scripts', () => {
  it('names a port in use and what to do', async () => {
    const server = await listen();
    const { port } = server.address() as net.AddressInfo;
    try {
      await assert.rejects(assertPortFree(port, 'start on another port with PORT=<n> npm start.'), (e: Error) => {
        assert.ok(e instanceof HostError);
        assert.strictEqual(e.message, `Port ${port} on 127.0.0.1 is in use: stop what is using it, or start on another port with PORT=<n> npm start.`);
        return true;
      });
    } finally {
      server.close();
    }
  });

  it('npm start reports a port in use in one line, before building anything', async () => {
    const server = await listen();
    const { port } = server.address() as net.AddressInfo;
    try {
      const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts'], {
        cwd: root,
        env: { ...process.env, PORT: String(port) },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.strictEqual(result.status, 1);
      assert.strictEqual(result.stderr.trim(), `Port ${port} on 127.0.0.1 is in use: stop what is using it, or start on another port with PORT=<n> npm start.`);
    } finally {
      server.close();
    }
  });

  it('says which Debian package to install when Chromium is missing', () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      assert.throws(() => chromiumPath(), {
        message: 'Chromium was not found at /nonexistent/chromium: install Debian\'s package (apt-get install -y chromium) or set CHROMIUM_PATH.',
      });
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });

  it('reports a failed host install in one line naming its log, and leaves no half-installed host', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-host-test-'));
    // A registry that refuses at once, an empty npm cache and no retries: the install fails fast,
    // with no traffic leaving the machine.
    const env: Record<string, string> = {
      IAM_AUTHOR_HOST_CACHE: cache,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: path.join(cache, 'npm-cache'),
      npm_config_fetch_retries: '0',
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      await assert.rejects(ensureHost(() => undefined), (e: Error) => {
        assert.ok(e instanceof HostError);
        assert.match(e.message, /^Installing node@[\d.]+ failed; see .*install-node-[\d.]+\.log\. Check that the npm registry is reachable and retry\.$/);
        return true;
      });
      assert.deepStrictEqual(fs.readdirSync(cache).filter((f) => !f.endsWith('.log') && f !== 'npm-cache'), []);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});

/** The processes under `pid`, from /proc: every descendant's pid. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after the command name in parentheses (which may hold spaces) is the state, then the ppid.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone while listing.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

describe('npm start stops everything it started', function () {
  // A VSIX is built once; each run installs it into code-server and starts code-server and the sandbox.
  this.timeout(900_000);
  let scratch: string;
  let vsix: string;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-start-test-'));
    vsix = path.join(scratch, 'iam-author.vsix');
    await buildVsix(vsix);
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const cases: { signal: NodeJS.Signals; to: 'npm' | 'node' }[] = [{ signal: 'SIGINT', to: 'node' }, { signal: 'SIGTERM', to: 'npm' }, { signal: 'SIGHUP', to: 'npm' }];
  for (const { signal, to } of cases) {
    it(`on ${signal} to ${to === 'npm' ? 'npm\'s process' : 'its node process alone'}, code-server and the sandbox stop and their ports are free`, async () => {
      const port = await freePort();
      // One run opens the playground copy of sample/ (made on its first run); the others a scratch folder.
      const playground = path.join(root, 'playground');
      const playgroundRun = signal === 'SIGINT';
      const hadPlayground = fs.existsSync(playground);
      const npm = spawn('npm', ['start'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env, PORT: String(port), IAM_AUTHOR_VSIX: vsix, IAM_AUTHOR_SANDBOX_STATE: path.join(scratch, `${signal}.json`),
          ...(playgroundRun ? {} : { IAM_AUTHOR_WORKSPACE: scratch }),
        },
      });
      let out = '';
      let err = '';
      npm.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
      const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
      try {
        await new Promise<void>((resolve, reject) => {
          npm.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('Press Ctrl-C to stop.')) resolve();
          });
          void exited.then(() => reject(new Error(`npm start exited before it was ready:\n${out}\n${err}`)));
        });
        const sandboxPort = Number(/at http:\/\/127\.0\.0\.1:(\d+) \(state:/.exec(out)?.[1]);
        const url = new URL(/^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(out)![1]);
        assert.strictEqual(url.port, String(port));
        assert.strictEqual(url.searchParams.get('folder'), playgroundRun ? playground : scratch);
        if (playgroundRun) assert.deepStrictEqual(fs.readdirSync(playground).sort(), fs.readdirSync(path.join(root, 'sample')).sort());
        const started = descendants(npm.pid!);
        // The node process, not the `sh -c` npm runs it in.
        const node = started.find((pid) => {
          const [command, script] = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          return path.basename(command) === 'node' && script === 'scripts/bootstrap.js';
        });
        assert.ok(node, 'the node process of scripts/bootstrap.js runs under npm');
        assert.ok(started.length >= 3, `npm start runs node, the script and code-server: ${started.length} processes`);
        process.kill(to === 'npm' ? npm.pid! : node, signal);
        await exited;
        const deadline = Date.now() + 30_000;
        while (started.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        assert.deepStrictEqual(started.filter(alive), [], 'every process npm start started has exited');
        await assertPortFree(port, 'npm start left its port taken.');
        await assertPortFree(sandboxPort, 'npm start left the sandbox\'s port taken.');
      } finally {
        if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
        if (playgroundRun && !hadPlayground) fs.rmSync(playground, { recursive: true, force: true });
      }
    });
  }
});
