/**
 * Literal audit inputs: a healthy configured source bucket (one enabled rule with metrics, notifications to the
 * responder's queue, every check passing) that each test bends in one place. No mocks: the audit is pure.
 */
import { absent, type Fact, ok, type ReplicationRuleFact, unknown } from '../../../lambdas/checks/facts.js';
import type { CheckId, CheckResult, CheckStatus } from '../../../lambdas/checks/types.js';
import type {
  BucketAuditInput,
  NotificationConfigFact,
  NotificationTargetFact,
} from '../../../lambdas/core/audit/types.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const SRC = 'acme-logs-src';
export const DST = 'acme-logs-dst';
export const RULE_ID = 'replicate-logs';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/s3-replication`;
export const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:ReplicationDoctor-EventQueue`;

export function rule(overrides: Partial<ReplicationRuleFact> = {}): ReplicationRuleFact {
  return {
    ID: RULE_ID,
    Priority: 1,
    Status: 'Enabled',
    Filter: { Prefix: 'logs/' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: {
      Bucket: `arn:aws:s3:::${DST}`,
      Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    },
    ...overrides,
  };
}

export function queueTarget(overrides: Partial<NotificationTargetFact> = {}): NotificationTargetFact {
  return { Id: 'replication-doctor', Arn: QUEUE, Events: ['s3:Replication:*'], ...overrides };
}

export function notifications(overrides: Partial<NotificationConfigFact> = {}): NotificationConfigFact {
  return {
    QueueConfigurations: [queueTarget()],
    TopicConfigurations: [],
    LambdaFunctionConfigurations: [],
    EventBridge: false,
    ...overrides,
  };
}

export function check(id: CheckId, status: CheckStatus, extras: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    status,
    summary: `${id} is ${status}.`,
    evidence: [{ source: 'GetBucketVersioning', field: 'Status', value: status === 'pass' ? 'Enabled' : 'Suspended' }],
    ...extras,
  };
}

export const PASSING: readonly CheckResult[] = [
  check('source-bucket', 'pass'),
  check('destination-bucket', 'pass'),
  check('replication-rule', 'pass'),
  check('replication-metrics', 'pass'),
  check('source-versioning', 'pass'),
  check('destination-versioning', 'pass'),
  check('object-lock', 'pass'),
  check('role-exists', 'pass'),
  check('role-trust', 'pass'),
  check('source-kms-key', 'skipped'),
];

/** A healthy configured bucket; `rules` replaces the configuration's rules (checks passing for each). */
export function input(
  overrides: Partial<BucketAuditInput> = {},
  rules: readonly ReplicationRuleFact[] = [rule()],
): BucketAuditInput {
  const replication: Fact<{ Role: string; Rules: readonly ReplicationRuleFact[] }> = ok({ Role: ROLE, Rules: rules });
  return {
    bucket: SRC,
    configured: true,
    replication,
    notifications: ok(notifications()),
    eventQueueArn: QUEUE,
    rules: Object.fromEntries(rules.map((r, i) => [r.ID ?? `#${i + 1}`, { checks: PASSING }])),
    destinationAllowList: [],
    accountId: ACCOUNT,
    ...overrides,
  };
}

/** Replaces one check's result for the default rule. */
export function withCheck(result: CheckResult, base: BucketAuditInput = input()): BucketAuditInput {
  const checks = [...PASSING.filter((c) => c.id !== result.id), result];
  return { ...base, rules: { ...base.rules, [RULE_ID]: { ...base.rules?.[RULE_ID], checks } } };
}

export { absent, ok, unknown };
