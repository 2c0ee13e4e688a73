import { Severity } from './findings';

/** The constant `source` of every finding, as shown in the Problems panel. */
export const SOURCE = 'IAM Author';

const AA_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const OUR_DOC = 'https://github.com/iam-author/iam-author/blob/main/README.md';

interface CodeInfo {
  readonly severity: Severity;
  /** True for Access Analyzer's own codes (their documentation is AWS's). */
  readonly accessAnalyzer: boolean;
}

const aa = (severity: Severity): CodeInfo => ({ severity, accessAnalyzer: true });
const ours = (severity: Severity): CodeInfo => ({ severity, accessAnalyzer: false });

/**
 * Every finding code with its default severity. Access Analyzer's codes keep its spelling and
 * severity, so a user who knows one knows the other; ours cover what it has no code for.
 */
export const CODES = {
  // Grammar
  JSON_SYNTAX_ERROR: aa('error'),
  DUPLICATE_KEY: ours('error'),
  INVALID_POLICY_ELEMENT: aa('error'),
  DATA_TYPE_MISMATCH: aa('error'),
  MISSING_STATEMENT: aa('error'),
  MISSING_VERSION: aa('warning'),
  INVALID_VERSION: aa('error'),
  VARIABLE_UNSUPPORTED_IN_VERSION: aa('error'),
  MISSING_EFFECT: aa('error'),
  INVALID_EFFECT: aa('error'),
  MISSING_ACTION: aa('error'),
  MISSING_RESOURCE: aa('error'),
  MISSING_PRINCIPAL: aa('error'),
  UNSUPPORTED_PRINCIPAL: aa('error'),
  UNSUPPORTED_ELEMENT_COMBINATION: aa('error'),
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: aa('error'),
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: aa('error'),
  UNSUPPORTED_SID: aa('error'),
  EMPTY_SID_VALUE: aa('suggestion'),
  UNIQUE_SIDS_REQUIRED: aa('error'),
  UNIQUE_SIDS_RECOMMENDED: aa('warning'),
  EMPTY_ARRAY_ACTION: aa('suggestion'),
  EMPTY_ARRAY_RESOURCE: aa('suggestion'),
  EMPTY_ARRAY_PRINCIPAL: aa('suggestion'),
  EMPTY_OBJECT_PRINCIPAL: aa('suggestion'),
  EMPTY_OBJECT_CONDITION: aa('suggestion'),
  EMPTY_ARRAY_CONDITION: aa('suggestion'),
  DOCUMENT_TOO_LARGE: ours('warning'),
  // Policy variables and template placeholders
  TEMPLATE_PLACEHOLDER: ours('error'),
  MISSING_BRACE_IN_VARIABLE: aa('error'),
  EMPTY_VARIABLE: aa('error'),
  UNSUPPORTED_SPACE_IN_VARIABLE: aa('error'),
  VARIABLE_UNSUPPORTED_IN_ELEMENT: aa('error'),
  // Actions
  INVALID_ACTION: aa('error'),
  INVALID_SERVICE_IN_ACTION: aa('error'),
  ACTION_WILDCARD_MATCHES_NOTHING: ours('error'),
  WILDCARD_IN_SERVICE_NAME: aa('suggestion'),
  RETIRED_SERVICE: ours('suggestion'),
  // Resources
  INVALID_ARN_PREFIX: aa('error'),
  MISSING_ARN_FIELD: aa('error'),
  INVALID_PARTITION: aa('error'),
  INVALID_SERVICE: aa('error'),
  INVALID_ARN_SERVICE_CASE: aa('error'),
  INVALID_ARN_REGION: aa('error'),
  INVALID_ARN_ACCOUNT: aa('error'),
  ARN_REGION_NOT_ALLOWED: aa('error'),
  ARN_ACCOUNT_NOT_ALLOWED: aa('error'),
  MISSING_ARN_REGION: aa('error'),
  INVALID_ARN_RESOURCE: aa('error'),
  RESOURCE_TYPE_MISMATCH: ours('suggestion'),
  ACTION_REQUIRES_WILDCARD_RESOURCE: ours('warning'),
  // Conditions
  INVALID_CONDITION_OPERATOR: aa('error'),
  NULL_WITH_IF_EXISTS: aa('error'),
  NULL_WITH_QUALIFIER: aa('suggestion'),
  INVALID_CONDITION_KEY_FORMAT: aa('error'),
  INVALID_GLOBAL_CONDITION_KEY: aa('error'),
  INVALID_SERVICE_CONDITION_KEY: aa('error'),
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: aa('error'),
  CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS: ours('suggestion'),
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: aa('securityWarning'),
  FORANYVALUE_WITH_SINGLE_VALUED_KEY: ours('suggestion'),
  MISSING_QUALIFIER: aa('error'),
  TYPE_MISMATCH: aa('warning'),
  TYPE_MISMATCH_BOOLEAN: aa('warning'),
  TYPE_MISMATCH_NUMBER: aa('warning'),
  TYPE_MISMATCH_DATE: aa('warning'),
  TYPE_MISMATCH_IP_RANGE: aa('warning'),
  TYPE_MISMATCH_ARN: ours('warning'),
  INVALID_CONDITION_MULTIPLE_BOOLEAN: aa('error'),
  WILDCARD_WITHOUT_LIKE_OPERATOR: aa('warning'),
  INVALID_VARIABLE_FOR_OPERATOR: aa('error'),
  // Principals and trust
  INVALID_PRINCIPAL_FORMAT: aa('error'),
  INVALID_PRINCIPAL_KEY: aa('error'),
  INVALID_SERVICE_PRINCIPAL_FORMAT: aa('error'),
  UNKNOWN_SERVICE_PRINCIPAL: ours('warning'),
  INVALID_AWS_PRINCIPAL: ours('error'),
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: aa('error'),
  TRUST_ANYONE: ours('error'),
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: aa('securityWarning'),
  MISSING_GITHUB_REPO_CONDITION_KEY: aa('securityWarning'),
  // Security
  PASS_ROLE_WITH_STAR_IN_RESOURCE: aa('securityWarning'),
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: aa('securityWarning'),
  PASS_ROLE_WITH_NOT_RESOURCE: aa('securityWarning'),
  ALLOW_WITH_NOT_PRINCIPAL: aa('securityWarning'),
  ALLOW_WITH_NOT_ACTION: ours('securityWarning'),
  ALLOW_WITH_NOT_RESOURCE: ours('securityWarning'),
  FULL_ADMIN_ACCESS: ours('securityWarning'),
  // Size
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: aa('error'),
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: aa('error'),
  INLINE_POLICIES_SIZE_EXCEEDS_QUOTA: ours('error'),
  // Role manifests
  INVALID_ROLE_NAME: ours('error'),
  INVALID_ROLE_PATH: ours('error'),
  INVALID_DESCRIPTION: ours('error'),
  INVALID_SESSION_DURATION: ours('error'),
  INVALID_POLICY_NAME: ours('error'),
  DUPLICATE_POLICY_NAME: ours('error'),
  INVALID_TAG: ours('error'),
  TOO_MANY_TAGS: ours('error'),
  INVALID_POLICY_ARN: ours('error'),
  TOO_MANY_MANAGED_POLICIES: ours('warning'),
  MISSING_FILE: ours('error'),
  UNKNOWN_POLICY_NAME: ours('warning'),
  POLICY_DESCRIPTION_MISMATCH: ours('warning'),
  UNKNOWN_MANIFEST_PROPERTY: ours('error'),
} satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** The default severity of a code. */
export function defaultSeverity(code: Code): Severity {
  return CODES[code].severity;
}

const SEVERITY_ANCHOR: Record<Severity, string> = {
  error: 'error',
  securityWarning: 'security-warning',
  warning: 'general-warning',
  suggestion: 'suggestion',
};

/**
 * The documentation link of a code: AWS's Access Analyzer reference for its codes, the README's
 * table of finding codes for ours and for unknown codes.
 */
export function codeDocUrl(code: string): string {
  const info = (CODES as Record<string, CodeInfo>)[code];
  if (info?.accessAnalyzer) {
    return `${AA_DOC}#access-analyzer-reference-policy-checks-${SEVERITY_ANCHOR[info.severity]}-${code.toLowerCase().replace(/_/g, '-')}`;
  }
  return `${OUR_DOC}#finding-codes`;
}
