/**
 * Small widget factories for the Replication Doctor dashboard, in the style of cdk-monitoring-constructs:
 * each returns widgets for one concern, and {@link buildDashboard} lays them out in rows.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Namespace of the EMF metrics the responder and auditor publish (`POWERTOOLS_METRICS_NAMESPACE`). */
export const DOCTOR_NAMESPACE = 'S3ReplicationDoctor';

/** Metrics the responder and auditor emit; each graph sums them over whatever dimensions they carry. */
export const DOCTOR_COUNTER_METRICS = [
  'AlertsPublished',
  'IncidentsOpened',
  'MalformedMessages',
  'SuppressedFailures',
  'AuditFindings',
] as const;

/** Latency signals the responder counts from threshold and not-tracked events. */
export const DOCTOR_LATENCY_METRICS = [
  'OperationsMissedThreshold',
  'OperationsReplicatedAfterThreshold',
  'OperationsNotTracked',
] as const;

/** The responder's own error counters. */
export const DOCTOR_ERROR_METRICS = ['CheckErrors', 'StoreErrors', 'PublishErrors'] as const;

/** The `AWS/S3` replication metrics and the statistic AWS recommends for each. */
export const S3_REPLICATION_METRICS = {
  OperationsFailedReplication: 'Sum',
  ReplicationLatency: 'Maximum',
  OperationsPendingReplication: 'Maximum',
  BytesPendingReplication: 'Maximum',
} as const;
export type S3ReplicationMetricName = keyof typeof S3_REPLICATION_METRICS;

const PERIOD = Duration.minutes(5);
const WIDTH = 12;
const HEIGHT = 6;

/** Escapes a value for a double-quoted term inside a single-quoted SEARCH string. */
function searchTerm(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'");
}

/** A CloudWatch dynamic label that shows a dimension's value for each series a SEARCH returns. */
export function dimensionLabel(dimension: string): string {
  return `\${PROP('Dim.${dimension}')}`;
}

/**
 * Every time series of one of our metrics, whatever its dimensions (Powertools adds `service`, the code may add
 * `FailureReason` or bucket names). A SEARCH keeps the dashboard right when dimensions change.
 */
export function doctorMetricSearch(metricName: string, label?: string): cw.MathExpression {
  return new cw.MathExpression({
    expression: `SEARCH('Namespace="${DOCTOR_NAMESPACE}" MetricName="${searchTerm(metricName)}"', 'Sum', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });
}

/** The total of one of our metrics across all of its dimension sets. */
export function doctorMetricTotal(metricName: string, label: string): cw.MathExpression {
  return new cw.MathExpression({
    expression: `SUM(${doctorMetricSearch(metricName).expression})`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });
}

/**
 * One `AWS/S3` replication metric for one source bucket. Destination bucket and rule id (the other two
 * dimensions) are only known at run time, so the SEARCH returns one line per rule and destination.
 */
export function s3ReplicationMetricSearch(
  metricName: S3ReplicationMetricName,
  sourceBucket: string,
): cw.MathExpression {
  const statistic = S3_REPLICATION_METRICS[metricName];
  return new cw.MathExpression({
    expression: `SEARCH('{AWS/S3,DestinationBucket,RuleId,SourceBucket} MetricName="${metricName}" SourceBucket="${searchTerm(sourceBucket)}"', '${statistic}', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    // A dynamic label: one line per rule and destination of this source bucket.
    label: `${sourceBucket} to ${dimensionLabel('DestinationBucket')} (rule ${dimensionLabel('RuleId')})`,
    period: PERIOD,
  });
}

/** Replication failures by `FailureReason`, from the responder's metric. */
export function failuresByReasonWidget(): cw.GraphWidget {
  return new cw.GraphWidget({
    title: 'Replication failures by reason (responder, ReplicationFailures)',
    // A dynamic label: one line per failure reason.
    left: [doctorMetricSearch('ReplicationFailures', dimensionLabel('FailureReason'))],
    leftYAxis: { min: 0, showUnits: false },
    stacked: true,
    width: WIDTH,
    height: HEIGHT,
  });
}

/** Alerts published, incidents opened, malformed messages, suppressed failures and audit findings. */
export function doctorCountersWidget(): cw.GraphWidget {
  return new cw.GraphWidget({
    title: 'Alerts, incidents, malformed messages, suppressed failures, audit findings',
    left: DOCTOR_COUNTER_METRICS.map((name) => doctorMetricTotal(name, name)),
    leftYAxis: { min: 0, showUnits: false },
    width: WIDTH,
    height: HEIGHT,
  });
}

/** Threshold and not-tracked events (Replication Time Control latency signals) counted by the responder. */
export function latencySignalsWidget(): cw.GraphWidget {
  return new cw.GraphWidget({
    title: 'Replication latency events (missed threshold, replicated after threshold, not tracked)',
    left: DOCTOR_LATENCY_METRICS.map((name) => doctorMetricTotal(name, name)),
    leftYAxis: { min: 0, showUnits: false },
    width: WIDTH,
    height: HEIGHT,
  });
}

/** The responder's own failures: live checks that errored, store and publish errors. */
export function doctorErrorsWidget(): cw.GraphWidget {
  return new cw.GraphWidget({
    title: 'Responder check, store and publish errors',
    left: DOCTOR_ERROR_METRICS.map((name) => doctorMetricTotal(name, name)),
    leftYAxis: { min: 0, showUnits: false },
    width: WIDTH,
    height: HEIGHT,
  });
}

/** The four `AWS/S3` replication metrics, one widget each, one SEARCH per configured source bucket. */
export function s3ReplicationWidgets(sourceBucketNames: readonly string[]): cw.GraphWidget[] {
  const graph = (title: string, metricName: S3ReplicationMetricName): cw.GraphWidget =>
    new cw.GraphWidget({
      title,
      left: sourceBucketNames.map((bucket) => s3ReplicationMetricSearch(metricName, bucket)),
      leftYAxis: { min: 0 },
      width: WIDTH / 2,
      height: HEIGHT,
    });
  return [
    graph('Failed replication operations (AWS/S3, Sum)', 'OperationsFailedReplication'),
    graph('Replication latency, seconds (AWS/S3, Max)', 'ReplicationLatency'),
    graph('Operations pending replication (AWS/S3, Max)', 'OperationsPendingReplication'),
    graph('Bytes pending replication (AWS/S3, Max)', 'BytesPendingReplication'),
  ];
}

/** Event queue depth and age of the oldest message, and the dead-letter queue's depth. */
export function queueWidgets(queue: sqs.IQueue, deadLetterQueue: sqs.IQueue): cw.GraphWidget[] {
  return [
    new cw.GraphWidget({
      title: 'Event queue: messages visible and in flight',
      left: [
        queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: PERIOD, label: 'Visible' }),
        queue.metricApproximateNumberOfMessagesNotVisible({ statistic: 'Maximum', period: PERIOD, label: 'In flight' }),
      ],
      leftYAxis: { min: 0 },
      width: WIDTH / 3,
      height: HEIGHT,
    }),
    new cw.GraphWidget({
      title: 'Event queue: age of oldest message (s)',
      left: [queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: PERIOD, label: 'Oldest' })],
      leftYAxis: { min: 0 },
      width: WIDTH / 3,
      height: HEIGHT,
    }),
    new cw.GraphWidget({
      title: 'Dead-letter queue: messages visible',
      left: [
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: PERIOD,
          label: 'DLQ',
        }),
      ],
      leftYAxis: { min: 0 },
      width: WIDTH / 3,
      height: HEIGHT,
    }),
  ];
}

/** Errors, throttles and duration of the functions. */
export function lambdaHealthWidgets(functions: Readonly<Record<string, lambda.IFunction>>): cw.GraphWidget[] {
  const entries = Object.entries(functions);
  return [
    new cw.GraphWidget({
      title: 'Lambda errors and throttles',
      left: entries.flatMap(([name, fn]) => [
        fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: `${name} errors` }),
        fn.metricThrottles({ statistic: 'Sum', period: PERIOD, label: `${name} throttles` }),
      ]),
      leftYAxis: { min: 0 },
      width: WIDTH,
      height: HEIGHT,
    }),
    new cw.GraphWidget({
      title: 'Lambda duration (ms)',
      left: entries.flatMap(([name, fn]) => [
        fn.metricDuration({ statistic: 'p99', period: PERIOD, label: `${name} p99` }),
        fn.metricDuration({ statistic: 'Maximum', period: PERIOD, label: `${name} max` }),
      ]),
      leftYAxis: { min: 0 },
      width: WIDTH,
      height: HEIGHT,
    }),
  ];
}

/** The introduction: what the dashboard shows and the prerequisite without which nothing arrives. */
export function introWidget(sourceBucketNames: readonly string[]): cw.TextWidget {
  return new cw.TextWidget({
    markdown: [
      '# S3 Replication Doctor',
      `Source buckets: ${sourceBucketNames.map((b) => `\`${b}\``).join(', ')}.`,
      'S3 sends replication failure events and `AWS/S3` replication metrics only for rules with **replication metrics** enabled; run `replication-doctor audit` to find rules without them.',
    ].join('\n\n'),
    width: 24,
    height: 3,
  });
}

/** Inputs to {@link buildDashboard}. */
export interface DoctorDashboardProps {
  readonly sourceBucketNames: readonly string[];
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly alarms: readonly cw.IAlarm[];
  /** @default - generated by CloudFormation */
  readonly dashboardName?: string;
}

/** Lays the widgets out: intro, doctor metrics, latency and error counters, AWS/S3 metrics, queues, Lambda health, alarms. */
export function buildDashboard(scope: Construct, id: string, props: DoctorDashboardProps): cw.Dashboard {
  const dashboard = new cw.Dashboard(scope, id, {
    dashboardName: props.dashboardName,
    defaultInterval: Duration.hours(24),
  });
  dashboard.addWidgets(introWidget(props.sourceBucketNames));
  dashboard.addWidgets(failuresByReasonWidget(), doctorCountersWidget());
  dashboard.addWidgets(latencySignalsWidget(), doctorErrorsWidget());
  dashboard.addWidgets(...s3ReplicationWidgets(props.sourceBucketNames));
  dashboard.addWidgets(...queueWidgets(props.queue, props.deadLetterQueue));
  dashboard.addWidgets(...lambdaHealthWidgets(props.functions));
  if (props.alarms.length > 0) {
    dashboard.addWidgets(
      new cw.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 }),
    );
  }
  return dashboard;
}
