import { Node } from 'jsonc-parser';
import {
  Arn, ArnPart, fieldMatcher, FieldMatcher, fieldMatchesFormat, fitArnToFormat, fitsSomeFormat, isAccountId, isDynamic, isPartition,
  isRegionName, parseArn, PARTITIONS,
} from '../arn';
import { Action, ActionResource, ResourceType } from '../catalogTypes';
import { wildcardRegExp } from '../catalog';
import { Policy, Statement, StringValue } from '../document';
import { Fix, Severity, TextEdit } from '../findings';
import { resolveActions } from './actions';
import { CheckContext, closest, indentationAt, removeElement, replaceString } from './context';
import { isRepositoryStatement } from './grammar';
import { hasPlaceholder } from './variables';

/** The range of one field of an ARN written in the string `r`. */
function fieldRange(r: StringValue, part: ArnPart): StringValue {
  return { ...r, offset: r.offset + part.start, length: part.value.length, value: part.value };
}

/**
 * API Gateway's shorthand for its own API in a resource policy, `execute-api:/stage/METHOD/path`,
 * which API Gateway expands to the API's ARN when it saves the policy.
 */
function isApiGatewayShorthand(value: string): boolean {
  return value.startsWith('execute-api:/');
}

/** True for a field that only resolves later: a wildcard, a policy variable, or another tool's placeholder (reported once, as such). */
function isOpen(text: string): boolean {
  return isDynamic(text) || hasPlaceholder(text);
}

/** The ARN of a resource pasted as its URL: an SQS queue URL, or an S3 URI. */
function arnOfUrl(value: string): { what: string; arn: string } | undefined {
  const queue = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/(\d{12})\/([\w-]+(?:\.fifo)?)$/.exec(value);
  if (queue) return { what: 'an SQS queue URL', arn: `arn:${queue[2] ? 'aws-cn' : 'aws'}:sqs:${queue[1]}:${queue[3]}:${queue[4]}` };
  const object = /^s3:\/\/([a-z0-9][a-z0-9.-]*)(\/.*)?$/.exec(value);
  if (object) return { what: 'an S3 URI', arn: `arn:aws:s3:::${object[1]}${object[2] ?? ''}` };
  return undefined;
}

/**
 * Checks one ARN's fields (prefix, count, partition, service and its case, Region and its partition,
 * account); returns the parsed ARN when its service is known and written in lower case, so that it
 * can be matched against resource types.
 */
function checkArnFields(ctx: CheckContext, r: StringValue): Arn | undefined {
  const value = r.value;
  if (!value.startsWith('arn:')) {
    const url = arnOfUrl(value);
    if (url) {
      ctx.report('INVALID_ARN_PREFIX', r, `"${value}" is ${url.what}, not an ARN: write ${url.arn}.`,
        [{ title: `Change to "${url.arn}"`, edits: [replaceString(r, url.arn)], isPreferred: true }]);
      return undefined;
    }
    const fixable = value.toLowerCase().startsWith('arn:');
    ctx.report('INVALID_ARN_PREFIX', r, `"${value}" is not an ARN: a resource is "*" or an ARN starting with "arn:"; write the ARN in full.`,
      fixable ? [{ title: 'Write "arn:" in lower case', edits: [{ offset: r.offset, length: 4, newText: 'arn:' }], isPreferred: true }] : []);
    return undefined;
  }
  const arn = parseArn(value);
  if (!arn) {
    ctx.report('MISSING_ARN_FIELD', r, `"${value}" has fewer than six fields: an ARN is arn:partition:service:region:account:resource (Region and account may be empty).`);
    return undefined;
  }
  // A field is open only where the whole ARN is, which most are not: one test of the ARN spares one per field.
  const mayBeOpen = isOpen(value);
  const partition = arn.partition.value;
  const partitionOpen = mayBeOpen && isOpen(partition);
  const knownPartition = !partitionOpen && isPartition(partition);
  if (!partitionOpen && !isPartition(partition)) {
    const lower = partition.toLowerCase();
    ctx.report('INVALID_PARTITION', fieldRange(r, arn.partition), `"${partition}" is not an AWS partition: use one of ${PARTITIONS.join(', ')} (or \${aws:partition}).`,
      isPartition(lower) ? [{ title: `Change to "${lower}"`, edits: [replaceString(fieldRange(r, arn.partition), lower)], isPreferred: true }] : []);
  }
  const service = arn.service.value;
  if (mayBeOpen && isOpen(service)) return undefined;
  const lowerCase = service === service.toLowerCase();
  if (!lowerCase && ctx.catalog.isArnService(service)) {
    ctx.report('INVALID_ARN_SERVICE_CASE', fieldRange(r, arn.service), `"${service}" must be lower case: service names in ARNs are.`,
      [{ title: `Change to "${service.toLowerCase()}"`, edits: [replaceString(fieldRange(r, arn.service), service.toLowerCase())], isPreferred: true }]);
  } else if (!ctx.catalog.isArnService(service) && !ctx.catalog.retiredService(service)) {
    ctx.report('INVALID_SERVICE', fieldRange(r, arn.service), `"${service}" is no AWS service's name in ARNs: check the ARN's third field.`);
    return undefined;
  }
  const region = arn.region.value;
  if (region && !(mayBeOpen && isOpen(region))) checkRegion(ctx, r, arn.region, knownPartition ? partition : undefined);
  const account = arn.account.value;
  // `aws` owns AWS managed policies (arn:aws:iam::aws:policy/...); CloudFront's origin access identities use `cloudfront`.
  if (account && !(mayBeOpen && isOpen(account)) && !isAccountId(account) && account !== 'aws' && account !== 'cloudfront') {
    ctx.report('INVALID_ARN_ACCOUNT', fieldRange(r, arn.account), `"${account}" is not an account ID: write the 12 digits, without dashes.`,
      /^\d{4}-\d{4}-\d{4}$/.test(account) ? [{ title: 'Remove the dashes', edits: [replaceString(fieldRange(r, arn.account), account.replace(/-/g, ''))], isPreferred: true }] : []);
  }
  // An ARN whose service is in the wrong case matches nothing until fixed: reported once, above.
  return lowerCase ? arn : undefined;
}

/** A Region field (of the ARN written in `r`): shaped like a Region name, and a Region of the ARN's partition (of any, when the partition is open). */
function checkRegion(ctx: CheckContext, r: StringValue, field: ArnPart, partition: string | undefined): void {
  const region = field.value;
  if (!isRegionName(region)) {
    const at = fieldRange(r, field);
    const lower = region.toLowerCase();
    ctx.report('INVALID_ARN_REGION', at, `"${region}" is not an AWS Region name such as us-east-1: correct the ARN's fourth field.`,
      isRegionName(lower) ? [{ title: `Change to "${lower}"`, edits: [replaceString(at, lower)], isPreferred: true }] : []);
    return;
  }
  const home = ctx.catalog.regionPartition(region);
  if (home === undefined) {
    const at = fieldRange(r, field);
    const near = closest(region, partition ? ctx.catalog.regions(partition) : PARTITIONS.flatMap((p) => ctx.catalog.regions(p)));
    ctx.report('INVALID_ARN_REGION', at,
      `"${region}" is no AWS Region${partition ? ` of the ${partition} partition` : ''}, so this ARN names nothing${near.length ? `: did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ': correct the ARN\'s fourth field.'}`,
      near.map((n, i) => ({ title: `Change to "${n}"`, edits: [replaceString(at, n)], isPreferred: i === 0 })));
  } else if (partition && home !== partition) {
    ctx.report('INVALID_ARN_REGION', fieldRange(r, field),
      `"${region}" is a Region of the ${home} partition, not ${partition}, so this ARN names nothing: write arn:${home}:... or a Region of ${partition}.`);
  }
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
  if (formats.length === 0 || fitsSomeFormat(arn, formats)) return true;
  const service = arn.service.value;
  // The formats whose resource part fits say what is wrong with the Region or account.
  const near = formats.filter((f) => fieldMatchesFormat(arn.resource.value, f.resource.value)).map((f) => fitArnToFormat(arn, f));
  const remove = (part: ArnPart): Fix[] => [{ title: `Remove "${part.value}"`, edits: [replaceString(fieldRange(r, part), '')], isPreferred: true }];
  if (near.length > 0 && near.every((fit) => fit === 'region')) {
    ctx.report('ARN_REGION_NOT_ALLOWED', fieldRange(r, arn.region), `"${arn.region.value}" cannot be here: ${service} ARNs have no Region, so leave the fourth field empty (arn:partition:${service}::...).`, remove(arn.region));
    return false;
  }
  if (near.length > 0 && near.every((fit) => fit === 'account')) {
    ctx.report('ARN_ACCOUNT_NOT_ALLOWED', fieldRange(r, arn.account), `"${arn.account.value}" cannot be here: these ${service} ARNs have no account ID, so leave the fifth field empty.`, remove(arn.account));
    return false;
  }
  if (near.length > 0 && near.every((fit) => fit === 'missingRegion')) {
    ctx.report('MISSING_ARN_REGION', r, `"${r.value}" needs a Region: ${service} ARNs name one, so write it (or * for any) after "${service}:".`);
    return false;
  }
  const written = typeHead(arn.resource.value);
  if (near.length > 0 || isOpen(written) || formats.some((f) => fieldMatchesFormat(written, typeHead(f.resource.value)))) return true;
  // An account's root and an STS session are principals' ARNs the reference lists no format for.
  if ((service === 'iam' && arn.resource.value === 'root') || (service === 'sts' && arn.resource.value.startsWith('assumed-role/'))) return true;
  const heads = [...new Set(formats.map((f) => typeHead(f.resource.value)).filter((h) => h !== '' && !isDynamic(h)))];
  const suggestions = closest(written, heads);
  const head = { ...fieldRange(r, arn.resource), length: written.length };
  if (suggestions.length > 0) {
    ctx.report('INVALID_ARN_RESOURCE', head,
      `"${written}" is no ${service} resource type (ARNs are case-sensitive): did you mean ${suggestions.map((h) => `"${h}"`).join(' or ')}?`,
      suggestions.map((h, i) => ({ title: `Change to "${h}"`, edits: [replaceString(head, h)], isPreferred: i === 0 })));
  } else {
    // Far from every known type, it may be one the reference does not list yet: only a suggestion, but
    // for the services whose resource types were verified (TRUSTED_SERVICES), where it names nothing.
    const examples = [...new Set(formats.map((f) => f.resource.value))].slice(0, 3).join(', ');
    ctx.report('INVALID_ARN_RESOURCE', fieldRange(r, arn.resource),
      `"${arn.resource.value}" matches no ${service} resource ARN format in the Service Authorization Reference (such as ${examples}): check the resource part.`,
      [], TRUSTED_SERVICES.has(service) ? 'warning' : 'suggestion');
  }
  return false;
}

/** The resource types at the start of SSM's ARN formats (`parameter`, `document`, ...), once per catalog. */
function parameterTypeHeads(ctx: CheckContext): readonly string[] {
  let heads = ssmTypeHeads.get(ctx.catalog);
  if (!heads) ssmTypeHeads.set(ctx.catalog, (heads = ctx.catalog.resourceTypes('ssm').map((t) => typeHead(parsedFormat(t)?.resource.value ?? ''))));
  return heads;
}
const ssmTypeHeads = new WeakMap<object, readonly string[]>();

/** A secret's name as Secrets Manager writes it in its ARN: the name, a dash and six random characters. */
const SECRET_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * ARNs whose resource part names nothing the service creates: an SSM parameter ARN with `parameter//`
 * (the parameter `/app/x` is `parameter/app/x`) or without the `parameter/` type (`/app/x`, or `app/x`
 * in a statement of parameter actions), a CloudWatch Logs ARN with a log group's name but no `log-group:` type
 * (`arn:aws:logs:*:*:/aws/x`), and a Secrets Manager secret ARN without the six random characters Secrets Manager
 * appends to the name (so it matches no secret). Returns false when it reported a finding.
 */
function checkArnName(ctx: CheckContext, r: StringValue, arn: Arn, actions: StatementActions): boolean {
  const service = arn.service.value;
  // Asked of every ARN, and only ARNs of these services name something here.
  if (service !== 'ssm' && service !== 'logs' && service !== 'secretsmanager') return true;
  const resource = arn.resource.value;
  const at = fieldRange(r, arn.resource);
  if (service === 'ssm' && /^parameter\/\//.test(resource)) {
    const fixed = resource.replace(/^parameter\/+/, 'parameter/');
    ctx.report('INVALID_ARN_RESOURCE', at,
      `"${resource}" has a slash too many, so it names no parameter: the ARN of the parameter /${fixed.slice('parameter/'.length)} is ...:${fixed}.`,
      [{ title: `Change to "${fixed}"`, edits: [replaceString(at, fixed)], isPreferred: true }]);
    return false;
  }
  // A parameter's name where its ARN has the type first: /app/x, or app/x in a statement of parameter actions.
  const ssmHeads = service === 'ssm' ? parameterTypeHeads(ctx) : [];
  if (service === 'ssm' && !isOpen(typeHead(resource))
    // A near miss of a type (Parameter/x, parameters/x) is a misspelt type, which checkArnFormat names.
    && (resource.startsWith('/') || (actions.forParameters && !ssmHeads.includes(typeHead(resource)) && closest(typeHead(resource), ssmHeads).length === 0))) {
    const name = resource.replace(/^\/+/, '');
    ctx.report('INVALID_ARN_RESOURCE', at,
      `"${resource}" has no resource type, so it names no parameter: the ARN of the parameter /${name} is ...:parameter/${name}.`,
      [{ title: `Change to "parameter/${name}"`, edits: [replaceString(at, `parameter/${name}`)], isPreferred: true }]);
    return false;
  }
  // A log group's name where its ARN has the type first: /aws/lambda/app is log-group:/aws/lambda/app.
  if (service === 'logs' && resource.startsWith('/')) {
    ctx.report('INVALID_ARN_RESOURCE', at,
      `"${resource}" has no resource type, so it names no log group: the ARN of the log group ${resource} is ...:log-group:${resource}.`,
      [{ title: `Change to "log-group:${resource}"`, edits: [replaceString(at, `log-group:${resource}`)], isPreferred: true }]);
    return false;
  }
  const secret = service === 'secretsmanager' ? /^secret:(.+)$/.exec(resource)?.[1] : undefined;
  if (secret !== undefined && !/[*?}]$/.test(secret) && !SECRET_SUFFIX.test(secret)) {
    ctx.report('INVALID_ARN_RESOURCE', at,
      `"${resource}" names no secret: Secrets Manager adds a dash and six random characters to a secret's name in its ARN. Write "${resource}-??????" (or the full ARN of the secret).`,
      [{ title: `Change to "${resource}-??????"`, edits: [replaceString(at, `${resource}-??????`)], isPreferred: true }], 'warning');
    return false;
  }
  return true;
}

/**
 * The actions of a statement that support no resource-level permissions: a name, or a pattern most of
 * whose actions support none (`ec2:Describe*`: 177 of 194, which a statement scoped to ARNs never
 * grants, while the few it does are rarely what was meant), each with those actions.
 */
function wildcardOnly(actions: readonly ResolvedEntry[]) {
  // Asked of every statement scoped to ARNs: an object only for the few actions that qualify.
  const found: { value: StringValue; resolved: readonly Action[]; starOnly: readonly Action[] }[] = [];
  for (const a of actions) {
    const starOnly = summaryOf(a.resolved).starOnly;
    if (starOnly.length > 0 && (starOnly.length === a.resolved.length || (/[*?]/.test(a.value.value) && starOnly.length * 2 > a.resolved.length))) {
      found.push({ ...a, starOnly });
    }
  }
  return found;
}

/** What the resource checks ask of the actions an Action entry stands for, whatever the statement. */
interface ResolvedSummary {
  /** The actions' services, each once, in the order of the actions. */
  readonly services: readonly string[];
  /** The actions that support no resource-level permissions. */
  readonly starOnly: readonly Action[];
  /** True when one of the actions is authorised on some resource type. */
  readonly scoped: boolean;
  /** True when one of them is an SSM action on parameters. */
  readonly onParameters: boolean;
}

/**
 * The summary of a resolved list, made once per list (resolveActions gives the catalog's memoized list for
 * a pattern): a pattern such as `ec2:*` stands for hundreds of actions, and statements repeat their patterns.
 */
function summaryOf(resolved: readonly Action[]): ResolvedSummary {
  let summary = summaries.get(resolved);
  if (!summary) {
    const services = new Set<string>();
    for (const x of resolved) services.add(x.service);
    summary = {
      services: [...services],
      starOnly: resolved.filter((x) => x.resourceTypes.length === 0),
      scoped: resolved.some((x) => x.resourceTypes.length > 0),
      onParameters: resolved.some((x) => x.service === 'ssm' && x.resourceTypes.some((t) => t.name === 'parameter')),
    };
    summaries.set(resolved, summary);
  }
  return summary;
}
const summaries = new WeakMap<readonly Action[], ResolvedSummary>();
/** What an entry that is no action name resolves to (one list, so that its summary is made once). */
const NO_ACTIONS: readonly Action[] = [];

/** How a message names an action that needs "Resource": "*", or a pattern most of whose actions do. */
function needsStarSubject(a: { value: StringValue; resolved: readonly Action[]; starOnly: readonly Action[] }): string {
  if (a.starOnly.length === a.resolved.length) return `"${a.value.value}" supports no resource-level permissions`;
  return `"${a.value.value}" matches mostly actions that support no resource-level permissions (${a.starOnly.length} of ${a.resolved.length}, such as ${a.starOnly[0].service}:${a.starOnly[0].name})`;
}

/**
 * The fix for actions that need "Resource": "*" in a statement scoped to ARNs: move them into a
 * statement of their own, placed after this one, with the same Effect and Condition.
 */
function moveToOwnStatement(ctx: CheckContext, statement: Statement, actionNode: Node, moved: StringValue[]): Fix | undefined {
  const text = ctx.doc.text;
  const effect = statement.effect ?? 'Allow';
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
 * Services whose Service Authorization Reference data for resource types was checked against their
 * API reference and against AWS's own managed policies (test/unit/managedPolicies.test.ts keeps them
 * clean): for their actions, a grant that can never apply is a warning (an error in a resource
 * policy, which the service refuses). Elsewhere the data sometimes omits a resource type an action
 * does support (AWS's own service-role policies scope such actions to ARNs), so the finding is only a
 * suggestion.
 */
export const TRUSTED_SERVICES: ReadonlySet<string> = new Set([
  'ecr', 's3', 'ecs', 'iam', 'sts', 'ec2', 'logs', 'kms', 'sqs', 'sns', 'secretsmanager', 'ssm', 'lambda', 'dynamodb',
]);

/** The severity of a grant that can never apply: see TRUSTED_SERVICES. */
function neverAppliesSeverity(policy: Policy, actions: readonly Action[]): Severity {
  if (!actions.every((a) => TRUSTED_SERVICES.has(a.service))) return 'suggestion';
  return policy.kind === 'resource' ? 'error' : 'warning';
}

/**
 * Services whose listing actions (`List`, most `Describe*`) really need "Resource": "*": EC2 and ECS
 * document that their list and describe actions support no resource-level permissions. Others
 * authorise some of theirs against an ARN the reference does not give (CloudWatch Logs checks
 * DescribeLogGroups against `log-group::log-stream:`, S3 ListAllMyBuckets against `arn:aws:s3:::*`,
 * and AWS's own policies scope them so), so there a listing action scoped to ARNs is only a suggestion.
 */
const STAR_ONLY_LISTING: ReadonlySet<string> = new Set(['ec2', 'ecs']);

/**
 * The trusted services whose actions without resource types really need "*". Not CloudWatch Logs
 * (above) nor Systems Manager, whose data gives no resource type to actions that its own OpsItem and
 * command policies scope to ARNs (ssm:CreateOpsItem on opsitem/*, ssm:CancelCommand on instances).
 */
const STAR_ONLY_SERVICES: ReadonlySet<string> = new Set([...TRUSTED_SERVICES].filter((s) => s !== 'logs' && s !== 'ssm'));

/** The severity of an action that supports no resource-level permissions, scoped to ARNs. */
function needsStarSeverity(policy: Policy, actions: readonly Action[]): Severity {
  const listing = (a: Action) => a.accessLevel === 'List' || /^(List|Describe)/.test(a.name);
  if (actions.some((a) => !STAR_ONLY_SERVICES.has(a.service) || (listing(a) && !STAR_ONLY_LISTING.has(a.service)))) return 'suggestion';
  return neverAppliesSeverity(policy, actions);
}

/** A statement with what the questions below ask of it, read once per statement. */
interface StatementFacts {
  readonly statement: Statement;
  readonly effect: string | undefined;
  /** True when the statement's Resource lists "*". */
  readonly star: boolean;
}

/** One text of the policy's Action entries, with the statements that have an entry of that text. */
interface WrittenAction {
  readonly pattern: string;
  readonly statements: StatementFacts[];
}

/**
 * The Action entries of a policy's statements by the text they can match, so that asking whether
 * another statement grants an action looks at a few entries, not at every statement (a document of
 * thousands of statements would take quadratic time). A case-insensitive RegExp matches an ASCII
 * character only with an ASCII character equal to it in lower case, so an ASCII entry can match only
 * a text equal to it in lower case (without wildcards) or with the same service prefix in lower case.
 */
interface ActionIndex {
  /** ASCII texts without wildcards, by exactKey. */
  readonly exact: ReadonlyMap<Action | string, readonly WrittenAction[]>;
  /** Texts with wildcards after a service prefix of ASCII text, by that prefix in lower case. */
  readonly byService: ReadonlyMap<string, readonly WrittenAction[]>;
  /** The others (`*`, `s3*:Get*`, text with other characters): candidates for every question. */
  readonly anyService: readonly WrittenAction[];
  /**
   * Answers found, by the action asked about (and for grantedOnItsType, first by the Effect): up to two
   * statements that grant (two, so that one of them is not the statement asking), so that thousands of
   * statements asking the same question read the entries once.
   */
  readonly starAnswers: Map<string, readonly Statement[]>;
  readonly typeAnswers: Map<string | undefined, Map<string, readonly Statement[]>>;
  /** The check the answers belong to (they depend on its catalog). */
  readonly ctx: CheckContext;
}

/** The text before an action's first colon (all of it without one). */
function servicePart(action: string): string {
  const colon = action.indexOf(':');
  return colon < 0 ? action : action.slice(0, colon);
}

/** True for ASCII text without wildcards (a loop: asked of every Action text of the policy). */
function isAsciiLiteral(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f || c === 0x2a || c === 0x3f) return false;
  }
  return true;
}

/**
 * The key of an ASCII text without wildcards in ActionIndex.exact: the catalog's action when the text
 * names one (the catalog looks names up in lower case, so texts equal in lower case name the same action,
 * and only they do), else the text in lower case. The action is already resolved for the actions check,
 * while a text in lower case is a new string to build and hash.
 */
function exactKey(ctx: CheckContext, text: string): Action | string {
  const resolved = resolveActions(ctx, text);
  return resolved?.length === 1 ? resolved[0] : text.toLowerCase();
}

/**
 * A policy's ActionIndex for a check, built on first use. The entries are first grouped by their text,
 * which the actions check has already hashed: policies repeat their actions (the 13,807 entries of the
 * managed-policy bench are 5,704 texts), and each text is then classified once.
 */
function actionIndex(ctx: CheckContext, policy: Policy): ActionIndex {
  let index = actionIndexes.get(policy);
  if (index && index.ctx === ctx) return index;
  const byText = new Map<string, WrittenAction>();
  for (const statement of policy.statements) {
    const entries = statement.strings('Action');
    if (entries.length === 0) continue;
    const facts = { statement, effect: statement.effect, star: listsStar(statement) };
    for (const a of entries) {
      const written = byText.get(a.value);
      if (!written) byText.set(a.value, { pattern: a.value, statements: [facts] });
      else if (written.statements[written.statements.length - 1] !== facts) written.statements.push(facts);
    }
  }
  const exact = new Map<Action | string, WrittenAction[]>();
  const byService = new Map<string, WrittenAction[]>();
  const anyService: WrittenAction[] = [];
  const add = <K>(map: Map<K, WrittenAction[]>, key: K, written: WrittenAction) => {
    const list = map.get(key);
    if (list) list.push(written);
    else map.set(key, [written]);
  };
  for (const written of byText.values()) {
    const text = written.pattern;
    if (isAsciiLiteral(text)) {
      add(exact, exactKey(ctx, text), written);
      continue;
    }
    const service = servicePart(text);
    if (isAsciiLiteral(service)) add(byService, service.toLowerCase(), written);
    else anyService.push(written);
  }
  index = { exact, byService, anyService, starAnswers: new Map(), typeAnswers: new Map(), ctx };
  actionIndexes.set(policy, index);
  return index;
}
const actionIndexes = new WeakMap<Policy, ActionIndex>();

/** True when the statement's Resource lists "*". */
function listsStar(statement: Statement): boolean {
  return statement.strings('Resource').some((r) => r.value === '*');
}

/** The texts of an ActionIndex that can match the text, or a text of one of the services. */
function candidates(index: ActionIndex, text: string, services: readonly string[]): WrittenAction[] {
  const found: WrittenAction[] = [];
  const add = (texts: readonly WrittenAction[] | undefined) => {
    if (texts) for (const w of texts) found.push(w);
  };
  // Only an ASCII text can equal an ASCII entry in lower case.
  if (isAsciiLiteral(text)) add(index.exact.get(exactKey(index.ctx, text)));
  for (const service of new Set([servicePart(text), ...services].map((s) => s.toLowerCase()))) add(index.byService.get(service));
  add(index.anyService);
  return found;
}

/**
 * Up to two statements of the candidates' that grant: whose entry's text `names` the action and that
 * `holds` (the text is asked once, for all its statements); memoized in `answers` under the action asked about.
 */
function granting(answers: Map<string, readonly Statement[]>, action: string, found: () => WrittenAction[],
  names: (pattern: string) => boolean, holds: (s: StatementFacts) => boolean): readonly Statement[] {
  let answer = answers.get(action);
  if (!answer) {
    const statements: Statement[] = [];
    for (const written of found()) {
      if (statements.length === 2) break;
      let named: boolean | undefined;
      for (const facts of written.statements) {
        if (statements.length === 2) break;
        if (statements.includes(facts.statement) || !holds(facts)) continue;
        named ??= names(written.pattern);
        if (!named) break;
        statements.push(facts.statement);
      }
    }
    answers.set(action, (answer = statements));
  }
  return answer;
}

/** True when another Allow statement of the policy grants the action on "*". */
function grantedWithStar(ctx: CheckContext, policy: Policy, except: Statement, action: string): boolean {
  const index = actionIndex(ctx, policy);
  return granting(index.starAnswers, action, () => candidates(index, action, []),
    (pattern) => wildcardRegExp(pattern).test(action), (s) => s.effect === 'Allow' && s.star).some((s) => s !== except);
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
function formatsOf(ctx: CheckContext, arnService: string, actionServices: readonly string[]): readonly Arn[] {
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

/** One Action entry of a statement other than "*", with the catalog's actions it stands for (none for a name that is no action). */
interface ResolvedEntry {
  readonly value: StringValue;
  readonly resolved: readonly Action[];
}

/** The services of a statement's actions, shared by the statements that have the same, with the ARN formats asked of them. */
interface ActionServices {
  /** Each service once, in the order of the statement's actions. */
  readonly names: readonly string[];
  /**
   * formatsOf by ARN service name, made on first need. The names are the catalog's (checkArnFields
   * returns only ARNs of known services), so the map is bounded.
   */
  readonly formats: Map<string, readonly Arn[]>;
}

/**
 * The ActionServices of a statement's entries, one object per list of services and catalog: statements
 * repeat the same services, and the formats of each are gathered once (fitsSomeFormat prepares each list once).
 */
function actionServicesOf(ctx: CheckContext, entries: readonly ResolvedEntry[]): ActionServices {
  const names = new Set<string>();
  for (const a of entries) for (const service of summaryOf(a.resolved).services) names.add(service);
  const list = [...names];
  // Services of the catalog, but their combinations come from documents: bounded.
  const key = list.join('\u0000');
  let byKey = actionServicesMemo.get(ctx.catalog);
  if (!byKey) actionServicesMemo.set(ctx.catalog, (byKey = new Map()));
  let services = byKey.get(key);
  if (!services) {
    if (byKey.size >= 1_000) byKey.clear();
    byKey.set(key, (services = { names: list, formats: new Map() }));
  }
  return services;
}
const actionServicesMemo = new WeakMap<object, Map<string, ActionServices>>();

/**
 * What the resource checks ask of a statement's Action entries, each part made on first need: a
 * statement whose only resource is "*" (half of those of AWS's managed policies) needs none of it.
 */
class StatementActions {
  private resolvedEntries: readonly ResolvedEntry[] | undefined;
  private services: ActionServices | undefined;

  constructor(private readonly ctx: CheckContext, private readonly values: readonly StringValue[]) {}

  /** The entries other than "*", each resolved. */
  get entries(): readonly ResolvedEntry[] {
    if (!this.resolvedEntries) {
      const entries: ResolvedEntry[] = [];
      for (const value of this.values) {
        if (value.value !== '*') entries.push({ value, resolved: resolveActions(this.ctx, value.value) ?? NO_ACTIONS });
      }
      this.resolvedEntries = entries;
    }
    return this.resolvedEntries;
  }

  /** True when one of the actions is an SSM action on parameters, so that an SSM ARN without a type is a parameter's. */
  get forParameters(): boolean {
    return this.entries.some((a) => summaryOf(a.resolved).onParameters);
  }

  /** The formatsOf the ARN service name for these actions. */
  formats(arnService: string): readonly Arn[] {
    const services = (this.services ??= actionServicesOf(this.ctx, this.entries));
    let found = services.formats.get(arnService);
    if (!found) services.formats.set(arnService, (found = formatsOf(this.ctx, arnService, services.names)));
    return found;
  }
}

/**
 * The actions of an ECR repository policy: only those ECR authorises on a repository take effect there
 * (ecr:GetAuthorizationToken and the registry's actions must be granted by an IAM policy).
 */
function checkRepositoryActions(ctx: CheckContext, statement: Statement): void {
  for (const action of statement.strings('Action')) {
    const resolved = resolveActions(ctx, action.value) ?? [];
    if (resolved.length === 0 || resolved.some((a) => a.resourceTypes.some((t) => t.name === 'repository'))) continue;
    ctx.report('UNSUPPORTED_ACTION_IN_POLICY', action,
      `"${action.value}" does not act on a repository, so a repository policy cannot grant it: grant it in an IAM policy${resolved.every((a) => a.resourceTypes.length === 0) ? ' with "Resource": "*"' : ''}.`);
  }
}

/** True when another statement of the policy with the same Effect names the action and a resource it applies to (or "*"). */
function grantedOnItsType(ctx: CheckContext, policy: Policy, except: Statement, action: string, resolved: readonly Action[]): boolean {
  const effect = except.effect;
  const names = (pattern: string) => pattern === action
    || (/[*?]/.test(pattern) && resolved.some((x) => wildcardRegExp(pattern).test(`${x.service}:${x.name}`)));
  // Whether a statement names a resource the action applies to, decided once per statement.
  const onItsType = new Map<Statement, boolean>();
  const appliesToResource = (s: Statement) => {
    let result = onItsType.get(s);
    if (result === undefined) {
      result = s.strings('Resource').some((r) => {
        if (r.value === '*') return true;
        const arn = parseArn(r.value);
        return arn !== undefined && appliesToArn(ctx, resolved, arn);
      });
      onItsType.set(s, result);
    }
    return result;
  };
  const index = actionIndex(ctx, policy);
  let answers = index.typeAnswers.get(effect);
  if (!answers) index.typeAnswers.set(effect, (answers = new Map()));
  return granting(answers, action, () => candidates(index, action, summaryOf(resolved).services),
    names, (s) => s.effect === effect && appliesToResource(s.statement)).some((s) => s !== except);
}

/**
 * True when one of the actions is authorised on a resource type the ARN can name (same service, resource
 * part that fits the type's format). The types' formats are gathered once per resolved list (the catalog's,
 * per pattern) by service, each service's as one FieldMatcher: `ec2:*` stands for hundreds of actions with
 * their types, and every ARN of every statement asks.
 */
function appliesToArn(ctx: CheckContext, resolved: readonly Action[], arn: Arn): boolean {
  return matchesSomeType(typeMatchersFor(ctx, resolved), arn);
}

/** appliesToArn with the actions' typeMatchersFor. */
function matchesSomeType(byService: ReadonlyMap<string, FieldMatcher>, arn: Arn): boolean {
  const matcher = byService.get(arn.service.value);
  return matcher !== undefined && matcher(arn.resource.value);
}

/** The FieldMatchers of the resource fields of the actions' types, by service, made once per resolved list. */
function typeMatchersFor(ctx: CheckContext, resolved: readonly Action[]): ReadonlyMap<string, FieldMatcher> {
  let byService = typeMatchers.get(resolved);
  if (!byService) typeMatchers.set(resolved, (byService = typeMatchersOf(ctx, resolved)));
  return byService;
}
const typeMatchers = new WeakMap<readonly Action[], ReadonlyMap<string, FieldMatcher>>();

/** The resource fields of the formats of the actions' types, by the formats' service. */
function typeMatchersOf(ctx: CheckContext, resolved: readonly Action[]): Map<string, FieldMatcher> {
  const byService = new Map<string, Set<string>>();
  for (const x of resolved) {
    for (const t of x.resourceTypes) {
      const format = formatOfActionResource(ctx, x, t);
      if (!format) continue;
      let resources = byService.get(format.service.value);
      if (!resources) byService.set(format.service.value, (resources = new Set()));
      resources.add(format.resource.value);
    }
  }
  return new Map([...byService].map(([service, resources]) => [service, fieldMatcher([...resources])]));
}

/** The parsed ARN format of one of an action's resource types, looked up once per catalog entry. */
function formatOfActionResource(ctx: CheckContext, action: Action, resource: ActionResource): Arn | undefined {
  if (actionResourceFormats.has(resource)) return actionResourceFormats.get(resource);
  const type = ctx.catalog.resourceType(action.service, resource.name);
  const format = type && parsedFormat(type);
  actionResourceFormats.set(resource, format);
  return format;
}
const actionResourceFormats = new WeakMap<ActionResource, Arn | undefined>();

/** The resource types an action is authorised on, with their ARN formats, for a message: `bucket (arn:${Partition}:s3:::${BucketName})`. */
function describeTypes(ctx: CheckContext, actions: readonly Action[]): string {
  const described = new Set<string>();
  for (const a of actions) {
    for (const t of a.resourceTypes) {
      const format = ctx.catalog.resourceType(a.service, t.name)?.arnFormat;
      described.add(format ? `${t.name} (${format})` : t.name);
    }
  }
  const list = [...described];
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
}

/**
 * Resource and NotResource: ARN fields (prefix, partition, service case, Region, account), ARNs that
 * fit no ARN format of their service, actions that no resource of the statement is of a type they are
 * authorised on (so that the statement never grants them), ARNs no action of the statement can use,
 * and actions that support no resource-level permissions scoped to ARNs.
 */
export function checkResources(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const resourceProp = statement.properties.get('Resource') ?? statement.properties.get('NotResource');
  if (!resourceProp) {
    if (isRepositoryStatement(policy, statement)) checkRepositoryActions(ctx, statement);
    return;
  }
  const resources = resourceProp.strings;
  const actionProp = statement.properties.get('Action');
  const written = new StatementActions(ctx, actionProp?.strings ?? []);
  const fitting: { r: StringValue; arn: Arn }[] = [];
  for (const r of resources) {
    if (r.value === '*' || (policy.kind === 'resource' && isApiGatewayShorthand(r.value))) continue;
    const arn = checkArnFields(ctx, r);
    if (!arn) continue;
    // An ARN with another tool's placeholder is reported once, as such, and not matched against types.
    if (hasPlaceholder(arn.resource.value)) continue;
    if (checkArnName(ctx, r, arn, written) && checkArnFormat(ctx, r, arn, written.formats(arn.service.value))) fitting.push({ r, arn });
  }
  if (resourceProp.key !== 'Resource' || !actionProp || resources.length === 0 || resources.some((r) => r.value === '*')) return;
  const actions = written.entries;
  const needsStar = wildcardOnly(actions);
  for (const a of needsStar) {
    // Missing from the whole policy, the permission is lost (the tutorial's docker login fails);
    // granted by another statement with "*", this one only carries a dead entry.
    const elsewhere = grantedWithStar(ctx, policy, statement, a.value.value);
    if (elsewhere) {
      const siblings = actionProp.value.type === 'array' ? actionProp.value.children ?? [] : [];
      ctx.report('ACTION_REQUIRES_WILDCARD_RESOURCE', a.value,
        `${needsStarSubject(a)}, so this statement scoped to ARNs does not grant it (another statement with "Resource": "*" does): remove it here.`,
        siblings.length > 1 ? [{ title: `Remove "${a.value.value}" from this statement`, edits: [removeElement(actionProp.value, a.value.node)], isPreferred: true }] : [],
        'suggestion');
      continue;
    }
    // A resource policy applies to its own resources, so it cannot grant such an action at all; S3
    // refuses such a bucket policy. Verified services only (and S3, whose listing actions are not).
    if (policy.kind === 'resource' && a.starOnly.length === a.resolved.length && a.resolved.every((x) => STAR_ONLY_SERVICES.has(x.service) || x.service === 's3')) {
      const refused = a.resolved.every((x) => x.service === 's3');
      ctx.report('UNSUPPORTED_ACTION_IN_POLICY', a.value,
        `"${a.value.value}" supports no resource-level permissions, so a resource policy cannot grant it${refused ? ', and S3 refuses the policy ("Action does not apply to any resource(s) in statement")' : ''}: grant it in an identity policy with "Resource": "*".`,
        actionProp.value.type === 'array' && (actionProp.value.children ?? []).length > 1 ? [{ title: `Remove "${a.value.value}"`, edits: [removeElement(actionProp.value, a.value.node)], isPreferred: true }] : [],
        refused ? 'error' : 'warning');
      continue;
    }
    const fix = moveToOwnStatement(ctx, statement, actionProp.value, needsStar.map((n) => n.value));
    const replaceResource = actions.length === needsStar.length
      ? { title: 'Change the resource to "*"', edits: [{ offset: resourceProp.value.offset, length: resourceProp.value.length, newText: '"*"' }], isPreferred: true }
      : undefined;
    ctx.report('ACTION_REQUIRES_WILDCARD_RESOURCE', a.value,
      `${needsStarSubject(a)}, so a statement scoped to ARNs never grants ${a.starOnly.length === a.resolved.length ? 'it' : 'them'}: give it "Resource": "*" in a statement of its own.`,
      [fix ?? replaceResource].filter((f): f is Fix => f !== undefined), needsStarSeverity(policy, a.starOnly));
  }
  // Every resource must be understood to say that an action applies to none of them, and every action
  // known (an ARN meant for a misspelt action is that action's finding, not a second one).
  if (fitting.length !== resources.length || actions.some((a) => a.resolved.length === 0)) return;
  const scoped = actions.filter((a) => summaryOf(a.resolved).scoped);
  if (scoped.length === 0) return;
  // Which action applies to which resource, decided once for the two questions below.
  const appliesTo = scoped.map((a) => {
    const byService = typeMatchersFor(ctx, a.resolved);
    return fitting.map(({ arn }) => matchesSomeType(byService, arn));
  });
  const failing = scoped.filter((_, i) => !appliesTo[i].includes(true));
  const dead = fitting.filter((_, j) => !appliesTo.some((row) => row[j]));
  if (failing.length === scoped.length) {
    // Nothing of the statement applies: one finding per resource, which is what to correct.
    const all = failing.flatMap((a) => a.resolved);
    const names = failing.map((a) => `"${a.value.value}"`);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    for (const { r } of dead) {
      ctx.report('RESOURCE_TYPE_MISMATCH', r,
        `"${r.value}" is of no resource type ${shown} ${failing.length === 1 ? 'is' : 'are'} authorised on, so this statement grants nothing: use ARNs of ${describeTypes(ctx, all)}.`,
        [], neverAppliesSeverity(policy, all));
    }
    return;
  }
  for (const a of failing) {
    // Granted by another statement on a resource of its type, this one only carries a dead entry.
    if (grantedOnItsType(ctx, policy, statement, a.value.value, a.resolved)) {
      ctx.report('RESOURCE_TYPE_MISMATCH', a.value,
        `"${a.value.value}" applies to none of this statement's resources (another statement grants it on ${describeTypes(ctx, a.resolved)}): remove it here.`, [], 'suggestion');
      continue;
    }
    ctx.report('RESOURCE_TYPE_MISMATCH', a.value,
      `"${a.value.value}" applies to none of this statement's resources, so the statement never grants it: add an ARN of ${describeTypes(ctx, a.resolved)}, or move the action to a statement that has one.`,
      [], neverAppliesSeverity(policy, a.resolved));
  }
  for (const { r } of dead) {
    ctx.report('RESOURCE_TYPE_MISMATCH', r,
      `"${r.value}" is of no resource type this statement's actions are authorised on, so it grants nothing here: check its service and format, or remove it.`, [], 'suggestion');
  }
}
