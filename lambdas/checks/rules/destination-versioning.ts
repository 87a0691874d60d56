import { absentEvidence, type Check, result, unknownFrom } from '../check.js';
import { accountsOf, destinationRequest, destinationRequests, replicationRequest, ruleOf } from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'destination-versioning';

/** Versioning is Enabled on the destination bucket (`DstBucketUnversioned`). `GetBucketVersioning` answers only the
 * bucket owner, so across accounts this needs a destination read role. */
export const destinationVersioningCheck: Check = {
  id: ID,
  title: 'Destination bucket versioning',
  needs: (subject, facts) => [replicationRequest(subject), ...destinationRequests(subject, facts, ['versioning'])],
  evaluate(subject, facts) {
    const bucket = subject.destinationBucket;
    const fact = factFor(facts, destinationRequest(subject, 'versioning'));
    const account = ruleOf(subject, facts).rule?.Destination.Account ?? accountsOf(subject, facts).destination;
    const runAs = account ? ` (as account ${account})` : '';
    const fix = [
      `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled${runAs}`,
    ];
    if (fact.state === 'unknown') {
      return unknownFrom(
        ID,
        `the versioning state of destination bucket ${bucket}`,
        fact,
        { source: 'GetBucketVersioning', field: 'Status' },
        [
          `GetBucketVersioning answers only the bucket owner: if ${bucket} belongs to another account, set DESTINATION_READ_ROLE_ARNS to a read-only role there (e.g. arn:aws:iam::${account ?? '<destination-account>'}:role/replication-doctor-read) or run: aws s3api get-bucket-versioning --bucket ${bucket}${runAs}`,
        ],
      );
    }
    if (fact.state === 'absent') {
      return result(ID, 'fail', `Destination bucket ${bucket} does not exist (${fact.code}).`, [
        absentEvidence('GetBucketVersioning', bucket, fact.code),
      ]);
    }
    const status = fact.value.Status;
    const evidence = [{ source: 'GetBucketVersioning', field: 'Status', value: status ?? '(not set)' }];
    if (status === 'Enabled')
      return result(ID, 'pass', `Versioning is Enabled on destination bucket ${bucket}.`, evidence);
    const state = status === 'Suspended' ? 'Suspended' : 'never enabled';
    return result(
      ID,
      'fail',
      `Versioning is ${state} on destination bucket ${bucket}: S3 cannot replicate into it (DstBucketUnversioned).`,
      evidence,
      { fix, findingTerms: status === 'Suspended' ? ['suspended'] : ['never', 'unversioned', 'not enabled'] },
    );
  },
};
