import { type Check, result, withRule } from '../check.js';
import { replicationRequest, ruleField, ruleSchema } from '../derive.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'replication-metrics';

/** Replication metrics are on for the rule: without them S3 sends no `OperationFailedReplication` events at all. */
export const replicationMetricsCheck: Check = {
  id: ID,
  title: 'Replication metrics (failure events)',
  needs: (subject) => [replicationRequest(subject)],
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, (rule) => {
      const status = rule.Destination.Metrics?.Status;
      const evidence = [
        {
          source: 'GetBucketReplication',
          field: ruleField(rule, 'Destination.Metrics.Status'),
          value: status ?? '(not set)',
        },
      ];
      const label = `Rule "${rule.ID ?? '?'}"`;
      if (status === 'Enabled') {
        return result(
          ID,
          'pass',
          `${label} has replication metrics Enabled, so S3 reports failures as events.`,
          evidence,
        );
      }
      const schema =
        ruleSchema(rule) === 'V1'
          ? ' The rule uses the V1 schema (no Filter): carrying metrics changes it to V2 (add "Filter": {} and "DeleteMarkerReplication"); review delete-marker behaviour.'
          : '';
      return result(
        ID,
        'fail',
        `${label} has replication metrics ${status ?? 'not set'}: S3 sends no OperationFailedReplication events for it, so failures go unnoticed.${schema}`,
        evidence,
        {
          fix: [
            `replication-doctor enable-metrics ${subject.sourceBucket} --rule ${rule.ID ?? '<rule-id>'}${schema ? ' --allow-schema-change' : ''} --execute`,
            `Or set "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}} in the rule's Destination and put the configuration back with aws s3api put-bucket-replication --bucket ${subject.sourceBucket}.`,
          ],
        },
      );
    }),
};
