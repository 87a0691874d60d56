import { describe, expect, it } from 'vitest';
import { loadAuditorConfig } from '../../../lambdas/auditor/config.js';

const BASE = {
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:alerts',
  AWS_REGION: 'us-east-1',
};

describe('loadAuditorConfig', () => {
  it('reads every setting', () => {
    expect(
      loadAuditorConfig({
        ...BASE,
        SOURCE_BUCKETS: ' bucket-a, bucket-b ,bucket-a,',
        EVENT_QUEUE_ARN: 'arn:aws:sqs:us-east-1:111122223333:events',
        AUDIT_STATE_TABLE_NAME: 'ReplicationDoctor-IncidentTable',
        DESTINATION_READ_ROLE_ARNS: 'arn:aws:iam::444455556666:role/replication-doctor-read',
        DESTINATION_ACCOUNT_ALLOW_LIST: '444455556666, 777788889999',
        AUDIT_ACCOUNT_BUCKETS: 'full',
      }),
    ).toEqual({
      alertTopicArn: BASE.ALERT_TOPIC_ARN,
      sourceBuckets: ['bucket-a', 'bucket-b'],
      eventQueueArn: 'arn:aws:sqs:us-east-1:111122223333:events',
      auditStateTableName: 'ReplicationDoctor-IncidentTable',
      destinationReadRoleArns: ['arn:aws:iam::444455556666:role/replication-doctor-read'],
      destinationAllowList: ['444455556666', '777788889999'],
      region: 'us-east-1',
      accountBuckets: 'full',
    });
  });

  it('defaults: no buckets, no queue, memory state, every account accepted, coverage of other buckets', () => {
    expect(loadAuditorConfig(BASE)).toEqual({
      alertTopicArn: BASE.ALERT_TOPIC_ARN,
      sourceBuckets: [],
      destinationReadRoleArns: [],
      destinationAllowList: [],
      region: 'us-east-1',
      accountBuckets: 'coverage',
    });
  });

  it.each([
    [{ ALERT_TOPIC_ARN: undefined }, 'ALERT_TOPIC_ARN is required: set it to the SNS topic ARN for audit alerts'],
    [{ ALERT_TOPIC_ARN: 'alerts' }, 'ALERT_TOPIC_ARN must be an SNS topic ARN'],
    [{ SOURCE_BUCKETS: 'Bad_Bucket' }, 'SOURCE_BUCKETS must be comma-separated S3 bucket names, got "Bad_Bucket"'],
    [{ EVENT_QUEUE_ARN: 'https://sqs.us-east-1.amazonaws.com/1/q' }, 'EVENT_QUEUE_ARN must be an SQS queue ARN'],
    [{ AUDIT_STATE_TABLE_NAME: 'a b' }, 'AUDIT_STATE_TABLE_NAME is not a valid DynamoDB table name'],
    [{ DESTINATION_ACCOUNT_ALLOW_LIST: '1234' }, 'DESTINATION_ACCOUNT_ALLOW_LIST must be comma-separated 12-digit'],
    [{ DESTINATION_READ_ROLE_ARNS: 'role/x' }, 'DESTINATION_READ_ROLE_ARNS: "role/x" is not an IAM role ARN'],
    [{ AWS_REGION: undefined }, 'AWS_REGION must name the Region to audit'],
    [{ AUDIT_ACCOUNT_BUCKETS: 'all' }, 'AUDIT_ACCOUNT_BUCKETS must be "off", "coverage" or "full", got "all"'],
  ])('rejects %o naming the variable', (overrides, message) => {
    expect(() => loadAuditorConfig({ ...BASE, ...overrides })).toThrow(message);
  });
});
