import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import * as path from 'path';
import { ecrOperation, ECR_TARGET_PREFIX } from './ecr';
import { Account, AccountState, InstanceProfile, ManagedPolicy, newAccount, parseState, Role, serializeState } from './state';
import { Sts } from './sts';
import { AwsError, Tag, validationError } from './validation';

/**
 * Faults the sandbox injects, for tests of retries and of failures halfway through a deploy. Rates
 * are fractions from 0 to 1 (outside that range they are clamped); absent means none.
 */
export interface Faults {
  /** Requests answered with a throttling error (IAM and STS `Throttling`, ECR `ThrottlingException`, HTTP 400). */
  throttleRate?: number;
  /** Requests answered with a server error (IAM and STS `ServiceFailure`, ECR `ServerException`, HTTP 500). */
  errorRate?: number;
  /** Requests whose connection is closed without an answer. */
  dropRate?: number;
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** Limit the faults to these operations (e.g. `["AttachRolePolicy"]`); all operations when absent. */
  operations?: string[];
}

/** How to start the sandbox; every field is optional. */
export interface SandboxOptions {
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Persist the account to this file (written atomically after every change) and load it at start. */
  stateFile?: string;
  /** Faults from the start; `setFaults` changes them later. */
  faults?: Faults;
  /** The source of randomness for fault rates (tests pass a seeded one); Math.random by default. */
  random?: () => number;
  /**
   * Eventual consistency, as IAM has it: for this many milliseconds after its creation a role cannot
   * be named as a principal in a trust policy (MalformedPolicyDocument) nor assumed (AccessDenied),
   * and a managed policy cannot be attached or made a boundary (NoSuchEntity). 0 (the default): none.
   */
  propagationDelayMs?: number;
  /** The clock of propagationDelayMs, in milliseconds; Date.now by default. */
  now?: () => number;
}

/** A running local sandbox account. */
export interface Sandbox {
  /** `http://127.0.0.1:PORT`: give it to the SDK clients as their endpoint. */
  readonly endpoint: string;
  /** The account id of every ARN the sandbox makes. */
  readonly accountId: string;
  /** Replaces the injected faults (`{}`: none). */
  setFaults(faults: Faults): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** IAM's default page size. */
const DEFAULT_MAX_ITEMS = 100;
/** Far above any IAM request (a policy document is at most 128 KiB), far below a memory problem. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Far above any IAM request's URL and headers, as Node's default (16 KiB) is. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Text as XML element content. `\r` is written as a character reference, for an XML parser turns a
 * raw `\r\n` into `\n`; characters XML 1.0 cannot carry at all (only an error message can hold
 * them: IAM refuses them in names, descriptions and documents) become U+FFFD.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;')
  .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** An XML element; undefined values are left out, arrays become <member> lists, objects nest. */
function el(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => el('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => el(k, v)).join('')}</${name}>`;
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** Query parameters of one request. */
class Params {
  constructor(private readonly params: URLSearchParams) {}

  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  flag(name: string): boolean {
    return this.params.get(name) === 'true';
  }

  /** A `Name.member.N` list of strings. */
  list(prefix: string): string[] {
    return this.members(prefix).map(([, v]) => v as string);
  }

  /** A `Tags.member.N.Key` / `.Value` list. */
  tags(prefix = 'Tags'): Tag[] {
    return this.members(prefix).map(([, v]) => (typeof v === 'string' ? { Key: v, Value: '' } : { Key: v.Key, Value: v.Value ?? '' }));
  }

  private members(prefix: string): [number, string | Record<string, string>][] {
    const items = new Map<number, string | Record<string, string>>();
    const pattern = new RegExp(`^${prefix}\\.member\\.(\\d+)(?:\\.(\\w+))?$`);
    for (const [key, value] of this.params) {
      const m = pattern.exec(key);
      if (!m) continue;
      const i = Number(m[1]);
      if (m[2]) items.set(i, { ...(items.get(i) as Record<string, string> | undefined), [m[2]]: value });
      else items.set(i, value);
    }
    return [...items.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/**
 * One page of a list, as IAM pages: MaxItems (1-1000, default 100) items after Marker, with
 * IsTruncated and the Marker of the next page. The marker names the last item returned, so that
 * items created or deleted between pages neither repeat nor vanish.
 */
function page<T>(items: T[], p: Params, key: (item: T) => string): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const maxText = p.get('MaxItems');
  const max = maxText === undefined ? DEFAULT_MAX_ITEMS : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw validationError(`1 validation error detected: Value '${maxText}' at 'maxItems' failed to satisfy constraint: Member must have value ${max < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
  }
  let start = 0;
  const marker = p.get('Marker');
  if (marker !== undefined) {
    const after = Buffer.from(marker, 'base64url').toString('utf8');
    if (!after) throw new AwsError('InvalidInput', 400, 'Invalid Marker.');
    const at = items.findIndex((item) => key(item) === after);
    start = at >= 0 ? at + 1 : items.findIndex((item) => key(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return { items: slice, IsTruncated: truncated, Marker: truncated ? Buffer.from(key(slice[slice.length - 1])).toString('base64url') : undefined };
}

/** IAM returns policy documents URL-encoded (RFC 3986), as AWS does. */
const encodeDocument = (document: string) => encodeURIComponent(document);

const boundaryXml = (r: Role) => (r.PermissionsBoundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.PermissionsBoundary } : undefined);

function roleXml(r: Role, account: Account, withDetails: boolean) {
  return {
    Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(account.trustPolicyOf(r)), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration,
    // ListRoles leaves these out, as IAM does; GetRole has them.
    PermissionsBoundary: withDetails ? boundaryXml(r) : undefined,
    Tags: withDetails && r.Tags.length ? r.Tags : undefined,
    RoleLastUsed: withDetails ? r.LastUsed ?? {} : undefined,
  };
}

function instanceProfileXml(p: InstanceProfile, account: Account) {
  return {
    Path: p.Path, InstanceProfileName: p.InstanceProfileName, InstanceProfileId: p.InstanceProfileId, Arn: p.Arn, CreateDate: p.CreateDate,
    Roles: account.rolesOf(p).map((r) => roleXml(r, account, false)), Tags: p.Tags.length ? p.Tags : undefined,
  };
}

const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

/**
 * GetAccountAuthorizationDetails: the roles and managed policies of the account (the sandbox has no
 * users or groups) that `Filter` names (all when absent), with everything each has, paged together.
 * AWS managed policies are those attached to a role or used as a boundary, as IAM lists them.
 */
function authorizationDetails(a: Account, p: Params): Record<string, unknown> {
  const filter = p.list('Filter');
  const bad = filter.find((f) => !ENTITY_TYPES.includes(f));
  if (bad !== undefined) {
    throw validationError(`1 validation error detected: Value '[${filter.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_TYPES.join(', ')}]]`);
  }
  const wants = (type: string) => filter.length === 0 || filter.includes(type);
  type Entity = { key: string; role?: Role; policy?: ManagedPolicy };
  const roles: Entity[] = wants('Role') ? a.listRoles(undefined).map((r) => ({ key: `1 ${r.RoleName.toLowerCase()}`, role: r })) : [];
  const policies: Entity[] = a.listPolicies('All', undefined, false)
    .filter((x) => (x.AwsManaged ? wants('AWSManagedPolicy') && (a.attachmentCount(x.Arn) > 0 || a.boundaryUsageCount(x.Arn) > 0) : wants('LocalManagedPolicy')))
    .map((x) => ({ key: `2 ${x.PolicyName.toLowerCase()} ${x.Arn}`, policy: x }));
  const r = page([...roles, ...policies], p, (x) => x.key);
  return {
    UserDetailList: wants('User') ? [] : undefined,
    GroupDetailList: wants('Group') ? [] : undefined,
    RoleDetailList: r.items.flatMap(({ role }) => (role ? [{
      Path: role.Path, RoleName: role.RoleName, RoleId: role.RoleId, Arn: role.Arn, CreateDate: role.CreateDate,
      AssumeRolePolicyDocument: encodeDocument(a.trustPolicyOf(role)),
      InstanceProfileList: a.instanceProfilesOf(role).map((x) => instanceProfileXml(x, a)),
      RolePolicyList: [...role.InlinePolicies].sort((x, y) => (x[0].toLowerCase() < y[0].toLowerCase() ? -1 : 1))
        .map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encodeDocument(document) })),
      AttachedManagedPolicies: role.Attached.map((arn) => a.policy(arn)).map((x) => ({ PolicyName: x.PolicyName, PolicyArn: x.Arn })),
      PermissionsBoundary: boundaryXml(role), Tags: role.Tags, RoleLastUsed: role.LastUsed ?? {},
    }] : [])),
    Policies: r.items.flatMap(({ policy: x }) => (x ? [{
      PolicyName: x.PolicyName, PolicyId: x.PolicyId, Arn: x.Arn, Path: x.Path, DefaultVersionId: x.DefaultVersionId,
      AttachmentCount: a.attachmentCount(x.Arn), PermissionsBoundaryUsageCount: a.boundaryUsageCount(x.Arn), IsAttachable: true,
      Description: x.Description, CreateDate: x.CreateDate, UpdateDate: x.UpdateDate,
      PolicyVersionList: [...x.Versions].reverse().map((v) => ({ Document: encodeDocument(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate })),
    }] : [])),
    IsTruncated: r.IsTruncated,
    Marker: r.Marker,
  };
}

function policyXml(p: ManagedPolicy, account: Account, withTags: boolean) {
  return {
    PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: account.attachmentCount(p.Arn), PermissionsBoundaryUsageCount: account.boundaryUsageCount(p.Arn), IsAttachable: true,
    Description: withTags ? p.Description : undefined, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate,
    Tags: withTags && p.Tags.length ? p.Tags : undefined,
  };
}

type Handler = (account: Account, p: Params) => Record<string, unknown> | undefined;

/**
 * The IAM operations, by Action. Each returns the <ActionResult> content (`{}`: an empty
 * <ActionResult/>, for an operation whose output is a structure without members, as UpdateRole's),
 * or undefined for an operation without output, answered without an <ActionResult> element.
 */
const IAM = new Map<string, Handler>(Object.entries({
  CreateRole: (a, p) => ({
    Role: roleXml(a.createRole({
      RoleName: p.get('RoleName'), Path: p.get('Path'), AssumeRolePolicyDocument: p.get('AssumeRolePolicyDocument'), Description: p.get('Description'),
      MaxSessionDuration: p.get('MaxSessionDuration'), PermissionsBoundary: p.get('PermissionsBoundary'), Tags: p.tags(),
    }), a, true),
  }),
  GetRole: (a, p) => ({ Role: roleXml(a.getRole(p.get('RoleName')), a, true) }),
  ListRoles: (a, p) => {
    const r = page(a.listRoles(p.get('PathPrefix')), p, (x) => x.RoleName.toLowerCase());
    return { Roles: r.items.map((x) => roleXml(x, a, false)), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  DeleteRole: (a, p) => void a.deleteRole(p.get('RoleName')),
  UpdateAssumeRolePolicy: (a, p) => void a.updateAssumeRolePolicy(p.get('RoleName'), p.get('PolicyDocument')),
  UpdateRole: (a, p) => {
    a.updateRole(p.get('RoleName'), p.get('Description'), p.get('MaxSessionDuration'));
    return {};
  },
  UpdateRoleDescription: (a, p) => ({ Role: roleXml(a.updateRole(p.get('RoleName'), p.get('Description') ?? '', undefined), a, true) }),
  TagRole: (a, p) => void a.tagRole(p.get('RoleName'), p.tags()),
  UntagRole: (a, p) => void a.untagRole(p.get('RoleName'), p.list('TagKeys')),
  ListRoleTags: (a, p) => {
    const r = page(a.getRole(p.get('RoleName')).Tags, p, (t) => t.Key.toLowerCase());
    return { Tags: r.items, IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  PutRolePermissionsBoundary: (a, p) => void a.putRolePermissionsBoundary(p.get('RoleName'), p.get('PermissionsBoundary')),
  DeleteRolePermissionsBoundary: (a, p) => void a.deleteRolePermissionsBoundary(p.get('RoleName')),
  PutRolePolicy: (a, p) => void a.putRolePolicy(p.get('RoleName'), p.get('PolicyName'), p.get('PolicyDocument')),
  GetRolePolicy: (a, p) => {
    const document = a.getRolePolicy(p.get('RoleName'), p.get('PolicyName'));
    return { RoleName: a.getRole(p.get('RoleName')).RoleName, PolicyName: p.get('PolicyName'), PolicyDocument: encodeDocument(document) };
  },
  DeleteRolePolicy: (a, p) => void a.deleteRolePolicy(p.get('RoleName'), p.get('PolicyName')),
  ListRolePolicies: (a, p) => {
    const r = page(a.listRolePolicies(p.get('RoleName')), p, (n) => n.toLowerCase());
    return { PolicyNames: r.items, IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  CreatePolicy: (a, p) => ({
    Policy: policyXml(a.createPolicy({
      PolicyName: p.get('PolicyName'), Path: p.get('Path'), PolicyDocument: p.get('PolicyDocument'), Description: p.get('Description'), Tags: p.tags(),
    }), a, true),
  }),
  GetPolicy: (a, p) => ({ Policy: policyXml(a.policy(p.get('PolicyArn')), a, true) }),
  DeletePolicy: (a, p) => void a.deletePolicy(p.get('PolicyArn')),
  ListPolicies: (a, p) => {
    const r = page(a.listPolicies(p.get('Scope'), p.get('PathPrefix'), p.flag('OnlyAttached')), p, (x) => `${x.PolicyName.toLowerCase()} ${x.Arn}`);
    return { Policies: r.items.map((x) => policyXml(x, a, false)), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  CreatePolicyVersion: (a, p) => {
    const v = a.createPolicyVersion(p.get('PolicyArn'), p.get('PolicyDocument'), p.flag('SetAsDefault'));
    return { PolicyVersion: { VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate } };
  },
  GetPolicyVersion: (a, p) => {
    const v = a.getPolicyVersion(p.get('PolicyArn'), p.get('VersionId'));
    return { PolicyVersion: { Document: encodeDocument(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate } };
  },
  ListPolicyVersions: (a, p) => {
    // Newest first, as IAM lists them.
    const versions = [...a.policy(p.get('PolicyArn')).Versions].reverse();
    const r = page(versions, p, (v) => v.VersionId);
    return { Versions: r.items.map((v) => ({ VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate })), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  DeletePolicyVersion: (a, p) => void a.deletePolicyVersion(p.get('PolicyArn'), p.get('VersionId')),
  SetDefaultPolicyVersion: (a, p) => void a.setDefaultPolicyVersion(p.get('PolicyArn'), p.get('VersionId')),
  TagPolicy: (a, p) => void a.tagPolicy(p.get('PolicyArn'), p.tags()),
  UntagPolicy: (a, p) => void a.untagPolicy(p.get('PolicyArn'), p.list('TagKeys')),
  ListPolicyTags: (a, p) => {
    const r = page(a.policy(p.get('PolicyArn')).Tags, p, (t) => t.Key.toLowerCase());
    return { Tags: r.items, IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  AttachRolePolicy: (a, p) => void a.attachRolePolicy(p.get('RoleName'), p.get('PolicyArn')),
  DetachRolePolicy: (a, p) => void a.detachRolePolicy(p.get('RoleName'), p.get('PolicyArn')),
  ListAttachedRolePolicies: (a, p) => {
    const prefix = p.get('PathPrefix') ?? '/';
    const attached = a.getRole(p.get('RoleName')).Attached.map((arn) => a.policy(arn)).filter((x) => x.Path.startsWith(prefix));
    const r = page(attached, p, (x) => x.Arn);
    return { AttachedPolicies: r.items.map((x) => ({ PolicyName: x.PolicyName, PolicyArn: x.Arn })), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  ListEntitiesForPolicy: (a, p) => {
    const policy = a.policy(p.get('PolicyArn'));
    const filter = p.get('EntityFilter');
    const prefix = p.get('PathPrefix') ?? '/';
    const roles = filter === undefined || filter === 'Role' ? a.rolesAttachedTo(policy.Arn).filter((r) => r.Path.startsWith(prefix)) : [];
    const r = page(roles, p, (x) => x.RoleName.toLowerCase());
    return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: r.items.map((x) => ({ RoleName: x.RoleName, RoleId: x.RoleId })), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  GetAccountSummary: (a) => ({ SummaryMap: a.summary() }),
  GetAccountAuthorizationDetails: authorizationDetails,
  CreateInstanceProfile: (a, p) => ({
    InstanceProfile: instanceProfileXml(a.createInstanceProfile({ InstanceProfileName: p.get('InstanceProfileName'), Path: p.get('Path'), Tags: p.tags() }), a),
  }),
  GetInstanceProfile: (a, p) => ({ InstanceProfile: instanceProfileXml(a.getInstanceProfile(p.get('InstanceProfileName')), a) }),
  DeleteInstanceProfile: (a, p) => void a.deleteInstanceProfile(p.get('InstanceProfileName')),
  AddRoleToInstanceProfile: (a, p) => void a.addRoleToInstanceProfile(p.get('InstanceProfileName'), p.get('RoleName')),
  RemoveRoleFromInstanceProfile: (a, p) => void a.removeRoleFromInstanceProfile(p.get('InstanceProfileName'), p.get('RoleName')),
  ListInstanceProfilesForRole: (a, p) => {
    const r = page(a.instanceProfilesOf(a.getRole(p.get('RoleName'))), p, (x) => x.InstanceProfileName.toLowerCase());
    return { InstanceProfiles: r.items.map((x) => instanceProfileXml(x, a)), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  ListInstanceProfiles: (a, p) => {
    const r = page(a.listInstanceProfiles(p.get('PathPrefix')), p, (x) => x.InstanceProfileName.toLowerCase());
    return { InstanceProfiles: r.items.map((x) => instanceProfileXml(x, a)), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  CreateOpenIDConnectProvider: (a, p) => {
    const provider = a.createOpenIdConnectProvider(p.get('Url'), p.list('ClientIDList'), p.list('ThumbprintList'), p.tags());
    return { OpenIDConnectProviderArn: provider.Arn, Tags: provider.Tags.length ? provider.Tags : undefined };
  },
  GetOpenIDConnectProvider: (a, p) => {
    const x = a.getOpenIdConnectProvider(p.get('OpenIDConnectProviderArn'));
    return { Url: x.Url, ClientIDList: x.ClientIDList, ThumbprintList: x.ThumbprintList, CreateDate: x.CreateDate, Tags: x.Tags.length ? x.Tags : undefined };
  },
  ListOpenIDConnectProviders: (a) => ({ OpenIDConnectProviderList: a.listOpenIdConnectProviders().map((x) => ({ Arn: x.Arn })) }),
  DeleteOpenIDConnectProvider: (a, p) => void a.deleteOpenIdConnectProvider(p.get('OpenIDConnectProviderArn')),
}));

/** The IAM operations the sandbox implements. */
export const IAM_OPERATIONS: readonly string[] = [...IAM.keys()];

/** Operations that change nothing: no state file write after them. */
const READ_ONLY = /^(Get|List|Describe)/;

function queryResponse(action: string, ns: string, result: Record<string, unknown> | undefined, requestId: string): string {
  let body = '';
  if (result && action === 'GetAccountSummary') {
    // SummaryMap is an XML map of <entry><key/><value/></entry>, not a member list.
    const entries = Object.entries(result.SummaryMap as Record<string, number>).map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`);
    body = `<${action}Result><SummaryMap>${entries.join('')}</SummaryMap></${action}Result>`;
  } else if (result) {
    // Every operation whose output is a structure has its <ActionResult>, even an empty one: clients look for it.
    body = `<${action}Result>${Object.entries(result).map(([k, v]) => el(k, v)).join('')}</${action}Result>`;
  }
  return `<${action}Response xmlns="${ns}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

function queryError(e: AwsError, ns: string, requestId: string): string {
  const type = e.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${e.code}</Code><Message>${esc(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/**
 * Writes the state atomically: a temporary file, flushed to disk, then renamed over the state file,
 * so that a crash or a kill at any moment leaves either the old state or the new one whole.
 */
function persist(file: string, state: AccountState): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, serializeState(state));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/**
 * The account in the state file, or a new one when there is none. AWS managed policies that this
 * version of the sandbox knows and the file lacks are added; temporary files a kill left are removed.
 */
function load(file: string | undefined): AccountState {
  if (!file || !fs.existsSync(file)) return newAccount();
  let state: AccountState;
  try {
    state = parseState(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`The sandbox state file cannot be read (${e instanceof Error ? e.message : String(e)}); move it away to start afresh: ${file}`);
  }
  const leftover = new RegExp(`^\\.${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.tmp$`);
  for (const name of fs.readdirSync(path.dirname(file))) {
    if (leftover.test(name)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
  return state;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address));
}

const clamp = (rate: number | undefined) => Math.min(1, Math.max(0, Number(rate) || 0));

/**
 * Starts the local sandbox account: an AWS-compatible endpoint on 127.0.0.1 speaking IAM and STS
 * (Query protocol, XML) and ECR (JSON 1.1) for the real AWS SDK clients, with AWS's validations,
 * error codes and quotas. Any credentials are accepted; connections from any other address than
 * loopback are closed. Rejects when the port is taken or the state file is unreadable.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const account = new Account(load(options.stateFile), { delayMs: Math.max(0, options.propagationDelayMs ?? 0), now: options.now ?? Date.now });
  const sts = new Sts(account);
  let faults: Faults = options.faults ?? {};
  const random = options.random ?? Math.random;
  const stateFile = options.stateFile;

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A body over the limit is read to its end and dropped, so that the client reads the answer
    // instead of a reset connection.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => answer(req, res, size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
  });
  // The server listens on 127.0.0.1 only; a peer from elsewhere is refused all the same.
  server.on('connection', (socket: Socket) => {
    if (!isLoopback(socket.remoteAddress)) socket.destroy();
  });
  // A request Node cannot parse (a URL or headers over the limit, bad HTTP) gets an AWS error, not a bare status line.
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return;
    const tooLarge = e.code === 'HPE_HEADER_OVERFLOW';
    const error = tooLarge
      ? new AwsError('RequestHeaderSectionTooLarge', 431, `The request's URL and headers are over ${MAX_HEADER_BYTES} bytes; send the parameters in the body.`)
      : new AwsError('MalformedHttpRequest', 400, 'The request is not valid HTTP/1.1.');
    const body = queryError(error, IAM_NS, randomUUID());
    socket.end(`HTTP/1.1 ${error.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: text/xml\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

  function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string | undefined): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    const auth = String(req.headers.authorization ?? '');
    // Credential=KEY/DATE/REGION/SERVICE/aws4_request: the signing region and service.
    const scope = /Credential=[^/,]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
    const region = scope?.[1] ?? 'us-east-1';
    const requestId = randomUUID();
    const isEcr = target.startsWith(ECR_TARGET_PREFIX);
    const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
    if (!isEcr && body) for (const [k, v] of new URLSearchParams(body)) query.append(k, v);
    const operation = isEcr ? target.slice(ECR_TARGET_PREFIX.length) : query.get('Action') ?? '';
    const isSts = !isEcr && (scope?.[2] === 'sts' || operation === 'GetCallerIdentity' || operation === 'AssumeRole');
    const ns = isSts ? STS_NS : IAM_NS;

    const send = (status: number, text: string, type: string) => {
      const reply = () => {
        res.writeHead(status, { 'Content-Type': type, 'x-amzn-RequestId': requestId, 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (faults.latencyMs && faults.latencyMs > 0) setTimeout(reply, faults.latencyMs);
      else reply();
    };
    const fail = (e: AwsError) => isEcr
      ? send(e.status, JSON.stringify({ __type: e.code, message: e.message }), 'application/x-amz-json-1.1')
      : send(e.status, queryError(e, ns, requestId), 'text/xml');

    if (body === undefined) {
      fail(new AwsError('RequestEntityTooLarge', 413, `The request body is over ${MAX_BODY_BYTES} bytes.`));
      return;
    }
    const faulty = !faults.operations || faults.operations.includes(operation);
    if (faulty && clamp(faults.dropRate) > 0 && random() < clamp(faults.dropRate)) {
      req.socket.destroy();
      return;
    }
    if (faulty && clamp(faults.throttleRate) > 0 && random() < clamp(faults.throttleRate)) {
      fail(new AwsError(isEcr ? 'ThrottlingException' : 'Throttling', 400, 'Rate exceeded'));
      return;
    }
    if (faulty && clamp(faults.errorRate) > 0 && random() < clamp(faults.errorRate)) {
      fail(new AwsError(isEcr ? 'ServerException' : 'ServiceFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.'));
      return;
    }
    try {
      let text: string;
      if (isEcr) {
        let input: unknown;
        try {
          input = body ? JSON.parse(body) : {};
        } catch {
          throw new AwsError('SerializationException', 400, 'Start of structure or map found where not expected.');
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AwsError('SerializationException', 400, 'Start of structure or map found where not expected.');
        text = JSON.stringify(ecrOperation(account.state, operation, input as Record<string, unknown>, region));
      } else if (!query.has('Action')) {
        throw new AwsError('MissingAction', 400, 'Missing Action');
      } else if (isSts) {
        const accessKeyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
        text = queryResponse(operation, ns, sts.run(operation, query, accessKeyId, region), requestId);
      } else {
        const handler = IAM.get(operation);
        if (!handler) throw new AwsError('InvalidAction', 400, `Could not find operation ${operation} for version 2010-05-08`);
        text = queryResponse(operation, ns, handler(account, new Params(query)), requestId);
      }
      // Persisted before the answer: an acknowledged change is never lost. AssumeRole changes RoleLastUsed.
      if (stateFile && (isSts ? operation === 'AssumeRole' : !READ_ONLY.test(operation))) persist(stateFile, account.state);
      send(200, text, isEcr ? 'application/x-amz-json-1.1' : 'text/xml');
    } catch (e) {
      fail(e instanceof AwsError ? e : new AwsError(isEcr ? 'ServerException' : 'ServiceFailure', 500, e instanceof Error ? e.message : String(e)));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE'
      ? new Error(`Port ${options.port} on 127.0.0.1 is in use: choose another, or 0 for any free port.`)
      : e));
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accountId: account.state.accountId,
    setFaults: (f) => { faults = { ...f }; },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
