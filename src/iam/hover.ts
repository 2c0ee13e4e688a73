import { getCatalog } from './catalog';
import { parseOperator } from './conditionOperators';
import { nodeAt, ParsedDocument } from './document';

/** Hover content as Markdown, with the range (offsets) it describes. */
export interface HoverResult {
  readonly markdown: string;
  readonly offset: number;
  readonly length: number;
}

const OPERATOR_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

function footer(): string {
  return `\n\n---\n*IAM data ${getCatalog().dataVersion}*`;
}

function actionHover(value: string): string | undefined {
  const catalog = getCatalog();
  const actions = catalog.matchActions(value);
  if (actions.length === 0) return undefined;
  if (!/[*?]/.test(value)) {
    const a = actions[0];
    const resources = a.resourceTypes.length === 0
      ? '*No resource-level permissions: use `"Resource": "*"`.*'
      : a.resourceTypes.map((r) => `- \`${r.name}\`${r.required ? ' (required)' : ''}: \`${catalog.resourceType(a.service, r.name)?.arnFormat ?? '?'}\``).join('\n');
    const keys = [...new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)])];
    return [
      `**${a.service}:${a.name}** — ${a.accessLevel}`,
      '',
      a.description,
      '',
      '**Resource types**',
      resources,
      ...(keys.length ? ['', `**Condition keys**: ${keys.map((k) => `\`${k}\``).join(', ')}`] : []),
      ...(a.dependentActions.length ? ['', `**Also needs**: ${a.dependentActions.map((d) => `\`${d}\``).join(', ')}`] : []),
      '',
      `[${catalog.service(a.service)?.name ?? a.service} actions](${a.docUrl})`,
    ].join('\n');
  }
  const shown = actions.slice(0, 10).map((a) => `- \`${a.service}:${a.name}\` (${a.accessLevel})`);
  return [`**${value}** matches ${actions.length} action${actions.length === 1 ? '' : 's'}`, '', ...shown, ...(actions.length > 10 ? [`- … and ${actions.length - 10} more`] : [])].join('\n');
}

/**
 * The hover for the string at an offset: an action or action pattern, a condition key, a condition
 * operator, a service principal. Undefined where there is nothing to say.
 */
export function hover(doc: ParsedDocument, offset: number): HoverResult | undefined {
  const { node, path } = nodeAt(doc, offset);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const value = node.value;
  const range = { offset: node.offset, length: node.length };
  const element = path.find((p) => typeof p === 'string' && /^(Not)?(Action|Principal|Condition)$/.test(p));
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  let markdown: string | undefined;
  if ((element === 'Action' || element === 'NotAction') && !isKey) {
    markdown = actionHover(value);
  } else if (element === 'Condition' && isKey) {
    const operator = parseOperator(value);
    if (operator) {
      markdown = `**${value}**: compares ${operator.type === 'Null' ? 'whether the key is absent (true) or present (false)' : `${operator.type} values`}` +
        `${operator.ifExists ? '; also true when the key is absent from the request' : ''}` +
        `${operator.qualifier ? `; ${operator.qualifier} compares every value of a multivalued key` : ''}.\n\n[Condition operators](${OPERATOR_DOC})`;
    } else {
      const key = getCatalog().conditionKey(value);
      if (key) markdown = `**${key.name}** — ${key.type}\n\n${key.description}\n\n[Documentation](${key.docUrl})`;
    }
  } else if ((element === 'Principal' || element === 'NotPrincipal') && !isKey && getCatalog().isServicePrincipal(value)) {
    markdown = `**${value}**: the AWS service principal that the service uses to assume roles and call other services on your behalf.`;
  } else if (path.length === 1 && path[0] === 'Version' && !isKey) {
    markdown = '**Version**: the policy language version. Use `2012-10-17`: the older `2008-10-17` does not support policy variables.';
  }
  return markdown ? { markdown: markdown + footer(), ...range } : undefined;
}
