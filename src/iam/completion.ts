import { Node } from 'jsonc-parser';
import { getCatalog } from './catalog';
import { allOperatorNames } from './conditionOperators';
import { nodeAt, ParsedDocument, properties, stringValues } from './document';

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

const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
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

/** The services of a statement's actions (for its condition keys). */
function actionServices(statement: Node | undefined): Set<string> {
  const action = properties(statement).find((p) => p.key === 'Action' || p.key === 'NotAction');
  return new Set(stringValues(action?.value).map((a) => a.value.split(':')[0].toLowerCase()).filter((s) => s && s !== '*'));
}

/**
 * Completion at an offset inside a string of a policy: actions and service prefixes in Action,
 * operators and condition keys in Condition, service principals in Principal.Service, Effect and Version
 * values, and the statement elements not yet present. Empty anywhere else; never throws.
 */
export function complete(doc: ParsedDocument, offset: number): CompletionItem[] {
  const { node, path } = nodeAt(doc, offset);
  if (!node || node.type !== 'string') return [];
  const range = { offset: node.offset + 1, length: Math.max(0, node.length - 2) };
  const typed = doc.text.slice(range.offset, offset);
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const catalog = getCatalog();
  const items: CompletionItem[] = [];
  const last = path[path.length - 1];
  const element = [...path].reverse().find((p) => typeof p === 'string' && /^(Not)?(Action|Principal|Resource)$|^Condition$|^Effect$|^Version$/.test(p));
  const conditionDepth = path.lastIndexOf('Condition');

  if (isKey && conditionDepth >= 0 && path.length === conditionDepth + 2) {
    for (const op of allOperatorNames()) {
      for (const name of op.startsWith('String') || op.startsWith('Arn') ? [op, `ForAnyValue:${op}`, `ForAllValues:${op}`] : [op]) {
        items.push({ label: name, kind: 'operator', insertText: name, ...range });
      }
    }
  } else if (isKey && conditionDepth >= 0 && path.length === conditionDepth + 3) {
    const keys = [...catalog.globalConditionKeys(), ...[...actionServices(statementOf(node))].flatMap((s) => catalog.serviceConditionKeys(s))];
    for (const k of keys) items.push({ label: k.name, kind: 'conditionKey', detail: k.type, documentation: k.description, insertText: k.name, ...range });
  } else if (isKey && statementOf(node) === node.parent?.parent) {
    const present = new Set(properties(node.parent?.parent).map((p) => p.key));
    for (const e of STATEMENT_ELEMENTS.filter((x) => !present.has(x))) items.push({ label: e, kind: 'element', insertText: e, ...range });
  } else if (!isKey && (element === 'Action' || element === 'NotAction')) {
    const colon = typed.indexOf(':');
    if (colon < 0) {
      for (const s of catalog.services()) items.push({ label: `${s.prefix}:`, kind: 'service', detail: s.name, insertText: `${s.prefix}:`, ...range });
    } else {
      const service = typed.slice(0, colon);
      for (const a of catalog.actions(service)) {
        items.push({ label: `${a.service}:${a.name}`, kind: 'action', detail: a.accessLevel, documentation: a.description, insertText: `${a.service}:${a.name}`, ...range });
      }
    }
  } else if (!isKey && (element === 'Principal' || element === 'NotPrincipal') && path.includes('Service')) {
    for (const p of catalog.servicePrincipals()) items.push({ label: p, kind: 'principal', insertText: p, ...range });
  } else if (!isKey && last === 'Effect') {
    for (const v of ['Allow', 'Deny']) items.push({ label: v, kind: 'value', insertText: v, ...range });
  } else if (!isKey && last === 'Version' && path.length === 1) {
    items.push({ label: '2012-10-17', kind: 'value', detail: 'the current policy language version', insertText: '2012-10-17', ...range });
  }
  return items.slice(0, MAX_ITEMS);
}
