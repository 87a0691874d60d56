import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIncidentStore } from '../../lambdas/adapters/dynamodb-store.js';
import { catalogDiagnoser } from '../../lambdas/core/diagnose.js';
import { countOperations, type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { failureMessages, redelivered, sqsBatch } from '../helpers/events.js';
import { failedIds, groupsOf, RecordingAlerter, TestClock, testResponder } from '../helpers/responder.js';

/** The responder on a real DynamoDB API (dynalite), as two Lambda containers would share the table. */

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

async function table(): Promise<string> {
  tables += 1;
  const name = `responder-incidents-${tables}`;
  await dynamo.createTable(name);
  return name;
}

function storeOn(tableName: string, claimLeaseSeconds = 120): DynamoDbIncidentStore {
  return new DynamoDbIncidentStore({ client: dynamo.doc, tableName, claimLeaseSeconds });
}

describe('responder on DynamoDB', () => {
  it('publishes exactly one new alert when two containers race on the same new incident', async () => {
    const tableName = await table();
    const clock = new TestClock();
    const a = testResponder({ store: storeOn(tableName), clock });
    const b = testResponder({ store: storeOn(tableName), clock });
    const reasons = ['AssumeRoleNotPermitted', 'DstKmsKeyNotFound', 'DstBucketUnversioned', 'SrcGetObjectNotPermitted'];

    const responses = await Promise.all(
      reasons.flatMap((failureReason) => [
        a.respond(sqsBatch(failureMessages(5, { failureReason }))),
        b.respond(sqsBatch(failureMessages(5, { failureReason, keyPrefix: 'other' }))),
      ]),
    );

    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const alerts = [...a.alerter.published, ...b.alerter.published];
    expect(alerts.map((x) => x.attributes.failureReason?.StringValue).sort()).toEqual([...reasons].sort());
    expect(alerts.every((x) => x.attributes.alertType?.StringValue === 'new')).toBe(true);
  });

  it('lets the claim of a container that crashed before publishing expire, then alerts once', async () => {
    const tableName = await table();
    const clock = new TestClock();
    const records = failureMessages(4);
    const [group] = groupsOf(records);
    if (!group) throw new Error('no group');
    // The crashed container recorded the batch and won the claim, then died: no publish, no release.
    const crashed = await storeOn(tableName, 120).recordFailures(group, clock.now());
    expect(crashed.claim?.type).toBe('new');

    const survivor = testResponder({ store: storeOn(tableName, 120), clock });
    clock.advance(60);
    await survivor.respond(sqsBatch(redelivered(records)));
    expect(survivor.alerter.published).toEqual([]);

    clock.advance(61);
    const response = await survivor.respond(sqsBatch(redelivered(redelivered(records))));

    expect(response.batchItemFailures).toEqual([]);
    expect(survivor.alerter.ofType('new')).toHaveLength(1);
    const incidents = await survivor.store.listIncidents({ limit: 1 });
    expect(incidents[0]).toMatchObject({ alertState: 'sent', alertsSent: 1, objectCount: 12 });
  });

  it('writes once per incident per batch while counting, and alerts new, then one digest per window', async () => {
    const tableName = await table();
    const clock = new TestClock();
    const ops = countOperations(dynamo.client);
    const { respond, alerter, store } = testResponder({ store: storeOn(tableName), clock });
    const first = failureMessages(10, { sqs: { sentTimestamp: clock.ms } });

    ops.reset();
    await respond(sqsBatch(first));
    // Count + claim in one write, then the report and the record of the alert.
    expect(ops.calls).toEqual(['UpdateItemCommand', 'PutItemCommand', 'UpdateItemCommand']);

    for (let batch = 0; batch < 3; batch += 1) {
      clock.advance(60);
      ops.reset();
      const response = await respond(
        sqsBatch([
          ...failureMessages(10, { keyPrefix: `b${batch}`, sqs: { sentTimestamp: clock.ms } }),
          ...redelivered(first),
        ]),
      );
      expect(response.batchItemFailures).toEqual([]);
      expect(ops.calls).toEqual(['UpdateItemCommand']);
    }
    expect(alerter.published).toHaveLength(1);

    clock.advance(900);
    ops.reset();
    await respond(sqsBatch(failureMessages(2, { keyPrefix: 'after', sqs: { sentTimestamp: clock.ms } })));

    // Count, claim the digest, read the stored report, record the digest.
    expect(ops.calls).toEqual(['UpdateItemCommand', 'UpdateItemCommand', 'GetItemCommand', 'UpdateItemCommand']);
    expect(alerter.ofType('digest')).toHaveLength(1);
    // 3 batches × (10 new + 10 redelivered, counted again: counts are approximate under redelivery) + 2.
    expect(alerter.ofType('digest')[0]?.message).toContain('62 more object(s) failed');
    const incident = await store.getIncident(alerter.published[0]?.attributes.incidentId?.StringValue ?? '');
    expect(incident?.state).toMatchObject({ alertState: 'sent', alertsSent: 2, countAtLastAlert: 72 });
    ops.reset();
  });

  it('stores the report the new alert was rendered from, for digests and the CLI', async () => {
    const tableName = await table();
    const { respond, alerter, store } = testResponder({ store: storeOn(tableName), diagnoser: catalogDiagnoser() });

    await respond(sqsBatch(failureMessages(3, { failureReason: 'DstBucketNotFound' })));

    const id = alerter.published[0]?.attributes.incidentId?.StringValue ?? '';
    const stored = await store.getIncident(id);
    expect(stored?.report).toMatchObject({ incidentId: id, canonicalReason: 'DstBucketNotFound', objectCount: 3 });
    expect(stored?.state).toMatchObject({ severity: stored?.report?.severity, category: stored?.report?.category });
  });

  it('fails the messages of an incident whose publish fails and alerts on their redelivery', async () => {
    const tableName = await table();
    const clock = new TestClock();
    const { respond, alerter } = testResponder({ store: storeOn(tableName), clock });
    const records = failureMessages(3);
    alerter.failWith = Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException' });

    const response = await respond(sqsBatch(records));
    alerter.failWith = undefined;
    clock.advance(30);
    const retry = await respond(sqsBatch(redelivered(records)));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
    expect(retry.batchItemFailures).toEqual([]);
    expect(alerter.ofType('new')).toHaveLength(1);
  });
});

describe('RecordingAlerter', () => {
  it('is a faithful fake: it records only successful publishes', async () => {
    const alerter = new RecordingAlerter();
    alerter.failWith = new Error('x');
    await expect(alerter.publish({ subject: 's', message: 'm', attributes: {} })).rejects.toThrow('x');
    expect(alerter.published).toEqual([]);
  });
});
