import { createScanner, getNodePath, JSONPath, Node, ScanError, SyntaxKind } from 'jsonc-parser';
import { Action, Catalog, ConditionKey } from './catalogTypes';
import { allOperatorNames, ParsedOperator, parseOperator } from './conditionOperators';
import { isUnclosed, nodeAt, ParsedDocument, properties, stringValues, UNCLOSED_STRING_END } from './document';
import { actionLinks } from './markdown';
import { isPolicyPath } from './policyPath';

/** One completion proposal, as plain data: the server converts it to LSP. */
export interface CompletionItem {
  readonly label: string;
  readonly kind: 'action' | 'service' | 'operator' | 'conditionKey' | 'principal' | 'element' | 'value' | 'file';
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** What the editor filters the typed text against, when it is not the label (a policy's ARN, offered by name). */
  readonly filterText?: string;
  /** True for what AWS has deprecated (an AWS managed policy): shown struck through. */
  readonly deprecated?: boolean;
  /** The range the insert replaces: the content of the string the cursor is in. */
  readonly offset: number;
  readonly length: number;
}

/**
 * Names in the AWS account the editor is connected to, handed over by the editor (the language service
 * never calls AWS). Offered where a policy names such a resource.
 */
export interface AccountNames {
  /** The 12-digit account ID. */
  readonly account: string;
  readonly roles: readonly { readonly name: string; readonly arn: string }[];
  readonly repositories: readonly { readonly name: string; readonly arn: string }[];
}

/** What completion knows beyond the document itself. */
export interface CompletionContext {
  readonly catalog: Catalog;
  /** The connected account's names; undefined when the editor is not connected. */
  readonly account?: AccountNames;
  /**
   * The workspace's policy and trust policy files as a manifest names them: paths relative to the
   * manifest's folder, starting with `./` or `../` (`./read-ecr.policy.json`).
   */
  readonly policyFiles?: readonly string[];
}

type Proposal = Omit<CompletionItem, 'offset' | 'length'>;

const POLICY_ELEMENTS: readonly Proposal[] = [
  { label: 'Version', kind: 'element', detail: 'policy language version', insertText: 'Version' },
  { label: 'Id', kind: 'element', detail: 'optional policy identifier', insertText: 'Id' },
  { label: 'Statement', kind: 'element', detail: 'the statements of the policy', insertText: 'Statement' },
];
const STATEMENT_ELEMENTS: readonly Proposal[] = [
  ['Sid', 'statement identifier'],
  ['Effect', 'Allow or Deny'],
  ['Principal', 'who the statement applies to (trust and resource policies)'],
  ['NotPrincipal', 'everyone except these principals'],
  ['Action', 'the actions allowed or denied'],
  ['NotAction', 'every action except these'],
  ['Resource', 'the resources the actions apply to'],
  ['NotResource', 'every resource except these'],
  ['Condition', 'when the statement applies'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
const MANIFEST_ELEMENTS: readonly Proposal[] = [
  ['RoleName', 'the role\'s name: 1-64 letters, digits and + = , . @ _ -'],
  ['Description', 'what the role is for'],
  ['Path', 'the role\'s IAM path, such as /'],
  ['MaxSessionDuration', 'seconds a session lasts: 3600 to 43200'],
  ['AssumeRolePolicyDocument', 'the trust policy: a ./file.trust.json, or the document'],
  ['ManagedPolicyArns', 'ARNs of existing managed policies to attach'],
  ['CustomerManagedPolicies', 'policies this manifest owns: created or updated, then attached'],
  ['Policies', 'inline policies: { "PolicyName", "PolicyDocument" }'],
  ['PermissionsBoundary', 'the ARN of the managed policy that bounds the role\'s permissions'],
  ['Tags', '{ "Key", "Value" } pairs'],
  ['InstanceProfile', 'true: an instance profile of the role\'s name holds it (EC2 roles)'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
const POLICY_ENTRY_ELEMENTS: readonly Proposal[] = [
  ['PolicyName', 'the policy\'s name'],
  ['Description', 'what the policy is for (customer managed policies)'],
  ['PolicyDocument', 'a ./file.policy.json, or the document'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
const TAG_ELEMENTS: readonly Proposal[] = [
  ['Key', 'the tag\'s key: 1 to 128 characters'],
  ['Value', 'the tag\'s value: up to 256 characters'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
const PRINCIPAL_TYPES: readonly Proposal[] = [
  ['AWS', 'accounts, IAM users and roles'],
  ['Service', 'AWS service principals (ec2.amazonaws.com)'],
  ['Federated', 'an OIDC or SAML identity provider'],
  ['CanonicalUser', 'an Amazon S3 canonical user ID'],
].map(([label, detail]) => ({ label, kind: 'element', detail, insertText: label }));
/** Operators that the set qualifiers ForAnyValue:/ForAllValues: are commonly used with. */
const SET_OPERATOR_TYPES = new Set(['String', 'ARN']);
/** More proposals than this are cut: the editor filters as the user types. */
const MAX_ITEMS = 2000;

/** The statement object that contains a node, if any: the object right under `Statement` (or `Statement` itself). */
function statementOf(node: Node | undefined): Node | undefined {
  for (let n = node; n; n = n.parent) {
    const parentProperty = n.type === 'object' ? (n.parent?.type === 'array' ? n.parent.parent : n.parent) : undefined;
    if (parentProperty?.type === 'property' && parentProperty.children?.[0]?.value === 'Statement') return n;
  }
  return undefined;
}

/** The strings of a statement's element (`Action`, `Resource`...). */
function elementValues(statement: Node | undefined, ...names: string[]): string[] {
  const element = properties(statement).find((p) => names.includes(p.key));
  return stringValues(element?.value).map((s) => s.value);
}

/** The services of a statement's actions (for its condition keys). */
function actionServices(statement: Node | undefined): Set<string> {
  return new Set(elementValues(statement, 'Action', 'NotAction').map((a) => a.split(':')[0].toLowerCase()).filter((s) => s && s !== '*'));
}

/** The OIDC providers a statement trusts (`oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE` from its provider ARN). */
function oidcProviders(statement: Node | undefined): string[] {
  const principal = properties(statement).find((p) => p.key === 'Principal');
  const federated = properties(principal?.value).find((p) => p.key === 'Federated');
  return stringValues(federated?.value).map((s) => /:oidc-provider\/(.+)$/.exec(s.value)?.[1]).filter((h): h is string => h !== undefined);
}

/**
 * The proposals for a condition key; a key of any OIDC provider (`${OIDCProvider}:sub`) is offered for
 * each provider the statement trusts, written out, and as the template when it trusts none.
 */
function keyProposals(key: ConditionKey, providers: readonly string[]): Proposal[] {
  const documentation = `${key.description}\n\n[Documentation](${key.docUrl})`;
  const template = '${OIDCProvider}:';
  const names = key.name.startsWith(template) && providers.length > 0 ? providers.map((p) => p + key.name.slice(template.length - 1)) : [key.name];
  return names.map((name) => ({ label: name, kind: 'conditionKey', detail: key.type, documentation, insertText: name }));
}

function actionProposal(catalog: Catalog, a: Action): Proposal {
  const name = `${a.service}:${a.name}`;
  const resources = a.resourceTypes.length ? a.resourceTypes.map((r) => `\`${r.name}\``).join(', ') : '`*` only';
  const dependents = a.dependentActions.length ? `\n\nDependent actions (permissions the call may also need): ${actionLinks(catalog, a.dependentActions)}` : '';
  return {
    label: name, kind: 'action', detail: a.accessLevel, insertText: name,
    documentation: `${a.description}\n\nResource types: ${resources}${dependents}\n\n[Service Authorization Reference](${a.docUrl})`,
  };
}

function operatorProposals(): Proposal[] {
  return allOperatorNames().flatMap((op) => {
    const parsed = parseOperator(op);
    const names = parsed && SET_OPERATOR_TYPES.has(parsed.type) ? [op, `ForAnyValue:${op}`, `ForAllValues:${op}`] : [op];
    return names.map((name): Proposal => ({ label: name, kind: 'operator', detail: `${parsed?.type ?? ''} operator`, insertText: name }));
  });
}

/**
 * False for a key the checks would report under the operator: a single-valued key under ForAnyValue: or
 * ForAllValues:, an IP address under a String operator.
 */
function comparable(operator: ParsedOperator, key: ConditionKey): boolean {
  if (operator.qualifier && !key.type.startsWith('ArrayOf')) return false;
  return !(operator.type === 'String' && key.type === 'IPAddress');
}

/** The statement's actions resolved through the catalog, wildcards included. */
function statementActions(catalog: Catalog, statement: Node | undefined): Action[] {
  return elementValues(statement, 'Action').flatMap((pattern) => catalog.matchActions(pattern));
}

/** The connected account's ECR repositories and roles, where the statement's actions take them. */
function accountResourceProposals(actions: readonly Action[], account: AccountNames | undefined): Proposal[] {
  if (!account) return [];
  const proposals: Proposal[] = [];
  if (actions.some((a) => a.service === 'ecr' && a.resourceTypes.some((r) => r.name === 'repository'))) {
    for (const r of account.repositories) {
      proposals.push({ label: r.arn, kind: 'value', detail: `ECR repository ${r.name}`, documentation: `The repository \`${r.name}\` of account ${account.account}.`, insertText: r.arn });
    }
  }
  if (actions.some((a) => a.service === 'iam' && a.name === 'PassRole')) {
    for (const r of account.roles) {
      proposals.push({ label: r.arn, kind: 'value', detail: `role ${r.name}`, documentation: `The role \`${r.name}\` of account ${account.account}, to pass to a service.`, insertText: r.arn });
    }
  }
  return proposals;
}

/** A list in words: `a`, `a and b`, `a, b and c`. */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * `*`, the connected account's matching resources, and the ARN formats of the resource types the
 * statement's actions can be scoped to, each format once (the resource types of several services share some).
 */
function resourceProposals(ctx: CompletionContext, statement: Node | undefined): Proposal[] {
  const { catalog } = ctx;
  const actions = statementActions(catalog, statement);
  const proposals: Proposal[] = [{ label: '*', kind: 'value', detail: 'all resources', insertText: '*' }, ...accountResourceProposals(actions, ctx.account)];
  const byFormat = new Map<string, { types: Map<string, { service: string; name: string }>; actions: Set<string> }>();
  for (const action of actions) {
    for (const resource of action.resourceTypes) {
      const arnFormat = catalog.resourceType(action.service, resource.name)?.arnFormat;
      if (!arnFormat) continue;
      const entry = byFormat.get(arnFormat) ?? { types: new Map(), actions: new Set() };
      entry.types.set(`${action.service} ${resource.name}`, { service: action.service, name: resource.name });
      entry.actions.add(`${action.service}:${action.name}`);
      byFormat.set(arnFormat, entry);
    }
    if (byFormat.size >= MAX_ITEMS) break;
  }
  for (const [arnFormat, entry] of byFormat) {
    const users = [...entry.actions];
    const listed = users.slice(0, 5).map((a) => `\`${a}\``).join(', ') + (users.length > 5 ? ` and ${users.length - 5} more` : '');
    const types = [...entry.types.values()].map((t) => `${t.service} \`${t.name}\``);
    proposals.push({
      label: arnFormat, kind: 'value', detail: [...entry.types.keys()].join(', '),
      documentation: `The ARN of ${inWords(types)} resources, for ${listed}. Replace each \`\${...}\` part.`,
      // Nearly every account is in the aws partition; the other parts are the user's to fill in.
      insertText: arnFormat.replace('${Partition}', 'aws'),
    });
  }
  return proposals;
}

/**
 * The proposals for a property name, without those the object already has; the key at the cursor does
 * not count (it is the one being written), and `refused` are left out too.
 */
function missing(object: Node | undefined, proposals: readonly Proposal[], cursor?: Node, refused: ReadonlySet<string> = new Set()): Proposal[] {
  const present = new Set(properties(object).filter((p) => p.keyNode !== cursor).map((p) => p.key));
  return proposals.filter((p) => !present.has(p.label) && !refused.has(p.label));
}

/** True when a path of a document is inside a trust policy: a trust policy file, or a manifest's AssumeRolePolicyDocument. */
function inTrustPolicy(doc: ParsedDocument, path: JSONPath): boolean {
  return doc.kind === 'trust' || (doc.kind === 'manifest' && path[0] === 'AssumeRolePolicyDocument');
}

/** Statement elements that exclude each other: a statement has one or the other. */
const EXCLUSIVE_ELEMENTS = new Map([
  ['Action', 'NotAction'], ['NotAction', 'Action'], ['Resource', 'NotResource'], ['NotResource', 'Resource'], ['Principal', 'NotPrincipal'], ['NotPrincipal', 'Principal'],
]);

/**
 * The statement elements not to offer: the partners of those present (other than the key at the cursor),
 * and what IAM refuses in the statement's policy: a trust policy's Resource, NotResource and NotPrincipal,
 * and a role's own (identity) policies' Principal and NotPrincipal.
 */
function refusedElements(doc: ParsedDocument, path: JSONPath, statement: Node, cursor: Node): Set<string> {
  const refused = new Set<string>();
  for (const p of properties(statement)) {
    const partner = p.keyNode !== cursor ? EXCLUSIVE_ELEMENTS.get(p.key) : undefined;
    if (partner) refused.add(partner);
  }
  const trust = inTrustPolicy(doc, path);
  const rolePolicy = doc.kind === 'manifest' && (path[0] === 'Policies' || path[0] === 'CustomerManagedPolicies');
  for (const name of trust ? ['Resource', 'NotResource', 'NotPrincipal'] : rolePolicy ? ['Principal', 'NotPrincipal'] : []) refused.add(name);
  return refused;
}

/** Every AWS managed policy by name, inserting its ARN (its path included); filtered by ARN once one is typed. */
function managedPolicyProposals(catalog: Catalog, typed: string): Proposal[] {
  const byArn = typed.startsWith('arn:');
  return catalog.managedPolicies().map((p) => ({
    label: p.name, kind: 'value', insertText: p.arn, ...(byArn ? { filterText: p.arn } : {}),
    detail: p.deprecated ? `deprecated${p.deprecated.replacement ? `: use ${p.deprecated.replacement.name}` : ''}` : `AWS managed policy, path ${p.path}`,
    documentation: `\`${p.arn}\``, ...(p.deprecated ? { deprecated: true } : {}),
  }));
}

/** The workspace's policy files (for PolicyDocument) or trust policy files (for AssumeRolePolicyDocument). */
function fileProposals(ctx: CompletionContext, trust: boolean): Proposal[] {
  const wanted = trust ? /\.trust\.jsonc?$/i : /\.policy\.jsonc?$/i;
  return (ctx.policyFiles ?? []).filter((f) => wanted.test(f)).map((f) => ({
    label: f, kind: 'file', detail: trust ? 'trust policy file' : 'policy file', insertText: f,
  }));
}

/** The connected account's roles and its root, for a trust policy's `Principal.AWS`. */
function accountPrincipalProposals(account: AccountNames | undefined): Proposal[] {
  if (!account) return [];
  const root = `arn:aws:iam::${account.account}:root`;
  return [
    { label: root, kind: 'principal', detail: `account ${account.account}`, documentation: 'Any principal of the account that its own policies allow.', insertText: root },
    ...account.roles.map((r): Proposal => ({ label: r.arn, kind: 'principal', detail: `role ${r.name}`, insertText: r.arn })),
  ];
}

/** Identity providers a trust policy's Principal.Federated names: the account's OIDC and SAML providers, and web identity providers. */
const FEDERATED_PROVIDERS: readonly [string, string][] = [
  ['arn:aws:iam::${Account}:oidc-provider/token.actions.githubusercontent.com', 'GitHub Actions (OIDC provider)'],
  ['arn:aws:iam::${Account}:oidc-provider/${ProviderHost}', 'an OIDC provider of the account'],
  ['arn:aws:iam::${Account}:saml-provider/${ProviderName}', 'a SAML provider of the account'],
  ['cognito-identity.amazonaws.com', 'Amazon Cognito identity pools'],
  ['accounts.google.com', 'Google'],
  ['graph.facebook.com', 'Facebook'],
  ['www.amazon.com', 'Login with Amazon'],
];

/** The identity providers for a trust policy's `Principal.Federated`, in the connected account's terms when there is one. */
function federatedProposals(account: AccountNames | undefined): Proposal[] {
  return FEDERATED_PROVIDERS.map(([format, detail]) => {
    const name = account ? format.replace('${Account}', account.account) : format;
    return { label: name, kind: 'principal', detail, insertText: name };
  });
}

/** Completion inside a role manifest, outside its policy documents; undefined where the policy rules apply. */
function manifestProposals(ctx: CompletionContext, node: Node, path: JSONPath, isKey: boolean, typed: string): Proposal[] | undefined {
  const object = node.parent?.parent;
  if (isKey && path.length === 1) return missing(object, MANIFEST_ELEMENTS, node);
  if (isKey && path.length === 3 && (path[0] === 'Policies' || path[0] === 'CustomerManagedPolicies')) {
    return missing(object, POLICY_ENTRY_ELEMENTS.filter((p) => path[0] === 'CustomerManagedPolicies' || p.label !== 'Description'), node);
  }
  if (isKey && path.length === 3 && path[0] === 'Tags') return missing(object, TAG_ELEMENTS, node);
  if (isKey) return undefined;
  if ((path[0] === 'ManagedPolicyArns' && path.length === 2) || (path[0] === 'PermissionsBoundary' && path.length === 1)) {
    return managedPolicyProposals(ctx.catalog, typed);
  }
  if (path[0] === 'AssumeRolePolicyDocument' && path.length === 1) return fileProposals(ctx, true);
  if (path[path.length - 1] === 'PolicyDocument' && path.length === 3) return fileProposals(ctx, false);
  return undefined;
}

/** What to propose for the string node at the cursor; `typed` is its content before the cursor. */
function proposalsFor(ctx: CompletionContext, doc: ParsedDocument, node: Node, path: JSONPath, typed: string): Proposal[] {
  const { catalog } = ctx;
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const last = path[path.length - 1];
  const element = [...path].reverse().find((p) => typeof p === 'string' && /^(Not)?(Action|Principal|Resource)$/.test(p));
  const conditionDepth = path.lastIndexOf('Condition');
  const statement = statementOf(node);
  const object = node.parent?.parent;
  const inManifest = doc.kind === 'manifest' ? manifestProposals(ctx, node, path, isKey, typed) : undefined;
  if (inManifest) return inManifest;

  if (isKey) {
    if (conditionDepth >= 0 && path.length === conditionDepth + 2) return operatorProposals();
    if (conditionDepth >= 0 && path.length === conditionDepth + 3) {
      const operator = parseOperator(String(path[conditionDepth + 1]));
      const keys = [...catalog.globalConditionKeys(), ...[...actionServices(statement)].flatMap((s) => catalog.serviceConditionKeys(s))]
        .filter((k) => !operator || comparable(operator, k));
      const providers = oidcProviders(statement);
      // A key of any provider written out can be one the data has for that provider already: offer it once.
      const seen = new Set<string>();
      return keys.flatMap((k) => keyProposals(k, providers)).filter((p) => !seen.has(p.label) && seen.add(p.label));
    }
    if (statement && statement === object) return missing(object, STATEMENT_ELEMENTS, node, refusedElements(doc, path, statement, node));
    if (isPolicyPath(doc, path.slice(0, -1))) return missing(object, POLICY_ELEMENTS, node);
    if (statement && path.length >= 2 && /^(Not)?Principal$/.test(String(path[path.length - 2]))) return missing(object, PRINCIPAL_TYPES, node);
    return [];
  }
  if (element === 'Action' || element === 'NotAction') {
    const colon = typed.indexOf(':');
    if (colon < 0) {
      return catalog.services().map((s) => ({
        label: `${s.prefix}:`, kind: 'service', detail: s.name, insertText: `${s.prefix}:`, documentation: `[${s.name} actions](${s.docUrl})`,
      }));
    }
    return catalog.actions(typed.slice(0, colon)).map((a) => actionProposal(catalog, a));
  }
  if ((element === 'Resource' || element === 'NotResource') && statement) return resourceProposals(ctx, statement);
  if ((element === 'Principal' || element === 'NotPrincipal') && path.includes('AWS')) return accountPrincipalProposals(ctx.account);
  if (element === 'Principal' && path.includes('Federated')) {
    // Only a trust policy names identity providers: IAM refuses them in a resource policy.
    return inTrustPolicy(doc, path) ? federatedProposals(ctx.account) : [];
  }
  if ((element === 'Principal' || element === 'NotPrincipal') && path.includes('Service')) {
    return catalog.servicePrincipals().map((p) => {
      const service = catalog.service(p.split('.')[0]);
      return { label: p, kind: 'principal', detail: service?.name ?? 'service principal', insertText: p };
    });
  }
  if (last === 'Effect' && statement) {
    return [
      { label: 'Allow', kind: 'value', detail: 'allow the actions', insertText: 'Allow' },
      { label: 'Deny', kind: 'value', detail: 'deny the actions, overriding any Allow', insertText: 'Deny' },
    ];
  }
  if (last === 'Version' && isPolicyPath(doc, path.slice(0, -1))) {
    return [{ label: '2012-10-17', kind: 'value', detail: 'the current policy language version', insertText: '2012-10-17' }];
  }
  return [];
}

/**
 * The range a proposal replaces: a closed string's whole content; in a string not closed yet (which runs
 * to the end of the line), what was typed and the rest of the word at the cursor, not the JSON after it.
 */
function replacedRange(text: string, node: Node, offset: number): { offset: number; length: number } {
  const start = node.offset + 1;
  if (!isUnclosed(node)) return { offset: start, length: Math.max(0, node.length - 2) };
  const lineEnd = node.offset + node.length;
  let end = Math.min(Math.max(start, offset), lineEnd);
  while (end < lineEnd && !UNCLOSED_STRING_END.test(text[end])) end++;
  return { offset: start, length: end - start };
}

/** Where a JSON value or property name may start: after one of these, with only whitespace between. */
const BEFORE_VALUE = /[[{,:]\s*$/;

/** True when the offset is in a comment that starts on its line (`// ...`, or a `/* ...` not closed before it). */
function inComment(text: string, offset: number): boolean {
  const scanner = createScanner(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset), false);
  let last = SyntaxKind.EOF;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) last = token;
  return last === SyntaxKind.LineCommentTrivia || (last === SyntaxKind.BlockCommentTrivia && scanner.getTokenError() === ScanError.UnexpectedEndOfComment);
}

/**
 * An empty string as if typed at an offset outside any string, where a value or property name may start,
 * with its path: a member of the array there, the missing value of the property there, or a key of the
 * object there. Made up in the tree's terms rather than parsed again (which costs a parse of the whole
 * text on every `:` typed); undefined where no value or name may start.
 */
function emptyStringAt(doc: ParsedDocument, offset: number): { node: Node; path: JSONPath } | undefined {
  if (!BEFORE_VALUE.test(doc.text.slice(Math.max(0, offset - 200), offset)) || inComment(doc.text, offset)) return undefined;
  const { node: at } = nodeAt(doc, offset);
  const string = (parent: Node): Node => ({ type: 'string', value: '', offset, length: 2, parent });
  if (at?.type === 'array') {
    const index = (at.children ?? []).filter((c) => c.offset + c.length <= offset).length;
    return { node: string(at), path: [...getNodePath(at), index] };
  }
  const [key, value] = at?.type === 'property' ? at.children ?? [] : [];
  if (at?.type === 'property' && key && !value && at.colonOffset !== undefined && at.colonOffset < offset) return { node: string(at), path: getNodePath(key) };
  if (at?.type === 'object') {
    const property: Node = { type: 'property', offset, length: 2, parent: at, children: [] };
    const name = string(property);
    property.children!.push(name);
    return { node: name, path: [...getNodePath(at), ''] };
  }
  return undefined;
}

/**
 * Completion outside a string, where a value or a property name may be written (`[|]`, `"Effect": |`,
 * `"Condition": { | }`): the proposals for an empty string there, each written as a JSON string at the
 * cursor. Not offered there: a service prefix, which is not a value on its own (the cursor would end
 * after its quote), and the policy, statement, principal and manifest elements, which the JSON schemas
 * already give VS Code's JSON completion there, as `"Name": ` (two lists would show each twice).
 */
function completeOutsideString(doc: ParsedDocument, offset: number, ctx: CompletionContext): CompletionItem[] {
  const empty = offset >= 0 && offset <= doc.text.length ? emptyStringAt(doc, offset) : undefined;
  if (!empty) return [];
  return proposalsFor(ctx, doc, empty.node, empty.path, '').filter((p) => p.kind !== 'service' && p.kind !== 'element').slice(0, MAX_ITEMS)
    .map((p) => ({ ...p, insertText: JSON.stringify(p.insertText), offset, length: 0 }));
}

/**
 * Completion at an offset of a policy, trust policy or role manifest: service prefixes and actions in
 * Action, ARN formats of the statement's actions in Resource (and the connected account's ECR
 * repositories and, for iam:PassRole, roles), operators and condition keys in Condition (global and
 * those of the statement's services, only those the operator can compare), service principals in
 * Principal.Service, the account's roles in Principal.AWS, identity providers in a trust policy's
 * Principal.Federated, Effect and Version values, and the policy, statement and principal elements not
 * yet present (without one a present element excludes or the policy cannot have); in a role manifest its properties and those of its policies and tags, AWS
 * managed policies by name in ManagedPolicyArns and PermissionsBoundary, and the workspace's policy
 * files for PolicyDocument and AssumeRolePolicyDocument.
 * Inside a string each proposal replaces the whole string content, up to the closing quote or, in a
 * string not closed yet, to the end of the word at the cursor (the JSON after it on the line stays).
 * Outside a string, where a value or property name may start, each is inserted at the cursor as a JSON
 * string (service prefixes and elements excepted). Empty anywhere else, including outside the text;
 * never throws.
 */
export function complete(doc: ParsedDocument, offset: number, ctx: CompletionContext): CompletionItem[] {
  const { node, path } = nodeAt(doc, offset);
  if (!node || node.type !== 'string') return completeOutsideString(doc, offset, ctx);
  const range = replacedRange(doc.text, node, offset);
  // What was typed before the cursor, within the content (a cursor after the closing quote stops at it).
  const typed = doc.text.slice(range.offset, Math.min(range.offset + range.length, Math.max(range.offset, offset)));
  return proposalsFor(ctx, doc, node, path, typed).slice(0, MAX_ITEMS).map((p) => ({ ...p, ...range }));
}
