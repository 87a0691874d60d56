import type { LatencySignal } from '../core/incident.js';
import { type Alert, boundBytes, displayKey, messageAttributes, oneLineSafe, subjectLine } from '../core/render.js';

/**
 * The `latency` alert (only with `LATENCY_ALERTS=true`): replication-time signals of one rule. These events carry no
 * failure reason, so the alert says what was observed and where to look, not a diagnosis.
 * Event meanings: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html
 */
export function renderLatencyAlert(signal: LatencySignal<unknown>, windowSeconds: number): Alert {
  const counts = [
    signal.missedThreshold > 0 ? `${signal.missedThreshold} missed the 15-minute threshold` : undefined,
    signal.replicatedAfterThreshold > 0
      ? `${signal.replicatedAfterThreshold} replicated after the threshold`
      : undefined,
    signal.notTracked > 0 ? `${signal.notTracked} no longer tracked by replication metrics` : undefined,
  ].filter((line): line is string => line !== undefined);
  const lines = [
    `S3 replication is slow or untracked: ${signal.sourceBucket} -> ${signal.destinationBucket}, rule ${oneLineSafe(signal.ruleId)}`,
    '',
    `Objects in this batch: ${counts.join('; ')}.`,
    `This alert is sent at most once per ${windowSeconds} s for this rule; the metrics OperationsMissedThreshold,`,
    'OperationsReplicatedAfterThreshold and OperationsNotTracked (namespace S3ReplicationDoctor) hold every count,',
    'and AWS/S3 ReplicationLatency and OperationsPendingReplication show the backlog per rule.',
    '',
    'WHAT TO CHECK',
    '  1. A failure incident for the same rule (permissions, KMS, versioning) stops objects, and they then miss the threshold.',
    '  2. KMS request quotas: high SSE-KMS volume can throttle replication (HTTP 503).',
    '  3. A burst of large objects or a backlog after an outage; S3 RTC replicates 99.99% of objects within 15 minutes.',
    '  4. OperationNotTracked: the object is no longer tracked by replication metrics; check the rule and its metrics setting.',
    '',
    'SAMPLE OBJECTS',
    ...signal.sampleKeys.map((key) => `  - ${displayKey(key)}`),
  ];
  return {
    subject: subjectLine(`[WARNING] S3 replication time: ${signal.sourceBucket} -> ${signal.destinationBucket}`),
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
