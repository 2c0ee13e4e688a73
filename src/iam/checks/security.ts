import { wildcardRegExp } from '../catalog';
import { Code } from '../codes';
import { keyOf, Policy, properties, Property, Statement, StringValue } from '../document';
import { CheckContext } from './context';

/** The empty list, shared: most statements grant no sensitive action, have no candidate for one, and no condition. */
const NONE: readonly never[] = [];

/** How a statement grants one sensitive action: named, through a wildcard, or through NotAction. */
type Grant = { by: 'name' | 'wildcard'; action: StringValue } | { by: 'notAction'; notAction: Property };

/**
 * False when a pattern cannot name or match `lower` (an action in lower case) by its text before its first
 * wildcard: most actions of a statement differ from iam:PassRole in their first letter and need neither
 * lower-casing nor a regular expression. Characters beyond ASCII are left to the exact tests, which treat
 * them differently (toLowerCase turns the Kelvin sign into k; a case-insensitive RegExp does not).
 */
function mayGrant(pattern: string, lower: string): boolean {
  for (let i = 0; i < pattern.length && i < lower.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR || c === QUESTION_MARK || c > 0x7f) return true;
    const folded = c >= UPPER_A && c <= UPPER_Z ? c + (LOWER_A - UPPER_A) : c;
    if (folded !== lower.charCodeAt(i)) return false;
  }
  return true;
}
const STAR = 0x2a;
const QUESTION_MARK = 0x3f;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const LOWER_A = 0x61;

/** The ways an Allow statement grants an action; empty when it does not. */
function grantsOf(statement: AllowStatement, action: string, lower: string): readonly Grant[] {
  // Most statements grant no sensitive action: no array for them.
  let grants: Grant[] | undefined;
  for (const a of statement.iamActions) {
    if (!mayGrant(a.value, lower)) continue;
    // Lower case keeps the length of every character it maps to ASCII: texts of another length never equal `lower`.
    if (a.value.length === lower.length && a.value.toLowerCase() === lower) (grants ??= []).push({ by: 'name', action: a });
    else if ((a.value.includes('*') || a.value.includes('?')) && wildcardRegExp(a.value).test(action)) (grants ??= []).push({ by: 'wildcard', action: a });
  }
  const notAction = statement.notAction;
  if (notAction && !excludes(notAction, action, lower)) (grants ??= []).push({ by: 'notAction', notAction });
  return grants ?? NONE;
}

/**
 * Whether a NotAction names or matches an action. A function of its own: its closure would otherwise cost
 * every call of grantsOf an allocation.
 */
function excludes(notAction: Property, action: string, lower: string): boolean {
  return notAction.strings.some((a) => a.value.toLowerCase() === lower || wildcardRegExp(a.value).test(action));
}

/**
 * What the checks below read of an Allow statement, each looked up once for all of them; its actions and
 * condition keys only when a check needs them (most statements name no resource that means every role).
 */
class AllowStatement {
  readonly notAction: Property | undefined;
  readonly resources: readonly StringValue[];
  readonly notResource: Property | undefined;
  private iam: readonly StringValue[] | undefined;
  private keys: readonly string[] | undefined;

  constructor(private readonly statement: Statement) {
    this.notAction = statement.properties.get('NotAction');
    this.resources = statement.strings('Resource');
    this.notResource = statement.properties.get('NotResource');
  }

  /**
   * The actions that may grant an IAM action (by their text before the first wildcard; see mayGrant): both
   * sensitive actions are IAM's, so the statement's actions are read once for both, and most are no candidate.
   */
  get iamActions(): readonly StringValue[] {
    if (!this.iam) {
      let candidates: StringValue[] | undefined;
      for (const a of this.statement.strings('Action')) if (mayGrant(a.value, 'iam:')) (candidates ??= []).push(a);
      this.iam = candidates ?? NONE;
    }
    return this.iam;
  }

  /** The condition keys, in lower case. */
  get conditionKeys(): readonly string[] {
    if (!this.keys) {
      const condition = this.statement.properties.get('Condition');
      this.keys = condition ? conditionKeys(condition) : NONE;
    }
    return this.keys;
  }
}

/** The keys of a Condition element, in lower case. */
function conditionKeys(condition: Property): string[] {
  const keys: string[] = [];
  for (const operator of properties(condition.value)) {
    for (const key of properties(operator.value)) keys.push(key.key.toLowerCase());
  }
  return keys;
}

interface SensitiveAction {
  /** An IAM action (AllowStatement.iamActions looks only at what may grant one). */
  readonly action: string;
  /** The action in lower case, to compare with a statement's. */
  readonly lower: string;
  /** Resource values that mean "every resource" for this action; all of them end with `*`. */
  readonly everyResource: RegExp;
  /** Condition keys that narrow a `*` resource enough (Access Analyzer's rule). */
  readonly narrowedBy: readonly string[];
  readonly codes: Record<'name' | 'wildcard' | 'notAction', { star: Code; notResource: Code }>;
  readonly what: string;
}

const SENSITIVE: readonly SensitiveAction[] = [
  {
    action: 'iam:PassRole',
    lower: 'iam:passrole',
    everyResource: /^(\*|arn:[^:]*:iam::[^:]*:role\/\*)$/,
    narrowedBy: ['iam:passedtoservice', 'iam:associatedresourcearn'],
    codes: {
      name: { star: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', notResource: 'PASS_ROLE_WITH_NOT_RESOURCE' },
      wildcard: { star: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', notResource: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE' },
      notAction: { star: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', notResource: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE' },
    },
    what: 'pass any role, administrator roles included, to a service: name the roles it may pass, or add an iam:PassedToService condition',
  },
  {
    action: 'iam:CreateServiceLinkedRole',
    lower: 'iam:createservicelinkedrole',
    everyResource: /^(\*|arn:[^:]*:iam::[^:]*:role\/(aws-service-role\/)?\*)$/,
    narrowedBy: ['iam:awsservicename'],
    codes: {
      name: { star: 'CREATE_SLR_WITH_STAR_IN_RESOURCE', notResource: 'CREATE_SLR_WITH_NOT_RESOURCE' },
      wildcard: { star: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', notResource: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE' },
      notAction: { star: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', notResource: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE' },
    },
    what: 'create the service-linked role of any service: name the service-linked role ARNs, or add an iam:AWSServiceName condition',
  },
];

/** Whether one of the resources means every resource for a sensitive action. */
function meansEveryResource(resources: readonly StringValue[], sensitive: SensitiveAction): boolean {
  for (const r of resources) {
    // "*" is every resource for any action, and the most common value; most others are ARNs that end in
    // something else than `*`. Neither needs the RegExp.
    if (r.value === '*' || (r.value.endsWith('*') && sensitive.everyResource.test(r.value))) return true;
  }
  return false;
}

/** Whether a condition key of the statement narrows a `*` resource enough for the action. */
function narrowed(statement: AllowStatement, sensitive: SensitiveAction): boolean {
  for (const key of sensitive.narrowedBy) if (statement.conditionKeys.includes(key)) return true;
  return false;
}

function checkSensitive(ctx: CheckContext, statement: AllowStatement, sensitive: SensitiveAction): void {
  const notResource = statement.notResource;
  const star = meansEveryResource(statement.resources, sensitive) && !narrowed(statement, sensitive);
  if (!star && !notResource) return;
  for (const grant of grantsOf(statement, sensitive.action, sensitive.lower)) {
    const code = sensitive.codes[grant.by][star ? 'star' : 'notResource'];
    const how = grant.by === 'name' ? sensitive.action
      : grant.by === 'wildcard' ? `this wildcard, which includes ${sensitive.action},`
        : `NotAction, which leaves ${sensitive.action} allowed,`;
    const scope = star ? 'on every resource' : 'with NotResource, on every resource not listed';
    const target = grant.by === 'notAction' ? keyOf(grant.notAction) : grant.action;
    const written = grant.by === 'notAction' ? 'NotAction' : grant.action.value;
    ctx.report(code, star || grant.by === 'notAction' ? target : keyOf(notResource!),
      `"${written}": allowing ${how} ${scope} lets this identity ${sensitive.what}.`);
  }
}

/**
 * Access Analyzer's security warnings that apply to identity and resource policies: iam:PassRole and
 * iam:CreateServiceLinkedRole on every resource (by name, wildcard or NotAction; with `*` or NotResource),
 * Allow with NotAction / NotResource, and full administrator access. Trust policies have their own rules.
 */
export function checkSecurity(ctx: CheckContext, policy: Policy, statement: Statement): void {
  if (policy.kind === 'trust' || statement.effect !== 'Allow') return;
  const allow = new AllowStatement(statement);
  for (const sensitive of SENSITIVE) checkSensitive(ctx, allow, sensitive);
  if (allow.notAction) {
    ctx.report('ALLOW_WITH_NOT_ACTION', keyOf(allow.notAction), 'Allow with NotAction allows every action not listed, including those of services added later: list the actions to allow instead.');
  }
  if (allow.notResource) {
    ctx.report('ALLOW_WITH_NOT_RESOURCE', keyOf(allow.notResource), 'Allow with NotResource allows every resource not listed, including resources created later: list the resources to allow instead.');
  }
  // The resources first: a statement has a few, and most have no "*" among them.
  if (!allow.resources.some((r) => r.value === '*')) return;
  // "*" and "*:*" start with a wildcard: they are among the candidates for IAM's actions.
  const starAction = allow.iamActions.find((a) => a.value === '*' || a.value === '*:*');
  if (starAction && allow.conditionKeys.length === 0) {
    ctx.report('FULL_ADMIN_ACCESS', starAction, 'Allows every action on every resource: full administrator access. Grant the actions the role needs, or attach the AdministratorAccess managed policy deliberately.');
  }
}
