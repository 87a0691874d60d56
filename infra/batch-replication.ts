/** The opt-in S3 Batch Replication redrive: a role for S3 Batch Operations and a bucket for its manifests and reports. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeRule } from './nag.js';

/** A private, SSE-S3, TLS-only bucket for manifests and reports, whose objects under `prefix` expire. */
export function createBatchReportBucket(scope: Construct, prefix: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'BatchReportBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    lifecycleRules: [{ prefix, expiration: Duration.days(90) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeRule(
    bucket,
    'AwsSolutions-S1',
    'Holds only S3 Batch Replication manifests and completion reports written by S3 Batch Operations (object keys and status codes, no object data), expiring after 90 days; Batch Operations jobs are recorded in CloudTrail, so server access logs (and a second bucket to hold them) add nothing.',
  );
  return bucket;
}

/**
 * The role S3 Batch Operations assumes to re-replicate failed objects with a generated manifest
 * (S3 user guide, s3-batch-replication-policies).
 */
export function createBatchReplicationRole(
  scope: Construct,
  sourceArns: readonly string[],
  reportBucket: s3.IBucket,
  prefix: string,
): iam.Role {
  const role = new iam.Role(scope, 'BatchReplicationRole', {
    assumedBy: new iam.ServicePrincipal('batchoperations.s3.amazonaws.com'),
    description: 'S3 Replication Doctor: S3 Batch Replication jobs that re-replicate failed objects',
  });
  const reportObjects = reportBucket.arnForObjects(`${prefix}*`);
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'InitiateReplication',
      actions: ['s3:InitiateReplication'],
      resources: sourceArns.map((arn) => `${arn}/*`),
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'GenerateManifest',
      actions: ['s3:GetReplicationConfiguration', 's3:PutInventoryConfiguration'],
      resources: [...sourceArns],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({ sid: 'WriteManifestAndReport', actions: ['s3:PutObject'], resources: [reportObjects] }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'ReadManifest',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [reportObjects],
    }),
  );
  return role;
}
