import { readFileSync } from 'node:fs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ReplicationEventType } from '../../lambdas/core/event.js';

/**
 * Typed builders for real-shaped fixtures: S3 replication records (template: AWS-FACTS §2.1, the example on
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html) and the Lambda SQS event
 * that carries them (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). Every call returns a fresh copy.
 */

const EVENTS_DIR = new URL('../events/', import.meta.url);

/** Reads `test/events/<name>` as JSON; each call returns a new object, so tests can change it freely. */
export function loadEvent<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, EVENTS_DIR), 'utf8')) as T;
}

/** The JSON shape of one S3 replication event record as S3 writes it. */
export interface S3ReplicationRecordJson {
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: Record<string, string>;
  s3: {
    s3SchemaVersion: string;
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; versionId?: string; sequencer: string };
  };
  replicationEventData: {
    replicationRuleId: string;
    destinationBucket: string;
    s3Operation: string;
    requestTime: string;
    failureReason?: string;
  };
}

export interface S3NotificationJson {
  Records: S3ReplicationRecordJson[];
}

/** Overrides for a replication record. `key` is the decoded key; the record carries it form-URL-encoded. */
export interface ReplicationRecordOptions {
  readonly type?: ReplicationEventType;
  readonly sourceBucket?: string;
  readonly destinationBucket?: string;
  readonly ruleId?: string;
  /** `null` leaves the field out (threshold events; or a malformed failure record). */
  readonly failureReason?: string | null;
  readonly key?: string;
  readonly versionId?: string;
  readonly sequencer?: string;
  readonly eventTime?: string;
  readonly eventVersion?: string;
  readonly awsRegion?: string;
  readonly sourceAccount?: string;
}

/** Encodes a key the way S3 event notifications do (`application/x-www-form-urlencoded`: a space is `+`). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+');
}

/** One S3 replication record from the AWS example, with overrides. */
export function replicationRecord(options: ReplicationRecordOptions = {}): S3ReplicationRecordJson {
  const template = loadEvent<S3NotificationJson>('responder-s3-failed-replication.json').Records[0];
  if (template === undefined) throw new Error('responder-s3-failed-replication.json has no record');
  const type = options.type ?? 'OperationFailedReplication';
  const record: S3ReplicationRecordJson = { ...template, eventName: `Replication:${type}` };
  if (options.eventTime) record.eventTime = options.eventTime;
  if (options.eventVersion) record.eventVersion = options.eventVersion;
  if (options.awsRegion) record.awsRegion = options.awsRegion;
  if (options.sourceBucket) {
    record.s3.bucket.name = options.sourceBucket;
    record.s3.bucket.arn = `arn:aws:s3:::${options.sourceBucket}`;
  }
  if (options.sourceAccount) record.s3.bucket.ownerIdentity.principalId = options.sourceAccount;
  if (options.key !== undefined) record.s3.object.key = encodeS3Key(options.key);
  if (options.versionId) record.s3.object.versionId = options.versionId;
  if (options.sequencer) record.s3.object.sequencer = options.sequencer;
  if (options.ruleId) record.replicationEventData.replicationRuleId = options.ruleId;
  if (options.destinationBucket)
    record.replicationEventData.destinationBucket = `arn:aws:s3:::${options.destinationBucket}`;
  const reason =
    options.failureReason === undefined
      ? type === 'OperationFailedReplication'
        ? record.replicationEventData.failureReason
        : null
      : options.failureReason;
  if (reason === null || reason === undefined) delete record.replicationEventData.failureReason;
  else record.replicationEventData.failureReason = reason;
  return record;
}

/** An S3 notification (the SQS message body S3 writes) holding the given records. */
export function s3Notification(...records: S3ReplicationRecordJson[]): S3NotificationJson {
  return { Records: records };
}

/** SQS message metadata for a built record. Times are epoch milliseconds. */
export interface SqsRecordOptions {
  readonly messageId?: string;
  readonly receiveCount?: number;
  readonly sentTimestamp?: number;
  readonly firstReceiveTimestamp?: number;
  readonly queueArn?: string;
}

let sequence = 0;

/** A fresh message id (UUID-shaped, unique within the test run). */
export function nextMessageId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

/** One record of the Lambda SQS event. `body` is sent as is when a string, else JSON-encoded. */
export function sqsRecord(body: unknown, options: SqsRecordOptions = {}): SQSRecord {
  const messageId = options.messageId ?? nextMessageId();
  const sent = options.sentTimestamp ?? Date.parse('2024-09-05T21:04:33.000Z');
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    messageId,
    receiptHandle: `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a${messageId.slice(-8)}EXAMPLE`,
    body: text,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(sent),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(options.firstReceiveTimestamp ?? sent + 10),
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn ?? 'arn:aws:sqs:us-east-1:111122223333:replication-doctor-events',
    awsRegion: 'us-east-1',
  };
}

/** The Lambda SQS event. */
export function sqsBatch(records: readonly SQSRecord[]): SQSEvent {
  return { Records: [...records] };
}

/** `count` failure messages of one cause, one record each, with distinct keys, versions and sequencers. */
export function failureMessages(
  count: number,
  options: ReplicationRecordOptions & { readonly keyPrefix?: string; readonly sqs?: SqsRecordOptions } = {},
): SQSRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    const record = replicationRecord({
      key: `${options.keyPrefix ?? 'data/object'}-${n}.bin`,
      versionId: `v${n}-${nextMessageId().slice(-6)}`,
      sequencer: `0066DA1CBF104C${n.toString(16).padStart(4, '0').toUpperCase()}`,
      ...options,
    });
    return sqsRecord(s3Notification(record), options.sqs);
  });
}

/** The same messages as SQS hands them out again: same ids and bodies, receive count + 1. */
export function redelivered(records: readonly SQSRecord[]): SQSRecord[] {
  return records.map((record) => ({
    ...record,
    attributes: {
      ...record.attributes,
      ApproximateReceiveCount: String(Number(record.attributes.ApproximateReceiveCount) + 1),
    },
  }));
}

/** A Lambda context good enough for Powertools `addContext`. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'replication-doctor-responder',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:replication-doctor-responder',
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/replication-doctor-responder',
    logStreamName: '2024/09/05/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
