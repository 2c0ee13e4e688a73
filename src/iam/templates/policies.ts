// The customer managed policies of the workshops, each written once in iam/policies/ and referred to by
// every role manifest that attaches it. A policy's text depends only on its own parameters, so every
// template that writes it writes the same bytes at the same path.
import { accountId, bucket, region, repository } from './parameters';
import { RenderedFile, Template, TemplateParameter } from './types';

/** Where shared policies live, relative to the target folder. */
export const POLICIES_FOLDER = 'iam/policies';

const q = JSON.stringify;

/** A customer managed policy several roles attach: its name and description, and its document for some answers. */
export interface SharedPolicy {
  readonly name: string;
  readonly description: string;
  /** The document's path relative to the target folder. */
  readonly path: string;
  /** The answers its document needs. */
  readonly parameters: readonly TemplateParameter[];
  render(params: Readonly<Record<string, string>>): RenderedFile;
}

function sharedPolicy(
  name: string, description: string, parameters: readonly TemplateParameter[], text: (params: Readonly<Record<string, string>>) => string,
): SharedPolicy {
  const path = `${POLICIES_FOLDER}/${name}.policy.json`;
  return { name, description, path, parameters, render: (params) => ({ path, text: text(params) }) };
}

/** ReadECRRepositoryContent (workshops 000 and 001): pull images, describe repositories. */
export const READ_ECR = sharedPolicy('ReadECRRepositoryContent', 'Allow pull images, describe repositories', [accountId], (p) => `{
  // ReadECRRepositoryContent (workshops 000 and 001): pull images and describe the account's repositories.
  // Fixed: workshop 001 selects "DescribeImage", which is not an ECR action (ecr:DescribeImages is), and
  // leaves out ecr:GetDownloadUrlForLayer, without which no image can be pulled.
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PullImagesDescribeRepositories",
      "Effect": "Allow",
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:DescribeImages",
        "ecr:DescribeRepositories",
        "ecr:GetDownloadUrlForLayer",
        "ecr:ListImages"
      ],
      "Resource": ${q(`arn:aws:ecr:*:${p.accountId}:repository/*`)}
    },
    {
      // These act on the registry, not on a repository: IAM grants them only on "*".
      "Sid": "RegistryWide",
      "Effect": "Allow",
      "Action": ["ecr:DescribeRegistry", "ecr:GetAccountSetting", "ecr:GetAuthorizationToken"],
      "Resource": "*"
    }
  ]
}
`);

/** WriteECRRepositoryContent (workshops 000 and 001): push images, never delete them. */
export const WRITE_ECR = sharedPolicy('WriteECRRepositoryContent', 'Allow push images', [accountId], (p) => `{
  // WriteECRRepositoryContent (workshops 000 and 001): push images to the account's repositories.
  // Fixed: workshop 001 selects "InitialLayerUpload", which is not an ECR action: ecr:InitiateLayerUpload is.
  // Push only, although the tutorials' description says "Allow push and delete images": no step of theirs
  // deletes an image, and an instance allowed ecr:BatchDeleteImage could delete the images production
  // pulls. Expire old images with a repository lifecycle policy instead.
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PushImages",
      "Effect": "Allow",
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart"
      ],
      "Resource": ${q(`arn:aws:ecr:*:${p.accountId}:repository/*`)}
    },
    {
      // Docker logs in to the registry with this token; IAM grants it only on "*".
      "Sid": "GetAuthorizationToken",
      "Effect": "Allow",
      "Action": "ecr:GetAuthorizationToken",
      "Resource": "*"
    }
  ]
}
`);

/** RWDS3Objects (workshop 000): list one bucket, read, write and delete its objects. */
export const RWD_S3 = sharedPolicy('RWDS3Objects', 'Allow list, read, write and delete objects in one S3 bucket', [bucket], (p) => `{
  // RWDS3Objects (workshop 000): list one bucket, and read, write and delete its objects.
  // Fixed: the tutorial selects the console's whole List, Read and Write access levels on any bucket,
  // which include s3:DeleteBucket; this grants the four actions the role needs, on one bucket.
  "Version": "2012-10-17",
  "Statement": [
    {
      // Bucket actions name the bucket...
      "Sid": "ListBucket",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": ${q(`arn:aws:s3:::${p.bucket}`)}
    },
    {
      // ...object actions its objects.
      "Sid": "ReadWriteDeleteObjects",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": ${q(`arn:aws:s3:::${p.bucket}/*`)}
    }
  ]
}
`);

/** fcj-ecr-ci-cd-policy (workshop 003): push and pull the images of one repository. */
export const FCJ_ECR_CI_CD = sharedPolicy('fcj-ecr-ci-cd-policy', 'Push and pull the images of one ECR repository', [accountId, region, repository], (p) => `{
  // fcj-ecr-ci-cd-policy (workshop 003): push and pull the images of one ECR repository.
  // Fixed: the tutorial lists ecr:GetAuthorizationToken with the other actions on the repository's ARN;
  // it has no resource-level permissions, so that statement never granted it: it has its own, on "*".
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PushAndPullImages",
      "Effect": "Allow",
      "Action": [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:CompleteLayerUpload",
        "ecr:DescribeImages",
        "ecr:GetDownloadUrlForLayer",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart"
      ],
      "Resource": ${q(`arn:aws:ecr:${p.region}:${p.accountId}:repository/${p.repository}`)}
    },
    {
      "Sid": "GetAuthorizationToken",
      "Effect": "Allow",
      "Action": "ecr:GetAuthorizationToken",
      "Resource": "*"
    }
  ]
}
`);

function policyTemplate(id: string, policy: SharedPolicy, tutorial: string): Template {
  return {
    id, kind: 'policy', title: policy.name, description: policy.description, tutorial, parameters: policy.parameters,
    render: (params) => [policy.render(params)],
  };
}

/** The policy templates, in the order the tutorials create them. */
export const POLICY_TEMPLATES: readonly Template[] = [
  policyTemplate('read-ecr-policy', READ_ECR, 'Workshop 000: ECR and S3 for EC2'),
  policyTemplate('write-ecr-policy', WRITE_ECR, 'Workshop 000: ECR and S3 for EC2'),
  policyTemplate('rwd-s3-policy', RWD_S3, 'Workshop 000: ECR and S3 for EC2'),
  policyTemplate('fcj-ecr-ci-cd-policy', FCJ_ECR_CI_CD, 'Workshop 003: ECR CI/CD with GitHub Actions'),
];
