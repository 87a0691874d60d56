import { absentEvidence, type Check, result, unknownFrom } from '../check.js';
import { sourceFactRequest } from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'source-versioning';

/** Versioning is Enabled on the source bucket (replication requires it on both sides). A missing `Status` means it was
 * never enabled; `Suspended` means new objects get no version ids and are not replicated. */
export const sourceVersioningCheck: Check = {
  id: ID,
  title: 'Source bucket versioning',
  needs: (subject) => [sourceFactRequest(subject, 'versioning')],
  evaluate(subject, facts) {
    const bucket = subject.sourceBucket;
    const fact = factFor(facts, sourceFactRequest(subject, 'versioning'));
    const fix = [`aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`];
    if (fact.state === 'unknown') {
      return unknownFrom(ID, `the versioning state of ${bucket}`, fact, {
        source: 'GetBucketVersioning',
        field: 'Status',
      });
    }
    if (fact.state === 'absent') {
      return result(ID, 'fail', `Source bucket ${bucket} does not exist (${fact.code}).`, [
        absentEvidence('GetBucketVersioning', bucket, fact.code),
      ]);
    }
    const status = fact.value.Status;
    const evidence = [{ source: 'GetBucketVersioning', field: 'Status', value: status ?? '(not set)' }];
    if (status === 'Enabled') return result(ID, 'pass', `Versioning is Enabled on source bucket ${bucket}.`, evidence);
    const state = status === 'Suspended' ? 'Suspended' : 'never enabled';
    return result(
      ID,
      'fail',
      `Versioning is ${state} on source bucket ${bucket}: S3 Replication requires it Enabled.`,
      evidence,
      { fix, findingTerms: status === 'Suspended' ? ['suspended'] : ['never', 'unversioned', 'not enabled'] },
    );
  },
};
