import { Statement, stringValue, stringValues } from '../document';
import { wildcardRegExp } from '../catalog';
import { CheckContext } from './context';

/**
 * Access Analyzer's security warnings that apply to identity and resource policies: iam:PassRole on
 * any role, Allow with NotAction / NotResource, and full administrator access.
 */
export function checkSecurity(ctx: CheckContext, statement: Statement): void {
  const effect = stringValue(statement.properties.get('Effect')?.value)?.value;
  if (effect !== 'Allow') return;
  const action = statement.properties.get('Action');
  const notAction = statement.properties.get('NotAction');
  const resource = statement.properties.get('Resource');
  const notResource = statement.properties.get('NotResource');
  const actions = stringValues(action?.value);
  const resources = stringValues(resource?.value);
  const starResource = resources.some((r) => r.value === '*' || /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(r.value));
  const passRole = actions.filter((a) => /^iam:PassRole$/i.test(a.value));
  const passRoleByWildcard = actions.filter((a) => !/^iam:PassRole$/i.test(a.value) && /[*?]/.test(a.value) && wildcardRegExp(a.value).test('iam:PassRole'));
  // Access Analyzer's rule: a condition on the service the role is passed to makes a * acceptable.
  const conditionKeys = statement.properties.get('Condition')?.value.children?.flatMap((op) => op.children?.[1]?.children?.map((k) => String(k.children?.[0]?.value).toLowerCase()) ?? []) ?? [];
  const passRoleNarrowed = conditionKeys.some((k) => k === 'iam:passedtoservice' || k === 'iam:associatedresourcearn');
  if (starResource && !passRoleNarrowed) {
    for (const a of passRole) {
      ctx.report('PASS_ROLE_WITH_STAR_IN_RESOURCE', a, 'iam:PassRole on every role lets this identity give any role, including administrator roles, to a service: name the roles it may pass.');
    }
    for (const a of passRoleByWildcard) {
      ctx.report('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', a, `This wildcard includes iam:PassRole, on every role: name the roles it may pass, or narrow the action: ${a.value}`);
    }
  }
  if (notResource && (passRole.length > 0 || passRoleByWildcard.length > 0)) {
    ctx.report('PASS_ROLE_WITH_NOT_RESOURCE', notResource.keyNode, 'iam:PassRole with NotResource allows passing every role not listed, including roles created later: list the roles it may pass in Resource.');
  }
  if (notAction) {
    ctx.report('ALLOW_WITH_NOT_ACTION', notAction.keyNode, 'Allow with NotAction allows every action not listed, including those of services added later: list the actions to allow instead.');
  }
  if (notResource) {
    ctx.report('ALLOW_WITH_NOT_RESOURCE', notResource.keyNode, 'Allow with NotResource allows every resource not listed, including resources created later: list the resources to allow instead.');
  }
  const starAction = actions.find((a) => a.value === '*' || a.value === '*:*');
  if (starAction && resources.some((r) => r.value === '*') && !statement.properties.has('Condition')) {
    ctx.report('FULL_ADMIN_ACCESS', starAction, 'Allows every action on every resource: full administrator access. Grant the actions the role needs, or attach the AdministratorAccess managed policy deliberately.');
  }
}
