import { type Check, result, unknownFrom, withRule } from '../check.js';
import { isKmsAlgorithm, objectRequest, replicationRequest, ruleField, sourceFactRequest } from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'sse-kms-selection';

/**
 * SSE-KMS (and DSSE-KMS) objects replicate only when the rule sets `SourceSelectionCriteria.SseKmsEncryptedObjects`
 * to `Enabled`, and then the rule must name the replica key (`EncryptionConfiguration.ReplicaKmsKeyID`).
 */
export const sseKmsSelectionCheck: Check = {
  id: ID,
  title: 'SSE-KMS object selection and replica key',
  needs: (subject) => [
    replicationRequest(subject),
    objectRequest(subject, 'head') ?? sourceFactRequest(subject, 'encryption'),
  ],
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, (rule) => {
      const label = `Rule "${rule.ID ?? '?'}"`;
      const selection = rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status;
      const replicaKey = rule.Destination.EncryptionConfiguration?.ReplicaKmsKeyID;
      const evidence: Evidence[] = [
        {
          source: 'GetBucketReplication',
          field: ruleField(rule, 'SourceSelectionCriteria.SseKmsEncryptedObjects.Status'),
          value: selection ?? '(not set)',
        },
        {
          source: 'GetBucketReplication',
          field: ruleField(rule, 'Destination.EncryptionConfiguration.ReplicaKmsKeyID'),
          value: replicaKey ?? '(not set)',
        },
      ];
      const keyFix = `Set "Destination": {"EncryptionConfiguration": {"ReplicaKmsKeyID": "arn:aws:kms:<destination-region>:<destination-account>:key/<key-id>"}} on ${label} (a customer managed key in the destination Region).`;
      if (selection === 'Enabled' && !replicaKey) {
        return result(
          ID,
          'fail',
          `${label} selects SSE-KMS objects but names no replica key (ReplicaKmsKeyID).`,
          evidence,
          { fix: [keyFix] },
        );
      }
      let encryption: string | undefined;
      const request = objectRequest(subject, 'head');
      if (request) {
        const head = factFor(facts, request);
        if (head.state === 'unknown')
          return unknownFrom(ID, `the encryption of ${subject.key}`, head, {
            source: 'HeadObject',
            field: 'ServerSideEncryption',
          });
        if (head.state === 'absent')
          return result(ID, 'skipped', `The object no longer exists (${head.code}).`, evidence);
        encryption = head.value.SSECustomerAlgorithm ? 'SSE-C' : (head.value.ServerSideEncryption ?? 'none');
        evidence.push({ source: 'HeadObject', field: 'ServerSideEncryption', value: encryption });
      } else {
        const fact = factFor(facts, sourceFactRequest(subject, 'encryption'));
        if (fact.state === 'unknown') {
          return unknownFrom(ID, `the default encryption of ${subject.sourceBucket}`, fact, {
            source: 'GetBucketEncryption',
            field: 'SSEAlgorithm',
          });
        }
        encryption = fact.state === 'ok' ? (fact.value.Rules[0]?.SSEAlgorithm ?? 'none') : 'none';
        evidence.push({ source: 'GetBucketEncryption', field: 'SSEAlgorithm', value: encryption });
      }
      const what = request ? 'The object' : `New objects in ${subject.sourceBucket} (default encryption)`;
      if (isKmsAlgorithm(encryption) && selection !== 'Enabled') {
        return result(
          ID,
          'fail',
          `${what} ${request ? 'is' : 'are'} ${encryption} but ${label} does not select SSE-KMS objects (SseKmsEncryptedObjects ${selection ?? 'not set'}): S3 skips ${request ? 'it' : 'them'}.`,
          evidence,
          {
            fix: [
              `Set "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}} on ${label}. ${keyFix}`,
              'Then replicate the skipped objects with S3 Batch Replication.',
            ],
          },
        );
      }
      if (isKmsAlgorithm(encryption)) {
        return result(
          ID,
          'pass',
          `${what} ${request ? 'is' : 'are'} ${encryption}; ${label} selects SSE-KMS objects and encrypts replicas with ${replicaKey}.`,
          evidence,
        );
      }
      return result(
        ID,
        'pass',
        `${what} ${request ? 'is' : 'are'} ${encryption === 'none' ? 'not KMS-encrypted' : encryption}: no SSE-KMS selection needed.`,
        evidence,
      );
    }),
};
