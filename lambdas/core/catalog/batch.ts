/**
 * Failure reasons that only S3 Batch Replication produces (the AWS table says "This error is specific to Batch
 * Replication" for each): https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes.
 *
 * Severity: all `warning`. They concern one on-demand job, not live replication of new objects; fixing the job (or
 * the listed objects) is enough.
 */
import { defineEntry } from './define.js';
import {
  DOC_BATCH_POLICIES,
  DOC_BATCH_REPLICATION,
  DOC_FAILURE_CODES,
  DOC_REPLICATION_STATUS,
  DOC_WHAT_IS_REPLICATED,
} from './docs.js';
import {
  BATCH_OPERATIONS_PRINCIPAL,
  batchJobRolePolicy,
  copyInPlaceCommand,
  getBucketLocationCommand,
  getBucketReplicationCommand,
  json,
  putRolePolicyCommand,
  redriveCommand,
  replicationTrustPolicy,
  type SnippetValues,
  shellArg,
  updateAssumeRolePolicyCommand,
} from './snippets.js';
import { inSourceAccount, sourceDenyStep, step, steps } from './steps.js';
import type { CatalogEntry } from './types.js';

const BATCH_ONLY = 'Only S3 Batch Replication produces this code; live replication is not affected.';

/** Recreates the job in the source bucket's Region (a generated manifest must be stored there too). */
function rerunInSourceRegionStep(v: SnippetValues): string {
  return step(
    `Create the Batch Replication job again in ${v.sourceRegion}, the Region of ${v.sourceBucket} (a generated manifest must also be stored in that Region):`,
    `AWS_REGION=${shellArg(v.sourceRegion)} ${redriveCommand(v)}`,
  );
}

// s3:InitiateReplication on the source objects, plus s3:GetReplicationConfiguration and s3:PutInventoryConfiguration
// for a generated manifest, trust for batchoperations.s3.amazonaws.com — s3-batch-replication-policies.html.
export const initiateReplicationNotPermitted: CatalogEntry = defineEntry({
  code: 'InitiateReplicationNotPermitted',
  title: 'Batch Replication job may not initiate replication',
  meaning: `Amazon S3 cannot initiate replication on objects for a Batch Operations job; the s3:InitiateReplication permission is probably missing for the job's role. ${BATCH_ONLY}`,
  category: 'batch-replication',
  severity: 'warning',
  batchReplicationOnly: true,
  causes: [
    {
      // No live check reads the Batch Operations job's own role; the remediation prints the statement it needs.
      text: 'The IAM role the Batch Operations job runs as lacks s3:InitiateReplication on the source objects (and, with a generated manifest, s3:GetReplicationConfiguration and s3:PutInventoryConfiguration on the source bucket).',
      checks: [],
    },
    {
      text: 'An explicit Deny on s3:InitiateReplication in the source bucket policy, an SCP or RCP.',
      checks: ['source-bucket-policy'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `The job's role (the RoleArn of the job) needs these permissions on ${v.sourceBucket}, plus s3:GetObject and s3:GetObjectVersion on the manifest bucket and s3:PutObject on the report and manifest-output buckets:`,
        json(batchJobRolePolicy(v)),
      ),
      step(
        `If the job runs as the replication role ${v.roleArn}, add them to it ${inSourceAccount(v)}:`,
        putRolePolicyCommand(v, 'batch-replication-job', batchJobRolePolicy(v).Statement),
      ),
      step(
        `The job role must be trusted by ${BATCH_OPERATIONS_PRINCIPAL}, and whoever creates the job needs s3:CreateJob and iam:PassRole on it. If the job runs as the replication role, its trust policy lists both service principals:`,
        updateAssumeRolePolicyCommand(v, replicationTrustPolicy({ batchOperations: true })),
      ),
      sourceDenyStep(v, ['s3:InitiateReplication']),
      step('Then create the job again:', redriveCommand(v)),
    ),
  docs: [DOC_FAILURE_CODES, DOC_BATCH_POLICIES, DOC_BATCH_REPLICATION],
});

export const srcBucketInvalidRegion: CatalogEntry = defineEntry({
  code: 'SrcBucketInvalidRegion',
  title: 'Batch Replication job runs in a Region other than the source bucket',
  meaning: `The source bucket is not in the AWS Region that the Batch Operations job specifies. ${BATCH_ONLY}`,
  category: 'batch-replication',
  severity: 'warning',
  batchReplicationOnly: true,
  causes: [
    {
      text: 'The Batch Replication job was created in a Region other than the source bucket Region.',
      checks: ['source-bucket'],
    },
  ],
  remediation: (v) =>
    steps(
      step(`Look up the Region of ${v.sourceBucket}:`, getBucketLocationCommand(v.sourceBucket)),
      rerunInSourceRegionStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_BATCH_REPLICATION],
});

export const dstBucketInvalidRegion: CatalogEntry = defineEntry({
  code: 'DstBucketInvalidRegion',
  title: 'Destination bucket is not in the Region the Batch Replication job expects',
  meaning: `The destination bucket is not in the AWS Region that the Batch Operations job specifies. ${BATCH_ONLY}`,
  category: 'batch-replication',
  severity: 'warning',
  batchReplicationOnly: true,
  causes: [
    {
      text: 'The destination bucket is in another Region than the job expects (for example it was recreated in another Region).',
      checks: ['destination-bucket'],
    },
    {
      text: 'The replication rule names a different destination bucket than intended.',
      checks: ['replication-rule', 'destination-bucket'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Compare the Regions of ${v.sourceBucket} and ${v.destinationBucket} (expected ${v.destinationRegion}) with the destinations in the replication configuration:`,
        `${getBucketLocationCommand(v.sourceBucket)}\n${getBucketLocationCommand(v.destinationBucket)}\n${getBucketReplicationCommand(v)} --query ${shellArg('ReplicationConfiguration.Rules[].[ID,Destination.Bucket]')}`,
      ),
      rerunInSourceRegionStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_BATCH_REPLICATION],
});

// Batch Replication cannot re-replicate objects deleted by version ID from the destination; copy the source objects in
// place (a Batch Operations Copy job for many) — s3-batch-replication-batch.html, replication-what-is-isnot-replicated.html.
// No redrive step: redriving would fail the same way.
export const dstObjectHardDeleted: CatalogEntry = defineEntry({
  code: 'DstObjectHardDeleted',
  title: 'Replica was permanently deleted at the destination; Batch Replication cannot restore it',
  meaning: `S3 Batch Replication does not re-replicate objects that were deleted from the destination bucket by version ID. ${BATCH_ONLY}`,
  category: 'batch-replication',
  severity: 'warning',
  batchReplicationOnly: true,
  causes: [
    {
      text: 'The replica version was deleted from the destination bucket by specifying its version ID.',
      checks: ['source-object'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Copy the source object in place: the copy is a new version of ${v.sourceBucket}/${v.key} that live replication sends to ${v.destinationBucket}. For many objects use an S3 Batch Operations Copy job with the same manifest (objects over 5 GB need a multipart copy):`,
        copyInPlaceCommand(v),
      ),
    ),
  docs: [DOC_FAILURE_CODES, DOC_BATCH_REPLICATION, DOC_WHAT_IS_REPLICATED, DOC_REPLICATION_STATUS],
});

/** Failure reasons only S3 Batch Replication produces. */
export const BATCH_ENTRIES: readonly CatalogEntry[] = [
  dstBucketInvalidRegion,
  dstObjectHardDeleted,
  initiateReplicationNotPermitted,
  srcBucketInvalidRegion,
];
