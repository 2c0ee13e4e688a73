// The parameters templates share, each with its prompt, a default that renders a clean document, and
// its kind's rule and validator.
import { TemplateParameter, ParameterKind } from './types';
import { RULES, validateExternalId } from './validators';

function parameter(name: string, kind: Exclude<ParameterKind, 'text'>, prompt: string, defaultValue: string): TemplateParameter {
  const { rule, validate } = RULES.get(kind)!;
  return { name, kind, prompt, default: defaultValue, rule, validate };
}

/** The account the role lives in (and whose resources its policies name). */
export const accountId = parameter('accountId', 'accountId', 'AWS account id of the account the role and its resources are in', '123456789012');

/** The Region of the resources a policy or trust policy names. */
export const region = parameter('region', 'region', 'AWS Region of the ECR repository or ECS cluster', 'us-east-1');

/**
 * The role's name; defaults to the tutorial's, which its later steps use. The role's folder is named
 * after it, so `.` and `..`, valid IAM names, are refused too.
 */
export function roleName(tutorialName: string): TemplateParameter {
  const base = parameter('roleName', 'roleName', 'Name of the role', tutorialName);
  return {
    ...base,
    validate: (value) => (value === '.' || value === '..'
      ? `"${value}" cannot name a role here: the role's folder is named after it; choose another name`
      : base.validate(value)),
  };
}

/** The name of an inline policy. */
export function policyName(defaultName: string): TemplateParameter {
  return parameter('policyName', 'policyName', 'Name of the inline policy', defaultName);
}

/** The bucket whose objects RWDS3Objects reads, writes and deletes. */
export const bucket = parameter('bucket', 's3Bucket', 'S3 bucket whose objects the role reads, writes and deletes', 'fcj-workshop-assets');

/** The ECR repository of workshop 003. */
export const repository = parameter('repository', 'ecrRepository', 'ECR repository the images are pushed to', 'fcj-workshop-app');

/** The ECS cluster of workshop 002. */
export const cluster = parameter('cluster', 'ecsCluster', 'ECS cluster whose tasks the application may run commands in', 'retail-store-ecs-cluster');

/** The other account of a cross-account trust policy. */
export const trustedAccountId = parameter('trustedAccountId', 'accountId', 'AWS account id of the other account, whose principals may assume the role', '111122223333');

/** The external id a third party gives its customers for a cross-account role. */
export const externalId: TemplateParameter = {
  name: 'externalId',
  kind: 'text',
  prompt: 'External id the other account gives when it assumes the role (sts:ExternalId)',
  default: 'fcj-workshop-partner',
  rule: '2-1224 letters, digits and + = , . @ : / _ -',
  validate: validateExternalId,
};

/** The GitHub user or organization that owns the repository whose workflows assume the role. */
export const githubOwner = parameter('githubOwner', 'githubOwner', 'GitHub user or organization that owns the repository', 'octo-org');

/** The GitHub repository whose workflows assume the role. */
export const githubRepository = parameter('githubRepository', 'githubRepository', 'GitHub repository whose workflows assume the role', 'fcj-workshop-app');

/** The branch, or `environment:NAME`, the workflows must run from. */
export const githubRef = parameter('githubRef', 'githubRef', 'Branch the workflow runs on (main), or environment:NAME for a deployment environment', 'main');
