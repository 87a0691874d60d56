import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundReportSize, DynamoDbIncidentStore, MAX_REPORT_BYTES } from '../../lambdas/adapters/dynamodb-store.js';
import { catalogDiagnoser } from '../../lambdas/core/diagnose.js';
import { StoreError } from '../../lambdas/core/store.js';
import { countOperations, type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { at, describeStoreContract, makeGroup, T0 } from '../helpers/store-contract.js';

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

async function freshStore(options: { claimLeaseSeconds?: number; ttlSeconds?: number } = {}) {
  tables += 1;
  const tableName = `incidents-${tables}`;
  await dynamo.createTable(tableName);
  return { tableName, store: new DynamoDbIncidentStore({ client: dynamo.doc, tableName, ...options }) };
}

describeStoreContract('DynamoDbIncidentStore on dynalite', async (options) => (await freshStore(options)).store);

describe('DynamoDbIncidentStore items', () => {
  it('writes the state item under pk INCIDENT#<id>, sk STATE, with ttl 30 days after the write in epoch seconds', async () => {
    const { store, tableName } = await freshStore();
    const group = makeGroup();

    await store.recordFailures(group, at(0));

    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: tableName, Key: { pk: `INCIDENT#${group.incidentId}`, sk: 'STATE' } }),
    );
    expect(Item?.ttl).toBe(Math.floor(T0 / 1000) + 30 * 24 * 60 * 60);
    expect(Item).toMatchObject({ entity: 'incident', objectCount: 3, alertState: 'claimed', status: 'open' });
  });

  it('costs one UpdateItem per incident per batch while counting, and two more writes per alert', async () => {
    const { store } = await freshStore();
    const ops = countOperations(dynamo.client);
    const group = makeGroup({ count: 10 });

    const created = await store.recordFailures(group, at(0));
    expect(ops.calls).toEqual(['UpdateItemCommand']);
    if (!created.claim) throw new Error('no claim');
    ops.reset();
    await store.completeAlert(created.claim, at(1), await catalogDiagnoser()(group));
    expect(ops.calls).toEqual(['PutItemCommand', 'UpdateItemCommand']);

    ops.reset();
    for (let batch = 0; batch < 5; batch += 1) await store.recordFailures(group, at(10 + batch));
    expect(ops.calls).toEqual(Array(5).fill('UpdateItemCommand'));
    ops.reset();
  });

  it('stores a bounded report and reads it back', async () => {
    const { store } = await freshStore();
    const group = makeGroup();
    const report = await catalogDiagnoser()(group);
    const huge = {
      ...report,
      remediation: Array.from({ length: 200 }, (_, i) => `step ${i} ${'x'.repeat(5_000)}`),
      samples: Array.from({ length: 100 }, (_, i) => ({
        key: `k${i}${'y'.repeat(1_000)}`,
        eventTime: report.firstSeen,
      })),
      sampleKeys: Array.from({ length: 100 }, (_, i) => `k${i}${'y'.repeat(1_000)}`),
    };
    const { claim } = await store.recordFailures(group, at(0));
    if (!claim) throw new Error('no claim');

    await store.completeAlert(claim, at(1), huge);

    const stored = await store.getReport(group.incidentId);
    expect(Buffer.byteLength(JSON.stringify(stored), 'utf8')).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    expect(stored?.incidentId).toBe(group.incidentId);
    expect(stored?.samples.length).toBeLessThanOrEqual(20);
  });

  it('boundReportSize gets any report under the cap, however large its checks and texts', async () => {
    const report = await catalogDiagnoser()(makeGroup());
    const big = 'z'.repeat(20_000);
    const extreme = {
      ...report,
      title: big,
      summary: big,
      meaning: big,
      likelyCauses: Array.from({ length: 50 }, () => big),
      docs: Array.from({ length: 50 }, () => big),
      checks: Array.from({ length: 60 }, () => ({
        id: 'role-trust' as const,
        status: 'fail' as const,
        summary: big,
        evidence: Array.from({ length: 20 }, () => ({ source: 'IAM', value: big })),
      })),
      verdict: { ...report.verdict, headline: big, unchecked: Array.from({ length: 50 }, () => big) },
    };

    const bounded = boundReportSize(extreme);

    expect(Buffer.byteLength(JSON.stringify(bounded), 'utf8')).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    expect(bounded.incidentId).toBe(report.incidentId);
    expect(bounded.checks[0]).toMatchObject({ id: 'role-trust', status: 'fail' });
  });

  it('boundReportSize leaves a normal report unchanged', async () => {
    const report = await catalogDiagnoser()(makeGroup());
    expect(boundReportSize(report)).toEqual(report);
  });

  it('maps DynamoDB errors other than a failed condition to StoreError with the AWS error name', async () => {
    const store = new DynamoDbIncidentStore({ client: dynamo.doc, tableName: 'no-such-table' });

    const failure = await store.recordFailures(makeGroup(), at(0)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ operation: 'recordFailures', awsErrorName: 'ResourceNotFoundException' });
  });
});

describe('DynamoDbIncidentStore resolution and latency writes', () => {
  it('still costs one UpdateItem per batch on an open incident, one to resolve, and two to re-open', async () => {
    const { store } = await freshStore();
    const group = makeGroup();
    const created = await store.recordFailures(group, at(0));
    if (!created.claim) throw new Error('no claim');
    await store.completeAlert(created.claim, at(1), await catalogDiagnoser()(group));
    const ops = countOperations(dynamo.client);

    const counted = await store.recordFailures(group, at(10));
    expect(ops.calls).toEqual(['UpdateItemCommand']);
    ops.reset();
    expect(await store.markResolved(group.incidentId, at(5000), counted.state)).toBeDefined();
    expect(ops.calls).toEqual(['UpdateItemCommand']);
    ops.reset();
    const reopened = await store.recordFailures(group, at(6000));
    expect(ops.calls).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    ops.reset();

    expect(reopened.reopened).toBe(true);
    // The stored report of the first episode stays until the re-opened episode's new alert replaces it.
    expect((await store.getReport(group.incidentId))?.incidentId).toBe(group.incidentId);
  });

  it('keeps the resolution on the state item: status, resolvedAt, no live claim', async () => {
    const { store, tableName } = await freshStore();
    const group = makeGroup();
    const { claim } = await store.recordFailures(group, at(0));
    if (!claim) throw new Error('no claim');
    await store.completeAlert(claim, at(1));
    const state = (await store.getIncident(group.incidentId))?.state;
    if (!state) throw new Error('no state');

    await store.markResolved(group.incidentId, at(4000), state);

    const { Item } = await dynamo.doc.send(
      new GetCommand({ TableName: tableName, Key: { pk: `INCIDENT#${group.incidentId}`, sk: 'STATE' } }),
    );
    expect(Item).toMatchObject({
      status: 'resolved',
      resolvedAt: at(4000).toISOString(),
      alertState: 'sent',
      claimUntil: 0,
      lastRecordedAt: at(0).toISOString(),
    });
  });

  it('writes once per batch inside a latency window and twice when it claims the alert', async () => {
    const { store } = await freshStore();
    const rule = { sourceBucket: 'amzn-s3-demo-bucket1', ruleId: 'rtc', destinationBucket: 'amzn-s3-demo-bucket2' };
    const ops = countOperations(dynamo.client);

    await store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(0), 900);
    expect(ops.calls).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    ops.reset();
    await store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(10), 900);
    expect(ops.calls).toEqual(['UpdateItemCommand']);
    ops.reset();
  });

  it('lets two containers racing for a latency window report each signal exactly once', async () => {
    const { store } = await freshStore();
    const rule = { sourceBucket: 'amzn-s3-demo-bucket1', ruleId: 'rtc', destinationBucket: 'amzn-s3-demo-bucket2' };

    const claims = await Promise.all(
      Array.from({ length: 6 }, () => store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(0), 900)),
    );
    const later = await store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(900), 900);

    const reported = [...claims, later].reduce((sum, claim) => sum + (claim?.counts.missedThreshold ?? 0), 0);
    expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    expect(reported).toBe(7);
  });
});
