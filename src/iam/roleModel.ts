// One model of a role, shared by the manifest loader (iam/manifest.ts), the account reader
// (aws/roles.ts), normalisation (iam/normalize.ts), the diff (iam/diff.ts), apply and pull.
// Types only: the functions live with the feature that produces or consumes them.

/** A policy document as a plain JSON object: comments stripped, never URL-encoded. */
export type PolicyDocument = Record<string, unknown>;

/** Where a value came from: the file and the offsets of its text there (jsonc-parser offsets). */
export interface SourceRange {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/** A role tag. Keys are unique case-insensitively within a role. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** An inline policy embedded in the role. */
export interface InlinePolicy {
  readonly name: string;
  readonly document: PolicyDocument;
  /** The file the document was read from, when a manifest referred to one (absolute path). */
  readonly documentFile?: string;
}

/**
 * A customer managed policy the role owns (a manifest's `CustomerManagedPolicies`; for a deployed
 * role, every customer managed policy attached to it, with its default version's document).
 */
export interface CustomerManagedPolicy {
  readonly name: string;
  /** `/` unless a manifest or the account says otherwise. */
  readonly path: string;
  readonly description?: string;
  readonly document: PolicyDocument;
  /** The file the document was read from (absolute path), for a manifest that refers to one. */
  readonly documentFile?: string;
  /** The policy's ARN, when known (always for a deployed role). */
  readonly arn?: string;
  /** The deployed policy's default version id (`v3`), for apply's version handling. */
  readonly defaultVersionId?: string;
}

/** What only a deployed role has. */
export interface DeployedRoleFacts {
  readonly arn: string;
  readonly roleId: string;
  readonly createDate?: Date;
  readonly roleLastUsed?: { readonly date?: Date; readonly region?: string };
  /** Names of every instance profile that holds the role. */
  readonly instanceProfiles: readonly string[];
}

/**
 * A role with everything that defines it, whether loaded from a manifest and its documents or read
 * from an account. `sources` maps a property path (`RoleName`, `Policies/0/PolicyDocument`,
 * `Tags/2/Value`, ...) to where the manifest wrote it, so later errors (a diff, a failed apply step)
 * can point at the line they come from; it is empty for a deployed role.
 */
export interface RoleManifest {
  readonly roleName: string;
  /** `/` by default. */
  readonly path: string;
  readonly description?: string;
  /** 3600 by default. */
  readonly maxSessionDuration: number;
  readonly trustPolicy: PolicyDocument;
  /** Trust policy file (absolute), when the manifest refers to one. */
  readonly trustPolicyFile?: string;
  /** Managed policies attached but not owned: AWS managed, or customer managed policies named by ARN. */
  readonly managedPolicyArns: readonly string[];
  readonly customerManagedPolicies: readonly CustomerManagedPolicy[];
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly permissionsBoundary?: string;
  readonly tags: readonly Tag[];
  /** An instance profile of the role's name and path holds the role (EC2 roles). */
  readonly instanceProfile: boolean;
  /** Absolute path of the manifest file; undefined for a deployed role. */
  readonly file?: string;
  readonly sources: ReadonlyMap<string, SourceRange>;
  /** Present when the role was read from an account. */
  readonly deployed?: DeployedRoleFacts;
}
