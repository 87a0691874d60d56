import { type Check, result, withRule } from '../check.js';
import { bucketArn, objectRequest, replicationRequest, ruleField, ruleSchema, ruleTags } from '../derive.js';
import { type FactRequest, factFor } from '../facts.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'delete-marker-replication';

/** Whether the rule replicates delete markers (V2 `DeleteMarkerReplication`; V1 rules always do), against the object
 * when it is a delete marker. Replicating them needs `s3:ReplicateDelete` on the destination. */
export const deleteMarkerReplicationCheck: Check = {
  id: ID,
  title: 'Delete marker replication',
  needs(subject) {
    const head = objectRequest(subject, 'head');
    const needs: FactRequest[] = [replicationRequest(subject)];
    if (head) needs.push(head);
    return needs;
  },
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, (rule) => {
      const label = `Rule "${rule.ID ?? '?'}"`;
      const permission = `the role (and a cross-account destination's bucket policy) must allow s3:ReplicateDelete on ${bucketArn(subject.destinationBucket)}/*`;
      if (ruleSchema(rule) === 'V1') {
        return result(ID, 'pass', `${label} uses the V1 schema, which replicates delete markers; ${permission}.`, [
          { source: 'GetBucketReplication', field: ruleField(rule, 'Filter'), value: '(absent: V1 schema)' },
        ]);
      }
      const status = rule.DeleteMarkerReplication?.Status;
      const evidence: Evidence[] = [
        {
          source: 'GetBucketReplication',
          field: ruleField(rule, 'DeleteMarkerReplication.Status'),
          value: status ?? '(not set)',
        },
      ];
      if (status === 'Enabled') {
        return result(ID, 'pass', `${label} replicates delete markers; ${permission}.`, evidence);
      }
      const request = objectRequest(subject, 'head');
      const head = request ? factFor(facts, request) : undefined;
      const isMarker = head?.state === 'ok' && head.value.DeleteMarker === true;
      const tagNote =
        ruleTags(rule).tags.length > 0
          ? ' The rule filters on tags, and S3 requires DeleteMarkerReplication Disabled for tag filters.'
          : '';
      if (isMarker) {
        evidence.push({ source: 'HeadObject', field: 'DeleteMarker', value: 'true' });
        return result(
          ID,
          'fail',
          `The object version is a delete marker and ${label} does not replicate delete markers.${tagNote}`,
          evidence,
          {
            fix: [
              `Set "DeleteMarkerReplication": {"Status": "Enabled"} on ${label} and put the configuration back with aws s3api put-bucket-replication --bucket ${subject.sourceBucket} --replication-configuration file://replication.json`,
              `Allow s3:ReplicateDelete on ${bucketArn(subject.destinationBucket)}/* in the replication role's policy (and the destination bucket policy when cross-account).`,
            ],
          },
        );
      }
      return result(
        ID,
        'warn',
        `${label} does not replicate delete markers (DeleteMarkerReplication ${status ?? 'not set'}): deletes in ${subject.sourceBucket} stay there.${tagNote}`,
        evidence,
      );
    }),
};
