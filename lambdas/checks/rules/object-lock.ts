import { type Check, result, unknownFrom } from '../check.js';
import { destinationRequest, destinationRequests, replicationRequest, sourceFactRequest } from '../derive.js';
import { type Fact, factFor, type ObjectLockFact } from '../facts.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'object-lock';

function describe(fact: Fact<ObjectLockFact>): { enabled?: boolean; text: string } {
  if (fact.state === 'ok') {
    const enabled = fact.value.ObjectLockEnabled === 'Enabled';
    return { enabled, text: fact.value.ObjectLockEnabled ?? '(not set)' };
  }
  if (fact.state === 'absent') return { enabled: false, text: fact.code };
  return { text: fact.reason };
}

/** When Object Lock is on at the source it must be on at the destination too (`DstBucketObjectLockConfigMissing`). */
export const objectLockCheck: Check = {
  id: ID,
  title: 'Object Lock on both buckets',
  needs: (subject, facts) => [
    sourceFactRequest(subject, 'objectLock'),
    replicationRequest(subject),
    ...destinationRequests(subject, facts, ['objectLock']),
  ],
  evaluate(subject, facts) {
    const sourceFact = factFor(facts, sourceFactRequest(subject, 'objectLock'));
    const destinationFact = factFor(facts, destinationRequest(subject, 'objectLock'));
    const source = describe(sourceFact);
    const destination = describe(destinationFact);
    const evidence: Evidence[] = [
      { source: 'GetObjectLockConfiguration', field: `${subject.sourceBucket} ObjectLockEnabled`, value: source.text },
      {
        source: 'GetObjectLockConfiguration',
        field: `${subject.destinationBucket} ObjectLockEnabled`,
        value: destination.text,
      },
    ];
    if (sourceFact.state === 'unknown') {
      return unknownFrom(ID, `the Object Lock configuration of ${subject.sourceBucket}`, sourceFact, {
        source: 'GetObjectLockConfiguration',
        field: subject.sourceBucket,
      });
    }
    if (source.enabled === false) {
      return result(
        ID,
        'pass',
        `Object Lock is not enabled on source bucket ${subject.sourceBucket}; the destination needs none.`,
        evidence,
      );
    }
    if (destinationFact.state === 'unknown') {
      return unknownFrom(
        ID,
        `the Object Lock configuration of destination bucket ${subject.destinationBucket}`,
        destinationFact,
        {
          source: 'GetObjectLockConfiguration',
          field: subject.destinationBucket,
        },
      );
    }
    if (destination.enabled) {
      return result(
        ID,
        'pass',
        `Object Lock is enabled on both ${subject.sourceBucket} and ${subject.destinationBucket}.`,
        evidence,
      );
    }
    return result(
      ID,
      'fail',
      `Object Lock is enabled on ${subject.sourceBucket} but not on destination ${subject.destinationBucket}: S3 cannot replicate locked objects into it.`,
      evidence,
      {
        fix: [
          `aws s3api put-object-lock-configuration --bucket ${subject.destinationBucket} --object-lock-configuration '{"ObjectLockEnabled":"Enabled"}'`,
          'The replication role also needs s3:GetObjectRetention and s3:GetObjectLegalHold on the source objects, and s3:PutObjectRetention and s3:PutObjectLegalHold on the destination.',
        ],
      },
    );
  },
};
