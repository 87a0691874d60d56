import { absentEvidence, type Check, result, unknownFrom } from '../check.js';
import { destinationRequest, sourceFactRequest } from '../derive.js';
import { factFor } from '../facts.js';

import type { CheckId } from '../types.js';

const ID: CheckId = 'destination-bucket';

/** The destination bucket exists (`DstBucketNotFound`) and where it is. HeadBucket answers with the Region even when
 * the bucket belongs to another account, so this check works across accounts. */
export const destinationBucketCheck: Check = {
  id: ID,
  title: 'Destination bucket exists',
  needs: (subject) => [destinationRequest(subject, 'location'), sourceFactRequest(subject, 'location')],
  evaluate(subject, facts) {
    const bucket = subject.destinationBucket;
    if (bucket === subject.sourceBucket) {
      return result(
        ID,
        'fail',
        `The destination bucket is the source bucket ${bucket}: S3 cannot replicate a bucket into itself.`,
        [{ source: 'event', field: 'replicationEventData.destinationBucket', value: bucket }],
      );
    }
    const fact = factFor(facts, destinationRequest(subject, 'location'));
    if (fact.state === 'unknown') {
      return unknownFrom(ID, `destination bucket ${bucket}`, fact, { source: 'HeadBucket', field: bucket });
    }
    if (fact.state === 'absent') {
      return result(
        ID,
        'fail',
        `Destination bucket ${bucket} does not exist (${fact.code}): S3 has nowhere to replicate to.`,
        [absentEvidence('HeadBucket', bucket, fact.code)],
        {
          fix: [
            `aws s3api create-bucket --bucket ${bucket} --region <destination-region> --create-bucket-configuration LocationConstraint=<destination-region>`,
            `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
            `Or point the rule's Destination.Bucket at an existing bucket: aws s3api put-bucket-replication --bucket ${subject.sourceBucket} --replication-configuration file://replication.json`,
          ],
        },
      );
    }
    const region = fact.value.region;
    const source = factFor(facts, sourceFactRequest(subject, 'location'));
    const kind =
      source.state === 'ok'
        ? source.value.region === region
          ? ' (same-Region replication)'
          : ` (cross-Region from ${source.value.region})`
        : '';
    const access = fact.value.accessible
      ? ''
      : '; the doctor may not read it (HeadBucket 403), so it likely belongs to another account';
    return result(ID, 'pass', `Destination bucket ${bucket} exists in ${region}${kind}${access}.`, [
      { source: 'HeadBucket', field: 'BucketRegion', value: region },
    ]);
  },
};
