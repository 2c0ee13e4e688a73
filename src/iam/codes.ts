import { Severity } from './findings';

/** The constant `source` of every finding, as shown in the Problems panel. */
export const SOURCE = 'IAM Author';

const AA_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const USER_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';
/** A page of the IAM User Guide. */
const UG = (page: string) => `${USER_GUIDE}${page}`;
/** A page of the IAM API Reference, for the limits an API call enforces. */
const API = (page: string) => `https://docs.aws.amazon.com/IAM/latest/APIReference/${page}`;
/** The Service Authorization Reference: actions, resource types and condition keys of every service. */
const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html';
/** CloudFormation's AWS::IAM::Role, whose property names role manifests use. */
const CFN_ROLE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html';

/** What every code has: its default severity and a one-line title (SARIF rule names, code lists). */
export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
  /** Set for Access Analyzer's own codes: the section of AWS's reference that documents it. */
  readonly awsSection?: Severity;
  /** Set for IAM Author's own codes: the AWS documentation of the rule the code enforces. */
  readonly doc?: string;
}

const aa = (severity: Severity, title: string, awsSection: Severity = severity): CodeInfo => ({ severity, title, awsSection });
const ours = (severity: Severity, title: string, doc: string): CodeInfo => ({ severity, title, doc });

/**
 * Every finding code with its default severity and title. Access Analyzer's codes keep its spelling and
 * severity, so a user who knows one knows the other; ours cover what it has no code for. The two size
 * quotas are errors here although Access Analyzer files them as warnings: IAM refuses such a document,
 * so a deploy would fail.
 */
export const CODES = {
  // Grammar
  JSON_SYNTAX_ERROR: aa('error', 'JSON syntax error'),
  DUPLICATE_KEY: ours('error', 'Duplicate key', UG('reference_policies_grammar.html')),
  INVALID_POLICY_ELEMENT: aa('error', 'Unknown policy element'),
  DATA_TYPE_MISMATCH: aa('error', 'Value of the wrong JSON type'),
  MISSING_STATEMENT: aa('error', 'No statement'),
  MISSING_VERSION: aa('warning', 'No Version element'),
  INVALID_VERSION: aa('error', 'Invalid Version'),
  VARIABLE_UNSUPPORTED_IN_VERSION: aa('error', 'Policy variable needs Version 2012-10-17'),
  MISSING_EFFECT: aa('error', 'No Effect'),
  INVALID_EFFECT: aa('error', 'Effect is not Allow or Deny'),
  MISSING_ACTION: aa('error', 'No Action or NotAction'),
  MISSING_RESOURCE: aa('error', 'No Resource or NotResource'),
  MISSING_PRINCIPAL: aa('error', 'No Principal'),
  UNSUPPORTED_PRINCIPAL: aa('error', 'Principal in an identity policy'),
  UNSUPPORTED_ELEMENT_COMBINATION: aa('error', 'Element and its Not form together'),
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: aa('error', 'Resource in a trust policy'),
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: aa('error', 'NotPrincipal in a trust policy'),
  UNSUPPORTED_SID: aa('error', 'Sid with unsupported characters'),
  EMPTY_SID_VALUE: aa('suggestion', 'Empty Sid'),
  UNIQUE_SIDS_REQUIRED: aa('error', 'Duplicate Sid'),
  UNIQUE_SIDS_RECOMMENDED: aa('warning', 'Duplicate Sid'),
  EMPTY_ARRAY_ACTION: aa('suggestion', 'Empty Action'),
  EMPTY_ARRAY_RESOURCE: aa('suggestion', 'Empty Resource'),
  EMPTY_ARRAY_PRINCIPAL: aa('suggestion', 'Empty Principal array'),
  EMPTY_OBJECT_PRINCIPAL: aa('suggestion', 'Empty Principal object'),
  EMPTY_OBJECT_CONDITION: aa('suggestion', 'Empty Condition block'),
  EMPTY_ARRAY_CONDITION: aa('suggestion', 'Condition key without values'),
  DOCUMENT_TOO_LARGE: ours('warning', 'Document too large to check', UG('reference_iam-quotas.html')),
  // Policy variables and template placeholders
  TEMPLATE_PLACEHOLDER: ours('error', 'Template placeholder left in the document', UG('reference_policies_variables.html')),
  MISSING_BRACE_IN_VARIABLE: aa('error', 'Policy variable without closing brace'),
  MISSING_QUOTE_IN_VARIABLE: aa('error', 'Policy variable default without quotes'),
  EMPTY_VARIABLE: aa('error', 'Empty policy variable'),
  UNSUPPORTED_SPACE_IN_VARIABLE: aa('error', 'Space in a policy variable'),
  VARIABLE_UNSUPPORTED_IN_ELEMENT: aa('error', 'Policy variable outside Resource and Condition'),
  // Actions
  INVALID_ACTION: aa('error', 'Unknown action'),
  INVALID_SERVICE_IN_ACTION: aa('error', 'Unknown service prefix in an action'),
  ACTION_WILDCARD_MATCHES_NOTHING: ours('error', 'Action pattern matches no action', UG('reference_policies_elements_action.html')),
  WILDCARD_IN_SERVICE_NAME: aa('suggestion', 'Wildcard in a service prefix'),
  RETIRED_SERVICE: ours('suggestion', 'Retired service', SAR),
  // Resources
  INVALID_ARN_PREFIX: aa('error', 'Resource is not an ARN'),
  MISSING_ARN_FIELD: aa('error', 'ARN with missing fields'),
  INVALID_PARTITION: aa('error', 'Invalid ARN partition'),
  INVALID_SERVICE: aa('error', 'Unknown service in an ARN'),
  INVALID_ARN_SERVICE_CASE: aa('error', 'ARN service not in lower case'),
  INVALID_ARN_REGION: aa('error', 'Invalid ARN Region'),
  INVALID_ARN_ACCOUNT: aa('error', 'Invalid ARN account'),
  ARN_REGION_NOT_ALLOWED: aa('error', 'Region in an ARN whose service has none'),
  ARN_ACCOUNT_NOT_ALLOWED: aa('error', 'Account in an ARN whose service has none'),
  MISSING_ARN_REGION: aa('error', 'ARN without a Region'),
  INVALID_ARN_RESOURCE: aa('error', 'ARN resource matches no resource type'),
  RESOURCE_TYPE_MISMATCH: ours('suggestion', 'ARN of no resource type of the actions', SAR),
  ACTION_REQUIRES_WILDCARD_RESOURCE: ours('warning', 'Action needs "Resource": "*"', UG('reference_policies_elements_resource.html')),
  // Conditions
  INVALID_CONDITION_OPERATOR: aa('error', 'Unknown condition operator'),
  NULL_WITH_IF_EXISTS: aa('error', 'Null with IfExists'),
  NULL_WITH_QUALIFIER: aa('suggestion', 'Null with ForAllValues or ForAnyValue'),
  INVALID_CONDITION_KEY_FORMAT: aa('error', 'Malformed condition key'),
  INVALID_GLOBAL_CONDITION_KEY: aa('error', 'Unknown global condition key'),
  INVALID_SERVICE_CONDITION_KEY: aa('error', 'Unknown service condition key'),
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: aa('error', 'Condition key repeated in another case'),
  CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS: ours('suggestion', 'Condition key no action of the statement supports', SAR),
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: aa('securityWarning', 'ForAllValues with a single-valued key'),
  FORANYVALUE_WITH_SINGLE_VALUED_KEY: ours('suggestion', 'ForAnyValue with a single-valued key', UG('reference_policies_condition-single-vs-multi-valued-context-keys.html')),
  TYPE_MISMATCH: aa('warning', 'Operator of the wrong type for the key'),
  TYPE_MISMATCH_BOOLEAN: aa('warning', 'Not a Boolean value'),
  TYPE_MISMATCH_NUMBER: aa('warning', 'Not a number'),
  TYPE_MISMATCH_DATE: aa('warning', 'Not a date'),
  TYPE_MISMATCH_IP_RANGE: aa('warning', 'Not an IP address or range'),
  TYPE_MISMATCH_ARN: ours('warning', 'Not an ARN', UG('reference_policies_elements_condition_operators.html#Conditions_ARN')),
  INVALID_CONDITION_MULTIPLE_BOOLEAN: aa('error', 'Several Boolean values'),
  WILDCARD_WITHOUT_LIKE_OPERATOR: aa('warning', 'Wildcard without a Like operator'),
  INVALID_VARIABLE_FOR_OPERATOR: aa('error', 'Policy variable with a non-string operator'),
  INVALID_VPCE_FORMAT: aa('error', 'aws:SourceVpce compared with something else than a VPC endpoint ID'),
  INVALID_VPC_FORMAT: aa('error', 'aws:SourceVpc compared with something else than a VPC ID'),
  PRIVATE_IP_ADDRESS: aa('error', 'aws:SourceIp with only private addresses'),
  PRIVATE_NOT_IP_ADDRESS: aa('error', 'aws:SourceIp with only private addresses, in NotIpAddress'),
  PRIVATE_IP_ADDRESS_SUBSET: aa('suggestion', 'aws:SourceIp with some private addresses'),
  KMS_VIA_SERVICE_WITHOUT_REGION: ours('warning', 'kms:ViaService value without a Region', 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service'),
  UNKNOWN_REGION_IN_CONDITION: ours('warning', 'aws:RequestedRegion compared with a Region that does not exist', UG('reference_policies_condition-keys.html#condition-keys-requestedregion')),
  INVALID_ACCOUNT_IN_CONDITION: ours('warning', 'Account condition key compared with something else than an account ID', UG('reference_policies_condition-keys.html#condition-keys-sourceaccount')),
  DENY_MFA_WITHOUT_IF_EXISTS: ours('warning', 'Deny on aws:MultiFactorAuthPresent with Bool', UG('reference_policies_condition-keys.html#condition-keys-multifactorauthpresent')),
  // Principals and trust
  INVALID_PRINCIPAL_FORMAT: aa('error', 'Malformed Principal'),
  INVALID_PRINCIPAL_KEY: aa('error', 'Unknown principal key'),
  INVALID_SERVICE_PRINCIPAL_FORMAT: aa('error', 'Malformed service principal'),
  UNKNOWN_SERVICE_PRINCIPAL: ours('warning', 'Unknown service principal', UG('reference_policies_elements_principal.html#principal-services')),
  INVALID_AWS_PRINCIPAL: ours('error', 'Malformed AWS principal', UG('reference_policies_elements_principal.html#principal-accounts')),
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: aa('error', 'Wildcard inside a principal'),
  INVALID_ROLE_REFERENCE: aa('warning', 'Role unique ID as a principal'),
  INVALID_USER_REFERENCE: aa('warning', 'User unique ID as a principal'),
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: aa('error', 'Malformed federated principal'),
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: aa('error', 'Federated principal in a resource policy'),
  MISMATCHED_ACTION_FOR_PRINCIPAL: aa('error', 'Assume-role action that does not fit the principal'),
  MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: aa('error', 'IAM Roles Anywhere trust without its actions'),
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: aa('suggestion', 'Assumed-role principal beside its role'),
  TRUST_ANYONE: ours('error', 'Anyone can assume the role', UG('reference_policies_elements_principal.html#principal-anonymous')),
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: aa('error', '"Principal": "*" in a trust policy'),
  UNSUPPORTED_ACTION_IN_POLICY: aa('error', 'Action the resource policy cannot grant'),
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: aa('securityWarning', 'OIDC trust without aud/sub conditions'),
  MISSING_GITHUB_REPO_CONDITION_KEY: aa('securityWarning', 'GitHub OIDC trust without a repository condition'),
  SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: aa('warning', 'Wildcard in the GitHub repository condition'),
  // Security
  PASS_ROLE_WITH_STAR_IN_RESOURCE: aa('securityWarning', 'iam:PassRole on every role'),
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: aa('securityWarning', 'Action wildcard includes iam:PassRole on every role'),
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: aa('securityWarning', 'NotAction includes iam:PassRole on every role'),
  PASS_ROLE_WITH_NOT_RESOURCE: aa('securityWarning', 'iam:PassRole with NotResource'),
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: aa('securityWarning', 'Action wildcard includes iam:PassRole with NotResource'),
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: aa('securityWarning', 'NotAction and NotResource include iam:PassRole'),
  CREATE_SLR_WITH_STAR_IN_RESOURCE: aa('warning', 'iam:CreateServiceLinkedRole for every service'),
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: aa('warning', 'Action wildcard includes iam:CreateServiceLinkedRole for every service'),
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: aa('warning', 'NotAction includes iam:CreateServiceLinkedRole for every service'),
  CREATE_SLR_WITH_NOT_RESOURCE: aa('warning', 'iam:CreateServiceLinkedRole with NotResource'),
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: aa('warning', 'Action wildcard includes iam:CreateServiceLinkedRole with NotResource'),
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: aa('warning', 'NotAction and NotResource include iam:CreateServiceLinkedRole'),
  ALLOW_WITH_NOT_PRINCIPAL: aa('securityWarning', 'Allow with NotPrincipal'),
  ALLOW_WITH_NOT_ACTION: ours('securityWarning', 'Allow with NotAction', UG('reference_policies_elements_notaction.html')),
  ALLOW_WITH_NOT_RESOURCE: ours('securityWarning', 'Allow with NotResource', UG('reference_policies_elements_notresource.html')),
  FULL_ADMIN_ACCESS: ours('securityWarning', 'Every action on every resource', UG('best-practices.html#grant-least-privilege')),
  // Size
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: aa('error', 'Policy over 6,144 characters', 'warning'),
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: aa('error', 'Trust policy over 2,048 characters', 'warning'),
  INLINE_POLICIES_SIZE_EXCEEDS_QUOTA: ours('error', 'Inline policies over 10,240 characters in total', UG('reference_iam-quotas.html')),
  // Role manifests
  INVALID_ROLE_NAME: ours('error', 'Invalid role name', API('API_CreateRole.html')),
  INVALID_ROLE_PATH: ours('error', 'Invalid role path', API('API_CreateRole.html')),
  INVALID_DESCRIPTION: ours('error', 'Description too long', API('API_CreateRole.html')),
  INVALID_SESSION_DURATION: ours('error', 'MaxSessionDuration out of range', API('API_CreateRole.html')),
  INVALID_POLICY_NAME: ours('error', 'Invalid policy name', API('API_PutRolePolicy.html')),
  DUPLICATE_POLICY_NAME: ours('error', 'Duplicate policy name', API('API_CreatePolicy.html')),
  INVALID_TAG: ours('error', 'Invalid tag', UG('id_tags.html')),
  TOO_MANY_TAGS: ours('error', 'More than 50 tags', UG('reference_iam-quotas.html')),
  INVALID_POLICY_ARN: ours('error', 'Malformed managed policy ARN', UG('reference_identifiers.html#identifiers-arns')),
  UNKNOWN_MANAGED_POLICY: ours('error', 'AWS managed policy that does not exist', 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/about-managed-policy-reference.html'),
  DEPRECATED_MANAGED_POLICY: ours('warning', 'Deprecated AWS managed policy', UG('access_policies_managed-deprecated.html')),
  TOO_MANY_MANAGED_POLICIES: ours('warning', 'More managed policies than the default quota', UG('reference_iam-quotas.html')),
  MISSING_FILE: ours('error', 'Referenced file or document missing', CFN_ROLE),
  UNKNOWN_POLICY_NAME: ours('warning', 'Policy name no manifest declares', API('API_AttachRolePolicy.html')),
  POLICY_DESCRIPTION_MISMATCH: ours('warning', 'Description promises what the actions cannot do', UG('reference_policies_elements_action.html')),
  UNKNOWN_MANIFEST_PROPERTY: ours('error', 'Unknown manifest property', CFN_ROLE),
  // Diff of a deployed role and its manifest
  TRUST_NAMES_DELETED_PRINCIPAL: ours('warning', 'Trust policy names a deleted principal by its unique id', UG('reference_policies_elements_principal.html#principal-roles')),
} satisfies Record<string, CodeInfo>;

/** A finding code. */
export type Code = keyof typeof CODES;

function info(code: string): CodeInfo | undefined {
  return Object.prototype.hasOwnProperty.call(CODES, code) ? (CODES as Record<string, CodeInfo>)[code] : undefined;
}

/** The default severity of a code. */
export function defaultSeverity(code: Code): Severity {
  return CODES[code].severity;
}

/** The one-line title of a code; for an unknown code, the code itself. */
export function codeTitle(code: string): string {
  return info(code)?.title ?? code;
}

const SECTION_ANCHOR: Record<Severity, string> = {
  error: 'error',
  securityWarning: 'security-warning',
  warning: 'general-warning',
  suggestion: 'suggestion',
};

/**
 * The documentation link of a code: the entry of AWS's Access Analyzer reference for its codes, the AWS
 * documentation of the rule for ours, and the Access Analyzer reference itself for an unknown code.
 */
export function codeDocUrl(code: string): string {
  const known = info(code);
  if (known?.awsSection) return `${AA_DOC}#access-analyzer-reference-policy-checks-${SECTION_ANCHOR[known.awsSection]}-${code.toLowerCase().replace(/_/g, '-')}`;
  return known?.doc ?? AA_DOC;
}
