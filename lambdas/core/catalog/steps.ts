/**
 * Remediation steps shared by several catalog entries: a sentence plus, where it helps, a filled-in snippet from
 * `snippets.ts`. Entries compose these; no entry builds its own copy of a shared policy.
 */
import {
  BUCKET_POLICY_OBJECT_ACTIONS,
  bucketArn,
  cancelKeyDeletionCommand,
  describeKeyCommand,
  destinationBucketPolicy,
  destinationKeyPolicyStatement,
  enableKeyCommand,
  enableMetricsCommand,
  getBucketPolicyCommand,
  getKeyPolicyCommand,
  json,
  type PolicyStatement,
  putBucketPolicyCommand,
  putBucketVersioningCommand,
  putKeyPolicyCommand,
  putRolePolicyCommand,
  redriveCommand,
  replicaKmsFragment,
  replicationTrustPolicy,
  roleDestinationKmsStatement,
  roleSourceKmsStatement,
  S3_SERVICE_PRINCIPAL,
  type SnippetValues,
  simulatePrincipalPolicyCommand,
  sourceKeyPolicyStatement,
  updateAssumeRolePolicyCommand,
} from './snippets.js';

/** A step: one sentence, then the snippet on the following lines. */
export function step(text: string, snippet?: string): string {
  return snippet === undefined ? text : `${text}\n${snippet}`;
}

/** Flattens step lists, dropping the ones that do not apply (`false`/`undefined`). */
export function steps(...parts: readonly (string | readonly string[] | false | undefined)[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === false || part === undefined) continue;
    if (typeof part === 'string') out.push(part);
    else out.push(...part);
  }
  return out;
}

/** Where a command must run, so nobody runs a destination-account fix with source-account credentials. */
export function inDestinationAccount(v: SnippetValues): string {
  return v.crossAccount === false ? 'in the account' : `in the destination account (${v.destinationAccount})`;
}

export function inSourceAccount(v: SnippetValues): string {
  return v.crossAccount === false ? 'in the account' : `in the source account (${v.sourceAccount})`;
}

/** The trust policy S3 needs to assume the role (setting-repl-config-perm-overview.html). */
export function trustPolicyStep(v: SnippetValues, options: { readonly batchOperations?: boolean } = {}): string {
  return step(
    `Let ${S3_SERVICE_PRINCIPAL} assume the replication role ${v.roleArn}: its trust policy must allow sts:AssumeRole for the service principal ${S3_SERVICE_PRINCIPAL}${options.batchOperations ? ' (and batchoperations.s3.amazonaws.com when the same role runs Batch Replication jobs)' : ''}. Run ${inSourceAccount(v)}:`,
    updateAssumeRolePolicyCommand(v, replicationTrustPolicy(options)),
  );
}

/** Adds statements to the replication role as an inline policy. */
export function rolePolicyStep(
  v: SnippetValues,
  sentence: string,
  policyName: string,
  statements: readonly PolicyStatement[],
): string {
  return step(
    `${sentence} Add it to the replication role ${v.roleArn} ${inSourceAccount(v)}:`,
    putRolePolicyCommand(v, policyName, statements),
  );
}

/**
 * The destination bucket policy for a cross-account destination (setting-repl-config-perm-overview.html, Step 3;
 * replication-troubleshoot.html). Omitted when both buckets are known to be in the same account.
 */
export function destinationBucketPolicyStep(
  v: SnippetValues,
  objectActions: readonly string[] = BUCKET_POLICY_OBJECT_ACTIONS,
): string[] {
  if (v.crossAccount === false) return [];
  const lead =
    v.crossAccount === true
      ? `The destination bucket ${v.destinationBucket} is owned by another account, so its policy must also grant the role these actions`
      : `If the destination bucket ${v.destinationBucket} is owned by another account, its policy must also grant the role these actions`;
  return [
    step(
      `${lead}. ${capitalize(inDestinationAccount(v))}, merge these statements into the existing bucket policy (put-bucket-policy replaces the whole policy):`,
      json(destinationBucketPolicy(v, objectActions)),
    ),
    step(
      'Read the current policy, merge, then apply it:',
      `${getBucketPolicyCommand(v.destinationBucket)} > merged-bucket-policy.json\n${putBucketPolicyCommand(v.destinationBucket)}`,
    ),
  ];
}

/** Names every place an explicit Deny can hide (replication-troubleshoot.html) and how to test the role's side. */
export function explicitDenyStep(v: SnippetValues, actions: readonly string[], resources: readonly string[]): string {
  return step(
    `An explicit Deny wins over every Allow. Look for one on ${actions.join(', ')} in the role's identity policies and permissions boundary, in the source and destination bucket policies, in the KMS key policies, and in AWS Organizations SCPs and RCPs of either account. IAM can evaluate the role's own side (not bucket or key policies):`,
    simulatePrincipalPolicyCommand(v, actions, resources),
  );
}

/** The explicit-Deny step for actions on the destination objects. */
export function destinationDenyStep(v: SnippetValues, actions: readonly string[]): string {
  return explicitDenyStep(v, actions, [bucketArn(v, v.destinationBucket, '*')]);
}

/** The explicit-Deny step for actions on the source objects. */
export function sourceDenyStep(v: SnippetValues, actions: readonly string[]): string {
  return explicitDenyStep(v, actions, [bucketArn(v, v.sourceBucket, '*')]);
}

/** Enables versioning on a bucket (replication needs it on both sides; replication-troubleshoot.html). */
export function enableVersioningStep(v: SnippetValues, side: 'source' | 'destination'): string {
  const bucket = side === 'source' ? v.sourceBucket : v.destinationBucket;
  const where = side === 'source' ? inSourceAccount(v) : inDestinationAccount(v);
  return step(
    `Enable versioning on the ${side} bucket ${bucket} (replication needs it on both buckets; it can be suspended but never removed once enabled). Run ${where}:`,
    putBucketVersioningCommand(bucket),
  );
}

/** Role permission on the source key (replication-config-for-kms-objects.html). */
export function sourceKmsRoleStep(v: SnippetValues): string {
  return rolePolicyStep(
    v,
    `The role must be able to decrypt source objects: kms:Decrypt on the source key ${v.sourceKmsKeyArn}, through S3 only (kms:ViaService) and for this bucket's encryption context (the bucket ARN is the context when S3 Bucket Keys are on, not bucket/*).`,
    'replication-source-kms',
    [roleSourceKmsStatement(v)],
  );
}

/** Role permission on the destination key (replication-config-for-kms-objects.html, replication-troubleshoot.html). */
export function destinationKmsRoleStep(v: SnippetValues): string {
  return rolePolicyStep(
    v,
    `The role must be able to encrypt replicas: kms:Encrypt and kms:GenerateDataKey (and kms:Decrypt, which S3 Bucket Keys need) on the destination key ${v.destinationKmsKeyArn}, through S3 in ${v.destinationRegion} and for the destination encryption context (the bucket ARN with S3 Bucket Keys, not bucket/*).`,
    'replication-destination-kms',
    [roleDestinationKmsStatement(v)],
  );
}

/** Key policy of the destination key (replication-troubleshoot.html: cross-account needs a customer managed key). */
export function destinationKeyPolicySteps(v: SnippetValues): string[] {
  const owner =
    v.crossAccount === true
      ? `The destination key must be a customer managed key owned by the destination account (${v.destinationAccount}); the AWS managed key aws/s3 cannot be used across accounts, and replicas encrypted with it are unreadable there.`
      : 'Never use the AWS managed key aws/s3 for a destination in another account; use a customer managed key owned by that account.';
  return [
    step(
      `${owner} The key policy of ${v.destinationKmsKeyArn} must let the role use it (and contain no Deny, nor a condition on source IP, VPC endpoint or access point that S3 cannot meet). Merge this statement into the key policy:`,
      json(destinationKeyPolicyStatement(v)),
    ),
    step(
      `Read the current key policy, merge, then apply it ${inDestinationAccount(v)}:`,
      `${getKeyPolicyCommand(v.destinationKmsKeyArn, v.destinationRegion)} > merged-key-policy.json\n${putKeyPolicyCommand(v.destinationKmsKeyArn, v.destinationRegion)}`,
    ),
  ];
}

/** Key policy of the source key; only needed when it is owned elsewhere or has a Deny (replication-troubleshoot.html). */
export function sourceKeyPolicyStep(v: SnippetValues): string {
  return step(
    `In the same account the role's IAM policy is enough unless the key policy of ${v.sourceKmsKeyArn} has a Deny; if the key is owned by another account, or its policy does not delegate to IAM, merge this statement into it:`,
    json(sourceKeyPolicyStatement(v)),
  );
}

/** The rule must opt SSE-KMS objects in and name the replica key (replication-config-for-kms-objects.html). */
export function replicaKmsRuleStep(v: SnippetValues): string {
  return step(
    `For SSE-KMS (and DSSE-KMS) objects, rule ${v.ruleId} must opt them in (SseKmsEncryptedObjects Enabled) and name the replica key by its full ARN, a key in the destination Region (an alias resolves in the requester's account). The rule's fragment:`,
    json(replicaKmsFragment(v)),
  );
}

/** Describes and repairs a KMS key's state (key-state.html, deleting-keys-cancelling-key-deletion.html). */
export function keyStateSteps(v: SnippetValues, side: 'source' | 'destination'): string[] {
  const keyArn = side === 'source' ? v.sourceKmsKeyArn : v.destinationKmsKeyArn;
  const region = side === 'source' ? v.sourceRegion : v.destinationRegion;
  const where = side === 'source' ? inSourceAccount(v) : inDestinationAccount(v);
  return [
    step(
      `Read the ${side} key's state ${where} (KMS key management calls do not work across accounts):`,
      describeKeyCommand(keyArn, region),
    ),
    step(
      'If KeyState is PendingDeletion, cancel the deletion; the key then becomes Disabled, so enable it as well:',
      cancelKeyDeletionCommand(keyArn, region),
    ),
    step('If KeyState is Disabled, enable it:', enableKeyCommand(keyArn, region)),
    `If KeyState is PendingImport, import the key material again; if it is Unavailable, reconnect its custom key store. A key that is already deleted cannot be recovered: point rule ${v.ruleId} at another customer managed key in ${region} and update the role and key policies for it.`,
  ];
}

/**
 * The closing step for codes that leave FAILED objects behind: S3 never retries them (replication-status.html), so
 * they need S3 Batch Replication (s3-batch-replication-batch.html); and failure events only flow while replication
 * metrics stay enabled (replication-metrics-events.html).
 */
export function redriveStep(v: SnippetValues, lead?: string): string {
  return step(
    `${lead === undefined ? '' : `${lead} `}Objects that already failed stay FAILED: S3 never retries them, and only new writes replicate once the cause is fixed. After the checks pass, re-replicate the failed objects with S3 Batch Replication (a job selecting ObjectReplicationStatuses FAILED); plan it, then run it again with --execute. Keep replication metrics enabled on rule ${v.ruleId}: without them S3 sends no failure events at all and these alerts go silent.`,
    `${redriveCommand(v)}\n${enableMetricsCommand(v)}`,
  );
}

/** Ownership choices for a cross-account destination (replication-change-owner.html). */
export function ownershipChoiceText(v: SnippetValues): string {
  return `Either set Object Ownership of ${v.destinationBucket} to BucketOwnerEnforced (replicas then belong to the destination account without any extra permission), or keep AccessControlTranslation (owner override) in rule ${v.ruleId} and grant s3:ObjectOwnerOverrideToBucketOwner on ${bucketArn(v, v.destinationBucket, '*')} in both the role policy and the destination bucket policy.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
