import { JSONPath, Node } from 'jsonc-parser';
import { getCatalog } from './catalog';
import { Action, ConditionKey } from './catalogTypes';
import { allOperatorNames, parseOperator } from './conditionOperators';
import { nodeAt, ParsedDocument, properties, stringValues } from './document';
import { isPolicyPath } from './policyPath';

/** One completion proposal, as plain data: the server converts it to LSP. */
export interface CompletionItem {
  readonly label: string;
  readonly kind: 'action' | 'service' | 'operator' | 'conditionKey' | 'principal' | 'element' | 'value';
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** The range the insert replaces: the content of the string the cursor is in. */
  readonly offset: number;
  readonly length: number;
}

type Proposal = Omit<CompletionItem, 'offset' | 'length'>;

const POLICY_ELEMENTS: readonly Proposal[] = [
  { label: 'Version', kind: 'element', detail: 'policy language version', insertText: 'Version' },
  { label: 'Id', kind: 'element', detail: 'optional policy identifier', insertText: 'Id' },
  { label: 'Statement', kind: 'element', detail: 'the statements of the policy', insertText: 'Statement' },
];
const STATEMENT_ELEMENTS: readonly Proposal[] = [
  ['Sid', 'statement identifier'],
  ['Effect', 'Allow or Deny'],
  ['Principal', 'who the statement applies to (trust and resource policies)'],
  ['NotPrincipal', 'everyone except these principals'],
  ['Action', 'the actions allowed or denied'],
  ['NotAction', 'every action except these'],
  ['Resource', 'the resources the actions apply to'],
  ['NotResource', 'every resource except these'],
  ['Condition', 'when the statement applies'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
const PRINCIPAL_TYPES: readonly Proposal[] = [
  ['AWS', 'accounts, IAM users and roles'],
  ['Service', 'AWS service principals (ec2.amazonaws.com)'],
  ['Federated', 'an OIDC or SAML identity provider'],
  ['CanonicalUser', 'an Amazon S3 canonical user ID'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
/** Operators that the set qualifiers ForAnyValue:/ForAllValues: are commonly used with. */
const SET_OPERATOR_TYPES = new Set(['String', 'ARN']);
/** More proposals than this are cut: the editor filters as the user types. */
const MAX_ITEMS = 2000;

/** The statement object that contains a node, if any: the object right under `Statement` (or `Statement` itself). */
function statementOf(node: Node | undefined): Node | undefined {
  for (let n = node; n; n = n.parent) {
    const parentProperty = n.type === 'object' ? (n.parent?.type === 'array' ? n.parent.parent : n.parent) : undefined;
    if (parentProperty?.type === 'property' && parentProperty.children?.[0]?.value === 'Statement') return n;
  }
  return undefined;
}

/** The strings of a statement's element (`Action`, `Resource`...). */
function elementValues(statement: Node | undefined, ...names: string[]): string[] {
  const element = properties(statement).find((p) => names.includes(p.key));
  return stringValues(element?.value).map((s) => s.value);
}

/** The services of a statement's actions (for its condition keys). */
function actionServices(statement: Node | undefined): Set<string> {
  return new Set(elementValues(statement, 'Action', 'NotAction').map((a) => a.split(':')[0].toLowerCase()).filter((s) => s && s !== '*'));
}

/** The OIDC providers a statement trusts (`oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE` from its provider ARN). */
function oidcProviders(statement: Node | undefined): string[] {
  const principal = properties(statement).find((p) => p.key === 'Principal');
  const federated = properties(principal?.value).find((p) => p.key === 'Federated');
  return stringValues(federated?.value).map((s) => /:oidc-provider\/(.+)$/.exec(s.value)?.[1]).filter((h): h is string => h !== undefined);
}

/**
 * The proposals for a condition key; a key of any OIDC provider (`${OIDCProvider}:sub`) is offered for
 * each provider the statement trusts, written out, and as the template when it trusts none.
 */
function keyProposals(key: ConditionKey, providers: readonly string[]): Proposal[] {
  const documentation = `${key.description}\n\n[Documentation](${key.docUrl})`;
  const template = '${OIDCProvider}:';
  const names = key.name.startsWith(template) && providers.length > 0 ? providers.map((p) => p + key.name.slice(template.length - 1)) : [key.name];
  return names.map((name) => ({ label: name, kind: 'conditionKey', detail: key.type, documentation, insertText: name }));
}

function actionProposal(a: Action): Proposal {
  const name = `${a.service}:${a.name}`;
  const resources = a.resourceTypes.length ? a.resourceTypes.map((r) => `\`${r.name}\``).join(', ') : '`*` only';
  return {
    label: name, kind: 'action', detail: a.accessLevel, insertText: name,
    documentation: `${a.description}\n\nResource types: ${resources}\n\n[Service Authorization Reference](${a.docUrl})`,
  };
}

function operatorProposals(): Proposal[] {
  return allOperatorNames().flatMap((op) => {
    const parsed = parseOperator(op);
    const names = parsed && SET_OPERATOR_TYPES.has(parsed.type) ? [op, `ForAnyValue:${op}`, `ForAllValues:${op}`] : [op];
    return names.map((name): Proposal => ({ label: name, kind: 'operator', detail: `${parsed?.type ?? ''} operator`, insertText: name }));
  });
}

/** The statement's actions resolved through the catalog, wildcards included. */
function statementActions(statement: Node | undefined): Action[] {
  const catalog = getCatalog();
  return elementValues(statement, 'Action').flatMap((pattern) => catalog.matchActions(pattern));
}

/** `*` and the ARN formats of the resource types that the statement's actions can be scoped to. */
function resourceProposals(statement: Node | undefined): Proposal[] {
  const catalog = getCatalog();
  const proposals: Proposal[] = [{ label: '*', kind: 'value', detail: 'all resources', insertText: '*' }];
  const users = new Map<string, { service: string; name: string; actions: string[] }>();
  for (const action of statementActions(statement)) {
    for (const resource of action.resourceTypes) {
      const id = `${action.service}:${resource.name}`;
      const entry = users.get(id) ?? { service: action.service, name: resource.name, actions: [] };
      entry.actions.push(`${action.service}:${action.name}`);
      users.set(id, entry);
      if (users.size >= MAX_ITEMS) break;
    }
  }
  for (const { service, name, actions } of users.values()) {
    const arnFormat = catalog.resourceType(service, name)?.arnFormat;
    if (!arnFormat) continue;
    const listed = actions.slice(0, 5).map((a) => `\`${a}\``).join(', ') + (actions.length > 5 ? ` and ${actions.length - 5} more` : '');
    proposals.push({
      label: arnFormat, kind: 'value', detail: `${service} ${name}`,
      documentation: `The ARN of ${service} \`${name}\` resources, for ${listed}. Replace each \`\${...}\` part.`,
      // Nearly every account is in the aws partition; the other parts are the user's to fill in.
      insertText: arnFormat.replace('${Partition}', 'aws'),
    });
  }
  return proposals;
}

/** The proposals for a property name, without those the object already has. */
function missing(object: Node | undefined, proposals: readonly Proposal[]): Proposal[] {
  const present = new Set(properties(object).map((p) => p.key));
  return proposals.filter((p) => !present.has(p.label));
}

/** What to propose for the string node at the cursor; `typed` is its content before the cursor. */
function proposalsFor(doc: ParsedDocument, node: Node, path: JSONPath, typed: string): Proposal[] {
  const catalog = getCatalog();
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const last = path[path.length - 1];
  const element = [...path].reverse().find((p) => typeof p === 'string' && /^(Not)?(Action|Principal|Resource)$/.test(p));
  const conditionDepth = path.lastIndexOf('Condition');
  const statement = statementOf(node);
  const object = node.parent?.parent;

  if (isKey) {
    if (conditionDepth >= 0 && path.length === conditionDepth + 2) return operatorProposals();
    if (conditionDepth >= 0 && path.length === conditionDepth + 3) {
      const keys = [...catalog.globalConditionKeys(), ...[...actionServices(statement)].flatMap((s) => catalog.serviceConditionKeys(s))];
      const providers = oidcProviders(statement);
      return keys.flatMap((k) => keyProposals(k, providers));
    }
    if (statement && statement === object) return missing(object, STATEMENT_ELEMENTS);
    if (isPolicyPath(doc, path.slice(0, -1))) return missing(object, POLICY_ELEMENTS);
    if (statement && path.length >= 2 && /^(Not)?Principal$/.test(String(path[path.length - 2]))) return missing(object, PRINCIPAL_TYPES);
    return [];
  }
  if (element === 'Action' || element === 'NotAction') {
    const colon = typed.indexOf(':');
    if (colon < 0) {
      return catalog.services().map((s) => ({
        label: `${s.prefix}:`, kind: 'service', detail: s.name, insertText: `${s.prefix}:`, documentation: `[${s.name} actions](${s.docUrl})`,
      }));
    }
    return catalog.actions(typed.slice(0, colon)).map(actionProposal);
  }
  if ((element === 'Resource' || element === 'NotResource') && statement) return resourceProposals(statement);
  if ((element === 'Principal' || element === 'NotPrincipal') && path.includes('Service')) {
    return catalog.servicePrincipals().map((p) => {
      const service = catalog.service(p.split('.')[0]);
      return { label: p, kind: 'principal', detail: service?.name ?? 'service principal', insertText: p };
    });
  }
  if (last === 'Effect' && statement) {
    return [
      { label: 'Allow', kind: 'value', detail: 'allow the actions', insertText: 'Allow' },
      { label: 'Deny', kind: 'value', detail: 'deny the actions, overriding any Allow', insertText: 'Deny' },
    ];
  }
  if (last === 'Version' && isPolicyPath(doc, path.slice(0, -1))) {
    return [{ label: '2012-10-17', kind: 'value', detail: 'the current policy language version', insertText: '2012-10-17' }];
  }
  return [];
}

/**
 * Completion at an offset inside a string of a policy, trust policy or role manifest: service prefixes
 * and actions in Action, ARN formats of the statement's actions in Resource, operators and condition keys
 * (global and those of the statement's services) in Condition, service principals in Principal.Service,
 * Effect and Version values, and the policy, statement and principal elements not yet present. Each
 * proposal replaces the whole string content. Empty anywhere else, including outside the text; never throws.
 */
export function complete(doc: ParsedDocument, offset: number): CompletionItem[] {
  const { node, path } = nodeAt(doc, offset);
  if (!node || node.type !== 'string') return [];
  const range = { offset: node.offset + 1, length: Math.max(0, node.length - 2) };
  // What was typed before the cursor, within the content (a cursor after the closing quote stops at it).
  const typed = doc.text.slice(range.offset, Math.min(range.offset + range.length, Math.max(range.offset, offset)));
  return proposalsFor(doc, node, path, typed).slice(0, MAX_ITEMS).map((p) => ({ ...p, ...range }));
}
