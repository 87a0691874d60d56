import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedEventError } from '../../../lambdas/core/errors.js';
import { bucketNameFromArn, decodeS3Key, parseMessageBody, parseS3Notification } from '../../../lambdas/core/event.js';

const fixture = (name: string): string => readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8');
const awsExample = (): { Records: Record<string, unknown>[] } => JSON.parse(fixture('s3-failed-assume-role.json'));

function malformedField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedEventError) return error.field;
    throw error;
  }
  throw new Error('expected MalformedEventError');
}

describe('parseMessageBody', () => {
  it('parses the AWS documentation example into a typed failure event', () => {
    const parsed = parseMessageBody(fixture('s3-failed-assume-role.json'));
    expect(parsed).toEqual({
      kind: 'records',
      skipped: 0,
      events: [
        {
          type: 'OperationFailedReplication',
          eventVersion: '2.2',
          eventTime: '2024-09-05T21:04:32.527Z',
          awsRegion: 'us-east-1',
          sourceBucket: 'amzn-s3-demo-bucket1',
          sourceBucketOwner: '111122223333',
          key: 'replication-object-put-test.png',
          size: 520080,
          versionId: 'abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO',
          sequencer: '0066DA1CBF104C0D51',
          ruleId: 'notification-test-replication-rule',
          destinationBucket: 'amzn-s3-demo-bucket2',
          destinationBucketArn: 'arn:aws:s3:::amzn-s3-demo-bucket2',
          s3Operation: 'OBJECT_PUT',
          requestTime: '2024-09-05T21:03:59.168Z',
          failureReason: 'AssumeRoleNotPermitted',
        },
      ],
    });
  });

  it('recognises the s3:TestEvent message, which has no Records', () => {
    expect(parseMessageBody(fixture('s3-test-event.json'))).toEqual({
      kind: 'test-event',
      bucket: 'amzn-s3-demo-bucket1',
    });
  });

  it('accepts every 2.x eventVersion and the s3: prefix on eventName', () => {
    for (const version of ['2.1', '2.2', '2.3', '2.5', '2.10']) {
      const event = awsExample();
      const record = event.Records[0] as Record<string, unknown>;
      record.eventVersion = version;
      record.eventName = 's3:Replication:OperationFailedReplication';
      const parsed = parseS3Notification(event);
      expect(parsed.kind === 'records' && parsed.events[0]?.eventVersion).toBe(version);
    }
  });

  it('rejects eventVersion 1.x and 3.x naming the field', () => {
    for (const version of ['1.0', '3.0', 'two']) {
      const event = awsExample();
      (event.Records[0] as Record<string, unknown>).eventVersion = version;
      expect(malformedField(() => parseS3Notification(event))).toBe('Records[0].eventVersion');
    }
  });

  it('parses all four replication event types; threshold events carry no reason', () => {
    const parsed = parseMessageBody(fixture('s3-missed-threshold.json'));
    expect(parsed.kind === 'records' && parsed.events[0]?.type).toBe('OperationMissedThreshold');
    expect(parsed.kind === 'records' && parsed.events[0]?.failureReason).toBeUndefined();
    for (const type of ['OperationReplicatedAfterThreshold', 'OperationNotTracked']) {
      const event = awsExample();
      (event.Records[0] as Record<string, unknown>).eventName = `Replication:${type}`;
      const result = parseS3Notification(event);
      expect(result.kind === 'records' && result.events[0]?.type).toBe(type);
    }
  });

  it('treats an OperationFailedReplication record without failureReason as malformed', () => {
    expect(malformedField(() => parseMessageBody(fixture('malformed-missing-reason.json')))).toBe(
      'Records[0].replicationEventData.failureReason',
    );
  });

  it('skips S3 records that are not replication events', () => {
    const event = awsExample();
    (event.Records[0] as Record<string, unknown>).eventName = 'ObjectCreated:Put';
    expect(parseS3Notification(event)).toEqual({ kind: 'records', events: [], skipped: 1 });
  });

  it('names the offending field for wrong shapes', () => {
    expect(malformedField(() => parseMessageBody('{"Records": [ trunc'))).toBe('body');
    expect(malformedField(() => parseMessageBody('[]'))).toBe('body');
    expect(malformedField(() => parseMessageBody('{}'))).toBe('Records');
    expect(malformedField(() => parseMessageBody('{"Records": {}}'))).toBe('Records');
    expect(malformedField(() => parseMessageBody('{"Records": []}'))).toBe('Records');
    const wrongSource = awsExample();
    (wrongSource.Records[0] as Record<string, unknown>).eventSource = 'aws:sqs';
    expect(malformedField(() => parseS3Notification(wrongSource))).toBe('Records[0].eventSource');
    const noDestination = awsExample();
    const data = (noDestination.Records[0] as { replicationEventData: Record<string, unknown> }).replicationEventData;
    data.destinationBucket = 'not an arn';
    expect(malformedField(() => parseS3Notification(noDestination))).toBe(
      'Records[0].replicationEventData.destinationBucket',
    );
    const badTime = awsExample();
    (badTime.Records[0] as Record<string, unknown>).eventTime = 'yesterday';
    expect(malformedField(() => parseS3Notification(badTime))).toBe('Records[0].eventTime');
    const badSize = awsExample();
    (badSize.Records[0] as { s3: { object: Record<string, unknown> } }).s3.object.size = '12';
    expect(malformedField(() => parseS3Notification(badSize))).toBe('Records[0].s3.object.size');
  });

  it('ignores unknown fields', () => {
    const event = awsExample();
    const record = event.Records[0] as Record<string, unknown>;
    record.glacierEventData = { restoreEventData: {} };
    (record.replicationEventData as Record<string, unknown>).newField = 42;
    expect(parseS3Notification(event).kind).toBe('records');
  });
});

describe('decodeS3Key', () => {
  it('decodes form-URL encoding: + is a space, %xx escapes', () => {
    expect(decodeS3Key('red+flower.jpg')).toBe('red flower.jpg');
    expect(decodeS3Key('reports/2024/q3+summary%281%29.csv')).toBe('reports/2024/q3 summary(1).csv');
    expect(decodeS3Key('a%2Bb')).toBe('a+b');
    expect(decodeS3Key('%E6%97%A5%E6%9C%AC.txt')).toBe('日本.txt');
  });

  it('keeps invalid escapes instead of failing', () => {
    expect(decodeS3Key('100%+done%2Fx')).toBe('100% done/x');
    expect(decodeS3Key('%E6%97')).toBe('%E6%97');
  });
});

describe('bucketNameFromArn', () => {
  it('reads the bucket name from ARNs of every partition', () => {
    expect(bucketNameFromArn('arn:aws:s3:::amzn-s3-demo-bucket2')).toBe('amzn-s3-demo-bucket2');
    expect(bucketNameFromArn('arn:aws-cn:s3:::cn-bucket')).toBe('cn-bucket');
    expect(bucketNameFromArn('arn:aws-us-gov:s3:::gov-bucket')).toBe('gov-bucket');
    expect(bucketNameFromArn('plain-bucket-name')).toBe('plain-bucket-name');
    expect(bucketNameFromArn('arn:aws:s3:::bucket/key')).toBeUndefined();
    expect(bucketNameFromArn('Not A Bucket')).toBeUndefined();
  });
});

describe('parser robustness', () => {
  it('never throws anything but MalformedEventError, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ Records: [v] })),
        ),
        (body) => {
          try {
            parseMessageBody(body);
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedEventError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes any encoded key back to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (key) => {
        const encoded = encodeURIComponent(key).replace(/%20/g, '+');
        expect(decodeS3Key(encoded)).toBe(key);
      }),
    );
  });
});
