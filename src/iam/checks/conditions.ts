import { Node } from 'jsonc-parser';
import { Action, ConditionKey } from '../catalogTypes';
import { allOperatorNames, likeOperatorFor, OperatorType, parseOperator, ParsedOperator, valueMatchesType } from '../conditionOperators';
import { properties, Property, Statement, StringValue, stringValue, stringValues } from '../document';
import { resolveActions } from './actions';
import { CheckContext, closest, replaceString } from './context';

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

/** Condition keys that the statement's actions support (per action, resource type and resource type definition). */
function supportedKeys(ctx: CheckContext, actions: readonly Action[]): Set<string> {
  const keys = new Set<string>();
  for (const a of actions) {
    for (const k of a.conditionKeys) keys.add(k.toLowerCase());
    for (const r of a.resourceTypes) {
      for (const k of r.conditionKeys) keys.add(k.toLowerCase());
      for (const k of ctx.catalog.resourceType(a.service, r.name)?.conditionKeys ?? []) keys.add(k.toLowerCase());
    }
  }
  return keys;
}

function checkOperatorName(ctx: CheckContext, p: Property): ParsedOperator | undefined {
  const operator = parseOperator(p.key);
  const keyString = stringValue(p.keyNode)!;
  if (!operator) {
    const qualifier = /^(ForAnyValue|ForAllValues):/.exec(p.key)?.[0] ?? '';
    const rest = p.key.slice(qualifier.length);
    const suggestions = closest(rest, allOperatorNames()).map((s) => qualifier + s);
    ctx.report('INVALID_CONDITION_OPERATOR', keyString,
      `${p.key} is not a condition operator${suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : '. Operators are case-sensitive, such as StringEquals or ArnLike.'} Operator: ${p.key}`,
      suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(keyString, s)], isPreferred: i === 0 })));
    return undefined;
  }
  if (operator.base === 'Null' && operator.ifExists) {
    ctx.report('NULL_WITH_IF_EXISTS', keyString, 'Null already tests whether the key exists; it has no IfExists form. Use Null.',
      [{ title: 'Change to "Null"', edits: [replaceString(keyString, operator.qualifier ? `${operator.qualifier}:Null` : 'Null')], isPreferred: true }]);
  }
  if (operator.base === 'Null' && operator.qualifier) {
    const plain = operator.ifExists ? [] : [{ title: 'Change to "Null"', edits: [replaceString(keyString, 'Null')], isPreferred: true }];
    ctx.report('NULL_WITH_QUALIFIER', keyString, `${operator.qualifier}: with Null always evaluates the same way; use Null without it: ${p.key}`, plain);
  }
  return operator;
}

function checkKey(
  ctx: CheckContext,
  operatorProp: Property,
  operator: ParsedOperator,
  keyProp: Property,
  statementKeys: ((service: string) => Set<string> | undefined) | undefined,
): void {
  const key = keyProp.key;
  const keyString = stringValue(keyProp.keyNode)!;
  if (keyProp.value.type !== 'string' && keyProp.value.type !== 'array' && keyProp.value.type !== 'number' && keyProp.value.type !== 'boolean') {
    ctx.report('DATA_TYPE_MISMATCH', keyProp.value, `The value of a condition key is a string or an array of strings: ${key}`);
    return;
  }
  if (!key.includes(':')) {
    ctx.report('INVALID_CONDITION_KEY_FORMAT', keyString, `A condition key is written prefix:name, such as aws:SourceIp or s3:prefix: ${key}`);
    return;
  }
  const definition: ConditionKey | undefined = ctx.catalog.conditionKey(key);
  const prefix = keyPrefix(key).toLowerCase();
  if (!definition) {
    if (prefix === 'aws') {
      const suggestions = closest(key, ctx.catalog.globalConditionKeys().map((k) => k.name).filter((n) => !n.includes('${')));
      ctx.report('INVALID_GLOBAL_CONDITION_KEY', keyString,
        `There is no global condition key ${key}${suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : '.'} Key: ${key}`,
        suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(keyString, s)], isPreferred: i === 0 })));
    } else if (ctx.catalog.service(prefix)) {
      const names = ctx.catalog.serviceConditionKeys(prefix).map((k) => k.name).filter((n) => !n.includes('${') && !n.includes('<'));
      const suggestions = closest(key, names);
      ctx.report('INVALID_SERVICE_CONDITION_KEY', keyString,
        `${prefix} has no condition key ${key}${suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : '.'} Key: ${key}`,
        suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(keyString, s)], isPreferred: i === 0 })));
    }
    // Other prefixes are identity providers' claims (e.g. an OIDC provider's host name): not checkable.
    return;
  }
  const multiValued = definition.type.startsWith('ArrayOf');
  const operatorString = stringValue(operatorProp.keyNode)!;
  // Dropping the qualifier is the fix when this key is the block's only one (it applies to all of them).
  const unqualified = operatorProp.value.type === 'object' && (operatorProp.value.children ?? []).length === 1
    ? [{ title: `Change to "${operatorProp.key.replace(/^For(All|Any)Values?:/, '')}"`, edits: [replaceString(operatorString, operatorProp.key.replace(/^For(All|Any)Values?:/, ''))], isPreferred: true }]
    : [];
  if (operator.qualifier === 'ForAllValues' && !multiValued) {
    ctx.report('FORALLVALUES_WITH_SINGLE_VALUED_KEY', operatorString,
      `ForAllValues: with the single-valued key ${definition.name} is true when the key is absent from the request, which can allow more than intended; use the operator without ForAllValues: ${key}`, unqualified);
  } else if (operator.qualifier === 'ForAnyValue' && !multiValued) {
    ctx.report('FORANYVALUE_WITH_SINGLE_VALUED_KEY', operatorString,
      `ForAnyValue: is for multivalued keys; ${definition.name} has one value, so use the operator without it: ${key}`, unqualified);
  }
  if (definition.type === 'IPAddress' && operator.type === 'String') {
    ctx.report('TYPE_MISMATCH', keyString, `${definition.name} is an IP address: compare it with IpAddress or NotIpAddress, not ${operator.base}: ${key}`);
  }
  const values = conditionValues(keyProp.value);
  if (operator.type === 'Bool' && keyProp.value.type === 'array' && values.length > 1) {
    ctx.report('INVALID_CONDITION_MULTIPLE_BOOLEAN', keyProp.value, `Bool takes one value, true or false: ${key}`);
  }
  for (const v of values) {
    const text = String(v.value);
    if (/\$\{[^}]+\}/.test(text) && operator.type !== 'String' && operator.type !== 'ARN') {
      ctx.report('INVALID_VARIABLE_FOR_OPERATOR', v.node, `Policy variables work only with String and ARN operators, not ${operator.base}: ${text}`);
      continue;
    }
    if (!valueMatchesType(operator.type, v.value)) {
      const code = TYPE_CODES[operator.type];
      if (code) ctx.report(code, v.node, `${operator.base} compares ${EXPECTED[operator.type]}; this value is not one: ${text}`);
    }
  }
  const like = likeOperatorFor(operatorProp.key);
  const wildcard = values.find((v) => typeof v.value === 'string' && /[*?]/.test(v.value) && !/\$\{[*?$]\}/.test(v.value));
  if (like && wildcard) {
    ctx.report('WILDCARD_WITHOUT_LIKE_OPERATOR', wildcard.node,
      `${operatorProp.key} compares literally, so * and ? match only themselves; use ${like} to match patterns: ${String(wildcard.value)}`,
      [{ title: `Change the operator to "${like}"`, edits: [replaceString(stringValue(operatorProp.keyNode)!, like)], isPreferred: true }]);
  }
  const keys = statementKeys && !key.toLowerCase().startsWith('aws:') ? statementKeys(prefix) : undefined;
  if (keys) {
    // Keys no action of the service lists are request-wide keys (ec2:SourceInstanceARN): any action may see them.
    if (keysOfService(ctx, prefix).has(definition.name.toLowerCase())) {
      if (!keys.has(definition.name.toLowerCase())) {
        ctx.report('CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS', keyString,
          `None of this statement's ${prefix} actions support the condition key ${definition.name}, so ${operator.base.startsWith('Null') ? 'the key is never present' : 'the condition never matches'}: ${key}`);
      }
    }
  }
}

/**
 * The Condition block: operators (with "did you mean"), IfExists and ForAnyValue:/ForAllValues: rules,
 * known keys, keys the statement's actions support, value types, and wildcards without a Like operator.
 */
export function checkConditions(ctx: CheckContext, statement: Statement): void {
  const condition = statement.properties.get('Condition');
  if (!condition || condition.value.type !== 'object') return;
  const actionProp = statement.properties.get('Action');
  const actionValues = actionProp ? stringValues(actionProp.value) : [];
  // Only concrete action lists say which keys can be present; a `*` or NotAction could be anything.
  const statementActions = actionValues.length > 0 && actionValues.every((a) => a.value !== '*')
    ? actionValues.flatMap((a) => resolveActions(ctx, a.value) ?? [])
    : undefined;
  // Per service of the statement's actions, the keys those actions support; computed on first use.
  const byService = new Map<string, Set<string> | undefined>();
  const statementKeys = statementActions && statementActions.length > 0 ? (service: string) => {
    if (!byService.has(service)) {
      const ofService = statementActions.filter((a) => a.service === service);
      byService.set(service, ofService.length > 0 ? supportedKeys(ctx, ofService) : undefined);
    }
    return byService.get(service);
  } : undefined;
  for (const operatorProp of properties(condition.value)) {
    const operator = checkOperatorName(ctx, operatorProp);
    if (operatorProp.value.type !== 'object') {
      ctx.report('DATA_TYPE_MISMATCH', operatorProp.value, `An operator's value is an object of condition keys and values: ${operatorProp.key}`);
      continue;
    }
    const keys = properties(operatorProp.value);
    const seen = new Map<string, string>();
    for (const keyProp of keys) {
      const lower = keyProp.key.toLowerCase();
      const earlier = seen.get(lower);
      if (earlier !== undefined && earlier !== keyProp.key) {
        ctx.report('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', stringValue(keyProp.keyNode) ?? keyProp.keyNode,
          `Condition keys are case-insensitive: ${earlier} and ${keyProp.key} are the same key in this block. Merge their values: ${keyProp.key}`);
      }
      seen.set(lower, keyProp.key);
      if (keyProp.value.type === 'array' && (keyProp.value.children ?? []).length === 0) {
        ctx.report('EMPTY_ARRAY_CONDITION', keyProp.value, `There are no values for ${keyProp.key}, so this condition has no effect. Add values.`);
      }
      if (operator) checkKey(ctx, operatorProp, operator, keyProp, statementKeys);
    }
  }
}

