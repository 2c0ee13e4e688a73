// IAM's validations of names, paths, tags and policy documents, with the codes and messages AWS
// answers, for the local sandbox account.

/** An error the sandbox answers with: AWS's code, HTTP status and message. */
export class AwsError extends Error {
  constructor(readonly code: string, readonly status: number, message: string) {
    super(message);
  }
}

/** IAM's errors, each with its HTTP status: the message is AWS's wording for the case. */
export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', 404, message);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', 409, message);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', 409, message);
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', 409, message);
export const invalidInput = (message: string) => new AwsError('InvalidInput', 400, message);
export const validationError = (message: string) => new AwsError('ValidationError', 400, message);
export const malformed = (message: string) => new AwsError('MalformedPolicyDocument', 400, message);

/** A tag as IAM's API spells it. */
export interface Tag { Key: string; Value: string }

/** IAM's default quotas, which the sandbox enforces and GetAccountSummary reports. */
export const LIMITS = {
  versionsPerPolicy: 5,
  managedPoliciesPerRole: 10,
  roleTrustPolicySize: 2048,
  managedPolicySize: 6144,
  inlinePoliciesPerRoleSize: 10240,
  tagsPerEntity: 50,
  roles: 1000,
  customerManagedPolicies: 1500,
  instanceProfiles: 1000,
  rolesPerInstanceProfile: 1,
  openIdConnectProviders: 100,
  clientIdsPerOpenIdConnectProvider: 100,
  thumbprintsPerOpenIdConnectProvider: 5,
  /** The longest policy document IAM's API accepts at all (the quotas above are lower). */
  documentLength: 131072,
} as const;

/** A required parameter, or ValidationError as AWS words it. */
export function required(value: string | undefined, field: string): string {
  if (value === undefined) throw validationError(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** Role and policy names: 1 to `max` characters of [\w+=,.@-]. */
export function checkName(value: string | undefined, field: string, max: number): string {
  const name = required(value, field);
  if (name.length < 1 || name.length > max) {
    throw validationError(`1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must have length ${name.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`);
  }
  if (!/^[\w+=,.@-]+$/.test(name)) {
    throw validationError(`1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
  return name;
}

/**
 * The name of an existing role (or other entity) to look up: IAM answers a name that cannot be one,
 * an ARN or a name with a space, with its own wording rather than the pattern.
 */
export function checkExistingName(value: string | undefined, field: string): string {
  const name = required(value, field);
  if (name.length < 1 || name.length > 128 || !/^[\w+=,.@-]+$/.test(name)) {
    throw validationError(`The specified value for ${field} is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-`);
  }
  return name;
}

/** A path prefix of a list: `/` then printable ASCII, at most 512 characters. */
export function checkPathPrefix(value: string | undefined): string {
  const prefix = value ?? '/';
  if (prefix.length > 512 || !/^\/[\x21-\x7F]*$/.test(prefix)) {
    throw validationError(`1 validation error detected: Value '${prefix}' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*`);
  }
  return prefix;
}

/** A managed policy's ARN: anything that is not an ARN is InvalidInput, as IAM words it. */
export function checkArn(value: string | undefined, field: string): string {
  const arn = required(value, field);
  if (!/^arn:[\w-]+:[\w-]*:[\w-]*:[\w-]*:.+$/.test(arn) || arn.length < 20 || arn.length > 2048) throw invalidInput(`ARN ${arn} is not valid.`);
  return arn;
}

/** A path: `/`, or `/` + printable ASCII + `/`, at most 512 characters. */
export function checkPath(value: string | undefined, field = 'path'): string {
  const path = value ?? '/';
  if (path.length > 512 || !/^\/$|^\/[\x21-\x7E]+\/$/.test(path)) {
    throw validationError(`1 validation error detected: Value '${path}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`);
  }
  return path;
}

/** Text IAM accepts in a description: tab, newline, carriage return and printable characters up to U+00FF. */
const DESCRIPTION_TEXT = /^[\t\n\r\x20-\x7E\xA1-\xFF]*$/;

/** A role's or a policy's description: at most 1,000 characters of DESCRIPTION_TEXT. */
export function checkDescription(value: string | undefined): string | undefined {
  if (value === undefined) return value;
  if (value.length > 1000) {
    throw validationError(`1 validation error detected: Value '${value}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000`);
  }
  if (!DESCRIPTION_TEXT.test(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*`);
  }
  return value;
}

/** A role's maximum session duration: 3,600 to 43,200 seconds. */
export function checkMaxSessionDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds)) throw validationError(`Value '${value}' for parameter MaxSessionDuration is not an integer.`);
  if (seconds < 3600 || seconds > 43200) {
    throw validationError(`1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${seconds < 3600 ? 'greater than or equal to 3600' : 'less than or equal to 43200'}`);
  }
  return seconds;
}

/**
 * Tags added to an entity that has `existing` ones: keys of 1-128 and values of 0-256 characters
 * of letters, digits, spaces and _.:/=+-@, no `aws:` prefix, no key twice (keys are case-insensitive),
 * at most 50 in all. Returns the merged tags; a new value replaces an old one of the same key.
 */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const pattern = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
  const seen = new Set<string>();
  for (const tag of added) {
    const key = required(tag.Key, 'tags.member.key');
    const value = tag.Value ?? '';
    if (key.length < 1 || key.length > 128) throw validationError(`1 validation error detected: Value '${key}' at 'tags.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`);
    if (!pattern.test(key)) throw validationError(`1 validation error detected: Value '${key}' at 'tags.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+`);
    if (value.length > 256) throw validationError(`1 validation error detected: Value '${value}' at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`);
    if (!pattern.test(value)) throw validationError(`1 validation error detected: Value '${value}' at 'tags.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`);
    if (key.toLowerCase().startsWith('aws:')) throw invalidInput('User-defined tag keys can\'t start with "aws:". This prefix is reserved for AWS use');
    if (seen.has(key.toLowerCase())) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key.toLowerCase());
  }
  const merged = new Map(existing.map((t) => [t.Key.toLowerCase(), t]));
  for (const tag of added) merged.set(tag.Key.toLowerCase(), { Key: tag.Key, Value: tag.Value ?? '' });
  if (merged.size > LIMITS.tagsPerEntity) throw limitExceeded(`The number of tags has reached the maximum limit of ${LIMITS.tagsPerEntity}.`);
  return [...merged.values()];
}

/**
 * The size IAM counts against its quotas: the document's characters without whitespace outside
 * strings (strings count as written).
 */
export function documentSize(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      size += i - start + 1;
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      size++;
    }
  }
  return size;
}

/** A trust policy (a role's AssumeRolePolicyDocument) or an identity policy (inline or managed). */
export type DocumentKind = 'trust' | 'identity';

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

const isStringOrStrings = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * IAM's grammar checks of a policy document, in the order IAM reports them, with its messages:
 * JSON, elements and their types, Version, unique Sids, actions with a service prefix, resources
 * (identity) or principals and no resources (trust). Throws MalformedPolicyDocument (400).
 */
export function checkDocument(text: string | undefined, kind: DocumentKind, field: string): string {
  const document = required(text, field);
  if (document.length < 1) throw validationError(`1 validation error detected: Value '' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (document.length > LIMITS.documentLength) {
    throw validationError(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${LIMITS.documentLength}`);
  }
  // IAM's API takes documents of tab, newline, carriage return and U+0020 to U+00FF only.
  if (!/^[\t\n\r\x20-\xFF]+$/.test(document)) {
    throw validationError(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (!isObject(parsed) || Object.keys(parsed).some((k) => !TOP_ELEMENTS.has(k)) || parsed.Statement === undefined) throw malformed('Syntax errors in policy.');
  if (parsed.Version !== undefined && parsed.Version !== '2012-10-17' && parsed.Version !== '2008-10-17') throw malformed('Syntax errors in policy.');
  if (parsed.Id !== undefined && typeof parsed.Id !== 'string') throw malformed('Syntax errors in policy.');
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  if (statements.length === 0) throw malformed('Syntax errors in policy.');
  for (const s of statements) {
    if (!isObject(s) || Object.keys(s).some((k) => !STATEMENT_ELEMENTS.has(k))) throw malformed('Syntax errors in policy.');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Syntax errors in policy.');
    if (('Action' in s && 'NotAction' in s) || ('Resource' in s && 'NotResource' in s) || ('Principal' in s && 'NotPrincipal' in s)) throw malformed('Syntax errors in policy.');
    for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) if (key in s && !isStringOrStrings(s[key])) throw malformed('Syntax errors in policy.');
    if ('Sid' in s && typeof s.Sid !== 'string') throw malformed('Syntax errors in policy.');
    if ('Condition' in s && (!isObject(s.Condition) || Object.values(s.Condition).some((c) => !isObject(c)))) throw malformed('Syntax errors in policy.');
  }
  // Policy variables need the 2012-10-17 grammar.
  if (parsed.Version !== '2012-10-17' && /\$\{[^}]*\}/.test(document)) throw malformed('Policy document must be version 2012-10-17 or greater.');
  const sids = statements.map((s) => (s as Record<string, unknown>).Sid).filter((sid): sid is string => typeof sid === 'string' && sid !== '');
  if (new Set(sids).size !== sids.length) throw malformed('Statement IDs (SID) in a single policy must be unique.');
  for (const s of statements as Record<string, unknown>[]) {
    const actions = s.Action ?? s.NotAction;
    if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) throw malformed('Policy statement must contain actions.');
    for (const action of [actions].flat() as string[]) {
      if (action !== '*' && !action.includes(':')) throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      if (action.split(':').length > 2) throw malformed('Actions/Condition can contain only one colon.');
    }
    if (kind === 'identity') {
      if ('Principal' in s || 'NotPrincipal' in s) throw malformed('Policy document should not specify a principal.');
      const resources = s.Resource ?? s.NotResource;
      if (resources === undefined || (Array.isArray(resources) && resources.length === 0)) throw malformed('Policy statement must contain resources.');
      for (const resource of [resources].flat() as string[]) {
        if (resource !== '*' && !resource.includes(':')) throw malformed(`Resource ${resource} must be in ARN format or "*".`);
      }
    } else {
      if ('Resource' in s || 'NotResource' in s) throw malformed('Has prohibited field Resource');
      if (!('Principal' in s) && !('NotPrincipal' in s)) {
        throw malformed('Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!');
      }
    }
  }
  return document;
}
