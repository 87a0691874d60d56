/**
 * Failure reasons about one object's state rather than the setup.
 *
 * Severity:
 * - `warning` for SrcObjectNotEligible and DstVersionNotFound: specific objects need attention, the rule itself works.
 * - `info` for SrcKeyNotFound, SrcObjectNotFound and SrcVersionNotFound (the object was deleted before S3 replicated
 *   it, which the docs call out as the cause) and SrcReplicationNotPending (already replicated): benign states that
 *   need no fix, only a look when they are unexpected.
 */
import { defineEntry } from './define.js';
import {
  DOC_ARCHIVED_OBJECTS,
  DOC_BATCH_REPLICATION,
  DOC_BATCH_RESTORE,
  DOC_FAILURE_CODES,
  DOC_KMS,
  DOC_REPLICATION_STATUS,
  DOC_TROUBLESHOOT,
  DOC_WHAT_IS_REPLICATED,
} from './docs.js';
import {
  copyInPlaceCommand,
  getBucketLifecycleCommand,
  getBucketReplicationCommand,
  getObjectTaggingCommand,
  headObjectCommand,
  listObjectVersionsCommand,
  restoreObjectCommand,
  shellArg,
} from './snippets.js';
import { redriveStep, replicaKmsRuleStep, step, steps } from './steps.js';
import type { CatalogEntry } from './types.js';

// "Some objects aren't eligible for replication. This may be due to the object's storage class or the object tags
// don't match the replication configuration" — replication-metrics-events.html. What is not replicated (archive
// storage classes, replicas of other rules, SSE-KMS without opt-in): replication-what-is-isnot-replicated.html,
// replication-config-for-kms-objects.html; tags must exist at creation: replication-troubleshoot.html;
// Intelligent-Tiering archive tiers need a restore too: archived-objects.html.
export const srcObjectNotEligible: CatalogEntry = defineEntry({
  code: 'SrcObjectNotEligible',
  title: 'Object is not eligible for replication (storage class, filter or encryption)',
  meaning:
    "The object is not eligible for replication, for example because of its storage class or because its tags don't match the replication configuration.",
  category: 'object-state',
  severity: 'warning',
  causes: [
    {
      text: 'The object is in S3 Glacier Flexible Retrieval (GLACIER) or S3 Glacier Deep Archive (DEEP_ARCHIVE), or in the Archive Access or Deep Archive Access tier of S3 Intelligent-Tiering, which are not replicated.',
      checks: ['source-object'],
    },
    {
      text: "The object's key or tags do not match the rule filter: prefix and tag filters are case-sensitive, and tags must be on the object when it is created (tags added later do not make it replicate).",
      checks: ['rule-filter', 'source-object'],
    },
    {
      text: 'The object is SSE-KMS (or DSSE-KMS) encrypted and the rule does not opt in with SseKmsEncryptedObjects.',
      checks: ['sse-kms-selection', 'source-object'],
    },
    {
      text: 'The object is itself a replica created by another rule; live replication does not chain replicas.',
      checks: ['source-object'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        'Read the object: StorageClass, ArchiveStatus (Intelligent-Tiering), ServerSideEncryption, ReplicationStatus, and its tags:',
        `${headObjectCommand(v)}\n${getObjectTaggingCommand(v)}`,
      ),
      step(
        'GLACIER and DEEP_ARCHIVE objects must be restored before Batch Replication can copy them. Objects in the Intelligent-Tiering Archive Access or Deep Archive Access tier are restored without a number of days (they return to the Frequent Access tier):',
        restoreObjectCommand(v),
      ),
      step(
        `Compare the key and tags with the filter of rule ${v.ruleId}; matching is case-sensitive. An object tagged after upload needs a new version carrying the tags, for example a copy in place (objects over 5 GB need a multipart copy):`,
        `${getBucketReplicationCommand(v)} --query ${shellArg('ReplicationConfiguration.Rules[].[ID,Status,Filter]')}\n${copyInPlaceCommand(v)}`,
      ),
      replicaKmsRuleStep(v),
      redriveStep(v, 'S3 Batch Replication also replicates objects that are replicas of another rule.'),
    ),
  docs: [
    DOC_FAILURE_CODES,
    DOC_WHAT_IS_REPLICATED,
    DOC_TROUBLESHOOT,
    DOC_ARCHIVED_OBJECTS,
    DOC_BATCH_RESTORE,
    DOC_KMS,
    DOC_REPLICATION_STATUS,
  ],
});

/** The object (or version) was gone by the time S3 read it. */
function deletedSourceEntry(code: string, title: string, meaning: string, suspendedVersioning: boolean): CatalogEntry {
  return defineEntry({
    code,
    title,
    meaning,
    category: 'object-state',
    severity: 'info',
    causes: [
      {
        text: 'The object was deleted (or overwritten and its version deleted) before replication finished.',
        checks: ['source-object'],
      },
      {
        text: 'A lifecycle expiration rule on the source bucket removed it before replication finished.',
        checks: ['source-object'],
      },
      ...(suspendedVersioning
        ? [
            {
              text: 'Versioning on the source bucket is suspended, so a later write replaced the null version before S3 replicated it.',
              checks: ['source-versioning' as const],
            },
          ]
        : []),
    ],
    remediation: (v) =>
      steps(
        step(
          `Confirm the object is gone from ${v.sourceBucket} (a delete marker or no version ${v.versionId} in the list):`,
          listObjectVersionsCommand(v),
        ),
        step(
          'If the deletion was intended, nothing needs fixing: there is nothing left to replicate. If objects disappear before they replicate unexpectedly, find out who deleted them (CloudTrail data events) and check the lifecycle rules:',
          getBucketLifecycleCommand(v.sourceBucket),
        ),
        redriveStep(v, `If version ${v.versionId} does still exist, it stays FAILED.`),
      ),
    docs: [DOC_FAILURE_CODES, DOC_REPLICATION_STATUS],
  });
}

export const srcKeyNotFound: CatalogEntry = deletedSourceEntry(
  'SrcKeyNotFound',
  'Source object key was gone before it replicated',
  'Amazon S3 cannot find the source object key to replicate; the object may have been deleted before replication was complete.',
  false,
);

export const srcObjectNotFound: CatalogEntry = deletedSourceEntry(
  'SrcObjectNotFound',
  'Source object does not exist',
  'The source object does not exist (it was most likely deleted before replication was complete).',
  false,
);

export const srcVersionNotFound: CatalogEntry = deletedSourceEntry(
  'SrcVersionNotFound',
  'Source object version was gone before it replicated',
  'Amazon S3 cannot find the source object version to replicate; the version may have been deleted before replication was complete.',
  true,
);

// "Amazon S3 has already replicated this object. This object is no longer pending replication." —
// replication-metrics-events.html. Typically seen in Batch Replication reports; s3-batch-replication-batch.html
// describes the ObjectReplicationStatuses filter.
export const srcReplicationNotPending: CatalogEntry = defineEntry({
  code: 'SrcReplicationNotPending',
  title: 'Object was already replicated',
  meaning: 'Amazon S3 has already replicated this object; it is no longer pending replication.',
  category: 'object-state',
  severity: 'info',
  causes: [
    {
      text: 'The object was replicated already, for example a Batch Replication job included objects whose status is COMPLETED.',
      checks: ['source-object'],
    },
  ],
  remediation: (v) =>
    steps(
      step('Confirm that ReplicationStatus is COMPLETED; no fix is needed:', headObjectCommand(v)),
      `For Batch Replication jobs, select only objects that still need it (ObjectReplicationStatuses FAILED, or NONE for never-replicated objects) so completed objects are not reported again; replication-doctor redrive selects FAILED objects of ${v.sourceBucket} this way.`,
    ),
  docs: [DOC_FAILURE_CODES, DOC_BATCH_REPLICATION, DOC_REPLICATION_STATUS],
});

// "Amazon S3 is unable to find the required object version in the destination bucket for which metadata needs to be
// replicated" — replication-metrics-events.html (written `DstVersionNotFound ` with a trailing space there).
// Batch Replication cannot re-replicate objects deleted by version ID at the destination; a copy in place at the
// source creates a new version that replicates — replication-what-is-isnot-replicated.html.
export const dstVersionNotFound: CatalogEntry = defineEntry({
  code: 'DstVersionNotFound',
  title: 'Replica version to update is missing at the destination',
  meaning:
    'Amazon S3 cannot find the object version in the destination bucket whose metadata (for example tags or ACL) it needs to replicate.',
  category: 'object-state',
  severity: 'warning',
  causes: [
    {
      text: 'The replica version was deleted from the destination by version ID, or expired by a lifecycle rule on the destination bucket.',
      checks: ['source-object'],
    },
    {
      text: 'Versioning was suspended on the destination bucket, so the replica version was not kept.',
      checks: ['destination-versioning'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Check whether the replica version exists in ${v.destinationBucket}, and what the destination lifecycle rules expire:`,
        `${headObjectCommand(v, v.destinationBucket)}\n${getBucketLifecycleCommand(v.destinationBucket)}`,
      ),
      step(
        `Batch Replication cannot re-replicate a version deleted from the destination by version ID. Copy the source version in place instead: the copy is a new version that live replication sends to ${v.destinationBucket} (objects over 5 GB need a multipart copy or an S3 Batch Operations Copy job):`,
        copyInPlaceCommand(v),
      ),
    ),
  docs: [DOC_FAILURE_CODES, DOC_WHAT_IS_REPLICATED, DOC_BATCH_REPLICATION],
});

/** Object-state failure reasons. */
export const OBJECT_ENTRIES: readonly CatalogEntry[] = [
  dstVersionNotFound,
  srcKeyNotFound,
  srcObjectNotEligible,
  srcObjectNotFound,
  srcReplicationNotPending,
  srcVersionNotFound,
];
