import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SnapshotFactsReader } from '../../../lambdas/adapters/snapshot-facts-reader.js';
import { implementedCheckIds, runChecks } from '../../../lambdas/checks/registry.js';
import type { CheckSubject } from '../../../lambdas/checks/types.js';
import { DST, KEY, RULE_ID, SRC, VERSION } from '../../fixtures/facts/estate.js';

const SAVED = fileURLToPath(new URL('../../fixtures/facts/same-account-ok.json', import.meta.url));
const subject: CheckSubject = {
  sourceBucket: SRC,
  destinationBucket: DST,
  ruleId: RULE_ID,
  key: KEY,
  versionId: VERSION,
  sourceRegion: 'us-east-1',
};

describe('SnapshotFactsReader', () => {
  it('replays a saved snapshot: every check decides as it did live', async () => {
    const results = await runChecks(subject, implementedCheckIds, SnapshotFactsReader.fromFile(SAVED));
    expect(results.filter((r) => r.status === 'unknown')).toEqual([]);
    expect(results.find((r) => r.id === 'role-trust')).toMatchObject({ status: 'pass' });
    expect(results.find((r) => r.id === 'destination-kms-key')).toMatchObject({ status: 'pass' });
  });

  it('reads a fact the snapshot lacks as unknown, never as pass', async () => {
    const reader = SnapshotFactsReader.fromJson('{"version":1,"buckets":{}}');
    expect(await reader.read({ kind: 'bucket', bucket: SRC, fact: 'versioning', side: 'source' })).toEqual({
      state: 'unknown',
      reason: 'not in the saved facts snapshot',
    });
    const [result] = await runChecks(subject, ['source-versioning'], reader);
    expect(result?.status).toBe('unknown');
  });

  it('rejects a malformed snapshot', () => {
    expect(() => SnapshotFactsReader.fromJson('{"version":9}')).toThrow('unsupported version 9');
  });
});
