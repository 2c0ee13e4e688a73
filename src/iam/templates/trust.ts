// Trust policies: who may assume a role. Each is a template of its own (written to iam/trust/) and the
// trust policy file of the role templates that use it (written into the role's folder).
import { accountId, externalId, githubOwner, githubRef, githubRepository, region, trustedAccountId } from './parameters';
import { RenderedFile, Template, TemplateParameter } from './types';

const q = JSON.stringify;

/** A trust policy: the file name it has in a role's folder, and its text for some answers. */
export interface TrustPolicy {
  /** `ec2.trust.json`. */
  readonly fileName: string;
  readonly parameters: readonly TemplateParameter[];
  /** The document; `note` is a comment line added under the first, for a role whose tutorial got it wrong. */
  text(params: Readonly<Record<string, string>>, note?: string): string;
}

/** Comment lines under the first line of a document, indented as its properties. */
function comments(lines: readonly (string | undefined)[]): string {
  return lines.filter((l) => l !== undefined).map((l) => `  // ${l}\n`).join('');
}

/** EC2 instances, through the instance profile that holds the role. */
export const EC2_TRUST: TrustPolicy = {
  fileName: 'ec2.trust.json',
  parameters: [],
  text: (_p, note) => `{
${comments(['EC2 instances assume the role through the instance profile that holds it.', note])}  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ec2.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
`,
};

/** ECS tasks of one account and Region, with the conditions AWS recommends against the confused deputy. */
export const ECS_TASKS_TRUST: TrustPolicy = {
  fileName: 'ecs-tasks.trust.json',
  parameters: [accountId, region],
  text: (p, note) => `{
${comments([
    `ECS tasks assume the role: only tasks of account ${p.accountId} in ${p.region}. Without the conditions,`,
    'a task another account runs could be given this role (the confused deputy problem).',
    note,
  ])}  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ecs-tasks.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": {
        "ArnLike": { "aws:SourceArn": ${q(`arn:aws:ecs:${p.region}:${p.accountId}:*`)} },
        "StringEquals": { "aws:SourceAccount": ${q(p.accountId)} }
      }
    }
  ]
}
`,
};

/** Lambda functions, as their execution role. */
export const LAMBDA_TRUST: TrustPolicy = {
  fileName: 'lambda.trust.json',
  parameters: [],
  text: (_p, note) => `{
${comments(['Lambda functions assume the role as their execution role.', note])}  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "lambda.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
`,
};

/** Principals of another account that give the external id agreed with it. */
export const CROSS_ACCOUNT_TRUST: TrustPolicy = {
  fileName: 'cross-account.trust.json',
  parameters: [trustedAccountId, externalId],
  text: (p, note) => `{
${comments([
    `Principals of account ${p.trustedAccountId} whose own policies allow it assume the role, giving the`,
    'external id agreed with that account: a third party cannot be tricked into using it for another customer.',
    note,
  ])}  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": ${q(`arn:aws:iam::${p.trustedAccountId}:root`)} },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "sts:ExternalId": ${q(p.externalId)} } }
    }
  ]
}
`,
};

/** The token's sub claim for a workflow of one repository on a branch or in an environment. */
function githubSubject(p: Readonly<Record<string, string>>): string {
  const where = p.githubRef.startsWith('environment:') ? p.githubRef : `ref:refs/heads/${p.githubRef}`;
  return `repo:${p.githubOwner}/${p.githubRepository}:${where}`;
}

/** GitHub Actions workflows of one repository and branch (or environment), through GitHub's OIDC provider. */
export const GITHUB_ACTIONS_TRUST: TrustPolicy = {
  fileName: 'github-actions.trust.json',
  parameters: [accountId, githubOwner, githubRepository, githubRef],
  text: (p, note) => `{
${comments([
    `GitHub Actions workflows of ${p.githubOwner}/${p.githubRepository} (${p.githubRef}) assume the role with their OIDC`,
    'token: no long-lived access keys. The account needs the IAM OIDC identity provider',
    'token.actions.githubusercontent.com with the audience sts.amazonaws.com.',
    note,
  ])}  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": ${q(`arn:aws:iam::${p.accountId}:oidc-provider/token.actions.githubusercontent.com`)} },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": ${q(githubSubject(p))}
        }
      }
    }
  ]
}
`,
};

/** Where a trust policy template writes, relative to the target folder. */
export const TRUST_FOLDER = 'iam/trust';

function trustTemplate(id: string, trust: TrustPolicy, title: string, description: string, tutorial: string): Template {
  return {
    id, kind: 'trust', title, description, tutorial, parameters: trust.parameters,
    render: (params): RenderedFile[] => [{ path: `${TRUST_FOLDER}/${trust.fileName}`, text: trust.text(params) }],
  };
}

/** The trust policy templates. */
export const TRUST_TEMPLATES: readonly Template[] = [
  trustTemplate('ec2-trust', EC2_TRUST, 'EC2 instances', 'EC2 instances assume the role through an instance profile', 'Workshop 000: ECR and S3 for EC2'),
  trustTemplate('ecs-tasks-trust', ECS_TASKS_TRUST, 'ECS tasks', 'ECS tasks of one account and Region, safe from the confused deputy', 'Workshop 002: ECS retail store'),
  trustTemplate('lambda-trust', LAMBDA_TRUST, 'Lambda functions', 'Lambda functions assume the role as their execution role', 'Common trust policies'),
  trustTemplate('cross-account-trust', CROSS_ACCOUNT_TRUST, 'Another AWS account', 'Principals of another account that give the agreed external id', 'Common trust policies'),
  trustTemplate('github-actions-trust', GITHUB_ACTIONS_TRUST, 'GitHub Actions (OIDC)', 'Workflows of one GitHub repository and branch or environment, without access keys', 'Workshop 003: ECR CI/CD with GitHub Actions'),
];
