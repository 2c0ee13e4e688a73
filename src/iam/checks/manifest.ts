import { Node } from 'jsonc-parser';
import * as path from 'path';
import { keyOf, parseDocument, properties, Property, readPolicy, stringValue, stringValues } from '../document';
import { Finding } from '../findings';
import { CheckContext, closest, refusal, replaceString, tooLarge } from './context';
import { checkManagedPolicyArn } from './managedPolicyArns';
import { checkPolicy } from './policy';
import { policySize, SIZE_LIMITS } from './size';

const MANIFEST_PROPERTIES = ['RoleName', 'Description', 'Path', 'MaxSessionDuration', 'AssumeRolePolicyDocument',
  'ManagedPolicyArns', 'CustomerManagedPolicies', 'Policies', 'PermissionsBoundary', 'Tags', 'InstanceProfile'];
const NAME = /^[\w+=,.@-]+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\x21-\x7E]*\/)?[\w+=,.@-]{1,128}$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** The default quota of managed policies attached to a role; it can be raised to 20. */
const MANAGED_POLICY_QUOTA = 10;

/** Reads a document a manifest refers to; undefined when it does not exist or cannot be read. */
export type ReadFile = (absPath: string) => string | undefined;

/** Lists the file names in a folder; empty when it cannot. */
export type ReadDir = (absPath: string) => string[];

interface ManifestOptions {
  readonly fileName: string;
  readonly readFile?: ReadFile;
  readonly readDir?: ReadDir;
}

/** The customer managed policy names that the role manifests beside this one (and this one) declare. */
function declaredPolicyNames(ctx: CheckContext, options: ManifestOptions): Set<string> {
  const names = new Set<string>();
  const collect = (root: Node | undefined) => {
    const list = properties(root).find((p) => p.key === 'CustomerManagedPolicies')?.value;
    for (const item of list?.children ?? []) {
      const name = stringValue(properties(item).find((q) => q.key === 'PolicyName')?.value)?.value;
      if (name) names.add(name);
    }
  };
  collect(ctx.doc.root);
  const dir = path.dirname(options.fileName);
  for (const name of options.readDir?.(dir) ?? []) {
    const file = path.join(dir, name);
    if (file === options.fileName || !/\.role\.jsonc?$/i.test(name)) continue;
    const text = options.readFile?.(file);
    if (text !== undefined && text.length < 1_000_000) collect(parseDocument(text, file).root);
  }
  return names;
}

/**
 * A customer managed policy ARN whose name is not declared by any manifest here but is close to one
 * that is: the tutorial's RWDS3Objects, later attached as RWDS3Object.
 */
function checkPolicyReference(ctx: CheckContext, node: Node, declared: Set<string>): void {
  const s = stringValue(node);
  const m = s && /^(arn:aws[a-z-]*:iam::\d{12}:policy\/(?:[\x21-\x7E]*\/)?)([\w+=,.@-]+)$/.exec(s.value);
  if (!s || !m || declared.has(m[2])) return;
  const suggestions = closest(m[2], declared);
  if (suggestions.length === 0) return;
  ctx.report('UNKNOWN_POLICY_NAME', s,
    `No manifest here declares a policy named ${m[2]}; did you mean ${suggestions.join(' or ')}? Policy: ${m[2]}`,
    suggestions.map((n, i) => ({ title: `Change to "${n}"`, edits: [replaceString(s, m[1] + n)], isPreferred: i === 0 })));
}

/** A policy whose description promises deletes that none of its actions can do (workshop 001). */
function checkDescriptionPromises(ctx: CheckContext, description: Property, document: Node | undefined, options: ManifestOptions): void {
  const described = stringValue(description.value);
  const text = described?.value ?? '';
  if (!described || !/\bdelet/i.test(text)) return;
  let policyRoot = document;
  const ref = stringValue(document);
  if (ref) {
    const body = options.readFile?.(path.resolve(path.dirname(options.fileName), ref.value));
    policyRoot = body === undefined ? undefined : parseDocument(body, ref.value, 'identity').root;
  }
  const policy = readPolicy(policyRoot, 'identity');
  if (!policy) return;
  const actions = policy.statements.flatMap((st) => stringValues(st.properties.get('Action')?.value).map((a) => a.value));
  if (actions.length > 0 && !actions.some((a) => /delete|\*/i.test(a))) {
    ctx.report('POLICY_DESCRIPTION_MISMATCH', described, `The description promises deletes, but none of the policy's actions delete anything: add the delete action (such as ecr:BatchDeleteImage) or correct the description: ${text}`);
  }
}

function expectString(ctx: CheckContext, p: Property): string | undefined {
  const s = stringValue(p.value);
  if (!s) ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} must be a string.`);
  return s?.value;
}

function checkName(ctx: CheckContext, p: Property, max: number, code: 'INVALID_ROLE_NAME' | 'INVALID_POLICY_NAME', what: string): string | undefined {
  const value = expectString(ctx, p);
  if (value === undefined) return undefined;
  if (value.length < 1 || value.length > max || !NAME.test(value)) {
    ctx.report(code, p.value, `A ${what} has 1-${max} characters: letters, digits and + = , . @ _ -: ${value}`);
  }
  return value;
}

function checkPolicyArn(ctx: CheckContext, node: Node, what: string): void {
  const s = stringValue(node);
  if (!s) {
    ctx.report('DATA_TYPE_MISMATCH', node, `${what} must be a string: a managed policy ARN.`);
  } else if (!POLICY_ARN.test(s.value)) {
    ctx.report('INVALID_POLICY_ARN', s, `${what} must be a managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name: ${s.value}`);
  }
}

/**
 * A policy document a manifest names: a relative file (checked in its own right, its findings tagged
 * with its path) or an inline object (checked in place). Returns the document's size for quotas.
 */
function checkDocumentReference(
  ctx: CheckContext,
  p: Property,
  kind: 'identity' | 'trust',
  options: ManifestOptions,
  out: Finding[],
): number | undefined {
  if (p.value.type === 'object') {
    const policy = readPolicy(p.value, kind);
    if (!policy) return undefined;
    checkPolicy(ctx, policy);
    return policySize(ctx.doc.text, p.value);
  }
  const ref = stringValue(p.value);
  if (!ref) {
    ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} is a relative path to a policy file, such as "./app.policy.json", or the document itself.`);
    return undefined;
  }
  const target = path.resolve(path.dirname(options.fileName), ref.value);
  const text = options.readFile?.(target);
  if (text === undefined) {
    ctx.report('MISSING_FILE', ref, `This file does not exist (paths are relative to the manifest's folder): ${ref.value}`);
    return undefined;
  }
  const refused = refusal(text);
  if (refused) {
    out.push({ ...tooLarge(text, refused), file: target });
    return undefined;
  }
  const referenced = parseDocument(text, target, kind);
  const refCtx = new CheckContext(referenced, target);
  for (const e of referenced.syntaxErrors) refCtx.report('JSON_SYNTAX_ERROR', e, `JSON syntax error: ${e.message}`);
  if (referenced.policy) checkPolicy(refCtx, referenced.policy);
  out.push(...refCtx.findings);
  return referenced.root ? policySize(text, referenced.root) : undefined;
}

function checkPolicyList(
  ctx: CheckContext,
  p: Property,
  options: ManifestOptions,
  out: Finding[],
  allowed: string[],
): number {
  if (p.value.type !== 'array') {
    ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} is an array of { "PolicyName": ..., "PolicyDocument": ... } objects.`);
    return 0;
  }
  let total = 0;
  const names = new Map<string, Node>();
  for (const item of p.value.children ?? []) {
    if (item.type !== 'object') {
      ctx.report('DATA_TYPE_MISMATCH', item, `Each entry of ${p.key} is an object with PolicyName and PolicyDocument.`);
      continue;
    }
    const props = properties(item);
    for (const q of props) {
      if (!allowed.includes(q.key)) ctx.report('UNKNOWN_MANIFEST_PROPERTY', keyOf(q), `${p.key} entries have ${allowed.join(', ')}: ${q.key}`);
    }
    const nameProp = props.find((q) => q.key === 'PolicyName');
    if (!nameProp) ctx.report('INVALID_POLICY_NAME', { offset: item.offset, length: 1 }, 'Add a PolicyName.');
    const name = nameProp && checkName(ctx, nameProp, 128, 'INVALID_POLICY_NAME', 'policy name');
    if (name !== undefined && nameProp) {
      const lower = name.toLowerCase();
      if (names.has(lower)) ctx.report('DUPLICATE_POLICY_NAME', nameProp.value, `Another policy of this role has the same name (names are case-insensitive): ${name}`);
      names.set(lower, nameProp.value);
    }
    const description = props.find((q) => q.key === 'Description');
    const doc = props.find((q) => q.key === 'PolicyDocument');
    if (description) {
      const d = expectString(ctx, description);
      if (d !== undefined && d.length > 1000) ctx.report('INVALID_DESCRIPTION', description.value, `A policy description has at most 1,000 characters; this one has: ${d.length}`);
      checkDescriptionPromises(ctx, description, doc?.value, options);
    }
    if (!doc) ctx.report('MISSING_FILE', { offset: item.offset, length: 1 }, 'Add a PolicyDocument: a relative path to a *.policy.json file, or the document.');
    else total += checkDocumentReference(ctx, doc, 'identity', options, out) ?? 0;
  }
  return total;
}

function checkTags(ctx: CheckContext, p: Property): void {
  if (p.value.type !== 'array') {
    ctx.report('DATA_TYPE_MISMATCH', p.value, 'Tags is an array of { "Key": ..., "Value": ... } objects.');
    return;
  }
  const tags = p.value.children ?? [];
  if (tags.length > 50) ctx.report('TOO_MANY_TAGS', keyOf(p), `A role has at most 50 tags; this one has: ${tags.length}`);
  const keys = new Set<string>();
  for (const tag of tags) {
    const props = properties(tag);
    const key = stringValue(props.find((q) => q.key === 'Key')?.value);
    const value = props.find((q) => q.key === 'Value');
    if (!key) {
      ctx.report('INVALID_TAG', tag, 'Each tag is an object with a string Key and a string Value.');
      continue;
    }
    if (key.value.length < 1 || key.value.length > 128 || !TAG_TEXT.test(key.value)) {
      ctx.report('INVALID_TAG', key, `A tag key has 1-128 letters, digits, spaces and _ . : / = + - @: ${key.value}`);
    } else if (key.value.toLowerCase().startsWith('aws:')) {
      ctx.report('INVALID_TAG', key, `Tag keys starting with aws: are reserved for AWS: ${key.value}`);
    }
    if (keys.has(key.value.toLowerCase())) ctx.report('INVALID_TAG', key, `Another tag has the same key (keys are case-insensitive): ${key.value}`);
    keys.add(key.value.toLowerCase());
    const v = stringValue(value?.value);
    if (value && !v) ctx.report('INVALID_TAG', value.value, 'A tag value is a string.');
    else if (v && (v.value.length > 256 || !TAG_TEXT.test(v.value))) {
      ctx.report('INVALID_TAG', v, `A tag value has 0-256 letters, digits, spaces and _ . : / = + - @: ${v.value}`);
    }
  }
}

/**
 * A role manifest: every property's rules (name, path, description, session duration, policy names
 * and ARNs, tags, quotas), its inline documents, and the files it refers to, whose findings are
 * returned with their own path.
 */
export function checkManifest(ctx: CheckContext, options: ManifestOptions): Finding[] {
  const other: Finding[] = [];
  const root = ctx.doc.root;
  if (!root || root.type !== 'object') {
    if (root) ctx.report('DATA_TYPE_MISMATCH', root, 'A role manifest is a JSON object with RoleName, AssumeRolePolicyDocument and the role\'s policies.');
    return other;
  }
  const props = properties(root);
  const get = (k: string) => props.find((p) => p.key === k);
  // A property written in the wrong case is reported as unknown; it is not missing as well.
  const written = (k: string) => props.some((p) => p.key.toLowerCase() === k.toLowerCase());
  for (const p of props) {
    if (MANIFEST_PROPERTIES.includes(p.key)) continue;
    const match = MANIFEST_PROPERTIES.find((k) => k.toLowerCase() === p.key.toLowerCase());
    ctx.report('UNKNOWN_MANIFEST_PROPERTY', keyOf(p), `A role manifest has ${MANIFEST_PROPERTIES.join(', ')}${match ? `; property names are case-sensitive: "${match}"` : ''}: ${p.key}`,
      match ? [{ title: `Change to "${match}"`, edits: [replaceString(keyOf(p), match)], isPreferred: true }] : []);
  }
  const roleName = get('RoleName');
  if (roleName) checkName(ctx, roleName, 64, 'INVALID_ROLE_NAME', 'role name');
  else if (!written('RoleName')) ctx.report('INVALID_ROLE_NAME', { offset: root.offset, length: 1 }, 'Add a RoleName: 1-64 letters, digits and + = , . @ _ -.');
  const rolePath = get('Path');
  if (rolePath) {
    const value = expectString(ctx, rolePath);
    if (value !== undefined && (value.length > 512 || !/^\/([\x21-\x7E]*\/)?$/.test(value))) {
      ctx.report('INVALID_ROLE_PATH', rolePath.value, `A path starts and ends with / (such as /application/), with at most 512 printable characters: ${value}`);
    }
  }
  const description = get('Description');
  if (description) {
    const value = expectString(ctx, description);
    if (value !== undefined && value.length > 1000) ctx.report('INVALID_DESCRIPTION', description.value, `A role description has at most 1,000 characters; this one has: ${value.length}`);
  }
  const duration = get('MaxSessionDuration');
  if (duration) {
    const value = duration.value.value;
    if (duration.value.type !== 'number' || !Number.isInteger(value) || value < 3600 || value > 43200) {
      ctx.report('INVALID_SESSION_DURATION', duration.value, `MaxSessionDuration is a whole number of seconds from 3600 (1 hour) to 43200 (12 hours): ${ctx.doc.text.slice(duration.value.offset, duration.value.offset + duration.value.length)}`);
    }
  }
  const trust = get('AssumeRolePolicyDocument');
  if (trust) checkDocumentReference(ctx, trust, 'trust', options, other);
  else if (!written('AssumeRolePolicyDocument')) ctx.report('MISSING_FILE', { offset: root.offset, length: 1 }, 'Add an AssumeRolePolicyDocument: the trust policy that says who may assume the role ("./x.trust.json" or the document).');
  const arns = get('ManagedPolicyArns');
  let managedCount = 0;
  if (arns) {
    if (arns.value.type !== 'array') ctx.report('DATA_TYPE_MISMATCH', arns.value, 'ManagedPolicyArns is an array of managed policy ARNs.');
    const declared = declaredPolicyNames(ctx, options);
    for (const item of arns.value.children ?? []) {
      checkPolicyArn(ctx, item, 'Each of ManagedPolicyArns');
      checkManagedPolicyArn(ctx, item);
      checkPolicyReference(ctx, item, declared);
    }
    managedCount += arns.value.children?.length ?? 0;
  }
  const customer = get('CustomerManagedPolicies');
  if (customer) {
    checkPolicyList(ctx, customer, options, other, ['PolicyName', 'Description', 'Path', 'PolicyDocument']);
    managedCount += customer.value.type === 'array' ? customer.value.children?.length ?? 0 : 0;
  }
  if (managedCount > MANAGED_POLICY_QUOTA) {
    ctx.report('TOO_MANY_MANAGED_POLICIES', keyOf((arns ?? customer)!),
      `A role can have ${MANAGED_POLICY_QUOTA} managed policies attached by default (an adjustable quota, up to 20, in Service Quotas); this manifest attaches: ${managedCount}`);
  }
  const inline = get('Policies');
  if (inline) {
    const total = checkPolicyList(ctx, inline, options, other, ['PolicyName', 'PolicyDocument']);
    if (total > SIZE_LIMITS.inlineTotal) {
      ctx.report('INLINE_POLICIES_SIZE_EXCEEDS_QUOTA', keyOf(inline),
        `A role's inline policies may have at most ${SIZE_LIMITS.inlineTotal} characters in total, whitespace not counted; move some into managed policies. These have: ${total}`);
    }
  }
  const boundary = get('PermissionsBoundary');
  if (boundary) checkPolicyArn(ctx, boundary.value, 'PermissionsBoundary');
  const tags = get('Tags');
  if (tags) checkTags(ctx, tags);
  const instanceProfile = get('InstanceProfile');
  if (instanceProfile && instanceProfile.value.type !== 'boolean') {
    ctx.report('DATA_TYPE_MISMATCH', instanceProfile.value, 'InstanceProfile is true (an instance profile of the role\'s name holds the role, for EC2) or false.');
  }
  return other;
}
