// The policies the benchmarks check: realistic statements (ECR, S3 and KMS actions, ARNs with a policy
// variable, two conditions) repeated to a size.

const statement = (i: number) => ({
  Sid: `Statement${i}`,
  Effect: 'Allow',
  Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 's3:GetObject', 's3:PutObject', 'kms:Decrypt'],
  Resource: [`arn:aws:ecr:us-east-1:123456789012:repository/app-${i}`, `arn:aws:s3:::bucket-${i}/\${aws:username}/*`, 'arn:aws:kms:us-east-1:123456789012:key/*'],
  Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' }, Bool: { 'aws:SecureTransport': 'true' } },
});

/** The smallest such policy of at least `bytes` characters, pretty-printed as people write them. */
export function policyOfSize(bytes: number): string {
  const statements: ReturnType<typeof statement>[] = [];
  let text = '';
  while (text.length < bytes) {
    // Serialising after every statement is quadratic: add nine tenths of what is missing, then one at a time.
    const per = statements.length > 0 ? text.length / statements.length : 0;
    const adding = per > 0 ? Math.max(1, Math.floor((0.9 * (bytes - text.length)) / per)) : 1;
    for (let k = 0; k < adding; k++) statements.push(statement(statements.length));
    text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  }
  return text;
}
