// `npm test`: lint, type check, build, unit tests in plain Node, integration tests in a real VS Code.
// Prints each step's time and, last, one summary line of all tests run ("N passed, N failed").
import { spawn } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

interface Step {
  name: string;
  cmd: string;
  args: string[];
  /** Mocha-style output whose "N passing / N failing" lines count towards the summary. */
  counts?: boolean;
}

const steps: Step[] = [
  { name: 'lint', cmd: bin('eslint'), args: ['.'] },
  { name: 'type check', cmd: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'unit tests', cmd: bin('mocha'), args: [], counts: true },
  { name: 'integration tests (VS Code)', cmd: bin('tsx'), args: ['scripts/testIntegration.ts'], counts: true },
];

function runStep(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // The AWS SDK warns once per process that it will need Node 22 from 2027; in test output that is noise.
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const child = spawn(step.cmd, step.args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d: Buffer) => { process.stderr.write(d); });
    child.on('error', (e) => resolve({ code: 1, output: `${output}\n${e.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

function count(output: string, word: string): number {
  const m = new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(output);
  return m ? Number(m[1]) : 0;
}

async function main(): Promise<number> {
  let passed = 0;
  let failed = 0;
  let ok = true;
  const only = process.argv.slice(2);
  for (const step of steps.filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)))) {
    console.log(`\n── ${step.name} ──`);
    const started = Date.now();
    const { code, output } = await runStep(step);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`── ${step.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s`);
    if (step.counts) {
      passed += count(output, 'passing');
      // A run that failed without reporting a failing test (a crash, a host that never started) counts as one.
      failed += code !== 0 ? Math.max(1, count(output, 'failing')) : count(output, 'failing');
    }
    if (code !== 0) {
      ok = false;
      // Lint, type and build failures make the test steps meaningless; test steps all run.
      if (!step.counts) break;
    }
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code));
