#!/usr/bin/env node
// The `iam-author` command line: one subcommand per file in this folder, dispatched here.
import { version } from '../../package.json';
import { getCatalog } from '../iam/catalog';
import { runCheck } from './check';
import { runLsp } from './lsp';
import { runNew } from './new';
import { OptionProblem, parseOptions } from './options';
import { runSandbox } from './sandbox';
import { runTemplates } from './templates';

interface Subcommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

const subcommands = new Map<string, Subcommand>(Object.entries({
  check: { summary: 'check policy, trust and role files: check [files or folders...] [--format text|json|sarif]', run: (args) => runCheck(args, version) },
  lsp: { summary: 'run the language server for any LSP editor: lsp --stdio', run: runLsp },
  sandbox: { summary: 'run the local sandbox account: sandbox [--port N] [--state FILE] [--propagation-delay MS]', run: runSandbox },
  templates: { summary: 'list the workshop templates and their parameters: templates [--json]', run: runTemplates },
  new: { summary: 'write a template\'s files: new TEMPLATE [--param name=value ...] [--out DIR] [--force]', run: runNew },
  // The verbs that talk to AWS load the SDK only when they run, so that check and lsp start fast.
  roles: { summary: 'list the account\'s roles: roles [--json] [--profile P] [--region R] [--endpoint URL]', run: async (args) => (await import('./roles')).runRoles(args) },
  diff: { summary: 'compare role manifests with the account: diff ROLE.role.json... [--format text|json] [connection options]', run: async (args) => (await import('./diff')).runDiff(args) },
  plan: { summary: 'show what apply would do: plan ROLE.role.json... [--format text|json] [connection options]', run: async (args) => (await import('./plan')).runPlan(args) },
  apply: { summary: 'make the account match role manifests: apply ROLE.role.json... [--yes] [connection options]', run: async (args) => (await import('./apply')).runApply(args) },
  pull: { summary: 'write a deployed role as files: pull ROLE_NAME --out DIR [--force] [connection options]', run: async (args) => (await import('./pull')).runPull(args) },
}));

function usage(): string {
  const lines = [...subcommands].map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return ['usage: iam-author <command> [options]', '', 'commands:', ...lines, '', '  --version  print versions'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  // The command is the first argument; options before it are iam-author's own.
  const first = argv.findIndex((a) => !a.startsWith('-'));
  const [own, name, rest] = first < 0 ? [argv, undefined, []] : [argv.slice(0, first), argv[first], argv.slice(first + 1)];
  let values;
  try {
    values = parseOptions(own, { version: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' } }).values;
  } catch (e) {
    if (!(e instanceof OptionProblem)) throw e;
    console.error(e.kind === 'unexpectedValue' ? `iam-author: ${e.option} takes no value` : `iam-author: unknown option: ${e.option}\n\n${usage()}`);
    return 2;
  }
  if (values.version) {
    console.log(`iam-author ${version} (IAM data ${getCatalog().dataVersion}, dependent actions from ${getCatalog().dependentActionsSource})`);
    return 0;
  }
  if (values.help || name === undefined) {
    console.log(usage());
    return values.help ? 0 : 2;
  }
  const command = subcommands.get(name);
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
