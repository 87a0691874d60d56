import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IDependable } from 'constructs';

/**
 * An S3 notification destination that only points at the queue.
 *
 * CDK's `SqsDestination` also adds a key-policy statement letting `s3.amazonaws.com` use the queue's KMS key
 * with no condition at all. The `ReplicationDoctor` construct writes its own statement, scoped with
 * `aws:SourceAccount` and `aws:SourceArn` (the SQS developer guide allows both for S3), plus a queue policy
 * scoped the same way; this destination just names the queue and waits for those policies, because S3 sends a
 * test message when the notification configuration is saved and the save fails if that message is refused.
 */
export class ScopedQueueDestination implements s3.IBucketNotificationDestination {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly dependencies: readonly IDependable[],
  ) {}

  bind(): s3.BucketNotificationDestinationConfig {
    return {
      type: s3.BucketNotificationDestinationType.QUEUE,
      arn: this.queue.queueArn,
      dependencies: [...this.dependencies],
    };
  }
}
