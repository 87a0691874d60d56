/**
 * One storm variant, in its own process (a fresh module graph = one warm Lambda container):
 *
 *   tsx bench/storm.ts --store memory|dynamodb|naive [--events 100000] [--batch 100] [--latency-ms 5]
 *                      [--digest-seconds 900]
 *
 * `memory` and `dynamodb` import the real handler (`lambdas/responder/handler.ts`) once, after setting its
 * environment, and send it the storm in SQS batches; `dynamodb` points it at dynalite started in this process.
 * `naive` is the responder a team writes first: one SNS publish per event, no checks, no store. AWS is faked with a
 * fixed latency per call (`fake-aws.ts`). Prints one result line (see `support.ts`).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbIncidentStore } from '../lambdas/adapters/dynamodb-store.js';
import { MemoryIncidentStore } from '../lambdas/adapters/memory-store.js';
import type { IncidentStore } from '../lambdas/core/store.js';
import { type BenchDynamo, startDynamo } from './dynalite.js';
import { installFakeAws } from './fake-aws.js';
import {
  applyEnv,
  emitResult,
  flag,
  lambdaContext,
  RssSampler,
  responderEnv,
  snsViolations,
  unmockedReads,
} from './support.js';
import { STORM_INCIDENTS, stormBatches } from './workload.js';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
export type StoreKind = 'memory' | 'dynamodb' | 'naive';

export interface StormResult {
  readonly variant: StoreKind;
  readonly events: number;
  readonly batchSize: number;
  readonly latencyMs: number;
  readonly incidents: number;
  readonly digestIntervalSeconds: number;
  /** Time spent in the handler, all batches. */
  readonly handlerMs: number;
  readonly eventsPerSecond: number;
  /** The first batch (cold caches, the `new` alerts with their live checks) and the rest. */
  readonly firstBatchMs: number;
  readonly steadyEventsPerSecond: number;
  readonly batchItemFailures: number;
  readonly publishes: number;
  readonly publishesPerIncident: number;
  readonly alertTypes: Record<string, number>;
  readonly snsViolations: number;
  readonly awsReads: number;
  readonly awsReadsPerEvent: number;
  readonly awsCalls: Record<string, number>;
  /** Store calls that write (record, claim, complete, release), as the store port sees them. */
  readonly storeWrites: number;
  readonly storeWritesPerEvent: number;
  /** DynamoDB operations dynalite received (DynamoDB variant only). */
  readonly dynamoOperations?: Record<string, number>;
  readonly dynamoWritesPerEvent?: number;
  readonly peakRssMb: number;
  /** RSS once the handler module (or the naive responder) is loaded, before the first event. */
  readonly rssAfterInitMb: number;
  /** Heap in use after a full GC, once loaded and again after the storm (needs `--expose-gc`): what the storm retains. */
  readonly heapAfterGcMb?: { readonly init: number; readonly end: number };
  /** Whether the handler's diagnoser ran live checks (any S3/IAM/KMS/STS/Organizations read). */
  readonly liveChecksRan: boolean;
  /** Alerts whose checks could not reach AWS: some client is not faked (see `fake-aws.ts`); should be 0. */
  readonly alertsWithUnmockedReads: number;
  /** The verdict of each `new` alert by failure reason: what the live checks concluded. */
  readonly verdicts: Record<string, string>;
}

const WRITE_METHODS = ['recordFailures', 'claimAlert', 'completeAlert', 'releaseAlert', 'claimLatencyAlert'] as const;

/** Counts the store port's write calls on both adapters (the handler builds one of them at import). */
function countStoreWrites(): { count: () => number } {
  let writes = 0;
  for (const type of [MemoryIncidentStore, DynamoDbIncidentStore]) {
    const prototype = type.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of WRITE_METHODS) {
      const original = prototype[name];
      if (typeof original !== 'function') continue;
      prototype[name] = function (this: IncidentStore, ...args: unknown[]) {
        writes += 1;
        return original.apply(this, args);
      };
    }
  }
  return { count: () => writes };
}

/** The naive responder: one alert per event, straight to SNS. */
function naiveHandler(): Handler {
  const sns = new SNSClient({});
  return async (event) => {
    await Promise.all(
      event.Records.map(async (record) => {
        const body = JSON.parse(record.body) as {
          Records: {
            s3: { bucket: { name: string }; object: { key: string } };
            replicationEventData: { failureReason: string };
          }[];
        };
        const first = body.Records[0];
        await sns.send(
          new PublishCommand({
            TopicArn: process.env.ALERT_TOPIC_ARN,
            Subject: `Replication failed: ${first?.replicationEventData.failureReason ?? 'unknown'}`.slice(0, 99),
            Message: JSON.stringify(first),
          }),
        );
      }),
    );
    return { batchItemFailures: [] };
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const variant = flag(argv, 'store', 'memory') as StoreKind;
  const events = Number(flag(argv, 'events', '100000'));
  const batchSize = Number(flag(argv, 'batch', '100'));
  const latencyMs = Number(flag(argv, 'latency-ms', '5'));
  const digestIntervalSeconds = Number(flag(argv, 'digest-seconds', '900'));
  if (!['memory', 'dynamodb', 'naive'].includes(variant)) throw new Error(`unknown --store ${variant}`);

  let dynamo: BenchDynamo | undefined;
  const tableName = 'replication-doctor-incidents';
  if (variant === 'dynamodb') dynamo = await startDynamo(tableName);
  applyEnv(
    responderEnv({
      DIGEST_INTERVAL_SECONDS: String(digestIntervalSeconds),
      ...(dynamo ? { INCIDENT_TABLE_NAME: tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint } : {}),
    }),
  );
  const aws = installFakeAws({ latencyMs, keepPublished: variant !== 'naive' });
  const storeWrites = countStoreWrites();
  const handler: Handler =
    variant === 'naive' ? naiveHandler() : (await import('../lambdas/responder/handler.js')).handler;
  const context = lambdaContext();
  const rssAfterInit = process.memoryUsage.rss();
  const heapAfterGc = (): number | undefined => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) return undefined;
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const heapAtInit = heapAfterGc();

  const sampler = new RssSampler();
  let handlerMs = 0;
  let firstBatchMs = 0;
  let failures = 0;
  let batches = 0;
  let violations = 0;
  for (const batch of stormBatches({ events, batchSize })) {
    const started = performance.now();
    const response = await handler(batch, context);
    const elapsed = performance.now() - started;
    handlerMs += elapsed;
    if (batches === 0) firstBatchMs = elapsed;
    batches += 1;
    failures += response.batchItemFailures.length;
    aws.forgetHistory();
    sampler.sample();
  }
  const peakRss = sampler.stop();
  const heapAtEnd = heapAfterGc();
  for (const alert of aws.published) violations += snsViolations(alert.input).length > 0 ? 1 : 0;

  const alertTypes: Record<string, number> = {};
  for (const alert of aws.published) {
    const type = alert.input.MessageAttributes?.alertType?.StringValue ?? '-';
    alertTypes[type] = (alertTypes[type] ?? 0) + 1;
  }
  const verdicts: Record<string, string> = {};
  for (const alert of aws.published) {
    if (alert.input.MessageAttributes?.alertType?.StringValue !== 'new') continue;
    const lines = alert.input.Message?.split('\n') ?? [];
    const verdict = lines[lines.indexOf('VERDICT') + 1]?.trim() ?? '';
    verdicts[alert.input.MessageAttributes.failureReason?.StringValue ?? '-'] = verdict;
  }
  const reads = aws.reads();
  const result: StormResult = {
    variant,
    events,
    batchSize,
    latencyMs,
    incidents: STORM_INCIDENTS.length,
    digestIntervalSeconds,
    handlerMs,
    eventsPerSecond: events / (handlerMs / 1000),
    firstBatchMs,
    steadyEventsPerSecond: (events - Math.min(batchSize, events)) / ((handlerMs - firstBatchMs) / 1000),
    batchItemFailures: failures,
    publishes: aws.publishes(),
    publishesPerIncident: aws.publishes() / STORM_INCIDENTS.length,
    alertTypes,
    snsViolations: violations,
    awsReads: reads,
    awsReadsPerEvent: reads / events,
    awsCalls: Object.fromEntries([...aws.calls.entries()].sort()),
    storeWrites: variant === 'naive' ? 0 : storeWrites.count(),
    storeWritesPerEvent: variant === 'naive' ? 0 : storeWrites.count() / events,
    ...(dynamo
      ? {
          dynamoOperations: Object.fromEntries(dynamo.operations),
          dynamoWritesPerEvent:
            ((dynamo.operations.get('UpdateItem') ?? 0) + (dynamo.operations.get('PutItem') ?? 0)) / events,
        }
      : {}),
    peakRssMb: peakRss / 2 ** 20,
    rssAfterInitMb: rssAfterInit / 2 ** 20,
    ...(heapAtInit !== undefined && heapAtEnd !== undefined
      ? { heapAfterGcMb: { init: heapAtInit, end: heapAtEnd } }
      : {}),
    liveChecksRan: reads > 0,
    alertsWithUnmockedReads: unmockedReads(aws.published.map((a) => a.input.Message)),
    verdicts,
  };
  aws.restore();
  await dynamo?.stop();
  emitResult(result);
}

await main();
