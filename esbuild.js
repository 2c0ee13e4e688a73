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

// src/editor/awsAdapter.ts carries the AWS SDK and the sandbox: it is a bundle of its own, which the
// extension requires on first need (src/editor/accountAccess.ts), so that activation loads neither.
const lazyAwsAdapter = {
  name: 'lazy-aws-adapter',
  setup(build) {
    build.onResolve({ filter: /^\.\/awsAdapter$/ }, (args) =>
      args.importer.startsWith(path.join(__dirname, 'src', 'editor')) && args.kind === 'dynamic-import'
        ? { path: './awsAdapter.js', external: true }
        : undefined);
  },
};

async function main() {
  const builds = [
    {
      ...common,
      entryPoints: {
        extension: 'src/extension.ts',
        server: 'src/server/main.ts',
        cli: 'src/cli/main.ts',
        awsAdapter: 'src/editor/awsAdapter.ts',
      },
      outdir: 'dist',
      plugins: [lazyAwsAdapter],
      // A dynamic import of a bundle becomes require(), as the extension host loads CommonJS best.
      supported: { 'dynamic-import': false },
      metafile: true,
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
  const [main] = await Promise.all(builds.map((b) => esbuild.build(b)));
  const eager = Object.keys(main.metafile.outputs[path.join('dist', 'extension.js')].inputs)
    .filter((i) => /@aws-sdk|@smithy|src\/aws\/sandbox/.test(i));
  if (eager.length) throw new Error(`dist/extension.js must not contain the AWS SDK or the sandbox (load them from awsAdapter): ${eager.slice(0, 3).join(', ')}`);
  fs.chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
