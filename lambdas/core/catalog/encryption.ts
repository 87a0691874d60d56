/**
 * Failure reasons about the KMS keys that encrypt source objects and replicas.
 *
 * Severity: all `critical`. A key that is disabled, pending deletion or missing breaks every SSE-KMS object of the
 * rule until the key (or the rule) is fixed.
 *
 * Key states: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html; a cancelled deletion leaves the
 * key Disabled: https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-cancelling-key-deletion.html.
 */
import { defineEntry } from './define.js';
import {
  DOC_API_ENCRYPTION_CONFIGURATION,
  DOC_FAILURE_CODES,
  DOC_KMS,
  DOC_KMS_CANCEL_DELETION,
  DOC_KMS_KEY_STATE,
  DOC_REPLICATION_STATUS,
  DOC_TROUBLESHOOT,
} from './docs.js';
import {
  describeKeyCommand,
  getBucketLocationCommand,
  getBucketReplicationCommand,
  putBucketReplicationCommand,
  shellArg,
} from './snippets.js';
import {
  destinationKeyPolicySteps,
  destinationKmsRoleStep,
  inDestinationAccount,
  keyStateSteps,
  redriveStep,
  replicaKmsRuleStep,
  step,
  steps,
} from './steps.js';
import type { CatalogEntry } from './types.js';

function keyStateEntry(side: 'source' | 'destination'): CatalogEntry {
  const check = side === 'source' ? 'source-kms-key' : 'destination-kms-key';
  const Side = side === 'source' ? 'Source' : 'Destination';
  return defineEntry({
    code: side === 'source' ? 'SrcKmsKeyInvalidState' : 'DstKmsKeyInvalidState',
    title: `${Side} KMS key is not usable (disabled, pending deletion or unavailable)`,
    meaning: `The AWS KMS key for the ${side} bucket is not in a valid state for encryption operations. Review the key and enable it.`,
    category: 'encryption',
    severity: 'critical',
    causes: [
      { text: `The ${side} key is Disabled.`, checks: [check] },
      { text: `The ${side} key is scheduled for deletion (PendingDeletion).`, checks: [check] },
      {
        text: `The ${side} key is PendingImport (its imported key material expired or was deleted) or Unavailable (its custom key store is disconnected).`,
        checks: [check],
      },
    ],
    remediation: (v) => steps(keyStateSteps(v, side), redriveStep(v)),
    docs: [DOC_FAILURE_CODES, DOC_KMS_KEY_STATE, DOC_KMS_CANCEL_DELETION, DOC_REPLICATION_STATUS],
  });
}

export const dstKmsKeyInvalidState: CatalogEntry = keyStateEntry('destination');
export const srcKmsKeyInvalidState: CatalogEntry = keyStateEntry('source');

// PutBucketReplication does not validate KMS keys, and the replica key must be in the destination bucket's Region
// (replication-config-for-kms-objects.html); an alias in ReplicaKmsKeyID resolves in the requester's account
// (API_EncryptionConfiguration.html); across accounts only customer managed keys work (replication-troubleshoot.html).
export const dstKmsKeyNotFound: CatalogEntry = defineEntry({
  code: 'DstKmsKeyNotFound',
  title: 'The replica KMS key named in the rule does not exist',
  meaning:
    'The AWS KMS key configured for the destination bucket in the replication configuration does not exist. S3 does not validate the key when the configuration is saved, so the error appears only when objects replicate.',
  category: 'encryption',
  severity: 'critical',
  causes: [
    {
      text: 'ReplicaKmsKeyID names a key that was deleted or never existed (a typo in the key ID).',
      checks: ['destination-kms-key', 'replication-rule'],
    },
    {
      text: 'The key exists but in another Region; the replica key must be in the destination bucket Region.',
      checks: ['destination-kms-key', 'destination-bucket'],
    },
    {
      text: "ReplicaKmsKeyID is an alias, which KMS resolves in the requester's account rather than the destination account.",
      checks: ['replication-rule'],
    },
  ],
  remediation: (v) =>
    steps(
      step(
        `Look the key up ${inDestinationAccount(v)} and compare its Region with the destination bucket's:`,
        `${describeKeyCommand(v.destinationKmsKeyArn, v.destinationRegion)}\n${getBucketLocationCommand(v.destinationBucket)}`,
      ),
      step(
        `Read rule ${v.ruleId} to see the ReplicaKmsKeyID it uses:`,
        `${getBucketReplicationCommand(v)} --query ${shellArg(`ReplicationConfiguration.Rules[?ID=='${v.ruleId}'].Destination.EncryptionConfiguration`)}`,
      ),
      replicaKmsRuleStep(v),
      step(
        `Write the corrected configuration (the whole configuration, all rules) back to ${v.sourceBucket}:`,
        putBucketReplicationCommand(v),
      ),
      destinationKmsRoleStep(v),
      destinationKeyPolicySteps(v),
      redriveStep(v),
    ),
  docs: [DOC_FAILURE_CODES, DOC_KMS, DOC_API_ENCRYPTION_CONFIGURATION, DOC_TROUBLESHOOT, DOC_REPLICATION_STATUS],
});

/** Encryption failure reasons. */
export const ENCRYPTION_ENTRIES: readonly CatalogEntry[] = [
  dstKmsKeyInvalidState,
  dstKmsKeyNotFound,
  srcKmsKeyInvalidState,
];
