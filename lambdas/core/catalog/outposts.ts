/**
 * S3 on Outposts reports replication failures through EventBridge (`s3-outposts` namespace) with its own list of
 * reasons: https://docs.aws.amazon.com/AmazonS3/latest/userguide/outposts-replication-eventbridge.html. All but one
 * are codes of the main list (some in their older spellings, handled as former spellings there); the one extra code
 * is here.
 *
 * Severity `critical`: a full Outpost fails every replica until capacity is freed.
 */
import { defineEntry } from './define.js';
import { DOC_OUTPOSTS_CAPACITY, DOC_OUTPOSTS_FAILURE_CODES, DOC_REPLICATION_STATUS } from './docs.js';
import { step, steps } from './steps.js';
import type { CatalogEntry } from './types.js';

// Capacity metrics (OutpostFreeBytes, OutpostTotalBytes, BucketUsedBytes) and ways to free space — S3OutpostsCapacity.html.
// Failed objects cannot be retried and must be uploaded again — replication-status.html.
export const dstOutOfCapacity: CatalogEntry = defineEntry({
  code: 'DstOutOfCapacity',
  title: 'Destination Outpost is out of S3 storage capacity',
  meaning:
    'S3 on Outposts cannot replicate to the destination Outpost because the Outpost is out of S3 storage capacity. Only S3 on Outposts produces this code.',
  category: 'capacity',
  severity: 'critical',
  outpostsOnly: true,
  causes: [
    {
      text: 'The destination Outpost has no free S3 capacity left.',
      checks: ['destination-bucket'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Check the destination Outpost's free capacity in CloudWatch (namespace S3Outposts, metric OutpostFreeBytes, with OutpostTotalBytes and BucketUsedBytes for ${v.destinationBucket}), and add an alarm on it:`,
        `aws cloudwatch list-metrics --namespace S3Outposts --metric-name OutpostFreeBytes`,
      ),
      'Free space on the destination Outpost: delete data, add a lifecycle expiration rule, or move data to a bucket in an AWS Region (for example with AWS DataSync).',
      `Objects that already failed stay FAILED and are not retried: once there is capacity, upload them to ${v.sourceBucket} again so they replicate.`,
    ),
  docs: [DOC_OUTPOSTS_FAILURE_CODES, DOC_OUTPOSTS_CAPACITY, DOC_REPLICATION_STATUS],
});

/** Failure reasons only S3 on Outposts produces. */
export const OUTPOSTS_ENTRIES: readonly CatalogEntry[] = [dstOutOfCapacity];
