// Command-line options, parsed by Node's util.parseArgs for every subcommand. parseArgs runs without
// `strict` so that each subcommand words its own messages; the checks strict mode would make are here.
import { parseArgs } from 'util';

/** The options a subcommand takes, as util.parseArgs describes them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** What is wrong with the command line: an option the subcommand lacks, or a value missing or unwanted. */
export class OptionProblem extends Error {
  constructor(readonly kind: 'unknown' | 'missingValue' | 'unexpectedValue', readonly option: string) {
    super(`${option}: ${kind}`);
  }
}

/** The parsed command line: option values by name (no prototype) and the other arguments in order. */
export interface ParsedOptions {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `args` by `spec`; `--` ends the options. Throws an OptionProblem for the first option `spec`
 * lacks, string option without a value, or boolean option given one (`--help=yes`).
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const { values, positionals, tokens } = parseArgs({ args: [...args], options: spec, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    if (!option) throw new OptionProblem('unknown', token.rawName);
    if (option.type === 'string' && token.value === undefined) throw new OptionProblem('missingValue', token.rawName);
    if (option.type === 'boolean' && token.value !== undefined) throw new OptionProblem('unexpectedValue', token.rawName);
  }
  return { values, positionals };
}
