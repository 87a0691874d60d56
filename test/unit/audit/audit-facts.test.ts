import {
  type FilterRuleName,
  GetBucketNotificationConfigurationCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createAwsAuditFactsSource,
  LIST_BUCKETS_PAGE_SIZE,
  listBucketsInRegion,
  readNotificationConfiguration,
} from '../../../lambdas/adapters/audit-facts.js';
import { createFactsClients, ReadCounter } from '../../../lambdas/adapters/facts-clients.js';
import { accessDenied, noSuchBucket } from '../../fixtures/facts/aws-errors.js';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });

beforeEach(() => {
  s3.reset();
});

describe('readNotificationConfiguration', () => {
  it('flattens queue, topic and function configurations with their filters', async () => {
    s3.on(GetBucketNotificationConfigurationCommand).resolves({
      QueueConfigurations: [
        {
          Id: 'q',
          QueueArn: 'arn:aws:sqs:us-east-1:111122223333:events',
          Events: ['s3:Replication:*'],
          // S3 answers with `Prefix` although the API model spells the enum in lower case.
          Filter: { Key: { FilterRules: [{ Name: 'Prefix' as FilterRuleName, Value: 'logs/' }] } },
        },
      ],
      TopicConfigurations: [{ TopicArn: 'arn:aws:sns:us-east-1:111122223333:t', Events: ['s3:ObjectCreated:*'] }],
      LambdaFunctionConfigurations: [
        { LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:f', Events: ['s3:ObjectRemoved:*'] },
      ],
      EventBridgeConfiguration: {},
    });
    const counter = new ReadCounter();

    const fact = await readNotificationConfiguration(client, 'src', counter);

    expect(fact).toEqual({
      state: 'ok',
      value: {
        QueueConfigurations: [
          {
            Id: 'q',
            Arn: 'arn:aws:sqs:us-east-1:111122223333:events',
            Events: ['s3:Replication:*'],
            FilterRules: [{ Name: 'Prefix', Value: 'logs/' }],
          },
        ],
        TopicConfigurations: [{ Arn: 'arn:aws:sns:us-east-1:111122223333:t', Events: ['s3:ObjectCreated:*'] }],
        LambdaFunctionConfigurations: [
          { Arn: 'arn:aws:lambda:us-east-1:111122223333:function:f', Events: ['s3:ObjectRemoved:*'] },
        ],
        EventBridge: true,
      },
    });
    expect(counter.snapshot()).toEqual({ total: 1, byApi: { GetBucketNotificationConfiguration: 1 } });
  });

  it('reads an empty configuration as empty lists, a missing bucket as absent, a denial as unknown', async () => {
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: 'empty' }).resolves({});
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: 'gone' }).rejects(noSuchBucket());
    s3.on(GetBucketNotificationConfigurationCommand, { Bucket: 'denied' }).rejects(accessDenied());

    expect(await readNotificationConfiguration(client, 'empty')).toEqual({
      state: 'ok',
      value: { QueueConfigurations: [], TopicConfigurations: [], LambdaFunctionConfigurations: [], EventBridge: false },
    });
    expect(await readNotificationConfiguration(client, 'gone')).toEqual({ state: 'absent', code: 'NoSuchBucket' });
    expect(await readNotificationConfiguration(client, 'denied')).toMatchObject({
      state: 'unknown',
      missingPermission: 's3:GetBucketNotification',
    });
  });
});

describe('listBucketsInRegion', () => {
  it('pages through ListBuckets filtered by BucketRegion and drops buckets of other Regions', async () => {
    s3.on(ListBucketsCommand, { ContinuationToken: undefined }).resolves({
      Buckets: [
        { Name: 'a', BucketRegion: 'us-east-1' },
        { Name: 'elsewhere', BucketRegion: 'eu-west-1' },
      ],
      ContinuationToken: 'next',
    });
    s3.on(ListBucketsCommand, { ContinuationToken: 'next' }).resolves({ Buckets: [{ Name: 'b' }] });

    const fact = await listBucketsInRegion(client, 'us-east-1');

    expect(fact).toEqual({ state: 'ok', value: [{ Name: 'a', BucketRegion: 'us-east-1' }, { Name: 'b' }] });
    const inputs = s3.commandCalls(ListBucketsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { BucketRegion: 'us-east-1', MaxBuckets: LIST_BUCKETS_PAGE_SIZE },
      { BucketRegion: 'us-east-1', MaxBuckets: LIST_BUCKETS_PAGE_SIZE, ContinuationToken: 'next' },
    ]);
  });

  it('is unknown, naming s3:ListAllMyBuckets, when denied', async () => {
    s3.on(ListBucketsCommand).rejects(accessDenied());
    expect(await listBucketsInRegion(client, 'us-east-1')).toMatchObject({
      state: 'unknown',
      missingPermission: 's3:ListAllMyBuckets',
    });
  });

  it('is reachable through the audit facts source', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'a', BucketRegion: 'us-east-1' }] });
    s3.on(GetBucketNotificationConfigurationCommand).resolves({});
    const source = createAwsAuditFactsSource(createFactsClients({ region: 'us-east-1' }));
    expect(await source.listBuckets('us-east-1')).toMatchObject({ state: 'ok' });
    expect(await source.notificationConfiguration('a', 'us-east-1')).toMatchObject({ state: 'ok' });
  });
});
