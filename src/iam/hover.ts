import { getCatalog } from './catalog';
import { Action } from './catalogTypes';
import { OperatorType, parseOperator } from './conditionOperators';
import { nodeAt, ParsedDocument } from './document';
import { isPolicyPath } from './policyPath';

/** Hover content as Markdown, with the range (offsets) it describes. */
export interface HoverResult {
  readonly markdown: string;
  readonly offset: number;
  readonly length: number;
}

const OPERATORS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const VERSION_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html';
const PRINCIPALS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services';
/** Wildcard hovers list this many of the matched actions. */
const LISTED_MATCHES = 10;

/** What each operator family compares, and its section of the condition operators page. */
const OPERATOR_FAMILIES: Record<OperatorType, { compares: string; anchor: string }> = {
  String: { compares: 'compares strings', anchor: 'Conditions_String' },
  Numeric: { compares: 'compares numbers', anchor: 'Conditions_Numeric' },
  Date: { compares: 'compares dates and times (ISO 8601 or epoch seconds)', anchor: 'Conditions_Date' },
  Bool: { compares: 'compares a true/false value', anchor: 'Conditions_Boolean' },
  Binary: { compares: 'compares base64-encoded binary values', anchor: 'Conditions_BinaryEquals' },
  IPAddress: { compares: 'compares IPv4 or IPv6 addresses and CIDR ranges', anchor: 'Conditions_IPAddress' },
  ARN: { compares: 'compares ARNs, part by part', anchor: 'Conditions_ARN' },
  Null: { compares: 'tests whether the key is absent from the request (true) or present (false)', anchor: 'Conditions_Null' },
};

function footer(): string {
  return `\n\n---\n*IAM data ${getCatalog().dataVersion}*`;
}

function singleActionHover(a: Action): string {
  const catalog = getCatalog();
  const resources = a.resourceTypes.length === 0
    ? '*No resource-level permissions: use `"Resource": "*"`.*'
    : a.resourceTypes.map((r) => `- \`${r.name}\`${r.required ? ' (required)' : ''}: \`${catalog.resourceType(a.service, r.name)?.arnFormat ?? 'no ARN format listed'}\``).join('\n');
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
    `[${a.service}:${a.name} in the Service Authorization Reference](${a.docUrl})`,
  ].join('\n');
}

function actionHover(value: string): string | undefined {
  const actions = getCatalog().matchActions(value);
  if (actions.length === 0) return undefined;
  if (!/[*?]/.test(value)) return singleActionHover(actions[0]);
  const levels = new Map<string, number>();
  for (const a of actions) levels.set(a.accessLevel, (levels.get(a.accessLevel) ?? 0) + 1);
  const summary = [...levels].map(([level, count]) => `${count} ${level}`).join(', ');
  const shown = actions.slice(0, LISTED_MATCHES).map((a) => `- \`${a.service}:${a.name}\` (${a.accessLevel})`);
  return [
    `**\`${value}\`** matches ${actions.length} action${actions.length === 1 ? '' : 's'} (${summary})`,
    '',
    ...shown,
    ...(actions.length > LISTED_MATCHES ? [`- … and ${actions.length - LISTED_MATCHES} more`] : []),
  ].join('\n');
}

function operatorHover(value: string): string | undefined {
  const operator = parseOperator(value);
  if (!operator) return undefined;
  const family = OPERATOR_FAMILIES[operator.type];
  const notes = [
    ...(operator.ifExists ? ['also true when the key is absent from the request'] : []),
    ...(operator.qualifier === 'ForAnyValue' ? ['true when at least one value of a multivalued key matches'] : []),
    ...(operator.qualifier === 'ForAllValues' ? ['true when every value of a multivalued key matches, and when the key is absent'] : []),
  ];
  return `**${value}**: ${family.compares}${notes.map((n) => `; ${n}`).join('')}.\n\n[Condition operators](${OPERATORS_DOC}#${family.anchor})`;
}

function conditionKeyHover(value: string): string | undefined {
  const key = getCatalog().conditionKey(value);
  if (!key) return undefined;
  const title = key.name.toLowerCase() === value.toLowerCase() ? `**${key.name}**` : `**${value}** (\`${key.name}\`)`;
  return `${title} — ${key.type}\n\n${key.description}\n\n[Documentation](${key.docUrl})`;
}

function servicePrincipalHover(value: string): string | undefined {
  const catalog = getCatalog();
  if (!catalog.isServicePrincipal(value)) return undefined;
  // Most principals are the service prefix followed by .amazonaws.com (ec2.amazonaws.com).
  const service = catalog.service(value.split('.')[0]);
  return `**${value}**: the service principal${service ? ` of ${service.name}` : ''}. Allowing it to assume a role lets the service act with the role's permissions on your behalf.\n\n[Service principals](${PRINCIPALS_DOC})`;
}

function versionHover(value: string): string {
  const meaning = value === '2012-10-17' ? 'the current version of the policy language'
    : value === '2008-10-17' ? 'the legacy version: policy variables such as `${aws:username}` are plain text in it; use `2012-10-17`'
    : 'not a version of the policy language: use `2012-10-17`';
  return `**Version ${value}**: ${meaning}. The Version is the date of the policy language, not of your policy.\n\n[Version](${VERSION_DOC})`;
}

/**
 * The hover for the string at an offset of a policy, trust policy or role manifest: an action or action
 * pattern, a condition operator or key, a service principal, the Version value. Undefined where there is
 * nothing to say, including offsets outside the text and documents that do not parse.
 */
export function hover(doc: ParsedDocument, offset: number): HoverResult | undefined {
  const { node, path } = nodeAt(doc, offset);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const value = node.value;
  const element = path.find((p) => typeof p === 'string' && /^(Not)?(Action|Principal)$|^Condition$/.test(p));
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const conditionDepth = path.lastIndexOf('Condition');
  let markdown: string | undefined;
  if ((element === 'Action' || element === 'NotAction') && !isKey) {
    markdown = actionHover(value);
  } else if (element === 'Condition' && isKey && path.length === conditionDepth + 2) {
    markdown = operatorHover(value);
  } else if (element === 'Condition' && isKey && path.length === conditionDepth + 3) {
    markdown = conditionKeyHover(value);
  } else if ((element === 'Principal' || element === 'NotPrincipal') && !isKey) {
    markdown = servicePrincipalHover(value);
  } else if (!isKey && path[path.length - 1] === 'Version' && isPolicyPath(doc, path.slice(0, -1))) {
    markdown = versionHover(value);
  }
  return markdown ? { markdown: markdown + footer(), offset: node.offset, length: node.length } : undefined;
}
