/**
 * The storm's event mix: S3 `OperationFailedReplication` records as S3 writes them to SQS (one record per message,
 * keys form-URL-encoded, destination as an ARN; AWS-FACTS §2), wrapped in Lambda SQS events of `batchSize` messages.
 * Deterministic: the same seed gives the same storm, so runs compare.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** One cause of the storm: a replication rule and the failure reason it keeps producing. */
export interface StormIncident {
  readonly sourceBucket: string;
  readonly ruleId: string;
  readonly destinationBucket: string;
  readonly failureReason: string;
  /** Share of the storm's events, 0..1. */
  readonly weight: number;
  /** Object key of the n-th failed object (decoded). */
  readonly key: (n: number) => string;
}

export const SOURCE_ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/** 5 incidents over 2 source buckets, 3 rules and 3 destinations: what one bad deploy of a policy looks like. */
export const STORM_INCIDENTS: readonly StormIncident[] = [
  {
    sourceBucket: 'acme-logs-src',
    ruleId: 'logs-to-dr',
    destinationBucket: 'acme-logs-dr',
    failureReason: 'DstPutObjectNotPermitted',
    weight: 0.35,
    key: (n) => `logs/2026/11/26/app-server-${n % 97}/part-${n}.log.gz`,
  },
  {
    sourceBucket: 'acme-logs-src',
    ruleId: 'logs-to-dr',
    destinationBucket: 'acme-logs-dr',
    failureReason: 'DstKmsKeyInvalidState',
    weight: 0.15,
    key: (n) => `logs/2026/11/26/audit/event ${n}.json`,
  },
  {
    sourceBucket: 'acme-media-src',
    ruleId: 'media-crr',
    destinationBucket: 'acme-media-replica',
    failureReason: 'SrcGetObjectNotPermitted',
    weight: 0.25,
    key: (n) => `media/uploads/${(n * 7919).toString(36)}/IMG_${n}.jpg`,
  },
  {
    sourceBucket: 'acme-media-src',
    ruleId: 'media-crr',
    destinationBucket: 'acme-media-replica',
    failureReason: 'DstMultipartUploadNotPermitted',
    weight: 0.1,
    key: (n) => `media/video/raw/clip-${n}.mp4`,
  },
  {
    sourceBucket: 'acme-media-src',
    ruleId: 'thumbs-srr',
    destinationBucket: 'acme-thumbs',
    failureReason: 'DstPutTaggingNotPermitted',
    weight: 0.15,
    key: (n) => `thumbs/é/${n}/thumb 256×256.webp`,
  },
];

/** mulberry32: a small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number, incidents: readonly StormIncident[]): StormIncident {
  let roll = random();
  for (const incident of incidents) {
    roll -= incident.weight;
    if (roll < 0) return incident;
  }
  const last = incidents.at(-1);
  if (last === undefined) throw new Error('no incidents');
  return last;
}

/** Encodes a key the way S3 event notifications do (form-URL-encoding: a space is `+`). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+');
}

const VERSION_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._';

function versionId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 32; i++) id += VERSION_ALPHABET[Math.floor(random() * VERSION_ALPHABET.length)] ?? 'a';
  return id;
}

/** The S3 notification body of one failed object (AWS-FACTS §2.1 shape, eventVersion 2.2). */
export function failureBody(incident: StormIncident, n: number, random: () => number, timeMs: number): string {
  const time = new Date(timeMs);
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.2',
        eventSource: 'aws:s3',
        awsRegion: REGION,
        eventTime: time.toISOString(),
        eventName: 'Replication:OperationFailedReplication',
        userIdentity: { principalId: 's3.amazonaws.com' },
        requestParameters: { sourceIPAddress: 's3.amazonaws.com' },
        responseElements: {
          'x-amz-request-id': `R${n.toString(16).toUpperCase().padStart(15, '0')}`,
          'x-amz-id-2': `h${versionId(random)}${versionId(random)}=`,
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'replication-doctor-failed',
          bucket: {
            name: incident.sourceBucket,
            ownerIdentity: { principalId: SOURCE_ACCOUNT },
            arn: `arn:aws:s3:::${incident.sourceBucket}`,
          },
          object: {
            key: encodeS3Key(incident.key(n)),
            size: 1024 + Math.floor(random() * 50_000_000),
            eTag: versionId(random).slice(0, 32),
            versionId: versionId(random),
            sequencer: (0x66da1cbf104c0d51n + BigInt(n)).toString(16).toUpperCase().padStart(18, '0'),
          },
        },
        replicationEventData: {
          replicationRuleId: incident.ruleId,
          destinationBucket: `arn:aws:s3:::${incident.destinationBucket}`,
          s3Operation: 'OBJECT_PUT',
          requestTime: new Date(timeMs - 30_000).toISOString(),
          failureReason: incident.failureReason,
        },
      },
    ],
  });
}

/** One SQS record of the Lambda event (LAMBDA-GIT `with-sqs.md` shape). */
export function sqsRecord(messageId: string, body: string, sentMs: number): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId.replace(/-/g, '')}EXAMPLE`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(sentMs),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(sentMs + 15),
    },
    messageAttributes: {},
    md5OfBody: '00000000000000000000000000000000',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${SOURCE_ACCOUNT}:replication-doctor-events`,
    awsRegion: REGION,
  };
}

export interface StormOptions {
  readonly events: number;
  readonly batchSize: number;
  readonly seed?: number;
  readonly incidents?: readonly StormIncident[];
  /** Event time of the first event, epoch ms. @default now */
  readonly startMs?: number;
}

/**
 * The storm as SQS events, generated lazily batch by batch so that the generator's memory does not count as the
 * responder's. Each message id is unique across the storm.
 */
export function* stormBatches(options: StormOptions): Generator<SQSEvent> {
  const random = seededRandom(options.seed ?? 20_261_126);
  const incidents = options.incidents ?? STORM_INCIDENTS;
  const start = options.startMs ?? Date.now();
  const counters = new Map<StormIncident, number>();
  for (let first = 0; first < options.events; first += options.batchSize) {
    const size = Math.min(options.batchSize, options.events - first);
    const records: SQSRecord[] = [];
    for (let i = 0; i < size; i++) {
      const index = first + i;
      const incident = pick(random, incidents);
      const n = (counters.get(incident) ?? 0) + 1;
      counters.set(incident, n);
      const timeMs = start + index;
      const id = `b3c1f0d2-${(index >>> 16).toString(16).padStart(4, '0')}-4${(index & 0xfff).toString(16).padStart(3, '0')}-8000-${index.toString(16).padStart(12, '0')}`;
      records.push(sqsRecord(id, failureBody(incident, n, random, timeMs), timeMs + 900));
    }
    yield { Records: records };
  }
}
