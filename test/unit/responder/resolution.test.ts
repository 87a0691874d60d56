import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryIncidentStore } from '../../../lambdas/adapters/memory-store.js';
import type { IncidentStore } from '../../../lambdas/core/store.js';
import { PublishError } from '../../../lambdas/responder/ports.js';
import {
  type RuleVerificationResult,
  type SweepResolutionsOptions,
  sweepResolutions,
} from '../../../lambdas/responder/resolution.js';
import { failureMessages, sqsBatch } from '../../helpers/events.js';
import { RecordingAlerter, RecordingLogger, storeWith, TestClock, testResponder } from '../../helpers/responder.js';

const QUIET = 3_600;
const PASSING: RuleVerificationResult = {
  ok: true,
  failing: [],
  results: [{ id: 'destination-versioning', status: 'pass', summary: 'Versioning is Enabled on amzn-s3-demo-bucket2' }],
};

afterEach(() => {
  vi.useRealTimers();
});

/** A responder and a sweep sharing one store, clock and alerter, as the responder and the auditor share the table. */
function setup(
  options: { verify?: SweepResolutionsOptions['verify']; store?: IncidentStore; resolvedAlerts?: boolean } = {},
) {
  const clock = new TestClock();
  const responder = testResponder({ clock, ...(options.store ? { store: options.store } : {}) });
  const verify = vi.fn(options.verify ?? (async () => PASSING));
  const sweepAlerter = new RecordingAlerter();
  const sweepLogger = new RecordingLogger();
  const sweep = () =>
    sweepResolutions({
      store: responder.store,
      verify,
      alerter: sweepAlerter,
      clock: clock.now,
      quietSeconds: QUIET,
      resolvedAlerts: options.resolvedAlerts ?? true,
      logger: sweepLogger,
    });
  return { ...responder, clock, verify, sweepAlerter, sweepLogger, sweep };
}

/** Failure messages whose event time is the clock's now (as S3 would send them). */
function failuresNow(clock: TestClock, count: number, options: Parameters<typeof failureMessages>[1] = {}) {
  return failureMessages(count, { eventTime: clock.now().toISOString(), ...options });
}

describe('sweepResolutions: timing', () => {
  it('resolves an incident only after the quiet period, with one resolved alert', async () => {
    const { respond, clock, sweep, sweepAlerter, store, verify } = setup();
    await respond(sqsBatch(failuresNow(clock, 4)));

    clock.advance(QUIET - 1);
    const early = await sweep();
    clock.advance(1);
    const dueAt = clock.now().toISOString();
    const due = await sweep();
    clock.advance(600);
    const again = await sweep();

    expect(early).toMatchObject({ examined: 1, resolved: [], rulesVerified: 0 });
    expect(early.kept['not-quiet']).toBe(1);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledWith('amzn-s3-demo-bucket1', 'notification-test-replication-rule');
    expect(due).toMatchObject({ examined: 1, rulesVerified: 1, alertsPublished: 1, errors: [] });
    expect(due.resolved).toEqual([
      expect.objectContaining({
        sourceBucket: 'amzn-s3-demo-bucket1',
        canonicalReason: 'AssumeRoleNotPermitted',
        objectCount: 4,
        resolvedAt: dueAt,
        alerted: true,
      }),
    ]);
    expect(again).toMatchObject({ examined: 0, resolved: [] });
    expect(sweepAlerter.ofType('resolved')).toHaveLength(1);
    const alert = sweepAlerter.published[0];
    expect(alert?.subject).toBe(
      '[RESOLVED] S3 replication: AssumeRoleNotPermitted amzn-s3-demo-bucket1 -> amzn-s3-demo-bucket2',
    );
    expect(alert?.message).toContain('[PASS] destination-versioning');
    expect(alert?.message).toContain('Objects:       4 failed');
    expect((await store.listIncidents({ status: 'resolved', limit: 5 }))[0]?.resolvedAt).toBeDefined();
  });

  it('restarts the quiet period with every new failure', async () => {
    const { respond, clock, sweep } = setup();
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(3_000);
    await respond(sqsBatch(failuresNow(clock, 1, { keyPrefix: 'later' })));

    clock.advance(3_000);
    expect((await sweep()).resolved).toEqual([]);
    clock.advance(600);
    expect((await sweep()).resolved).toHaveLength(1);
  });

  it('works with fake timers driving a wall clock', async () => {
    vi.useFakeTimers({ now: new Date('2024-09-05T21:05:00.000Z') });
    const store = new MemoryIncidentStore();
    const responder = testResponder({ store });
    // The responder's own clock is separate; give its events and writes the fake wall time.
    const clock = () => new Date();
    await responder.respond(sqsBatch(failureMessages(2, { eventTime: new Date().toISOString() })));
    const incident = (await store.listIncidents({ limit: 1 }))[0];
    const run = () =>
      sweepResolutions({
        store,
        verify: async () => PASSING,
        alerter: new RecordingAlerter(),
        clock,
        quietSeconds: QUIET,
        resolvedAlerts: false,
      });

    vi.advanceTimersByTime(QUIET * 1000 - 1);
    const early = await run();
    vi.advanceTimersByTime(1);
    const due = await run();

    expect(incident?.lastRecordedAt).toBe('2024-09-05T21:05:00.000Z');
    expect(early.resolved).toEqual([]);
    expect(due.resolved).toEqual([expect.objectContaining({ resolvedAt: '2024-09-05T22:05:00.000Z', alerted: false })]);
    expect(due.alertsPublished).toBe(0);
  });
});

describe('sweepResolutions: conditions', () => {
  it('keeps incidents whose checks still fail, and verifies each rule once for all its incidents', async () => {
    const { respond, clock, sweep, verify, sweepAlerter } = setup({
      verify: async () => ({ ok: false, failing: ['destination-versioning: Versioning is Suspended'] }),
    });
    await respond(
      sqsBatch([
        ...failuresNow(clock, 2),
        ...failuresNow(clock, 2, { failureReason: 'DstBucketUnversioned' }),
        ...failuresNow(clock, 2, { failureReason: 'DstKmsKeyNotFound' }),
      ]),
    );
    clock.advance(QUIET);

    const summary = await sweep();

    expect(verify).toHaveBeenCalledTimes(1);
    expect(summary).toMatchObject({ examined: 3, resolved: [], rulesVerified: 1 });
    expect(summary.kept['checks-failing']).toBe(3);
    expect(sweepAlerter.published).toEqual([]);
  });

  it('leaves an incident whose new alert never went out', async () => {
    const { respond, clock, sweep, alerter, verify } = setup();
    alerter.failWith = new PublishError('SNS Publish failed: KMSDisabledException');
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET * 3);

    const summary = await sweep();

    expect(summary.kept['never-alerted']).toBe(1);
    expect(summary.resolved).toEqual([]);
    expect(verify).not.toHaveBeenCalled();
  });

  it('does not resolve an incident that got a new failure while its rule was being checked', async () => {
    const { respond, clock, sweepAlerter, store } = setup();
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET);
    const summary = await sweepResolutions({
      store,
      verify: async () => {
        await respond(sqsBatch(failuresNow(clock, 1, { keyPrefix: 'meanwhile' })));
        return PASSING;
      },
      alerter: sweepAlerter,
      clock: clock.now,
      quietSeconds: QUIET,
      resolvedAlerts: true,
    });

    expect(summary.resolved).toEqual([]);
    expect(summary.kept.changed).toBe(1);
    expect(sweepAlerter.published).toEqual([]);
    expect((await store.listIncidents({ limit: 1 }))[0]).toMatchObject({ status: 'open', objectCount: 2 });
  });

  it('publishes no resolved alert with RESOLVED_ALERTS=false', async () => {
    const { respond, clock, sweep, sweepAlerter } = setup({ resolvedAlerts: false });
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET);

    const summary = await sweep();

    expect(summary.resolved).toEqual([expect.objectContaining({ alerted: false })]);
    expect(sweepAlerter.published).toEqual([]);
  });
});

describe('sweepResolutions: failures never throw', () => {
  it('records a failed verification and keeps the incident open', async () => {
    const { respond, clock, sweep, store } = setup({
      verify: async () => {
        throw new Error('AccessDenied: s3:GetReplicationConfiguration');
      },
    });
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET);

    const summary = await sweep();

    expect(summary.errors).toEqual([
      expect.objectContaining({ stage: 'verify', error: 'AccessDenied: s3:GetReplicationConfiguration' }),
    ]);
    expect(summary.rulesVerified).toBe(0);
    expect((await store.listIncidents({ limit: 1 }))[0]?.status).toBe('open');
  });

  it('keeps the incident resolved when its resolved alert cannot be published', async () => {
    const { respond, clock, sweep, sweepAlerter, store, sweepLogger } = setup();
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET);
    sweepAlerter.failWith = new PublishError('SNS Publish failed: ThrottlingException');

    const summary = await sweep();

    expect(summary.resolved).toEqual([expect.objectContaining({ alerted: false })]);
    expect(summary.errors).toEqual([expect.objectContaining({ stage: 'publish' })]);
    expect((await store.listIncidents({ limit: 1 }))[0]?.status).toBe('resolved');
    expect(sweepLogger.lines.some((l) => l.level === 'error' && l.message.includes('could not be published'))).toBe(
      true,
    );
  });

  it('reports a store that cannot be listed or written', async () => {
    const inner = new MemoryIncidentStore();
    const listing = await sweepResolutions({
      store: storeWith(inner, {
        listIncidents: async () => {
          throw new Error('ResourceNotFoundException');
        },
      }),
      verify: async () => PASSING,
      alerter: new RecordingAlerter(),
      clock: () => new Date(),
      quietSeconds: QUIET,
      resolvedAlerts: true,
    });
    expect(listing).toMatchObject({ examined: 0, errors: [{ stage: 'list', error: 'ResourceNotFoundException' }] });

    const { respond, clock, sweepAlerter } = setup({ store: inner });
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET);
    const writing = await sweepResolutions({
      store: storeWith(inner, {
        markResolved: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      }),
      verify: async () => PASSING,
      alerter: sweepAlerter,
      clock: clock.now,
      quietSeconds: QUIET,
      resolvedAlerts: true,
    });
    expect(writing.errors).toEqual([expect.objectContaining({ stage: 'resolve' })]);
    expect(sweepAlerter.published).toEqual([]);
  });

  it('renders the resolved alert from the catalog when the stored report is gone', async () => {
    const inner = new MemoryIncidentStore();
    const { respond, clock, sweepAlerter } = setup({ store: inner });
    await respond(sqsBatch(failuresNow(clock, 3, { failureReason: 'DstPutObjNotPermitted' })));
    clock.advance(QUIET);

    await sweepResolutions({
      store: storeWith(inner, { getReport: async () => undefined }),
      verify: async () => PASSING,
      alerter: sweepAlerter,
      clock: clock.now,
      quietSeconds: QUIET,
      resolvedAlerts: true,
    });

    expect(sweepAlerter.published[0]?.subject).toBe(
      '[RESOLVED] S3 replication: DstPutObjectNotPermitted amzn-s3-demo-bucket1 -> amzn-s3-demo-bucket2',
    );
    expect(sweepAlerter.published[0]?.message).toContain('Objects:       3 failed');
  });
});

describe('re-opening after resolution', () => {
  it('publishes a fresh new alert for a failure after the incident was resolved, then digests as usual', async () => {
    const { respond, clock, sweep, alerter } = setup();
    await respond(sqsBatch(failuresNow(clock, 4)));
    clock.advance(QUIET);
    await sweep();

    clock.advance(60);
    await respond(sqsBatch(failuresNow(clock, 2, { keyPrefix: 'again', sqs: { sentTimestamp: clock.ms } })));
    clock.advance(60);
    await respond(sqsBatch(failuresNow(clock, 1, { keyPrefix: 'inside', sqs: { sentTimestamp: clock.ms } })));
    clock.advance(900);
    await respond(sqsBatch(failuresNow(clock, 1, { keyPrefix: 'after', sqs: { sentTimestamp: clock.ms } })));

    const news = alerter.ofType('new');
    expect(news).toHaveLength(2);
    expect(news[0]?.attributes.incidentId?.StringValue).toBe(news[1]?.attributes.incidentId?.StringValue);
    expect(news[1]?.message).toContain('Objects:       2 failed');
    expect(news[1]?.message).toContain('again-1.bin');
    const digests = alerter.ofType('digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.message).toContain('2 more object(s) failed');
  });

  it('counts a re-opening as an opened incident', async () => {
    const { respond, clock, sweep, metrics, logger } = setup();
    await respond(sqsBatch(failuresNow(clock, 1)));
    clock.advance(QUIET);
    await sweep();

    await respond(sqsBatch(failuresNow(clock, 1, { keyPrefix: 'again' })));

    expect(metrics.get('IncidentsOpened')).toBe(2);
    expect(logger.lines.some((l) => l.message === 'Resolved incident re-opened')).toBe(true);
  });
});
