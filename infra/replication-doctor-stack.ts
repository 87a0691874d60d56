import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ReplicationDoctor, type ReplicationDoctorProps } from './replication-doctor.js';
import { validateTopicArn } from './validation.js';

/** Default stack name (SPEC "Fixed names"); the CLI finds the deployment through its outputs. */
export const MAIN_STACK_NAME = 'ReplicationDoctor';

/**
 * Output keys the CLI reads with CloudFormation `DescribeStacks`. The output's construct id is its logical id,
 * which is the `OutputKey`.
 */
export const OUTPUT_KEYS = {
  alertTopicArn: 'AlertTopicArn',
  sourceBuckets: 'SourceBuckets',
  incidentTableName: 'IncidentTableName',
  eventQueueUrl: 'EventQueueUrl',
  eventQueueArn: 'EventQueueArn',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  deadLetterQueueArn: 'DeadLetterQueueArn',
  responderRoleArn: 'ResponderRoleArn',
  auditorRoleArn: 'AuditorRoleArn',
  opsTopicArn: 'OpsTopicArn',
  dashboardName: 'DashboardName',
  batchReplicationRoleArn: 'BatchReplicationRoleArn',
  batchReportBucketName: 'BatchReportBucketName',
  batchReportPrefix: 'BatchReportPrefix',
} as const;

/** Properties of {@link ReplicationDoctorStack}: the construct's props, flat, plus stack settings. */
export interface ReplicationDoctorStackProps extends StackProps, Omit<ReplicationDoctorProps, 'existingAlertTopic'> {
  /**
   * ARN of an existing SNS topic (same account and Region) for alerts.
   * @default - a new KMS-encrypted topic
   */
  readonly existingAlertTopicArn?: string;
  /**
   * Also export each output as `<stack name>-<OutputKey>` for other stacks.
   * @default false
   */
  readonly exportOutputs?: boolean;
}

/** The deployable stack: one {@link ReplicationDoctor} and the outputs the CLI reads. */
export class ReplicationDoctorStack extends Stack {
  public readonly doctor: ReplicationDoctor;

  constructor(scope: Construct, id: string, props: ReplicationDoctorStackProps) {
    super(scope, id, {
      description: 'S3 Replication Doctor: diagnoses S3 Replication failures and alerts once per cause',
      ...props,
    });
    let existingAlertTopic: sns.ITopic | undefined;
    if (props.existingAlertTopicArn !== undefined) {
      validateTopicArn('alertTopicArn', props.existingAlertTopicArn);
      existingAlertTopic = sns.Topic.fromTopicArn(this, 'ExistingAlertTopic', props.existingAlertTopicArn);
    }
    this.doctor = new ReplicationDoctor(this, 'Doctor', { ...props, existingAlertTopic });

    const output = (key: string, value: string, description: string): void => {
      new CfnOutput(this, key, {
        value,
        description,
        exportName: props.exportOutputs ? `${this.stackName}-${key}` : undefined,
      });
    };
    const d = this.doctor;
    output(OUTPUT_KEYS.alertTopicArn, d.alertTopic.topicArn, 'SNS topic that receives the alerts');
    output(
      OUTPUT_KEYS.sourceBuckets,
      props.sourceBucketNames.join(','),
      'Configured source buckets (replication-doctor audit)',
    );
    output(OUTPUT_KEYS.incidentTableName, d.incidentTable.tableName, 'DynamoDB table of incidents and audit state');
    output(OUTPUT_KEYS.eventQueueUrl, d.eventQueue.queueUrl, 'SQS queue of S3 replication events');
    output(OUTPUT_KEYS.eventQueueArn, d.eventQueue.queueArn, 'SQS queue of S3 replication events');
    output(OUTPUT_KEYS.deadLetterQueueUrl, d.deadLetterQueue.queueUrl, 'Dead-letter queue of the event queue');
    output(OUTPUT_KEYS.deadLetterQueueArn, d.deadLetterQueue.queueArn, 'Dead-letter queue of the event queue');
    output(
      OUTPUT_KEYS.responderRoleArn,
      d.responderRole.roleArn,
      'Responder role: pass it to the ReplicationDoctorDestinationAccess stack as -c responderRoleArn=...',
    );
    output(
      OUTPUT_KEYS.auditorRoleArn,
      d.auditorRole.roleArn,
      'Auditor role: pass it to the ReplicationDoctorDestinationAccess stack as -c auditorRoleArn=...',
    );
    output(OUTPUT_KEYS.opsTopicArn, d.opsTopic.topicArn, 'SNS topic that receives the health alarms');
    if (d.dashboard) output(OUTPUT_KEYS.dashboardName, d.dashboard.dashboardName, 'CloudWatch dashboard');
    if (d.batchReplicationRole && d.batchReportBucket) {
      output(OUTPUT_KEYS.batchReplicationRoleArn, d.batchReplicationRole.roleArn, 'Role for S3 Batch Replication jobs');
      output(
        OUTPUT_KEYS.batchReportBucketName,
        d.batchReportBucket.bucketName,
        'Bucket for Batch Replication manifests and reports',
      );
      output(
        OUTPUT_KEYS.batchReportPrefix,
        d.batchReportPrefix,
        'Key prefix for Batch Replication manifests and reports',
      );
    }
  }
}
