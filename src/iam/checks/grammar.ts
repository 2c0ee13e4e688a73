import { Node } from 'jsonc-parser';
import { keyOf, Policy, Property, Statement, stringValue, stringValues } from '../document';
import { CheckContext, FindingCollector, indentationAt, removeElement, replaceString, replaceValue } from './context';

const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
/** The same, to look a key up in (every key of every statement is). */
const STATEMENT_ELEMENT_SET: ReadonlySet<string> = new Set(STATEMENT_ELEMENTS);
/** Elements a statement has one or the other of, never both. */
const EXCLUSIVE_ELEMENTS: readonly (readonly [string, string])[] = [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']];
const VERSIONS = ['2012-10-17', '2008-10-17'];

function sourceOf(ctx: FindingCollector, node: Node | undefined): string | undefined {
  return node && ctx.doc.text.slice(node.offset, node.offset + node.length);
}

/** The first of an object's properties before `before` whose key is `key`. */
function firstWithKey(children: readonly Node[], before: number, key: string): Node | undefined {
  for (let j = 0; j < before; j++) if (children[j].children?.[0]?.value === key) return children[j];
  return undefined;
}

/** Reports every key that appears more than once in an object, anywhere in the document. */
export function checkDuplicateKeys(ctx: FindingCollector, node: Node | undefined): void {
  if (!node) return;
  if (node.type === 'object') {
    const children = node.children ?? [];
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
      checkDuplicateKeys(ctx, child.children?.[1]);
    }
  } else if (node.type === 'array') {
    for (const child of node.children ?? []) checkDuplicateKeys(ctx, child);
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
  return node.type === 'string' || (node.type === 'array' && (node.children ?? []).every((c) => c.type === 'string'));
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

function checkEffect(ctx: CheckContext, s: Statement): void {
  const effect = s.properties.get('Effect');
  if (!effect) {
    ctx.report('MISSING_EFFECT', s.node.children?.length ? { offset: s.node.offset, length: 1 } : s.node, 'Add an Effect element with the value "Allow" or "Deny" to this statement.');
    return;
  }
  const value = stringValue(effect.value);
  if (!value) return typeMismatch(ctx, effect, 'the string "Allow" or "Deny"');
  if (value.value === 'Allow' || value.value === 'Deny') return;
  const match = ['Allow', 'Deny'].find((e) => e.toLowerCase() === value.value.trim().toLowerCase());
  ctx.report('INVALID_EFFECT', value, match
    ? `"${value.value}" must be written "${match}": Effect values are case-sensitive.`
    : `"${value.value}" is not an Effect: write "Allow" or "Deny".`,
  match ? [{ title: `Change to "${match}"`, edits: [replaceString(value, match)], isPreferred: true }] : []);
}

function checkSids(ctx: CheckContext, policy: Policy): void {
  const seen = new Map<string, number>();
  for (const s of policy.statements) {
    const sid = s.properties.get('Sid');
    if (!sid) continue;
    const value = stringValue(sid.value);
    if (!value) {
      typeMismatch(ctx, sid, 'a string');
      continue;
    }
    if (value.value === '') {
      ctx.report('EMPTY_SID_VALUE', sid.value, 'The Sid is empty: give the statement a name, or remove the Sid element.',
        [{ title: 'Remove the empty Sid', edits: [removeElement(s.node, sid.node)] }]);
      continue;
    }
    // Identity policies accept only ASCII letters and digits in a Sid; resource policies accept more.
    if (policy.kind !== 'resource' && !/^[A-Za-z0-9]+$/.test(value.value)) {
      const cleaned = value.value.replace(/[^A-Za-z0-9]/g, '');
      ctx.report('UNSUPPORTED_SID', value, `"${value.value}" has characters a Sid cannot: use only letters (A-Z, a-z) and digits (0-9).`,
        cleaned ? [{ title: `Change to "${cleaned}"`, edits: [replaceString(value, cleaned)], isPreferred: true }] : []);
    }
    seen.set(value.value, (seen.get(value.value) ?? 0) + 1);
    if (seen.get(value.value) === 2) {
      ctx.report(policy.kind === 'identity' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED', value,
        `"${value.value}" is the Sid of another statement of this policy too: give each statement its own.`);
    }
  }
}

function checkEmpty(ctx: CheckContext, policy: Policy, s: Statement): void {
  const empty = (name: string) => {
    const p = s.properties.get(name);
    if (!p) return undefined;
    if (p.value.type === 'array' && (p.value.children ?? []).length === 0) return { p, kind: 'array' as const };
    if (p.value.type === 'object' && (p.value.children ?? []).length === 0) return { p, kind: 'object' as const };
    return undefined;
  };
  for (const name of ['Action', 'NotAction']) {
    const e = empty(name);
    if (e) ctx.report('EMPTY_ARRAY_ACTION', e.p.value, `${name} is empty, so this statement has no effect. List the actions it should ${name === 'Action' ? 'cover' : 'exclude'}.`);
  }
  // A trust policy's Resource is reported as not allowed there at all.
  for (const name of policy.kind === 'trust' ? [] : ['Resource', 'NotResource']) {
    const e = empty(name);
    // IAM refuses an empty Resource ("Policy statement must contain resources"); an empty NotResource only excludes nothing.
    if (e && name === 'Resource') {
      ctx.report('EMPTY_ARRAY_RESOURCE', e.p.value, 'Resource is empty, and IAM refuses a statement without resources: list the resources, or "*".', [], 'error');
    } else if (e) {
      ctx.report('EMPTY_ARRAY_RESOURCE', e.p.value, 'NotResource is empty, so this statement has no effect: list the resources to exclude.');
    }
  }
  for (const name of ['Principal', 'NotPrincipal']) {
    const e = empty(name);
    if (e) ctx.report(e.kind === 'array' ? 'EMPTY_ARRAY_PRINCIPAL' : 'EMPTY_OBJECT_PRINCIPAL', e.p.value, `${name} is empty, so this statement applies to no one. Name the principals.`);
  }
  const condition = empty('Condition');
  if (condition?.kind === 'object') {
    ctx.report('EMPTY_OBJECT_CONDITION', condition.p.value, 'The Condition block is empty and has no effect: add conditions or remove it.',
      [{ title: 'Remove the empty Condition', edits: [removeElement(s.node, condition.p.node)] }]);
  }
}

/**
 * A statement of an ECR repository policy: a resource policy statement whose actions are all ECR's.
 * It applies to its own repository, so it has no Resource (ECR User Guide, private repository policies).
 */
export function isRepositoryStatement(policy: Policy, s: Statement): boolean {
  const actions = stringValues(s.properties.get('Action')?.value);
  return policy.kind === 'resource' && actions.length > 0 && actions.every((a) => /^ecr(-public)?:/i.test(a.value));
}

function checkStatement(ctx: CheckContext, policy: Policy, s: Statement): void {
  for (const p of s.all) if (!STATEMENT_ELEMENT_SET.has(p.key)) unknownElement(ctx, p, STATEMENT_ELEMENTS, 'statement');
  const has = (k: string) => s.properties.has(k);
  // A misspelt element ("effect") is reported as such; it is not missing as well. Written as is, it needs no search.
  const written = (k: string) => has(k) || s.all.some((p) => p.key.toLowerCase() === k.toLowerCase());
  if (has('Effect') || !written('Effect')) checkEffect(ctx, s);
  const start = { offset: s.node.offset, length: 1 };
  for (const [a, b] of EXCLUSIVE_ELEMENTS) {
    if (has(a) && has(b)) {
      ctx.report('UNSUPPORTED_ELEMENT_COMBINATION', keyOf(s.properties.get(b)!), `A statement can have ${a} or ${b}, not both: remove one of them (${b}).`);
    }
  }
  if (!written('Action') && !written('NotAction')) ctx.report('MISSING_ACTION', start, 'Add an Action (or NotAction) element to this statement.');
  for (const name of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const p = s.properties.get(name);
    if (p && !isStringOrStringArray(p.value)) typeMismatch(ctx, p, 'a string or an array of strings');
  }
  if (policy.kind === 'trust') {
    for (const name of ['Resource', 'NotResource']) {
      const p = s.properties.get(name);
      if (p) {
        ctx.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', keyOf(p), `A trust policy applies to its role, so it cannot name resources: remove ${name}.`,
          [{ title: `Remove ${name}`, edits: [removeElement(s.node, p.node)], isPreferred: true }]);
      }
    }
    const notPrincipal = s.properties.get('NotPrincipal');
    if (notPrincipal) ctx.report('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', keyOf(notPrincipal), 'Trust policies do not support NotPrincipal: name who may assume the role with Principal.');
    if (!written('Principal') && !written('NotPrincipal')) ctx.report('MISSING_PRINCIPAL', start, 'Add a Principal element: a trust policy names who may assume the role.');
  } else {
    if (!written('Resource') && !written('NotResource') && !isRepositoryStatement(policy, s)) ctx.report('MISSING_RESOURCE', start, 'Add a Resource (or NotResource) element to this statement; use "*" for actions that support no resource-level permissions.');
    if (policy.kind === 'resource' && !has('Principal') && !has('NotPrincipal')) {
      ctx.report('MISSING_PRINCIPAL', start, 'Add a Principal element: the other statements of this resource policy name principals, and each must.');
    }
  }
  const condition = s.properties.get('Condition');
  if (condition && condition.value.type !== 'object') typeMismatch(ctx, condition, 'an object of operators');
  checkEmpty(ctx, policy, s);
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
  for (const s of policy.statements) if (s.node.type === 'object') checkStatement(ctx, policy, s);
  checkSids(ctx, policy);
}

