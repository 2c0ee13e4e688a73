import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { assertPortFree } from '../../scripts/host/codeServer';
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
