// Figures for the language service: a full check of a realistic 6 KB policy and of a 1 MB document
// (median and p95, and the ratio to jsonc-parser's parse of the same text), and the first check of a
// fresh process, catalog load included. Prints figures; asserts nothing.
import { execFileSync } from 'child_process';
import { parseTree } from 'jsonc-parser';
import * as path from 'path';
import { checkText } from '../../src/iam/service';
import { policyOfSize } from './policies';
import { getCatalog } from '../../src/iam/catalog';

function time(fn: () => void, runs: number): { median: number; p95: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], p95: samples[Math.floor(runs * 0.95)] };
}

const ms = (n: number) => `${n < 10 ? n.toFixed(3) : n.toFixed(1)} ms`;

if (process.argv[2] === '--first') {
  const text = policyOfSize(6 * 1024);
  const t = process.hrtime.bigint();
  checkText(text, { catalog: getCatalog, fileName: 'first.policy.json' });
  console.log(Number(process.hrtime.bigint() - t) / 1e6);
} else {
  for (const [label, size, runs] of [['6 KB policy', 6 * 1024, 2000], ['1 MB document', 1024 * 1024, 30]] as const) {
    const text = policyOfSize(size);
    const fileName = 'bench.policy.json';
    for (let i = 0; i < 5; i++) checkText(text, { catalog: getCatalog, fileName });
    const check = time(() => checkText(text, { catalog: getCatalog, fileName }), runs);
    const parse = time(() => parseTree(text, [], { allowTrailingComma: true }), runs);
    console.log(`${label} (${(text.length / 1024).toFixed(0)} KB, ${checkText(text, { catalog: getCatalog, fileName }).length} findings): check median ${ms(check.median)}, p95 ${ms(check.p95)}; jsonc-parser parse median ${ms(parse.median)}; ratio ${(check.median / parse.median).toFixed(2)}x`);
  }
  const firsts = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, [
    path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), __filename, '--first',
  ], { encoding: 'utf8' }).trim()));
  firsts.sort((a, b) => a - b);
  console.log(`first check in a fresh process, catalog load included (6 KB policy): median ${ms(firsts[2])} of 5 (min ${ms(firsts[0])}, max ${ms(firsts[4])})`);
}
