/**
 * Builders for the policy statements and AWS CLI commands that remediation steps print. One function per snippet,
 * filled with the real values of a {@link RemediationContext}; a value the context lacks renders as a
 * `<placeholder>` so an operator sees exactly what to fill in.
 *
 * Statement shapes follow the AWS examples in setting-repl-config-perm-overview.html (role and destination bucket
 * policy), replication-config-for-kms-objects.html and replication-troubleshoot.html (KMS), and
 * replication-change-owner.html (owner override).
 */
import type { RemediationContext } from './types.js';

/** What an unknown context value renders as. */
export const PLACEHOLDERS = {
  sourceBucket: '<source-bucket>',
  destinationBucket: '<destination-bucket>',
  ruleId: '<rule-id>',
  key: '<object-key>',
  versionId: '<version-id>',
  roleArn: '<replication-role-arn>',
  roleName: '<replication-role-name>',
  sourceAccount: '<source-account-id>',
  destinationAccount: '<destination-account-id>',
  sourceRegion: '<source-region>',
  destinationRegion: '<destination-region>',
  sourceKmsKeyArn: '<source-kms-key-arn>',
  destinationKmsKeyArn: '<destination-kms-key-arn>',
} as const;

/** The context with every value resolved to the real value or its placeholder. */
export interface SnippetValues {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly key: string;
  readonly versionId: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly sourceAccount: string;
  readonly destinationAccount: string;
  readonly sourceRegion: string;
  readonly destinationRegion: string;
  readonly sourceKmsKeyArn: string;
  readonly destinationKmsKeyArn: string;
  /** `true`/`false` when both account ids are known, otherwise `undefined`. */
  readonly crossAccount: boolean | undefined;
  readonly hasSourceKmsKey: boolean;
  readonly hasDestinationKmsKey: boolean;
  /** ARN partition (`aws`, `aws-cn`, `aws-us-gov`), taken from the role or key ARNs. */
  readonly partition: string;
}

type Principal = { readonly AWS: string } | { readonly Service: string | readonly string[] };

/** An IAM, bucket or key policy statement. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** The service principal S3 Replication assumes the role as (setting-repl-config-perm-overview.html). */
export const S3_SERVICE_PRINCIPAL = 's3.amazonaws.com';
/** The service principal S3 Batch Operations assumes a job role as (s3-batch-replication-policies.html). */
export const BATCH_OPERATIONS_PRINCIPAL = 'batchoperations.s3.amazonaws.com';

/** The minimum destination-object actions of the replication role (setting-repl-config-perm-overview.html). */
export const ROLE_DESTINATION_ACTIONS = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'] as const;
/** Object actions a cross-account destination bucket policy grants the role (replication-troubleshoot.html). */
export const BUCKET_POLICY_OBJECT_ACTIONS = [
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
  's3:ObjectOwnerOverrideToBucketOwner',
] as const;
/** Bucket actions a cross-account destination bucket policy grants the role (setting-repl-config-perm-overview.html). */
export const BUCKET_POLICY_BUCKET_ACTIONS = ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'] as const;
/** The source-object actions of the replication role. */
export const ROLE_SOURCE_OBJECT_ACTIONS = [
  's3:GetObjectVersionForReplication',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging',
] as const;
/** Extra source actions when Object Lock is on (object-lock-managing.html#object-lock-managing-replication). */
export const ROLE_SOURCE_OBJECT_LOCK_ACTIONS = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] as const;

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

const ROLE_NAME = /^arn:[^:]+:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/;
const PARTITION = /^arn:([^:]+):/;
const ARN_REGION = /^arn:[^:]+:[^:]+:([a-z0-9-]+):/;

/** The IAM role name (last path segment) of a role ARN, which `aws iam` commands take. */
export function roleNameFromArn(roleArn: string): string | undefined {
  return ROLE_NAME.exec(roleArn)?.[1];
}

/** The Region of a regional ARN such as a KMS key ARN. */
export function regionFromArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : ARN_REGION.exec(arn)?.[1];
}

/** Resolves every context value to its real value or placeholder. */
export function snippetValues(ctx: RemediationContext): SnippetValues {
  const roleArn = present(ctx.roleArn);
  const sourceAccount = present(ctx.sourceAccount);
  const destinationAccount = present(ctx.destinationAccount);
  const sourceKmsKeyArn = present(ctx.sourceKmsKeyArn);
  const destinationKmsKeyArn = present(ctx.destinationKmsKeyArn);
  const partitionSource = [roleArn, sourceKmsKeyArn, destinationKmsKeyArn].find((arn) => arn !== undefined);
  return {
    sourceBucket: present(ctx.sourceBucket) ?? PLACEHOLDERS.sourceBucket,
    destinationBucket: present(ctx.destinationBucket) ?? PLACEHOLDERS.destinationBucket,
    ruleId: present(ctx.ruleId) ?? PLACEHOLDERS.ruleId,
    // Keys are used as received (already URL-decoded by intake); only an absent key is a placeholder.
    key: ctx.key === undefined || ctx.key === '' ? PLACEHOLDERS.key : ctx.key,
    versionId: present(ctx.versionId) ?? PLACEHOLDERS.versionId,
    roleArn: roleArn ?? PLACEHOLDERS.roleArn,
    roleName: (roleArn === undefined ? undefined : roleNameFromArn(roleArn)) ?? PLACEHOLDERS.roleName,
    sourceAccount: sourceAccount ?? PLACEHOLDERS.sourceAccount,
    destinationAccount: destinationAccount ?? PLACEHOLDERS.destinationAccount,
    // A bucket's SSE-KMS key lives in the bucket's Region (replication-config-for-kms-objects.html), so the key ARN
    // is a fallback for the Region.
    sourceRegion: present(ctx.sourceRegion) ?? regionFromArn(sourceKmsKeyArn) ?? PLACEHOLDERS.sourceRegion,
    destinationRegion:
      present(ctx.destinationRegion) ?? regionFromArn(destinationKmsKeyArn) ?? PLACEHOLDERS.destinationRegion,
    sourceKmsKeyArn: sourceKmsKeyArn ?? PLACEHOLDERS.sourceKmsKeyArn,
    destinationKmsKeyArn: destinationKmsKeyArn ?? PLACEHOLDERS.destinationKmsKeyArn,
    crossAccount:
      sourceAccount === undefined || destinationAccount === undefined
        ? undefined
        : sourceAccount !== destinationAccount,
    hasSourceKmsKey: sourceKmsKeyArn !== undefined,
    hasDestinationKmsKey: destinationKmsKeyArn !== undefined,
    partition: (partitionSource === undefined ? undefined : PARTITION.exec(partitionSource)?.[1]) ?? 'aws',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));

/** Whether a resolved value is a placeholder rather than a real value. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_VALUES.has(value);
}

/** Pretty JSON, as pasted into a policy editor. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes a shell argument only when it needs it. */
export function shellArg(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/suffix`. */
export function bucketArn(v: SnippetValues, bucket: string, suffix?: string): string {
  return `arn:${v.partition}:s3:::${bucket}${suffix === undefined ? '' : `/${suffix}`}`;
}

/** The `kms:ViaService` value for S3 in a Region. */
export function s3ViaService(v: SnippetValues, region: string): string {
  return `s3.${region}.${v.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

function regionFlag(keyArn: string, fallbackRegion: string): string {
  return `--region ${shellArg(regionFromArn(keyArn) ?? fallbackRegion)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Policy documents and statements

/** The replication role's trust policy; add Batch Operations when the role also runs Batch Replication jobs. */
export function replicationTrustPolicy(options: { readonly batchOperations?: boolean } = {}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Service: options.batchOperations ? [S3_SERVICE_PRINCIPAL, BATCH_OPERATIONS_PRINCIPAL] : S3_SERVICE_PRINCIPAL,
        },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

/** Source-bucket and source-object statements of the replication role. */
export function roleSourceStatements(
  v: SnippetValues,
  objectActions: readonly string[] = ROLE_SOURCE_OBJECT_ACTIONS,
): PolicyStatement[] {
  return [
    {
      Sid: 'ReplicationSourceBucket',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: bucketArn(v, v.sourceBucket),
    },
    {
      Sid: 'ReplicationSourceObjects',
      Effect: 'Allow',
      Action: objectActions,
      Resource: bucketArn(v, v.sourceBucket, '*'),
    },
  ];
}

/** One statement of the replication role on source objects. */
export function roleSourceObjectStatement(v: SnippetValues, actions: readonly string[], sid: string): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: actions, Resource: bucketArn(v, v.sourceBucket, '*') };
}

/** Destination-object statement of the replication role. */
export function roleDestinationStatement(
  v: SnippetValues,
  actions: readonly string[] = ROLE_DESTINATION_ACTIONS,
  sid = 'ReplicationDestinationObjects',
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: actions,
    Resource: bucketArn(v, v.destinationBucket, '*'),
  };
}

/**
 * Encryption-context values for a bucket: `bucket/*` for object-level keys and the bucket ARN itself, which is the
 * context when S3 Bucket Keys are on (replication-config-for-kms-objects.html, "S3 Bucket Keys and replication").
 */
function encryptionContext(v: SnippetValues, bucket: string): string[] {
  return [bucketArn(v, bucket, '*'), bucketArn(v, bucket)];
}

/** Role statement: `kms:Decrypt` on the source key through S3 only. */
export function roleSourceKmsStatement(v: SnippetValues): PolicyStatement {
  return {
    Sid: 'ReplicationDecryptSource',
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: v.sourceKmsKeyArn,
    Condition: {
      StringLike: {
        'kms:ViaService': s3ViaService(v, v.sourceRegion),
        'kms:EncryptionContext:aws:s3:arn': encryptionContext(v, v.sourceBucket),
      },
    },
  };
}

/**
 * Role statement: `kms:Encrypt` and `kms:GenerateDataKey` on the destination key (replication-troubleshoot.html
 * minimum), plus `kms:Decrypt`, which S3 Bucket Keys need to verify the bucket key (replication-config-for-kms-objects
 * .html) and which the failure table names for `DstPutObjectNotPermitted`.
 */
export function roleDestinationKmsStatement(v: SnippetValues): PolicyStatement {
  return {
    Sid: 'ReplicationEncryptDestination',
    Effect: 'Allow',
    Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
    Resource: v.destinationKmsKeyArn,
    Condition: {
      StringLike: {
        'kms:ViaService': s3ViaService(v, v.destinationRegion),
        'kms:EncryptionContext:aws:s3:arn': encryptionContext(v, v.destinationBucket),
      },
    },
  };
}

/** Key-policy statement for the destination key's owner (replication-troubleshoot.html example). */
export function destinationKeyPolicyStatement(v: SnippetValues): PolicyStatement {
  return {
    Sid: 'AllowS3ReplicationSourceRoleToUseTheKey',
    Effect: 'Allow',
    Principal: { AWS: v.roleArn },
    Action: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'],
    Resource: '*',
  };
}

/** Key-policy statement letting the role decrypt with the source key. */
export function sourceKeyPolicyStatement(v: SnippetValues): PolicyStatement {
  return {
    Sid: 'AllowS3ReplicationRoleToDecrypt',
    Effect: 'Allow',
    Principal: { AWS: v.roleArn },
    Action: ['kms:Decrypt'],
    Resource: '*',
  };
}

/** Cross-account destination bucket policy: object and bucket statements for the replication role. */
export function destinationBucketPolicy(
  v: SnippetValues,
  objectActions: readonly string[] = BUCKET_POLICY_OBJECT_ACTIONS,
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowReplicationRoleOnObjects',
        Effect: 'Allow',
        Principal: { AWS: v.roleArn },
        Action: objectActions,
        Resource: bucketArn(v, v.destinationBucket, '*'),
      },
      {
        Sid: 'AllowReplicationRoleOnBucket',
        Effect: 'Allow',
        Principal: { AWS: v.roleArn },
        Action: BUCKET_POLICY_BUCKET_ACTIONS,
        Resource: bucketArn(v, v.destinationBucket),
      },
    ],
  };
}

/** The Batch Replication job role's permissions on the source (s3-batch-replication-policies.html). */
export function batchJobRolePolicy(v: SnippetValues): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'InitiateReplication',
        Effect: 'Allow',
        Action: ['s3:InitiateReplication'],
        Resource: bucketArn(v, v.sourceBucket, '*'),
      },
      {
        Sid: 'GenerateManifest',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:PutInventoryConfiguration'],
        Resource: bucketArn(v, v.sourceBucket),
      },
    ],
  };
}

/** `Destination` fragment of a rule that changes replica ownership (replication-change-owner.html). */
export function ownerOverrideFragment(v: SnippetValues): unknown {
  return {
    Destination: {
      Bucket: bucketArn(v, v.destinationBucket),
      Account: v.destinationAccount,
      AccessControlTranslation: { Owner: 'Destination' },
    },
  };
}

/** Rule fragment that opts SSE-KMS objects in and names the replica key (replication-config-for-kms-objects.html). */
export function replicaKmsFragment(v: SnippetValues): unknown {
  return {
    SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
    Destination: {
      Bucket: bucketArn(v, v.destinationBucket),
      EncryptionConfiguration: { ReplicaKmsKeyID: v.destinationKmsKeyArn },
    },
  };
}

/** A minimal V2 replication configuration for the rule, with replication metrics on (API_Metrics.html). */
export function replicationConfiguration(v: SnippetValues): unknown {
  return {
    Role: v.roleArn,
    Rules: [
      {
        ID: v.ruleId,
        Status: 'Enabled',
        Priority: 1,
        Filter: {},
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: bucketArn(v, v.destinationBucket), Metrics: { Status: 'Enabled' } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// AWS CLI commands

export function getRoleCommand(v: SnippetValues): string {
  return `aws iam get-role --role-name ${shellArg(v.roleName)}`;
}

export function updateAssumeRolePolicyCommand(v: SnippetValues, policy: PolicyDocument): string {
  return `aws iam update-assume-role-policy --role-name ${shellArg(v.roleName)} --policy-document ${shellArg(json(policy))}`;
}

export function putRolePolicyCommand(
  v: SnippetValues,
  policyName: string,
  statements: readonly PolicyStatement[],
): string {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return `aws iam put-role-policy --role-name ${shellArg(v.roleName)} --policy-name ${shellArg(policyName)} --policy-document ${shellArg(json(document))}`;
}

/** Asks IAM how the role's identity policies, boundary and SCPs decide the actions (it cannot see bucket or key policies). */
export function simulatePrincipalPolicyCommand(
  v: SnippetValues,
  actions: readonly string[],
  resources: readonly string[],
): string {
  return `aws iam simulate-principal-policy --policy-source-arn ${shellArg(v.roleArn)} --action-names ${actions.map(shellArg).join(' ')} --resource-arns ${resources.map(shellArg).join(' ')} --query 'EvaluationResults[].[EvalActionName,EvalDecision]'`;
}

export function getBucketPolicyCommand(bucket: string): string {
  return `aws s3api get-bucket-policy --bucket ${shellArg(bucket)} --query Policy --output text`;
}

/** `put-bucket-policy` replaces the whole policy, so the file must be the existing policy merged with the new statements. */
export function putBucketPolicyCommand(bucket: string): string {
  return `aws s3api put-bucket-policy --bucket ${shellArg(bucket)} --policy file://merged-bucket-policy.json`;
}

/** Creates a bucket in a Region (us-east-1 takes no LocationConstraint). */
export function createBucketCommand(bucket: string, region: string): string {
  const location =
    region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${shellArg(region)}`;
  return `aws s3api create-bucket --bucket ${shellArg(bucket)} --region ${shellArg(region)}${location}`;
}

export function headBucketCommand(bucket: string): string {
  return `aws s3api head-bucket --bucket ${shellArg(bucket)}`;
}

export function getBucketLocationCommand(bucket: string): string {
  return `aws s3api get-bucket-location --bucket ${shellArg(bucket)}`;
}

export function getBucketVersioningCommand(bucket: string): string {
  return `aws s3api get-bucket-versioning --bucket ${shellArg(bucket)}`;
}

export function putBucketVersioningCommand(bucket: string): string {
  return `aws s3api put-bucket-versioning --bucket ${shellArg(bucket)} --versioning-configuration Status=Enabled`;
}

export function getObjectLockConfigurationCommand(bucket: string): string {
  return `aws s3api get-object-lock-configuration --bucket ${shellArg(bucket)}`;
}

/** Enables Object Lock on an existing (versioned) bucket without a default retention (object-lock-configure.html). */
export function putObjectLockConfigurationCommand(bucket: string): string {
  return `aws s3api put-object-lock-configuration --bucket ${shellArg(bucket)} --object-lock-configuration '{"ObjectLockEnabled":"Enabled"}'`;
}

export function getBucketOwnershipControlsCommand(bucket: string): string {
  return `aws s3api get-bucket-ownership-controls --bucket ${shellArg(bucket)}`;
}

export function putBucketOwnerEnforcedCommand(bucket: string): string {
  return `aws s3api put-bucket-ownership-controls --bucket ${shellArg(bucket)} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`;
}

export function getBucketReplicationCommand(v: SnippetValues): string {
  return `aws s3api get-bucket-replication --bucket ${shellArg(v.sourceBucket)}`;
}

export function putBucketReplicationCommand(v: SnippetValues): string {
  return `aws s3api put-bucket-replication --bucket ${shellArg(v.sourceBucket)} --replication-configuration file://replication.json`;
}

export function describeKeyCommand(keyArn: string, fallbackRegion: string): string {
  return `aws kms describe-key --key-id ${shellArg(keyArn)} ${regionFlag(keyArn, fallbackRegion)} --query 'KeyMetadata.[KeyState,DeletionDate,KeyManager,Origin]'`;
}

export function cancelKeyDeletionCommand(keyArn: string, fallbackRegion: string): string {
  return `aws kms cancel-key-deletion --key-id ${shellArg(keyArn)} ${regionFlag(keyArn, fallbackRegion)}`;
}

export function enableKeyCommand(keyArn: string, fallbackRegion: string): string {
  return `aws kms enable-key --key-id ${shellArg(keyArn)} ${regionFlag(keyArn, fallbackRegion)}`;
}

export function getKeyPolicyCommand(keyArn: string, fallbackRegion: string): string {
  return `aws kms get-key-policy --key-id ${shellArg(keyArn)} ${regionFlag(keyArn, fallbackRegion)} --policy-name default --output text`;
}

/** `put-key-policy` replaces the whole key policy, so the file must be the existing policy plus the new statement. */
export function putKeyPolicyCommand(keyArn: string, fallbackRegion: string): string {
  return `aws kms put-key-policy --key-id ${shellArg(keyArn)} ${regionFlag(keyArn, fallbackRegion)} --policy-name default --policy file://merged-key-policy.json`;
}

export function headObjectCommand(v: SnippetValues, bucket: string = v.sourceBucket): string {
  return `aws s3api head-object --bucket ${shellArg(bucket)} --key ${shellArg(v.key)} --version-id ${shellArg(v.versionId)}`;
}

export function getObjectTaggingCommand(v: SnippetValues): string {
  return `aws s3api get-object-tagging --bucket ${shellArg(v.sourceBucket)} --key ${shellArg(v.key)} --version-id ${shellArg(v.versionId)}`;
}

export function listObjectVersionsCommand(v: SnippetValues): string {
  return `aws s3api list-object-versions --bucket ${shellArg(v.sourceBucket)} --prefix ${shellArg(v.key)} --max-items 20`;
}

/** Restores an S3 Glacier Flexible Retrieval or Deep Archive object version (archived-objects.html). */
export function restoreObjectCommand(v: SnippetValues): string {
  return `aws s3api restore-object --bucket ${shellArg(v.sourceBucket)} --key ${shellArg(v.key)} --version-id ${shellArg(v.versionId)} --restore-request '{"Days":7,"GlacierJobParameters":{"Tier":"Standard"}}'`;
}

/**
 * Copies a source version onto itself, which creates a new version that live replication picks up
 * (replication-what-is-isnot-replicated.html). `--copy-source` must be URL-encoded.
 */
export function copyInPlaceCommand(v: SnippetValues): string {
  const encodedKey = isPlaceholder(v.key) ? v.key : encodeURIComponent(v.key).replaceAll('%2F', '/');
  const encodedVersion = isPlaceholder(v.versionId) ? v.versionId : encodeURIComponent(v.versionId);
  const copySource = `${v.sourceBucket}/${encodedKey}?versionId=${encodedVersion}`;
  return `aws s3api copy-object --bucket ${shellArg(v.sourceBucket)} --key ${shellArg(v.key)} --copy-source ${shellArg(copySource)}`;
}

export function getBucketLifecycleCommand(bucket: string): string {
  return `aws s3api get-bucket-lifecycle-configuration --bucket ${shellArg(bucket)}`;
}

/** Plans an S3 Batch Replication job for the rule's FAILED objects (add `--execute` to run it). */
export function redriveCommand(v: SnippetValues): string {
  return `replication-doctor redrive ${shellArg(v.sourceBucket)} --rule ${shellArg(v.ruleId)}`;
}

/** Plans turning on replication metrics for the rule (add `--execute` to apply it). */
export function enableMetricsCommand(v: SnippetValues): string {
  return `replication-doctor enable-metrics ${shellArg(v.sourceBucket)} --rule ${shellArg(v.ruleId)}`;
}

/** Shows the rule's state through the doctor's own checks. */
export function checkBucketCommand(v: SnippetValues): string {
  return `replication-doctor check-bucket ${shellArg(v.sourceBucket)}`;
}
