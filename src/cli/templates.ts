import { Template, TEMPLATES } from '../iam/templates';
import { OptionProblem, parseOptions } from './options';

const USAGE = `usage: iam-author templates [--json]

Lists the workshop templates that iam-author new renders: id, kind, title, the tutorial it comes from,
what it does, and each parameter (--param name=value) with its default and rule.`;

/** A template as `--json` prints it. */
function describe(t: Template) {
  return {
    id: t.id, kind: t.kind, title: t.title, description: t.description, tutorial: t.tutorial,
    parameters: t.parameters.map((p) => ({ name: p.name, kind: p.kind, prompt: p.prompt, default: p.default, rule: p.rule })),
  };
}

/** Text: a template's id, kind, title and tutorial, then its description and one line per parameter. */
function formatText(templates: readonly Template[]): string {
  return templates.map((t) => {
    const width = Math.max(0, ...t.parameters.map((p) => `${p.name}=${p.default}`.length));
    return [
      `${t.id} (${t.kind}): ${t.title} - ${t.tutorial}`,
      `    ${t.description}`,
      ...t.parameters.map((p) => `    --param ${`${p.name}=${p.default}`.padEnd(width)}  ${p.prompt} (${p.rule})`),
    ].join('\n');
  }).join('\n\n');
}

/** `iam-author templates [--json]`: the templates, as text or a JSON array; 2 on bad usage. */
export async function runTemplates(args: string[]): Promise<number> {
  let json = false;
  try {
    const parsed = parseOptions(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (parsed.values.help) {
      console.log(USAGE);
      return 0;
    }
    if (parsed.positionals.length > 0) {
      console.error(`iam-author templates: takes no arguments (iam-author new TEMPLATE renders one): ${parsed.positionals[0]}`);
      return 2;
    }
    json = parsed.values.json === true;
  } catch (e) {
    if (!(e instanceof OptionProblem)) throw e;
    console.error(e.kind === 'unexpectedValue' ? `iam-author templates: ${e.option} takes no value`
      : `iam-author templates: unknown option (see iam-author templates --help): ${e.option}`);
    return 2;
  }
  console.log(json ? JSON.stringify(TEMPLATES.map(describe), null, 2) : formatText(TEMPLATES));
  return 0;
}
