// Figures for the language service: a full check of a realistic 6 KB policy and of two 1 MB documents,
// one of a clean statement repeated and one of AWS managed policies' statements (median and p95, and the
// ratio to jsonc-parser's parse of the same text), and the first check of a fresh process, catalog load
// included. Prints figures; asserts nothing.
import { execFileSync } from 'child_process';
import { buildSync } from 'esbuild';
import * as path from 'path';
import type { parseTree as ParseTree } from 'jsonc-parser';
import type { checkText as CheckText } from '../../src/iam/service';
import type { getCatalog as GetCatalog } from '../../src/iam/catalog';
import { managedStatementsOfSize, policyOfSize } from './policies';

/**
 * The checks as they ship: bundled by esbuild, as dist/server.js and dist/cli.js are. tsx, which runs this
 * file, gives every function it creates a name through a helper call, which costs the closures of hot paths
 * something the product never pays. The parse they are compared with comes from the same bundle, so that
 * both use the same build of jsonc-parser. The `--first` run reuses the bundle the figures' run made.
 */
const root = path.join(__dirname, '..', '..');
const bundle = path.join(root, 'out', 'bench', 'checks.js');
if (process.argv[2] !== '--first') {
  buildSync({
    stdin: {
      contents: "export { checkText } from './src/iam/service'; export { getCatalog } from './src/iam/catalog'; export { parseTree } from 'jsonc-parser';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'node', target: 'node18', format: 'cjs', mainFields: ['module', 'main'], outfile: bundle, logLevel: 'warning',
  });
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkText, getCatalog, parseTree } = require(bundle) as { checkText: typeof CheckText; getCatalog: typeof GetCatalog; parseTree: typeof ParseTree };

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)];

function elapsed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * Times `check` and `parse` in pairs, one of each per sample, so that both run under the same load and on
 * the same heap: timed apart, the parse's figure depended on how much garbage the checks before it left.
 * The order within a pair alternates, so that neither always runs on the other's garbage.
 */
function timePairs(check: () => void, parse: () => void, pairs: number) {
  const checks: number[] = [];
  const parses: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let c: number;
    let p: number;
    if (i % 2 === 0) {
      c = elapsed(check);
      p = elapsed(parse);
    } else {
      p = elapsed(parse);
      c = elapsed(check);
    }
    checks.push(c);
    parses.push(p);
    ratios.push(c / p);
  }
  for (const a of [checks, parses, ratios]) a.sort((x, y) => x - y);
  return { check: median(checks), p95: checks[Math.floor(pairs * 0.95)], parse: median(parses), ratio: median(ratios) };
}

const ms = (n: number) => `${n < 10 ? n.toFixed(3) : n.toFixed(1)} ms`;

if (process.argv[2] === '--first') {
  const text = policyOfSize(6 * 1024);
  const t = process.hrtime.bigint();
  checkText(text, { catalog: getCatalog, fileName: 'first.policy.json' });
  console.log(Number(process.hrtime.bigint() - t) / 1e6);
} else {
  const documents = [
    ['6 KB policy', () => policyOfSize(6 * 1024), 2000],
    ['1 MB document', () => policyOfSize(1024 * 1024), 30],
    ['1 MB of managed policies\' statements', () => managedStatementsOfSize(1024 * 1024), 30],
  ] as const;
  for (const [label, make, pairs] of documents) {
    const text = make();
    const fileName = 'bench.policy.json';
    const check = () => checkText(text, { catalog: getCatalog, fileName });
    const parse = () => parseTree(text, [], { allowTrailingComma: true });
    for (let i = 0; i < 5; i++) {
      check();
      parse();
    }
    const t = timePairs(check, parse, pairs);
    console.log(`${label} (${(text.length / 1024).toFixed(0)} KB, ${check().length} findings): check median ${ms(t.check)}, p95 ${ms(t.p95)}; jsonc-parser parse median ${ms(t.parse)}; ratio ${t.ratio.toFixed(2)}x (median of ${pairs} check/parse pairs)`);
  }
  const firsts = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, [
    path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), __filename, '--first',
  ], { encoding: 'utf8' }).trim()));
  firsts.sort((a, b) => a - b);
  console.log(`first check in a fresh process, catalog load included (6 KB policy): median ${ms(firsts[2])} of 5 (min ${ms(firsts[0])}, max ${ms(firsts[4])})`);
}
