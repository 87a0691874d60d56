import { describe, expect, it } from 'vitest';
import type { ReplicationEvent } from '../../../lambdas/core/event.js';
import { groupFailures, groupLatencySignals, incidentId } from '../../../lambdas/core/incident.js';

function failure(overrides: Partial<ReplicationEvent> = {}): ReplicationEvent {
  return {
    type: 'OperationFailedReplication',
    eventVersion: '2.2',
    eventTime: '2024-09-05T21:04:32.527Z',
    awsRegion: 'us-east-1',
    sourceBucket: 'src-bucket',
    key: 'a.txt',
    versionId: 'v1',
    sequencer: '01',
    ruleId: 'rule-1',
    destinationBucket: 'dst-bucket',
    destinationBucketArn: 'arn:aws:s3:::dst-bucket',
    failureReason: 'DstPutObjectNotPermitted',
    ...overrides,
  };
}

describe('incidentId', () => {
  it('is stable for the same key and differs for any other field', () => {
    const key = { sourceBucket: 's', ruleId: 'r', destinationBucket: 'd', canonicalReason: 'X' };
    expect(incidentId(key)).toBe(incidentId({ ...key }));
    expect(incidentId(key)).toMatch(/^inc-[0-9a-f]{16}$/);
    for (const field of ['sourceBucket', 'ruleId', 'destinationBucket', 'canonicalReason'] as const) {
      expect(incidentId({ ...key, [field]: 'other' })).not.toBe(incidentId(key));
    }
  });

  it('does not confuse fields that concatenate alike', () => {
    expect(incidentId({ sourceBucket: 'ab', ruleId: 'c', destinationBucket: 'd', canonicalReason: 'X' })).not.toBe(
      incidentId({ sourceBucket: 'a', ruleId: 'bc', destinationBucket: 'd', canonicalReason: 'X' }),
    );
  });
});

describe('groupFailures', () => {
  it('groups by source, rule, destination and canonical reason; former spellings join the current code', () => {
    const groups = groupFailures([
      { event: failure({ key: 'a', sequencer: '01' }), ref: 'm1' },
      { event: failure({ key: 'b', sequencer: '02', failureReason: 'DstPutObjNotPermitted' }), ref: 'm2' },
      { event: failure({ key: 'c', sequencer: '03', ruleId: 'rule-2' }), ref: 'm3' },
      { event: failure({ key: 'd', sequencer: '04', failureReason: 'DstBucketUnversioned' }), ref: 'm4' },
    ]);
    expect(groups.map((g) => [g.key.ruleId, g.key.canonicalReason, g.objectCount, g.refs])).toEqual([
      ['rule-1', 'DstPutObjectNotPermitted', 2, ['m1', 'm2']],
      ['rule-2', 'DstPutObjectNotPermitted', 1, ['m3']],
      ['rule-1', 'DstBucketUnversioned', 1, ['m4']],
    ]);
    expect(groups[0]?.failureReason).toBe('DstPutObjectNotPermitted');
  });

  it('tracks first and last seen whatever the arrival order', () => {
    const [group] = groupFailures([
      { event: failure({ key: 'b', sequencer: '02', eventTime: '2024-09-05T21:10:00.000Z' }), ref: 1 },
      { event: failure({ key: 'a', sequencer: '01', eventTime: '2024-09-05T21:00:00.000Z' }), ref: 2 },
      { event: failure({ key: 'c', sequencer: '03', eventTime: '2024-09-05T21:05:00.000Z' }), ref: 3 },
    ]);
    expect(group).toMatchObject({ firstSeen: '2024-09-05T21:00:00.000Z', lastSeen: '2024-09-05T21:10:00.000Z' });
  });

  it('counts a repeated record once but keeps every message reference', () => {
    const [group] = groupFailures([
      { event: failure(), ref: 'm1' },
      { event: failure(), ref: 'm2' },
    ]);
    expect(group?.objectCount).toBe(1);
    expect(group?.refs).toEqual(['m1', 'm2']);
  });

  it('bounds the sample of failed objects', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({
      event: failure({ key: `k${i}`, sequencer: `${i}` }),
      ref: i,
    }));
    const [group] = groupFailures(items, 5);
    expect(group?.objectCount).toBe(50);
    expect(group?.samples.map((s) => s.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
  });

  it('ignores events that are not failures', () => {
    expect(groupFailures([{ event: failure({ type: 'OperationMissedThreshold' }), ref: 1 }])).toEqual([]);
  });
});

describe('groupLatencySignals', () => {
  it('counts threshold and not-tracked events per rule', () => {
    const signals = groupLatencySignals([
      { event: failure({ type: 'OperationMissedThreshold', key: 'a' }), ref: 1 },
      { event: failure({ type: 'OperationMissedThreshold', key: 'b' }), ref: 2 },
      { event: failure({ type: 'OperationReplicatedAfterThreshold', key: 'a' }), ref: 3 },
      { event: failure({ type: 'OperationNotTracked', key: 'c', ruleId: 'rule-2' }), ref: 4 },
      { event: failure(), ref: 5 },
    ]);
    expect(signals).toEqual([
      expect.objectContaining({
        ruleId: 'rule-1',
        missedThreshold: 2,
        replicatedAfterThreshold: 1,
        notTracked: 0,
        sampleKeys: ['a', 'b'],
        refs: [1, 2, 3],
      }),
      expect.objectContaining({ ruleId: 'rule-2', missedThreshold: 0, notTracked: 1, refs: [4] }),
    ]);
  });
});
