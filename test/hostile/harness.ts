import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { MemoryIncidentStore } from '../../lambdas/adapters/memory-store.js';
import { SnsAlerter } from '../../lambdas/adapters/sns-alerter.js';
import { catalogDiagnoser, type Diagnoser } from '../../lambdas/core/diagnose.js';
import type { IncidentStore } from '../../lambdas/core/store.js';
import { createResponder, type Responder } from '../../lambdas/responder/responder.js';
import { replicationRecord, s3Notification, sqsRecord } from '../helpers/events.js';
import { RecordingLogger, RecordingMetrics, TestClock } from '../helpers/responder.js';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts';

/** Every SNS client's `send`, mocked (aws-sdk-client-mock patches the prototype). Reset it in `beforeEach`. */
export const snsMock = mockClient(SNSClient);

/**
 * A responder wired like the handler, except for the clock and the diagnoser: the real SNS alerter on an SNS client
 * whose `send` is mocked (`snsMock`), so tests see the exact Publish requests, limits applied by both the renderer and
 * the alerter.
 */
export interface Harness {
  readonly respond: Responder;
  readonly store: IncidentStore;
  readonly metrics: RecordingMetrics;
  readonly logger: RecordingLogger;
  readonly clock: TestClock;
}

export function harness(options: { store?: IncidentStore; diagnoser?: Diagnoser; clock?: TestClock } = {}): Harness {
  const store = options.store ?? new MemoryIncidentStore();
  const metrics = new RecordingMetrics();
  const logger = new RecordingLogger();
  const clock = options.clock ?? new TestClock();
  const respond = createResponder({
    store,
    alerter: new SnsAlerter(new SNSClient({ region: 'us-east-1' }), TOPIC_ARN),
    diagnoser: options.diagnoser ?? catalogDiagnoser(),
    clock: clock.now,
    logger,
    metrics,
    config: { digestIntervalSeconds: 900, latencyAlerts: false },
  });
  return { respond, store, metrics, logger, clock };
}

/** The Publish requests SNS received, in order. */
export function publishedInputs(): PublishCommandInput[] {
  return snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

/** The value of one message attribute of a Publish request. */
export function attribute(input: PublishCommandInput, name: string): string | undefined {
  return input.MessageAttributes?.[name]?.StringValue;
}

/** A well-formed failure message of its own incident (rule id `good-<n>`). */
export function goodMessage(n: number, messageId?: string): SQSRecord {
  const record = replicationRecord({
    ruleId: `good-${n}`,
    key: `good/object-${n}.bin`,
    versionId: `good-version-${n}`,
    sequencer: `0066DA1CBF104C${n.toString(16).padStart(4, '0').toUpperCase()}`,
  });
  return sqsRecord(s3Notification(record), messageId ? { messageId } : {});
}
