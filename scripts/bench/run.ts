// `npm run bench`: runs every scripts/bench/*.bench.ts in a fresh Node process, one after another, and
// prints the figures each reports. Figures only: timings on a shared machine are not pass/fail.
// `npm run bench -- check` runs only the benchmarks whose file name contains "check".
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const dir = __dirname;
const filters = process.argv.slice(2);
const files = fs.readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(' ')}`);
  process.exit(2);
}
const tsx = path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const result = spawnSync(process.execPath, ['--expose-gc', tsx, path.join(dir, file)], {
    stdio: 'inherit',
    // The AWS SDK's notice that it will need Node 22 from 2027 is not a figure.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
