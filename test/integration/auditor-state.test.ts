import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_STATE_KEY, DynamoDbAuditStateStore } from '../../lambdas/adapters/audit-state.js';
import { auditStateOf } from '../../lambdas/core/audit/state.js';
import type { AuditFinding } from '../../lambdas/core/audit/types.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';

/** The audit state item on a real DynamoDB API (dynalite). */

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('audit-state');
});

afterAll(async () => {
  await dynamo.stop();
});

function finding(i: number): AuditFinding {
  return {
    id: `bucket-${i}:rule:metrics-disabled`,
    bucket: `bucket-${i}`,
    ruleId: 'rule',
    kind: 'metrics-disabled',
    severity: i % 3 === 0 ? 'critical' : 'warning',
    category: 'configuration',
    title: 'Replication metrics are off: failures are never reported',
    detail: 'd'.repeat(2000),
    fix: ['f'.repeat(2000)],
  };
}

describe('DynamoDbAuditStateStore', () => {
  it('loads nothing before the first save, then what was saved, with a TTL', async () => {
    const store = new DynamoDbAuditStateStore({
      client: dynamo.doc,
      tableName: 'audit-state',
      now: () => Date.parse('2026-01-05T10:00:00Z'),
    });
    expect(await store.load()).toBeUndefined();
    const state = auditStateOf([finding(1), finding(2)], '2026-01-05T10:00:00.000Z');

    await store.save(state);

    expect(await store.load()).toEqual(state);
    const { Item } = await dynamo.doc.send(new GetCommand({ TableName: 'audit-state', Key: { ...AUDIT_STATE_KEY } }));
    expect(Item?.ttl).toBe(Date.parse('2026-01-05T10:00:00Z') / 1000 + 90 * 86_400);
    expect(Item?.entity).toBe('audit');
  });

  it('saves thousands of findings in one item under the 400 KB limit', async () => {
    const store = new DynamoDbAuditStateStore({ client: dynamo.doc, tableName: 'audit-state' });
    const state = auditStateOf(
      Array.from({ length: 5000 }, (_, i) => finding(i)),
      '2026-01-05T10:00:00.000Z',
    );
    expect(state.truncated).toBe(true);

    await store.save(state);

    expect((await store.load())?.findings).toHaveLength(state.findings.length);
  });

  it('throws a StoreError naming the operation when the table does not exist', async () => {
    const store = new DynamoDbAuditStateStore({ client: dynamo.doc, tableName: 'no-such-table' });
    await expect(store.load()).rejects.toMatchObject({ name: 'StoreError', operation: 'loadAuditState' });
    await expect(store.save(auditStateOf([], 'x'))).rejects.toMatchObject({ operation: 'saveAuditState' });
  });
});
