import { type Check, result, unknownFrom } from '../check.js';
import { destinationRequest, destinationRequests, objectRequest, replicationRequest } from '../derive.js';
import { type FactRequest, factFor } from '../facts.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'destination-default-encryption';

/** The destination's default encryption does not block the object's encryption type: `BlockedEncryptionTypes` with
 * `SSE-C` rejects replication requests for SSE-C objects too. */
export const destinationDefaultEncryptionCheck: Check = {
  id: ID,
  title: 'Destination default encryption and blocked encryption types',
  needs(subject, facts) {
    const head = objectRequest(subject, 'head');
    const needs: FactRequest[] = [replicationRequest(subject), ...destinationRequests(subject, facts, ['encryption'])];
    if (head) needs.push(head);
    return needs;
  },
  evaluate(subject, facts) {
    const bucket = subject.destinationBucket;
    const fact = factFor(facts, destinationRequest(subject, 'encryption'));
    if (fact.state === 'unknown') {
      return unknownFrom(ID, `the default encryption of destination bucket ${bucket}`, fact, {
        source: 'GetBucketEncryption',
        field: bucket,
      });
    }
    const rules = fact.state === 'ok' ? fact.value.Rules : [];
    const blocked = [...new Set(rules.flatMap((rule) => rule.BlockedEncryptionTypes ?? []))];
    const algorithm = rules[0]?.SSEAlgorithm ?? (fact.state === 'absent' ? `none (${fact.code})` : '(not set)');
    const evidence: Evidence[] = [
      { source: 'GetBucketEncryption', field: 'SSEAlgorithm', value: algorithm },
      {
        source: 'GetBucketEncryption',
        field: 'BlockedEncryptionTypes.EncryptionType',
        value: blocked.join(', ') || '(none)',
      },
    ];
    if (!blocked.includes('SSE-C')) {
      return result(
        ID,
        'pass',
        `Destination ${bucket} blocks no encryption type the replicas need (default ${algorithm}).`,
        evidence,
      );
    }
    const unblock = `aws s3api put-bucket-encryption --bucket ${bucket} --server-side-encryption-configuration '${JSON.stringify(
      {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: rules[0]?.SSEAlgorithm ?? 'AES256' },
            BlockedEncryptionTypes: { EncryptionType: ['NONE'] },
          },
        ],
      },
    )}'`;
    const request = objectRequest(subject, 'head');
    const head = request ? factFor(facts, request) : undefined;
    if (head?.state === 'ok') {
      const ssec = head.value.SSECustomerAlgorithm;
      evidence.push({ source: 'HeadObject', field: 'SSECustomerAlgorithm', value: ssec ?? '(none)' });
      if (ssec) {
        return result(
          ID,
          'fail',
          `Destination ${bucket} blocks SSE-C writes (BlockedEncryptionTypes SSE-C) and the object is SSE-C: S3 cannot write its replica.`,
          evidence,
          {
            fix: [unblock],
          },
        );
      }
      return result(ID, 'pass', `Destination ${bucket} blocks SSE-C, but this object is not SSE-C.`, evidence);
    }
    return result(
      ID,
      'warn',
      `Destination ${bucket} blocks SSE-C writes: any SSE-C object from ${subject.sourceBucket} will fail to replicate.`,
      evidence,
      {
        fix: [unblock],
      },
    );
  },
};
