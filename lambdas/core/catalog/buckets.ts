/**
 * Failure reasons about the buckets and the replication configuration themselves.
 *
 * Severity: all `critical`. A missing bucket, a missing configuration or an unversioned destination fails every new
 * object of the rule until someone fixes the setup.
 */
import { defineEntry } from './define.js';
import {
  DOC_BATCH_REPLICATION,
  DOC_FAILURE_CODES,
  DOC_PERMISSIONS,
  DOC_REPLICATION_METRICS,
  DOC_REPLICATION_STATUS,
  DOC_TROUBLESHOOT,
} from './docs.js';
import {
  createBucketCommand,
  getBucketReplicationCommand,
  getBucketVersioningCommand,
  headBucketCommand,
  json,
  putBucketReplicationCommand,
  replicationConfiguration,
  shellArg,
} from './snippets.js';
import {
  destinationBucketPolicyStep,
  enableVersioningStep,
  inDestinationAccount,
  inSourceAccount,
  redriveStep,
  step,
  steps,
} from './steps.js';
import type { CatalogEntry } from './types.js';

// replication-metrics-events.html; "The Amazon Resource Name (ARN) of the destination bucket is correct" is the first
// configuration check in replication-troubleshoot.html.
export const dstBucketNotFound: CatalogEntry = defineEntry({
  code: 'DstBucketNotFound',
  title: 'Destination bucket named in the rule does not exist',
  meaning: 'Amazon S3 cannot find the destination bucket that is specified in the replication configuration.',
  category: 'configuration',
  severity: 'critical',
  causes: [
    {
      text: 'The destination bucket was deleted (or not created yet).',
      checks: ['destination-bucket'],
    },
    {
      text: "The rule's Destination.Bucket ARN is wrong (a typo, or a bucket name from another environment).",
      checks: ['replication-rule', 'destination-bucket'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Check that ${v.destinationBucket} exists (run ${inDestinationAccount(v)}) and which destination rule ${v.ruleId} names:`,
        `${headBucketCommand(v.destinationBucket)}\n${getBucketReplicationCommand(v)} --query ${shellArg('ReplicationConfiguration.Rules[].[ID,Destination.Bucket]')}`,
      ),
      step(
        `If the rule names the wrong bucket, correct Destination.Bucket in rule ${v.ruleId} and write the whole configuration back:`,
        putBucketReplicationCommand(v),
      ),
      step(
        `If the bucket was deleted, recreate it in ${v.destinationRegion} ${inDestinationAccount(v)}, then enable versioning and restore its policies:`,
        createBucketCommand(v.destinationBucket, v.destinationRegion),
      ),
      enableVersioningStep(v, 'destination'),
      destinationBucketPolicyStep(v),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_TROUBLESHOOT, DOC_PERMISSIONS, DOC_REPLICATION_STATUS],
});

// "Versioning is not enabled for the S3 destination bucket" — replication-metrics-events.html; both buckets must
// keep versioning enabled — replication-troubleshoot.html.
export const dstBucketUnversioned: CatalogEntry = defineEntry({
  code: 'DstBucketUnversioned',
  title: 'Destination bucket is not versioned',
  meaning:
    'Versioning is not enabled for the destination bucket. S3 Replication needs versioning enabled on both the source and the destination bucket.',
  category: 'versioning',
  severity: 'critical',
  causes: [
    {
      text: 'Versioning was never enabled on the destination bucket (for example, the bucket was recreated).',
      checks: ['destination-versioning'],
    },
    {
      text: 'Versioning was suspended on the destination bucket.',
      checks: ['destination-versioning'],
    },
  ],
  extraChecks: ['source-versioning'],
  remediation: (v) =>
    steps(
      step(`Read the versioning state of ${v.destinationBucket}:`, getBucketVersioningCommand(v.destinationBucket)),
      enableVersioningStep(v, 'destination'),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
});

// "Amazon S3 is unable to find the source bucket" — replication-metrics-events.html. Critical like a missing
// destination: nothing under this rule can replicate. No redrive step: without the bucket there is nothing to redrive.
export const srcBucketNotFound: CatalogEntry = defineEntry({
  code: 'SrcBucketNotFound',
  title: 'Source bucket cannot be found',
  meaning: 'Amazon S3 is unable to find the source bucket.',
  category: 'configuration',
  severity: 'critical',
  causes: [
    {
      text: 'The source bucket was deleted while replication (or a Batch Replication job) was still working on its objects.',
      checks: ['source-bucket'],
    },
    {
      text: 'A Batch Replication job or its manifest names the wrong source bucket.',
      checks: ['source-bucket', 'replication-rule'],
    },
  ],
  remediation: (v) =>
    steps(
      step(`Check that ${v.sourceBucket} exists ${inSourceAccount(v)}:`, headBucketCommand(v.sourceBucket)),
      `If a Batch Replication job reported this code, create the job again against the right source bucket; if ${v.sourceBucket} was deleted on purpose, remove this setup from the doctor's configured source buckets so it stops being audited.`,
    ),
  docs: [DOC_FAILURE_CODES, DOC_BATCH_REPLICATION],
});

// "Amazon S3 couldn't find a replication configuration for the source bucket" — replication-metrics-events.html;
// Batch Replication needs an existing configuration — s3-batch-replication-batch.html; metrics are needed for failure
// events — replication-metrics-events.html, repl-metrics.html.
export const srcBucketReplicationConfigMissing: CatalogEntry = defineEntry({
  code: 'SrcBucketReplicationConfigMissing',
  title: 'Source bucket has no replication configuration',
  meaning: 'Amazon S3 could not find a replication configuration for the source bucket.',
  category: 'configuration',
  severity: 'critical',
  causes: [
    {
      text: 'The replication configuration was deleted, or replaced by one without this rule, while objects were pending.',
      checks: ['replication-rule', 'source-bucket'],
    },
    {
      text: 'A Batch Replication job ran against a bucket with no replication configuration (Batch Replication needs an existing one).',
      checks: ['replication-rule'],
    },
  ],
  extraChecks: ['replication-metrics'],
  remediation: (v) =>
    steps(
      step(`Read the replication configuration of ${v.sourceBucket}:`, getBucketReplicationCommand(v)),
      step(
        `Restore the configuration with the role ${v.roleArn}, rule ${v.ruleId} and replication metrics enabled (without metrics S3 sends no failure events). Save as replication.json (keep any other rules the bucket should have):`,
        json(replicationConfiguration(v)),
      ),
      step(
        `Apply it ${inSourceAccount(v)} with a principal that has s3:PutReplicationConfiguration and iam:PassRole on the role:`,
        putBucketReplicationCommand(v),
      ),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_BATCH_REPLICATION, DOC_REPLICATION_METRICS, DOC_REPLICATION_STATUS],
});

/** Bucket and configuration failure reasons. */
export const BUCKET_ENTRIES: readonly CatalogEntry[] = [
  dstBucketNotFound,
  dstBucketUnversioned,
  srcBucketNotFound,
  srcBucketReplicationConfigMissing,
];
