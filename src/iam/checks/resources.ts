import { Node } from 'jsonc-parser';
import { Arn, isDynamic, parseArn, PARTITIONS, REGION, resourceMatchesFormat } from '../arn';
import { Action, ResourceType } from '../catalogTypes';
import { wildcardRegExp } from '../catalog';
import { Policy, Statement, StringValue, stringValue, stringValues } from '../document';
import { Fix, TextEdit } from '../findings';
import { resolveActions } from './actions';
import { CheckContext, indentationAt, replaceString } from './context';

/** Checks one ARN's structure; returns the parsed ARN when it is well-formed enough to match types. */
function checkArnStructure(ctx: CheckContext, r: StringValue) {
  const value = r.value;
  if (!value.startsWith('arn:')) {
    const fixable = /^[a-z-]+:/.test(value) === false && value.toLowerCase().startsWith('arn:');
    ctx.report('INVALID_ARN_PREFIX', r, `A resource is "*" or an ARN starting with "arn:": ${value}`,
      fixable ? [{ title: 'Write "arn:" in lower case', edits: [{ offset: r.offset, length: 4, newText: 'arn:' }], isPreferred: true }] : []);
    return undefined;
  }
  const arn = parseArn(value);
  if (!arn) {
    ctx.report('MISSING_ARN_FIELD', r, `An ARN has six fields, arn:partition:service:region:account:resource (region and account may be empty): ${value}`);
    return undefined;
  }
  const at = (part: { start: number; value: string }) => ({ offset: r.offset + part.start, length: part.value.length });
  if (!isDynamic(arn.partition.value) && !PARTITIONS.includes(arn.partition.value)) {
    ctx.report('INVALID_PARTITION', at(arn.partition), `Unknown partition; use one of ${PARTITIONS.join(', ')} (or \${aws:partition}): ${arn.partition.value}`,
      arn.partition.value.toLowerCase() === 'aws' ? [{ title: 'Change to "aws"', edits: [replaceString({ ...r, ...at(arn.partition) }, 'aws')], isPreferred: true }] : []);
  }
  const service = arn.service.value;
  if (isDynamic(service)) return arn;
  if (service !== service.toLowerCase() && ctx.catalog.isArnService(service.toLowerCase())) {
    ctx.report('INVALID_ARN_SERVICE_CASE', at(arn.service), `Service names in ARNs are lower case: ${service}`,
      [{ title: `Change to "${service.toLowerCase()}"`, edits: [{ ...at(arn.service), newText: service.toLowerCase() }], isPreferred: true }]);
  } else if (!ctx.catalog.isArnService(service) && !ctx.catalog.retiredService(service)) {
    ctx.report('INVALID_SERVICE', at(arn.service), `No AWS service has the ARN service name "${service}": ${value}`);
    return undefined;
  }
  const region = arn.region.value;
  if (region && !isDynamic(region) && !REGION.test(region)) {
    ctx.report('INVALID_ARN_REGION', at(arn.region), `This is not an AWS Region name such as us-east-1: ${region}`);
  }
  const account = arn.account.value;
  if (account && !isDynamic(account) && !/^\d{12}$/.test(account) && !(service === 'iam' && account === 'aws') && !/^(aws|cloudfront)$/.test(account)) {
    ctx.report('INVALID_ARN_ACCOUNT', at(arn.account), `An account ID is 12 digits: ${account}`);
  }
  return arn;
}

/** The wildcard-only actions of a statement: actions that support no resource-level permissions. */
function wildcardOnly(actions: { value: StringValue; resolved: readonly Action[] }[]) {
  return actions.filter((a) => a.resolved.length > 0 && !/[*?]/.test(a.value.value) && a.resolved.every((x) => x.resourceTypes.length === 0));
}

/**
 * The fix for actions that need "Resource": "*" in a statement scoped to ARNs: move them into a
 * statement of their own, placed after this one, with the same Effect and Condition.
 */
function moveToOwnStatement(ctx: CheckContext, statement: Statement, actionNode: Node, moved: StringValue[]): Fix | undefined {
  const text = ctx.doc.text;
  const effect = stringValue(statement.properties.get('Effect')?.value)?.value ?? 'Allow';
  const condition = statement.properties.get('Condition');
  const keep = (actionNode.children ?? []).filter((c) => !moved.some((m) => m.node === c));
  if (actionNode.type !== 'array' || keep.length === 0) return undefined;
  const indent = indentationAt(text, statement.node.offset);
  const inner = `${indent}  `;
  const itemIndent = indentationAt(text, keep[0].offset);
  const multiline = text.slice(actionNode.offset, actionNode.offset + actionNode.length).includes('\n');
  const kept = keep.map((c) => text.slice(c.offset, c.offset + c.length));
  const closingIndent = indentationAt(text, actionNode.offset + actionNode.length - 1);
  const newActions = multiline ? `[\n${kept.map((k) => `${itemIndent}${k}`).join(',\n')}\n${closingIndent}]` : `[${kept.join(', ')}]`;
  const movedList = moved.map((m) => JSON.stringify(m.value)).join(', ');
  const lines = [`"Effect": "${effect}"`, `"Action": ${moved.length === 1 ? movedList : `[${movedList}]`}`, '"Resource": "*"'];
  if (condition) lines.push(`"Condition": ${text.slice(condition.value.offset, condition.value.offset + condition.value.length)}`);
  const newStatement = `,\n${indent}{\n${lines.map((l) => `${inner}${l}`).join(',\n')}\n${indent}}`;
  const edits: TextEdit[] = [
    { offset: actionNode.offset, length: actionNode.length, newText: newActions },
    { offset: statement.node.offset + statement.node.length, length: 0, newText: newStatement },
  ];
  return { title: 'Move actions that need "Resource": "*" into a statement of their own', edits, isPreferred: true };
}

/**
 * Services whose wildcard-only actions were checked against their API reference (ECR, S3, ECS, IAM,
 * STS). Elsewhere the reference data sometimes omits resource types that an action does support
 * (AWS's own service-role policies scope such actions to ARNs), so the finding is only a suggestion,
 * as it is for listing actions, whose slip costs nothing.
 */
const VERIFIED_SERVICES = new Set(['ecr', 's3', 'ecs', 'iam', 'sts']);
function isVerified(actions: readonly Action[]): boolean {
  return actions.every((a) => VERIFIED_SERVICES.has(a.service) && a.accessLevel !== 'List');
}

/** True when another Allow statement of the policy grants the action on "*". */
function grantedWithStar(ctx: CheckContext, policy: Policy, except: Statement, action: string): boolean {
  return policy.statements.some((s) => s !== except
    && stringValue(s.properties.get('Effect')?.value)?.value === 'Allow'
    && stringValues(s.properties.get('Resource')?.value).some((r) => r.value === '*')
    && stringValues(s.properties.get('Action')?.value).some((a) => wildcardRegExp(a.value).test(action)));
}

/** A resource type's ARN format, parsed once. */
const formats = new WeakMap<ResourceType, Arn | undefined>();
function parsedFormat(type: ResourceType): Arn | undefined {
  if (!formats.has(type)) formats.set(type, parseArn(type.arnFormat));
  return formats.get(type);
}

/**
 * Resource and NotResource: ARN structure (prefix, fields, partition, service case, region, account),
 * ARNs that match no resource type of the statement's actions, and actions that support no
 * resource-level permissions scoped to ARNs.
 */
export function checkResources(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const resourceProp = statement.properties.get('Resource') ?? statement.properties.get('NotResource');
  if (!resourceProp) return;
  const resources = stringValues(resourceProp.value);
  const arns = resources.filter((r) => r.value !== '*').map((r) => ({ r, arn: checkArnStructure(ctx, r) }));
  if (resourceProp.key !== 'Resource') return;
  const actionProp = statement.properties.get('Action');
  if (!actionProp || resources.length === 0 || resources.some((r) => r.value === '*')) return;
  const actions = stringValues(actionProp.value)
    .map((value) => ({ value, resolved: resolveActions(ctx, value.value) ?? [] }))
    .filter((a) => a.value.value !== '*');
  const needsStar = wildcardOnly(actions);
  const scopedActions = actions.flatMap((a) => a.resolved).filter((a) => a.resourceTypes.length > 0);
  for (const a of needsStar) {
    const fix = moveToOwnStatement(ctx, statement, actionProp.value, needsStar.map((n) => n.value));
    const replaceResource = actions.length === needsStar.length
      ? { title: 'Change the resource to "*"', edits: [{ offset: resourceProp.value.offset, length: resourceProp.value.length, newText: '"*"' }], isPreferred: true }
      : undefined;
    // Missing from the whole policy, the permission is lost (the tutorial's docker login fails);
    // granted by another statement with "*", this one only carries a dead entry.
    const elsewhere = grantedWithStar(ctx, policy, statement, a.value.value);
    ctx.report('ACTION_REQUIRES_WILDCARD_RESOURCE', a.value,
      elsewhere
        ? `${a.value.value} does not support resource-level permissions, so this statement does not grant it (another statement with "Resource": "*" does); remove it here: ${a.value.value}`
        : `${a.value.value} does not support resource-level permissions, so this statement never grants it: it needs "Resource": "*" in a statement of its own: ${a.value.value}`,
      [fix ?? replaceResource].filter((f): f is Fix => f !== undefined), elsewhere || !isVerified(a.resolved) ? 'suggestion' : 'warning');
  }
  if (scopedActions.length === 0) return;
  // The resource types the statement's actions can be scoped to, once per statement.
  const candidates = [...new Set(scopedActions.flatMap((a) => a.resourceTypes.map((t) => ctx.catalog.resourceType(a.service, t.name))))]
    .filter((t): t is ResourceType => t !== undefined);
  if (candidates.length === 0) return;
  for (const { r, arn } of arns) {
    if (!arn || isDynamic(arn.service.value)) continue;
    const service = arn.service.value.toLowerCase();
    const matches = candidates.some((t) => {
      const format = parsedFormat(t);
      return format !== undefined && format.service.value === service && resourceMatchesFormat(arn.resource.value, format.resource.value);
    });
    if (!matches) {
      const types = [...new Set(candidates.map((t) => `${t.service}:${t.name}`))].slice(0, 4).join(', ');
      ctx.report('RESOURCE_TYPE_MISMATCH', r,
        `This ARN matches no resource type of the statement's actions (${types}), so it grants nothing here; check its service and format: ${r.value}`);
    }
  }
}
