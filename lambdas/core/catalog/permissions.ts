/**
 * Failure reasons caused by missing or denied permissions of the replication role, the bucket policies or the KMS
 * key policies.
 *
 * Severity: all `critical`. A missing permission fails every new object (or every object of the affected kind:
 * delete markers, multipart uploads, tagged objects) until someone changes a policy; nothing heals by itself.
 *
 * Meanings paraphrase https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes;
 * the statements come from setting-repl-config-perm-overview.html, replication-troubleshoot.html,
 * replication-config-for-kms-objects.html and replication-change-owner.html.
 */
import {
  DESTINATION_DENY_CAUSE,
  destinationBucketPolicyCause,
  FOREIGN_SOURCE_OBJECT_CAUSE,
  roleDestinationCause,
  roleSourceCause,
  SOURCE_DENY_CAUSE,
} from './causes.js';
import { defineEntry } from './define.js';
import {
  DOC_BATCH_POLICIES,
  DOC_CHANGE_OWNER,
  DOC_DELETE_MARKER_REPLICATION,
  DOC_FAILURE_CODES,
  DOC_KMS,
  DOC_OBJECT_OWNERSHIP,
  DOC_PERMISSIONS,
  DOC_REPLICATION_STATUS,
  DOC_TROUBLESHOOT,
} from './docs.js';
import {
  bucketArn,
  getBucketOwnershipControlsCommand,
  getBucketReplicationCommand,
  getRoleCommand,
  json,
  putBucketOwnerEnforcedCommand,
  roleDestinationStatement,
  roleSourceStatements,
  type SnippetValues,
  s3ViaService,
} from './snippets.js';
import {
  destinationBucketPolicyStep,
  destinationDenyStep,
  destinationKeyPolicySteps,
  destinationKmsRoleStep,
  inSourceAccount,
  ownershipChoiceText,
  redriveStep,
  rolePolicyStep,
  sourceDenyStep,
  sourceKeyPolicyStep,
  sourceKmsRoleStep,
  step,
  steps,
  trustPolicyStep,
} from './steps.js';
import type { CatalogEntry } from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Shared remediation for destination writes and source reads

function roleDestinationStep(v: SnippetValues, decisive: string): string {
  return rolePolicyStep(
    v,
    `The replication role needs ${decisive} on the destination objects; the minimum statement is s3:ReplicateObject, s3:ReplicateDelete and s3:ReplicateTags on ${bucketArn(v, v.destinationBucket, '*')} (s3:ReplicateObject also covers tags and ACLs).`,
    'replication-destination',
    [roleDestinationStatement(v)],
  );
}

/** Owner override needs the extra permission unless the destination enforces bucket ownership (replication-change-owner.html). */
function ownershipSteps(v: SnippetValues): string[] {
  if (v.crossAccount === false) return [];
  return [
    step(
      `${ownershipChoiceText(v)} The role statement for the owner override:`,
      json(roleDestinationStatement(v, ['s3:ObjectOwnerOverrideToBucketOwner'], 'ReplicationOwnerOverride')),
    ),
  ];
}

/** KMS steps for a write to the destination; text only when no destination key is known for the rule. */
function destinationKmsSteps(v: SnippetValues): string[] {
  if (!v.hasDestinationKmsKey) {
    return [
      `If rule ${v.ruleId} encrypts replicas with a KMS key (ReplicaKmsKeyID), or ${v.destinationBucket} defaults to SSE-KMS, the role needs kms:Encrypt, kms:GenerateDataKey and kms:Decrypt on that key through S3, and the key policy must allow the role; across accounts it must be a customer managed key of the destination account, never aws/s3.`,
    ];
  }
  return [destinationKmsRoleStep(v), ...destinationKeyPolicySteps(v)];
}

function roleSourceStep(v: SnippetValues, decisive: string): string {
  return rolePolicyStep(
    v,
    `The replication role needs ${decisive} on ${bucketArn(v, v.sourceBucket, '*')}, besides s3:GetReplicationConfiguration and s3:ListBucket on the source bucket.`,
    'replication-source',
    roleSourceStatements(v),
  );
}

/** The bucket owner must own (or be granted access to) source objects (replication-troubleshoot.html). */
function sourceOwnershipStep(v: SnippetValues): string {
  return step(
    `Objects uploaded by another account are not readable by the role unless the bucket owner owns them. Check Object Ownership of ${v.sourceBucket}; with BucketOwnerPreferred, writers must upload with the bucket-owner-full-control ACL. Setting BucketOwnerEnforced disables ACLs and makes the bucket owner own every object (first make sure no writer depends on ACLs other than bucket-owner-full-control). Run ${inSourceAccount(v)}:`,
    `${getBucketOwnershipControlsCommand(v.sourceBucket)}\n${putBucketOwnerEnforcedCommand(v.sourceBucket)}`,
  );
}

function sourceKmsSteps(v: SnippetValues): string[] {
  if (!v.hasSourceKmsKey) {
    return [
      `If the object is SSE-KMS encrypted, rule ${v.ruleId} must have SseKmsEncryptedObjects enabled and the role needs kms:Decrypt on the object's key through S3 (kms:ViaService ${s3ViaService(v, v.sourceRegion)}).`,
    ];
  }
  return [sourceKmsRoleStep(v), sourceKeyPolicyStep(v)];
}

// ---------------------------------------------------------------------------------------------------------------
// Entries

// The trust policy and Batch Operations principal: setting-repl-config-perm-overview.html, Step 2.
export const assumeRoleNotPermitted: CatalogEntry = defineEntry({
  code: 'AssumeRoleNotPermitted',
  title: 'S3 cannot assume the replication role',
  meaning:
    'Amazon S3 cannot assume the IAM role named in the replication configuration (or in the Batch Operations job), so it can read and write nothing for this rule.',
  category: 'permissions',
  severity: 'critical',
  causes: [
    {
      text: 'The role trust policy does not allow s3.amazonaws.com to call sts:AssumeRole (for a Batch Replication job run by this role, batchoperations.s3.amazonaws.com as well).',
      checks: ['role-trust'],
    },
    {
      text: 'The role named in the replication configuration no longer exists, or the configuration names the wrong role ARN.',
      checks: ['role-exists', 'replication-rule'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Confirm that the role ${v.roleArn} named in the replication configuration of ${v.sourceBucket} exists and is the intended one:`,
        `${getRoleCommand(v)}\n${getBucketReplicationCommand(v)} --query ReplicationConfiguration.Role`,
      ),
      trustPolicyStep(v, { batchOperations: true }),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_BATCH_POLICIES, DOC_REPLICATION_STATUS],
});

// Two documented causes: s3:ReplicateObject / s3:ObjectOwnerOverrideToBucketOwner missing, or the destination key
// policy does not let the role use the key (kms:Decrypt, kms:GenerateDataKey*) — replication-metrics-events.html.
export const dstPutObjectNotPermitted: CatalogEntry = defineEntry({
  code: 'DstPutObjectNotPermitted',
  formerSpellings: ['DstPutObjNotPermitted'],
  title: 'S3 cannot write replicas to the destination bucket',
  meaning:
    'Amazon S3 cannot replicate objects to the destination bucket: the replication role lacks s3:ReplicateObject (or s3:ObjectOwnerOverrideToBucketOwner when the rule changes replica ownership) on the destination, or the destination KMS key policy does not let the role use the key (kms:Decrypt, kms:GenerateDataKey*).',
  category: 'permissions',
  severity: 'critical',
  causes: [
    roleDestinationCause('s3:ReplicateObject'),
    destinationBucketPolicyCause('s3:ReplicateObject'),
    {
      text: 'The rule overrides replica ownership (AccessControlTranslation) but s3:ObjectOwnerOverrideToBucketOwner is missing from the role policy or the destination bucket policy.',
      checks: ['destination-ownership', 'role-destination-permissions', 'destination-bucket-policy'],
    },
    {
      text: 'Replicas are SSE-KMS encrypted and the destination key policy (or the role policy) does not let the role use the destination key.',
      checks: ['destination-kms-key-policy', 'role-kms-permissions', 'destination-kms-key'],
    },
    DESTINATION_DENY_CAUSE,
  ],
  remediation: (v) =>
    steps(
      roleDestinationStep(v, 's3:ReplicateObject'),
      destinationBucketPolicyStep(v),
      ownershipSteps(v),
      destinationKmsSteps(v),
      destinationDenyStep(v, ['s3:ReplicateObject', 's3:ObjectOwnerOverrideToBucketOwner']),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_TROUBLESHOOT, DOC_CHANGE_OWNER, DOC_KMS, DOC_REPLICATION_STATUS],
});

// s3:ReplicateDelete for delete markers: replication-metrics-events.html; delete marker replication is opt-in for V2
// rules (delete-marker-replication.html), so the rule's DeleteMarkerReplication is shown as context.
export const dstDelObjNotPermitted: CatalogEntry = defineEntry({
  code: 'DstDelObjNotPermitted',
  title: 'S3 cannot replicate delete markers to the destination',
  meaning:
    'Amazon S3 cannot replicate delete markers to the destination bucket; the s3:ReplicateDelete permission is probably missing for the destination.',
  category: 'permissions',
  severity: 'critical',
  causes: [
    roleDestinationCause('s3:ReplicateDelete'),
    destinationBucketPolicyCause('s3:ReplicateDelete'),
    {
      text: 'An explicit Deny on s3:ReplicateDelete (for example a destination policy written to protect against deletes, an SCP or a permissions boundary).',
      checks: ['destination-bucket-policy', 'role-destination-permissions'],
    },
  ],
  extraChecks: ['delete-marker-replication'],
  remediation: (v) =>
    steps(
      roleDestinationStep(v, 's3:ReplicateDelete'),
      destinationBucketPolicyStep(v),
      destinationDenyStep(v, ['s3:ReplicateDelete']),
      `If delete markers should not reach ${v.destinationBucket}, set DeleteMarkerReplication to Disabled in rule ${v.ruleId} instead of granting s3:ReplicateDelete.`,
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_DELETE_MARKER_REPLICATION, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
});

// The three multipart codes share one documented cause (s3:ReplicateObject) — replication-metrics-events.html.
function multipartEntry(
  code: string,
  formerSpellings: readonly string[],
  title: string,
  meaning: string,
): CatalogEntry {
  return defineEntry({
    code,
    formerSpellings,
    title,
    meaning,
    category: 'permissions',
    severity: 'critical',
    causes: [
      roleDestinationCause('s3:ReplicateObject', ' (large objects replicate as multipart uploads)'),
      destinationBucketPolicyCause('s3:ReplicateObject'),
      {
        text: 'Replicas are SSE-KMS encrypted and the role cannot use the destination key (kms:GenerateDataKey, kms:Decrypt).',
        checks: ['role-kms-permissions', 'destination-kms-key-policy'],
      },
      DESTINATION_DENY_CAUSE,
    ],
    remediation: (v) =>
      steps(
        roleDestinationStep(v, 's3:ReplicateObject'),
        destinationBucketPolicyStep(v),
        destinationKmsSteps(v),
        destinationDenyStep(v, ['s3:ReplicateObject']),
        redriveStep(v),
      ),
    docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_KMS, DOC_REPLICATION_STATUS],
  });
}

export const dstMultipartInitNotPermitted: CatalogEntry = multipartEntry(
  'DstMultipartInitNotPermitted',
  [],
  'S3 cannot start multipart uploads in the destination bucket',
  'Amazon S3 cannot initiate multipart uploads of objects to the destination bucket; the s3:ReplicateObject permission is probably missing for the destination.',
);

// Spelled DstMultipartPartUploadNotPermitted in the 2022-2023 docs and in the S3 on Outposts list.
export const dstMultipartUploadNotPermitted: CatalogEntry = multipartEntry(
  'DstMultipartUploadNotPermitted',
  ['DstMultipartPartUploadNotPermitted'],
  'S3 cannot upload multipart parts to the destination bucket',
  'Amazon S3 cannot upload the parts of multipart-uploaded objects to the destination bucket; the s3:ReplicateObject permission is probably missing for the destination.',
);

export const dstMultipartCompleteNotPermitted: CatalogEntry = multipartEntry(
  'DstMultipartCompleteNotPermitted',
  [],
  'S3 cannot complete multipart uploads in the destination bucket',
  'Amazon S3 cannot complete multipart uploads of objects in the destination bucket; the s3:ReplicateObject permission is probably missing for the destination.',
);

// ACLs replicate under s3:ReplicateObject (setting-repl-config-perm-overview.html); owner override and
// BucketOwnerEnforced change what happens to ACLs (replication-change-owner.html).
export const dstPutAclNotPermitted: CatalogEntry = defineEntry({
  code: 'DstPutAclNotPermitted',
  title: 'S3 cannot replicate object ACLs to the destination',
  meaning:
    'Amazon S3 cannot replicate object access control lists (ACLs) to the destination bucket; the s3:ReplicateObject permission is probably missing for the destination.',
  category: 'permissions',
  severity: 'critical',
  causes: [
    roleDestinationCause('s3:ReplicateObject (which covers ACLs)'),
    destinationBucketPolicyCause('s3:ReplicateObject'),
    {
      text: 'Replica ownership is set up inconsistently: owner override (AccessControlTranslation) without s3:ObjectOwnerOverrideToBucketOwner, where BucketOwnerEnforced on the destination would need no ACLs at all.',
      checks: ['destination-ownership', 'role-destination-permissions'],
    },
    DESTINATION_DENY_CAUSE,
  ],
  remediation: (v) =>
    steps(
      roleDestinationStep(v, 's3:ReplicateObject'),
      destinationBucketPolicyStep(v),
      ownershipSteps(v),
      destinationDenyStep(v, ['s3:ReplicateObject']),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_CHANGE_OWNER, DOC_OBJECT_OWNERSHIP, DOC_REPLICATION_STATUS],
});

// Tags: s3:ReplicateObject/s3:ReplicateTags at the destination; a destination Deny on s3:ReplicateTags and a missing
// s3:GetObjectVersionTagging (objects then replicate without tags) — setting-repl-config-perm-overview.html.
export const dstPutTaggingNotPermitted: CatalogEntry = defineEntry({
  code: 'DstPutTaggingNotPermitted',
  title: 'S3 cannot replicate object tags to the destination',
  meaning:
    'Amazon S3 cannot replicate object tags to the destination bucket; the s3:ReplicateObject permission is probably missing for the destination.',
  category: 'permissions',
  severity: 'critical',
  causes: [
    roleDestinationCause('s3:ReplicateObject and s3:ReplicateTags'),
    {
      text: 'The destination bucket is in another account and its bucket policy does not grant s3:ReplicateTags, or explicitly denies it to keep tags out.',
      checks: ['destination-bucket-policy'],
    },
    {
      text: 'An explicit Deny on s3:ReplicateTags in an SCP, RCP or permissions boundary.',
      checks: ['role-destination-permissions'],
    },
  ],
  remediation: (v) =>
    steps(
      roleDestinationStep(v, 's3:ReplicateObject and s3:ReplicateTags'),
      destinationBucketPolicyStep(v),
      destinationDenyStep(v, ['s3:ReplicateObject', 's3:ReplicateTags']),
      `If the destination owner deliberately refuses tags, replicate objects without them instead: remove s3:GetObjectVersionTagging on ${bucketArn(v, v.sourceBucket, '*')} from the role, and S3 replicates the objects but not their tags.`,
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
});

// s3:GetObjectVersionForReplication on the source; the role's account must be able to read the objects
// (setting-repl-config-perm-overview.html, "Important"); SSE-KMS needs kms:Decrypt (replication-config-for-kms-objects.html).
export const srcGetObjectNotPermitted: CatalogEntry = defineEntry({
  code: 'SrcGetObjectNotPermitted',
  formerSpellings: ['SrcGetObjNotPermitted'],
  title: 'S3 cannot read source objects for replication',
  meaning:
    'Amazon S3 cannot access the object in the source bucket for replication; the s3:GetObjectVersionForReplication permission is probably missing for the source bucket.',
  category: 'permissions',
  severity: 'critical',
  causes: [
    roleSourceCause('s3:GetObjectVersionForReplication'),
    {
      text: 'The object was uploaded by another account and the source bucket owner neither owns it nor was granted access by its ACL.',
      checks: ['source-ownership', 'source-object'],
    },
    SOURCE_DENY_CAUSE,
    {
      text: 'The object is SSE-KMS encrypted and the role cannot decrypt it with the source key.',
      checks: ['sse-kms-selection', 'role-kms-permissions', 'source-kms-key-policy'],
    },
  ],
  remediation: (v) =>
    steps(
      roleSourceStep(v, 's3:GetObjectVersionForReplication'),
      sourceOwnershipStep(v),
      sourceDenyStep(v, ['s3:GetObjectVersionForReplication']),
      sourceKmsSteps(v),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_TROUBLESHOOT, DOC_KMS, DOC_REPLICATION_STATUS],
});

// Reading metadata or tags of a source object fails the same ways: the role lacks the read permission, a Deny blocks
// it, or the object is foreign-owned (setting-repl-config-perm-overview.html).
function sourceReadEntry(code: string, title: string, meaning: string, action: string): CatalogEntry {
  return defineEntry({
    code,
    title,
    meaning,
    category: 'permissions',
    severity: 'critical',
    causes: [roleSourceCause(action), SOURCE_DENY_CAUSE, FOREIGN_SOURCE_OBJECT_CAUSE],
    remediation: (v) =>
      steps(roleSourceStep(v, action), sourceDenyStep(v, [action]), sourceOwnershipStep(v), redriveStep(v)),
    docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
  });
}

export const srcHeadObjectNotPermitted: CatalogEntry = sourceReadEntry(
  'SrcHeadObjectNotPermitted',
  'S3 cannot read source object metadata for replication',
  'Amazon S3 cannot retrieve object metadata from the source bucket; the s3:GetObjectVersionForReplication permission is probably missing for the source bucket.',
  's3:GetObjectVersionForReplication',
);

// The newest text adds the ownership explanation (Bucket owner preferred needs bucket-owner-full-control; Bucket
// owner enforced makes the source account own every object) — replication-metrics-events.html. Category `ownership`
// because the role's default policies already include s3:GetObjectVersionAcl, so foreign-owned objects are the usual
// reason.
export const srcGetAclNotPermitted: CatalogEntry = defineEntry({
  code: 'SrcGetAclNotPermitted',
  title: 'S3 cannot read source object ACLs (object not owned by the bucket owner?)',
  meaning:
    'Amazon S3 cannot access the source object for replication; s3:GetObjectVersionAcl may be missing. Source objects must be owned by the bucket owner: with ACLs enabled and Object Ownership set to Bucket owner preferred, writers must add the bucket-owner-full-control ACL; Bucket owner enforced disables ACLs and gives the bucket owner every object.',
  category: 'ownership',
  severity: 'critical',
  causes: [
    {
      text: 'The object was written by another account and is not owned by the source bucket owner (Object Ownership is ObjectWriter, or BucketOwnerPreferred without the bucket-owner-full-control ACL).',
      checks: ['source-ownership', 'source-object'],
    },
    roleSourceCause('s3:GetObjectVersionAcl'),
    SOURCE_DENY_CAUSE,
  ],
  remediation: (v) =>
    steps(
      sourceOwnershipStep(v),
      roleSourceStep(v, 's3:GetObjectVersionAcl'),
      sourceDenyStep(v, ['s3:GetObjectVersionAcl']),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_PERMISSIONS, DOC_OBJECT_OWNERSHIP, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
});

export const srcGetTaggingNotPermitted: CatalogEntry = sourceReadEntry(
  'SrcGetTaggingNotPermitted',
  'S3 cannot read source object tags for replication',
  'Amazon S3 cannot read object tags in the source bucket; the s3:GetObjectVersionTagging permission is probably missing for the source bucket.',
  's3:GetObjectVersionTagging',
);

/** Permission failure reasons, in the order of the AWS table. */
export const PERMISSION_ENTRIES: readonly CatalogEntry[] = [
  assumeRoleNotPermitted,
  dstDelObjNotPermitted,
  dstMultipartCompleteNotPermitted,
  dstMultipartInitNotPermitted,
  dstMultipartUploadNotPermitted,
  dstPutAclNotPermitted,
  dstPutObjectNotPermitted,
  dstPutTaggingNotPermitted,
  srcGetAclNotPermitted,
  srcGetObjectNotPermitted,
  srcGetTaggingNotPermitted,
  srcHeadObjectNotPermitted,
];
