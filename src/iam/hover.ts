import { Arn, fitArnToFormat, parseArn } from './arn';
import { AccessLevel, Action, Catalog } from './catalogTypes';
import { OperatorType, parseOperator } from './conditionOperators';
import { nodeAt, ParsedDocument } from './document';
import { actionLinks } from './markdown';
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
/** Wildcard hovers list this many of the matched actions, then count the rest. */
const LISTED_MATCHES = 50;
/** The order a wildcard's matches are grouped in: what grants the most first. */
const LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
const INSTANCE_PROFILE_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html';

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

/** The data version every hover ends with, and where the dependent actions are from when it shows some. */
function footer(catalog: Catalog, dependentActions: boolean): string {
  return `\n\n---\n*IAM data ${catalog.dataVersion}${dependentActions ? `; dependent actions from ${catalog.dependentActionsSource}` : ''}*`;
}

function singleActionHover(catalog: Catalog, a: Action): string {
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
    ...(a.dependentActions.length ? ['', `**Dependent actions** (permissions the call may also need): ${actionLinks(catalog, a.dependentActions)}`] : []),
    '',
    `[${a.service}:${a.name} in the Service Authorization Reference](${a.docUrl})`,
  ].join('\n');
}

/** A pattern's matches grouped by access level, most powerful first, the first LISTED_MATCHES named. */
function wildcardHover(value: string, actions: readonly Action[]): string {
  const groups = LEVEL_ORDER.map((level) => ({ level, actions: actions.filter((a) => a.accessLevel === level) })).filter((g) => g.actions.length > 0);
  const summary = groups.map((g) => `${g.actions.length} ${g.level}`).join(', ');
  const lines = [`**\`${value}\`** matches ${actions.length} action${actions.length === 1 ? '' : 's'} (${summary})`];
  let listed = 0;
  for (const group of groups) {
    const shown = group.actions.slice(0, Math.max(0, LISTED_MATCHES - listed));
    listed += shown.length;
    if (shown.length === 0) break;
    const rest = group.actions.length - shown.length;
    lines.push('', `**${group.level}**: ${shown.map((a) => `\`${a.service}:${a.name}\``).join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`);
  }
  if (listed < actions.length) lines.push('', `${actions.length - listed} more not listed (${actions.length} in all).`);
  return lines.join('\n');
}

/** The hover of an action or action pattern, and whether it lists dependent actions (for the footer). */
function actionHover(catalog: Catalog, value: string): { markdown: string; dependentActions: boolean } | undefined {
  const actions = catalog.matchActions(value);
  if (actions.length === 0) return undefined;
  if (/[*?]/.test(value)) return { markdown: wildcardHover(value, actions), dependentActions: false };
  return { markdown: singleActionHover(catalog, actions[0]), dependentActions: actions[0].dependentActions.length > 0 };
}

/** An ARN field as the hover shows it: its text, or what an empty field means. */
function field(value: string, empty: string): string {
  return value === '' ? `*${empty}*` : `\`${value}\``;
}

/** Which part of an ARN is which, and the resource types of its service whose format it fits. */
function arnHover(catalog: Catalog, value: string, arn: Arn): string {
  const service = catalog.service(arn.service.value);
  const matched = catalog.resourceTypes(arn.service.value).filter((r) => {
    const format = parseArn(r.arnFormat);
    return format !== undefined && fitArnToFormat(arn, format) === 'match';
  });
  const lines = [
    `**ARN** \`${value}\``,
    '',
    `- partition: ${field(arn.partition.value, 'empty')}`,
    `- service: ${field(arn.service.value, 'empty')}${service ? ` (${service.name})` : ''}`,
    `- Region: ${field(arn.region.value, 'none: the resource is not regional')}`,
    `- account: ${field(arn.account.value, 'none')}`,
    `- resource: ${field(arn.resource.value, 'empty')}`,
    '',
  ];
  if (matched.length > 0) {
    lines.push(`Resource type${matched.length === 1 ? '' : 's'} it matches: ${matched.map((r) => `\`${r.name}\` (\`${r.arnFormat}\`)`).join(', ')}`);
  } else if (service) {
    lines.push(`It matches no resource type of ${arn.service.value}: see the ARN formats in [the Service Authorization Reference](${service.docUrl}).`);
  } else {
    lines.push(`\`${arn.service.value}\` is no service prefix the IAM data knows.`);
  }
  return lines.join('\n');
}

/** A role manifest's InstanceProfile property, IAM Author's one addition to CloudFormation's names. */
function instanceProfileHover(): string {
  return '**InstanceProfile**: `true` makes an instance profile with the role\'s name and path that holds the role, ' +
    'which EC2 needs to give the role to an instance (the console makes one for EC2 roles, the API does not); ' +
    '`false` or absent: none is managed.\n\n' + `[Instance profiles](${INSTANCE_PROFILE_DOC})`;
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

function conditionKeyHover(catalog: Catalog, value: string): string | undefined {
  const key = catalog.conditionKey(value);
  if (!key) return undefined;
  const title = key.name.toLowerCase() === value.toLowerCase() ? `**${key.name}**` : `**${value}** (\`${key.name}\`)`;
  return `${title} — ${key.type}\n\n${key.description}\n\n[Documentation](${key.docUrl})`;
}

function servicePrincipalHover(catalog: Catalog, value: string): string | undefined {
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
 * pattern (its matches by access level), a condition operator or key, a service principal, an ARN (its
 * parts and resource type), the Version value, a manifest's InstanceProfile. Undefined where there is
 * nothing to say, including offsets outside the text and documents that do not parse.
 */
export function hover(doc: ParsedDocument, offset: number, catalog: Catalog): HoverResult | undefined {
  const { node, path } = nodeAt(doc, offset);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const value = node.value;
  const element = path.find((p) => typeof p === 'string' && /^(Not)?(Action|Principal|Resource)$|^Condition$/.test(p));
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const conditionDepth = path.lastIndexOf('Condition');
  const arn = isKey ? undefined : parseArn(value);
  let markdown: string | undefined;
  let dependentActions = false;
  if ((element === 'Action' || element === 'NotAction') && !isKey) {
    const action = actionHover(catalog, value);
    markdown = action?.markdown;
    dependentActions = action?.dependentActions ?? false;
  } else if (element === 'Condition' && isKey && path.length === conditionDepth + 2) {
    markdown = operatorHover(value);
  } else if (element === 'Condition' && isKey && path.length === conditionDepth + 3) {
    markdown = conditionKeyHover(catalog, value);
  } else if (arn && arn.prefix.value === 'arn' && (element !== undefined || doc.kind === 'manifest')) {
    markdown = arnHover(catalog, value, arn);
  } else if ((element === 'Principal' || element === 'NotPrincipal') && !isKey) {
    markdown = servicePrincipalHover(catalog, value);
  } else if (!isKey && path[path.length - 1] === 'Version' && isPolicyPath(doc, path.slice(0, -1))) {
    markdown = versionHover(value);
  } else if (isKey && doc.kind === 'manifest' && path.length === 1 && value === 'InstanceProfile') {
    markdown = instanceProfileHover();
  }
  return markdown ? { markdown: markdown + footer(catalog, dependentActions), offset: node.offset, length: node.length } : undefined;
}
