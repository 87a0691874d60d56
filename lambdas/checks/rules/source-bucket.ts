import { absentEvidence, type Check, result, unknownFrom } from '../check.js';
import { sourceFactRequest } from '../derive.js';
import { factFor } from '../facts.js';

import type { CheckId } from '../types.js';

const ID: CheckId = 'source-bucket';

/** The source bucket exists, in the Region the event (or Batch Replication job) expects. */
export const sourceBucketCheck: Check = {
  id: ID,
  title: 'Source bucket exists in the expected Region',
  needs: (subject) => [sourceFactRequest(subject, 'location')],
  evaluate(subject, facts) {
    const bucket = subject.sourceBucket;
    const fact = factFor(facts, sourceFactRequest(subject, 'location'));
    if (fact.state === 'unknown') {
      return unknownFrom(ID, `source bucket ${bucket}`, fact, { source: 'HeadBucket', field: bucket });
    }
    if (fact.state === 'absent') {
      return result(
        ID,
        'fail',
        `Source bucket ${bucket} does not exist (${fact.code}): it was deleted or the name is wrong.`,
        [absentEvidence('HeadBucket', bucket, fact.code)],
        { fix: [`aws s3api list-buckets --query "Buckets[?Name=='${bucket}']"`] },
      );
    }
    const evidence = [{ source: 'HeadBucket', field: 'BucketRegion', value: fact.value.region }];
    if (subject.sourceRegion !== undefined && fact.value.region !== subject.sourceRegion) {
      return result(
        ID,
        'fail',
        `Source bucket ${bucket} is in ${fact.value.region}, not in ${subject.sourceRegion} where the event or job expects it.`,
        evidence,
        { fix: [`Run the job (or deploy the doctor) in ${fact.value.region}, the source bucket's Region.`] },
      );
    }
    return result(ID, 'pass', `Source bucket ${bucket} exists in ${fact.value.region}.`, evidence);
  },
};
