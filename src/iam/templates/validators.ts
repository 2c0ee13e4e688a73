// The rules of the names a template asks for, as AWS and GitHub state them. Each validator returns the
// problem in words, the value first (an input box shows the start of a long message), or undefined.
import { closest } from '../suggest';
import { partitionOfRegion, REGIONS_BY_PARTITION } from '../regions';
import { ParameterKind } from './types';

/** A parameter value's problem in words, value first; undefined when it is valid. */
export type Validator = (value: string) => string | undefined;

/** The partition every template writes ARNs for (`arn:aws:...`). */
const PARTITION = 'aws';

/** IAM names: role names (64) and policy names (128) share the character set. */
const IAM_NAME = /^[\w+=,.@-]+$/;

/** `it has 1 character; a name has 3-63`: the length problem of a name. */
function lengthProblem(value: string, range: string, what = 'a name', subject = 'it'): string {
  return `${subject} has ${value.length} character${value.length === 1 ? '' : 's'}; ${what} has ${range}`;
}

function validateAccountId(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return undefined;
  const digits = value.replace(/[\s-]/g, '');
  if (/^\d{12}$/.test(digits)) return `"${value}" is not an AWS account id as ARNs write it: write its 12 digits without dashes or spaces: ${digits}`;
  return `"${value}" is not an AWS account id: an account id is 12 digits, such as 123456789012`;
}

function validateRegion(value: string): string | undefined {
  const partition = partitionOfRegion(value);
  if (partition === PARTITION) return undefined;
  if (partition) return `"${value}" is a Region of the ${partition} partition; these templates write ARNs of the ${PARTITION} partition: choose one of its Regions, such as us-east-1`;
  const regions = REGIONS_BY_PARTITION.get(PARTITION)!;
  const near = closest(value.toLowerCase(), regions);
  if (near.length > 0) return `"${value}" is not an AWS Region; did you mean ${near.join(' or ')}?`;
  return `"${value}" is not an AWS Region: write a Region name such as us-east-1 or ap-southeast-1`;
}

// CreateRepository's pattern: path components of lower-case letters and digits, each separated inside
// by single '.', '_' or '-', the components joined by '/'.
const ECR_REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

function validateEcrRepository(value: string): string | undefined {
  if (value.length < 2 || value.length > 256) return `"${value}" is not an ECR repository name: ${lengthProblem(value, '2-256')}`;
  if (ECR_REPOSITORY.test(value)) return undefined;
  if (ECR_REPOSITORY.test(value.toLowerCase())) return `"${value}" is not an ECR repository name: names are lower case: ${value.toLowerCase()}`;
  return `"${value}" is not an ECR repository name: use lower-case letters and digits, separated by single . _ - and / for namespaces (such as team/fcj-workshop-app)`;
}

// The general purpose bucket naming rules of the S3 User Guide ("Bucket naming rules").
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

function validateS3Bucket(value: string): string | undefined {
  const not = `"${value}" is not an S3 bucket name`;
  if (value.length < 3 || value.length > 63) return `${not}: ${lengthProblem(value, '3-63')}`;
  if (!/^[a-z0-9.-]+$/.test(value)) {
    return /^[a-z0-9.-]+$/.test(value.toLowerCase())
      ? `${not}: names are lower case: ${value.toLowerCase()}`
      : `${not}: use only lower-case letters, digits, dots and hyphens`;
  }
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value)) return `${not}: it must begin and end with a letter or a digit`;
  if (value.includes('..')) return `${not}: two dots cannot be next to each other`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return `${not}: a name cannot look like an IP address`;
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => value.startsWith(p));
  if (prefix) return `${not}: names starting with ${prefix} are reserved by S3`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => value.endsWith(s));
  if (suffix) return `${not}: names ending with ${suffix} are reserved by S3`;
  return undefined;
}

function validateEcsCluster(value: string): string | undefined {
  if (/^[A-Za-z0-9_-]{1,255}$/.test(value)) return undefined;
  if (value.length < 1 || value.length > 255) return `"${value}" is not an ECS cluster name: ${lengthProblem(value, '1-255')}`;
  return `"${value}" is not an ECS cluster name: use only letters, digits, hyphens and underscores`;
}

function iamName(what: string, max: number): Validator {
  return (value) => {
    if (value.length < 1 || value.length > max) return `"${value}" is not ${what}: ${lengthProblem(value, `1-${max}`)}`;
    if (!IAM_NAME.test(value)) return `"${value}" is not ${what}: use only letters, digits and + = , . @ _ -`;
    return undefined;
  };
}

// GitHub's sign-up form: "Username may only contain alphanumeric characters or single hyphens, and
// cannot begin or end with a hyphen", at most 39 characters; organization names follow the same rule.
function validateGithubOwner(value: string): string | undefined {
  const not = `"${value}" is not a GitHub user or organization name`;
  if (value.length < 1 || value.length > 39) return `${not}: ${lengthProblem(value, '1-39')}`;
  if (!/^[A-Za-z0-9-]+$/.test(value)) return `${not}: use only letters, digits and hyphens`;
  if (value.startsWith('-') || value.endsWith('-') || value.includes('--')) return `${not}: hyphens go between letters or digits, one at a time`;
  return undefined;
}

// GitHub keeps letters, digits, '.', '-' and '_' in repository names (it replaces anything else with
// '-'), at most 100 characters; '.' and '..' are refused.
function validateGithubRepository(value: string): string | undefined {
  const not = `"${value}" is not a GitHub repository name`;
  if (value.length < 1 || value.length > 100) return `${not}: ${lengthProblem(value, '1-100')}`;
  if (!/^[A-Za-z0-9._-]+$/.test(value)) return `${not}: use only letters, digits, dots, hyphens and underscores`;
  if (value === '.' || value === '..') return `${not}: . and .. are reserved`;
  return undefined;
}

const ENVIRONMENT = 'environment:';

// A branch: git's rules for a ref name (git check-ref-format), as GitHub applies them to branch names.
function branchProblem(branch: string): string | undefined {
  if (branch.length === 0) return 'the branch name is empty';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(branch)) return 'a branch name cannot contain spaces, control characters or any of ~ ^ : ? * [ \\';
  if (branch.includes('..') || branch.includes('@{') || branch === '@') return 'a branch name cannot contain .. or @{, nor be @';
  if (branch.startsWith('-')) return 'a branch name cannot begin with a hyphen';
  if (branch.startsWith('/') || branch.endsWith('/') || branch.includes('//')) return 'slashes go between parts of a branch name, one at a time';
  if (branch.endsWith('.') || branch.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'a branch name cannot end with a dot, nor have a part that begins with a dot or ends with .lock';
  }
  return undefined;
}

// A branch name, or `environment:NAME` for a deployment environment: GitHub allows 1-255 characters
// in an environment name. Both end up in the token's sub claim, which the trust policy matches exactly.
function validateGithubRef(value: string): string | undefined {
  if (value.startsWith(ENVIRONMENT)) {
    const name = value.slice(ENVIRONMENT.length);
    if (name.length < 1 || name.length > 255) return `"${value}" is not a GitHub environment: ${lengthProblem(name, '1-255', 'a name', 'its name')}`;
    if (/[\x00-\x1f\x7f]/.test(name)) return `"${value}" is not a GitHub environment: its name cannot contain control characters`;
    return undefined;
  }
  const problem = branchProblem(value);
  return problem && `"${value}" is not a GitHub branch: ${problem} (for an environment, write environment:NAME)`;
}

/** sts:ExternalId as AssumeRole takes it: 2-1224 characters of letters, digits and + = , . @ : / _ -. */
export function validateExternalId(value: string): string | undefined {
  if (value.length < 2 || value.length > 1224) return `"${value}" is not an external id: ${lengthProblem(value, '2-1224', 'an external id')}`;
  if (!/^[\w+=,.@:/-]+$/.test(value)) return `"${value}" is not an external id: use only letters, digits and + = , . @ : / _ -`;
  return undefined;
}

/**
 * Each kind's rule in words (for `iam-author templates` and input box placeholders) and its validator.
 * `text` has none: a text parameter brings its own.
 */
export const RULES: ReadonlyMap<ParameterKind, { readonly rule: string; readonly validate: Validator }> = new Map<ParameterKind, { rule: string; validate: Validator }>([
  ['accountId', { rule: '12 digits', validate: validateAccountId }],
  ['region', { rule: 'a Region of the aws partition, such as us-east-1', validate: validateRegion }],
  ['ecrRepository', { rule: '2-256 lower-case letters and digits, separated by single . _ - and / for namespaces', validate: validateEcrRepository }],
  ['s3Bucket', { rule: '3-63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit', validate: validateS3Bucket }],
  ['ecsCluster', { rule: '1-255 letters, digits, hyphens and underscores', validate: validateEcsCluster }],
  ['roleName', { rule: '1-64 letters, digits and + = , . @ _ -', validate: iamName('an IAM role name', 64) }],
  ['policyName', { rule: '1-128 letters, digits and + = , . @ _ -', validate: iamName('an IAM policy name', 128) }],
  ['githubOwner', { rule: '1-39 letters, digits and single hyphens between them', validate: validateGithubOwner }],
  ['githubRepository', { rule: '1-100 letters, digits, dots, hyphens and underscores', validate: validateGithubRepository }],
  ['githubRef', { rule: 'a branch name (main), or environment:NAME for a deployment environment', validate: validateGithubRef }],
]);
