// AWS's Regions by partition, as the AWS SDK's endpoint data (`@aws-sdk/core`, partitions.js) lists them.
// Kept here rather than read from the SDK so that src/iam/ stays free of the SDK; regions.test.ts fails
// when the SDK in node_modules lists a Region this table lacks, so an SDK update brings it up to date.

/** Every Region of each partition, by partition name (`aws`, `aws-cn`, ...). */
export const REGIONS_BY_PARTITION: ReadonlyMap<string, readonly string[]> = new Map([
  ['aws', [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
    'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
    'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1',
    'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1',
    'me-west-1', 'mx-central-1', 'sa-east-1', 'sa-west-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  ]],
  ['aws-cn', ['cn-north-1', 'cn-northwest-1']],
  ['aws-us-gov', ['us-gov-east-1', 'us-gov-west-1']],
  ['aws-iso', ['us-iso-east-1', 'us-iso-west-1']],
  ['aws-iso-b', ['us-isob-east-1', 'us-isob-west-1']],
  ['aws-iso-e', ['eu-isoe-west-1']],
  ['aws-iso-f', ['us-isof-east-1', 'us-isof-south-1']],
  ['aws-eusc', ['eusc-de-east-1']],
]);

const PARTITION_OF = new Map([...REGIONS_BY_PARTITION].flatMap(([partition, regions]) => regions.map((r) => [r, partition] as const)));

/** The partition a Region belongs to (`eu-west-1` -> `aws`); undefined for a name that is not a known Region (case-sensitive). */
export function partitionOfRegion(region: string): string | undefined {
  return PARTITION_OF.get(region);
}
