/**
 * Time to first alert, in its own process (a fresh, warm-started container that has never seen the incident):
 *
 *   tsx bench/first-alert.ts [--latency-ms 50] [--runs 5]
 *
 * One failure event, every AWS call taking `latency-ms`, live checks on, in-memory store: the time from the handler
 * call to the SNS Publish call (and to the handler's return). Each run uses a new incident (another rule id), so its
 * checks read AWS again; the facts cache is shared, as in a container, so later runs show the cached case too.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { installFakeAws } from './fake-aws.js';
import { applyEnv, emitResult, flag, lambdaContext, responderEnv, unmockedReads } from './support.js';
import { failureBody, STORM_INCIDENTS, seededRandom, sqsRecord } from './workload.js';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface FirstAlertRun {
  /** Handler call → SNS Publish called. */
  readonly toPublishMs: number;
  /** Handler call → handler returned (Publish answered, alert recorded). */
  readonly toReturnMs: number;
  readonly awsReads: number;
  readonly failureReason: string;
}

export interface FirstAlertResult {
  readonly latencyMs: number;
  /** The first incident of a fresh container: nothing cached. */
  readonly cold: FirstAlertRun;
  /** Further new incidents on the same buckets: their facts partly cached. */
  readonly warm: readonly FirstAlertRun[];
  readonly checksInAlert: number;
  /** Alerts whose checks could not reach AWS: some client is not faked (see `fake-aws.ts`); should be 0. */
  readonly alertsWithUnmockedReads: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const latencyMs = Number(flag(argv, 'latency-ms', '50'));
  const runs = Number(flag(argv, 'runs', '5'));
  applyEnv(responderEnv());
  let publishedAt = 0;
  const aws = installFakeAws({
    latencyMs,
    onPublish: () => {
      publishedAt = performance.now();
    },
  });
  const { handler }: { handler: Handler } = await import('../lambdas/responder/handler.js');
  const random = seededRandom(7);
  const results: FirstAlertRun[] = [];
  for (let i = 0; i < runs; i++) {
    const incident = STORM_INCIDENTS[i % STORM_INCIDENTS.length];
    if (incident === undefined) throw new Error('no incident');
    const now = Date.now();
    const event: SQSEvent = {
      Records: [sqsRecord(`first-alert-${i}`, failureBody(incident, i + 1, random, now - 5_000), now - 1_000)],
    };
    const readsBefore = aws.reads();
    publishedAt = 0;
    const started = performance.now();
    const response = await handler(event, lambdaContext());
    const returned = performance.now();
    if (response.batchItemFailures.length > 0 || publishedAt === 0) throw new Error(`run ${i}: no alert published`);
    results.push({
      toPublishMs: publishedAt - started,
      toReturnMs: returned - started,
      awsReads: aws.reads() - readsBefore,
      failureReason: incident.failureReason,
    });
  }
  const [cold, ...warm] = results;
  if (cold === undefined) throw new Error('no run');
  const message = aws.published[0]?.input.Message ?? '';
  const checksInAlert = message
    .split('\n')
    .filter((line) => /^ {2}\[(PASS|FAIL|WARN|\?\?\?\?|SKIP)\]/.test(line)).length;
  aws.restore();
  const result: FirstAlertResult = {
    latencyMs,
    cold,
    warm,
    checksInAlert,
    alertsWithUnmockedReads: unmockedReads(aws.published.map((a) => a.input.Message)),
  };
  emitResult(result);
}

await main();
