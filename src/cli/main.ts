#!/usr/bin/env node
// The `iam-author` command line: one subcommand per file in this folder, dispatched here.
import { version } from '../../package.json';
import { getCatalog } from '../iam/catalog';
import { runCheck } from './check';
import { runLsp } from './lsp';
import { runSandbox } from './sandbox';

interface Subcommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

const subcommands: Record<string, Subcommand> = {
  check: { summary: 'check policy, trust and role files: check [files or folders...] [--format text|json|sarif]', run: (args) => runCheck(args, version) },
  lsp: { summary: 'run the language server for any LSP editor: lsp --stdio', run: runLsp },
  sandbox: { summary: 'run the local sandbox account: sandbox [--port N] [--state FILE] [--propagation-delay MS]', run: runSandbox },
};

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['usage: iam-author <command> [options]', '', 'commands:', ...lines, '', '  --version  print versions'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    console.log(`iam-author ${version} (IAM data ${getCatalog().dataVersion})`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = subcommands[name];
  if (!command) {
    console.error(`iam-author: unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error(`iam-author: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
