// What a template is, for the command palette (editor/commands/), the CLI (`iam-author templates`,
// `iam-author new`) and the sample workspace. Pure: no vscode, no network, no file system.

/**
 * What a parameter holds, so that a front end can offer more than a text box: the connection's
 * account id and region as defaults, the account's ECR repositories as choices.
 */
export type ParameterKind =
  | 'accountId' | 'region' | 'ecrRepository' | 's3Bucket' | 'ecsCluster'
  | 'roleName' | 'policyName' | 'githubOwner' | 'githubRepository' | 'githubRef' | 'text';

/** One answer a template needs. */
export interface TemplateParameter {
  /** Stable name, used by `iam-author new --param name=value` (camelCase: `accountId`). */
  readonly name: string;
  readonly kind: ParameterKind;
  /** The question, as a user reads it: "AWS account id that owns the repository". */
  readonly prompt: string;
  /** Used when the user gives nothing; a front end may replace it with the connection's value. */
  readonly default: string;
  /** The rule in words, for `iam-author templates` and input box placeholders: "12 digits". */
  readonly rule: string;
  /** The problem with `value` in words (naming the value first), or undefined when it is valid. */
  validate(value: string): string | undefined;
}

/** A file a template writes: a path relative to the target folder (POSIX separators) and its text. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

/** A role, policy or trust policy from the workshops, one command away. */
export interface Template {
  /** Stable id for the CLI: `dev-ec2-role`, `read-ecr-policy`, `github-actions-trust`. */
  readonly id: string;
  readonly kind: 'role' | 'policy' | 'trust';
  readonly title: string;
  /** One line: what it grants or who it trusts. */
  readonly description: string;
  /** The tutorial it comes from, as the quick pick groups it ("Workshop 000: ECR and S3 for EC2"). */
  readonly tutorial: string;
  readonly parameters: readonly TemplateParameter[];
  /**
   * The files it writes for these answers (every parameter present and valid: callers validate
   * first). The main file (the manifest, or the policy) comes first. Shared policies are written
   * at the same path by every template that uses them, so that a second role reuses the first's file.
   */
  render(params: Readonly<Record<string, string>>): RenderedFile[];
}
