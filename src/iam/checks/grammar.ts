import { Node } from 'jsonc-parser';
import { keyOf, Policy, Property, Statement, StatementElements, stringValue } from '../document';
import { CheckContext, FindingCollector, indentationAt, removeElement, replaceString, replaceValue } from './context';

const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const VERSIONS = ['2012-10-17', '2008-10-17'];

function sourceOf(ctx: FindingCollector, node: Node | undefined): string | undefined {
  return node && ctx.doc.text.slice(node.offset, node.offset + node.length);
}

/** The first of an object's properties before `before` whose key is `key`. */
function firstWithKey(children: readonly Node[], before: number, key: string): Node | undefined {
  for (let j = 0; j < before; j++) if (children[j].children?.[0]?.value === key) return children[j];
  return undefined;
}

/** Reports every key that appears more than once in an object, anywhere under `node` (a document's root). */
export function checkDuplicateKeys(ctx: FindingCollector, node: Node | undefined): void {
  if (node) visitKeys(ctx, node, new BraceFinder(ctx.doc.text));
}

/**
 * Finds whether a range of a text has a `{`. An array whose text has none holds no object, so no key, and its
 * members (most nodes of a policy: the strings of its Actions and Resources) need no visit. The walk asks about
 * ranges in the order of the text, so each `{` is searched for once.
 */
class BraceFinder {
  /** The first `{` at or after the last range asked about (the text's length if none). */
  private next = -1;

  constructor(private readonly text: string) {}

  /** Whether text[start, end) has no `{`; `start` never decreases from one call to the next. */
  noneIn(start: number, end: number): boolean {
    if (this.next < start) {
      const found = this.text.indexOf('{', start);
      this.next = found < 0 ? this.text.length : found;
    }
    return this.next >= end;
  }
}

function visitKeys(ctx: FindingCollector, node: Node, braces: BraceFinder): void {
  const children = node.children;
  if (!children) return;
  if (node.type === 'object') {
    // Objects of a policy have a few keys: comparing with the earlier ones costs less than a Map per object.
    const seen = children.length > 16 ? new Map<string, Node>() : undefined;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      const keyNode = child.children?.[0];
      if (keyNode && typeof keyNode.value === 'string') {
        const first = seen ? seen.get(keyNode.value) : firstWithKey(children, i, keyNode.value);
        if (first) {
          // Removing the later copy is the obvious fix when both say the same; otherwise the user chooses.
          const same = sourceOf(ctx, first.children?.[1]) === sourceOf(ctx, child.children?.[1]);
          ctx.report('DUPLICATE_KEY', stringValue(keyNode) ?? keyNode, `"${keyNode.value}" appears more than once in this object, and IAM keeps only one of them: remove the duplicate.`,
            [{ title: `Remove this "${keyNode.value}"`, edits: [removeElement(node, child)], isPreferred: same }]);
        } else {
          seen?.set(keyNode.value, child);
        }
      }
      const value = child.children?.[1];
      if (value?.children) visitKeys(ctx, value, braces);
    }
  } else if (node.type === 'array' && !braces.noneIn(node.offset, node.offset + node.length)) {
    for (const child of children) if (child.children) visitKeys(ctx, child, braces);
  }
}

/** A fix that renames a key to its correct spelling, for `effect` -> `Effect` and friends. */
function unknownElement(ctx: CheckContext, p: Property, known: string[], where: string): void {
  const match = known.find((k) => k.toLowerCase() === p.key.toLowerCase());
  const fixes = match ? [{ title: `Change to "${match}"`, edits: [replaceString(keyOf(p), match)], isPreferred: true }] : [];
  const hint = match ? `element names are case-sensitive, so write "${match}"` : `use one of ${known.join(', ')}`;
  ctx.report('INVALID_POLICY_ELEMENT', keyOf(p), `"${p.key}" is not a ${where} element: ${hint}.`, fixes);
}

function isStringOrStringArray(node: Node): boolean {
  if (node.type === 'string') return true;
  if (node.type !== 'array') return false;
  // A plain loop: this reads every action and resource of the document.
  const children = node.children ?? [];
  for (let i = 0; i < children.length; i++) if (children[i].type !== 'string') return false;
  return true;
}

/** Action, NotAction, Resource and NotResource: a string or an array of strings. */
function checkStrings(ctx: CheckContext, p: Property | undefined): void {
  if (p && !isStringOrStringArray(p.value)) typeMismatch(ctx, p, 'a string or an array of strings');
}

function describeType(node: Node): string {
  return node.type === 'array' || node.type === 'object' ? `an ${node.type}` : node.type === 'null' ? 'null' : `a ${node.type}`;
}

function typeMismatch(ctx: CheckContext, p: Property, expected: string): void {
  ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} is ${describeType(p.value)}: it must be ${expected}.`);
}

function checkVersion(ctx: CheckContext, policy: Policy): void {
  const version = policy.properties.get('Version');
  if (!version) {
    const open = policy.node.offset;
    const firstChild = policy.node.children?.[0];
    const onOwnLine = firstChild !== undefined && ctx.doc.text.slice(open + 1, firstChild.offset).includes('\n');
    const insert = !firstChild ? '"Version": "2012-10-17"'
      : onOwnLine ? `\n${indentationAt(ctx.doc.text, firstChild.offset)}"Version": "2012-10-17",` : ' "Version": "2012-10-17",';
    ctx.report('MISSING_VERSION', { offset: open, length: 1 },
      'Add "Version": "2012-10-17": without it IAM applies the 2008-10-17 rules, where policy variables such as ${aws:username} are plain text.',
      [{ title: 'Add "Version": "2012-10-17"', edits: [{ offset: open + 1, length: 0, newText: insert }], isPreferred: true }]);
    return;
  }
  const value = stringValue(version.value);
  if (!value) {
    ctx.report('DATA_TYPE_MISMATCH', version.value, `Version must be the string "2012-10-17"; it is ${describeType(version.value)}.`,
      [{ title: 'Change to "2012-10-17"', edits: [replaceValue(version.value, '2012-10-17')], isPreferred: true }]);
    return;
  }
  if (!VERSIONS.includes(value.value)) {
    ctx.report('INVALID_VERSION', value, `"${value.value}" is not a policy language version: write "2012-10-17" (or the legacy "2008-10-17"), the dates of IAM's versions, not the date you wrote the policy.`,
      [{ title: 'Change to "2012-10-17"', edits: [replaceString(value, '2012-10-17')], isPreferred: true }]);
  }
}

/**
 * True when a statement has an element, or a key that is the element misspelt in case ("effect"): that key is
 * reported as such, and the element not as missing too.
 */
function written(s: Statement, property: Property | undefined, name: string): boolean {
  // The search is a function of its own: a closure here would cost every statement an allocation.
  return property !== undefined || writtenInAnotherCase(s, name);
}

function writtenInAnotherCase(s: Statement, name: string): boolean {
  const lower = name.toLowerCase();
  return s.all.some((p) => p.key.toLowerCase() === lower);
}

function checkEffect(ctx: CheckContext, s: Statement, effect: Property | undefined): void {
  if (!effect) {
    ctx.report('MISSING_EFFECT', s.node.children?.length ? { offset: s.node.offset, length: 1 } : s.node, 'Add an Effect element with the value "Allow" or "Deny" to this statement.');
    return;
  }
  // The statement read its Effect's text already: the common case needs no StringValue (and no closure: see
  // invalidEffect).
  if (s.effect === 'Allow' || s.effect === 'Deny') return;
  invalidEffect(ctx, effect);
}

function invalidEffect(ctx: CheckContext, effect: Property): void {
  const value = stringValue(effect.value);
  if (!value) return typeMismatch(ctx, effect, 'the string "Allow" or "Deny"');
  const match = ['Allow', 'Deny'].find((e) => e.toLowerCase() === value.value.trim().toLowerCase());
  ctx.report('INVALID_EFFECT', value, match
    ? `"${value.value}" must be written "${match}": Effect values are case-sensitive.`
    : `"${value.value}" is not an Effect: write "Allow" or "Deny".`,
  match ? [{ title: `Change to "${match}"`, edits: [replaceString(value, match)], isPreferred: true }] : []);
}

/**
 * What identity policies accept in a Sid: ASCII letters and digits (resource policies accept more). A loop
 * rather than /^[A-Za-z0-9]+$/, which costs more than the rest of the Sid's checks together.
 */
function isIdentitySid(sid: string): boolean {
  for (let i = 0; i < sid.length; i++) {
    const c = sid.charCodeAt(i);
    const digit = c >= 48 && c <= 57; // 0-9
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122); // A-Z, a-z
    if (!digit && !letter) return false;
  }
  return sid.length > 0;
}

/** Checks the Sid elements of a policy's statements, given in the order of the statements. */
function checkSids(ctx: CheckContext, policy: Policy, sids: readonly Property[]): void {
  const seen = new Set<string>();
  // Sids written more than once, each reported on its second statement only.
  const repeated = new Set<string>();
  for (const sid of sids) {
    const value = stringValue(sid.value);
    if (!value) {
      typeMismatch(ctx, sid, 'a string');
      continue;
    }
    if (value.value === '') {
      ctx.report('EMPTY_SID_VALUE', sid.value, 'The Sid is empty: give the statement a name, or remove the Sid element.',
        // A property node's parent is its object: here the statement.
        [{ title: 'Remove the empty Sid', edits: [removeElement(sid.node.parent!, sid.node)] }]);
      continue;
    }
    if (policy.kind !== 'resource' && !isIdentitySid(value.value)) {
      const cleaned = value.value.replace(/[^A-Za-z0-9]/g, '');
      ctx.report('UNSUPPORTED_SID', value, `"${value.value}" has characters a Sid cannot: use only letters (A-Z, a-z) and digits (0-9).`,
        cleaned ? [{ title: `Change to "${cleaned}"`, edits: [replaceString(value, cleaned)], isPreferred: true }] : []);
    }
    // The Set's size tells whether the Sid is new: one lookup for each Sid, most of which are.
    const before = seen.size;
    seen.add(value.value);
    if (seen.size === before && !repeated.has(value.value)) {
      repeated.add(value.value);
      ctx.report(policy.kind === 'identity' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED', value,
        `"${value.value}" is the Sid of another statement of this policy too: give each statement its own.`);
    }
  }
}

/** The kind of a property's value when it is an empty array or object; undefined otherwise. */
function emptyKind(p: Property | undefined): 'array' | 'object' | undefined {
  if (!p || (p.value.type !== 'array' && p.value.type !== 'object')) return undefined;
  return (p.value.children ?? []).length === 0 ? p.value.type : undefined;
}

function checkEmpty(ctx: CheckContext, policy: Policy, s: Statement, e: StatementElements): void {
  if (emptyKind(e.Action)) ctx.report('EMPTY_ARRAY_ACTION', e.Action!.value, 'Action is empty, so this statement has no effect. List the actions it should cover.');
  if (emptyKind(e.NotAction)) ctx.report('EMPTY_ARRAY_ACTION', e.NotAction!.value, 'NotAction is empty, so this statement has no effect. List the actions it should exclude.');
  // A trust policy's Resource is reported as not allowed there at all.
  if (policy.kind !== 'trust') {
    // IAM refuses an empty Resource ("Policy statement must contain resources"); an empty NotResource only excludes nothing.
    if (emptyKind(e.Resource)) {
      ctx.report('EMPTY_ARRAY_RESOURCE', e.Resource!.value, 'Resource is empty, and IAM refuses a statement without resources: list the resources, or "*".', [], 'error');
    }
    if (emptyKind(e.NotResource)) {
      ctx.report('EMPTY_ARRAY_RESOURCE', e.NotResource!.value, 'NotResource is empty, so this statement has no effect: list the resources to exclude.');
    }
  }
  emptyPrincipal(ctx, 'Principal', e.Principal);
  emptyPrincipal(ctx, 'NotPrincipal', e.NotPrincipal);
  if (emptyKind(e.Condition) === 'object') {
    ctx.report('EMPTY_OBJECT_CONDITION', e.Condition!.value, 'The Condition block is empty and has no effect: add conditions or remove it.',
      [{ title: 'Remove the empty Condition', edits: [removeElement(s.node, e.Condition!.node)] }]);
  }
}

function emptyPrincipal(ctx: CheckContext, name: string, p: Property | undefined): void {
  const kind = emptyKind(p);
  if (kind) ctx.report(kind === 'array' ? 'EMPTY_ARRAY_PRINCIPAL' : 'EMPTY_OBJECT_PRINCIPAL', p!.value, `${name} is empty, so this statement applies to no one. Name the principals.`);
}

/**
 * A statement of an ECR repository policy: a resource policy statement whose actions are all ECR's.
 * It applies to its own repository, so it has no Resource (ECR User Guide, private repository policies).
 */
export function isRepositoryStatement(policy: Policy, s: Statement): boolean {
  if (policy.kind !== 'resource') return false;
  const actions = s.strings('Action');
  return actions.length > 0 && actions.every((a) => ECR_ACTION.test(a.value));
}
const ECR_ACTION = /^ecr(-public)?:/i;

function checkStatement(ctx: CheckContext, policy: Policy, s: Statement, e: StatementElements): void {
  if (e.Effect || !written(s, e.Effect, 'Effect')) checkEffect(ctx, s, e.Effect);
  if (e.Action && e.NotAction) exclusive(ctx, 'Action', 'NotAction', e.NotAction);
  if (e.Resource && e.NotResource) exclusive(ctx, 'Resource', 'NotResource', e.NotResource);
  if (e.Principal && e.NotPrincipal) exclusive(ctx, 'Principal', 'NotPrincipal', e.NotPrincipal);
  if (!written(s, e.Action, 'Action') && !written(s, e.NotAction, 'NotAction')) ctx.report('MISSING_ACTION', startOf(s), 'Add an Action (or NotAction) element to this statement.');
  checkStrings(ctx, e.Action);
  checkStrings(ctx, e.NotAction);
  checkStrings(ctx, e.Resource);
  checkStrings(ctx, e.NotResource);
  if (policy.kind === 'trust') {
    for (const name of ['Resource', 'NotResource'] as const) {
      const p = e[name];
      if (p) {
        ctx.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', keyOf(p), `A trust policy applies to its role, so it cannot name resources: remove ${name}.`,
          [{ title: `Remove ${name}`, edits: [removeElement(s.node, p.node)], isPreferred: true }]);
      }
    }
    if (e.NotPrincipal) ctx.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', keyOf(e.NotPrincipal), 'Trust policies do not support NotPrincipal: name who may assume the role with Principal.');
    if (!written(s, e.Principal, 'Principal') && !written(s, e.NotPrincipal, 'NotPrincipal')) ctx.report('MISSING_PRINCIPAL', startOf(s), 'Add a Principal element: a trust policy names who may assume the role.');
  } else {
    if (!written(s, e.Resource, 'Resource') && !written(s, e.NotResource, 'NotResource') && !isRepositoryStatement(policy, s)) ctx.report('MISSING_RESOURCE', startOf(s), 'Add a Resource (or NotResource) element to this statement; use "*" for actions that support no resource-level permissions.');
    if (policy.kind === 'resource' && !e.Principal && !e.NotPrincipal) {
      ctx.report('MISSING_PRINCIPAL', startOf(s), 'Add a Principal element: the other statements of this resource policy name principals, and each must.');
    }
  }
  if (e.Condition && e.Condition.value.type !== 'object') typeMismatch(ctx, e.Condition, 'an object of operators');
  checkEmpty(ctx, policy, s, e);
}

/** Where findings about a statement as a whole go: its opening brace. */
function startOf(s: Statement): { offset: number; length: number } {
  return { offset: s.node.offset, length: 1 };
}

/** A statement with both of two exclusive elements: reported on the second of the pair. */
function exclusive(ctx: CheckContext, a: string, b: string, second: Property): void {
  ctx.report('UNSUPPORTED_ELEMENT_COMBINATION', keyOf(second), `A statement can have ${a} or ${b}, not both: remove one of them (${b}).`);
}

/**
 * The grammar of a policy: its elements, Version, Statement shape, Effect, Sid, the required and
 * exclusive elements, and empty values. Works on whatever could be parsed.
 */
export function checkGrammar(ctx: CheckContext, policy: Policy): void {
  for (const p of policy.all) if (!POLICY_ELEMENTS.includes(p.key)) unknownElement(ctx, p, POLICY_ELEMENTS, 'policy');
  checkVersion(ctx, policy);
  const statement = policy.properties.get('Statement');
  if (!statement) {
    ctx.report('MISSING_STATEMENT', { offset: policy.node.offset, length: 1 }, 'Add a Statement element: an array of statements.');
  } else if (statement.value.type !== 'array' && statement.value.type !== 'object') {
    typeMismatch(ctx, statement, 'an array of statement objects');
  } else if (statement.value.type === 'array') {
    if ((statement.value.children ?? []).length === 0) ctx.report('MISSING_STATEMENT', statement.value, 'The Statement array is empty: add a statement.');
    for (const child of statement.value.children ?? []) {
      if (child.type !== 'object') ctx.report('DATA_TYPE_MISMATCH', child, `Each statement must be an object; this is ${describeType(child)}.`);
    }
  }
  const sids: Property[] = [];
  for (const s of policy.statements) {
    if (s.node.type !== 'object') continue;
    const elements = s.properties;
    for (const p of elements.otherKeys) unknownElement(ctx, p, STATEMENT_ELEMENTS, 'statement');
    checkStatement(ctx, policy, s, elements);
    if (elements.Sid) sids.push(elements.Sid);
  }
  checkSids(ctx, policy, sids);
}

