import { absentEvidence, type Check, result, ruleName, unknownFrom } from '../check.js';
import {
  bucketArn,
  bucketNameOf,
  findRule,
  isRoleArn,
  replicationFact,
  replicationRequest,
  ruleField,
  ruleSchema,
} from '../derive.js';
import type { CheckId, CheckSubject, Evidence } from '../types.js';

const ID: CheckId = 'replication-rule';

/** A minimal V2 configuration with metrics on, to start from when none exists. */
export function replicationConfigTemplate(subject: CheckSubject, roleArn = '<replication-role-arn>'): string {
  return JSON.stringify({
    Role: roleArn,
    Rules: [
      {
        ID: subject.ruleId ?? 'replicate-all',
        Status: 'Enabled',
        Priority: 1,
        Filter: {},
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: {
          Bucket: bucketArn(subject.destinationBucket),
          Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
        },
      },
    ],
  });
}

function editSteps(bucket: string, change: string): string[] {
  return [
    `aws s3api get-bucket-replication --bucket ${bucket} --query ReplicationConfiguration > replication.json`,
    change,
    `aws s3api put-bucket-replication --bucket ${bucket} --replication-configuration file://replication.json`,
  ];
}

/** The replication configuration exists, the event's rule is in it, Enabled, and points at the expected destination
 * bucket with a role. */
export const replicationRuleCheck: Check = {
  id: ID,
  title: 'Replication configuration and rule',
  needs: (subject) => [replicationRequest(subject)],
  evaluate(subject, facts) {
    const bucket = subject.sourceBucket;
    const fact = replicationFact(subject, facts);
    if (fact.state === 'unknown') {
      return unknownFrom(ID, `the replication configuration of ${bucket}`, fact, {
        source: 'GetBucketReplication',
        field: bucket,
      });
    }
    if (fact.state === 'absent') {
      const what =
        fact.code === 'NoSuchBucket'
          ? `Source bucket ${bucket} does not exist`
          : `${bucket} has no replication configuration`;
      return result(
        ID,
        'fail',
        `${what} (${fact.code}): nothing is replicated.`,
        [absentEvidence('GetBucketReplication', bucket, fact.code)],
        {
          fix: [
            `aws s3api put-bucket-replication --bucket ${bucket} --replication-configuration '${replicationConfigTemplate(subject)}'`,
          ],
        },
      );
    }
    const config = fact.value;
    const rule = findRule(config, subject);
    const ids = config.Rules.map((r) => r.ID ?? '?').join(', ');
    if (!rule) {
      return result(
        ID,
        'fail',
        `${ruleName(subject)} is not in the replication configuration of ${bucket} (rules: ${ids || 'none'}); it was removed or renamed since.`,
        [{ source: 'GetBucketReplication', field: 'Rules[].ID', value: ids }],
        {
          fix: editSteps(
            bucket,
            `Add the rule back to replication.json: ${replicationConfigTemplate(subject, config.Role)}`,
          ),
        },
      );
    }
    const evidence: Evidence[] = [
      { source: 'GetBucketReplication', field: ruleField(rule, 'Status'), value: rule.Status },
      { source: 'GetBucketReplication', field: ruleField(rule, 'Destination.Bucket'), value: rule.Destination.Bucket },
      { source: 'GetBucketReplication', field: 'Role', value: config.Role },
    ];
    const label = `Rule "${rule.ID ?? '?'}"`;
    if (rule.Status !== 'Enabled') {
      return result(ID, 'fail', `${label} is ${rule.Status}: S3 does not replicate under it.`, evidence, {
        fix: editSteps(bucket, `Set "Status": "Enabled" on ${label} in replication.json.`),
      });
    }
    const target = bucketNameOf(rule.Destination.Bucket);
    if (target !== subject.destinationBucket) {
      return result(
        ID,
        'fail',
        `${label} now replicates to ${target}, not to ${subject.destinationBucket}: the rule changed since the event, or the event names another rule.`,
        evidence,
        {
          fix: editSteps(
            bucket,
            `Set Destination.Bucket of ${label} to "${bucketArn(subject.destinationBucket)}" if that is intended.`,
          ),
        },
      );
    }
    if (!isRoleArn(config.Role)) {
      return result(
        ID,
        'fail',
        `The configuration's Role "${config.Role}" is not an IAM role ARN: S3 cannot assume it.`,
        evidence,
        {
          fix: editSteps(
            bucket,
            `Set "Role" to the replication role's ARN, e.g. "arn:aws:iam::<account>:role/<replication-role>".`,
          ),
        },
      );
    }
    const existing =
      rule.ExistingObjectReplication?.Status === 'Enabled'
        ? ' ExistingObjectReplication is set, which AWS no longer supports; use Batch Replication.'
        : '';
    return result(
      ID,
      'pass',
      `${label} (schema ${ruleSchema(rule)}) is Enabled and replicates to ${target} with role ${config.Role}.${existing}`,
      evidence,
    );
  },
};
