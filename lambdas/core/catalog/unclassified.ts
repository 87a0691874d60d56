/**
 * The general troubleshooting checklist, used for failure reasons the catalog does not know (AWS adds codes over
 * time). Each item comes from https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html
 * unless its comment names another page.
 *
 * Severity `warning`: an unknown code may be anything from benign to an outage, so it alerts without paging as
 * critical; the live checks then say what is actually wrong.
 */
import { defineEntry } from './define.js';
import {
  DOC_BATCH_REPLICATION,
  DOC_CHANGE_OWNER,
  DOC_DELETE_MARKER_REPLICATION,
  DOC_FAILURE_CODES,
  DOC_KMS,
  DOC_OBJECT_LOCK_REPLICATION,
  DOC_PERMISSIONS,
  DOC_REPLICATION_METRICS,
  DOC_TROUBLESHOOT,
  DOC_WHAT_IS_REPLICATED,
} from './docs.js';
import {
  bucketArn,
  checkBucketCommand,
  getBucketReplicationCommand,
  ROLE_DESTINATION_ACTIONS,
  ROLE_SOURCE_OBJECT_ACTIONS,
  roleDestinationStatement,
  roleSourceStatements,
  shellArg,
} from './snippets.js';
import {
  destinationBucketPolicyStep,
  destinationKeyPolicySteps,
  destinationKmsRoleStep,
  enableVersioningStep,
  explicitDenyStep,
  ownershipChoiceText,
  redriveStep,
  replicaKmsRuleStep,
  rolePolicyStep,
  sourceKmsRoleStep,
  step,
  steps,
} from './steps.js';
import type { CatalogEntry, LikelyCause } from './types.js';

/** The whole checklist engineers walk when replication does not work, most common first. */
export const GENERAL_CHECKLIST: readonly LikelyCause[] = [
  // replication-what-is-isnot-replicated.html; FAILED objects are not retried: replication-status.html.
  {
    text: 'New vs existing objects: live replication copies only objects written after the rule exists. Existing objects, replicas made by another rule and objects already replicated to another destination need S3 Batch Replication, and objects whose replication FAILED are never retried by S3.',
    checks: ['source-object', 'replication-rule'],
  },
  // replication-metrics-events.html ("Important").
  {
    text: 'Replication metrics must be enabled on the rule: without them S3 sends no s3:Replication:OperationFailedReplication events, so failures stay silent.',
    checks: ['replication-metrics'],
  },
  {
    text: 'The rule is Enabled and names the intended destination bucket ARN and role; the destination bucket exists (and, across accounts, is not a Requester Pays bucket).',
    checks: ['replication-rule', 'source-bucket', 'destination-bucket'],
  },
  // setting-repl-config-perm-overview.html, Step 2.
  {
    text: 'The replication role exists and its trust policy lets s3.amazonaws.com assume it (add batchoperations.s3.amazonaws.com if the role also runs Batch Replication jobs).',
    checks: ['role-exists', 'role-trust'],
  },
  {
    text: "Role permissions: s3:GetReplicationConfiguration and s3:ListBucket on the source bucket; s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl and s3:GetObjectVersionTagging on source objects; s3:ReplicateObject, s3:ReplicateDelete and s3:ReplicateTags on destination objects. The role's account must be able to read the objects (objects owned by other accounts need ACL grants).",
    checks: ['role-source-permissions', 'role-destination-permissions'],
  },
  // setting-repl-config-perm-overview.html, Step 3.
  {
    text: 'Cross-account destination bucket policy: it grants the role s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags and s3:ObjectOwnerOverrideToBucketOwner on the objects, and s3:List*, s3:GetBucketVersioning and s3:PutBucketVersioning on the bucket.',
    checks: ['destination-bucket-policy'],
  },
  {
    text: 'Versioning is enabled, not suspended, on both the source and the destination bucket.',
    checks: ['source-versioning', 'destination-versioning'],
  },
  // replication-config-for-kms-objects.html.
  {
    text: 'SSE-KMS (and DSSE-KMS) objects replicate only when the rule enables SseKmsEncryptedObjects and names a valid replica key (ReplicaKmsKeyID) in the destination Region; S3 does not validate the key when the rule is saved.',
    checks: ['sse-kms-selection', 'source-kms-key', 'destination-kms-key'],
  },
  {
    text: 'KMS permissions: the role has kms:Decrypt on the source key, and kms:Encrypt and kms:GenerateDataKey on the destination key (also for plaintext objects going to an SSE-KMS default-encrypted destination), through S3 (kms:ViaService). With S3 Bucket Keys the encryption context kms:EncryptionContext:aws:s3:arn is the bucket ARN, not bucket/*, and the destination key policy must also allow kms:Decrypt.',
    checks: ['role-kms-permissions', 'destination-default-encryption'],
  },
  {
    text: 'Cross-account KMS: the destination key is a customer managed key owned by the destination account, whose key policy grants the role; the AWS managed key aws/s3 cannot be used across accounts.',
    checks: ['destination-kms-key-policy', 'destination-kms-key', 'source-kms-key-policy'],
  },
  // replication-change-owner.html.
  {
    text: 'Object ownership: with BucketOwnerEnforced on the destination, replicas belong to the destination account without extra permissions; owner override (AccessControlTranslation) instead needs s3:ObjectOwnerOverrideToBucketOwner in the role and destination bucket policies. Source objects must be owned by the source bucket owner.',
    checks: ['destination-ownership', 'source-ownership'],
  },
  {
    text: 'Filters: prefix and tag filters are case-sensitive and must match the key and tags exactly, and tags must be present when the object is created (tags added later do not trigger replication).',
    checks: ['rule-filter'],
  },
  {
    text: 'No explicit Deny applies to the role: check its identity policies and permissions boundary, both bucket policies, both KMS key policies (including conditions on CIDR ranges, VPC endpoints or access points), and AWS Organizations SCPs and RCPs in either account.',
    checks: [
      'role-source-permissions',
      'role-destination-permissions',
      'source-bucket-policy',
      'destination-bucket-policy',
      'source-kms-key-policy',
      'destination-kms-key-policy',
    ],
  },
  // delete-marker-replication.html, replication-what-is-isnot-replicated.html.
  {
    text: 'Delete markers replicate only when a filter-based (V2) rule has DeleteMarkerReplication Enabled (tag-based rules cannot) and the role has s3:ReplicateDelete; deletes by version ID and delete markers created by lifecycle never replicate.',
    checks: ['delete-marker-replication', 'role-destination-permissions'],
  },
  // object-lock-managing.html#object-lock-managing-replication.
  {
    text: 'Object Lock on both sides: with Object Lock on the source, the destination needs Object Lock enabled too, and the role needs s3:GetObjectRetention and s3:GetObjectLegalHold on the source.',
    checks: ['object-lock'],
  },
  // replication-what-is-isnot-replicated.html, archived-objects.html.
  {
    text: 'Storage classes: objects in S3 Glacier Flexible Retrieval (GLACIER) or S3 Glacier Deep Archive (DEEP_ARCHIVE), and in the Intelligent-Tiering Archive Access or Deep Archive Access tiers, are not replicated; restore them first.',
    checks: ['source-object'],
  },
];

/** The entry for any code the catalog does not know. */
export const UNCLASSIFIED: CatalogEntry = defineEntry({
  code: 'unclassified',
  title: 'Unrecognised replication failure reason',
  meaning:
    'S3 reported a failure reason this catalog does not know (AWS adds codes over time). The general replication checklist applies; the live checks show which item fails.',
  category: 'unclassified',
  severity: 'warning',
  causes: GENERAL_CHECKLIST,
  remediation: (v) =>
    steps(
      step(
        `Walk the checklist for ${v.sourceBucket} (replication-doctor runs it live) and read rule ${v.ruleId}: Status Enabled, Destination ${v.destinationBucket}, Role ${v.roleArn}, Filter (case-sensitive; tags must be on objects at creation), Metrics, DeleteMarkerReplication, SourceSelectionCriteria:`,
        `${checkBucketCommand(v)}\n${getBucketReplicationCommand(v)} --query ${shellArg(`ReplicationConfiguration.Rules[?ID=='${v.ruleId}']`)}`,
      ),
      rolePolicyStep(
        v,
        `The replication role must trust s3.amazonaws.com and allow ${[...ROLE_SOURCE_OBJECT_ACTIONS, ...ROLE_DESTINATION_ACTIONS].join(', ')} (plus s3:GetObjectRetention and s3:GetObjectLegalHold with Object Lock, and s3:ReplicateDelete with DeleteMarkerReplication).`,
        'replication',
        [...roleSourceStatements(v), roleDestinationStatement(v)],
      ),
      destinationBucketPolicyStep(v),
      ownershipChoiceText(v),
      enableVersioningStep(v, 'source'),
      enableVersioningStep(v, 'destination'),
      v.hasSourceKmsKey && sourceKmsRoleStep(v),
      v.hasDestinationKmsKey
        ? [replicaKmsRuleStep(v), destinationKmsRoleStep(v), ...destinationKeyPolicySteps(v)]
        : undefined,
      !v.hasSourceKmsKey &&
        !v.hasDestinationKmsKey &&
        'For SSE-KMS objects: enable SseKmsEncryptedObjects in the rule, grant the role kms:Decrypt on the source key and kms:Encrypt and kms:GenerateDataKey on the destination key, and across accounts use a customer managed key of the destination account (never aws/s3); with S3 Bucket Keys the encryption context is the bucket ARN.',
      explicitDenyStep(
        v,
        ['s3:GetObjectVersionForReplication', 's3:ReplicateObject'],
        [bucketArn(v, v.sourceBucket, '*'), bucketArn(v, v.destinationBucket, '*')],
      ),
      'With Object Lock on the source, enable Object Lock on the destination too. Objects in GLACIER or DEEP_ARCHIVE (or the Intelligent-Tiering archive tiers) must be restored before they can be replicated, and objects that existed before the rule need S3 Batch Replication.',
      redriveStep(v),
    ),
  docs: [
    DOC_FAILURE_CODES,
    DOC_TROUBLESHOOT,
    DOC_PERMISSIONS,
    DOC_KMS,
    DOC_WHAT_IS_REPLICATED,
    DOC_CHANGE_OWNER,
    DOC_DELETE_MARKER_REPLICATION,
    DOC_OBJECT_LOCK_REPLICATION,
    DOC_REPLICATION_METRICS,
    DOC_BATCH_REPLICATION,
  ],
});
