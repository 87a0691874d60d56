/**
 * Alarms on the deployment's own health, sent to the ops topic. Missing data means "no traffic" here, so it
 * never breaches. (AWS recommends `IGNORE` for alarms on the `AWS/S3` replication metrics; those have no fixed
 * dimensions at synth time, so they are graphed with SEARCH on the dashboard instead of alarmed.)
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Inputs to {@link createHealthAlarms}. */
export interface HealthAlarmProps {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly responder: lambda.IFunction;
  readonly opsTopic: sns.ITopic;
  /** Oldest-message age that counts as a stuck queue. */
  readonly maxMessageAge: Duration;
}

/** The alarms, in a stable order. */
export interface HealthAlarms {
  readonly deadLetterQueueNotEmpty: cw.Alarm;
  readonly oldestMessageAge: cw.Alarm;
  readonly responderErrors: cw.Alarm;
}

/** DLQ not empty, event queue stuck, responder failing; each notifies the ops topic on ALARM and OK. */
export function createHealthAlarms(scope: Construct, props: HealthAlarmProps): HealthAlarms {
  const period = Duration.minutes(5);
  const deadLetterQueueNotEmpty = new cw.Alarm(scope, 'DeadLetterQueueNotEmptyAlarm', {
    alarmDescription:
      'Replication events reached the dead-letter queue: they could not be processed after 5 attempts. Run `replication-doctor dlq` to see and diagnose them.',
    metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
    threshold: 1,
    comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cw.TreatMissingData.NOT_BREACHING,
  });
  const oldestMessageAge = new cw.Alarm(scope, 'OldestMessageAgeAlarm', {
    alarmDescription: `Replication events have waited more than ${props.maxMessageAge.toHumanString()} in the event queue: the responder is not keeping up or not running.`,
    metric: props.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period }),
    threshold: props.maxMessageAge.toSeconds(),
    comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cw.TreatMissingData.NOT_BREACHING,
  });
  const responderErrors = new cw.Alarm(scope, 'ResponderErrorsAlarm', {
    alarmDescription:
      'The responder function failed (threw or timed out) in the last 5 minutes; see its log group. Messages are retried and then sent to the dead-letter queue.',
    metric: props.responder.metricErrors({ statistic: 'Sum', period }),
    threshold: 1,
    comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cw.TreatMissingData.NOT_BREACHING,
  });
  const action = new cwActions.SnsAction(props.opsTopic);
  for (const alarm of [deadLetterQueueNotEmpty, oldestMessageAge, responderErrors]) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  return { deadLetterQueueNotEmpty, oldestMessageAge, responderErrors };
}
