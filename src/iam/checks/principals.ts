import { Policy, properties, Statement, stringValue, StringValue, stringValues } from '../document';
import { CheckContext, closest, replaceString } from './context';

const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const GITHUB = 'token.actions.githubusercontent.com';
const WEB_IDENTITY_PROVIDERS = ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com'];

function checkAwsPrincipal(ctx: CheckContext, p: StringValue): void {
  const v = p.value;
  if (v === '*' || /^\d{12}$/.test(v)) return;
  if (/^arn:aws[a-z-]*:iam::\d{12}:(root|user\/.+|role\/.+|assumed-role\/.+\/.+|federated-user\/.+)$/.test(v)) return;
  if (/^arn:aws[a-z-]*:sts::\d{12}:(assumed-role\/.+\/.+|federated-user\/.+)$/.test(v)) return;
  // Unique IDs of users (AIDA...) and roles (AROA...) appear when the named entity was deleted.
  if (/^A[A-Z0-9]{20}$/.test(v)) return;
  ctx.report('INVALID_AWS_PRINCIPAL', p, `An AWS principal is "*", a 12-digit account ID, or the ARN of an account (arn:aws:iam::123456789012:root), user or role: ${v}`);
}

function checkServicePrincipal(ctx: CheckContext, p: StringValue): void {
  const v = p.value;
  if (ctx.catalog.isServicePrincipal(v) || /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(v)) {
    if (!ctx.catalog.isServicePrincipal(v) && !v.endsWith('.cn')) {
      const suggestions = closest(v, ctx.catalog.servicePrincipals());
      ctx.report('UNKNOWN_SERVICE_PRINCIPAL', p,
        `This is not a service principal IAM Author knows${suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : '; check the service\'s documentation for its principal.'} Principal: ${v}`,
        suggestions.map((s, i) => ({ title: `Change to "${s}"`, edits: [replaceString(p, s)], isPreferred: i === 0 })));
    }
    return;
  }
  const base = v.replace(/\.amazonaws(\.com)?$/, '').replace(/\.$/, '');
  const candidate = `${base}.amazonaws.com`;
  const fixes = /^[a-z0-9.-]+$/.test(base) && ctx.catalog.isServicePrincipal(candidate)
    ? [{ title: `Change to "${candidate}"`, edits: [replaceString(p, candidate)], isPreferred: true }]
    : [];
  ctx.report('INVALID_SERVICE_PRINCIPAL_FORMAT', p, `A service principal is the service's full name, such as ec2.amazonaws.com: ${v}`, fixes);
}

function conditionKeys(statement: Statement): string[] {
  const condition = statement.properties.get('Condition');
  return properties(condition?.value).flatMap((op) => properties(op.value).map((k) => k.key.toLowerCase()));
}

/** Principal and NotPrincipal: formats, anyone-can-assume trust, OIDC trust without audience/subject conditions. */
export function checkPrincipals(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const principal = statement.properties.get('Principal') ?? statement.properties.get('NotPrincipal');
  if (!principal) return;
  if (policy.kind === 'identity' && statement.properties.has('Principal')) {
    ctx.report('UNSUPPORTED_PRINCIPAL', principal.keyNode, 'An identity policy applies to the identity it is attached to, so it cannot name a Principal: remove it, or save the document as a *.trust.json or resource policy.');
    return;
  }
  const effect = stringValue(statement.properties.get('Effect')?.value)?.value;
  const conditions = conditionKeys(statement);
  const anyone = (node: StringValue) => {
    if (policy.kind === 'trust' && effect === 'Allow' && conditions.length === 0) {
      ctx.report('TRUST_ANYONE', node, 'Anyone in any AWS account could assume this role: name the accounts or roles that may, or add a condition such as aws:PrincipalOrgID.');
    }
  };
  if (principal.value.type === 'string') {
    const value = stringValue(principal.value)!;
    if (value.value !== '*') {
      ctx.report('INVALID_PRINCIPAL_FORMAT', principal.value, `Principal is "*" or an object such as {"AWS": "..."} or {"Service": "..."}: ${value.value}`);
    } else {
      anyone(value);
    }
    return;
  }
  if (principal.value.type !== 'object') {
    ctx.report('INVALID_PRINCIPAL_FORMAT', principal.value, 'Principal is "*" or an object such as {"AWS": "..."} or {"Service": "..."}.');
    return;
  }
  for (const p of properties(principal.value)) {
    if (!PRINCIPAL_KEYS.includes(p.key)) {
      const match = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === p.key.toLowerCase());
      ctx.report('INVALID_PRINCIPAL_KEY', p.keyNode, `Principal keys are ${PRINCIPAL_KEYS.join(', ')} (case-sensitive): ${p.key}`,
        match ? [{ title: `Change to "${match}"`, edits: [replaceString(stringValue(p.keyNode)!, match)], isPreferred: true }] : []);
      continue;
    }
    const values = stringValues(p.value);
    for (const v of values) {
      if (p.key === 'AWS') {
        if (v.value === '*') anyone(v);
        else checkAwsPrincipal(ctx, v);
      } else if (p.key === 'Service') {
        checkServicePrincipal(ctx, v);
      } else if (p.key === 'Federated' && policy.kind === 'trust' && effect === 'Allow') {
        if (v.value.includes(':saml-provider/')) continue;
        const provider = /:oidc-provider\/(.+)$/.exec(v.value)?.[1] ?? v.value;
        const has = (claim: string) => conditions.some((k) => k === `${provider.toLowerCase()}:${claim}`);
        // Public web identity providers identify users by aud (the app); other OIDC providers need sub too.
        const needsSub = !WEB_IDENTITY_PROVIDERS.includes(provider);
        if (provider === GITHUB && !has('sub')) {
          ctx.report('MISSING_GITHUB_REPO_CONDITION_KEY', v,
            `Without a condition on ${GITHUB}:sub, any GitHub repository's workflow can assume this role: add a StringLike condition such as "repo:OWNER/REPO:ref:refs/heads/main". Provider: ${provider}`);
        }
        const missing = [!has('aud') && 'aud', provider !== GITHUB && needsSub && !has('sub') && 'sub'].filter(Boolean);
        if (missing.length > 0) {
          ctx.report('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', v,
            `Add ${missing.map((c) => `${provider}:${c}`).join(' and ')} conditions so that only tokens issued for your application and workloads can assume this role${provider === GITHUB ? ' (aud: "sts.amazonaws.com")' : ''}: ${provider}`);
        }
      }
    }
    if (p.value.type !== 'string' && p.value.type !== 'array') {
      ctx.report('DATA_TYPE_MISMATCH', p.value, `A principal value is a string or an array of strings: ${p.key}`);
    }
  }
  if (statement.properties.has('NotPrincipal') && effect === 'Allow') {
    ctx.report('ALLOW_WITH_NOT_PRINCIPAL', statement.properties.get('NotPrincipal')!.keyNode,
      'Allow with NotPrincipal allows everyone except the listed principals, including anonymous users; name the principals to allow instead.');
  }
}
