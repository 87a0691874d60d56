import { type Check, result, unknownFrom, withRule } from '../check.js';
import {
  accountRequests,
  accountsOf,
  destinationRequest,
  destinationRequests,
  isKmsAlgorithm,
  regionOfArn,
  replicationRequest,
  ruleField,
  ruleOf,
} from '../derive.js';
import { type FactRequest, type FactsSnapshot, factFor, getFact, type UnknownFact } from '../facts.js';
import { judgeKey } from '../kms.js';
import type { CheckId, CheckSubject, Evidence } from '../types.js';

const ID: CheckId = 'destination-kms-key';

type KeyRequest = Extract<FactRequest, { kind: 'key' }> & { fact: 'metadata' };

type DestinationKey =
  | { readonly kind: 'key'; readonly keyId: string; readonly request?: KeyRequest; readonly evidence: Evidence }
  | { readonly kind: 'none'; readonly why: string; readonly evidence: Evidence }
  | { readonly kind: 'unknown'; readonly fact: UnknownFact; readonly what: string; readonly evidence: Evidence }
  | { readonly kind: 'wait' };

/** The key replicas are encrypted with: the rule's `ReplicaKmsKeyID`, else the destination's default KMS key. */
export function destinationKeyOf(subject: CheckSubject, facts: FactsSnapshot | undefined): DestinationKey {
  const { rule } = ruleOf(subject, facts);
  if (!rule) return { kind: 'wait' };
  const accounts = accountsOf(subject, facts);
  const location = factFor(facts, destinationRequest(subject, 'location'));
  const bucketRegion = location.state === 'ok' ? location.value.region : undefined;
  const request = (keyId: string, ownerHint: string | undefined): KeyRequest | undefined => {
    const region = regionOfArn(keyId) ?? bucketRegion;
    if (region === undefined) return undefined;
    return { kind: 'key', keyId, fact: 'metadata', region, side: 'destination', ...(ownerHint ? { ownerHint } : {}) };
  };
  const replicaKey = rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
  if (replicaKey) {
    // An alias or key id in ReplicaKmsKeyID resolves in the requester's (the replication role's) account.
    const built = request(replicaKey, accounts.source);
    return {
      kind: 'key',
      keyId: replicaKey,
      ...(built ? { request: built } : {}),
      evidence: {
        source: 'GetBucketReplication',
        field: ruleField(rule, 'Destination.EncryptionConfiguration.ReplicaKmsKeyID'),
        value: replicaKey,
      },
    };
  }
  const encryption = facts && getFact(facts, destinationRequest(subject, 'encryption'));
  const field = { source: 'GetBucketEncryption', field: `${subject.destinationBucket} SSEAlgorithm` };
  if (encryption === undefined) return { kind: 'wait' };
  if (encryption.state === 'unknown') {
    return {
      kind: 'unknown',
      fact: encryption,
      what: `the default encryption of ${subject.destinationBucket}`,
      evidence: field,
    };
  }
  const first = encryption.state === 'ok' ? encryption.value.Rules[0] : undefined;
  if (!isKmsAlgorithm(first?.SSEAlgorithm)) {
    return {
      kind: 'none',
      why: `the rule sets no ReplicaKmsKeyID and the destination's default encryption is ${first?.SSEAlgorithm ?? 'not set'}`,
      evidence: { ...field, value: first?.SSEAlgorithm ?? '(none)' },
    };
  }
  const keyId = first?.KMSMasterKeyID ?? 'alias/aws/s3';
  const built = request(keyId, accounts.destination);
  return {
    kind: 'key',
    keyId,
    ...(built ? { request: built } : {}),
    evidence: { source: 'GetBucketEncryption', field: `${subject.destinationBucket} KMSMasterKeyID`, value: keyId },
  };
}

/** The replica key exists, is Enabled, is in the destination Region and is not an AWS managed key used across accounts
 * (`DstKmsKeyNotFound`, `DstKmsKeyInvalidState`). */
export const destinationKmsKeyCheck: Check = {
  id: ID,
  title: 'Destination (replica) KMS key',
  needs(subject, facts) {
    const needs: FactRequest[] = [replicationRequest(subject), ...accountRequests(subject, facts)];
    const { rule } = ruleOf(subject, facts);
    if (rule) {
      needs.push(destinationRequest(subject, 'location'));
      if (!rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID)
        needs.push(...destinationRequests(subject, facts, ['encryption']));
      const key = destinationKeyOf(subject, facts);
      if (key.kind === 'key' && key.request) needs.push(key.request);
    }
    return needs;
  },
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => {
      const key = destinationKeyOf(subject, facts);
      if (key.kind === 'wait')
        return result(ID, 'unknown', 'Could not read the destination encryption settings: not read.', []);
      if (key.kind === 'unknown') return unknownFrom(ID, key.what, key.fact, key.evidence);
      if (key.kind === 'none')
        return result(ID, 'skipped', `No destination KMS key applies: ${key.why}.`, [key.evidence]);
      if (!key.request) {
        return result(
          ID,
          'unknown',
          `Could not read KMS key ${key.keyId}: the destination bucket's Region is unknown.`,
          [key.evidence],
        );
      }
      const meta = factFor(facts, key.request);
      if (meta.state === 'unknown') {
        return unknownFrom(ID, `KMS key ${key.keyId}`, meta, { source: 'DescribeKey', field: key.keyId }, [
          `DescribeKey works across accounts only when the key policy allows kms:DescribeKey for the caller; or set DESTINATION_READ_ROLE_ARNS to a read role in the key's account.`,
        ]);
      }
      if (meta.state === 'absent') {
        return result(
          ID,
          'fail',
          `Replica KMS key ${key.keyId} does not exist (${meta.code}): S3 cannot encrypt replicas with it.`,
          [key.evidence, { source: 'DescribeKey', field: key.keyId, value: meta.code }],
          {
            severityHint: 'critical',
            findingTerms: ['deleted', 'never existed', 'does not exist', 'not found'],
            fix: [
              `Set the rule's Destination.EncryptionConfiguration.ReplicaKmsKeyID to the full ARN of an Enabled customer managed key in the destination Region (aliases resolve in the replication role's account).`,
            ],
          },
        );
      }
      const accounts = accountsOf(subject, facts);
      const location = factFor(facts, destinationRequest(subject, 'location'));
      const judgement = judgeKey(meta.value, {
        side: 'destination',
        ...(location.state === 'ok' ? { bucketRegion: location.value.region } : {}),
        ...(accounts.destination ? { usingAccount: accounts.destination } : {}),
        ...(accounts.crossAccount === undefined ? {} : { crossAccount: accounts.crossAccount }),
      });
      return result(
        ID,
        judgement.status,
        judgement.summary,
        [key.evidence, ...judgement.evidence, ...accounts.evidence],
        judgement.extras,
      );
    }),
};
