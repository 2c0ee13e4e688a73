/**
 * What the language service reports: findings with a stable code, a severity, an exact range as
 * offsets into the checked text, and quick fixes expressed as text edits. Shared by every check,
 * the language server and the CLI.
 */

/** Access Analyzer's severities. `securityWarning` is shown as a warning, `suggestion` as information. */
export type Severity = 'error' | 'securityWarning' | 'warning' | 'suggestion';

/** Replace `length` characters at `offset` with `newText` (offsets into the text that was checked). */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

/** One obvious edit that resolves a finding. */
export interface Fix {
  /** Imperative title for the code action, e.g. `Change to "ecr:InitiateLayerUpload"`. */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** True when this is the fix to apply on "fix all"/auto-fix. */
  readonly isPreferred?: boolean;
}

export interface Finding {
  /** Stable code; Access Analyzer's where it has one (`INVALID_ACTION`, `MISSING_VERSION`, ...). */
  readonly code: string;
  readonly severity: Severity;
  /** Names the thing first (the Problems panel cuts long rows), then says what is wrong and what to do. */
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  readonly fixes: readonly Fix[];
  /**
   * Set only when the finding belongs to another file than the one checked (a role manifest's
   * referenced `./x.policy.json`): the absolute path of that file; offsets are then into its text.
   */
  readonly file?: string;
}
