import { randomBytes } from 'crypto';
import { applyEdits, findNodeAtLocation, JSONPath, modify, Node, parseTree } from 'jsonc-parser';
import managed from './managedPolicies.json';
import {
  AwsError, checkArn, checkDescription, checkDocument, checkExistingName, checkMaxSessionDuration, checkName, checkPath, checkPathPrefix,
  deleteConflict, documentSize, entityAlreadyExists, invalidInput, LIMITS, limitExceeded, malformed, mergeTags, noSuchEntity, required, Tag,
  validationError,
} from './validation';

/** One version of a managed policy; Document is the JSON text as it was sent. */
export interface PolicyVersion { VersionId: string; Document: string; IsDefaultVersion: boolean; CreateDate: string }
/** A managed policy: AWS's (AwsManaged, not changeable) or the account's own. */
export interface ManagedPolicy {
  PolicyName: string; PolicyId: string; Arn: string; Path: string; Description?: string; CreateDate: string; UpdateDate: string;
  DefaultVersionId: string; Versions: PolicyVersion[]; NextVersion: number; Tags: Tag[]; AwsManaged: boolean;
}
/**
 * A role: its inline policies by name, its attached managed policies by ARN, when and where it was
 * last assumed, and the roles its trust policy names, by ARN, with the unique id each had then.
 */
export interface Role {
  RoleName: string; RoleId: string; Arn: string; Path: string; Description?: string; MaxSessionDuration: number; CreateDate: string;
  AssumeRolePolicyDocument: string; Tags: Tag[]; PermissionsBoundary?: string; InlinePolicies: Map<string, string>; Attached: string[];
  LastUsed?: { LastUsedDate: string; Region: string };
  TrustedRoles: Map<string, string>;
}
/** An instance profile: the role it holds, by lower-case name (IAM allows one). */
export interface InstanceProfile {
  InstanceProfileName: string; InstanceProfileId: string; Arn: string; Path: string; CreateDate: string; Roles: string[]; Tags: Tag[];
}
/** An OpenID Connect identity provider; Url without its `https://`, as IAM keeps and returns it. */
export interface OidcProvider { Url: string; Arn: string; ClientIDList: string[]; ThumbprintList: string[]; CreateDate: string; Tags: Tag[] }
/** An image in a repository: its manifest, by digest, and its tags. */
export interface Image {
  imageDigest: string; imageTags: string[]; imageManifest: string; imageManifestMediaType: string; imagePushedAt: number; imageSizeInBytes: number;
}
/** An ECR repository (createdAt in seconds since the epoch, as ECR's JSON has it). */
export interface Repository {
  repositoryName: string; repositoryArn: string; createdAt: number; policyText?: string; imageTagMutability: string; images: Image[];
}

/**
 * Everything the sandbox account holds. Every lookup by a name a client gave is a Map: roles and
 * instance profiles by lower-case name (IAM's names are case-insensitive), policies and OIDC providers
 * by ARN, repositories by name.
 */
export interface AccountState {
  accountId: string;
  roles: Map<string, Role>;
  policies: Map<string, ManagedPolicy>;
  repositories: Map<string, Repository>;
  instanceProfiles: Map<string, InstanceProfile>;
  oidcProviders: Map<string, OidcProvider>;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
/** IAM's unique ids: a type prefix and 17 upper-case letters and digits. */
const uniqueId = (prefix: string) => prefix + randomBytes(16).toString('hex').toUpperCase().slice(0, 17);

/** A new account holding the AWS managed policies of managedPolicies.json, with their real documents and version ids. */
export function newAccount(accountId = '123456789012'): AccountState {
  const policies = new Map<string, ManagedPolicy>();
  const date = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
  for (const p of managed as { name: string; arn: string; versionId: string; created: string; updated: string; document: unknown }[]) {
    policies.set(p.arn, {
      PolicyName: p.name, PolicyId: uniqueId('ANPA'), Arn: p.arn, Path: p.arn.slice('arn:aws:iam::aws:policy'.length, -p.name.length),
      CreateDate: date(p.created), UpdateDate: date(p.updated), DefaultVersionId: p.versionId, NextVersion: Number(p.versionId.slice(1)) + 1,
      Tags: [], AwsManaged: true,
      Versions: [{ VersionId: p.versionId, Document: JSON.stringify(p.document), IsDefaultVersion: true, CreateDate: date(p.updated) }],
    });
  }
  return { accountId, roles: new Map(), policies, repositories: new Map(), instanceProfiles: new Map(), oidcProviders: new Map() };
}

type Json = Record<string, unknown>;
/** An object of the state file as a Map (own keys only: `__proto__` or `constructor` is a name like any other). */
const toMap = <T>(value: unknown): Map<string, T> => new Map(Object.entries((value ?? {}) as Record<string, T>));
/** A Map as an object of the state file; Object.fromEntries defines `__proto__` as an own key. */
const fromMap = <T>(map: Map<string, T>, each: (v: T) => unknown = (v) => v) => Object.fromEntries([...map].map(([k, v]) => [k, each(v)]));

/** The state as the JSON text of the state file. */
export function serializeState(state: AccountState): string {
  return JSON.stringify({
    accountId: state.accountId,
    roles: fromMap(state.roles, (r) => ({ ...r, InlinePolicies: fromMap(r.InlinePolicies), TrustedRoles: fromMap(r.TrustedRoles) })),
    policies: fromMap(state.policies),
    repositories: fromMap(state.repositories),
    instanceProfiles: fromMap(state.instanceProfiles),
    oidcProviders: fromMap(state.oidcProviders),
  });
}

/**
 * The state in a state file's JSON text, also one an older sandbox wrote (without instance profiles,
 * providers or images). AWS managed policies this version knows and the file lacks are added.
 * Throws an Error when the text is not JSON or not a sandbox state.
 */
export function parseState(text: string): AccountState {
  const json = JSON.parse(text) as Json | null;
  if (typeof json?.accountId !== 'string' || typeof json.roles !== 'object' || typeof json.policies !== 'object') throw new Error('not a sandbox state');
  const state: AccountState = {
    accountId: json.accountId,
    roles: new Map([...toMap<Json>(json.roles)].map(([k, r]) => [k, {
      ...r, InlinePolicies: toMap<string>(r.InlinePolicies), TrustedRoles: toMap<string>(r.TrustedRoles),
    } as unknown as Role])),
    policies: toMap<ManagedPolicy>(json.policies),
    repositories: new Map([...toMap<Repository>(json.repositories)].map(([k, r]) => [k, { ...r, images: r.images ?? [] }])),
    instanceProfiles: toMap<InstanceProfile>(json.instanceProfiles),
    oidcProviders: toMap<OidcProvider>(json.oidcProviders),
  };
  for (const [arn, policy] of newAccount(state.accountId).policies) if (!state.policies.has(arn)) state.policies.set(arn, policy);
  return state;
}

/** How the account behaves where AWS is eventually consistent. */
export interface Consistency {
  /** Milliseconds after its creation during which a role or managed policy cannot be named as a principal, assumed or attached. */
  delayMs: number;
  /** The clock, in milliseconds (tests pass their own). */
  now: () => number;
}

/** The IAM operations of the sandbox account, with IAM's validations, errors and quotas. */
export class Account {
  /** When each role or policy created in this run becomes visible as a principal, by ARN. */
  private readonly visibleAt = new Map<string, number>();

  constructor(readonly state: AccountState, private readonly consistency: Consistency = { delayMs: 0, now: Date.now }) {}

  /** The ARN the sandbox's caller has (STS GetCallerIdentity). */
  get callerArn(): string {
    return `arn:aws:iam::${this.state.accountId}:user/sandbox`;
  }

  /** Whether a role or policy created `delayMs` ago or earlier: before that, IAM's other readers do not see it yet. */
  isVisible(arn: string): boolean {
    const at = this.visibleAt.get(arn);
    if (at === undefined) return true;
    if (this.consistency.now() < at) return false;
    this.visibleAt.delete(arn);
    return true;
  }

  private created(arn: string): void {
    if (this.consistency.delayMs > 0) this.visibleAt.set(arn, this.consistency.now() + this.consistency.delayMs);
  }

  getRole(name: string | undefined): Role {
    const roleName = checkExistingName(name, 'roleName');
    const role = this.state.roles.get(roleName.toLowerCase());
    if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
    return role;
  }

  /** The role of this account with this ARN, if there is one. */
  roleByArn(arn: string): Role | undefined {
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
    const role = match && match[1] === this.state.accountId ? this.state.roles.get(match[2].toLowerCase()) : undefined;
    return role?.Arn === arn ? role : undefined;
  }

  /** A managed policy by ARN; `notFound` words the error as the calling operation does. */
  policy(arn: string | undefined, notFound: (arn: string) => AwsError = (a) => noSuchEntity(`Policy ${a} was not found.`)): ManagedPolicy {
    const policyArn = checkArn(arn, 'policyArn');
    const policy = this.state.policies.get(policyArn);
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

  /** A policy to attach or use as a boundary: one created a moment ago is not attachable yet. */
  private attachable(arn: string | undefined, notFound: (arn: string) => AwsError): ManagedPolicy {
    const policy = this.policy(arn, notFound);
    if (!this.isVisible(policy.Arn)) throw notFound(policy.Arn);
    return policy;
  }

  private boundary(arn: string | undefined): string {
    return this.attachable(arn, (a) => noSuchEntity(`Scope ARN: ${a} does not exist or is not attachable.`)).Arn;
  }

  /**
   * A trust policy's role principals of this account, each with its unique id: a role that does not
   * exist (or was created a moment ago) is an invalid principal, as IAM answers.
   */
  private trustedRoles(document: string): Map<string, string> {
    const trusted = new Map<string, string>();
    for (const arn of awsPrincipals(document)) {
      if (!arn.startsWith(`arn:aws:iam::${this.state.accountId}:role/`)) continue;
      const role = this.roleByArn(arn);
      if (!role || !this.isVisible(role.Arn)) throw malformed(`Invalid principal in policy: "AWS":"${arn}"`);
      trusted.set(arn, role.RoleId);
    }
    return trusted;
  }

  /**
   * A role's trust policy as IAM shows it: a role principal whose role was deleted since (or deleted
   * and created again) is shown as the unique id the old role had, for IAM keeps principals by id.
   */
  trustPolicyOf(role: Role): string {
    let text = role.AssumeRolePolicyDocument;
    for (const [arn, id] of role.TrustedRoles) {
      if (this.roleByArn(arn)?.RoleId === id) continue;
      text = replacePrincipal(text, arn, id);
    }
    return text;
  }

  createRole(p: { RoleName?: string; Path?: string; AssumeRolePolicyDocument?: string; Description?: string; MaxSessionDuration?: string; PermissionsBoundary?: string; Tags: Tag[] }): Role {
    const name = checkName(p.RoleName, 'roleName', 64);
    const path = checkPath(p.Path);
    const document = checkDocument(p.AssumeRolePolicyDocument, 'trust', 'assumeRolePolicyDocument');
    const description = checkDescription(p.Description);
    const duration = checkMaxSessionDuration(p.MaxSessionDuration) ?? 3600;
    const tags = mergeTags([], p.Tags);
    if (this.state.roles.has(name.toLowerCase())) throw entityAlreadyExists(`Role with name ${name} already exists.`);
    if (documentSize(document) > LIMITS.roleTrustPolicySize) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${LIMITS.roleTrustPolicySize}`);
    const trusted = this.trustedRoles(document);
    const boundary = p.PermissionsBoundary === undefined ? undefined : this.boundary(p.PermissionsBoundary);
    if (this.state.roles.size >= LIMITS.roles) throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${LIMITS.roles}`);
    const role: Role = {
      RoleName: name, RoleId: uniqueId('AROA'), Arn: `arn:aws:iam::${this.state.accountId}:role${path}${name}`, Path: path,
      Description: description, MaxSessionDuration: duration, CreateDate: now(), AssumeRolePolicyDocument: document, Tags: tags,
      PermissionsBoundary: boundary, InlinePolicies: new Map(), Attached: [], TrustedRoles: trusted,
    };
    this.state.roles.set(name.toLowerCase(), role);
    this.created(role.Arn);
    return role;
  }

  /** Roles whose path starts with `pathPrefix`, sorted by name. */
  listRoles(pathPrefix: string | undefined): Role[] {
    const prefix = checkPathPrefix(pathPrefix);
    return [...this.state.roles.values()].filter((r) => r.Path.startsWith(prefix)).sort((a, b) => compare(a.RoleName, b.RoleName));
  }

  deleteRole(name: string | undefined): void {
    const role = this.getRole(name);
    if (this.instanceProfilesOf(role).length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    if (role.Attached.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (role.InlinePolicies.size > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    this.state.roles.delete(role.RoleName.toLowerCase());
  }

  updateAssumeRolePolicy(name: string | undefined, document: string | undefined): void {
    const role = this.getRole(name);
    const checked = checkDocument(document, 'trust', 'policyDocument');
    if (documentSize(checked) > LIMITS.roleTrustPolicySize) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${LIMITS.roleTrustPolicySize}`);
    role.TrustedRoles = this.trustedRoles(checked);
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

  /** Records that the role was assumed now, from `region` (GetRole's RoleLastUsed). */
  roleUsed(role: Role, region: string): void {
    role.LastUsed = { LastUsedDate: now(), Region: region };
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
    const others = [...role.InlinePolicies].filter(([n]) => n !== pn).reduce((sum, [, d]) => sum + documentSize(d), 0);
    if (others + documentSize(checked) > LIMITS.inlinePoliciesPerRoleSize) {
      throw limitExceeded(`Maximum policy size of ${LIMITS.inlinePoliciesPerRoleSize} bytes exceeded for role ${role.RoleName}`);
    }
    role.InlinePolicies.set(pn, checked);
  }

  getRolePolicy(name: string | undefined, policyName: string | undefined): string {
    const role = this.getRole(name);
    const pn = checkExistingName(policyName, 'policyName');
    const document = role.InlinePolicies.get(pn);
    if (document === undefined) throw noSuchEntity(`The role policy with name ${pn} cannot be found.`);
    return document;
  }

  deleteRolePolicy(name: string | undefined, policyName: string | undefined): void {
    this.getRolePolicy(name, policyName);
    this.getRole(name).InlinePolicies.delete(policyName!);
  }

  listRolePolicies(name: string | undefined): string[] {
    return [...this.getRole(name).InlinePolicies.keys()].sort(compare);
  }

  createPolicy(p: { PolicyName?: string; Path?: string; PolicyDocument?: string; Description?: string; Tags: Tag[] }): ManagedPolicy {
    const name = checkName(p.PolicyName, 'policyName', 128);
    const path = checkPath(p.Path);
    const document = checkDocument(p.PolicyDocument, 'identity', 'policyDocument');
    checkDescription(p.Description);
    const tags = mergeTags([], p.Tags);
    if (this.customerPolicies().some((x) => x.PolicyName.toLowerCase() === name.toLowerCase())) {
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
    this.state.policies.set(policy.Arn, policy);
    this.created(policy.Arn);
    return policy;
  }

  deletePolicy(arn: string | undefined): void {
    const policy = this.customerPolicy(arn, 'DeletePolicy');
    if (this.attachmentCount(policy.Arn) > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.Versions.length > 1) {
      throw deleteConflict('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    }
    this.state.policies.delete(policy.Arn);
  }

  /** Roles the policy is attached to. */
  attachmentCount(arn: string): number {
    return this.rolesAttachedTo(arn).length;
  }

  /** Roles the policy is a permissions boundary of. */
  boundaryUsageCount(arn: string): number {
    return [...this.state.roles.values()].filter((r) => r.PermissionsBoundary === arn).length;
  }

  rolesAttachedTo(arn: string): Role[] {
    return [...this.state.roles.values()].filter((r) => r.Attached.includes(arn)).sort((a, b) => compare(a.RoleName, b.RoleName));
  }

  /** ListPolicies: by scope (All, AWS, Local), path prefix and attachment, sorted by name. */
  listPolicies(scope: string | undefined, pathPrefix: string | undefined, onlyAttached: boolean): ManagedPolicy[] {
    const sc = scope ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(sc)) {
      throw validationError(`1 validation error detected: Value '${sc}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`);
    }
    const prefix = checkPathPrefix(pathPrefix);
    return [...this.state.policies.values()]
      .filter((p) => sc === 'All' || (sc === 'AWS') === p.AwsManaged)
      .filter((p) => p.Path.startsWith(prefix))
      .filter((p) => !onlyAttached || this.attachmentCount(p.Arn) > 0)
      .sort((a, b) => compare(a.PolicyName, b.PolicyName));
  }

  private customerPolicies(): ManagedPolicy[] {
    return [...this.state.policies.values()].filter((p) => !p.AwsManaged);
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
    const policy = this.attachable(arn, (a) => noSuchEntity(`Policy ${a} does not exist or is not attachable.`));
    if (role.Attached.includes(policy.Arn)) return;
    if (role.Attached.length >= LIMITS.managedPoliciesPerRole) throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${LIMITS.managedPoliciesPerRole}`);
    role.Attached.push(policy.Arn);
  }

  detachRolePolicy(name: string | undefined, arn: string | undefined): void {
    const role = this.getRole(name);
    const policyArn = checkArn(arn, 'policyArn');
    if (!role.Attached.includes(policyArn)) throw noSuchEntity(`Policy ${policyArn} was not found.`);
    role.Attached = role.Attached.filter((a) => a !== policyArn);
  }

  createInstanceProfile(p: { InstanceProfileName?: string; Path?: string; Tags: Tag[] }): InstanceProfile {
    const name = checkName(p.InstanceProfileName, 'instanceProfileName', 128);
    const path = checkPath(p.Path);
    const tags = mergeTags([], p.Tags);
    if (this.state.instanceProfiles.has(name.toLowerCase())) throw entityAlreadyExists(`Instance Profile ${name} already exists.`);
    if (this.state.instanceProfiles.size >= LIMITS.instanceProfiles) {
      throw limitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${LIMITS.instanceProfiles}`);
    }
    const profile: InstanceProfile = {
      InstanceProfileName: name, InstanceProfileId: uniqueId('AIPA'), Arn: `arn:aws:iam::${this.state.accountId}:instance-profile${path}${name}`,
      Path: path, CreateDate: now(), Roles: [], Tags: tags,
    };
    this.state.instanceProfiles.set(name.toLowerCase(), profile);
    return profile;
  }

  getInstanceProfile(name: string | undefined): InstanceProfile {
    const profileName = checkExistingName(name, 'instanceProfileName');
    const profile = this.state.instanceProfiles.get(profileName.toLowerCase());
    if (!profile) throw noSuchEntity(`Instance Profile ${profileName} cannot be found.`);
    return profile;
  }

  /** The roles an instance profile holds. */
  rolesOf(profile: InstanceProfile): Role[] {
    return profile.Roles.map((key) => this.state.roles.get(key)).filter((r): r is Role => r !== undefined);
  }

  deleteInstanceProfile(name: string | undefined): void {
    const profile = this.getInstanceProfile(name);
    if (profile.Roles.length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    this.state.instanceProfiles.delete(profile.InstanceProfileName.toLowerCase());
  }

  addRoleToInstanceProfile(profileName: string | undefined, roleName: string | undefined): void {
    const profile = this.getInstanceProfile(profileName);
    const role = this.getRole(roleName);
    if (profile.Roles.length >= LIMITS.rolesPerInstanceProfile) {
      throw limitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${LIMITS.rolesPerInstanceProfile}`);
    }
    profile.Roles.push(role.RoleName.toLowerCase());
  }

  removeRoleFromInstanceProfile(profileName: string | undefined, roleName: string | undefined): void {
    const profile = this.getInstanceProfile(profileName);
    const role = this.getRole(roleName);
    const key = role.RoleName.toLowerCase();
    if (!profile.Roles.includes(key)) throw noSuchEntity(`The role with name ${role.RoleName} cannot be found in instance profile ${profile.InstanceProfileName}.`);
    profile.Roles = profile.Roles.filter((r) => r !== key);
  }

  /** The instance profiles that hold the role, sorted by name. */
  instanceProfilesOf(role: Role): InstanceProfile[] {
    const key = role.RoleName.toLowerCase();
    return [...this.state.instanceProfiles.values()].filter((p) => p.Roles.includes(key)).sort((a, b) => compare(a.InstanceProfileName, b.InstanceProfileName));
  }

  /** ListInstanceProfiles: by path prefix, sorted by name. */
  listInstanceProfiles(pathPrefix: string | undefined): InstanceProfile[] {
    const prefix = checkPathPrefix(pathPrefix);
    return [...this.state.instanceProfiles.values()].filter((p) => p.Path.startsWith(prefix)).sort((a, b) => compare(a.InstanceProfileName, b.InstanceProfileName));
  }

  createOpenIdConnectProvider(url: string | undefined, clientIds: string[], thumbprints: string[], tags: Tag[]): OidcProvider {
    const given = required(url, 'url');
    if (given.length < 1 || given.length > 255) {
      throw validationError(`1 validation error detected: Value '${given}' at 'url' failed to satisfy constraint: Member must have length ${given.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 255'}`);
    }
    let parsed: URL | undefined;
    try {
      parsed = new URL(given);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.protocol !== 'https:' || parsed.search || parsed.hash || parsed.port || parsed.username) throw validationError('Invalid Open ID Connect Provider URL');
    for (const id of clientIds) {
      if (id.length < 1 || id.length > 255) {
        throw validationError(`1 validation error detected: Value '[${clientIds.join(', ')}]' at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]`);
      }
    }
    for (const thumbprint of thumbprints) {
      if (thumbprint.length !== 40) {
        throw validationError(`1 validation error detected: Value '[${thumbprints.join(', ')}]' at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]`);
      }
    }
    if (thumbprints.length > LIMITS.thumbprintsPerOpenIdConnectProvider) throw invalidInput('Thumbprint list must contain fewer than 5 entries.');
    if (clientIds.length > LIMITS.clientIdsPerOpenIdConnectProvider) {
      throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${LIMITS.clientIdsPerOpenIdConnectProvider}`);
    }
    const checkedTags = mergeTags([], tags);
    // IAM keeps the host and path, without the scheme or a trailing slash.
    const key = given.slice('https://'.length).replace(/\/+$/, '');
    const arn = `arn:aws:iam::${this.state.accountId}:oidc-provider/${key}`;
    if (this.state.oidcProviders.has(arn)) throw entityAlreadyExists(`Provider with url ${given} already exists.`);
    if (this.state.oidcProviders.size >= LIMITS.openIdConnectProviders) {
      throw limitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${LIMITS.openIdConnectProviders}`);
    }
    const provider: OidcProvider = { Url: key, Arn: arn, ClientIDList: [...new Set(clientIds)], ThumbprintList: thumbprints, CreateDate: now(), Tags: checkedTags };
    this.state.oidcProviders.set(arn, provider);
    return provider;
  }

  getOpenIdConnectProvider(arn: string | undefined): OidcProvider {
    const providerArn = checkArn(arn, 'openIDConnectProviderArn');
    const provider = this.state.oidcProviders.get(providerArn);
    if (!provider) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${providerArn}`);
    return provider;
  }

  deleteOpenIdConnectProvider(arn: string | undefined): void {
    this.state.oidcProviders.delete(this.getOpenIdConnectProvider(arn).Arn);
  }

  /** The OIDC providers, sorted by ARN. */
  listOpenIdConnectProviders(): OidcProvider[] {
    return [...this.state.oidcProviders.values()].sort((a, b) => compare(a.Arn, b.Arn));
  }

  /** GetAccountSummary's map: IAM's usage counts and default quotas. */
  summary(): Record<string, number> {
    const customer = this.customerPolicies();
    return {
      Roles: this.state.roles.size,
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
      InstanceProfiles: this.state.instanceProfiles.size,
      InstanceProfilesQuota: LIMITS.instanceProfiles,
      Providers: this.state.oidcProviders.size,
      AccountMFAEnabled: 0,
    };
  }
}

/** The statements of a parsed policy document's tree (one object or an array of them). */
function statementNodes(root: Node | undefined): Node[] {
  const statement = root && findNodeAtLocation(root, ['Statement']);
  if (!statement) return [];
  return statement.type === 'array' ? statement.children ?? [] : [statement];
}

/** The strings of every statement's Principal.AWS (a string or an array) in a trust policy already checked as JSON. */
function awsPrincipals(document: string): string[] {
  const found: string[] = [];
  for (const statement of statementNodes(parseTree(document))) {
    const aws = findNodeAtLocation(statement, ['Principal', 'AWS']);
    for (const node of aws?.type === 'array' ? aws.children ?? [] : aws ? [aws] : []) if (node.type === 'string') found.push(node.value as string);
  }
  return found;
}

/** The document with `arn` replaced by `id` wherever it is a Principal.AWS value; the rest of the text stays as it was. */
function replacePrincipal(document: string, arn: string, id: string): string {
  const root = parseTree(document);
  const several = root && findNodeAtLocation(root, ['Statement'])?.type === 'array';
  const paths: JSONPath[] = [];
  statementNodes(root).forEach((statement, i) => {
    const base: JSONPath = several ? ['Statement', i, 'Principal', 'AWS'] : ['Statement', 'Principal', 'AWS'];
    const aws = findNodeAtLocation(statement, ['Principal', 'AWS']);
    if (aws?.type === 'string' && aws.value === arn) paths.push(base);
    aws?.children?.forEach((node, j) => {
      if (aws.type === 'array' && node.type === 'string' && node.value === arn) paths.push([...base, j]);
    });
  });
  return paths.reduce((text, path) => applyEdits(text, modify(text, path, id, {})), document);
}

/** IAM lists in name order, case-insensitively. */
function compare(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
