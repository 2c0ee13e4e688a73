import { Node } from 'jsonc-parser';
import {
  Arn, ArnPart, fieldMatchesFormat, fitArnToFormat, isAccountId, isDynamic, isPartition, isRegionName, parseArn, PARTITIONS,
} from '../arn';
import { Action, ResourceType } from '../catalogTypes';
import { wildcardRegExp } from '../catalog';
import { Policy, Statement, StringValue, stringValue, stringValues } from '../document';
import { Fix, TextEdit } from '../findings';
import { resolveActions } from './actions';
import { CheckContext, closest, indentationAt, removeElement, replaceString } from './context';

/** The range of one field of an ARN written in the string `r`. */
function fieldRange(r: StringValue, part: ArnPart): StringValue {
  return { ...r, offset: r.offset + part.start, length: part.value.length, value: part.value };
}

/**
 * Checks one ARN's fields (prefix, count, partition, service and its case, Region, account); returns
 * the parsed ARN when its service is known and written in lower case, so that it can be matched
 * against resource types.
 */
function checkArnFields(ctx: CheckContext, r: StringValue): Arn | undefined {
  const value = r.value;
  if (!value.startsWith('arn:')) {
    const fixable = value.toLowerCase().startsWith('arn:');
    ctx.report('INVALID_ARN_PREFIX', r, `A resource is "*" or an ARN starting with "arn:"; write the ARN in full: ${value}`,
      fixable ? [{ title: 'Write "arn:" in lower case', edits: [{ offset: r.offset, length: 4, newText: 'arn:' }], isPreferred: true }] : []);
    return undefined;
  }
  const arn = parseArn(value);
  if (!arn) {
    ctx.report('MISSING_ARN_FIELD', r, `An ARN has six fields, arn:partition:service:region:account:resource (Region and account may be empty): ${value}`);
    return undefined;
  }
  const partition = arn.partition.value;
  if (!isDynamic(partition) && !isPartition(partition)) {
    const lower = partition.toLowerCase();
    ctx.report('INVALID_PARTITION', fieldRange(r, arn.partition), `Unknown partition; use one of ${PARTITIONS.join(', ')} (or \${aws:partition}): ${partition}`,
      isPartition(lower) ? [{ title: `Change to "${lower}"`, edits: [replaceString(fieldRange(r, arn.partition), lower)], isPreferred: true }] : []);
  }
  const service = arn.service.value;
  if (isDynamic(service)) return undefined;
  const lowerCase = service === service.toLowerCase();
  if (!lowerCase && ctx.catalog.isArnService(service)) {
    ctx.report('INVALID_ARN_SERVICE_CASE', fieldRange(r, arn.service), `Service names in ARNs are lower case: ${service}`,
      [{ title: `Change to "${service.toLowerCase()}"`, edits: [replaceString(fieldRange(r, arn.service), service.toLowerCase())], isPreferred: true }]);
  } else if (!ctx.catalog.isArnService(service) && !ctx.catalog.retiredService(service)) {
    ctx.report('INVALID_SERVICE', fieldRange(r, arn.service), `No AWS service has this name in its ARNs; check the ARN's third field: ${service}`);
    return undefined;
  }
  const region = arn.region.value;
  if (region && !isDynamic(region) && !isRegionName(region)) {
    const lower = region.toLowerCase();
    ctx.report('INVALID_ARN_REGION', fieldRange(r, arn.region), `This is not an AWS Region name such as us-east-1: ${region}`,
      isRegionName(lower) ? [{ title: `Change to "${lower}"`, edits: [replaceString(fieldRange(r, arn.region), lower)], isPreferred: true }] : []);
  }
  const account = arn.account.value;
  // `aws` owns AWS managed policies (arn:aws:iam::aws:policy/...); CloudFront's origin access identities use `cloudfront`.
  if (account && !isDynamic(account) && !isAccountId(account) && account !== 'aws' && account !== 'cloudfront') {
    ctx.report('INVALID_ARN_ACCOUNT', fieldRange(r, arn.account), `An account ID is 12 digits, without dashes: ${account}`,
      /^\d{4}-\d{4}-\d{4}$/.test(account) ? [{ title: 'Remove the dashes', edits: [replaceString(fieldRange(r, arn.account), account.replace(/-/g, ''))], isPreferred: true }] : []);
  }
  // An ARN whose service is in the wrong case matches nothing until fixed: reported once, above.
  return lowerCase ? arn : undefined;
}

/** The resource type at the start of an ARN's resource part: the text before the first `/` or `:`. */
function typeHead(resource: string): string {
  return /^[^/:]*/.exec(resource)![0];
}

/**
 * Checks an ARN against the ARN formats of its own service: a Region or account the service's ARNs
 * never have or always need, or a resource type the service does not have. Only the resource type
 * (the text before the first `/` or `:`) is compared: the reference's formats are not complete
 * enough to reject the rest of the text. Returns false when it reported a finding.
 */
function checkArnFormat(ctx: CheckContext, r: StringValue, arn: Arn, formats: readonly Arn[]): boolean {
  if (formats.length === 0 || formats.some((f) => fitArnToFormat(arn, f) === 'match')) return true;
  const service = arn.service.value;
  // The formats whose resource part fits say what is wrong with the Region or account.
  const near = formats.filter((f) => fieldMatchesFormat(arn.resource.value, f.resource.value)).map((f) => fitArnToFormat(arn, f));
  const remove = (part: ArnPart): Fix[] => [{ title: `Remove "${part.value}"`, edits: [replaceString(fieldRange(r, part), '')], isPreferred: true }];
  if (near.length > 0 && near.every((fit) => fit === 'region')) {
    ctx.report('ARN_REGION_NOT_ALLOWED', fieldRange(r, arn.region), `${service} ARNs have no Region: leave the fourth field empty (arn:partition:${service}::...): ${arn.region.value}`, remove(arn.region));
    return false;
  }
  if (near.length > 0 && near.every((fit) => fit === 'account')) {
    ctx.report('ARN_ACCOUNT_NOT_ALLOWED', fieldRange(r, arn.account), `These ${service} ARNs have no account ID: leave the fifth field empty: ${arn.account.value}`, remove(arn.account));
    return false;
  }
  if (near.length > 0 && near.every((fit) => fit === 'missingRegion')) {
    ctx.report('MISSING_ARN_REGION', r, `${service} ARNs name a Region; write it (or * for any) after "${service}:": ${r.value}`);
    return false;
  }
  const written = typeHead(arn.resource.value);
  if (near.length > 0 || isDynamic(written) || formats.some((f) => fieldMatchesFormat(written, typeHead(f.resource.value)))) return true;
  if (service === 'iam' && arn.resource.value === 'root') return true;
  const heads = [...new Set(formats.map((f) => typeHead(f.resource.value)).filter((h) => h !== '' && !isDynamic(h)))];
  const suggestions = closest(written, heads);
  const head = { ...fieldRange(r, arn.resource), length: written.length };
  if (suggestions.length > 0) {
    ctx.report('INVALID_ARN_RESOURCE', head,
      `${service} has no resource type "${written}" (ARNs are case-sensitive); did you mean ${suggestions.map((h) => `"${h}"`).join(' or ')}? Resource: ${arn.resource.value}`,
      suggestions.map((h, i) => ({ title: `Change to "${h}"`, edits: [replaceString(head, h)], isPreferred: i === 0 })));
  } else {
    // Far from every known type, it may be one the reference does not list yet: only a suggestion.
    const examples = [...new Set(formats.map((f) => f.resource.value))].slice(0, 3).join(', ');
    ctx.report('INVALID_ARN_RESOURCE', fieldRange(r, arn.resource),
      `This matches no ${service} resource ARN format in the Service Authorization Reference (such as ${examples}); check the resource part: ${arn.resource.value}`,
      [], 'suggestion');
  }
  return false;
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
function grantedWithStar(policy: Policy, except: Statement, action: string): boolean {
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
 * The ARN formats written with the ARN service name `arnService`, from the service of that prefix
 * and from the services of the statement's actions (whose ARNs can use another name: Service
 * Catalog's are `catalog`).
 */
function formatsOf(ctx: CheckContext, arnService: string, actionServices: Iterable<string>): Arn[] {
  const found = new Set<Arn>();
  for (const prefix of new Set([arnService, ...actionServices])) {
    for (const type of ctx.catalog.resourceTypes(prefix)) {
      const format = parsedFormat(type);
      // A few formats leave the service open (Backup's recovery points: `arn:${Partition}:${Vendor}:...`).
      if (format && (format.service.value === arnService || format.service.value.startsWith('${'))) found.add(format);
    }
  }
  return [...found];
}

/**
 * Resource and NotResource: ARN fields (prefix, partition, service case, Region, account), ARNs that
 * fit no ARN format of their service, ARNs that match no resource type of the statement's actions,
 * and actions that support no resource-level permissions scoped to ARNs.
 */
export function checkResources(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const resourceProp = statement.properties.get('Resource') ?? statement.properties.get('NotResource');
  if (!resourceProp) return;
  const resources = stringValues(resourceProp.value);
  const actionProp = statement.properties.get('Action');
  const actions = stringValues(actionProp?.value)
    .filter((value) => value.value !== '*')
    .map((value) => ({ value, resolved: resolveActions(ctx, value.value) ?? [] }));
  const actionServices = new Set(actions.flatMap((a) => a.resolved.map((x) => x.service)));
  const formatsByService = new Map<string, Arn[]>();
  const fitting: { r: StringValue; arn: Arn }[] = [];
  for (const r of resources) {
    if (r.value === '*') continue;
    const arn = checkArnFields(ctx, r);
    if (!arn) continue;
    const service = arn.service.value;
    if (!formatsByService.has(service)) formatsByService.set(service, formatsOf(ctx, service, actionServices));
    if (checkArnFormat(ctx, r, arn, formatsByService.get(service)!)) fitting.push({ r, arn });
  }
  if (resourceProp.key !== 'Resource' || !actionProp || resources.length === 0 || resources.some((r) => r.value === '*')) return;
  const needsStar = wildcardOnly(actions);
  for (const a of needsStar) {
    const fix = moveToOwnStatement(ctx, statement, actionProp.value, needsStar.map((n) => n.value));
    const replaceResource = actions.length === needsStar.length
      ? { title: 'Change the resource to "*"', edits: [{ offset: resourceProp.value.offset, length: resourceProp.value.length, newText: '"*"' }], isPreferred: true }
      : undefined;
    // Missing from the whole policy, the permission is lost (the tutorial's docker login fails);
    // granted by another statement with "*", this one only carries a dead entry.
    const elsewhere = grantedWithStar(policy, statement, a.value.value);
    if (elsewhere) {
      const siblings = actionProp.value.type === 'array' ? actionProp.value.children ?? [] : [];
      ctx.report('ACTION_REQUIRES_WILDCARD_RESOURCE', a.value,
        `This action does not support resource-level permissions, so this statement does not grant it (another statement with "Resource": "*" does); remove it here: ${a.value.value}`,
        siblings.length > 1 ? [{ title: `Remove "${a.value.value}" from this statement`, edits: [removeElement(actionProp.value, a.value.node)], isPreferred: true }] : [],
        'suggestion');
      continue;
    }
    ctx.report('ACTION_REQUIRES_WILDCARD_RESOURCE', a.value,
      `This action does not support resource-level permissions, so a statement scoped to ARNs never grants it: it needs "Resource": "*" in a statement of its own: ${a.value.value}`,
      [fix ?? replaceResource].filter((f): f is Fix => f !== undefined), isVerified(a.resolved) ? 'warning' : 'suggestion');
  }
  const scopedActions = actions.flatMap((a) => a.resolved).filter((a) => a.resourceTypes.length > 0);
  // The resource types the statement's actions can be scoped to, once per statement.
  const candidates = [...new Set(scopedActions.flatMap((a) => a.resourceTypes.map((t) => ctx.catalog.resourceType(a.service, t.name))))]
    .filter((t): t is ResourceType => t !== undefined);
  if (candidates.length === 0) return;
  for (const { r, arn } of fitting) {
    const matches = candidates.some((t) => {
      const format = parsedFormat(t);
      return format !== undefined && format.service.value === arn.service.value && fieldMatchesFormat(arn.resource.value, format.resource.value);
    });
    if (!matches) {
      const types = [...new Set(candidates.map((t) => `${t.service}:${t.name}`))].slice(0, 4).join(', ');
      ctx.report('RESOURCE_TYPE_MISMATCH', r,
        `This ARN matches no resource type of the statement's actions (${types}), so it grants nothing here; check its service and format: ${r.value}`);
    }
  }
}
