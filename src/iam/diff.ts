import { defaultSeverity } from './codes';
import { Severity } from './findings';
import { sourcePath } from './manifest';
import {
  accountArnPrefix, conditionSets, customerPolicyArn, normalizePolicy, NormalPolicy, NormalStatement, normalizeTags, ownedPolicies,
  principalSets, stableStringify, ValueSet,
} from './normalize';
import { CustomerManagedPolicy, PolicyDocument, RoleManifest, SourceRange } from './roleModel';

// The difference between a deployed role and a local manifest, part by part and statement by
// statement, each change classed as widening access, narrowing it, or neither, like `cdk diff`'s
// "IAM Statement Changes", but an edited statement is one change, not a removal and an addition.

/** What a change does to access. Where the direction cannot be told (a changed boundary), it is widening, to be looked at. */
export type ChangeClass = 'widening' | 'narrowing' | 'neither';

/** Added or removed going from the deployed role to the local one; changed when both have it. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** The part of a role a change is in. */
export type RolePart = 'role' | 'trust' | 'inlinePolicy' | 'customerManagedPolicy' | 'attachment' | 'tag' | 'boundary' | 'instanceProfile';

/** How one element of a statement (or of a document: `Version`) changed: the values each side alone has, as shown. */
export interface ElementChange {
  /** `Effect`, `Action`, `Principal`, `Condition`, ..., or `Version` for a document. */
  readonly element: string;
  /** Values only the local side has: `s3:PutObject`, `AWS arn:aws:iam::123456789012:root`, `StringEquals aws:SourceAccount 123456789012`. */
  readonly added: readonly string[];
  /** Values only the deployed side has. */
  readonly removed: readonly string[];
  readonly class: ChangeClass;
}

/** A statement added, removed or changed in a document. */
export interface StatementChange {
  readonly kind: ChangeKind;
  readonly class: ChangeClass;
  /** The statement's Sid, or its position in the document: `statement 2`. */
  readonly label: string;
  /** The deployed statement, normalised; absent when added. */
  readonly before?: Readonly<Record<string, unknown>>;
  /** The local statement, normalised; absent when removed. */
  readonly after?: Readonly<Record<string, unknown>>;
  /** For a changed statement, each element that differs. */
  readonly elements: readonly ElementChange[];
  /** Where the local manifest writes it (the document, for a removed statement). */
  readonly source?: SourceRange;
}

/** One change to a role. */
export interface RoleChange {
  readonly part: RolePart;
  readonly kind: ChangeKind;
  readonly class: ChangeClass;
  /**
   * What changed, as a user names it: the role property (`Description`), `AssumeRolePolicyDocument`,
   * the policy name, the attached policy's ARN, the tag key, `PermissionsBoundary`, `InstanceProfile`.
   */
  readonly name: string;
  /** For a policy, the property of it that changed (`Description`, `Path`); absent for its document. */
  readonly property?: string;
  /** Values of a property, tag, boundary or instance profile. */
  readonly before?: string | number | boolean;
  readonly after?: string | number | boolean;
  /** For a document: its statements that changed, and its other elements (`Version`) that did. */
  readonly statements: readonly StatementChange[];
  readonly documentElements: readonly ElementChange[];
  /** For a customer managed policy, its ARN in the deployed role's account (built from the role's ARN when the account lacks it). */
  readonly arn?: string;
  readonly source?: SourceRange;
}

/** A problem the diff finds in a trust policy. */
export interface DiffFinding {
  readonly code: 'TRUST_NAMES_DELETED_PRINCIPAL';
  readonly severity: Severity;
  readonly message: string;
  /** The side whose trust policy has it. */
  readonly side: 'deployed' | 'local';
  /** Where the local manifest writes it. */
  readonly source?: SourceRange;
}

/** The difference between a deployed role and a local manifest. */
export interface RoleDiff {
  readonly roleName: string;
  /** The role is not in the account: everything the manifest has is an addition. */
  readonly missing: boolean;
  readonly changes: readonly RoleChange[];
  readonly findings: readonly DiffFinding[];
}

/** The strongest class of several: widening over narrowing over neither. */
function strongest(classes: readonly ChangeClass[]): ChangeClass {
  return classes.includes('widening') ? 'widening' : classes.includes('narrowing') ? 'narrowing' : 'neither';
}

/** The class of granting more (`more` true) or less under an effect: more of an Allow widens, more of a Deny narrows. */
function grant(effect: unknown, more: boolean): ChangeClass {
  if (effect === 'Allow') return more ? 'widening' : 'narrowing';
  if (effect === 'Deny') return more ? 'narrowing' : 'widening';
  return 'neither';
}

function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (!/[*?]/.test(pattern)) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** How a set of patterns changed: each side's values matched by the other's wildcards count as covered. */
function direction(before: readonly string[], after: readonly string[], ignoreCase: boolean): 'same' | 'grows' | 'shrinks' | 'mixed' {
  const covers = (patterns: readonly string[], values: readonly string[]) => values.every((v) => patterns.some((p) => globMatches(p, v, ignoreCase)));
  const afterCovers = covers(after, before);
  const beforeCovers = covers(before, after);
  if (afterCovers && beforeCovers) return 'same';
  if (afterCovers) return 'grows';
  if (beforeCovers) return 'shrinks';
  return 'mixed';
}

/** The class of a changed value set of an element under an effect; `negated` for NotAction, NotResource, NotPrincipal. */
function setClass(before: readonly string[], after: readonly string[], effect: unknown, ignoreCase: boolean, negated: boolean): ChangeClass {
  const d = direction(before, after, ignoreCase);
  if (d === 'same') return 'neither';
  if (d === 'mixed') return 'widening';
  return grant(effect, (d === 'grows') !== negated);
}

/** An element's values by comparison key, each as shown in a change. */
function elementEntries(element: string, raw: unknown): Map<string, string> | undefined {
  if (raw === undefined) return new Map();
  if (element === 'Action' || element === 'NotAction' || element === 'Resource' || element === 'NotResource') {
    const set = new ValueSet(raw, element.endsWith('Action') ? (s) => s.toLowerCase() : (s) => s);
    return new Map([...set.values].map(([k, v]) => [k, typeof v === 'string' ? v : stableStringify(v)]));
  }
  if (element === 'Principal' || element === 'NotPrincipal') {
    if (raw === '*') return new Map([['*', '*']]);
    const sets = principalSets(raw);
    if (!sets) return undefined;
    const entries = new Map<string, string>();
    for (const [type, set] of sets) for (const [k, v] of set.values) entries.set(`${type} ${k}`, `${type} ${typeof v === 'string' ? v : stableStringify(v)}`);
    return entries;
  }
  if (element === 'Condition') {
    const sets = conditionSets(raw);
    if (!sets) return undefined;
    const entries = new Map<string, string>();
    for (const [operator, keys] of sets) {
      for (const [k, { key, values }] of keys) {
        for (const [vk, v] of values.values) entries.set(`${operator}\u0000${k}\u0000${vk}`, `${operator} ${key} ${typeof v === 'string' ? v : stableStringify(v)}`);
      }
    }
    return entries;
  }
  return undefined;
}

/** The class of a changed Condition: a condition removed widens an Allow, added narrows it; values by their operator. */
function conditionClass(before: unknown, after: unknown, effect: unknown): ChangeClass {
  const b = conditionSets(before ?? {});
  const a = conditionSets(after ?? {});
  if (!a || !b) return 'widening';
  const classes: ChangeClass[] = [];
  const blocks = new Set([...b.keys(), ...a.keys()].flatMap((op) => [...(b.get(op)?.keys() ?? []), ...(a.get(op)?.keys() ?? [])].map((k) => `${op}\u0000${k}`)));
  for (const block of blocks) {
    const [operator, key] = block.split('\u0000');
    const was = b.get(operator)?.get(key)?.values.keys;
    const now = a.get(operator)?.get(key)?.values.keys;
    if (!was) classes.push(grant(effect, false));
    else if (!now) classes.push(grant(effect, true));
    else if (stableStringify(was) !== stableStringify(now)) {
      // More values match more requests under a positive operator; under a negated one, fewer. Other
      // operators (numbers, dates, Bool, Null) have no set direction.
      const setLike = /^(For(All|Any)Value:)?(String|Arn|IpAddress|NotIpAddress)/.test(operator);
      const negated = /Not/.test(operator.replace(/^For(All|Any)Value:/, ''));
      classes.push(setLike ? setClass(was, now, effect, false, negated) : 'widening');
    }
  }
  return strongest(classes);
}

/** Each element of two matched statements that differs, with its class under the local statement's effect. */
function elementChanges(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): ElementChange[] {
  const changes: ElementChange[] = [];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const effectChanged = before.Effect !== after.Effect;
  for (const element of names) {
    const was = before[element];
    const now = after[element];
    const b = elementEntries(element, was);
    const a = elementEntries(element, now);
    if (!a || !b) {
      if (stableStringify(was) === stableStringify(now)) continue;
      const shown = (v: unknown) => (v === undefined ? [] : [typeof v === 'string' ? v : stableStringify(v)]);
      const cls = element === 'Effect' ? (now === 'Allow' ? 'widening' : now === 'Deny' ? 'narrowing' : 'widening') : element === 'Sid' ? 'neither' : 'widening';
      changes.push({ element, added: shown(now), removed: shown(was), class: cls });
      continue;
    }
    const added = [...a].filter(([k]) => !b.has(k)).map(([, v]) => v);
    const removed = [...b].filter(([k]) => !a.has(k)).map(([, v]) => v);
    if (added.length === 0 && removed.length === 0) continue;
    let cls: ChangeClass;
    if (effectChanged) cls = 'neither'; // the Effect's own change carries the class
    else if (element === 'Condition') cls = conditionClass(was, now, after.Effect);
    else {
      const negated = element.startsWith('Not');
      const values = (m: Map<string, string>) => (element.endsWith('Principal') ? [...m.keys()] : [...m.values()]);
      cls = setClass(values(b), values(a), after.Effect, element.endsWith('Action'), negated);
    }
    changes.push({ element, added, removed, class: cls });
  }
  return changes;
}

/** Every value of a statement's set elements, tagged by element, for matching edited statements. */
function overlapValues(statement: Readonly<Record<string, unknown>>): Set<string> {
  const values = new Set<string>();
  for (const element of ['Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']) {
    for (const k of elementEntries(element, statement[element])?.keys() ?? []) values.add(`${element}\u0000${k}`);
  }
  return values;
}

/**
 * A statement's elements. A statement that is not an object (the checks report it) is one element of
 * its own, compared as written.
 */
function elementsOf(s: NormalStatement): Readonly<Record<string, unknown>> {
  return s.value && typeof s.value === 'object' && !Array.isArray(s.value) ? s.value : { '(statement)': s.value };
}

function sidOf(s: NormalStatement): string | undefined {
  const sid = elementsOf(s).Sid;
  return typeof sid === 'string' && sid !== '' ? sid : undefined;
}

/**
 * Pairs the statements of two documents: equal ones first, then by Sid, then by the largest share of
 * their values (actions, resources, principals, conditions), so that an edited statement is one
 * change. Statements with different Sids are never paired.
 */
function matchStatements(before: readonly NormalStatement[], after: readonly NormalStatement[]): { pairs: [NormalStatement, NormalStatement][]; removed: NormalStatement[]; added: NormalStatement[] } {
  const left = new Set(before);
  const right = new Set(after);
  const pairs: [NormalStatement, NormalStatement][] = [];
  const pair = (b: NormalStatement, a: NormalStatement) => {
    pairs.push([b, a]);
    left.delete(b);
    right.delete(a);
  };
  for (const a of after) {
    const b = [...left].find((s) => s.key === a.key);
    if (b) pair(b, a);
  }
  for (const a of [...right]) {
    const sid = sidOf(a);
    const b = sid === undefined ? undefined : [...left].find((s) => sidOf(s) === sid);
    if (b) pair(b, a);
  }
  const candidates: { b: NormalStatement; a: NormalStatement; score: number }[] = [];
  const values = new Map([...left, ...right].map((s) => [s, overlapValues(elementsOf(s))]));
  for (const b of left) {
    for (const a of right) {
      if (sidOf(a) !== undefined && sidOf(b) !== undefined) continue;
      const bv = values.get(b)!;
      const av = values.get(a)!;
      const shared = [...av].filter((v) => bv.has(v)).length;
      if (shared === 0) continue;
      const sameEffect = elementsOf(b).Effect === elementsOf(a).Effect ? 0.5 : 0;
      candidates.push({ b, a, score: shared / new Set([...av, ...bv]).size + sameEffect });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.a.index - y.a.index);
  for (const { b, a } of candidates) if (left.has(b) && right.has(a)) pair(b, a);
  const byIndex = (x: NormalStatement, y: NormalStatement) => x.index - y.index;
  return { pairs: pairs.sort((x, y) => byIndex(x[1], y[1])), removed: [...left].sort(byIndex), added: [...right].sort(byIndex) };
}

/** Where the local manifest writes a document, and each of its statements. */
interface DocumentSource {
  readonly document?: SourceRange;
  statement(index: number): SourceRange | undefined;
}

function documentSource(role: RoleManifest | undefined, at: string, document: PolicyDocument | undefined): DocumentSource {
  const single = document !== undefined && !Array.isArray(document.Statement);
  return {
    document: role?.sources.get(at),
    statement: (index) => role?.sources.get(single ? sourcePath(at, 'Statement') : `${at}/${sourcePath('Statement', index)}`) ?? role?.sources.get(at),
  };
}

const label = (s: NormalStatement) => sidOf(s) ?? `statement ${s.index + 1}`;

/** The statement-level difference of two documents (either may be absent: all added or all removed). */
function diffDocuments(before: PolicyDocument | undefined, after: PolicyDocument | undefined, where: DocumentSource): { statements: StatementChange[]; documentElements: ElementChange[] } {
  const b: NormalPolicy | undefined = before && normalizePolicy(before);
  const a: NormalPolicy | undefined = after && normalizePolicy(after);
  const { pairs, removed, added } = matchStatements(b?.statements ?? [], a?.statements ?? []);
  const statements: StatementChange[] = [];
  for (const [was, now] of pairs) {
    if (was.key === now.key) continue;
    const elements = elementChanges(elementsOf(was), elementsOf(now));
    statements.push({ kind: 'changed', class: strongest(elements.map((e) => e.class)), label: label(now), before: was.value, after: now.value, elements, source: where.statement(now.index) });
  }
  for (const s of added) statements.push({ kind: 'added', class: grant(elementsOf(s).Effect, true), label: label(s), after: s.value, elements: [], source: where.statement(s.index) });
  for (const s of removed) statements.push({ kind: 'removed', class: grant(elementsOf(s).Effect, false), label: label(s), before: s.value, elements: [], source: where.document });
  const documentElements: ElementChange[] = [];
  if (b && a) {
    for (const element of [...new Set([...Object.keys(b.header), ...Object.keys(a.header)])].sort()) {
      const was = b.header[element];
      const now = a.header[element];
      if (stableStringify(was) === stableStringify(now)) continue;
      const shown = (v: unknown) => (v === undefined ? [] : [typeof v === 'string' ? v : stableStringify(v)]);
      documentElements.push({ element, added: shown(now), removed: shown(was), class: 'neither' });
    }
  }
  return { statements, documentElements };
}

/** A document change, or undefined when IAM sees none. */
function documentChange(part: RolePart, name: string, before: PolicyDocument | undefined, after: PolicyDocument | undefined, where: DocumentSource): RoleChange | undefined {
  const { statements, documentElements } = diffDocuments(before, after, where);
  if (before && after && statements.length === 0 && documentElements.length === 0) return undefined;
  const kind: ChangeKind = !before ? 'added' : !after ? 'removed' : 'changed';
  return { part, kind, class: strongest(statements.map((s) => s.class)), name, statements, documentElements, source: where.document };
}

/** A change of a single value (a property, a tag, the boundary): undefined when the two are equal. */
function valueChange(part: RolePart, name: string, before: string | number | boolean | undefined, after: string | number | boolean | undefined, cls: ChangeClass, source?: SourceRange, property?: string): RoleChange | undefined {
  if (before === after) return undefined;
  const kind: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  return {
    part, kind, class: cls, name, ...(property ? { property } : {}),
    ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}),
    statements: [], documentElements: [], ...(source ? { source } : {}),
  };
}

/** Role and user unique ids: what IAM leaves in a trust policy when the principal it named is deleted. */
const UNIQUE_ID = /^(AROA|AIDA)[A-Z0-9]{12,}$/;

function deletedPrincipals(role: RoleManifest, side: 'deployed' | 'local'): DiffFinding[] {
  const findings: DiffFinding[] = [];
  const raw = role.trustPolicy.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  statements.forEach((statement, i) => {
    const principal = statement && typeof statement === 'object' ? (statement as Record<string, unknown>).Principal : undefined;
    const aws = principal && typeof principal === 'object' ? (principal as Record<string, unknown>).AWS : undefined;
    const list = Array.isArray(aws) ? aws : [aws];
    list.forEach((id, j) => {
      if (typeof id !== 'string' || !UNIQUE_ID.test(id)) return;
      const statementPath = Array.isArray(raw) ? ['AssumeRolePolicyDocument', 'Statement', i] : ['AssumeRolePolicyDocument', 'Statement'];
      const source = role.sources.get(sourcePath(...statementPath, 'Principal', 'AWS', ...(Array.isArray(aws) ? [j] : [])));
      findings.push({
        code: 'TRUST_NAMES_DELETED_PRINCIPAL', severity: defaultSeverity('TRUST_NAMES_DELETED_PRINCIPAL'), side,
        message: `${id} in the ${side === 'deployed' ? 'deployed' : 'local'} trust policy of ${role.roleName} is the unique id IAM leaves when the role or user it named is deleted: this trust no longer names anyone. Remove it, or name the principal by ARN again (one created again under the same name is a new principal).`,
        ...(source ? { source } : {}),
      });
    });
  });
  return findings;
}

/**
 * The difference between a deployed role (undefined when the account has none of that name) and a
 * local manifest, part by part: role properties, trust statements, inline policies, the documents of
 * the customer managed policies the manifest owns, attachments, tags, boundary and instance profile.
 * Documents are compared under IAM's equivalences (normalize.ts), statement by statement. Attached
 * customer managed policies the manifest does not own (by path and name) are plain attachments; a
 * policy the manifest owns that the role does not have attached is added, whether or not the account
 * has a policy of that name (the deployed side knows only what is attached).
 * Trust principals left as unique ids are findings. Changes carry the local manifest's source where
 * it has one.
 */
export function diffRoles(deployed: RoleManifest | undefined, local: RoleManifest): RoleDiff {
  const changes: RoleChange[] = [];
  const push = (c: RoleChange | undefined) => {
    if (c) changes.push(c);
  };
  const src = (p: string) => local.sources.get(p);
  if (!deployed) push(valueChange('role', 'RoleName', undefined, local.roleName, 'neither', src('RoleName')));
  push(valueChange('role', 'Path', deployed?.path ?? '/', local.path, 'neither', src('Path')));
  push(valueChange('role', 'Description', deployed?.description, local.description, 'neither', src('Description')));
  push(valueChange('role', 'MaxSessionDuration', deployed?.maxSessionDuration ?? 3600, local.maxSessionDuration, 'neither', src('MaxSessionDuration')));
  push(documentChange('trust', 'AssumeRolePolicyDocument', deployed?.trustPolicy, local.trustPolicy, documentSource(local, 'AssumeRolePolicyDocument', local.trustPolicy)));

  const deployedInline = new Map((deployed?.inlinePolicies ?? []).map((p) => [p.name, p]));
  local.inlinePolicies.forEach((p, i) => {
    const at = sourcePath('Policies', i, 'PolicyDocument');
    push(documentChange('inlinePolicy', p.name, deployedInline.get(p.name)?.document, p.document, documentSource(local, at, p.document)));
  });
  const localInline = new Set(local.inlinePolicies.map((p) => p.name));
  for (const p of deployed?.inlinePolicies ?? []) if (!localInline.has(p.name)) push(documentChange('inlinePolicy', p.name, p.document, undefined, documentSource(local, 'Policies', undefined)));

  const { owned, attached } = deployed ? ownedPolicies(deployed, local) : { owned: [] as CustomerManagedPolicy[], attached: [] as string[] };
  const ownedByKey = new Map(owned.map((p) => [`${p.path}${p.name}`, p]));
  const prefix = deployed && accountArnPrefix(deployed);
  local.customerManagedPolicies.forEach((p, i) => {
    const before = ownedByKey.get(`${p.path}${p.name}`);
    const at = (k: string) => sourcePath('CustomerManagedPolicies', i, k);
    const arn = before?.arn ?? (prefix ? customerPolicyArn(prefix, p) : undefined);
    const withArn = (c: RoleChange | undefined) => c && (arn ? { ...c, arn } : c);
    if (before) push(withArn(valueChange('customerManagedPolicy', p.name, before.description, p.description, 'neither', src(at('Description')), 'Description')));
    push(withArn(documentChange('customerManagedPolicy', p.name, before?.document, p.document, documentSource(local, at('PolicyDocument'), p.document))));
  });

  const deployedArns = new Set([...(deployed?.managedPolicyArns ?? []), ...attached]);
  const localArns = new Set(local.managedPolicyArns);
  local.managedPolicyArns.forEach((arn, i) => {
    if (!deployedArns.has(arn)) push(valueChange('attachment', arn, undefined, arn, 'widening', src(sourcePath('ManagedPolicyArns', i))));
  });
  for (const arn of [...deployedArns].sort()) if (!localArns.has(arn)) push(valueChange('attachment', arn, arn, undefined, 'narrowing', src('ManagedPolicyArns')));

  const deployedTags = new Map(normalizeTags(deployed?.tags ?? []).map((t) => [t.key, t.value]));
  const localTags = new Map(local.tags.map((t, i) => [t.key, { value: t.value, index: i }]));
  for (const [key, { value, index }] of localTags) push(valueChange('tag', key, deployedTags.get(key), value, 'neither', src(sourcePath('Tags', index))));
  for (const [key, value] of deployedTags) if (!localTags.has(key)) push(valueChange('tag', key, value, undefined, 'neither', src('Tags')));

  // A boundary caps what the role may do: adding one narrows, removing one widens, another one may do either.
  const boundaryClass: ChangeClass = deployed?.permissionsBoundary === undefined ? 'narrowing' : 'widening';
  push(valueChange('boundary', 'PermissionsBoundary', deployed?.permissionsBoundary, local.permissionsBoundary, boundaryClass, src('PermissionsBoundary')));
  // InstanceProfile false or absent manages no instance profile (design.md): only wanting one that is missing is a change.
  if (local.instanceProfile) push(valueChange('instanceProfile', 'InstanceProfile', deployed?.instanceProfile ?? false, true, 'widening', src('InstanceProfile')));

  const findings = [...(deployed ? deletedPrincipals(deployed, 'deployed') : []), ...deletedPrincipals(local, 'local')];
  return { roleName: local.roleName, missing: !deployed, changes, findings };
}

/** True when the diff has any change (findings alone are not differences). */
export function hasDifferences(diff: RoleDiff): boolean {
  return diff.changes.length > 0;
}

const PART_TITLE: Record<RolePart, string> = {
  role: 'Role', trust: 'Trust policy', inlinePolicy: 'Inline policy', customerManagedPolicy: 'Customer managed policy',
  attachment: 'Attached policy', tag: 'Tag', boundary: 'Permissions boundary', instanceProfile: 'Instance profile',
};
const MARK: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };
const CLASS_NOTE: Record<ChangeClass, string> = { widening: ' [widens access]', narrowing: ' [narrows access]', neither: '' };

function shownValue(v: string | number | boolean | undefined): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A statement in one line: `Allow s3:GetObject on arn:aws:s3:::b/*`. */
function statementLine(s: Readonly<Record<string, unknown>>): string {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return stableStringify(s);
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : stableStringify(x))).join(', ') : typeof v === 'string' ? v : stableStringify(v));
  const parts = [typeof s.Effect === 'string' ? s.Effect : stableStringify(s.Effect)];
  for (const [element, word] of [['Principal', 'for'], ['NotPrincipal', 'for all but'], ['Action', ''], ['NotAction', 'all but'], ['Resource', 'on'], ['NotResource', 'on all but'], ['Condition', 'when']] as const) {
    if (s[element] !== undefined) parts.push(`${word ? `${word} ` : ''}${list(s[element])}`);
  }
  return parts.join(' ');
}

/**
 * The diff in one line, for a notification or a CodeLens: `DevEC2: No differences`, `DevEC2: 2
 * changes, 1 widening access, 0 narrowing it`, or that the role is not in the account.
 */
export function diffHeadline(diff: RoleDiff): string {
  if (diff.changes.length === 0) return `${diff.roleName}: No differences`;
  const widening = diff.changes.filter((c) => c.class === 'widening').length;
  const narrowing = diff.changes.filter((c) => c.class === 'narrowing').length;
  const counts = `${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}, ${widening} widening access, ${narrowing} narrowing it`;
  return diff.missing ? `${diff.roleName}: not in the account; applying creates it (${counts})` : `${diff.roleName}: ${counts}`;
}

/**
 * The diff as text, one line per change and statement, marked + (added), - (removed) or ~ (changed)
 * and [widens access] / [narrows access]; "No differences" when there are none. Used by
 * `iam-author diff --format text` and the editor.
 */
export function formatDiff(diff: RoleDiff): string {
  const lines = [diffHeadline(diff)];
  for (const c of diff.changes) {
    // The trust policy, boundary and instance profile are one of a kind: their title names them.
    const what = c.part === 'trust' || c.part === 'boundary' || c.part === 'instanceProfile' ? '' : ` ${c.property ? `${c.name} ${c.property}` : c.name}`;
    const values = c.statements.length > 0 || c.documentElements.length > 0 ? ''
      : c.kind === 'changed' ? `: ${shownValue(c.before)} -> ${shownValue(c.after)}`
        : c.part === 'attachment' ? '' : `: ${shownValue(c.kind === 'added' ? c.after : c.before)}`;
    lines.push(`${MARK[c.kind]} ${PART_TITLE[c.part]}${what}${values}${CLASS_NOTE[c.class]}`);
    for (const e of c.documentElements) lines.push(`    ~ ${e.element}: ${e.removed.join(', ') || '(none)'} -> ${e.added.join(', ') || '(none)'}`);
    for (const s of c.statements) {
      if (s.kind !== 'changed') {
        lines.push(`    ${MARK[s.kind]} ${s.label}: ${statementLine((s.after ?? s.before)!)}${CLASS_NOTE[s.class]}`);
        continue;
      }
      lines.push(`    ~ ${s.label}${CLASS_NOTE[s.class]}`);
      for (const e of s.elements) {
        const values = [...e.added.map((v) => `+${v}`), ...e.removed.map((v) => `-${v}`)].join(', ');
        lines.push(`        ${e.element}: ${values}${CLASS_NOTE[e.class]}`);
      }
    }
  }
  for (const f of diff.findings) lines.push(`! ${f.code} ${f.message}`);
  return `${lines.join('\n')}\n`;
}

/** The diff as plain JSON data, for `iam-author diff --format json`: the RoleDiff with `differences` set. */
export function diffToJson(diff: RoleDiff): RoleDiff & { readonly differences: boolean } {
  return JSON.parse(JSON.stringify({ roleName: diff.roleName, differences: hasDifferences(diff), missing: diff.missing, changes: diff.changes, findings: diff.findings }));
}
