// Bundles the extension, the language server and the CLI into dist/, and the integration tests
// into out/. `node esbuild.js [--production] [--watch]`.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD build requires its modules dynamically; its ESM build bundles.
  mainFields: ['module', 'main'],
};

function integrationTestEntries() {
  const dir = path.join(__dirname, 'test', 'integration');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

async function main() {
  const builds = [
    {
      ...common,
      entryPoints: {
        extension: 'src/extension.ts',
        server: 'src/server/main.ts',
        cli: 'src/cli/main.ts',
      },
      outdir: 'dist',
    },
  ];
  if (!production) {
    // Bundles of deleted test files must not linger and run.
    fs.rmSync(path.join(__dirname, 'out', 'test', 'integration'), { recursive: true, force: true });
    builds.push({
      ...common,
      entryPoints: integrationTestEntries(),
      outdir: 'out/test/integration',
      external: ['vscode', 'mocha'],
    });
  }
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
