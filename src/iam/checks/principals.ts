import { Node } from 'jsonc-parser';
import { wildcardRegExp } from '../catalog';
import { keyOf, Policy, properties, Property, Statement, stringValue, StringValue, stringValues } from '../document';
import { Fix } from '../findings';
import { CheckContext, closest, removeElement, replaceString, replaceValue } from './context';
import { hasPlaceholder } from './variables';

const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const GITHUB = 'token.actions.githubusercontent.com';
/** Public web identity providers, named by domain; they identify the app by aud, so sub is optional. */
const WEB_IDENTITY_PROVIDERS = ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com'];
const ROLES_ANYWHERE = 'rolesanywhere.amazonaws.com';
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

const ACCOUNT = /^\d{12}$/;
const AWS_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+|assumed-role\/.+\/.+|federated-user\/.+)|sts::\d{12}:(assumed-role\/.+\/.+|federated-user\/.+))$/;
/** A CloudFront origin access identity as S3 bucket policies name it (CloudFront's documented form). */
const CLOUDFRONT_OAI = /^arn:aws[a-z-]*:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;
const FEDERATED_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(saml-provider\/[\w+=,.@-]+|oidc-provider\/[^\s/]+(\/[^\s]+)?)$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** What a statement is about, computed once for the checks below. */
interface Scope {
  readonly policy: Policy;
  readonly statement: Statement;
  readonly allow: boolean;
  /** Condition keys, in lower case. */
  readonly conditionKeys: readonly string[];
  readonly actions: readonly StringValue[];
}

function conditionKeys(statement: Statement): string[] {
  return properties(statement.properties.get('Condition')?.value)
    .flatMap((operator) => properties(operator.value).map((k) => k.key.toLowerCase()));
}

function grants(scope: Scope, action: string): boolean {
  return scope.actions.some((a) => a.value.toLowerCase() === action.toLowerCase() || (/[*?]/.test(a.value) && wildcardRegExp(a.value).test(action)));
}

function anyone(ctx: CheckContext, scope: Scope, target: StringValue): void {
  if (scope.policy.kind === 'trust' && scope.allow && scope.conditionKeys.length === 0) {
    ctx.report('TRUST_ANYONE', target, 'Anyone in any AWS account could assume this role: name the accounts or roles that may, or add a condition such as aws:PrincipalOrgID.');
  }
}

function checkAwsPrincipal(ctx: CheckContext, scope: Scope, p: StringValue): void {
  const v = p.value;
  if (v === '*') return anyone(ctx, scope, p);
  if (ACCOUNT.test(v) || AWS_PRINCIPAL_ARN.test(v) && !/[*?]/.test(v) || CLOUDFRONT_OAI.test(v)) return;
  if (/[*?]/.test(v)) {
    ctx.report('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', p, `"${v}" has a wildcard inside it, which matches nothing in an AWS principal: name the principals, or use "*" with a condition such as aws:PrincipalArn.`);
    return;
  }
  // Unique IDs (AROA... roles, AIDA... users) appear when IAM shows a principal that was deleted.
  if (/^AROA[A-Z0-9]{17}$/.test(v)) {
    ctx.report('INVALID_ROLE_REFERENCE', p, `"${v}" is a role's unique ID, which IAM shows once the role is deleted (a role created again with the same name gets another): use the role's ARN.`);
    return;
  }
  if (/^AIDA[A-Z0-9]{17}$/.test(v)) {
    ctx.report('INVALID_USER_REFERENCE', p, `"${v}" is a user's unique ID, which IAM shows once the user is deleted (a user created again with the same name gets another): use the user's ARN.`);
    return;
  }
  const digits = v.replace(/-/g, '');
  const fixes: Fix[] = /^\d{4}-\d{4}-\d{4}$/.test(v) ? [{ title: `Change to "${digits}"`, edits: [replaceString(p, digits)], isPreferred: true }] : [];
  ctx.report('INVALID_AWS_PRINCIPAL', p, `"${v}" is not an AWS principal: write "*", a 12-digit account ID, or the ARN of an account (arn:aws:iam::123456789012:root), user or role.`, fixes);
}

function checkServicePrincipal(ctx: CheckContext, p: StringValue): void {
  const v = p.value;
  if (ctx.catalog.isServicePrincipal(v) || v.endsWith('.amazonaws.com.cn') && SERVICE_PRINCIPAL.test(v)) return;
  if (/[*?]/.test(v)) {
    ctx.report('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', p, `"${v}" has a wildcard, which service principals cannot: name one service, such as ec2.amazonaws.com.`);
    return;
  }
  if (SERVICE_PRINCIPAL.test(v)) {
    // A near miss of a known principal is a typo IAM refuses ("Invalid principal in policy"); a name far
    // from all of them may be a principal the catalog does not know yet, and so may a known principal
    // with a name in front (ops.apigateway.amazonaws.com is API Gateway's service-linked role's).
    const suggestions = closest(v, ctx.catalog.servicePrincipals()).filter((s) => !v.endsWith(`.${s}`));
    ctx.report('UNKNOWN_SERVICE_PRINCIPAL', p, suggestions.length
      ? `"${v}" is no AWS service principal, and IAM refuses the policy: did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`
      : `"${v}" is not a service principal IAM Author knows: check the service's documentation for its principal.`,
    suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(p, s)], isPreferred: i === 0 })), suggestions.length ? 'error' : 'warning');
    return;
  }
  const parts = v.split(/\s*,\s*/);
  if (parts.length > 1 && parts.every((part) => SERVICE_PRINCIPAL.test(part))) {
    // Inside a list, the parts become its elements; alone, a list of them.
    const inList = p.node.parent?.type === 'array';
    const newText = inList ? parts.map((part) => JSON.stringify(part)).join(', ') : JSON.stringify(parts);
    ctx.report('INVALID_SERVICE_PRINCIPAL_FORMAT', p, `"${v}" holds several service principals in one string: write each as a string of its own in a list.`,
      [{ title: 'Split into one string per principal', edits: [{ offset: p.node.offset, length: p.node.length, newText }], isPreferred: true }]);
    return;
  }
  const base = v.trim().toLowerCase().replace(/\.amazonaws(\.com)?\.?$/, '').replace(/\.$/, '');
  const candidate = `${base}.amazonaws.com`;
  const fixes = /^[a-z0-9.-]+$/.test(base) && ctx.catalog.isServicePrincipal(candidate)
    ? [{ title: `Change to "${candidate}"`, edits: [replaceString(p, candidate)], isPreferred: true }]
    : [];
  ctx.report('INVALID_SERVICE_PRINCIPAL_FORMAT', p, `"${v}" is not a service principal: write the service's full name, such as ec2.amazonaws.com.`, fixes);
}

/** OIDC trust: aud (and, but for public web identity providers, sub) conditions; GitHub's sub names a repository. */
function checkOidcConditions(ctx: CheckContext, scope: Scope, p: StringValue, provider: string): void {
  const has = (claim: string) => scope.conditionKeys.includes(`${provider.toLowerCase()}:${claim}`);
  if (provider === GITHUB && !has('sub')) {
    ctx.report('MISSING_GITHUB_REPO_CONDITION_KEY', p,
      `"${provider}" without a condition on ${GITHUB}:sub lets any GitHub repository's workflow assume this role: add a StringLike condition such as "repo:OWNER/REPO:ref:refs/heads/main".`);
  }
  const needsSub = provider !== GITHUB && !WEB_IDENTITY_PROVIDERS.includes(provider);
  const missing = [!has('aud') && 'aud', needsSub && !has('sub') && 'sub'].filter(Boolean);
  if (missing.length > 0) {
    ctx.report('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', p,
      `"${provider}" needs ${missing.map((c) => `${provider}:${c}`).join(' and ')} conditions, so that only tokens issued for your application and workloads can assume this role${provider === GITHUB ? ' (aud: "sts.amazonaws.com")' : ''}.`);
  }
  if (provider === GITHUB) {
    for (const operator of properties(scope.statement.properties.get('Condition')?.value)) {
      for (const key of properties(operator.value)) {
        if (key.key.toLowerCase() !== `${GITHUB}:sub`) continue;
        for (const value of key.strings) {
          // A wildcard after the repository (all its branches) is a choice; one inside the owner or
          // repository name lets other repositories in.
          const repository = /^repo:([^:]*)/.exec(value.value)?.[1];
          if (repository === undefined ? /[*?]/.test(value.value) : /[*?]/.test(repository) || !repository.includes('/')) {
            ctx.report('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', value,
              `"${value.value}" matches workflows of more repositories than one: name the repository, as in "repo:OWNER/REPO:ref:refs/heads/main" or "repo:OWNER/REPO:*".`);
          }
        }
      }
    }
  }
}

function checkFederatedPrincipal(ctx: CheckContext, scope: Scope, p: StringValue): void {
  if (scope.policy.kind === 'resource') {
    ctx.report('FEDERATED_PRINCIPAL_NOT_SUPPORTED', p, `"${p.value}" is an identity provider, which resource policies cannot name: a federated user acts through a role, so name that role.`);
    return;
  }
  const v = p.value;
  if (!FEDERATED_ARN.test(v) && !DOMAIN.test(v)) {
    const host = /^https?:\/\/([^\s]+?)\/?$/.exec(v)?.[1];
    ctx.report('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', p,
      `"${v}" is not a federated principal: write the ARN of an IAM identity provider (arn:aws:iam::123456789012:oidc-provider/HOST or saml-provider/NAME) or a web identity provider's domain, such as accounts.google.com.`,
      host && DOMAIN.test(host.split('/')[0]) ? [{ title: `Change to "${host}"`, edits: [replaceString(p, host)], isPreferred: true }] : []);
    return;
  }
  if (scope.allow && !v.includes(':saml-provider/')) checkOidcConditions(ctx, scope, p, /:oidc-provider\/(.+)$/.exec(v)?.[1] ?? v);
}

/** The assume-role action a trust statement needs for its principal kinds, and a fix when one action is wrong. */
function checkTrustActions(ctx: CheckContext, scope: Scope, principal: Node): void {
  const keys = properties(principal).map((p) => p.key);
  const federated = stringValues(properties(principal).find((p) => p.key === 'Federated')?.value);
  const action = scope.statement.properties.get('Action');
  if (!action || !scope.allow || scope.actions.length === 0) return;
  let required: string | undefined;
  if (keys.length === 1 && federated.length > 0) {
    required = federated.every((f) => f.value.includes(':saml-provider/')) ? 'sts:AssumeRoleWithSAML'
      : federated.every((f) => !f.value.includes(':saml-provider/')) ? 'sts:AssumeRoleWithWebIdentity' : undefined;
  } else if (federated.length === 0 && !scope.actions.some((a) => /^sts:(AssumeRole|\*|AssumeRole\*)$/i.test(a.value) || a.value === '*')) {
    // The other assume-role action, or no STS action at all (iam:PassRole written in a trust policy).
    required = scope.actions.some((a) => /^sts:AssumeRoleWith(SAML|WebIdentity)$/i.test(a.value)) || scope.actions.every((a) => !/^sts:/i.test(a.value))
      ? 'sts:AssumeRole' : undefined;
  }
  if (!required || grants(scope, required)) return;
  const assumeRole = scope.actions.filter((a) => /^sts:AssumeRole(With(SAML|WebIdentity))?$/i.test(a.value));
  const wrong = assumeRole.length > 0 ? assumeRole : scope.actions.filter((a) => !/^sts:/i.test(a.value));
  const fixes: Fix[] = wrong.length === 1 ? [{ title: `Change to "${required}"`, edits: [replaceString(wrong[0], required)], isPreferred: true }] : [];
  ctx.report('MISMATCHED_ACTION_FOR_PRINCIPAL', wrong[0] ?? keyOf(action),
    `"${wrong.map((w) => w.value).join(', ') || 'Action'}" does not let ${keys.includes('Federated') ? 'a principal of this identity provider' : 'an AWS or service principal'} assume the role: it assumes it with ${required}, so add that to Action.`, fixes);
}

function checkRolesAnywhere(ctx: CheckContext, scope: Scope, service: StringValue): void {
  const action = scope.statement.properties.get('Action');
  const missing = ROLES_ANYWHERE_ACTIONS.filter((a) => !grants(scope, a));
  if (!action || missing.length === 0 || !scope.allow) return;
  const fixes: Fix[] = action.value.type === 'string' || action.value.type === 'array'
    ? [{ title: `Add ${missing.join(', ')}`, edits: [replaceValue(action.value, [...scope.actions.map((a) => a.value), ...missing])], isPreferred: true }]
    : [];
  ctx.report('MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', keyOf(action),
    `"${service.value}" (IAM Roles Anywhere) needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to assume a role: add ${missing.join(', ')}.`, fixes);
}

/** An assumed-role session principal listed beside its own role, which already covers it. */
function checkRedundantSessions(ctx: CheckContext, p: Property): void {
  const values = p.strings;
  const roles = new Set(values.map((v) => /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(v.value)).filter((m) => m).map((m) => `${m![1]}:${m![2]}:${m![3]}`));
  for (const v of values) {
    const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(v.value);
    if (!m || !roles.has(`${m[1]}:${m[2]}:${m[3]}`)) continue;
    ctx.report('REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', v, `"${v.value}" is a session of the role ${m[3]}, listed too, which covers all of its sessions: remove the session.`,
      p.value.type === 'array' ? [{ title: 'Remove this principal', edits: [removeElement(p.value, v.node)], isPreferred: true }] : []);
  }
}

/** A string Principal that is not "*": suggest the object it was meant to be. */
function principalObjectFix(value: StringValue): Fix[] {
  const v = value.value;
  const key = ACCOUNT.test(v) || AWS_PRINCIPAL_ARN.test(v) ? 'AWS' : SERVICE_PRINCIPAL.test(v) ? 'Service' : FEDERATED_ARN.test(v) ? 'Federated' : undefined;
  return key ? [{ title: `Change to { "${key}": "${v}" }`, edits: [replaceValue(value.node, { [key]: v })], isPreferred: true }] : [];
}

/**
 * Principal and NotPrincipal: formats of AWS, service and federated principals, wildcards and unique
 * IDs inside them, anyone-can-assume trust, OIDC trust without audience/subject conditions, the
 * assume-role action each principal needs, IAM Roles Anywhere's actions, and NotPrincipal with Allow.
 */
export function checkPrincipals(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const principal = statement.properties.get('Principal') ?? statement.properties.get('NotPrincipal');
  if (!principal) return;
  if (policy.kind === 'identity') {
    ctx.report('UNSUPPORTED_PRINCIPAL', keyOf(principal), `An identity policy applies to the identity it is attached to, so it cannot name a principal: remove ${principal.key}, or write the document as a trust or resource policy.`,
      [{ title: `Remove ${principal.key}`, edits: [removeElement(statement.node, principal.node)], isPreferred: true }]);
    return;
  }
  const scope: Scope = {
    policy,
    statement,
    allow: statement.effect === 'Allow',
    conditionKeys: conditionKeys(statement),
    actions: statement.strings('Action'),
  };
  if (principal.value.type === 'string') {
    const value = stringValue(principal.value)!;
    if (value.value === '*' && policy.kind === 'trust') {
      ctx.report('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', principal.value,
        '"Principal": "*" is not supported in a role trust policy: name who may assume the role, such as {"AWS": "arn:aws:iam::123456789012:root"} ({"AWS": "*"} with conditions for anyone).',
        [{ title: 'Change to { "AWS": "*" }', edits: [replaceValue(principal.value, { AWS: '*' })], isPreferred: true }]);
    } else if (value.value === '*') anyone(ctx, scope, value);
    else ctx.report('INVALID_PRINCIPAL_FORMAT', principal.value, `"${value.value}" is not a ${principal.key}: write "*" or an object such as {"AWS": "..."} or {"Service": "..."}.`, principalObjectFix(value));
    return;
  }
  if (principal.value.type !== 'object') {
    ctx.report('INVALID_PRINCIPAL_FORMAT', principal.value, `${principal.key} is "*" or an object such as {"AWS": "..."} or {"Service": "..."}.`);
    return;
  }
  for (const p of properties(principal.value)) {
    if (!PRINCIPAL_KEYS.includes(p.key)) {
      const match = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === p.key.toLowerCase());
      ctx.report('INVALID_PRINCIPAL_KEY', keyOf(p), `"${p.key}" is not a principal key: use ${PRINCIPAL_KEYS.join(', ')} (case-sensitive).`,
        match ? [{ title: `Change to "${match}"`, edits: [replaceString(keyOf(p), match)], isPreferred: true }] : []);
      continue;
    }
    if (p.value.type !== 'string' && p.value.type !== 'array') {
      ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} has a value of the wrong type: a principal value is a string or an array of strings.`);
      continue;
    }
    for (const member of p.value.type === 'array' ? p.value.children ?? [] : []) {
      if (member.type !== 'string') ctx.report('DATA_TYPE_MISMATCH', member, `Each ${p.key} principal is a string.`);
    }
    for (const v of p.strings) {
      // Another tool's placeholder, or a variable (which principals cannot hold), is checkVariables' one finding.
      if (hasPlaceholder(v.value) || v.value.includes('${')) continue;
      if (p.key === 'AWS') checkAwsPrincipal(ctx, scope, v);
      else if (p.key === 'Service') {
        checkServicePrincipal(ctx, v);
        if (v.value === ROLES_ANYWHERE && policy.kind === 'trust') checkRolesAnywhere(ctx, scope, v);
      } else if (p.key === 'Federated') checkFederatedPrincipal(ctx, scope, v);
    }
    if (p.key === 'AWS' && policy.kind === 'trust') checkRedundantSessions(ctx, p);
  }
  if (policy.kind === 'trust' && statement.properties.has('Principal')) checkTrustActions(ctx, scope, principal.value);
  // In a trust policy NotPrincipal is refused outright (checkGrammar), one finding.
  if (statement.properties.has('NotPrincipal') && scope.allow && policy.kind !== 'trust') {
    ctx.report('ALLOW_WITH_NOT_PRINCIPAL', keyOf(statement.properties.get('NotPrincipal')!),
      'Allow with NotPrincipal allows everyone except the listed principals, including anonymous users; name the principals to allow instead.');
  }
}
