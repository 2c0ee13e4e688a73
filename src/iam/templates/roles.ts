// The workshops' roles: a manifest in iam/roles/NAME/, its trust policy and inline policy documents
// beside it, and the shared customer managed policies it attaches in iam/policies/.
import * as path from 'path';
import { accountId, cluster, policyName, region, roleName } from './parameters';
import { FCJ_ECR_CI_CD, READ_ECR, RWD_S3, SharedPolicy, WRITE_ECR } from './policies';
import { EC2_TRUST, ECS_TASKS_TRUST, GITHUB_ACTIONS_TRUST, TrustPolicy } from './trust';
import { RenderedFile, Template, TemplateParameter } from './types';

/** Where role folders live, relative to the target folder. */
export const ROLES_FOLDER = 'iam/roles';

const q = JSON.stringify;
type Params = Readonly<Record<string, string>>;

/** An inline policy kept in a file of the role's folder. */
interface InlineDocument {
  readonly fileName: string;
  /** The parameter that names the policy. */
  readonly name: TemplateParameter;
  readonly parameters: readonly TemplateParameter[];
  text(params: Params): string;
}

interface RoleSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly tutorial: string;
  /** The tutorial's role name, the default of `roleName`. */
  readonly roleName: string;
  /** Comment lines at the top of the manifest: what the role is for, what was fixed. */
  comments(params: Params): readonly string[];
  roleDescription(params: Params): string;
  readonly trust: TrustPolicy;
  /** A line for the trust policy's comment, where the tutorial's trust policy was wrong. */
  readonly trustNote?: string;
  readonly managedPolicyArns?: readonly string[];
  readonly sharedPolicies?: readonly SharedPolicy[];
  readonly inline?: InlineDocument;
  /** EC2 roles: the instance profile the console would make, with these comment lines. */
  readonly instanceProfile?: readonly string[];
}

/** Each parameter once, in the order first named. */
function unique(parameters: readonly TemplateParameter[]): TemplateParameter[] {
  const seen = new Set<string>();
  return parameters.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

function manifestText(spec: RoleSpec, p: Params, folder: string): string {
  const lines = ['{', ...spec.comments(p).map((c) => `  // ${c}`)];
  const properties: string[][] = [
    [`"RoleName": ${q(p.roleName)}`],
    [`"Description": ${q(spec.roleDescription(p))}`],
    [`"AssumeRolePolicyDocument": ${q(`./${spec.trust.fileName}`)}`],
  ];
  if (spec.managedPolicyArns) {
    properties.push([`"ManagedPolicyArns": [${spec.managedPolicyArns.map((arn) => q(arn)).join(', ')}]`]);
  }
  if (spec.sharedPolicies) {
    const items = spec.sharedPolicies.map((s) => [
      '    {',
      `      "PolicyName": ${q(s.name)},`,
      `      "Description": ${q(s.description)},`,
      `      "PolicyDocument": ${q(path.posix.relative(folder, s.path))}`,
      '    }',
    ].join('\n'));
    properties.push([`"CustomerManagedPolicies": [\n${items.join(',\n')}\n  ]`]);
  }
  if (spec.inline) {
    properties.push([`"Policies": [\n    { "PolicyName": ${q(p[spec.inline.name.name])}, "PolicyDocument": ${q(`./${spec.inline.fileName}`)} }\n  ]`]);
  }
  if (spec.instanceProfile) properties.push([...spec.instanceProfile.map((c) => `// ${c}`), '"InstanceProfile": true']);
  const body = properties.map((prop) => prop.map((l) => `  ${l}`).join('\n'));
  return `${lines.join('\n')}\n${body.join(',\n')}\n}\n`;
}

function roleTemplate(spec: RoleSpec): Template {
  const parameters = unique([
    roleName(spec.roleName),
    ...spec.trust.parameters,
    ...(spec.sharedPolicies ?? []).flatMap((s) => s.parameters),
    ...(spec.inline ? [spec.inline.name, ...spec.inline.parameters] : []),
  ]);
  return {
    id: spec.id, kind: 'role', title: spec.title, description: spec.description, tutorial: spec.tutorial, parameters,
    render(p): RenderedFile[] {
      const folder = `${ROLES_FOLDER}/${p.roleName}`;
      return [
        { path: `${folder}/${p.roleName}.role.json`, text: manifestText(spec, p, folder) },
        { path: `${folder}/${spec.trust.fileName}`, text: spec.trust.text(p, spec.trustNote) },
        ...(spec.inline ? [{ path: `${folder}/${spec.inline.fileName}`, text: spec.inline.text(p) }] : []),
        ...(spec.sharedPolicies ?? []).map((s) => s.render(p)),
      ];
    },
  };
}

const INSTANCE_PROFILE = [
  'An instance profile of the role\'s name, which the console makes for an EC2 role and the API does not:',
  'an instance is given the profile, not the role.',
];

/** The inline policy of workshop 002's task role: ECS Exec in one cluster. */
const ECS_EXEC: InlineDocument = {
  fileName: 'ecs-exec.policy.json',
  name: policyName('ECSExecAccess'),
  parameters: [accountId, region, cluster],
  text: (p) => `{
  // ECS Exec (workshop 002): the task's containers open Systems Manager channels, and the application runs
  // commands in and describes the tasks of one cluster.
  // Fixed: the tutorial leaves Terraform placeholders (\${var.aws_region}, \${var.aws_account_id}) in its ARNs,
  // which IAM never replaces, and its cluster/* allows every cluster of the account rather than this one.
  // Its // comments make the console's JSON editor refuse the policy; IAM Author strips these before sending.
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SessionManagerChannels",
      "Effect": "Allow",
      "Action": [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel"
      ],
      "Resource": "*"
    },
    {
      "Sid": "ExecuteCommandInCluster",
      "Effect": "Allow",
      "Action": ["ecs:DescribeTasks", "ecs:ExecuteCommand"],
      "Resource": [
        ${q(`arn:aws:ecs:${p.region}:${p.accountId}:task/${p.cluster}/*`)},
        ${q(`arn:aws:ecs:${p.region}:${p.accountId}:cluster/${p.cluster}`)}
      ]
    }
  ]
}
`,
};

/** The role templates, in the order of the tutorials. */
export const ROLE_TEMPLATES: readonly Template[] = [
  roleTemplate({
    id: 'dev-ec2-role', title: 'DevEC2', tutorial: 'Workshop 000: ECR and S3 for EC2', roleName: 'DevEC2',
    description: 'EC2 in development: pull and push ECR images, read, write and delete the objects of one S3 bucket',
    roleDescription: () => 'EC2 in the development environment: pull and push ECR images, read, write and delete S3 objects',
    comments: () => ['DevEC2 (workshop 000): the development environment\'s EC2 instances.'],
    trust: EC2_TRUST, sharedPolicies: [READ_ECR, WRITE_ECR, RWD_S3], instanceProfile: INSTANCE_PROFILE,
  }),
  roleTemplate({
    id: 'prod-ec2-role', title: 'ProdEC2', tutorial: 'Workshop 000: ECR and S3 for EC2', roleName: 'ProdEC2',
    description: 'EC2 in production: pull ECR images, read, write and delete the objects of one S3 bucket',
    roleDescription: () => 'EC2 in the production environment: pull ECR images, read, write and delete S3 objects',
    comments: () => [
      'ProdEC2 (workshop 000): the production environment\'s EC2 instances.',
      'Fixed: the tutorial attaches "RWDS3Object", a policy that does not exist (it created RWDS3Objects);',
      'here the name comes with the shared policy file, the same in every manifest that attaches it.',
    ],
    trust: EC2_TRUST, sharedPolicies: [READ_ECR, RWD_S3], instanceProfile: INSTANCE_PROFILE,
  }),
  roleTemplate({
    id: 'custom-rw-ecr-role', title: 'CustomRWECRRole', tutorial: 'Workshop 001: ECR access for EC2', roleName: 'CustomRWECRRole',
    description: 'EC2 instances that pull and push ECR images',
    roleDescription: () => 'Custom read and write ECR role for EC2',
    comments: () => [
      'CustomRWECRRole (workshop 001): EC2 instances that pull and push ECR images.',
      'Fixed: the tutorial describes it as "for ECS", but the role trusts EC2.',
    ],
    trust: EC2_TRUST, sharedPolicies: [READ_ECR, WRITE_ECR], instanceProfile: INSTANCE_PROFILE,
  }),
  roleTemplate({
    id: 'retail-store-ecs-task-execution-role', title: 'retailStoreECSTaskExecutionRole', tutorial: 'Workshop 002: ECS retail store',
    roleName: 'retailStoreECSTaskExecutionRole',
    description: 'ECS pulls the task\'s container images and writes its logs',
    roleDescription: () => 'ECS task execution: pull container images, write logs',
    comments: () => [
      'retailStoreECSTaskExecutionRole (workshop 002): ECS pulls the task\'s images and writes its logs with it.',
      'The workshop\'s later commands expect the name retailStoreECSTaskExecutionRole.',
    ],
    trust: ECS_TASKS_TRUST, managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
  }),
  roleTemplate({
    id: 'retail-store-ecs-task-role', title: 'retailStoreEcsTaskRole', tutorial: 'Workshop 002: ECS retail store', roleName: 'retailStoreEcsTaskRole',
    description: 'The application\'s ECS tasks: ECS Exec sessions and commands in one cluster',
    roleDescription: () => 'ECS task role of the retail store: ECS Exec in one cluster',
    comments: (p) => [
      `retailStoreEcsTaskRole (workshop 002): the application's containers in cluster ${p.cluster}.`,
      'The workshop\'s later commands expect the name retailStoreEcsTaskRole.',
    ],
    trust: ECS_TASKS_TRUST, inline: ECS_EXEC,
  }),
  roleTemplate({
    id: 'ec2-role', title: 'EC2 role (from the command line)', tutorial: 'Workshop 004: EC2 role from the CLI', roleName: 'FoxuTech',
    description: 'An EC2 role with no permissions yet, as aws iam create-role makes it, with an instance profile',
    roleDescription: () => 'EC2 instances; attach the policies their applications need',
    comments: () => [
      'The EC2 role of workshop 004, created there with aws iam create-role. It has no permissions yet:',
      'add policies to CustomerManagedPolicies or ManagedPolicyArns.',
    ],
    trust: EC2_TRUST,
    trustNote: 'Fixed: the tutorial writes "Version": "2017-09-11", which is no policy language version: IAM refuses it.',
    instanceProfile: [
      'Fixed: aws iam create-role makes no instance profile, so the tutorial\'s role cannot be chosen when',
      'launching an instance. This makes one of the role\'s name, which can also be attached to a running',
      'instance (the tutorial says it cannot).',
    ],
  }),
  roleTemplate({
    id: 'github-actions-ecr-role', title: 'GitHub Actions pushing to ECR', tutorial: 'Workshop 003: ECR CI/CD with GitHub Actions',
    roleName: 'fcj-ecr-ci-cd-role',
    description: 'GitHub Actions workflows of one repository push and pull one ECR repository, without access keys',
    roleDescription: (p) => `GitHub Actions of ${p.githubOwner}/${p.githubRepository} push images to ECR repository ${p.repository}`,
    comments: () => [
      'The CI/CD role of workshop 003, which it recommends over its fcj-ecr-ci-cd-user: no long-lived access',
      'keys stored in GitHub. A workflow gets short-lived credentials from aws-actions/configure-aws-credentials',
      '(role-to-assume: this role\'s ARN), with "permissions: id-token: write".',
    ],
    trust: GITHUB_ACTIONS_TRUST, sharedPolicies: [FCJ_ECR_CI_CD],
  }),
];
