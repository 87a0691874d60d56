import { type Check, result, unknownFrom } from '../check.js';
import { sourceFactRequest } from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'source-ownership';

/**
 * Object Ownership on the source (`SrcGetAclNotPermitted`): the replication role can read only objects its account
 * owns. With ACLs enabled (`ObjectWriter`, `BucketOwnerPreferred` without the `bucket-owner-full-control` ACL), objects
 * that other accounts upload stay theirs. `BucketOwnerEnforced` makes the bucket owner own every object.
 */
export const sourceOwnershipCheck: Check = {
  id: ID,
  title: 'Source Object Ownership',
  needs: (subject) => [sourceFactRequest(subject, 'ownership')],
  evaluate(subject, facts) {
    const bucket = subject.sourceBucket;
    const fact = factFor(facts, sourceFactRequest(subject, 'ownership'));
    if (fact.state === 'unknown') {
      return unknownFrom(ID, `the Object Ownership setting of ${bucket}`, fact, {
        source: 'GetBucketOwnershipControls',
        field: bucket,
      });
    }
    const setting = fact.state === 'ok' ? (fact.value.ObjectOwnership ?? '(not set)') : `none (${fact.code})`;
    const evidence = [{ source: 'GetBucketOwnershipControls', field: 'ObjectOwnership', value: setting }];
    if (fact.state === 'ok' && fact.value.ObjectOwnership === 'BucketOwnerEnforced') {
      return result(
        ID,
        'pass',
        `Source bucket ${bucket} uses BucketOwnerEnforced: the bucket owner owns every object, ACLs are off.`,
        evidence,
      );
    }
    const fix = [
      `aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
      'Check that no workload relies on object ACLs first; then redrive the FAILED objects with S3 Batch Replication.',
    ];
    const why =
      fact.state === 'ok' && fact.value.ObjectOwnership === 'BucketOwnerPreferred'
        ? 'objects uploaded by other accounts without the bucket-owner-full-control ACL stay owned by the uploader'
        : 'objects uploaded by other accounts are owned by the uploader (ObjectWriter behaviour)';
    return result(
      ID,
      'warn',
      `Source bucket ${bucket} has ACLs enabled (${setting}): ${why}, and the replication role cannot read those objects or their ACLs.`,
      evidence,
      { fix },
    );
  },
};
