import * as path from 'path';
import { keyOf, parseDocument, properties, Property, readPolicy, StringValue, stringValue } from '../document';
import { Finding } from '../findings';
import { LoadedManifest, loadParsedManifest, ManifestPolicyEntry, ReadFile } from '../manifest';
import { CheckContext, closest, replaceString } from './context';
import { checkManagedPolicyArn } from './managedPolicyArns';
import { checkPolicy } from './policy';
import { policySize, SIZE_LIMITS } from './size';
import { checkPlaceholders } from './variables';

export { ReadFile } from '../manifest';

const NAME = /^[\w+=,.@-]+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\x21-\x7E]*\/)?[\w+=,.@-]{1,128}$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** The default quota of managed policies attached to a role; it can be raised to 20. */
const MANAGED_POLICY_QUOTA = 10;

/** Lists the file names in a folder; empty when it cannot. */
export type ReadDir = (absPath: string) => string[];

/** What a manifest's checks may read besides the manifest. */
export interface ManifestOptions {
  readonly fileName: string;
  readonly readFile?: ReadFile;
  readonly readDir?: ReadDir;
}

/**
 * A check of a loaded role manifest: reports on the manifest's text through `ctx`, never throws on
 * any shape of manifest (what the loader could not read is absent from `manifest`). Adding a check
 * is one line in MANIFEST_CHECKS.
 */
export type ManifestCheck = (ctx: CheckContext, manifest: LoadedManifest, options: ManifestOptions) => void;

/** The customer managed policy names that this manifest and the role manifests beside it declare. */
function declaredPolicyNames(manifest: LoadedManifest, options: ManifestOptions): Set<string> {
  const names = new Set<string>();
  for (const entry of manifest.policies) {
    const name = entry.list === 'CustomerManagedPolicies' ? stringValue(entry.name?.value)?.value : undefined;
    if (name) names.add(name);
  }
  const dir = path.dirname(options.fileName);
  for (const name of options.readDir?.(dir) ?? []) {
    const file = path.join(dir, name);
    if (file === options.fileName || !/\.role\.jsonc?$/i.test(name)) continue;
    const text = options.readFile?.(file);
    if (text === undefined || text.length >= 1_000_000) continue;
    // Only the names are needed: the sibling's documents are neither read nor checked here.
    const list = properties(parseDocument(text, file).root).find((p) => p.key === 'CustomerManagedPolicies')?.value;
    for (const item of list?.children ?? []) {
      const declared = stringValue(properties(item).find((q) => q.key === 'PolicyName')?.value)?.value;
      if (declared) names.add(declared);
    }
  }
  return names;
}

/**
 * A customer managed policy ARN whose name is not declared by any manifest here but is close to one
 * that is: the tutorial's RWDS3Objects, later attached as RWDS3Object.
 */
function checkPolicyReference(ctx: CheckContext, s: StringValue, declared: Set<string>): void {
  const m = /^(arn:aws[a-z-]*:iam::\d{12}:policy\/(?:[\x21-\x7E]*\/)?)([\w+=,.@-]+)$/.exec(s.value);
  if (!m || declared.has(m[2])) return;
  const suggestions = closest(m[2], declared);
  if (suggestions.length === 0) return;
  ctx.report('UNKNOWN_POLICY_NAME', s,
    `"${m[2]}" is a policy no manifest here declares, so attaching it fails unless it exists already: did you mean ${suggestions.map((n) => `"${n}"`).join(' or ')}?`,
    suggestions.map((n, i) => ({ title: `Change to "${n}"`, edits: [replaceString(s, m[1] + n)], isPreferred: i === 0 })));
}

function checkPolicyArn(ctx: CheckContext, s: StringValue, what: string): void {
  if (checkPlaceholders(ctx, s) || POLICY_ARN.test(s.value)) return;
  // An AWS managed policy's bare name (or an ARN without policy/ before it) is fixed to its ARN.
  const name = s.value.replace(/^.*[:/]/, '');
  const known = /^[\w+=,.@-]+$/.test(name) ? ctx.catalog.managedPolicy(name) : undefined;
  ctx.report('INVALID_POLICY_ARN', s, known
    ? `"${s.value}" is not a managed policy ARN: the AWS managed policy ${known.name} is ${known.arn}.`
    : `"${s.value}" is not a managed policy ARN: ${what} names one such as arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/name.`,
  known ? [{ title: `Change to "${known.arn}"`, edits: [replaceString(s, known.arn)], isPreferred: true }] : []);
}

function checkName(ctx: CheckContext, p: Property | undefined, max: number, code: 'INVALID_ROLE_NAME' | 'INVALID_POLICY_NAME', what: string): void {
  const value = stringValue(p?.value)?.value;
  if (p && value !== undefined && (value.length < 1 || value.length > max || !NAME.test(value))) {
    ctx.report(code, p.value, `"${value}" is not a valid ${what}: 1-${max} characters of letters, digits and + = , . @ _ -.`);
  }
}

/** Role name, path, description, session duration and permissions boundary. */
function checkRoleProperties(ctx: CheckContext, manifest: LoadedManifest): void {
  const get = (k: string) => manifest.properties.get(k);
  checkName(ctx, get('RoleName'), 64, 'INVALID_ROLE_NAME', 'role name');
  const rolePath = get('Path');
  const pathValue = stringValue(rolePath?.value)?.value;
  if (rolePath && pathValue !== undefined && (pathValue.length > 512 || !/^\/([\x21-\x7E]*\/)?$/.test(pathValue))) {
    ctx.report('INVALID_ROLE_PATH', rolePath.value, `"${pathValue}" is not a valid path: it starts and ends with / (such as /application/), with at most 512 printable characters.`);
  }
  const description = get('Description');
  const descriptionValue = stringValue(description?.value)?.value;
  if (description && descriptionValue !== undefined && descriptionValue.length > 1000) {
    ctx.report('INVALID_DESCRIPTION', description.value, `The role description has ${descriptionValue.length} characters; IAM allows at most 1,000.`);
  }
  const duration = get('MaxSessionDuration')?.value;
  const seconds = duration?.value;
  if (duration?.type === 'number' && (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200)) {
    ctx.report('INVALID_SESSION_DURATION', duration, `${ctx.doc.text.slice(duration.offset, duration.offset + duration.length)} is not a valid MaxSessionDuration: a whole number of seconds from 3600 (1 hour) to 43200 (12 hours).`);
  }
  const boundary = stringValue(get('PermissionsBoundary')?.value);
  if (boundary) {
    checkPolicyArn(ctx, boundary, 'PermissionsBoundary');
    checkManagedPolicyArn(ctx, boundary.node);
  }
}

/** The format of each of ManagedPolicyArns, and a customer managed policy attached under a misspelt name. */
function checkManagedPolicyArns(ctx: CheckContext, manifest: LoadedManifest, options: ManifestOptions): void {
  if (manifest.managedPolicyArns.length === 0) return;
  const declared = declaredPolicyNames(manifest, options);
  for (const s of manifest.managedPolicyArns) {
    checkPolicyArn(ctx, s, 'each of ManagedPolicyArns');
    checkManagedPolicyArn(ctx, s.node);
    checkPolicyReference(ctx, s, declared);
  }
}

/** A policy whose description promises deletes that none of its actions can do (workshop 001). */
function checkDescriptionPromises(ctx: CheckContext, entry: ManifestPolicyEntry): void {
  const described = stringValue(entry.description?.value);
  if (!described || !/\bdelet/i.test(described.value) || !entry.document) return;
  const policy = readPolicy(entry.document.node, 'identity');
  const actions = policy?.statements.flatMap((st) => st.strings('Action').map((a) => a.value)) ?? [];
  if (actions.length > 0 && !actions.some((a) => /delete|\*/i.test(a))) {
    ctx.report('POLICY_DESCRIPTION_MISMATCH', described, `The description promises deletes that none of the policy's actions can do: add the delete action (such as ecr:BatchDeleteImage) or correct the description.`);
  }
}

/** Policy names (format, unique in their list, case-insensitively) and policy descriptions. */
function checkPolicyEntries(ctx: CheckContext, manifest: LoadedManifest): void {
  const names = new Map<string, Set<string>>();
  for (const entry of manifest.policies) {
    checkName(ctx, entry.name, 128, 'INVALID_POLICY_NAME', 'policy name');
    const name = stringValue(entry.name?.value)?.value;
    if (entry.name && name !== undefined) {
      const seen = names.get(entry.list) ?? new Set<string>();
      if (seen.has(name.toLowerCase())) ctx.report('DUPLICATE_POLICY_NAME', entry.name.value, `"${name}" is the name of another policy of this role too (names are case-insensitive): rename one.`);
      seen.add(name.toLowerCase());
      names.set(entry.list, seen);
    }
    const description = stringValue(entry.description?.value)?.value;
    if (entry.description && description !== undefined && description.length > 1000) {
      ctx.report('INVALID_DESCRIPTION', entry.description.value, `The policy description has ${description.length} characters; IAM allows at most 1,000.`);
    }
    checkDescriptionPromises(ctx, entry);
  }
}

/** The managed-policy count per role and the inline policies' total size. */
function checkQuotas(ctx: CheckContext, manifest: LoadedManifest): void {
  const arns = manifest.properties.get('ManagedPolicyArns');
  const customer = manifest.properties.get('CustomerManagedPolicies');
  const count = (p: Property | undefined) => (p?.value.type === 'array' ? p.value.children?.length ?? 0 : 0);
  const managedCount = count(arns) + count(customer);
  if (managedCount > MANAGED_POLICY_QUOTA) {
    ctx.report('TOO_MANY_MANAGED_POLICIES', keyOf((arns ?? customer)!),
      `A role can have ${MANAGED_POLICY_QUOTA} managed policies attached by default (an adjustable quota, up to 20, in Service Quotas); this manifest attaches: ${managedCount}`);
  }
  const inline = manifest.properties.get('Policies');
  const total = manifest.policies.reduce((sum, e) => sum + (e.list === 'Policies' && e.document ? policySize(e.document.node) : 0), 0);
  if (inline && total > SIZE_LIMITS.inlineTotal) {
    ctx.report('INLINE_POLICIES_SIZE_EXCEEDS_QUOTA', keyOf(inline),
      `A role's inline policies may have at most ${SIZE_LIMITS.inlineTotal} characters in total, whitespace not counted; move some into managed policies. These have: ${total}`);
  }
}

/** Tag count, key and value formats, reserved and duplicate keys. */
function checkTags(ctx: CheckContext, manifest: LoadedManifest): void {
  const p = manifest.properties.get('Tags');
  if (p?.value.type !== 'array') return;
  const tags = p.value.children ?? [];
  if (tags.length > 50) ctx.report('TOO_MANY_TAGS', keyOf(p), `The role has ${tags.length} tags; IAM allows at most 50.`);
  const keys = new Set<string>();
  for (const tag of tags) {
    const props = properties(tag);
    const key = stringValue(props.find((q) => q.key === 'Key')?.value);
    if (!key) continue;
    if (key.value.length < 1 || key.value.length > 128 || !TAG_TEXT.test(key.value)) {
      ctx.report('INVALID_TAG', key, `"${key.value}" is not a valid tag key: 1-128 letters, digits, spaces and _ . : / = + - @.`);
    } else if (key.value.toLowerCase().startsWith('aws:')) {
      ctx.report('INVALID_TAG', key, `"${key.value}" starts with aws:, which is reserved for AWS: use another tag key.`);
    }
    if (keys.has(key.value.toLowerCase())) ctx.report('INVALID_TAG', key, `"${key.value}" is the key of another tag too (keys are case-insensitive): remove one.`);
    keys.add(key.value.toLowerCase());
    const v = stringValue(props.find((q) => q.key === 'Value')?.value);
    if (v && (v.value.length > 256 || !TAG_TEXT.test(v.value))) {
      ctx.report('INVALID_TAG', v, `"${v.value}" is not a valid tag value: 0-256 letters, digits, spaces and _ . : / = + - @.`);
    }
  }
}

const MANIFEST_CHECKS: readonly ManifestCheck[] = [
  (ctx, manifest) => checkRoleProperties(ctx, manifest),
  checkManagedPolicyArns,
  (ctx, manifest) => checkPolicyEntries(ctx, manifest),
  (ctx, manifest) => checkQuotas(ctx, manifest),
  (ctx, manifest) => checkTags(ctx, manifest),
];

/**
 * Every policy check of the manifest's documents: an inline one in place, a referenced file once
 * (however often it is named) with its findings tagged with its path. Returns the findings of each
 * referenced file, in the order the manifest first names it.
 */
function checkDocuments(ctx: CheckContext, manifest: LoadedManifest): Finding[] {
  const byFile = new Map<string, Finding[]>(manifest.files.map((f) => [f, []]));
  for (const f of manifest.findings) if (f.file) byFile.get(f.file)?.push(f);
  const checked = new Set<string>();
  for (const document of manifest.documents) {
    const policy = readPolicy(document.node, document.kind);
    if (!policy) continue;
    if (!document.file) {
      checkPolicy(ctx, policy);
      continue;
    }
    const key = `${document.kind}:${document.file}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const fileCtx = new CheckContext(document.doc, () => ctx.catalog, document.file);
    checkPolicy(fileCtx, policy);
    byFile.get(document.file)?.push(...fileCtx.findings);
  }
  return [...byFile.values()].flat();
}

/**
 * A role manifest: loaded with its documents (iam/manifest.ts), then every rule of IAM on it (name,
 * path, description, session duration, policy names and ARNs, tags, quotas) and every policy check
 * of its documents. The manifest's own findings go to `ctx`; those of the files it refers to are
 * returned, each with its path.
 */
export function checkManifest(ctx: CheckContext, options: ManifestOptions): Finding[] {
  const manifest = loadParsedManifest(ctx.doc, options.readFile);
  for (const f of manifest.findings) if (!f.file) ctx.findings.push(f);
  for (const check of MANIFEST_CHECKS) check(ctx, manifest, options);
  return checkDocuments(ctx, manifest);
}

