import { CustomerManagedPolicy, PolicyDocument, RoleManifest, Tag } from './roleModel';

// IAM's own equivalence of two roles, so that a diff shows only what IAM would treat as a change.
// The rules, each tested with a near-miss that is not equivalent (test/unit/normalize.test.ts):
// - a single value and an array of one are the same value;
// - Action, NotAction, Resource, NotResource, each principal list and each condition value list are
//   sets, and a policy's statements are a set;
// - action names compare case-insensitively and are shown as written; Effect, element names,
//   resources and principals compare exactly;
// - condition operators compare exactly, condition key names case-insensitively; condition values
//   compare exactly, except under the ...IgnoreCase operators; a value compares as its text (3600 is "3600");
// - an account id principal is the account's root, `arn:aws:iam::ID:root` (what IAM stores);
// - tags are a set, as are attached policy ARNs and the role's policies (by name);
// - `Path` "/" and `MaxSessionDuration` 3600 are what an unset value means (the loader fills them in).
// Anything else in a document (an unknown element, a value of the wrong type) compares as written.

/** The statement elements whose values are sets, in the order a normalised statement shows them. */
const ELEMENT_ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/**
 * How one side of a diff writes what compares case-insensitively, by lowercase: actions, condition
 * keys, and values under ...IgnoreCase operators; so the other side can be shown in the same spelling.
 */
export interface Spelling {
  readonly actions: ReadonlyMap<string, string>;
  readonly conditionKeys: ReadonlyMap<string, string>;
  readonly ignoreCaseValues: ReadonlyMap<string, string>;
}

/** Sorts strings by code unit, the same on every machine (no locale). */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted at every level: equal texts for values IAM stores alike. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort(byText).map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** An object without a prototype, so that a key written `__proto__` is a key like any other. */
function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function own(value: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/**
 * A set of values as IAM compares them: by `compare` key, each shown as first written (or as the other
 * side spells it). Values that are not strings or numbers are kept whole and compare as their JSON.
 */
export class ValueSet {
  /** Display value by comparison key, in comparison-key order once built. */
  readonly values = new Map<string, unknown>();

  constructor(raw: unknown, compare: (text: string) => string, spelling?: ReadonlyMap<string, string>) {
    const list = Array.isArray(raw) ? raw : [raw];
    const entries: [string, unknown][] = [];
    for (const item of list) {
      const text = typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined;
      const key = text === undefined ? `\u0000${stableStringify(item)}` : compare(text);
      if (entries.some(([k]) => k === key)) continue;
      entries.push([key, text === undefined ? item : spelling?.get(key) ?? item]);
    }
    entries.sort(([a], [b]) => byText(a, b));
    for (const [k, v] of entries) this.values.set(k, v);
  }

  /** The comparison keys, sorted. */
  get keys(): string[] {
    return [...this.values.keys()];
  }

  /** The set as a policy writes it: one value alone, several as a sorted array. */
  get written(): unknown {
    const shown = [...this.values.values()];
    return shown.length === 1 ? shown[0] : shown;
  }
}

const exact = (s: string) => s;
const lower = (s: string) => s.toLowerCase();

/** An account id principal means the account's root: `arn:aws:iam::ID:root`, as IAM stores it. */
export function normalizeAwsPrincipal(value: string): string {
  return /^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value;
}

/** Condition values compare case-insensitively only under the ...IgnoreCase operators. */
function operatorIgnoresCase(operator: string): boolean {
  return /IgnoreCase(IfExists)?$/.test(operator);
}

/** The comparison key of a condition value under an operator. */
function conditionValueKey(operator: string, value: string): string {
  return operatorIgnoresCase(operator) ? value.toLowerCase() : value;
}

/**
 * A principal element as sets: `{ type: values }` with account ids as root ARNs. `"*"` is kept as
 * the string it is (it also admits anonymous callers). Undefined for a value of another shape.
 */
export function principalSets(value: unknown): Map<string, ValueSet> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const sets = new Map<string, ValueSet>();
  for (const type of Object.keys(value).sort(byText)) {
    const raw = own(value as Record<string, unknown>, type);
    const list = (Array.isArray(raw) ? raw : [raw]).map((v) => (type === 'AWS' && typeof v === 'string' ? normalizeAwsPrincipal(v) : v));
    sets.set(type, new ValueSet(list, exact));
  }
  return sets;
}

/**
 * A condition element as sets: operator (exact) → key (case-insensitive, by its lowercase) → values.
 * Undefined for a value of another shape.
 */
export function conditionSets(value: unknown, spelling?: Spelling): Map<string, Map<string, { key: string; values: ValueSet }>> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const operators = new Map<string, Map<string, { key: string; values: ValueSet }>>();
  for (const operator of Object.keys(value).sort(byText)) {
    const block = own(value as Record<string, unknown>, operator);
    if (!block || typeof block !== 'object' || Array.isArray(block)) return undefined;
    const keys = new Map<string, { key: string; values: ValueSet }>();
    for (const key of Object.keys(block)) {
      const k = key.toLowerCase();
      if (keys.has(k)) continue;
      const compare = (v: string) => conditionValueKey(operator, v);
      const values = new ValueSet(own(block as Record<string, unknown>, key), compare, operatorIgnoresCase(operator) ? spelling?.ignoreCaseValues : undefined);
      keys.set(k, { key: spelling?.conditionKeys.get(k) ?? key, values });
    }
    operators.set(operator, new Map([...keys].sort(([a], [b]) => byText(a, b))));
  }
  return operators;
}

/** One statement, normalised: how it is shown, how it compares, and where it was written. */
export interface NormalStatement {
  /** The statement as a policy would write it: value lists as sorted sets, elements in a stable order. */
  readonly value: Record<string, unknown>;
  /** Equal for two statements exactly when IAM treats them as the same statement. */
  readonly key: string;
  /** Its index in the document's `Statement` as written (0 for a single statement object). */
  readonly index: number;
}

/** A policy document, normalised. */
export interface NormalPolicy {
  /** The document's elements other than `Statement` (Version, Id), as written. */
  readonly header: Record<string, unknown>;
  /** The statements as a set: sorted by key, duplicates removed. */
  readonly statements: readonly NormalStatement[];
  /** Equal for two documents exactly when IAM treats them as the same. */
  readonly key: string;
}

/** The comparison form and shown form of one element of a statement. */
function normalizeElement(name: string, raw: unknown, spelling?: Spelling): { shown: unknown; compare: unknown } {
  if (name === 'Action' || name === 'NotAction') {
    const set = new ValueSet(raw, lower, spelling?.actions);
    return { shown: set.written, compare: set.keys };
  }
  if (name === 'Resource' || name === 'NotResource') {
    const set = new ValueSet(raw, exact);
    return { shown: set.written, compare: set.keys };
  }
  if (name === 'Principal' || name === 'NotPrincipal') {
    const sets = principalSets(raw);
    if (!sets) return { shown: raw, compare: raw };
    const shown = record();
    const compare = record();
    for (const [type, set] of sets) {
      shown[type] = set.written;
      compare[type] = set.keys;
    }
    return { shown, compare };
  }
  if (name === 'Condition') {
    const sets = conditionSets(raw, spelling);
    if (!sets) return { shown: raw, compare: raw };
    const shown = record();
    const compare = record();
    for (const [operator, keys] of sets) {
      const shownBlock = record();
      const compareBlock = record();
      for (const [k, { key, values }] of keys) {
        shownBlock[key] = values.written;
        compareBlock[k] = values.keys;
      }
      shown[operator] = shownBlock;
      compare[operator] = compareBlock;
    }
    return { shown, compare };
  }
  return { shown: raw, compare: raw };
}

/** Normalises one statement (any JSON value; a non-object compares as written). */
export function normalizeStatement(raw: unknown, index: number, spelling?: Spelling): NormalStatement {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { value: raw as Record<string, unknown>, key: stableStringify(raw), index };
  const statement = raw as Record<string, unknown>;
  const names = Object.keys(statement).sort((a, b) => {
    const ia = ELEMENT_ORDER.indexOf(a);
    const ib = ELEMENT_ORDER.indexOf(b);
    return (ia < 0 ? ELEMENT_ORDER.length : ia) - (ib < 0 ? ELEMENT_ORDER.length : ib) || byText(a, b);
  });
  const value = record();
  const compare = record();
  for (const name of names) {
    const { shown, compare: c } = normalizeElement(name, statement[name], spelling);
    value[name] = shown;
    compare[name] = c;
  }
  return { value, key: stableStringify(compare), index };
}

/**
 * Normalises a policy document: its statements as a set (a single statement object is a list of
 * one), each with IAM's equivalences. Any JSON object is accepted; a malformed part compares as written.
 */
export function normalizePolicy(document: PolicyDocument, spelling?: Spelling): NormalPolicy {
  const header = record();
  for (const k of Object.keys(document).sort(byText)) if (k !== 'Statement') header[k] = document[k];
  const raw = own(document, 'Statement');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const statements: NormalStatement[] = [];
  list.forEach((s, i) => {
    const normal = normalizeStatement(s, i, spelling);
    if (!statements.some((t) => t.key === normal.key)) statements.push(normal);
  });
  statements.sort((a, b) => byText(a.key, b.key));
  return { header, statements, key: stableStringify({ header, statements: statements.map((s) => s.key) }) };
}

/** True when IAM treats two policy documents as the same. */
export function samePolicy(a: PolicyDocument, b: PolicyDocument): boolean {
  return normalizePolicy(a).key === normalizePolicy(b).key;
}

/** How a policy writes the normalised document: header, then the statements in their set order. */
export function writtenPolicy(policy: NormalPolicy): Record<string, unknown> {
  const result = record();
  for (const k of ['Version', 'Id', ...Object.keys(policy.header)]) if (k in policy.header && !(k in result)) result[k] = policy.header[k];
  result.Statement = policy.statements.map((s) => s.value);
  return result;
}

/**
 * How one role spells what compares case-insensitively (actions, condition keys, values under
 * ...IgnoreCase operators), so that the other side of a diff can be shown in the same spelling.
 */
export function spellingOf(role: RoleManifest): Spelling {
  const actions = new Map<string, string>();
  const conditionKeys = new Map<string, string>();
  const ignoreCaseValues = new Map<string, string>();
  const add = (map: Map<string, string>, k: string, v: string) => {
    if (!map.has(k)) map.set(k, v);
  };
  const documents = [role.trustPolicy, ...role.customerManagedPolicies.map((p) => p.document), ...role.inlinePolicies.map((p) => p.document)];
  for (const document of documents) {
    const raw = own(document, 'Statement');
    for (const statement of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      if (!statement || typeof statement !== 'object') continue;
      for (const element of ['Action', 'NotAction']) {
        const list = own(statement as Record<string, unknown>, element);
        for (const a of Array.isArray(list) ? list : [list]) if (typeof a === 'string') add(actions, a.toLowerCase(), a);
      }
      for (const [operator, keys] of conditionSets(own(statement as Record<string, unknown>, 'Condition')) ?? []) {
        for (const [k, { key, values }] of keys) {
          add(conditionKeys, k, key);
          if (operatorIgnoresCase(operator)) for (const [vk, v] of values.values) if (typeof v === 'string') add(ignoreCaseValues, vk, v);
        }
      }
    }
  }
  return { actions, conditionKeys, ignoreCaseValues };
}

/** The ARN of a customer managed policy in an account (`arn:aws:iam::ID:policy/PATH/NAME`). */
export function customerPolicyArn(accountArnPrefix: string, policy: Pick<CustomerManagedPolicy, 'name' | 'path'>): string {
  return `${accountArnPrefix}policy${policy.path}${policy.name}`;
}

/** The `arn:PARTITION:iam::ACCOUNT:` prefix of a deployed role's ARN; undefined for a local role. */
export function accountArnPrefix(role: RoleManifest): string | undefined {
  const m = role.deployed && /^(arn:[^:]+:iam::\d{12}:)role\//.exec(role.deployed.arn);
  return m ? m[1] : undefined;
}

/** Tags as a set: sorted by key, then value. */
export function normalizeTags(tags: readonly Tag[]): Tag[] {
  return [...tags].sort((a, b) => byText(a.key, b.key) || byText(a.value, b.value));
}

/**
 * Which of a deployed role's customer managed policies a local manifest owns (declares in
 * CustomerManagedPolicies, by name and path); the others are plain attachments. With no local
 * counterpart every one is owned, so that the deployed role shows all its documents.
 */
export function ownedPolicies(deployed: RoleManifest, local: RoleManifest | undefined): { owned: CustomerManagedPolicy[]; attached: string[] } {
  if (!local) return { owned: [...deployed.customerManagedPolicies], attached: [] };
  const declared = new Set(local.customerManagedPolicies.map((p) => `${p.path}${p.name}`));
  const owned: CustomerManagedPolicy[] = [];
  const attached: string[] = [];
  for (const p of deployed.customerManagedPolicies) {
    if (declared.has(`${p.path}${p.name}`)) owned.push(p);
    else attached.push(p.arn ?? customerPolicyArn(accountArnPrefix(deployed) ?? '', p));
  }
  return { owned, attached };
}

/**
 * The role as one JSON text, normalised, for a text diff of a deployed role against a local one
 * (VS Code's diff editor): CloudFormation's property names in a stable order, documents inlined,
 * sets sorted, defaults written out, file references and comments gone. A deployed role given
 * `counterpart`, the local manifest it is compared with, is shown in the manifest's terms: names that
 * compare case-insensitively spelt as the manifest spells them, and the customer managed policies
 * the manifest does not own as attached ARNs; so the two texts differ only where IAM sees a change.
 */
export function renderRole(role: RoleManifest, counterpart?: RoleManifest): string {
  const spelling = counterpart && role.deployed ? spellingOf(counterpart) : undefined;
  const doc = (d: PolicyDocument) => writtenPolicy(normalizePolicy(d, spelling));
  const { owned, attached } = role.deployed ? ownedPolicies(role, counterpart) : { owned: role.customerManagedPolicies, attached: [] };
  const byName = <T extends { name: string }>(list: readonly T[]) => [...list].sort((a, b) => byText(a.name, b.name));
  const out: Record<string, unknown> = {
    RoleName: role.roleName,
    Path: role.path,
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(role.permissionsBoundary !== undefined ? { PermissionsBoundary: role.permissionsBoundary } : {}),
    InstanceProfile: role.instanceProfile,
    Tags: normalizeTags(role.tags).map((t) => ({ Key: t.key, Value: t.value })),
    AssumeRolePolicyDocument: doc(role.trustPolicy),
    ManagedPolicyArns: [...new Set([...role.managedPolicyArns, ...attached])].sort(byText),
    CustomerManagedPolicies: byName(owned).map((p) => ({
      PolicyName: p.name, Path: p.path, ...(p.description !== undefined ? { Description: p.description } : {}), PolicyDocument: doc(p.document),
    })),
    Policies: byName(role.inlinePolicies).map((p) => ({ PolicyName: p.name, PolicyDocument: doc(p.document) })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
