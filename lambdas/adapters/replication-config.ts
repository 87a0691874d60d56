import {
  GetBucketReplicationCommand,
  HeadBucketCommand,
  PutBucketReplicationCommand,
  type PutBucketReplicationCommandInput,
  type ReplicationConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DoctorError, oneLine } from '../core/errors.js';
import type { PutReplicationRequest } from '../core/ops/replication-config.js';
import { classifyAwsError, errorName } from './aws-errors.js';

/** What `GetBucketReplication` found: the configuration, or none (`ReplicationConfigurationNotFoundError`). */
export type ReplicationConfigRead =
  | { readonly kind: 'found'; readonly configuration: ReplicationConfiguration }
  | { readonly kind: 'not-found' };

/** One line for an S3 error on a bucket call, naming the permission when access was denied (AWS-FACTS §5.4). */
function s3Failure(operation: string, bucket: string, permission: string, error: unknown): DoctorError {
  const name = errorName(error);
  const kind = classifyAwsError(error);
  const why =
    name === 'NoSuchBucket'
      ? `bucket ${bucket} does not exist`
      : kind === 'access-denied'
        ? `access denied (the caller needs ${permission} on arn:aws:s3:::${bucket})`
        : kind === 'unreachable'
          ? `could not reach AWS (${name}: ${oneLine(error)})`
          : `${name}: ${oneLine(error)}`;
  return new DoctorError(`${operation} ${bucket} failed: ${why}`, { cause: error });
}

/** Reads a bucket's replication configuration; a bucket without one is data, not an error. */
export async function readReplicationConfiguration(s3: S3Client, bucket: string): Promise<ReplicationConfigRead> {
  try {
    const output = await s3.send(new GetBucketReplicationCommand({ Bucket: bucket }));
    if (output.ReplicationConfiguration === undefined) return { kind: 'not-found' };
    return { kind: 'found', configuration: output.ReplicationConfiguration };
  } catch (error) {
    if (errorName(error) === 'ReplicationConfigurationNotFoundError') return { kind: 'not-found' };
    throw s3Failure('GetBucketReplication', bucket, 's3:GetReplicationConfiguration', error);
  }
}

/** Writes exactly the planned `PutBucketReplication` request. */
export async function writeReplicationConfiguration(s3: S3Client, request: PutReplicationRequest): Promise<void> {
  // The planned document is the configuration S3 returned, with the planned changes; its members are the API's.
  const input = request as PutBucketReplicationCommandInput;
  try {
    await s3.send(new PutBucketReplicationCommand(input));
  } catch (error) {
    throw s3Failure(
      'PutBucketReplication',
      request.Bucket,
      's3:PutReplicationConfiguration (and iam:PassRole on the replication role)',
      error,
    );
  }
}

/** The bucket's Region from `HeadBucket` (`x-amz-bucket-region`), or `undefined` when it cannot be read. */
export async function bucketRegion(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    const output = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return output.BucketRegion;
  } catch {
    return undefined;
  }
}
