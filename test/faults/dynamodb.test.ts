import { DynamoDBClient, InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIncidentStore } from '../../lambdas/adapters/dynamodb-store.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { failureMessages, redelivered, sqsBatch } from '../helpers/events.js';
import { failedIds, TestClock } from '../helpers/responder.js';
import { attribute, type Harness, harness, snsMock } from '../hostile/harness.js';
import { injectDynamoFault, twoIncidents } from './support.js';

/**
 * DynamoDB faults on a real DynamoDB API (dynalite): conditional-check races between containers, and outages of the
 * incident store. Nothing is lost (the affected incident's messages come back), and no `new` alert is sent twice.
 */

let dynamo: LocalDynamo;
let tables = 0;
let delivered: PublishCommandInput[] = [];

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  delivered = [];
  snsMock.reset();
  snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    delivered.push(input);
    return { MessageId: `sns-${delivered.length}` };
  });
});

async function newTable(): Promise<string> {
  tables += 1;
  const name = `fault-incidents-${tables}`;
  await dynamo.createTable(name);
  return name;
}

/** One Lambda container: its own DynamoDB client on the shared table. */
function container(tableName: string, clock: TestClock): Harness & { client: DynamoDBClient } {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoDbIncidentStore({ client: doc, tableName, claimLeaseSeconds: 120 });
  return { ...harness({ store, clock }), client };
}

const alertsOf = (type: string) => delivered.filter((p) => attribute(p, 'alertType') === type);
const incidentsAlerted = (type: string) =>
  alertsOf(type)
    .map((a) => attribute(a, 'incidentId') ?? '')
    .sort();

/** Splits records round-robin over `n` containers. */
function deal(records: readonly SQSRecord[], n: number): SQSRecord[][] {
  const hands = Array.from({ length: n }, (): SQSRecord[] => []);
  for (const [i, record] of records.entries()) hands[i % n]?.push(record);
  return hands;
}

describe('DynamoDB conditional-check races', () => {
  it('four containers racing on two incidents: one new alert each, none on redelivery, one digest each per window', async () => {
    const tableName = await newTable();
    const clock = new TestClock();
    const containers = Array.from({ length: 4 }, () => container(tableName, clock));
    const batch = twoIncidents(8, 8);

    const first = await Promise.all(deal(batch.all, 4).map((hand, i) => containers[i]?.respond(sqsBatch(hand))));
    const redeliveries = await Promise.all(
      deal(redelivered(batch.all), 4).map((hand, i) => containers[(i + 1) % 4]?.respond(sqsBatch(hand))),
    );

    expect([...first, ...redeliveries].flatMap((r) => r?.batchItemFailures ?? [])).toEqual([]);
    expect(incidentsAlerted('new')).toEqual([batch.firstId, batch.secondId].sort());
    expect(delivered).toHaveLength(2);

    clock.advance(901);
    const later = twoIncidents(8, 8, { sentTimestamp: clock.ms });
    const third = await Promise.all(deal(later.all, 4).map((hand, i) => containers[i]?.respond(sqsBatch(hand))));

    expect(third.flatMap((r) => r?.batchItemFailures ?? [])).toEqual([]);
    expect(incidentsAlerted('digest')).toEqual([batch.firstId, batch.secondId].sort());
    expect(incidentsAlerted('new')).toHaveLength(2);
  });

  it('two containers handed the very same batch at once alert once', async () => {
    const tableName = await newTable();
    const clock = new TestClock();
    const [a, b] = [container(tableName, clock), container(tableName, clock)];
    const records = failureMessages(20, { failureReason: 'SrcGetObjectNotPermitted' });

    const responses = await Promise.all([a.respond(sqsBatch(records)), b.respond(sqsBatch(records))]);

    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    expect(alertsOf('new')).toHaveLength(1);
  });
});

const OUTAGES: readonly (readonly [string, () => Error])[] = [
  ['InternalServerError', () => new InternalServerError({ $metadata: { httpStatusCode: 500 }, message: 'Internal' })],
  [
    'ProvisionedThroughputExceededException',
    () =>
      new ProvisionedThroughputExceededException({
        $metadata: { httpStatusCode: 400 },
        message: 'The level of configured provisioned throughput for the table was exceeded',
      }),
  ],
];

describe('DynamoDB outages', () => {
  it.each(OUTAGES)(
    '%s while recording one incident: exactly its messages fail, then it alerts once',
    async (_name, error) => {
      const tableName = await newTable();
      const clock = new TestClock();
      const doctor = container(tableName, clock);
      const batch = twoIncidents();
      const fault = injectDynamoFault(doctor.client, error());
      fault.fail = (command, input) => command.startsWith('Update') && input.includes(batch.firstId);

      const response = await doctor.respond(sqsBatch(batch.all));

      expect(failedIds(response)).toEqual(batch.ids(batch.first));
      expect(incidentsAlerted('new')).toEqual([batch.secondId]);
      expect(doctor.metrics.get('StoreErrors')).toBe(1);

      fault.fail = undefined;
      const retried = await doctor.respond(sqsBatch(redelivered(batch.all)));
      await doctor.respond(sqsBatch(redelivered(redelivered(batch.all))));

      expect(retried.batchItemFailures).toEqual([]);
      expect(incidentsAlerted('new')).toEqual([batch.firstId, batch.secondId].sort());
      expect(delivered).toHaveLength(2);
    },
  );

  it.each(OUTAGES)('%s on every call: every failure message fails and nothing is published', async (_name, error) => {
    const tableName = await newTable();
    const doctor = container(tableName, new TestClock());
    const fault = injectDynamoFault(doctor.client, error());
    fault.fail = () => true;
    const batch = twoIncidents(5, 5);

    const response = await doctor.respond(sqsBatch(batch.all));

    expect(failedIds(response)).toEqual(batch.ids(batch.all));
    expect(delivered).toEqual([]);
    expect(doctor.metrics.get('StoreErrors')).toBe(2);
  });

  it('an outage between publishing and recording the alert: its messages fail, and the redelivery does not alert again', async () => {
    const tableName = await newTable();
    const clock = new TestClock();
    const doctor = container(tableName, clock);
    const batch = twoIncidents();
    const fault = injectDynamoFault(doctor.client, new InternalServerError({ $metadata: {}, message: 'Internal' }));
    // completeAlert is the conditional write that marks the alert sent (and the report PutItem before it).
    fault.fail = (command, input) =>
      input.includes(batch.firstId) && (command.startsWith('Put') || input.includes('#lastAlertAt'));

    const response = await doctor.respond(sqsBatch(batch.all));

    expect(failedIds(response)).toEqual(batch.ids(batch.first));
    // Recording is tried twice before the messages go back.
    expect(fault.failed).toEqual(['PutItemCommand', 'PutItemCommand']);
    expect(incidentsAlerted('new')).toEqual([batch.firstId, batch.secondId].sort());

    fault.fail = undefined;
    clock.advance(30);
    const retried = await doctor.respond(sqsBatch(redelivered(batch.all)));

    expect(retried.batchItemFailures).toEqual([]);
    expect(delivered).toHaveLength(2);
  });

  it('a failed report read for a digest fails the digest messages, and the digest goes out once when they come back', async () => {
    const tableName = await newTable();
    const clock = new TestClock();
    const doctor = container(tableName, clock);
    await doctor.respond(sqsBatch(failureMessages(3, { failureReason: 'DstBucketUnversioned' })));
    clock.advance(901);
    const later = failureMessages(4, {
      failureReason: 'DstBucketUnversioned',
      keyPrefix: 'later',
      sqs: { sentTimestamp: clock.ms, firstReceiveTimestamp: clock.ms + 10 },
    });
    const fault = injectDynamoFault(
      doctor.client,
      new ProvisionedThroughputExceededException({ $metadata: {}, message: 'throttled' }),
    );
    fault.fail = (command) => command.startsWith('Get');

    const response = await doctor.respond(sqsBatch(later));

    expect(failedIds(response)).toEqual(later.map((r) => r.messageId).sort());
    expect(fault.failed).toEqual(['GetItemCommand']);
    expect(alertsOf('digest')).toEqual([]);

    fault.fail = undefined;
    await doctor.respond(sqsBatch(redelivered(later)));
    await doctor.respond(sqsBatch(redelivered(redelivered(later))));

    expect(alertsOf('new')).toHaveLength(1);
    expect(alertsOf('digest')).toHaveLength(1);
  });
});
