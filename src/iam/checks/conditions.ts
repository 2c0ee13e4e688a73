import { Node } from 'jsonc-parser';
import { isRegionName, PARTITIONS } from '../arn';
import { Action, Catalog, ConditionKey } from '../catalogTypes';
import { wildcardRegExp } from '../catalog';
import { allOperatorNames, likeOperatorFor, OperatorType, parseOperator, ParsedOperator, valueMatchesType } from '../conditionOperators';
import { Policy, properties, Property, Statement, StringValue, stringValue } from '../document';
import { resolveActions } from './actions';
import { detached } from '../detached';
import { CleanTexts } from './cleanTexts';
import { Fix } from '../findings';
import { CheckContext, closest, replaceString } from './context';
import { TRUSTED_SERVICES } from './resources';
import { hasPlaceholder } from './variables';

const TYPE_CODES: Partial<Record<OperatorType, 'TYPE_MISMATCH_BOOLEAN' | 'TYPE_MISMATCH_NUMBER' | 'TYPE_MISMATCH_DATE' | 'TYPE_MISMATCH_IP_RANGE' | 'TYPE_MISMATCH_ARN'>> = {
  Bool: 'TYPE_MISMATCH_BOOLEAN',
  Null: 'TYPE_MISMATCH_BOOLEAN',
  Numeric: 'TYPE_MISMATCH_NUMBER',
  Date: 'TYPE_MISMATCH_DATE',
  IPAddress: 'TYPE_MISMATCH_IP_RANGE',
  ARN: 'TYPE_MISMATCH_ARN',
};

const EXPECTED: Record<OperatorType, string> = {
  String: 'a string', Numeric: 'a number', Date: 'a date (ISO 8601, e.g. 2026-01-31T00:00:00Z, or epoch seconds)',
  Bool: 'true or false', Null: 'true or false', Binary: 'base64-encoded bytes', IPAddress: 'an IP address or CIDR range (e.g. 203.0.113.0/24)',
  ARN: 'an ARN',
};

/** Names written before `:` that are not AWS service prefixes but do own condition keys (web identity providers). */
function keyPrefix(key: string): string {
  return key.slice(0, key.lastIndexOf(':'));
}

/** The scalar values of a condition key, each with its range (a string's content, without the quotes). */
function conditionValues(node: Node): { node: Node | StringValue; value: string | number | boolean }[] {
  const items = node.type === 'array' ? node.children ?? [] : [node];
  return items.filter((n) => n.type === 'string' || n.type === 'number' || n.type === 'boolean')
    .map((n) => ({ node: stringValue(n) ?? n, value: n.value }));
}

/** Per catalog and service, the keys any of the service's actions supports (computed once). */
const serviceKeys = new WeakMap<object, Map<string, Set<string>>>();
function keysOfService(ctx: CheckContext, service: string): Set<string> {
  let byService = serviceKeys.get(ctx.catalog);
  if (!byService) serviceKeys.set(ctx.catalog, (byService = new Map()));
  let keys = byService.get(service);
  if (!keys) byService.set(service, (keys = supportedKeys(ctx, ctx.catalog.actions(service))));
  return keys;
}

/** Condition keys that the actions support (per action, resource type and resource type definition). */
function supportedKeys(ctx: CheckContext, actions: readonly Action[]): Set<string> {
  const keys = new Set<string>();
  for (const a of actions) for (const k of keysOfAction(ctx, a)) keys.add(k);
  return keys;
}

/** The condition keys one action supports, in lower case; computed once per catalog action. */
function keysOfAction(ctx: CheckContext, a: Action): ReadonlySet<string> {
  let keys = actionKeys.get(a);
  if (!keys) {
    const found = new Set<string>();
    for (const k of a.conditionKeys) found.add(k.toLowerCase());
    for (const r of a.resourceTypes) {
      for (const k of r.conditionKeys) found.add(k.toLowerCase());
      for (const k of ctx.catalog.resourceType(a.service, r.name)?.conditionKeys ?? []) found.add(k.toLowerCase());
    }
    actionKeys.set(a, (keys = found));
  }
  return keys;
}
const actionKeys = new WeakMap<Action, ReadonlySet<string>>();

/**
 * The services whose condition keys per action are trustworthy enough for a key no action of the
 * statement supports to be a warning: the verified services of resources.ts but Systems Manager, whose
 * data leaves ssm:resourceTag off actions on managed instances that AWS's own policies condition on it.
 */
const KEYS_VERIFIED: ReadonlySet<string> = new Set([...TRUSTED_SERVICES].filter((s) => s !== 'ssm'));

/** Keys that hold a 12-digit account ID. */
const ACCOUNT_KEYS: ReadonlySet<string> = new Set(['aws:sourceaccount', 'aws:principalaccount', 'aws:resourceaccount']);

/** IPv4 blocks aws:SourceIp never sees: private (RFC 1918), loopback, link-local and shared (RFC 6598) addresses. */
const PRIVATE_V4: readonly [number, number][] = [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['127.0.0.0', 8], ['169.254.0.0', 16], ['100.64.0.0', 10]]
  .map(([a, n]) => [ipv4(a as string)!, n as number]);

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/**
 * True when every address of an IP value (`10.0.0.0/8`, `192.168.1.5`, `fd00::/8`) is private, so that
 * aws:SourceIp, which holds the public address a request comes from, never has it; undefined when the
 * value is not an address the check understands.
 */
function isPrivateRange(value: string): boolean | undefined {
  const [address, bits] = value.split('/');
  const v4 = ipv4(address);
  if (v4 !== undefined) {
    const length = bits === undefined ? 32 : Number(bits);
    if (!Number.isInteger(length) || length < 0 || length > 32) return undefined;
    const size = 2 ** (32 - length);
    const start = v4 - (v4 % size);
    return PRIVATE_V4.some(([block, n]) => length >= n && Math.floor(start / 2 ** (32 - n)) === Math.floor(block / 2 ** (32 - n)));
  }
  if (!address.includes(':')) return undefined;
  const length = bits === undefined ? 128 : Number(bits);
  const lower = address.toLowerCase();
  // Unique local fc00::/7, link-local fe80::/10, loopback ::1.
  if (lower === '::1') return true;
  return (/^f[cd][0-9a-f]{0,2}:/.test(lower) && length >= 7) || (/^fe[89ab][0-9a-f]?:/.test(lower) && length >= 10);
}

/** The keys checkValuesNeverMatch knows, in lower case. */
const NEVER_MATCH_KEYS: ReadonlySet<string> = new Set(['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'kms:viaservice', 'aws:multifactorauthpresent', 'aws:requestedregion', ...ACCOUNT_KEYS]);

/**
 * Condition values that can never match what the key holds: a VPC ID for aws:SourceVpce (and the
 * reverse), only private addresses for aws:SourceIp (it holds public ones: aws:VpcSourceIp is the key
 * for private ones), a kms:ViaService value without the Region that every value names, and a Deny on
 * aws:MultiFactorAuthPresent with Bool, which never applies to long-term keys, where the key is absent.
 */
function checkValuesNeverMatch(ctx: CheckContext, statement: Statement, operatorProp: Property, operator: ParsedOperator, keyProp: Property,
  values: { node: Node | StringValue; value: string | number | boolean }[]): void {
  const key = keyProp.key.toLowerCase();
  if (!NEVER_MATCH_KEYS.has(key)) return;
  const keyString = stringValue(keyProp.keyNode)!;
  const texts = values.filter((v) => typeof v.value === 'string' && !/[*?$]/.test(v.value as string)) as { node: StringValue; value: string }[];
  if (operator.type === 'String' && (key === 'aws:sourcevpce' || key === 'aws:sourcevpc')) {
    const endpoint = key === 'aws:sourcevpce';
    const [wrong, right, code, other] = endpoint ? [/^vpc-/, 'vpce-', 'INVALID_VPCE_FORMAT', 'aws:SourceVpc'] as const : [/^vpce-/, 'vpc-', 'INVALID_VPC_FORMAT', 'aws:SourceVpce'] as const;
    // A pattern is judged by its literal start too: "vpc-*" can never match a vpce-... ID.
    const bad = values.filter((v): v is { node: StringValue; value: string } => typeof v.value === 'string' && wrong.test(v.value));
    for (const v of bad) {
      const id = endpoint ? 'VPC ID' : 'VPC endpoint ID';
      ctx.report(code, v.node,
        `"${v.value}" ${/[*?]/.test(v.value) ? `matches only ${id}s` : `is a ${id}`}, and ${keyProp.key} holds ${endpoint ? 'the VPC endpoint\'s ID (vpce-...)' : 'the VPC\'s ID (vpc-...)'}, so it never matches: compare it with ${other}, or write the ${right}... ID.`,
        bad.length === values.length ? [{ title: `Change the key to "${other}"`, edits: [replaceString(keyString, other)], isPreferred: true }] : []);
    }
  }
  if (key === 'aws:sourceip' && operator.type === 'IPAddress') {
    const verdicts = texts.map((v) => isPrivateRange(v.value));
    const privates = verdicts.filter((p) => p === true).length;
    const negated = operator.base.startsWith('Not');
    if (privates > 0 && privates === values.length) {
      ctx.report(negated ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS', keyString,
        `aws:SourceIp holds the public address a request comes from, so its private ranges here never match${negated ? ' and NotIpAddress excludes nothing' : ''}: for addresses inside a VPC, use aws:VpcSourceIp.`,
        [{ title: 'Change the key to "aws:VpcSourceIp"', edits: [replaceString(keyString, 'aws:VpcSourceIp')], isPreferred: true }]);
    } else if (privates > 0) {
      for (const [i, v] of texts.entries()) {
        if (verdicts[i]) {
          ctx.report('PRIVATE_IP_ADDRESS_SUBSET', v.node, `"${v.value}" is a private range, which aws:SourceIp never holds: move it to an aws:VpcSourceIp condition.`);
        }
      }
    }
  }
  if (key === 'kms:viaservice' && operator.type === 'String') {
    for (const v of texts) {
      const service = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(v.value)?.[1];
      if (!service) continue;
      ctx.report('KMS_VIA_SERVICE_WITHOUT_REGION', v.node,
        `"${v.value}" never matches kms:ViaService, whose values name the Region: write "${service}.us-east-1.amazonaws.com" for each Region, or "${service}.*.amazonaws.com" with StringLike.`);
    }
  }
  if (key === 'aws:requestedregion' && operator.type === 'String' && !operator.base.includes('IgnoreCase')) {
    for (const v of texts) {
      if (!isRegionName(v.value) || ctx.catalog.regionPartition(v.value) !== undefined) continue;
      const near = closest(v.value, PARTITIONS.flatMap((p) => ctx.catalog.regions(p)));
      ctx.report('UNKNOWN_REGION_IN_CONDITION', v.node,
        `"${v.value}" is no AWS Region, so aws:RequestedRegion never holds it${near.length ? `: did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ': correct the Region.'}`,
        near.map((n, i) => ({ title: `Change to "${n}"`, edits: [replaceString(v.node, n)], isPreferred: i === 0 })));
    }
  }
  if (ACCOUNT_KEYS.has(key) && operator.type === 'String') {
    for (const v of texts) {
      if (/^\d{12}$/.test(v.value) || hasPlaceholder(v.value)) continue;
      const digits = v.value.replace(/[-\s]/g, '');
      ctx.report('INVALID_ACCOUNT_IN_CONDITION', v.node, `"${v.value}" is not an account ID, so ${keyProp.key} never holds it: write the 12 digits, without dashes.`,
        /^\d{12}$/.test(digits) ? [{ title: `Change to "${digits}"`, edits: [replaceString(v.node, digits)], isPreferred: true }] : []);
    }
  }
  const effect = statement.effect;
  if (key === 'aws:multifactorauthpresent' && effect === 'Deny' && operator.base === 'Bool' && !operator.ifExists && values.some((v) => String(v.value).toLowerCase() === 'false')) {
    const operatorString = stringValue(operatorProp.keyNode)!;
    const alone = operatorProp.value.type === 'object' && (operatorProp.value.children ?? []).length === 1;
    ctx.report('DENY_MFA_WITHOUT_IF_EXISTS', operatorString,
      'Bool on aws:MultiFactorAuthPresent is false only for temporary credentials without MFA; requests signed with long-term access keys have no such key, so this Deny never applies to them: use BoolIfExists.',
      alone ? [{ title: 'Change to "BoolIfExists"', edits: [replaceString(operatorString, operatorProp.key.replace(/Bool$/, 'BoolIfExists'))], isPreferred: true }] : []);
  }
}

function checkOperatorName(ctx: CheckContext, p: Property): Operator | undefined {
  const operator = operatorOf(p.key);
  if (operator && operator.base !== 'Null') return operator;
  const keyString = stringValue(p.keyNode)!;
  if (!operator) {
    const qualifier = /^(ForAnyValue|ForAllValues):/.exec(p.key)?.[0] ?? '';
    const rest = p.key.slice(qualifier.length);
    const suggestions = closest(rest, allOperatorNames()).map((s) => qualifier + s);
    ctx.report('INVALID_CONDITION_OPERATOR', keyString,
      `"${p.key}" is not a condition operator${suggestions.length ? `: did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ': operators are case-sensitive, such as StringEquals or ArnLike.'}`,
      suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(keyString, s)], isPreferred: i === 0 })));
    return undefined;
  }
  if (operator.ifExists) {
    ctx.report('NULL_WITH_IF_EXISTS', keyString, 'Null already tests whether the key exists; it has no IfExists form. Use Null.',
      [{ title: 'Change to "Null"', edits: [replaceString(keyString, operator.qualifier ? `${operator.qualifier}:Null` : 'Null')], isPreferred: true }]);
  }
  if (operator.qualifier) {
    const plain = operator.ifExists ? [] : [{ title: 'Change to "Null"', edits: [replaceString(keyString, 'Null')], isPreferred: true }];
    ctx.report('NULL_WITH_QUALIFIER', keyString, `"${p.key}" always evaluates the same way (${operator.qualifier}: with Null): use Null without it.`, plain);
  }
  return operator;
}

/** An operator as written, parsed, with the Like operator for a literal String one (see likeOperatorFor). */
interface Operator extends ParsedOperator {
  readonly like: string | undefined;
}

/**
 * Operators by their text as written: a document names a handful of operators in every one of its
 * statements. Not per catalog: operators are IAM's grammar. Bounded, as the texts come from documents.
 */
const operators = new Map<string, Operator | null>();
function operatorOf(written: string): Operator | undefined {
  let operator = operators.get(written);
  if (operator === undefined) {
    const text = detached(written);
    const parsed = parseOperator(text);
    operator = parsed ? { ...parsed, like: likeOperatorFor(text) } : null;
    if (operators.size >= MEMO_SIZE) operators.clear();
    operators.set(text, operator);
  }
  return operator ?? undefined;
}

/** How many keys or operators of documents a memo of this file holds before it starts again. */
const MEMO_SIZE = 10_000;

/**
 * What a condition evaluates to when its key is absent from the request: false for the matching
 * operators, true for the negated ones (StringNotEquals, ArnNotLike, NotIpAddress...), with IfExists
 * and with ForAllValues:, and the Null test's own answer.
 */
function absentKeyOutcome(operator: ParsedOperator): 'false' | 'true' | 'null' {
  if (operator.base === 'Null') return 'null';
  return operator.ifExists || operator.qualifier === 'ForAllValues' || operator.base.includes('Not') ? 'true' : 'false';
}

/** True when another statement of the policy with the same Effect names the action and has no condition on the key. */
function grantedWithoutKey(policy: Policy, except: Statement, action: string, key: string): boolean {
  const effect = except.effect;
  const lower = key.toLowerCase();
  return policy.statements.some((s) => s !== except
    && s.effect === effect
    && s.strings('Action').some((a) => wildcardRegExp(a.value).test(action))
    && !properties(s.properties.get('Condition')?.value).some((op) => properties(op.value).some((k) => k.key.toLowerCase() === lower)));
}

/** The fix that drops an operator's set qualifier, when this key is the block's only one (the qualifier applies to all of them). */
function withoutQualifier(operatorProp: Property): Fix[] {
  if (operatorProp.value.type !== 'object' || (operatorProp.value.children ?? []).length !== 1) return [];
  const plain = operatorProp.key.replace(/^For(All|Any)Values?:/, '');
  return [{ title: `Change to "${plain}"`, edits: [replaceString(stringValue(operatorProp.keyNode)!, plain)], isPreferred: true }];
}

/** What the checks need to know of a condition key as written, found once per catalog and text (see ConditionMemo). */
interface KeyInfo {
  /** The catalog's key; undefined when the text is no key or names none the catalog knows. */
  readonly definition: ConditionKey | undefined;
  /** The text before the key's last `:`, in lower case: the service (or `aws`, or an identity provider). */
  readonly prefix: string;
  /** The catalog key's name in lower case, as keysOfAction lists keys. */
  readonly lowerName: string;
  /** True for the keys of every request (`aws:`), which no action's list names. */
  readonly global: boolean;
}

/**
 * Per catalog: the condition keys by their text as written, and the checks that gave no finding, of a
 * key and its values and of whole Condition blocks. Documents repeat the same few conditions in statement
 * after statement (and in every check of an edited document), and the catalog's key lookup lower-cases
 * the key and may try its key templates. Bounded, as the texts come from documents.
 */
class ConditionMemo {
  private readonly keys = new Map<string, KeyInfo>();
  /** See checkKey: the texts of operator, key, Effect and values whose own checks gave no finding. */
  readonly cleanKeys = new CleanTexts();
  /** See checkConditions: the Condition blocks (with what they depend on) that gave no finding. */
  readonly cleanBlocks = new CleanTexts();

  constructor(private readonly catalog: Catalog) {}

  info(written: string): KeyInfo {
    let info = this.keys.get(written);
    if (!info) {
      const key = detached(written);
      const definition = key.includes(':') ? this.catalog.conditionKey(key) : undefined;
      info = { definition, prefix: keyPrefix(key).toLowerCase(), lowerName: definition?.name.toLowerCase() ?? '', global: key.toLowerCase().startsWith('aws:') };
      if (this.keys.size >= MEMO_SIZE) this.keys.clear();
      this.keys.set(key, info);
    }
    return info;
  }
}

const conditionMemos = new WeakMap<Catalog, ConditionMemo>();
function memoOf(ctx: CheckContext): ConditionMemo {
  let memo = conditionMemos.get(ctx.catalog);
  if (!memo) conditionMemos.set(ctx.catalog, (memo = new ConditionMemo(ctx.catalog)));
  return memo;
}

/** True for the values a condition key takes: a string, a number, a boolean or a list of them. */
function isConditionValue(node: Node): boolean {
  return node.type === 'string' || node.type === 'array' || node.type === 'number' || node.type === 'boolean';
}

/**
 * A condition key of a block: its own checks (a key the catalog knows, operator and qualifier for its
 * type, the type of each value, values that can never match), then whether the statement's actions
 * support it. True when that last verdict depends on the statement's actions (a service's key).
 */
function checkKey(ctx: CheckContext, memo: ConditionMemo, statement: Statement, operatorProp: Property, operator: Operator, keyProp: Property,
  statementActions: () => StatementActions | undefined, policy: Policy | undefined): boolean {
  const info = memo.info(keyProp.key);
  // What the own checks report depends only on these texts (and the catalog): the operator, the key, the
  // values as written (the JSON of the value, so that "true" and true, or a list, differ), and for the
  // MFA rule whether the statement denies.
  const value = keyProp.value;
  const verdict = `${operatorProp.key}\u0000${keyProp.key}\u0000${statement.effect === 'Deny' ? 'Deny' : ''}\u0000${ctx.doc.text.slice(value.offset, value.offset + value.length)}`;
  if (!memo.cleanKeys.has(verdict)) {
    const before = ctx.findings.length;
    checkKeyAndValues(ctx, statement, operatorProp, operator, keyProp, info);
    if (ctx.findings.length === before) memo.cleanKeys.add(verdict);
  }
  if (!isConditionValue(value) || !info.definition || info.global) return false;
  const actions = statementActions();
  if (actions) checkKeySupported(ctx, statement, operator, keyProp, info, info.definition, actions, policy);
  return true;
}

function checkKeyAndValues(ctx: CheckContext, statement: Statement, operatorProp: Property, operator: Operator, keyProp: Property, info: KeyInfo): void {
  const key = keyProp.key;
  const keyString = stringValue(keyProp.keyNode)!;
  if (!isConditionValue(keyProp.value)) {
    ctx.report('DATA_TYPE_MISMATCH', keyProp.value, `"${key}" has a value of the wrong type: a condition key's value is a string or an array of strings.`);
    return;
  }
  if (!key.includes(':')) {
    ctx.report('INVALID_CONDITION_KEY_FORMAT', keyString, `"${key}" is not a condition key: write prefix:name, such as aws:SourceIp or s3:prefix.`);
    return;
  }
  const definition = info.definition;
  const prefix = info.prefix;
  if (!definition) {
    if (prefix === 'aws') {
      const suggestions = closest(key, ctx.catalog.globalConditionKeys().map((k) => k.name).filter((n) => !n.includes('${')));
      ctx.report('INVALID_GLOBAL_CONDITION_KEY', keyString,
        `"${key}" is no global condition key${suggestions.length ? `: did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ': check it in the list of global condition keys.'}`,
        suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(keyString, s)], isPreferred: i === 0 })));
    } else if (ctx.catalog.service(prefix)) {
      const names = ctx.catalog.serviceConditionKeys(prefix).map((k) => k.name).filter((n) => !n.includes('${') && !n.includes('<'));
      const suggestions = closest(key, names);
      ctx.report('INVALID_SERVICE_CONDITION_KEY', keyString,
        `"${key}" is no ${prefix} condition key${suggestions.length ? `: did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ': check it in the Service Authorization Reference.'}`,
        suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(keyString, s)], isPreferred: i === 0 })));
    }
    // Other prefixes are identity providers' claims (e.g. an OIDC provider's host name): not checkable.
    return;
  }
  const multiValued = definition.type.startsWith('ArrayOf');
  if (operator.qualifier === 'ForAllValues' && !multiValued) {
    ctx.report('FORALLVALUES_WITH_SINGLE_VALUED_KEY', stringValue(operatorProp.keyNode)!,
      `"${key}" is single-valued, and ForAllValues: with it is true when the key is absent from the request, which can allow more than intended: use the operator without ForAllValues:.`, withoutQualifier(operatorProp));
  } else if (operator.qualifier === 'ForAnyValue' && !multiValued) {
    ctx.report('FORANYVALUE_WITH_SINGLE_VALUED_KEY', stringValue(operatorProp.keyNode)!,
      `"${key}" has one value, and ForAnyValue: is for multivalued keys: use the operator without it.`, withoutQualifier(operatorProp));
  }
  if (definition.type === 'IPAddress' && operator.type === 'String') {
    ctx.report('TYPE_MISMATCH', keyString, `"${key}" is an IP address: compare it with IpAddress or NotIpAddress, not ${operator.base}.`);
  }
  for (const member of keyProp.value.type === 'array' ? keyProp.value.children ?? [] : []) {
    if (member.type === 'array' || member.type === 'object') {
      ctx.report('DATA_TYPE_MISMATCH', member, `The values of ${key} hold ${member.type === 'array' ? 'a list inside the list' : 'an object'}, which IAM refuses: write each value as a string in one list.`);
    }
  }
  const values = conditionValues(keyProp.value);
  if (operator.type === 'Bool' && keyProp.value.type === 'array' && values.length > 1) {
    ctx.report('INVALID_CONDITION_MULTIPLE_BOOLEAN', keyProp.value, `"${key}" has several values, and Bool takes one: true or false.`);
  }
  for (const v of values) {
    const text = String(v.value);
    if (/\$\{[^}]+\}/.test(text) && operator.type !== 'String' && operator.type !== 'ARN') {
      ctx.report('INVALID_VARIABLE_FOR_OPERATOR', v.node, `"${text}" holds a policy variable, and they work only with String and ARN operators, not ${operator.base}.`);
      continue;
    }
    if (!valueMatchesType(operator.type, v.value)) {
      const code = TYPE_CODES[operator.type];
      if (code) ctx.report(code, v.node, `"${text}" is not ${EXPECTED[operator.type]}, which ${operator.base} compares: correct the value or the operator.`);
    }
  }
  checkValuesNeverMatch(ctx, statement, operatorProp, operator, keyProp, values);
  const like = operator.like;
  const wildcard = values.find((v) => typeof v.value === 'string' && /[*?]/.test(v.value) && !/\$\{[*?$]\}/.test(v.value));
  if (like && wildcard) {
    ctx.report('WILDCARD_WITHOUT_LIKE_OPERATOR', wildcard.node,
      `"${String(wildcard.value)}" holds a wildcard, and ${operatorProp.key} compares literally, so * and ? match only themselves: use ${like} to match patterns.`,
      [{ title: `Change the operator to "${like}"`, edits: [replaceString(stringValue(operatorProp.keyNode)!, like)], isPreferred: true }]);
  }
}

/**
 * A service's condition key that no action of the statement of that service supports is absent from
 * their requests; beside actions that support it, the ones that do not are never granted (or denied).
 */
function checkKeySupported(ctx: CheckContext, statement: Statement, operator: Operator, keyProp: Property, info: KeyInfo, definition: ConditionKey,
  actions: StatementActions, policy: Policy | undefined): void {
  const prefix = info.prefix;
  // Keys no action of the service lists are request-wide keys (ec2:SourceInstanceARN): any action may see them.
  if (!keysOfService(ctx, prefix).has(info.lowerName)) return;
  const supported = actions.supports(prefix, info.lowerName);
  if (supported === undefined) return;
  const key = keyProp.key;
  const keyString = stringValue(keyProp.keyNode)!;
  const absent = absentKeyOutcome(operator);
  if (!supported) {
    ctx.report('CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', keyString,
      `"${key}" is absent from the requests of this statement's ${prefix} actions (none supports it), so ${absent === 'null' ? 'the key is never present' : absent === 'false' ? 'the condition never matches' : 'the condition always holds and restricts nothing'}: move the actions that support it to a statement of their own, or remove the key.`,
      [], absent !== 'null' && !operator.ifExists && KEYS_VERIFIED.has(prefix) ? 'warning' : 'suggestion');
  } else if (absent === 'false' && KEYS_VERIFIED.has(prefix)) {
    // Beside actions that support it, an action written by name (or a pattern none of whose actions
    // support it) is never granted (or denied) by this statement: s3:prefix with s3:ListBucket and s3:GetObject.
    // An action that needs "Resource": "*" in a statement scoped to ARNs is reported as such, once.
    const scopedToArns = statement.strings('Resource').every((r) => r.value !== '*');
    const lacking = actions.entries().filter((e) => e.resolved.length > 0
      && e.resolved.every((a) => a.service === prefix && !keysOfAction(ctx, a).has(info.lowerName))
      && !(scopedToArns && e.resolved.every((a) => a.resourceTypes.length === 0)));
    // Granted by another statement without this key, an entry here is only dead: a suggestion.
    const elsewhere = lacking.every((e) => policy !== undefined && grantedWithoutKey(policy, statement, e.value, definition.name));
    if (lacking.length > 0) {
      const names = lacking.map((e) => `"${e.value}"`);
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      ctx.report('CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', keyString,
        `"${key}" is absent from the requests of ${shown}, so this condition never matches ${lacking.length === 1 ? 'it' : 'them'} and the statement never applies to ${lacking.length === 1 ? 'it' : 'them'}: move ${lacking.length === 1 ? 'it' : 'them'} to a statement without this condition.`,
        [], elsewhere ? 'suggestion' : 'warning');
    }
  }
}

/**
 * A statement's Action entries with what each resolves to, and per service whether one of its actions
 * supports a key: found on first use, as most conditions use only global keys, which never ask.
 */
class StatementActions {
  private resolved: { value: string; resolved: readonly Action[] }[] | undefined;
  private readonly byService = new Map<string, readonly Action[]>();

  constructor(private readonly ctx: CheckContext, private readonly values: readonly StringValue[]) {}

  entries(): readonly { value: string; resolved: readonly Action[] }[] {
    return (this.resolved ??= this.values.map((a) => ({ value: a.value, resolved: resolveActions(this.ctx, a.value) ?? [] })));
  }

  /** Whether an action of the service among the statement's supports the key; undefined when none is of the service. */
  supports(service: string, lowerKey: string): boolean | undefined {
    let ofService = this.byService.get(service);
    if (!ofService) {
      const found: Action[] = [];
      for (const e of this.entries()) for (const a of e.resolved) if (a.service === service) found.push(a);
      this.byService.set(service, (ofService = found));
    }
    return ofService.length > 0 ? ofService.some((a) => keysOfAction(this.ctx, a).has(lowerKey)) : undefined;
  }
}

/**
 * The Condition block: operators (with "did you mean"), IfExists and ForAnyValue:/ForAllValues: rules,
 * known keys, keys the statement's actions support, value types, and wildcards without a Like operator.
 */
export function checkConditions(ctx: CheckContext, statement: Statement, policy?: Policy): void {
  const condition = statement.properties.get('Condition');
  if (!condition || condition.value.type !== 'object') return;
  // What a block reports depends only on its text, whether the statement denies (the MFA rule) and, for
  // a service's keys, the statement's actions and whether its Resource is scoped to ARNs: a block seen
  // before without finding is skipped. The first letter keeps the two kinds of entry apart.
  const memo = memoOf(ctx);
  const text = ctx.doc.text;
  const deny = statement.effect === 'Deny';
  const alone = `${deny ? 'D' : 'A'}${text.slice(condition.value.offset, condition.value.offset + condition.value.length)}`;
  if (memo.cleanBlocks.has(alone)) return;
  const actionProp = statement.properties.get('Action');
  const scopedToArns = statement.strings('Resource').every((r) => r.value !== '*');
  const withActions = `${deny ? 'd' : 'a'}${alone.slice(1)}\u0000${actionProp ? text.slice(actionProp.value.offset, actionProp.value.offset + actionProp.value.length) : ''}\u0000${scopedToArns ? 'ARNs' : '*'}`;
  if (memo.cleanBlocks.has(withActions)) return;
  const before = ctx.findings.length;
  let dependsOnActions = false;
  let actions: StatementActions | null | undefined;
  const statementActions = (): StatementActions | undefined => {
    if (actions === undefined) {
      const values = actionProp?.strings ?? [];
      // Only concrete action lists say which keys can be present; a `*` or NotAction could be anything.
      actions = values.length > 0 && values.every((a) => a.value !== '*') ? new StatementActions(ctx, values) : null;
    }
    return actions ?? undefined;
  };
  for (const operatorProp of properties(condition.value)) {
    const operator = checkOperatorName(ctx, operatorProp);
    if (operatorProp.value.type !== 'object') {
      ctx.report('DATA_TYPE_MISMATCH', operatorProp.value, `"${operatorProp.key}" has a value of the wrong type: an operator's value is an object of condition keys and values.`);
      continue;
    }
    const keys = properties(operatorProp.value);
    // A block of one key (most are) has no key written twice.
    const seen = keys.length > 1 ? new Map<string, string>() : undefined;
    for (const keyProp of keys) {
      if (seen) {
        const lower = keyProp.key.toLowerCase();
        const earlier = seen.get(lower);
        if (earlier !== undefined && earlier !== keyProp.key) {
          ctx.report('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', stringValue(keyProp.keyNode) ?? keyProp.keyNode,
            `"${keyProp.key}" is the same key as "${earlier}" in this block (condition keys are case-insensitive): merge their values.`);
        }
        seen.set(lower, keyProp.key);
      }
      if (keyProp.value.type === 'array' && (keyProp.value.children ?? []).length === 0) {
        ctx.report('EMPTY_ARRAY_CONDITION', keyProp.value, `There are no values for ${keyProp.key}, so this condition has no effect. Add values.`);
      }
      if (operator && checkKey(ctx, memo, statement, operatorProp, operator, keyProp, statementActions, policy)) dependsOnActions = true;
    }
  }
  if (ctx.findings.length === before) memo.cleanBlocks.add(dependsOnActions ? withActions : alone);
}
