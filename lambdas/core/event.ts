import { MalformedEventError } from './errors.js';

/**
 * Intake: S3 replication event notifications, as S3 writes them to SQS.
 *
 * Shapes follow https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 * and the replication example in https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html
 */

/** The four replication event types (`eventName` is `Replication:<type>`, without the `s3:` prefix). */
export const REPLICATION_EVENT_TYPES = [
  'OperationFailedReplication',
  'OperationMissedThreshold',
  'OperationReplicatedAfterThreshold',
  'OperationNotTracked',
] as const;
export type ReplicationEventType = (typeof REPLICATION_EVENT_TYPES)[number];

/** One replication event record, validated and normalised. */
export interface ReplicationEvent {
  readonly type: ReplicationEventType;
  readonly eventVersion: string;
  /** ISO 8601. */
  readonly eventTime: string;
  readonly awsRegion: string;
  readonly sourceBucket: string;
  /** `s3.bucket.ownerIdentity.principalId`: the source bucket owner's account, when S3 sends it. */
  readonly sourceBucketOwner?: string;
  /** The object key, form-URL-decoded (`+` is a space). */
  readonly key: string;
  readonly size?: number;
  readonly versionId?: string;
  readonly sequencer?: string;
  readonly ruleId: string;
  /** Destination bucket name (the event carries an ARN). */
  readonly destinationBucket: string;
  readonly destinationBucketArn: string;
  readonly s3Operation?: string;
  readonly requestTime?: string;
  /** The code as received; present on every `OperationFailedReplication` record. */
  readonly failureReason?: string;
}

/** A parsed SQS message body. */
export type ParsedMessage =
  | { readonly kind: 'test-event'; readonly bucket?: string }
  | {
      readonly kind: 'records';
      readonly events: readonly ReplicationEvent[];
      /** Records that are valid S3 events but not replication events (they are not failures). */
      readonly skipped: number;
    };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(parent: Json, field: string, path: string): Json {
  const value = parent[field];
  if (!isObject(value)) throw new MalformedEventError(path, value === undefined ? 'missing' : 'must be an object');
  return value;
}

function requireString(parent: Json, field: string, path: string): string {
  const value = parent[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MalformedEventError(path, value === undefined ? 'missing' : 'must be a non-empty string');
  }
  return value;
}

function optionalString(parent: Json, field: string, path: string): string | undefined {
  const value = parent[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedEventError(path, 'must be a string');
  return value;
}

/**
 * Decodes an S3 event key. Keys are URL-encoded the way `application/x-www-form-urlencoded` is: a space is `+`.
 * A `%` that does not start a valid escape is kept as it is rather than rejecting the event: the key is
 * still the best name we have for the object, and an alert beats a dead letter.
 */
export function decodeS3Key(raw: string): string {
  const plus = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

const ARN_BUCKET = /^arn:aws[a-z-]*:s3:::([^/]+)$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Destination bucket name from the ARN the event carries (`arn:aws:s3:::name`); a bare name is accepted too. */
export function bucketNameFromArn(value: string): string | undefined {
  const match = ARN_BUCKET.exec(value);
  if (match) return match[1];
  return BUCKET_NAME.test(value) ? value : undefined;
}

/**
 * AWS: check the major version for equality and the minor version with >= (notification-content-structure.html).
 * We accept every 2.x.
 */
function checkVersion(version: string, path: string): void {
  if (!/^2(\.\d+)*$/.test(version))
    throw new MalformedEventError(path, `unsupported version "${version.slice(0, 20)}"`);
}

function replicationType(eventName: string): ReplicationEventType | undefined {
  const name = eventName.startsWith('s3:') ? eventName.slice(3) : eventName;
  if (!name.startsWith('Replication:')) return undefined;
  const type = name.slice('Replication:'.length);
  return (REPLICATION_EVENT_TYPES as readonly string[]).includes(type) ? (type as ReplicationEventType) : undefined;
}

function parseRecord(record: unknown, index: number): ReplicationEvent | 'skip' {
  const at = `Records[${index}]`;
  if (!isObject(record)) throw new MalformedEventError(at, 'must be an object');
  const eventSource = requireString(record, 'eventSource', `${at}.eventSource`);
  if (eventSource !== 'aws:s3')
    throw new MalformedEventError(`${at}.eventSource`, `expected "aws:s3", got "${eventSource.slice(0, 40)}"`);
  checkVersion(requireString(record, 'eventVersion', `${at}.eventVersion`), `${at}.eventVersion`);
  const eventName = requireString(record, 'eventName', `${at}.eventName`);
  const type = replicationType(eventName);
  if (type === undefined) {
    if (eventName.includes('Replication:'))
      throw new MalformedEventError(`${at}.eventName`, 'unknown replication event type');
    return 'skip';
  }
  const eventTime = requireString(record, 'eventTime', `${at}.eventTime`);
  if (Number.isNaN(Date.parse(eventTime))) throw new MalformedEventError(`${at}.eventTime`, 'not a date');
  const awsRegion = requireString(record, 'awsRegion', `${at}.awsRegion`);
  const s3 = requireObject(record, 's3', `${at}.s3`);
  const bucket = requireObject(s3, 'bucket', `${at}.s3.bucket`);
  const sourceBucket = requireString(bucket, 'name', `${at}.s3.bucket.name`);
  const owner = isObject(bucket.ownerIdentity) ? bucket.ownerIdentity.principalId : undefined;
  const object = requireObject(s3, 'object', `${at}.s3.object`);
  const rawKey = requireString(object, 'key', `${at}.s3.object.key`);
  const size = object.size;
  if (size !== undefined && size !== null && (typeof size !== 'number' || !Number.isFinite(size) || size < 0)) {
    throw new MalformedEventError(`${at}.s3.object.size`, 'must be a non-negative number');
  }
  const data = requireObject(record, 'replicationEventData', `${at}.replicationEventData`);
  const ruleId = requireString(data, 'replicationRuleId', `${at}.replicationEventData.replicationRuleId`);
  const destinationArn = requireString(data, 'destinationBucket', `${at}.replicationEventData.destinationBucket`);
  const destinationBucket = bucketNameFromArn(destinationArn);
  if (destinationBucket === undefined) {
    throw new MalformedEventError(`${at}.replicationEventData.destinationBucket`, 'not a bucket ARN');
  }
  // An OperationFailedReplication record without a reason is malformed (SPEC "Intake").
  const failureReason =
    type === 'OperationFailedReplication'
      ? requireString(data, 'failureReason', `${at}.replicationEventData.failureReason`)
      : optionalString(data, 'failureReason', `${at}.replicationEventData.failureReason`);
  if (failureReason !== undefined && failureReason.trim().length === 0) {
    throw new MalformedEventError(`${at}.replicationEventData.failureReason`, 'is blank');
  }
  const versionId = optionalString(object, 'versionId', `${at}.s3.object.versionId`);
  const sequencer = optionalString(object, 'sequencer', `${at}.s3.object.sequencer`);
  const s3Operation = optionalString(data, 's3Operation', `${at}.replicationEventData.s3Operation`);
  const requestTime = optionalString(data, 'requestTime', `${at}.replicationEventData.requestTime`);
  return {
    type,
    eventVersion: String(record.eventVersion),
    eventTime: new Date(eventTime).toISOString(),
    awsRegion,
    sourceBucket,
    ...(typeof owner === 'string' && owner.length > 0 ? { sourceBucketOwner: owner } : {}),
    key: decodeS3Key(rawKey),
    ...(typeof size === 'number' ? { size } : {}),
    ...(versionId ? { versionId } : {}),
    ...(sequencer ? { sequencer } : {}),
    ruleId,
    destinationBucket,
    destinationBucketArn: destinationArn,
    ...(s3Operation ? { s3Operation } : {}),
    ...(requestTime ? { requestTime } : {}),
    ...(failureReason !== undefined ? { failureReason: failureReason.trim() } : {}),
  };
}

/** Parses an already-decoded S3 notification (an object with `Records`, or the `s3:TestEvent` message). */
export function parseS3Notification(value: unknown): ParsedMessage {
  if (!isObject(value)) throw new MalformedEventError('body', 'must be a JSON object');
  if (value.Records === undefined) {
    // S3 sends this when a notification configuration is created; it has no Records (notification-content-structure.html).
    if (value.Event === 's3:TestEvent') {
      return { kind: 'test-event', ...(typeof value.Bucket === 'string' ? { bucket: value.Bucket } : {}) };
    }
    throw new MalformedEventError('Records', 'missing (and not an s3:TestEvent)');
  }
  if (!Array.isArray(value.Records)) throw new MalformedEventError('Records', 'must be an array');
  if (value.Records.length === 0) throw new MalformedEventError('Records', 'is empty');
  const events: ReplicationEvent[] = [];
  let skipped = 0;
  value.Records.forEach((record, index) => {
    const parsed = parseRecord(record, index);
    if (parsed === 'skip') skipped += 1;
    else events.push(parsed);
  });
  return { kind: 'records', events, skipped };
}

/** Parses an SQS message body (a JSON string) into replication events. Throws `MalformedEventError`. */
export function parseMessageBody(body: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new MalformedEventError('body', 'not valid JSON', { cause: error });
  }
  return parseS3Notification(value);
}
