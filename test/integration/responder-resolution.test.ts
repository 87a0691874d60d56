import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIncidentStore } from '../../lambdas/adapters/dynamodb-store.js';
import { sweepResolutions } from '../../lambdas/responder/resolution.js';
import { countOperations, type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { failureMessages, sqsBatch } from '../helpers/events.js';
import { RecordingAlerter, TestClock, testResponder } from '../helpers/responder.js';

/** The responder and the resolution sweep (as the auditor runs it) sharing one DynamoDB table (dynalite). */

const QUIET = 3_600;
const PASSING = { ok: true, failing: [] };

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

async function newTable(): Promise<string> {
  tables += 1;
  const tableName = `resolution-incidents-${tables}`;
  await dynamo.createTable(tableName);
  return tableName;
}

/** One container's store on the table (each Lambda container builds its own). */
function storeOn(tableName: string): DynamoDbIncidentStore {
  return new DynamoDbIncidentStore({ client: dynamo.doc, tableName, claimLeaseSeconds: 120 });
}

function failuresAt(clock: TestClock, count: number, keyPrefix = 'data/object') {
  return failureMessages(count, { eventTime: clock.now().toISOString(), keyPrefix, sqs: { sentTimestamp: clock.ms } });
}

describe('resolution on DynamoDB', () => {
  it('resolves a quiet incident once, then re-opens it with a fresh new alert on the next failure', async () => {
    const store = storeOn(await newTable());
    const clock = new TestClock();
    const responder = testResponder({ store, clock });
    const sweepAlerter = new RecordingAlerter();
    const sweep = () =>
      sweepResolutions({
        store,
        verify: async () => PASSING,
        alerter: sweepAlerter,
        clock: clock.now,
        quietSeconds: QUIET,
        resolvedAlerts: true,
      });
    await responder.respond(sqsBatch(failuresAt(clock, 5)));

    clock.advance(QUIET);
    const ops = countOperations(dynamo.client);
    const first = await sweep();
    const writes = ops.calls.filter((c) => c !== 'ScanCommand' && c !== 'GetItemCommand');
    const second = await sweep();
    clock.advance(60);
    await responder.respond(sqsBatch(failuresAt(clock, 2, 'again')));

    expect(first.resolved).toHaveLength(1);
    expect(writes).toEqual(['UpdateItemCommand']);
    expect(second.resolved).toEqual([]);
    expect(sweepAlerter.ofType('resolved')).toHaveLength(1);
    expect(responder.alerter.ofType('new')).toHaveLength(2);
    expect(responder.alerter.ofType('new')[1]?.message).toContain('Objects:       2 failed');
    const [incident] = await store.listIncidents({ limit: 1 });
    expect(incident).toMatchObject({ status: 'open', reopenCount: 1, alertsSent: 2, objectCount: 2 });
  });

  it('keeps an incident open when a failure lands between the sweep reading it and resolving it', async () => {
    const store = storeOn(await newTable());
    const clock = new TestClock();
    const responder = testResponder({ store, clock });
    await responder.respond(sqsBatch(failuresAt(clock, 1)));
    clock.advance(QUIET);

    const summary = await sweepResolutions({
      store,
      verify: async () => {
        await responder.respond(sqsBatch(failuresAt(clock, 1, 'meanwhile')));
        return PASSING;
      },
      alerter: new RecordingAlerter(),
      clock: clock.now,
      quietSeconds: QUIET,
      resolvedAlerts: true,
    });

    expect(summary.resolved).toEqual([]);
    expect(summary.kept.changed).toBe(1);
    const [incident] = await store.listIncidents({ limit: 1 });
    expect(incident).toMatchObject({ status: 'open', objectCount: 2 });
  });

  it('publishes exactly one new alert when two containers race on a resolved incident', async () => {
    const tableName = await newTable();
    const store = storeOn(tableName);
    const clock = new TestClock();
    const a = testResponder({ store, clock });
    const b = testResponder({ store: storeOn(tableName), clock });
    await a.respond(sqsBatch(failuresAt(clock, 1)));
    clock.advance(QUIET);
    await sweepResolutions({
      store,
      verify: async () => PASSING,
      alerter: new RecordingAlerter(),
      clock: clock.now,
      quietSeconds: QUIET,
      resolvedAlerts: false,
    });

    clock.advance(10);
    const responses = await Promise.all([
      a.respond(sqsBatch(failuresAt(clock, 3, 'a'))),
      b.respond(sqsBatch(failuresAt(clock, 4, 'b'))),
    ]);

    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    expect([...a.alerter.ofType('new'), ...b.alerter.ofType('new')]).toHaveLength(2);
    const [incident] = await store.listIncidents({ limit: 1 });
    expect(incident).toMatchObject({ status: 'open', objectCount: 7, reopenCount: 1 });
  });
});
