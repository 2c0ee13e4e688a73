import { wildcardRegExp } from '../catalog';
import { Code } from '../codes';
import { keyOf, Policy, properties, Property, Statement, StringValue, stringValues } from '../document';
import { CheckContext } from './context';

/** How a statement grants one sensitive action: named, through a wildcard, or through NotAction. */
type Grant = { by: 'name' | 'wildcard'; action: StringValue } | { by: 'notAction'; notAction: Property };

/** The ways an Allow statement grants an action; empty when it does not. */
function grantsOf(statement: Statement, action: string): Grant[] {
  const grants: Grant[] = [];
  const lower = action.toLowerCase();
  for (const a of stringValues(statement.properties.get('Action')?.value)) {
    // Lower case keeps the length of every character it maps to ASCII: texts of another length never equal `lower`.
    if (a.value.length === lower.length && a.value.toLowerCase() === lower) grants.push({ by: 'name', action: a });
    else if ((a.value.includes('*') || a.value.includes('?')) && wildcardRegExp(a.value).test(action)) grants.push({ by: 'wildcard', action: a });
  }
  const notAction = statement.properties.get('NotAction');
  if (notAction && !stringValues(notAction.value).some((a) => a.value.toLowerCase() === lower || wildcardRegExp(a.value).test(action))) {
    grants.push({ by: 'notAction', notAction });
  }
  return grants;
}

/** The condition keys of a statement, in lower case. */
function conditionKeys(statement: Statement): Set<string> {
  return new Set(properties(statement.properties.get('Condition')?.value)
    .flatMap((operator) => properties(operator.value).map((k) => k.key.toLowerCase())));
}

interface SensitiveAction {
  readonly action: string;
  /** Resource values that mean "every resource" for this action. */
  readonly everyResource: RegExp;
  /** Condition keys that narrow a `*` resource enough (Access Analyzer's rule). */
  readonly narrowedBy: readonly string[];
  readonly codes: Record<'name' | 'wildcard' | 'notAction', { star: Code; notResource: Code }>;
  readonly what: string;
}

const SENSITIVE: readonly SensitiveAction[] = [
  {
    action: 'iam:PassRole',
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

function checkSensitive(ctx: CheckContext, statement: Statement, sensitive: SensitiveAction, resources: readonly StringValue[], keys: () => Set<string>): void {
  const notResource = statement.properties.get('NotResource');
  const star = resources.some((r) => sensitive.everyResource.test(r.value)) && !sensitive.narrowedBy.some((k) => keys().has(k));
  if (!star && !notResource) return;
  for (const grant of grantsOf(statement, sensitive.action)) {
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
  // The condition keys matter only where a resource is "*": collected then, once.
  let collected: Set<string> | undefined;
  const keys = () => (collected ??= conditionKeys(statement));
  const resources = stringValues(statement.properties.get('Resource')?.value);
  for (const sensitive of SENSITIVE) checkSensitive(ctx, statement, sensitive, resources, keys);
  const notAction = statement.properties.get('NotAction');
  if (notAction) {
    ctx.report('ALLOW_WITH_NOT_ACTION', keyOf(notAction), 'Allow with NotAction allows every action not listed, including those of services added later: list the actions to allow instead.');
  }
  const notResource = statement.properties.get('NotResource');
  if (notResource) {
    ctx.report('ALLOW_WITH_NOT_RESOURCE', keyOf(notResource), 'Allow with NotResource allows every resource not listed, including resources created later: list the resources to allow instead.');
  }
  const starAction = stringValues(statement.properties.get('Action')?.value).find((a) => a.value === '*' || a.value === '*:*');
  if (starAction && resources.some((r) => r.value === '*') && keys().size === 0) {
    ctx.report('FULL_ADMIN_ACCESS', starAction, 'Allows every action on every resource: full administrator access. Grant the actions the role needs, or attach the AdministratorAccess managed policy deliberately.');
  }
}
