import { randomBytes } from 'crypto';
import managed from './managedPolicies.json';
import {
  AwsError, checkDescription, checkDocument, checkMaxSessionDuration, checkName, checkPath, deleteConflict, documentSize,
  entityAlreadyExists, LIMITS, limitExceeded, mergeTags, noSuchEntity, required, Tag, validationError,
} from './validation';

/** One version of a managed policy; Document is the JSON text as it was sent. */
export interface PolicyVersion { VersionId: string; Document: string; IsDefaultVersion: boolean; CreateDate: string }
/** A managed policy: AWS's (AwsManaged, not changeable) or the account's own. */
export interface ManagedPolicy {
  PolicyName: string; PolicyId: string; Arn: string; Path: string; Description?: string; CreateDate: string; UpdateDate: string;
  DefaultVersionId: string; Versions: PolicyVersion[]; NextVersion: number; Tags: Tag[]; AwsManaged: boolean;
}
/** A role: its inline policies by name, its attached managed policies by ARN. */
export interface Role {
  RoleName: string; RoleId: string; Arn: string; Path: string; Description?: string; MaxSessionDuration: number; CreateDate: string;
  AssumeRolePolicyDocument: string; Tags: Tag[]; PermissionsBoundary?: string; InlinePolicies: Record<string, string>; Attached: string[];
}
/** An ECR repository (createdAt in seconds since the epoch, as ECR's JSON has it). */
export interface Repository { repositoryName: string; repositoryArn: string; createdAt: number; policyText?: string; imageTagMutability: string }

/** Everything the sandbox account holds; JSON-serializable for the state file. Roles are keyed by lower-case name. */
export interface AccountState {
  accountId: string;
  roles: Record<string, Role>;
  policies: Record<string, ManagedPolicy>;
  repositories: Record<string, Repository>;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
/** IAM's unique ids: a type prefix and 17 upper-case letters and digits. */
const uniqueId = (prefix: string) => prefix + randomBytes(16).toString('hex').toUpperCase().slice(0, 17);

/** A new account holding the AWS managed policies of managedPolicies.json, with their real documents and version ids. */
export function newAccount(accountId = '123456789012'): AccountState {
  const policies: Record<string, ManagedPolicy> = {};
  const date = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
  for (const p of managed as { name: string; arn: string; versionId: string; created: string; updated: string; document: unknown }[]) {
    policies[p.arn] = {
      PolicyName: p.name, PolicyId: uniqueId('ANPA'), Arn: p.arn, Path: p.arn.slice('arn:aws:iam::aws:policy'.length, -p.name.length),
      CreateDate: date(p.created), UpdateDate: date(p.updated), DefaultVersionId: p.versionId, NextVersion: Number(p.versionId.slice(1)) + 1,
      Tags: [], AwsManaged: true,
      Versions: [{ VersionId: p.versionId, Document: JSON.stringify(p.document), IsDefaultVersion: true, CreateDate: date(p.updated) }],
    };
  }
  return { accountId, roles: {}, policies, repositories: {} };
}

/** The IAM operations of the sandbox account, with IAM's validations, errors and quotas. */
export class Account {
  constructor(readonly state: AccountState) {}

  /** The ARN the sandbox's caller has (STS GetCallerIdentity). */
  get callerArn(): string {
    return `arn:aws:iam::${this.state.accountId}:user/sandbox`;
  }

  getRole(name: string | undefined): Role {
    const roleName = required(name, 'roleName');
    const role = this.state.roles[roleName.toLowerCase()];
    if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
    return role;
  }

  /** A managed policy by ARN; `notFound` words the error as the calling operation does. */
  policy(arn: string | undefined, notFound: (arn: string) => AwsError = (a) => noSuchEntity(`Policy ${a} was not found.`)): ManagedPolicy {
    const policyArn = required(arn, 'policyArn');
    const policy = this.state.policies[policyArn];
    if (!policy) throw notFound(policyArn);
    return policy;
  }

  private customerPolicy(arn: string | undefined, action: string): ManagedPolicy {
    const policy = this.policy(arn);
    if (policy.AwsManaged) {
      throw new AwsError('AccessDenied', 403, `User: ${this.callerArn} is not authorized to perform: iam:${action} on resource: policy ${policy.Arn} because AWS managed policies cannot be changed`);
    }
    return policy;
  }

  private boundary(arn: string | undefined): string {
    return this.policy(arn, (a) => noSuchEntity(`Scope ARN: ${a} does not exist or is not attachable.`)).Arn;
  }

  createRole(p: { RoleName?: string; Path?: string; AssumeRolePolicyDocument?: string; Description?: string; MaxSessionDuration?: string; PermissionsBoundary?: string; Tags: Tag[] }): Role {
    const name = checkName(p.RoleName, 'roleName', 64);
    const path = checkPath(p.Path);
    const document = checkDocument(p.AssumeRolePolicyDocument, 'trust', 'assumeRolePolicyDocument');
    const description = checkDescription(p.Description);
    const duration = checkMaxSessionDuration(p.MaxSessionDuration) ?? 3600;
    const tags = mergeTags([], p.Tags);
    if (this.state.roles[name.toLowerCase()]) throw entityAlreadyExists(`Role with name ${name} already exists.`);
    if (documentSize(document) > LIMITS.roleTrustPolicySize) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${LIMITS.roleTrustPolicySize}`);
    const boundary = p.PermissionsBoundary === undefined ? undefined : this.boundary(p.PermissionsBoundary);
    if (Object.keys(this.state.roles).length >= LIMITS.roles) throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${LIMITS.roles}`);
    const role: Role = {
      RoleName: name, RoleId: uniqueId('AROA'), Arn: `arn:aws:iam::${this.state.accountId}:role${path}${name}`, Path: path,
      Description: description, MaxSessionDuration: duration, CreateDate: now(), AssumeRolePolicyDocument: document, Tags: tags,
      PermissionsBoundary: boundary, InlinePolicies: {}, Attached: [],
    };
    this.state.roles[name.toLowerCase()] = role;
    return role;
  }

  /** Roles whose path starts with `pathPrefix`, sorted by name. */
  listRoles(pathPrefix: string | undefined): Role[] {
    const prefix = pathPrefix ?? '/';
    return Object.values(this.state.roles).filter((r) => r.Path.startsWith(prefix)).sort((a, b) => compare(a.RoleName, b.RoleName));
  }

  deleteRole(name: string | undefined): void {
    const role = this.getRole(name);
    if (role.Attached.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (Object.keys(role.InlinePolicies).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    delete this.state.roles[role.RoleName.toLowerCase()];
  }

  updateAssumeRolePolicy(name: string | undefined, document: string | undefined): void {
    const role = this.getRole(name);
    const checked = checkDocument(document, 'trust', 'policyDocument');
    if (documentSize(checked) > LIMITS.roleTrustPolicySize) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${LIMITS.roleTrustPolicySize}`);
    role.AssumeRolePolicyDocument = checked;
  }

  /** UpdateRole and UpdateRoleDescription: what is given changes, the rest stays. */
  updateRole(name: string | undefined, description: string | undefined, maxSessionDuration: string | undefined): Role {
    const role = this.getRole(name);
    const checkedDescription = checkDescription(description);
    const duration = checkMaxSessionDuration(maxSessionDuration);
    if (duration !== undefined) role.MaxSessionDuration = duration;
    if (checkedDescription !== undefined) role.Description = checkedDescription;
    return role;
  }

  tagRole(name: string | undefined, tags: Tag[]): void {
    const role = this.getRole(name);
    role.Tags = mergeTags(role.Tags, tags);
  }

  untagRole(name: string | undefined, keys: string[]): void {
    const role = this.getRole(name);
    const removed = new Set(keys.map((k) => k.toLowerCase()));
    role.Tags = role.Tags.filter((t) => !removed.has(t.Key.toLowerCase()));
  }

  putRolePermissionsBoundary(name: string | undefined, arn: string | undefined): void {
    const role = this.getRole(name);
    role.PermissionsBoundary = this.boundary(required(arn, 'permissionsBoundary'));
  }

  deleteRolePermissionsBoundary(name: string | undefined): void {
    const role = this.getRole(name);
    if (!role.PermissionsBoundary) throw noSuchEntity(`The permissions boundary of role ${role.RoleName} cannot be found.`);
    role.PermissionsBoundary = undefined;
  }

  putRolePolicy(name: string | undefined, policyName: string | undefined, document: string | undefined): void {
    const role = this.getRole(name);
    const pn = checkName(policyName, 'policyName', 128);
    const checked = checkDocument(document, 'identity', 'policyDocument');
    const others = Object.entries(role.InlinePolicies).filter(([n]) => n !== pn).reduce((sum, [, d]) => sum + documentSize(d), 0);
    if (others + documentSize(checked) > LIMITS.inlinePoliciesPerRoleSize) {
      throw limitExceeded(`Maximum policy size of ${LIMITS.inlinePoliciesPerRoleSize} bytes exceeded for role ${role.RoleName}`);
    }
    role.InlinePolicies[pn] = checked;
  }

  getRolePolicy(name: string | undefined, policyName: string | undefined): string {
    const role = this.getRole(name);
    const pn = required(policyName, 'policyName');
    const document = role.InlinePolicies[pn];
    if (document === undefined) throw noSuchEntity(`The role policy with name ${pn} cannot be found.`);
    return document;
  }

  deleteRolePolicy(name: string | undefined, policyName: string | undefined): void {
    this.getRolePolicy(name, policyName);
    delete this.getRole(name).InlinePolicies[policyName!];
  }

  listRolePolicies(name: string | undefined): string[] {
    return Object.keys(this.getRole(name).InlinePolicies).sort(compare);
  }

  createPolicy(p: { PolicyName?: string; Path?: string; PolicyDocument?: string; Description?: string; Tags: Tag[] }): ManagedPolicy {
    const name = checkName(p.PolicyName, 'policyName', 128);
    const path = checkPath(p.Path);
    const document = checkDocument(p.PolicyDocument, 'identity', 'policyDocument');
    checkDescription(p.Description);
    const tags = mergeTags([], p.Tags);
    if (Object.values(this.state.policies).some((x) => !x.AwsManaged && x.PolicyName.toLowerCase() === name.toLowerCase())) {
      throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    if (documentSize(document) > LIMITS.managedPolicySize) throw limitExceeded(`Cannot exceed quota for PolicySize: ${LIMITS.managedPolicySize}`);
    if (this.customerPolicies().length >= LIMITS.customerManagedPolicies) throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${LIMITS.customerManagedPolicies}`);
    const created = now();
    const policy: ManagedPolicy = {
      PolicyName: name, PolicyId: uniqueId('ANPA'), Arn: `arn:aws:iam::${this.state.accountId}:policy${path}${name}`, Path: path,
      Description: p.Description, CreateDate: created, UpdateDate: created, DefaultVersionId: 'v1', NextVersion: 2, Tags: tags, AwsManaged: false,
      Versions: [{ VersionId: 'v1', Document: document, IsDefaultVersion: true, CreateDate: created }],
    };
    this.state.policies[policy.Arn] = policy;
    return policy;
  }

  deletePolicy(arn: string | undefined): void {
    const policy = this.customerPolicy(arn, 'DeletePolicy');
    if (this.attachmentCount(policy.Arn) > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.Versions.length > 1) {
      throw deleteConflict('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    }
    delete this.state.policies[policy.Arn];
  }

  /** Roles the policy is attached to. */
  attachmentCount(arn: string): number {
    return this.rolesAttachedTo(arn).length;
  }

  /** Roles the policy is a permissions boundary of. */
  boundaryUsageCount(arn: string): number {
    return Object.values(this.state.roles).filter((r) => r.PermissionsBoundary === arn).length;
  }

  rolesAttachedTo(arn: string): Role[] {
    return Object.values(this.state.roles).filter((r) => r.Attached.includes(arn)).sort((a, b) => compare(a.RoleName, b.RoleName));
  }

  /** ListPolicies: by scope (All, AWS, Local), path prefix and attachment, sorted by name. */
  listPolicies(scope: string | undefined, pathPrefix: string | undefined, onlyAttached: boolean): ManagedPolicy[] {
    const sc = scope ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(sc)) {
      throw validationError(`1 validation error detected: Value '${sc}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`);
    }
    return Object.values(this.state.policies)
      .filter((p) => sc === 'All' || (sc === 'AWS') === p.AwsManaged)
      .filter((p) => p.Path.startsWith(pathPrefix ?? '/'))
      .filter((p) => !onlyAttached || this.attachmentCount(p.Arn) > 0)
      .sort((a, b) => compare(a.PolicyName, b.PolicyName));
  }

  private customerPolicies(): ManagedPolicy[] {
    return Object.values(this.state.policies).filter((p) => !p.AwsManaged);
  }

  createPolicyVersion(arn: string | undefined, document: string | undefined, setAsDefault: boolean): PolicyVersion {
    const policy = this.customerPolicy(arn, 'CreatePolicyVersion');
    const checked = checkDocument(document, 'identity', 'policyDocument');
    if (documentSize(checked) > LIMITS.managedPolicySize) throw limitExceeded(`Cannot exceed quota for PolicySize: ${LIMITS.managedPolicySize}`);
    if (policy.Versions.length >= LIMITS.versionsPerPolicy) {
      throw limitExceeded(`A managed policy can have up to ${LIMITS.versionsPerPolicy} versions. Before you create a new version, you must delete an existing version.`);
    }
    const version: PolicyVersion = { VersionId: `v${policy.NextVersion++}`, Document: checked, IsDefaultVersion: false, CreateDate: now() };
    policy.Versions.push(version);
    if (setAsDefault) this.setDefaultPolicyVersion(policy.Arn, version.VersionId);
    return version;
  }

  getPolicyVersion(arn: string | undefined, versionId: string | undefined): PolicyVersion {
    const policy = this.policy(arn);
    const id = required(versionId, 'versionId');
    if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(id)) {
      throw validationError(`1 validation error detected: Value '${id}' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?`);
    }
    const version = policy.Versions.find((v) => v.VersionId === id);
    if (!version) throw noSuchEntity(`Policy ${policy.Arn} version ${id} does not exist or is not attachable.`);
    return version;
  }

  deletePolicyVersion(arn: string | undefined, versionId: string | undefined): void {
    const policy = this.customerPolicy(arn, 'DeletePolicyVersion');
    const version = this.getPolicyVersion(arn, versionId);
    if (version.IsDefaultVersion) throw deleteConflict('Cannot delete the default version of a policy.');
    policy.Versions = policy.Versions.filter((v) => v !== version);
  }

  setDefaultPolicyVersion(arn: string | undefined, versionId: string | undefined): void {
    const policy = this.customerPolicy(arn, 'SetDefaultPolicyVersion');
    const version = this.getPolicyVersion(arn, versionId);
    for (const v of policy.Versions) v.IsDefaultVersion = v === version;
    policy.DefaultVersionId = version.VersionId;
    policy.UpdateDate = now();
  }

  tagPolicy(arn: string | undefined, tags: Tag[]): void {
    const policy = this.customerPolicy(arn, 'TagPolicy');
    policy.Tags = mergeTags(policy.Tags, tags);
  }

  untagPolicy(arn: string | undefined, keys: string[]): void {
    const policy = this.customerPolicy(arn, 'UntagPolicy');
    const removed = new Set(keys.map((k) => k.toLowerCase()));
    policy.Tags = policy.Tags.filter((t) => !removed.has(t.Key.toLowerCase()));
  }

  attachRolePolicy(name: string | undefined, arn: string | undefined): void {
    const role = this.getRole(name);
    const policy = this.policy(arn, (a) => noSuchEntity(`Policy ${a} does not exist or is not attachable.`));
    if (role.Attached.includes(policy.Arn)) return;
    if (role.Attached.length >= LIMITS.managedPoliciesPerRole) throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${LIMITS.managedPoliciesPerRole}`);
    role.Attached.push(policy.Arn);
  }

  detachRolePolicy(name: string | undefined, arn: string | undefined): void {
    const role = this.getRole(name);
    const policyArn = required(arn, 'policyArn');
    if (!role.Attached.includes(policyArn)) throw noSuchEntity(`Policy ${policyArn} was not found.`);
    role.Attached = role.Attached.filter((a) => a !== policyArn);
  }

  /** GetAccountSummary's map: IAM's usage counts and default quotas. */
  summary(): Record<string, number> {
    const customer = this.customerPolicies();
    return {
      Roles: Object.keys(this.state.roles).length,
      RolesQuota: LIMITS.roles,
      Policies: customer.length,
      PoliciesQuota: LIMITS.customerManagedPolicies,
      PolicyVersionsInUse: customer.reduce((n, p) => n + p.Versions.length, 0),
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: LIMITS.versionsPerPolicy,
      AttachedPoliciesPerRoleQuota: LIMITS.managedPoliciesPerRole,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      PolicySizeQuota: LIMITS.managedPolicySize,
      AssumeRolePolicySizeQuota: LIMITS.roleTrustPolicySize,
      RolePolicySizeQuota: LIMITS.inlinePoliciesPerRoleSize,
      Users: 0,
      UsersQuota: 5000,
      Groups: 0,
      GroupsQuota: 300,
      InstanceProfiles: 0,
      InstanceProfilesQuota: 1000,
      AccountMFAEnabled: 0,
    };
  }
}

/** IAM lists in name order, case-insensitively. */
function compare(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
