import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_RECEIVE_COUNT,
  RESPONDER_BATCHING_WINDOW,
  RESPONDER_TIMEOUT,
  ReplicationDoctor,
} from '../../infra/replication-doctor.js';
import { OUTPUT_KEYS, ReplicationDoctorStack } from '../../infra/replication-doctor-stack.js';
import {
  asArray,
  type CfnResource,
  cleanupApps,
  DESTINATION_ROLE,
  ENV,
  onlyResource,
  resourcesOfType,
  SOURCE_BUCKETS,
  type Statement,
  stackProps,
  synthStack,
  testApp,
} from './support.js';

afterAll(cleanupApps);

const REPLICATION_EVENTS = [
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
];

function keyStatements(key: CfnResource): Statement[] {
  return (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
}

function s3ServiceStatements(statements: Statement[]): Statement[] {
  return statements.filter((s) => JSON.stringify(s.Principal ?? null).includes('s3.amazonaws.com'));
}

function queueKeyId(template: Template): string {
  return onlyResource(template, 'AWS::KMS::Key', 'DoctorEventQueueKey')[0];
}

describe('ReplicationDoctor: event queue', () => {
  const { template } = synthStack();

  it('encrypts the queue and its DLQ with one rotating customer managed key', () => {
    const keyId = queueKeyId(template);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: Match.stringLikeRegexp('event queue'),
    });
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    for (const [, queue] of queues) expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  it('sends a message to the DLQ after at least 5 receives and keeps it 14 days (queue: 4 days)', () => {
    const [, queue] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    const [dlqId, dlq] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorDeadLetterQueue');
    const redrive = queue.Properties.RedrivePolicy as { maxReceiveCount: number; deadLetterTargetArn: unknown };
    expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
    expect(queue.Properties.MessageRetentionPeriod).toBe(4 * 86_400);
    expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
  });

  it('sets the visibility timeout to at least 6x the responder timeout plus the batching window', () => {
    const [, queue] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    const [, responder] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorResponder');
    const [, mapping] = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
    const timeout = responder.Properties.Timeout as number;
    const window = mapping.Properties.MaximumBatchingWindowInSeconds as number;
    expect(timeout).toBe(RESPONDER_TIMEOUT.toSeconds());
    expect(window).toBe(RESPONDER_BATCHING_WINDOW.toSeconds());
    expect(queue.Properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * timeout + window);
  });

  it('denies non-TLS access to both queues', () => {
    for (const [, policy] of resourcesOfType(template, 'AWS::SQS::QueuePolicy')) {
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('ReplicationDoctor: S3 access to the queue', () => {
  const { template } = synthStack();
  const sourceArns = SOURCE_BUCKETS.map((b) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${b}`]],
  }));
  const scoped = {
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: { 'aws:SourceArn': sourceArns },
  };

  it('lets s3.amazonaws.com use the queue key only from the source buckets of this account', () => {
    const [, key] = onlyResource(template, 'AWS::KMS::Key', 'DoctorEventQueueKey');
    const statements = s3ServiceStatements(keyStatements(key));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Condition: scoped });
    expect(asArray(statements[0]?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('lets s3.amazonaws.com send messages only from the source buckets of this account', () => {
    const [, policy] = onlyResource(template, 'AWS::SQS::QueuePolicy', 'DoctorEventQueuePolicy');
    const statements = s3ServiceStatements((policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'sqs:SendMessage', Condition: scoped });
  });

  it('has no unconditioned s3.amazonaws.com statement in any key, queue or topic policy', () => {
    const documents = [
      ...resourcesOfType(template, 'AWS::KMS::Key').map(([, key]) => keyStatements(key)),
      ...resourcesOfType(template, 'AWS::SQS::QueuePolicy').map(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      ),
      ...resourcesOfType(template, 'AWS::SNS::TopicPolicy').map(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      ),
    ];
    const s3Statements = documents.flatMap(s3ServiceStatements);
    expect(s3Statements.length).toBeGreaterThan(0);
    for (const statement of s3Statements) {
      expect(statement.Condition?.StringEquals?.['aws:SourceAccount']).toBeDefined();
      expect(statement.Condition?.ArnLike?.['aws:SourceArn']).toEqual(sourceArns);
    }
  });
});

describe('ReplicationDoctor: bucket notifications', () => {
  const { template } = synthStack();

  it('configures all four replication events on each existing source bucket, merged (Managed: false)', () => {
    const notifications = resourcesOfType(template, 'Custom::S3BucketNotifications');
    expect(notifications.map(([, n]) => n.Properties.BucketName).sort()).toEqual(SOURCE_BUCKETS);
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    for (const [, notification] of notifications) {
      expect(notification.Properties.Managed).toBe(false);
      const config = notification.Properties.NotificationConfiguration as {
        QueueConfigurations: Array<{ Events: string[]; QueueArn: unknown; Filter?: unknown }>;
        TopicConfigurations?: unknown;
        LambdaFunctionConfigurations?: unknown;
        EventBridgeConfiguration?: unknown;
      };
      expect(config.QueueConfigurations.flatMap((q) => q.Events).sort()).toEqual([...REPLICATION_EVENTS].sort());
      for (const q of config.QueueConfigurations) {
        expect(q.QueueArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
        expect(q.Filter).toBeUndefined();
      }
      // Nothing else is configured by us; the handler keeps what the bucket already has.
      expect(config.TopicConfigurations).toBeUndefined();
      expect(config.LambdaFunctionConfigurations).toBeUndefined();
      expect(config.EventBridgeConfiguration).toBeUndefined();
    }
  });

  it('creates no bucket: the buckets are imported', () => {
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  it('lets the notification handler read and merge the existing configuration of the source buckets only', () => {
    const handlerPolicies = resourcesOfType(template, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('NotificationsHandlerPolicy'),
    );
    expect(handlerPolicies).toHaveLength(SOURCE_BUCKETS.length);
    for (const [, policy] of handlerPolicies) {
      const [statement] = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(asArray(statement?.Action).sort()).toEqual(['s3:GetBucketNotification', 's3:PutBucketNotification']);
    }
  });

  it('waits for the queue policy and the key policy before S3 sends its test message', () => {
    const [queuePolicyId] = onlyResource(template, 'AWS::SQS::QueuePolicy', 'DoctorEventQueuePolicy');
    const keyId = queueKeyId(template);
    for (const [, notification] of resourcesOfType(template, 'Custom::S3BucketNotifications')) {
      expect(notification.DependsOn).toEqual(expect.arrayContaining([queuePolicyId, keyId]));
    }
  });

  it('keeps the notification resource of a bucket when the bucket list is reordered', () => {
    const ids = (buckets: string[]): string[] =>
      resourcesOfType(synthStack({ sourceBucketNames: buckets }).template, 'Custom::S3BucketNotifications')
        .map(([id]) => id)
        .sort();
    expect(ids(['source-bucket-b', 'source-bucket-a'])).toEqual(ids(['source-bucket-a', 'source-bucket-b']));
  });

  it('warns at synth time that replication metrics must be enabled on each rule', () => {
    const { stack } = synthStack({}, { warnings: true });
    Annotations.fromStack(stack).hasWarning(
      '/ReplicationDoctor/Doctor',
      Match.stringLikeRegexp('replication metrics enabled.*source-bucket-a, source-bucket-b'),
    );
  });
});

describe('ReplicationDoctor: responder', () => {
  const { template } = synthStack({ destinationReadRoleArns: [DESTINATION_ROLE] });

  it('runs on Node.js 24, arm64, 512 MB, 60 s', () => {
    const [, responder] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorResponder');
    expect(responder.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 60,
    });
  });

  it('sets exactly the documented environment', () => {
    const [, responder] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorResponder');
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorAlertTopic');
    const [tableId] = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
    const variables = (responder.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toEqual({
      ALERT_TOPIC_ARN: { Ref: topicId },
      INCIDENT_TABLE_NAME: { Ref: tableId },
      DIGEST_INTERVAL_SECONDS: '900',
      CHECK_CACHE_TTL_SECONDS: '300',
      LIVE_CHECKS: 'true',
      DESTINATION_READ_ROLE_ARNS: DESTINATION_ROLE,
      POWERTOOLS_SERVICE_NAME: 'replication-doctor',
      POWERTOOLS_METRICS_NAMESPACE: 'S3ReplicationDoctor',
    });
  });

  it('omits DESTINATION_READ_ROLE_ARNS without destination roles and passes the tuning props', () => {
    const { template: other } = synthStack({
      digestInterval: Duration.minutes(30),
      checkCacheTtl: Duration.seconds(60),
      liveChecks: false,
      latencyAlerts: true,
      suppressions: [{ sourceBucket: 'source-bucket-a', keyPrefix: 'tmp/', comment: 'scratch data' }],
    });
    const [, responder] = onlyResource(other, 'AWS::Lambda::Function', 'DoctorResponder');
    const variables = (responder.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.DESTINATION_READ_ROLE_ARNS).toBeUndefined();
    expect(variables).toMatchObject({
      DIGEST_INTERVAL_SECONDS: '1800',
      CHECK_CACHE_TTL_SECONDS: '60',
      LIVE_CHECKS: 'false',
      LATENCY_ALERTS: 'true',
    });
    expect(JSON.parse(variables.SUPPRESSION_RULES as string)).toEqual([
      { sourceBucket: 'source-bucket-a', keyPrefix: 'tmp/', comment: 'scratch data' },
    ]);
  });

  it('consumes the queue with partial batch responses, batches of 100, a 5 s window and bounded concurrency', () => {
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('takes the concurrency bound from responderMaxConcurrency', () => {
    synthStack({ responderMaxConcurrency: 20 }).template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 20 },
    });
  });

  it('writes logs to its own log group with a retention', () => {
    const [, responder] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorResponder');
    const [logGroupId, logGroup] = onlyResource(template, 'AWS::Logs::LogGroup', 'DoctorResponderLogs');
    expect(responder.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(logGroup.Properties.RetentionInDays).toBe(90);
  });

  it('bundles lambdas/responder/handler.ts and lambdas/auditor/handler.ts with esbuild when no code is given', () => {
    // 'aws:cdk:bundling-stacks': [] keeps the real NodejsFunction in the template but skips the esbuild run.
    const app = testApp({ 'aws:cdk:bundling-stacks': [] });
    const stack = new ReplicationDoctorStack(app, 'ReplicationDoctor', { sourceBucketNames: SOURCE_BUCKETS });
    const bundled = Template.fromStack(stack);
    for (const prefix of ['DoctorResponder', 'DoctorAuditor']) {
      const [, fn] = onlyResource(bundled, 'AWS::Lambda::Function', prefix);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    }
  });
});

describe('ReplicationDoctor: incident table', () => {
  const { template } = synthStack();

  it('is on demand with pk/sk string keys, TTL on ttl and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('is retained when the stack is deleted', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
    expect((table as CfnResource & { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
  });
});

describe('ReplicationDoctor: topics', () => {
  const { template } = synthStack({
    alertEmails: ['oncall@example.com'],
    alertHttpsEndpoints: ['https://hooks.example.com/replication'],
    opsEmails: ['platform@example.com'],
  });

  it('encrypts the alert topic with its own rotating customer managed key and requires TLS', () => {
    const [keyId] = onlyResource(template, 'AWS::KMS::Key', 'DoctorAlertTopicKey');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('alert topic'),
      EnableKeyRotation: true,
    });
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorAlertTopic');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes the alert emails and HTTPS endpoints, and the ops emails to the ops topic', () => {
    const [alertTopicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorAlertTopic');
    const [opsTopicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorOpsTopic');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: alertTopicId },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://hooks.example.com/replication',
      TopicArn: { Ref: alertTopicId },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform@example.com',
      TopicArn: { Ref: opsTopicId },
    });
  });

  it('lets the responder and auditor publish alerts and use the alert topic key', () => {
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorAlertTopic');
    const [keyId] = onlyResource(template, 'AWS::KMS::Key', 'DoctorAlertTopicKey');
    for (const role of ['DoctorResponderRole', 'DoctorAuditorRole']) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: onlyResource(template, 'AWS::IAM::Role', role)[0] }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'sns:Publish', Resource: { Ref: topicId } }),
            Match.objectLike({
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
            }),
          ]),
        },
      });
    }
  });

  it("lets cloudwatch.amazonaws.com use the ops topic's key and publish to it, or alarms never arrive", () => {
    const [keyId, key] = onlyResource(template, 'AWS::KMS::Key', 'DoctorOpsTopicKey');
    const cloudwatch = keyStatements(key).filter((s) =>
      JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(cloudwatch).toHaveLength(1);
    expect(asArray(cloudwatch[0]?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    const [opsTopicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorOpsTopic');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: opsTopicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  it('publishes to an existing topic instead of creating an alert topic', () => {
    const existing = 'arn:aws:sns:us-east-1:111122223333:existing-alerts';
    const { template: other } = synthStack({ env: ENV, existingAlertTopicArn: existing });
    expect(resourcesOfType(other, 'AWS::SNS::Topic').map(([id]) => id)).toEqual([
      onlyResource(other, 'AWS::SNS::Topic', 'DoctorOpsTopic')[0],
    ]);
    expect(resourcesOfType(other, 'AWS::KMS::Key').map(([id]) => id)).not.toContain(
      expect.stringMatching(/AlertTopicKey/),
    );
    const [, responder] = onlyResource(other, 'AWS::Lambda::Function', 'DoctorResponder');
    expect((responder.Properties.Environment as { Variables: Record<string, unknown> }).Variables.ALERT_TOPIC_ARN).toBe(
      existing,
    );
    other.hasOutput('AlertTopicArn', { Value: existing });
  });
});

describe('ReplicationDoctor: auditor', () => {
  const { template } = synthStack({
    destinationReadRoleArns: [DESTINATION_ROLE],
    destinationAllowList: ['222222222222'],
  });

  it('runs on Node.js 24 arm64 with the documented environment', () => {
    const [, auditor] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorAuditor');
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    const [tableId] = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
    const [topicId] = onlyResource(template, 'AWS::SNS::Topic', 'DoctorAlertTopic');
    expect(auditor.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    expect((auditor.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
      ALERT_TOPIC_ARN: { Ref: topicId },
      SOURCE_BUCKETS: 'source-bucket-a,source-bucket-b',
      EVENT_QUEUE_ARN: { 'Fn::GetAtt': [queueId, 'Arn'] },
      AUDIT_STATE_TABLE_NAME: { Ref: tableId },
      DESTINATION_READ_ROLE_ARNS: DESTINATION_ROLE,
      DESTINATION_ACCOUNT_ALLOW_LIST: '222222222222',
      POWERTOOLS_SERVICE_NAME: 'replication-doctor-auditor',
      POWERTOOLS_METRICS_NAMESPACE: 'S3ReplicationDoctor',
    });
  });

  it('enables runtime source maps only when asked', () => {
    const { template: withMaps } = synthStack({ sourceMapsAtRuntime: true });
    for (const name of ['DoctorResponder', 'DoctorAuditor']) {
      const [, fn] = onlyResource(withMaps, 'AWS::Lambda::Function', name);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NODE_OPTIONS).toBe(
        '--enable-source-maps',
      );
    }
  });

  it('passes the resolution settings when given', () => {
    const { template: tuned } = synthStack({ resolveAfter: Duration.hours(2), resolvedAlerts: false });
    const [, auditor] = onlyResource(tuned, 'AWS::Lambda::Function', 'DoctorAuditor');
    expect((auditor.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      RESOLVE_AFTER_SECONDS: '7200',
      RESOLVED_ALERTS: 'false',
    });
  });

  it('runs daily by default', () => {
    const [auditorId] = onlyResource(template, 'AWS::Lambda::Function', 'DoctorAuditor');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [auditorId, 'Arn'] } })],
    });
  });

  it('takes another schedule from auditSchedule', () => {
    synthStack({ auditSchedule: events.Schedule.cron({ hour: '6', minute: '0' }) }).template.hasResourceProperties(
      'AWS::Events::Rule',
      { ScheduleExpression: 'cron(0 6 * * ? *)' },
    );
  });
});

describe('ReplicationDoctor: Batch Replication role', () => {
  it('is not created by default', () => {
    const { template } = synthStack();
    expect(resourcesOfType(template, 'AWS::IAM::Role').map(([id]) => id)).not.toContain(
      expect.stringMatching(/BatchReplicationRole/),
    );
    expect(Object.keys(template.toJSON().Outputs as object)).not.toContain('BatchReplicationRoleArn');
  });

  it('trusts S3 Batch Operations and holds exactly the Batch Replication permissions', () => {
    const { template } = synthStack({ batchReplicationRole: true });
    const [roleId, role] = onlyResource(template, 'AWS::IAM::Role', 'DoctorBatchReplicationRole');
    expect(role.Properties.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' } },
      ],
    });
    const [bucketId] = onlyResource(template, 'AWS::S3::Bucket', 'DoctorBatchReportBucket');
    const reportObjects = {
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/replication-doctor/batch-replication/*']],
    };
    const sources = SOURCE_BUCKETS.map((b) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${b}`]],
    }));
    const objects = SOURCE_BUCKETS.map((b) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${b}/*`]],
    }));
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: 's3:InitiateReplication', Resource: objects }),
          Match.objectLike({
            Action: ['s3:GetReplicationConfiguration', 's3:PutInventoryConfiguration'],
            Resource: sources,
          }),
          Match.objectLike({ Action: 's3:PutObject', Resource: reportObjects }),
          Match.objectLike({ Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: reportObjects }),
        ],
      },
    });
    template.hasOutput('BatchReplicationRoleArn', { Value: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    template.hasOutput('BatchReportBucketName', { Value: { Ref: bucketId } });
  });

  it('creates a private, TLS-only report bucket whose objects expire', () => {
    const { template } = synthStack({ batchReplicationRole: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('writes to an existing report bucket under the given prefix instead', () => {
    const { template } = synthStack({
      batchReplicationRole: true,
      batchReportBucketName: 'ops-reports-bucket',
      batchReportPrefix: 'redrive/',
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::ops-reports-bucket/redrive/*']] },
          }),
        ]),
      },
    });
    template.hasOutput('BatchReportPrefix', { Value: 'redrive/' });
  });
});

describe('ReplicationDoctorStack outputs', () => {
  it('exposes the output keys the CLI reads, with these exact logical ids', () => {
    const { template } = synthStack();
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>;
    for (const key of [
      'AlertTopicArn',
      'IncidentTableName',
      'EventQueueUrl',
      'EventQueueArn',
      'DeadLetterQueueUrl',
      'DeadLetterQueueArn',
      'ResponderRoleArn',
    ]) {
      expect(outputs[key], key).toBeDefined();
      expect(outputs[key]?.Export).toBeUndefined();
    }
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    const [dlqId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorDeadLetterQueue');
    const [roleId] = onlyResource(template, 'AWS::IAM::Role', 'DoctorResponderRole');
    expect(outputs.EventQueueUrl?.Value).toEqual({ Ref: queueId });
    expect(outputs.EventQueueArn?.Value).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(outputs.DeadLetterQueueUrl?.Value).toEqual({ Ref: dlqId });
    expect(outputs.DeadLetterQueueArn?.Value).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
    expect(outputs.ResponderRoleArn?.Value).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(Object.values(OUTPUT_KEYS)).toEqual(expect.arrayContaining(Object.keys(outputs)));
  });

  it('exports the outputs as <stack>-<key> when asked', () => {
    synthStack({ exportOutputs: true }).template.hasOutput('EventQueueUrl', {
      Export: { Name: 'ReplicationDoctor-EventQueueUrl' },
    });
  });

  it('exposes the construct for reuse in other stacks', () => {
    const { stack } = synthStack(stackProps());
    expect(stack.doctor).toBeInstanceOf(ReplicationDoctor);
    expect(stack.doctor.sourceBuckets.map((b) => b.bucketName)).toEqual(SOURCE_BUCKETS);
  });
});
