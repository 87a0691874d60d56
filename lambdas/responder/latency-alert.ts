import type { LatencySignal } from '../core/incident.js';
import { type Alert, boundBytes, displayKey, messageAttributes, oneLineSafe, subjectLine } from '../core/render.js';
import type { LatencyCounts } from '../core/store.js';

/** What one latency alert reports: the signals counted since the rule's previous latency alert. */
export interface LatencyWindow {
  readonly counts: LatencyCounts;
  /** ISO 8601 time of the previous latency alert of the rule; absent for its first. */
  readonly since?: string;
}

/**
 * The `latency` alert (only with `LATENCY_ALERTS=true`): replication-time signals of one rule, counted over the
 * window since its previous latency alert (at most one per rule per window). These events carry no failure reason:
 * they never open an incident and only count, so the alert says what was observed and where to look, not a
 * diagnosis. Event meanings: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html
 */
export function renderLatencyAlert(
  signal: LatencySignal<unknown>,
  windowSeconds: number,
  window: LatencyWindow = { counts: signal },
): Alert {
  const { missedThreshold, replicatedAfterThreshold, notTracked } = window.counts;
  const rule = `rule ${oneLineSafe(signal.ruleId)} (${signal.sourceBucket} -> ${signal.destinationBucket})`;
  const span = window.since ? `the last window (since ${window.since})` : 'the last window';
  const counts = [
    `RTC threshold missed for ${missedThreshold} objects in ${span} on ${rule}.`,
    replicatedAfterThreshold > 0
      ? `${replicatedAfterThreshold} object(s) replicated after the 15-minute threshold in the same window.`
      : undefined,
    notTracked > 0
      ? `${notTracked} object(s) are no longer tracked by replication metrics (OperationNotTracked).`
      : undefined,
  ].filter((line): line is string => line !== undefined);
  const lines = [
    `S3 replication is slow or untracked: ${signal.sourceBucket} -> ${signal.destinationBucket}, rule ${oneLineSafe(signal.ruleId)}`,
    '',
    ...counts,
    '',
    `These signals only count: they open no incident. This alert is sent at most once per ${windowSeconds} s for this`,
    'rule; the metrics OperationsMissedThreshold, OperationsReplicatedAfterThreshold and OperationsNotTracked',
    '(namespace S3ReplicationDoctor) hold every count, and AWS/S3 ReplicationLatency and OperationsPendingReplication',
    'show the backlog per rule.',
    '',
    'WHAT TO CHECK',
    '  1. A failure incident for the same rule (permissions, KMS, versioning) stops objects, and they then miss the threshold.',
    '  2. KMS request quotas: high SSE-KMS volume can throttle replication (HTTP 503).',
    '  3. A burst of large objects or a backlog after an outage; S3 RTC replicates 99.99% of objects within 15 minutes.',
    '  4. OperationNotTracked: the object is no longer tracked by replication metrics; check the rule and its metrics setting.',
    '',
    'SAMPLE OBJECTS (this batch)',
    ...signal.sampleKeys.map((key) => `  - ${displayKey(key)}`),
  ];
  return {
    subject: subjectLine(
      `[WARNING] S3 replication time: ${missedThreshold} missed RTC ${signal.sourceBucket} -> ${signal.destinationBucket}`,
    ),
    message: boundBytes(lines.join('\n')),
    attributes: messageAttributes({
      category: 'capacity',
      severity: 'warning',
      sourceBucket: signal.sourceBucket,
      destinationBucket: signal.destinationBucket,
      ruleId: signal.ruleId,
      alertType: 'latency',
    }),
  };
}
