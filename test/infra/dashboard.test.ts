import { afterAll, describe, expect, it } from 'vitest';
import {
  DOCTOR_COUNTER_METRICS,
  DOCTOR_ERROR_METRICS,
  DOCTOR_LATENCY_METRICS,
  doctorMetricSearch,
  S3_REPLICATION_METRICS,
  s3ReplicationMetricSearch,
} from '../../infra/dashboard.js';
import { cleanupApps, joinToText, onlyResource, resourcesOfType, SOURCE_BUCKETS, synthStack } from './support.js';

afterAll(cleanupApps);

interface Widget {
  readonly type: string;
  readonly properties: { readonly title?: string; readonly markdown?: string; readonly metrics?: unknown[][] };
}

function dashboardWidgets(): Widget[] {
  const { template } = synthStack();
  const [, dashboard] = onlyResource(template, 'AWS::CloudWatch::Dashboard');
  const body = JSON.parse(joinToText(dashboard.Properties.DashboardBody)) as { widgets: Widget[] };
  return body.widgets;
}

/** Expressions of a graph's metric math entries. */
function expressions(widget: Widget | undefined): string[] {
  return (widget?.properties.metrics ?? []).flatMap((row) =>
    row.flatMap((cell) =>
      cell !== null && typeof cell === 'object' && 'expression' in cell ? [String(cell.expression)] : [],
    ),
  );
}

/** Plain metrics of a graph as `namespace/metricName`. */
function plainMetrics(widget: Widget | undefined): string[] {
  return (widget?.properties.metrics ?? []).flatMap((row) =>
    typeof row[0] === 'string' ? [`${row[0]}/${String(row[1])}`] : [],
  );
}

function widget(widgets: Widget[], title: RegExp): Widget {
  const found = widgets.find((w) => title.test(w.properties.title ?? ''));
  if (!found) throw new Error(`no widget titled ${title}`);
  return found;
}

describe('dashboard widgets', () => {
  const widgets = dashboardWidgets();

  it('shows replication failures by FailureReason from a SEARCH over the responder metric', () => {
    expect(expressions(widget(widgets, /failures by reason/))).toEqual([
      `SEARCH('Namespace="S3ReplicationDoctor" MetricName="ReplicationFailures"', 'Sum', 300)`,
    ]);
  });

  it('labels each failure-reason line with its FailureReason dimension', () => {
    const graph = widget(widgets, /failures by reason/);
    expect(graph.properties.metrics?.[0]?.[0]).toMatchObject({ label: `\${PROP('Dim.FailureReason')}` });
  });

  it('shows the latency signals and the responder error counters', () => {
    expect(expressions(widget(widgets, /latency events/))).toEqual(
      DOCTOR_LATENCY_METRICS.map(
        (name) => `SUM(SEARCH('Namespace="S3ReplicationDoctor" MetricName="${name}"', 'Sum', 300))`,
      ),
    );
    expect(expressions(widget(widgets, /check, store and publish errors/))).toEqual(
      DOCTOR_ERROR_METRICS.map(
        (name) => `SUM(SEARCH('Namespace="S3ReplicationDoctor" MetricName="${name}"', 'Sum', 300))`,
      ),
    );
  });

  it('shows alerts, incidents, malformed messages, suppressed failures and audit findings', () => {
    const found = expressions(widget(widgets, /Alerts, incidents/));
    for (const name of [
      'AlertsPublished',
      'IncidentsOpened',
      'MalformedMessages',
      'SuppressedFailures',
      'AuditFindings',
    ]) {
      expect(found).toContain(`SUM(SEARCH('Namespace="S3ReplicationDoctor" MetricName="${name}"', 'Sum', 300))`);
    }
    expect(found).toHaveLength(DOCTOR_COUNTER_METRICS.length);
  });

  it.each(Object.entries(S3_REPLICATION_METRICS))(
    'shows AWS/S3 %s (%s) per configured source bucket',
    (metric, statistic) => {
      const graph = widgets.find((w) => expressions(w).some((e) => e.includes(`MetricName="${metric}"`)));
      const found = expressions(graph);
      expect(found).toEqual(
        SOURCE_BUCKETS.map(
          (bucket) =>
            `SEARCH('{AWS/S3,DestinationBucket,RuleId,SourceBucket} MetricName="${metric}" SourceBucket="${bucket}"', '${statistic}', 300)`,
        ),
      );
    },
  );

  it('shows queue depth, age of the oldest message and DLQ depth', () => {
    expect(plainMetrics(widget(widgets, /Event queue: messages/))).toEqual([
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateNumberOfMessagesNotVisible',
    ]);
    expect(plainMetrics(widget(widgets, /age of oldest/))).toEqual(['AWS/SQS/ApproximateAgeOfOldestMessage']);
    expect(plainMetrics(widget(widgets, /Dead-letter queue/))).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible']);
  });

  it('shows Lambda errors, throttles and duration of the responder and auditor', () => {
    expect(plainMetrics(widget(widgets, /errors and throttles/))).toEqual([
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
    ]);
    expect(plainMetrics(widget(widgets, /duration/))).toEqual(Array(4).fill('AWS/Lambda/Duration'));
  });

  it('explains the replication-metrics prerequisite and shows the alarms', () => {
    expect(widgets.find((w) => w.type === 'text')?.properties.markdown).toMatch(/replication metrics/);
    expect(widgets.some((w) => w.type === 'alarm')).toBe(true);
  });
});

describe('dashboard switch', () => {
  it('creates no dashboard with dashboard: false', () => {
    const { template } = synthStack({ dashboard: false });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(Object.keys(template.toJSON().Outputs as object)).not.toContain('DashboardName');
  });

  it('uses the given dashboard name', () => {
    synthStack({ dashboardName: 'replication-health' }).template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'replication-health',
    });
  });
});

describe('widget factories', () => {
  it('escapes quotes in SEARCH terms', () => {
    expect(doctorMetricSearch('Odd"Name').expression).toContain('MetricName="Odd\\"Name"');
    expect(s3ReplicationMetricSearch('ReplicationLatency', "it's").expression).toContain('SourceBucket="it\\\'s"');
  });
});

describe('health alarms', () => {
  const { template } = synthStack();
  const [opsTopicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorOpsTopic');
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');

  it('creates three alarms, all notifying the ops topic on ALARM and OK, none breaching on missing data', () => {
    expect(alarms).toHaveLength(3);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: opsTopicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: opsTopicId }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it('alarms when the DLQ holds at least one message', () => {
    const [dlqId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorDeadLetterQueue');
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm', 'DoctorDeadLetterQueueNotEmptyAlarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it('alarms when the oldest event waits more than 15 minutes', () => {
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm', 'DoctorOldestMessageAgeAlarm');
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 900,
      Statistic: 'Maximum',
    });
  });

  it('alarms on any responder error within 5 minutes', () => {
    const [responderId] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorResponder');
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm', 'DoctorResponderErrorsAlarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: responderId } }],
      Period: 300,
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });
});
