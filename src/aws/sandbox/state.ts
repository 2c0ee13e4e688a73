import { randomBytes } from 'crypto';
import managed from './managedPolicies.json';

/** An error the sandbox answers with: AWS's code, HTTP status and message. */
export class AwsError extends Error {
  constructor(readonly code: string, readonly status: number, message: string) {
    super(message);
  }
}

const noSuchEntity = (what: string) => new AwsError('NoSuchEntity', 404, `The ${what} cannot be found.`);
const exists = (what: string) => new AwsError('EntityAlreadyExists', 409, `${what} already exists.`);
const invalid = (message: string) => new AwsError('InvalidInput', 400, message);
const validation = (message: string) => new AwsError('ValidationError', 400, message);

export interface Tag { Key: string; Value: string }
export interface PolicyVersion { VersionId: string; Document: string; IsDefaultVersion: boolean; CreateDate: string }
export interface ManagedPolicy {
  PolicyName: string; PolicyId: string; Arn: string; Path: string; Description?: string; CreateDate: string; UpdateDate: string;
  DefaultVersionId: string; Versions: PolicyVersion[]; NextVersion: number; Tags: Tag[]; AwsManaged: boolean;
}
export interface Role {
  RoleName: string; RoleId: string; Arn: string; Path: string; Description?: string; MaxSessionDuration: number; CreateDate: string;
  AssumeRolePolicyDocument: string; Tags: Tag[]; PermissionsBoundary?: string; InlinePolicies: Record<string, string>; Attached: string[];
}
export interface Repository { repositoryName: string; repositoryArn: string; createdAt: number; policyText?: string; imageTagMutability: string }

/** Everything the sandbox account holds; JSON-serializable for the state file. */
export interface AccountState {
  accountId: string;
  roles: Record<string, Role>;
  policies: Record<string, ManagedPolicy>;
  repositories: Record<string, Repository>;
}

/** IAM's quotas that the sandbox enforces (AWS's defaults). */
export const LIMITS = {
  versionsPerPolicy: 5,
  managedPoliciesPerRole: 10,
  roleTrustPolicySize: 2048,
  managedPolicySize: 6144,
  inlinePoliciesPerRoleSize: 10240,
  tagsPerRole: 50,
  rolesPerAccount: 1000,
} as const;

const NAME = /^[\w+=,.@-]+$/;
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const id = (prefix: string) => prefix + randomBytes(10).toString('hex').toUpperCase().slice(0, 17);
/** The size IAM counts: the document without whitespace outside strings (documents are valid JSON here). */
const size = (doc: string) => JSON.stringify(JSON.parse(doc)).length;

/** A new account with the AWS managed policies the workshops attach. */
export function newAccount(accountId = '123456789012'): AccountState {
  const policies: Record<string, ManagedPolicy> = {};
  const created = '2015-02-06T18:40:00Z';
  for (const p of managed as { name: string; arn: string; versionId: string; document: unknown }[]) {
    policies[p.arn] = {
      PolicyName: p.name, PolicyId: id('ANPA'), Arn: p.arn, Path: p.arn.slice('arn:aws:iam::aws:policy'.length, -p.name.length),
      CreateDate: created, UpdateDate: created, DefaultVersionId: p.versionId, NextVersion: Number(p.versionId.slice(1)) + 1, Tags: [], AwsManaged: true,
      Versions: [{ VersionId: p.versionId, Document: JSON.stringify(p.document), IsDefaultVersion: true, CreateDate: created }],
    };
  }
  return { accountId, roles: {}, policies, repositories: {} };
}

function checkName(value: string | undefined, field: string, max: number): string {
  if (!value) throw validation(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`);
  if (value.length > max || !NAME.test(value)) {
    throw validation(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length less than or equal to ${max}`);
  }
  return value;
}

function checkPath(path: string | undefined): string {
  const p = path ?? '/';
  if (!/^\/([\x21-\x7E]*\/)?$/.test(p) || p.length > 512) throw validation(`The specified value for path is invalid: ${p}`);
  return p;
}

/** IAM's validation of a policy document: JSON with Version (optional) and Statement, within `limit` characters. */
function checkDocument(document: string | undefined, limit: number, kind: string): string {
  if (!document) throw new AwsError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 400, 'This policy contains invalid Json');
  }
  const statement = (parsed as { Statement?: unknown })?.Statement;
  if (!parsed || typeof parsed !== 'object' || !statement || (typeof statement !== 'object')) {
    throw new AwsError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  }
  const version = (parsed as { Version?: unknown }).Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    throw new AwsError('MalformedPolicyDocument', 400, 'The policy failed legacy parsing');
  }
  if (size(document) > limit) throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for ${kind}Size: ${limit}`);
  return document;
}

/** The operations of the sandbox's IAM, with IAM's validations, errors and quotas. */
export class Account {
  constructor(readonly state: AccountState) {}

  private role(name: string | undefined): Role {
    const role = name ? this.state.roles[name.toLowerCase()] : undefined;
    if (!role) throw noSuchEntity(`role with name ${name}`);
    return role;
  }

  policy(arn: string | undefined): ManagedPolicy {
    const policy = arn ? this.state.policies[arn] : undefined;
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`.replace('The ', ''));
    return policy;
  }

  createRole(p: { RoleName?: string; Path?: string; AssumeRolePolicyDocument?: string; Description?: string; MaxSessionDuration?: number; PermissionsBoundary?: string; Tags?: Tag[] }): Role {
    const name = checkName(p.RoleName, 'roleName', 64);
    if (this.state.roles[name.toLowerCase()]) throw exists(`Role with name ${name}`);
    if (Object.keys(this.state.roles).length >= LIMITS.rolesPerAccount) throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for RolesPerAccount: ${LIMITS.rolesPerAccount}`);
    const path = checkPath(p.Path);
    const document = checkDocument(p.AssumeRolePolicyDocument, LIMITS.roleTrustPolicySize, 'ACLPolicy');
    const duration = p.MaxSessionDuration ?? 3600;
    if (duration < 3600 || duration > 43200) throw validation(`1 validation error detected: Value '${duration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200`);
    if (p.Description !== undefined && p.Description.length > 1000) throw validation('1 validation error detected: Value at \'description\' failed to satisfy constraint: Member must have length less than or equal to 1000');
    if (p.PermissionsBoundary) this.policy(p.PermissionsBoundary);
    const tags = this.checkTags([], p.Tags ?? []);
    const role: Role = {
      RoleName: name, RoleId: id('AROA'), Arn: `arn:aws:iam::${this.state.accountId}:role${path}${name}`, Path: path,
      Description: p.Description, MaxSessionDuration: duration, CreateDate: now(), AssumeRolePolicyDocument: document, Tags: tags,
      PermissionsBoundary: p.PermissionsBoundary, InlinePolicies: {}, Attached: [],
    };
    this.state.roles[name.toLowerCase()] = role;
    return role;
  }

  getRole(name?: string): Role {
    return this.role(name);
  }

  listRoles(pathPrefix = '/'): Role[] {
    return Object.values(this.state.roles).filter((r) => r.Path.startsWith(pathPrefix)).sort((a, b) => a.RoleName.localeCompare(b.RoleName));
  }

  deleteRole(name?: string): void {
    const role = this.role(name);
    if (Object.keys(role.InlinePolicies).length > 0 || role.Attached.length > 0) {
      throw new AwsError('DeleteConflict', 409, 'Cannot delete entity, must remove policies first.');
    }
    delete this.state.roles[role.RoleName.toLowerCase()];
  }

  updateAssumeRolePolicy(name?: string, document?: string): void {
    const role = this.role(name);
    role.AssumeRolePolicyDocument = checkDocument(document, LIMITS.roleTrustPolicySize, 'ACLPolicy');
  }

  updateRole(name?: string, description?: string, maxSessionDuration?: number): void {
    const role = this.role(name);
    if (maxSessionDuration !== undefined) {
      if (maxSessionDuration < 3600 || maxSessionDuration > 43200) throw validation(`The requested duration ${maxSessionDuration} is not between 3600 and 43200 seconds.`);
      role.MaxSessionDuration = maxSessionDuration;
    }
    if (description !== undefined) {
      if (description.length > 1000) throw validation('Description must have length less than or equal to 1000');
      role.Description = description;
    }
  }

  private checkTags(existing: Tag[], added: Tag[]): Tag[] {
    const merged = new Map(existing.map((t) => [t.Key.toLowerCase(), t]));
    for (const t of added) {
      if (!t.Key || t.Key.length > 128 || (t.Value ?? '').length > 256) throw invalid(`The specified tag is invalid: ${t.Key}`);
      if (t.Key.toLowerCase().startsWith('aws:')) throw invalid('User-defined tag keys cannot begin with aws:');
      merged.set(t.Key.toLowerCase(), { Key: t.Key, Value: t.Value ?? '' });
    }
    if (merged.size > LIMITS.tagsPerRole) throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for TagsPerRole: ${LIMITS.tagsPerRole}`);
    return [...merged.values()];
  }

  tagRole(name: string | undefined, tags: Tag[]): void {
    const role = this.role(name);
    role.Tags = this.checkTags(role.Tags, tags);
  }

  untagRole(name: string | undefined, keys: string[]): void {
    const role = this.role(name);
    const removed = new Set(keys.map((k) => k.toLowerCase()));
    role.Tags = role.Tags.filter((t) => !removed.has(t.Key.toLowerCase()));
  }

  putPermissionsBoundary(name: string | undefined, arn: string | undefined): void {
    const role = this.role(name);
    this.policy(arn);
    role.PermissionsBoundary = arn;
  }

  deletePermissionsBoundary(name: string | undefined): void {
    const role = this.role(name);
    if (!role.PermissionsBoundary) throw noSuchEntity(`permissions boundary for role ${role.RoleName}`);
    role.PermissionsBoundary = undefined;
  }

  putRolePolicy(name: string | undefined, policyName: string | undefined, document: string | undefined): void {
    const role = this.role(name);
    const pn = checkName(policyName, 'policyName', 128);
    const doc = checkDocument(document, LIMITS.inlinePoliciesPerRoleSize, 'PolicySize');
    const others = Object.entries(role.InlinePolicies).filter(([n]) => n !== pn).reduce((sum, [, d]) => sum + size(d), 0);
    if (others + size(doc) > LIMITS.inlinePoliciesPerRoleSize) {
      throw new AwsError('LimitExceeded', 409, `Maximum policy size of ${LIMITS.inlinePoliciesPerRoleSize} bytes exceeded for role ${role.RoleName}`);
    }
    role.InlinePolicies[pn] = doc;
  }

  getRolePolicy(name: string | undefined, policyName: string | undefined): string {
    const role = this.role(name);
    const doc = policyName ? role.InlinePolicies[policyName] : undefined;
    if (doc === undefined) throw noSuchEntity(`role policy with name ${policyName}`);
    return doc;
  }

  deleteRolePolicy(name: string | undefined, policyName: string | undefined): void {
    this.getRolePolicy(name, policyName);
    delete this.role(name).InlinePolicies[policyName!];
  }

  listRolePolicies(name?: string): string[] {
    return Object.keys(this.role(name).InlinePolicies).sort();
  }

  createPolicy(p: { PolicyName?: string; Path?: string; PolicyDocument?: string; Description?: string; Tags?: Tag[] }): ManagedPolicy {
    const name = checkName(p.PolicyName, 'policyName', 128);
    const path = checkPath(p.Path);
    const arn = `arn:aws:iam::${this.state.accountId}:policy${path}${name}`;
    if (Object.values(this.state.policies).some((x) => !x.AwsManaged && x.PolicyName.toLowerCase() === name.toLowerCase())) {
      throw exists(`A policy called ${name}`);
    }
    const document = checkDocument(p.PolicyDocument, LIMITS.managedPolicySize, 'PolicySize');
    const created = now();
    const policy: ManagedPolicy = {
      PolicyName: name, PolicyId: id('ANPA'), Arn: arn, Path: path, Description: p.Description, CreateDate: created, UpdateDate: created,
      DefaultVersionId: 'v1', NextVersion: 2, Tags: p.Tags ?? [], AwsManaged: false,
      Versions: [{ VersionId: 'v1', Document: document, IsDefaultVersion: true, CreateDate: created }],
    };
    this.state.policies[arn] = policy;
    return policy;
  }

  deletePolicy(arn?: string): void {
    const policy = this.policy(arn);
    if (policy.AwsManaged) throw invalid('AWS managed policies cannot be deleted.');
    if (this.attachmentCount(policy.Arn) > 0) throw new AwsError('DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    if (policy.Versions.length > 1) throw new AwsError('DeleteConflict', 409, 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    delete this.state.policies[policy.Arn];
  }

  attachmentCount(arn: string): number {
    return Object.values(this.state.roles).filter((r) => r.Attached.includes(arn) || r.PermissionsBoundary === arn).length;
  }

  rolesAttachedTo(arn: string): Role[] {
    return Object.values(this.state.roles).filter((r) => r.Attached.includes(arn));
  }

  listPolicies(scope = 'All', onlyAttached = false): ManagedPolicy[] {
    return Object.values(this.state.policies)
      .filter((p) => scope === 'All' || (scope === 'AWS') === p.AwsManaged)
      .filter((p) => !onlyAttached || this.attachmentCount(p.Arn) > 0)
      .sort((a, b) => a.PolicyName.localeCompare(b.PolicyName));
  }

  createPolicyVersion(arn: string | undefined, document: string | undefined, setAsDefault: boolean): PolicyVersion {
    const policy = this.policy(arn);
    if (policy.AwsManaged) throw invalid('AWS managed policies cannot be changed.');
    if (policy.Versions.length >= LIMITS.versionsPerPolicy) {
      throw new AwsError('LimitExceeded', 409, `A managed policy can have up to ${LIMITS.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`);
    }
    const version: PolicyVersion = {
      VersionId: `v${policy.NextVersion++}`, Document: checkDocument(document, LIMITS.managedPolicySize, 'PolicySize'), IsDefaultVersion: false, CreateDate: now(),
    };
    policy.Versions.push(version);
    if (setAsDefault) this.setDefaultVersion(arn, version.VersionId);
    return version;
  }

  getPolicyVersion(arn: string | undefined, versionId: string | undefined): PolicyVersion {
    const version = this.policy(arn).Versions.find((v) => v.VersionId === versionId);
    if (!version) throw noSuchEntity(`policy version ${versionId}`);
    return version;
  }

  deletePolicyVersion(arn: string | undefined, versionId: string | undefined): void {
    const policy = this.policy(arn);
    const version = this.getPolicyVersion(arn, versionId);
    if (version.IsDefaultVersion) throw new AwsError('DeleteConflict', 409, 'Cannot delete the default version of a policy.');
    policy.Versions = policy.Versions.filter((v) => v !== version);
  }

  setDefaultVersion(arn: string | undefined, versionId: string | undefined): void {
    const policy = this.policy(arn);
    const version = this.getPolicyVersion(arn, versionId);
    for (const v of policy.Versions) v.IsDefaultVersion = v === version;
    policy.DefaultVersionId = version.VersionId;
    policy.UpdateDate = now();
  }

  attachRolePolicy(name: string | undefined, arn: string | undefined): void {
    const role = this.role(name);
    this.policy(arn);
    if (role.Attached.includes(arn!)) return;
    if (role.Attached.length >= LIMITS.managedPoliciesPerRole) {
      throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for PoliciesPerRole: ${LIMITS.managedPoliciesPerRole}`);
    }
    role.Attached.push(arn!);
  }

  detachRolePolicy(name: string | undefined, arn: string | undefined): void {
    const role = this.role(name);
    if (!role.Attached.includes(arn ?? '')) throw noSuchEntity(`Policy ${arn} was not found.`.replace('The ', ''));
    role.Attached = role.Attached.filter((a) => a !== arn);
  }

  summary(): Record<string, number> {
    const customer = Object.values(this.state.policies).filter((p) => !p.AwsManaged);
    return {
      Roles: Object.keys(this.state.roles).length,
      RolesQuota: LIMITS.rolesPerAccount,
      Policies: customer.length,
      PoliciesQuota: 1500,
      PolicyVersionsInUse: customer.reduce((n, p) => n + p.Versions.length, 0),
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: LIMITS.versionsPerPolicy,
      AttachedPoliciesPerRoleQuota: LIMITS.managedPoliciesPerRole,
      PolicySizeQuota: LIMITS.managedPolicySize,
      AssumeRolePolicySizeQuota: LIMITS.roleTrustPolicySize,
      RolePolicySizeQuota: LIMITS.inlinePoliciesPerRoleSize,
    };
  }
}
