/**
 * Failure reasons about S3 Object Lock. With Object Lock on the source, the destination needs Object Lock too, and
 * the role needs s3:GetObjectRetention and s3:GetObjectLegalHold on the source (s3:Get* satisfies both) —
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication.
 *
 * Severity: all `critical`. Every locked object fails until the bucket configuration or a policy changes.
 */
import { destinationBucketPolicyCause, roleDestinationCause } from './causes.js';
import { defineEntry } from './define.js';
import {
  DOC_FAILURE_CODES,
  DOC_OBJECT_LOCK_CONFIGURE,
  DOC_OBJECT_LOCK_REPLICATION,
  DOC_PERMISSIONS,
  DOC_REPLICATION_STATUS,
  DOC_TROUBLESHOOT,
} from './docs.js';
import {
  BUCKET_POLICY_OBJECT_ACTIONS,
  bucketArn,
  getObjectLockConfigurationCommand,
  putObjectLockConfigurationCommand,
  ROLE_SOURCE_OBJECT_LOCK_ACTIONS,
  roleDestinationStatement,
  roleSourceObjectStatement,
  type SnippetValues,
} from './snippets.js';
import {
  destinationBucketPolicyStep,
  destinationDenyStep,
  enableVersioningStep,
  inDestinationAccount,
  redriveStep,
  rolePolicyStep,
  sourceDenyStep,
  step,
  steps,
} from './steps.js';
import type { CatalogEntry } from './types.js';

function roleSourceObjectLockStep(v: SnippetValues): string {
  return rolePolicyStep(
    v,
    `With Object Lock on the source, the replication role needs s3:GetObjectRetention and s3:GetObjectLegalHold on ${bucketArn(v, v.sourceBucket, '*')} (an s3:Get* statement also satisfies both).`,
    'replication-source-object-lock',
    [roleSourceObjectStatement(v, ROLE_SOURCE_OBJECT_LOCK_ACTIONS, 'ReplicationSourceObjectLock')],
  );
}

/** Enables Object Lock on the existing destination bucket (object-lock-configure.html, "existing S3 bucket"). */
function enableDestinationObjectLockStep(v: SnippetValues): string {
  return step(
    `Enable Object Lock on the destination bucket ${v.destinationBucket} ${inDestinationAccount(v)}. It needs versioning first, and once enabled Object Lock cannot be disabled nor versioning suspended:`,
    `${getObjectLockConfigurationCommand(v.destinationBucket)}\n${putObjectLockConfigurationCommand(v.destinationBucket)}`,
  );
}

// "To replicate objects from a source bucket with Object Lock enabled, the destination bucket must also have Object
// Lock enabled" — replication-metrics-events.html; existing buckets can enable it — object-lock-configure.html.
export const dstBucketObjectLockConfigMissing: CatalogEntry = defineEntry({
  code: 'DstBucketObjectLockConfigMissing',
  title: 'Destination bucket has no Object Lock while the source does',
  meaning:
    'The source bucket has Object Lock enabled, so the destination bucket must have Object Lock enabled too; this error indicates it probably does not.',
  category: 'object-lock',
  severity: 'critical',
  causes: [
    {
      text: 'Object Lock is enabled on the source bucket but not on the destination bucket.',
      checks: ['object-lock'],
    },
    {
      text: 'The destination bucket is not versioned, and Object Lock works only with versioned buckets.',
      checks: ['destination-versioning'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Compare the Object Lock configuration of both buckets:`,
        `${getObjectLockConfigurationCommand(v.sourceBucket)}\n${getObjectLockConfigurationCommand(v.destinationBucket)}`,
      ),
      enableVersioningStep(v, 'destination'),
      enableDestinationObjectLockStep(v),
      roleSourceObjectLockStep(v),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_OBJECT_LOCK_REPLICATION, DOC_OBJECT_LOCK_CONFIGURE, DOC_REPLICATION_STATUS],
});

/** The replica's legal hold or retention cannot be written at the destination. */
function lockWriteEntry(code: string, action: string, title: string, meaning: string, denyHint: string): CatalogEntry {
  return defineEntry({
    code,
    title,
    meaning,
    category: 'object-lock',
    severity: 'critical',
    causes: [
      roleDestinationCause(action),
      destinationBucketPolicyCause(action),
      {
        text: `An explicit Deny on ${action} ${denyHint}`,
        checks: ['destination-bucket-policy', 'role-destination-permissions'],
      },
      {
        text: 'Object Lock is not enabled on the destination bucket.',
        checks: ['object-lock'],
      },
    ],
    remediation: (v) =>
      steps(
        rolePolicyStep(
          v,
          `The replication role needs ${action} on ${bucketArn(v, v.destinationBucket, '*')} to carry the source object's lock onto the replica.`,
          `replication-destination-${action.replace('s3:', '')}`,
          [roleDestinationStatement(v, [action], `Replication${action.replace('s3:', '')}`)],
        ),
        destinationBucketPolicyStep(v, [...BUCKET_POLICY_OBJECT_ACTIONS, action]),
        destinationDenyStep(v, [action]),
        enableDestinationObjectLockStep(v),
        redriveStep(v),
      ),
    docs: [DOC_FAILURE_CODES, DOC_OBJECT_LOCK_REPLICATION, DOC_PERMISSIONS, DOC_REPLICATION_STATUS],
  });
}

export const dstPutLegalHoldNotPermitted: CatalogEntry = lockWriteEntry(
  'DstPutLegalHoldNotPermitted',
  's3:PutObjectLegalHold',
  'S3 cannot put Object Lock legal holds on replicas',
  'Amazon S3 cannot put an Object Lock legal hold on the destination objects while replicating immutable objects; the s3:PutObjectLegalHold permission is probably missing for the destination bucket.',
  'in the destination bucket policy, an SCP, RCP or permissions boundary.',
);

// A destination bucket policy can cap retention periods with a Deny on s3:PutObjectRetention conditioned on
// s3:object-lock-remaining-retention-days, and that applies to replicas too (object-lock-managing.html).
export const dstPutRetentionNotPermitted: CatalogEntry = lockWriteEntry(
  'DstPutRetentionNotPermitted',
  's3:PutObjectRetention',
  'S3 cannot put Object Lock retention on replicas',
  'Amazon S3 cannot put a retention period on the destination objects while replicating immutable objects; the s3:PutObjectRetention permission is probably missing for the destination bucket.',
  'in the destination bucket policy (for example a retention limit on s3:object-lock-remaining-retention-days that the source retention exceeds), an SCP, RCP or permissions boundary.',
);

/** The source object's legal hold or retention cannot be read. */
function lockReadEntry(code: string, action: string, title: string, meaning: string): CatalogEntry {
  return defineEntry({
    code,
    title,
    meaning,
    category: 'object-lock',
    severity: 'critical',
    causes: [
      {
        text: `The replication role policy does not allow ${action} on the source objects (required with Object Lock; s3:Get* also satisfies it).`,
        checks: ['role-source-permissions'],
      },
      {
        text: `An explicit Deny on ${action} in the source bucket policy, an SCP, RCP or permissions boundary.`,
        checks: ['source-bucket-policy', 'role-source-permissions'],
      },
    ],
    extraChecks: ['object-lock'],
    remediation: (v) => steps(roleSourceObjectLockStep(v), sourceDenyStep(v, [action]), redriveStep(v)),
    docs: [DOC_FAILURE_CODES, DOC_OBJECT_LOCK_REPLICATION, DOC_PERMISSIONS, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
  });
}

export const srcGetLegalHoldNotPermitted: CatalogEntry = lockReadEntry(
  'SrcGetLegalHoldNotPermitted',
  's3:GetObjectLegalHold',
  'S3 cannot read the Object Lock legal hold of source objects',
  'Amazon S3 cannot access the S3 Object Lock legal hold information of the source object, which it must copy to the replica.',
);

export const srcGetRetentionNotPermitted: CatalogEntry = lockReadEntry(
  'SrcGetRetentionNotPermitted',
  's3:GetObjectRetention',
  'S3 cannot read the Object Lock retention of source objects',
  'Amazon S3 cannot access the S3 Object Lock retention period of the source object, which it must copy to the replica.',
);

/** Object Lock failure reasons. */
export const OBJECT_LOCK_ENTRIES: readonly CatalogEntry[] = [
  dstBucketObjectLockConfigMissing,
  dstPutLegalHoldNotPermitted,
  dstPutRetentionNotPermitted,
  srcGetLegalHoldNotPermitted,
  srcGetRetentionNotPermitted,
];
