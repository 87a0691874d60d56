import { describe, expect, it } from 'vitest';
import { catalogDiagnoser } from '../../lambdas/core/diagnose.js';
import { type IncidentGroup, type IncidentKey, incidentId, type ObjectSample } from '../../lambdas/core/incident.js';
import { type IncidentStore, MAX_STORED_SAMPLES, type StoreOptions } from '../../lambdas/core/store.js';

/**
 * The incident store contract, run against every adapter (memory in unit tests, DynamoDB on dynalite in
 * integration tests), so both follow one protocol.
 */

export const T0 = Date.parse('2024-09-05T21:05:00.000Z');
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);

export function makeGroup(
  options: {
    readonly count?: number;
    readonly reason?: string;
    readonly sourceBucket?: string;
    readonly firstSeen?: string;
    readonly lastSeen?: string;
    readonly keyPrefix?: string;
  } = {},
): IncidentGroup<string> {
  const reason = options.reason ?? 'AssumeRoleNotPermitted';
  const key: IncidentKey = {
    sourceBucket: options.sourceBucket ?? 'amzn-s3-demo-bucket1',
    ruleId: 'notification-test-replication-rule',
    destinationBucket: 'amzn-s3-demo-bucket2',
    canonicalReason: reason,
  };
  const count = options.count ?? 3;
  const firstSeen = options.firstSeen ?? '2024-09-05T21:04:32.527Z';
  const lastSeen = options.lastSeen ?? firstSeen;
  const samples: ObjectSample[] = Array.from({ length: Math.min(count, 10) }, (_, i) => ({
    key: `${options.keyPrefix ?? 'data/object'}-${i + 1}.bin`,
    versionId: `v${i + 1}`,
    eventTime: lastSeen,
  }));
  return {
    incidentId: incidentId(key),
    key,
    failureReason: reason,
    awsRegion: 'us-east-1',
    sourceAccount: '111122223333',
    objectCount: count,
    firstSeen,
    lastSeen,
    samples,
    refs: Array.from({ length: count }, (_, i) => `m-${i + 1}`),
  };
}

export function describeStoreContract(
  name: string,
  makeStore: (options: StoreOptions) => Promise<IncidentStore> | IncidentStore,
): void {
  const lease = { claimLeaseSeconds: 60, ttlSeconds: 30 * 86_400 };

  describe(`${name} (incident store contract)`, () => {
    it('creates an incident on its first write and hands that writer the new-alert claim', async () => {
      const store = await makeStore(lease);
      const group = makeGroup({ count: 3 });

      const first = await store.recordFailures(group, at(0));

      expect(first.created).toBe(true);
      expect(first.claim).toMatchObject({ incidentId: group.incidentId, type: 'new', until: T0 + 60_000 });
      expect(first.claim?.state.objectCount).toBe(3);
      expect(first.state).toMatchObject({
        incidentId: group.incidentId,
        sourceBucket: 'amzn-s3-demo-bucket1',
        destinationBucket: 'amzn-s3-demo-bucket2',
        ruleId: 'notification-test-replication-rule',
        canonicalReason: 'AssumeRoleNotPermitted',
        failureReason: 'AssumeRoleNotPermitted',
        sourceAccount: '111122223333',
        status: 'open',
        objectCount: 3,
        alertState: 'claimed',
        countAtLastAlert: 0,
        alertsSent: 0,
        ttl: Math.floor(T0 / 1000) + 30 * 86_400,
      });
      expect(first.state.firstSamples.map((s) => s.key)).toEqual(group.samples.map((s) => s.key));
    });

    it('later writes only count: no claim, first seen and first samples kept, recent samples replaced', async () => {
      const store = await makeStore(lease);
      await store.recordFailures(makeGroup({ count: 3 }), at(0));

      const later = makeGroup({ count: 4, keyPrefix: 'later/obj', firstSeen: '2024-09-05T21:06:00.000Z' });
      const second = await store.recordFailures(later, at(30));

      expect(second.created).toBe(false);
      expect(second.claim).toBeUndefined();
      expect(second.state.objectCount).toBe(7);
      expect(second.state.firstSeen).toBe('2024-09-05T21:04:32.527Z');
      expect(second.state.lastSeen).toBe('2024-09-05T21:06:00.000Z');
      expect(second.state.firstSamples[0]?.key).toBe('data/object-1.bin');
      expect(second.state.recentSamples.map((s) => s.key)).toEqual(later.samples.map((s) => s.key));
      expect(second.state.ttl).toBe(Math.floor(T0 / 1000) + 30 + 30 * 86_400);
    });

    it('gives exactly one of two racing first writers the new-alert claim', async () => {
      const store = await makeStore(lease);
      const results = await Promise.all([
        store.recordFailures(makeGroup({ count: 2 }), at(0)),
        store.recordFailures(makeGroup({ count: 5 }), at(0)),
      ]);

      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results.filter((r) => r.claim !== undefined)).toHaveLength(1);
      const state = await store.getIncident(makeGroup().incidentId);
      expect(state?.state.objectCount).toBe(7);
    });

    it('keeps a held claim until its lease expires, then lets another invocation take it over', async () => {
      const store = await makeStore(lease);
      const group = makeGroup();
      const crashed = await store.recordFailures(group, at(0));
      expect(crashed.claim).toBeDefined();

      expect(await store.claimAlert({ incidentId: group.incidentId, type: 'new', now: at(59) })).toBeUndefined();
      const takeover = await store.claimAlert({ incidentId: group.incidentId, type: 'new', now: at(61) });

      expect(takeover).toMatchObject({ type: 'new', until: T0 + 121_000 });
      expect(takeover?.token).not.toBe(crashed.claim?.token);
      // The crashed claimer cannot record over the new owner.
      if (crashed.claim) expect(await store.completeAlert(crashed.claim, at(62))).toBe(false);
      if (takeover) expect(await store.completeAlert(takeover, at(62))).toBe(true);
    });

    it('records a published alert with its report and stops further new-alert claims', async () => {
      const store = await makeStore(lease);
      const group = makeGroup({ count: 3 });
      const { claim } = await store.recordFailures(group, at(0));
      if (!claim) throw new Error('no claim');
      const report = await catalogDiagnoser()(group);

      expect(await store.completeAlert(claim, at(1), report)).toBe(true);

      const stored = await store.getIncident(group.incidentId);
      expect(stored?.state).toMatchObject({
        alertState: 'sent',
        lastAlertAt: at(1).toISOString(),
        lastAlertType: 'new',
        countAtLastAlert: 3,
        alertsSent: 1,
        severity: report.severity,
        category: report.category,
        title: report.title,
      });
      expect(stored?.report).toEqual(report);
      expect(await store.getReport(group.incidentId)).toEqual(report);
      expect(await store.claimAlert({ incidentId: group.incidentId, type: 'new', now: at(500) })).toBeUndefined();
    });

    it('gives a released new-alert claim back at once', async () => {
      const store = await makeStore(lease);
      const group = makeGroup();
      const { claim } = await store.recordFailures(group, at(0));
      if (!claim) throw new Error('no claim');

      await store.releaseAlert(claim);

      expect((await store.getIncident(group.incidentId))?.state.alertState).toBe('pending');
      const retry = await store.claimAlert({ incidentId: group.incidentId, type: 'new', now: at(1) });
      expect(retry?.type).toBe('new');
    });

    it('allows one digest per window, only with objects not yet reported, to one of two racing claimers', async () => {
      const store = await makeStore(lease);
      const group = makeGroup({ count: 3 });
      const { claim } = await store.recordFailures(group, at(0));
      if (!claim) throw new Error('no claim');
      await store.completeAlert(claim, at(1));
      const window = (now: Date) => ({
        incidentId: group.incidentId,
        type: 'digest' as const,
        now,
        lastAlertNotAfter: new Date(now.getTime() - 900_000),
      });

      // Window closed but nothing new: no digest.
      expect(await store.claimAlert(window(at(1000)))).toBeUndefined();
      await store.recordFailures(makeGroup({ count: 4, keyPrefix: 'more/obj' }), at(100));
      // New objects but window open: no digest.
      expect(await store.claimAlert(window(at(800)))).toBeUndefined();

      const racing = await Promise.all([store.claimAlert(window(at(1000))), store.claimAlert(window(at(1000)))]);
      const winners = racing.filter((c) => c !== undefined);
      expect(winners).toHaveLength(1);
      const digest = winners[0];
      expect(digest?.type).toBe('digest');
      expect(digest?.state.objectCount).toBe(7);
      expect(digest?.state.countAtLastAlert).toBe(3);
      expect(digest?.state.lastAlertAt).toBe(at(1).toISOString());
      expect(digest?.state.recentSamples[0]?.key).toBe('more/obj-1.bin');

      // Objects counted while the digest is out are reported by the next one.
      await store.recordFailures(makeGroup({ count: 2 }), at(1001));
      if (digest) expect(await store.completeAlert(digest, at(1002))).toBe(true);
      const after = await store.getIncident(group.incidentId);
      expect(after?.state).toMatchObject({
        countAtLastAlert: 7,
        objectCount: 9,
        alertsSent: 2,
        lastAlertType: 'digest',
      });
      expect(await store.claimAlert(window(at(1500)))).toBeUndefined();
      expect((await store.claimAlert(window(at(1903))))?.state.objectCount).toBe(9);
    });

    it('returns a released digest claim to "sent" so the next event after the window can claim it again', async () => {
      const store = await makeStore(lease);
      const group = makeGroup({ count: 1 });
      const { claim } = await store.recordFailures(group, at(0));
      if (!claim) throw new Error('no claim');
      await store.completeAlert(claim, at(0));
      await store.recordFailures(group, at(10));
      const request = {
        incidentId: group.incidentId,
        type: 'digest' as const,
        now: at(1000),
        lastAlertNotAfter: at(100),
      };
      const digest = await store.claimAlert(request);
      if (!digest) throw new Error('no digest claim');

      await store.releaseAlert(digest);

      expect((await store.getIncident(group.incidentId))?.state.alertState).toBe('sent');
      expect(await store.claimAlert(request)).toBeDefined();
    });

    it('keeps at most MAX_STORED_SAMPLES samples', async () => {
      const store = await makeStore(lease);
      const base = makeGroup({ count: 30 });
      const samples = Array.from({ length: 30 }, (_, i) => ({
        key: `k-${i}`,
        eventTime: new Date(T0 + i * 1000).toISOString(),
      }));
      const result = await store.recordFailures({ ...base, samples }, at(0));

      expect(result.state.firstSamples).toHaveLength(MAX_STORED_SAMPLES);
      expect(result.state.recentSamples.map((s) => s.key)).toContain('k-29');
    });

    it('lists incidents most recently seen first, filtered by status and limited', async () => {
      const store = await makeStore(lease);
      await store.recordFailures(
        makeGroup({ sourceBucket: 'bucket-old', lastSeen: '2024-09-01T00:00:00.000Z' }),
        at(0),
      );
      await store.recordFailures(
        makeGroup({ sourceBucket: 'bucket-new', lastSeen: '2024-09-05T00:00:00.000Z' }),
        at(0),
      );
      await store.recordFailures(
        makeGroup({ sourceBucket: 'bucket-mid', lastSeen: '2024-09-03T00:00:00.000Z' }),
        at(0),
      );
      await store.claimLatencyAlert(
        { sourceBucket: 'bucket-old', ruleId: 'r', destinationBucket: 'amzn-s3-demo-bucket2' },
        at(0),
        900,
      );

      const all = await store.listIncidents({ limit: 10 });
      const open = await store.listIncidents({ status: 'open', limit: 2 });
      const resolved = await store.listIncidents({ status: 'resolved', limit: 10 });

      expect(all.map((s) => s.sourceBucket)).toEqual(['bucket-new', 'bucket-mid', 'bucket-old']);
      expect(open.map((s) => s.sourceBucket)).toEqual(['bucket-new', 'bucket-mid']);
      expect(resolved).toEqual([]);
      expect(await store.getIncident('inc-0000000000000000')).toBeUndefined();
    });

    it('allows one latency alert per rule per window, and gives a released window back', async () => {
      const store = await makeStore(lease);
      const rule = {
        sourceBucket: 'amzn-s3-demo-bucket1',
        ruleId: 'rtc-rule',
        destinationBucket: 'amzn-s3-demo-bucket2',
      };

      const first = await store.claimLatencyAlert(rule, at(0), 900);
      const within = await store.claimLatencyAlert(rule, at(899), 900);
      const other = await store.claimLatencyAlert({ ...rule, ruleId: 'other-rule' }, at(1), 900);
      const next = await store.claimLatencyAlert(rule, at(900), 900);

      expect(first).toBeDefined();
      expect(within).toBeUndefined();
      expect(other).toBeDefined();
      expect(next).toBeDefined();
      if (next) await store.releaseLatencyAlert(next);
      expect(await store.claimLatencyAlert(rule, at(901), 900)).toBeDefined();
    });

    it('counts latency signals over the window and reports them all with the next alert, then starts over', async () => {
      const store = await makeStore(lease);
      const rule = {
        sourceBucket: 'amzn-s3-demo-bucket1',
        ruleId: 'rtc-rule',
        destinationBucket: 'amzn-s3-demo-bucket2',
      };

      const first = await store.claimLatencyAlert({ ...rule, missedThreshold: 2, notTracked: 1 }, at(0), 900);
      expect(await store.claimLatencyAlert({ ...rule, missedThreshold: 3 }, at(100), 900)).toBeUndefined();
      expect(await store.claimLatencyAlert({ ...rule, replicatedAfterThreshold: 4 }, at(200), 900)).toBeUndefined();
      const second = await store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(900), 900);
      const third = await store.claimLatencyAlert({ ...rule, missedThreshold: 5 }, at(1800), 900);

      expect(first?.counts).toEqual({ missedThreshold: 2, replicatedAfterThreshold: 0, notTracked: 1 });
      expect(first?.since).toBeUndefined();
      expect(second?.counts).toEqual({ missedThreshold: 4, replicatedAfterThreshold: 4, notTracked: 0 });
      expect(second?.since).toBe(at(0).toISOString());
      expect(third?.counts).toEqual({ missedThreshold: 5, replicatedAfterThreshold: 0, notTracked: 0 });
      expect(third?.since).toBe(at(900).toISOString());
    });

    it('puts the counts of a released latency window back for the next alert', async () => {
      const store = await makeStore(lease);
      const rule = {
        sourceBucket: 'amzn-s3-demo-bucket1',
        ruleId: 'rtc-rule',
        destinationBucket: 'amzn-s3-demo-bucket2',
      };
      const first = await store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(0), 900);
      if (first) await store.releaseLatencyAlert(first);
      const failed = await store.claimLatencyAlert({ ...rule, missedThreshold: 2 }, at(1000), 900);
      if (!failed) throw new Error('no claim');

      await store.releaseLatencyAlert(failed);
      const retry = await store.claimLatencyAlert({ ...rule, missedThreshold: 1 }, at(1010), 900);

      expect(failed.counts.missedThreshold).toBe(3);
      expect(retry?.counts.missedThreshold).toBe(4);
      expect(retry?.since).toBeUndefined();
    });

    describe('resolution and re-opening', () => {
      async function alerted(store: IncidentStore, options: Parameters<typeof makeGroup>[0] = {}) {
        const group = makeGroup(options);
        const { claim } = await store.recordFailures(group, at(0));
        if (!claim) throw new Error('no claim');
        await store.completeAlert(claim, at(1), await catalogDiagnoser()(group));
        const state = (await store.getIncident(group.incidentId))?.state;
        if (!state) throw new Error('no incident');
        return { group, state };
      }

      it('resolves an unchanged open incident and lists it as resolved', async () => {
        const store = await makeStore(lease);
        const { group, state } = await alerted(store);

        const resolved = await store.markResolved(group.incidentId, at(4000), state);

        expect(resolved).toMatchObject({
          status: 'resolved',
          resolvedAt: at(4000).toISOString(),
          objectCount: 3,
          alertState: 'sent',
          lastAlertType: 'new',
          alertsSent: 1,
        });
        expect((await store.listIncidents({ status: 'resolved', limit: 5 })).map((s) => s.incidentId)).toEqual([
          group.incidentId,
        ]);
        expect(await store.listIncidents({ status: 'open', limit: 5 })).toEqual([]);
        expect(await store.markResolved(group.incidentId, at(4001), state)).toBeUndefined();
      });

      it('does not resolve an incident that got a new failure after it was read', async () => {
        const store = await makeStore(lease);
        const { group, state } = await alerted(store);
        await store.recordFailures(makeGroup({ count: 1, lastSeen: group.lastSeen }), at(3000));

        expect(await store.markResolved(group.incidentId, at(4000), state)).toBeUndefined();
        expect((await store.getIncident(group.incidentId))?.state.status).toBe('open');
      });

      it('does not resolve while an alert claim is live, nor an incident whose new alert was never recorded', async () => {
        const store = await makeStore(lease);
        const { group } = await alerted(store);
        await store.recordFailures(makeGroup({ count: 2 }), at(10));
        const digest = await store.claimAlert({
          incidentId: group.incidentId,
          type: 'digest',
          now: at(1000),
          lastAlertNotAfter: at(100),
        });
        const claimed = (await store.getIncident(group.incidentId))?.state;
        if (!digest || !claimed) throw new Error('no digest claim');
        const never = makeGroup({ sourceBucket: 'never-alerted' });
        const pending = (await store.recordFailures(never, at(0))).state;

        expect(await store.markResolved(group.incidentId, at(1030), claimed)).toBeUndefined();
        expect(await store.markResolved(never.incidentId, at(5000), pending)).toBeUndefined();
        // Once the lease is over, the claim ends with the resolution and cannot be completed on it.
        expect((await store.markResolved(group.incidentId, at(1061), claimed))?.status).toBe('resolved');
        expect(await store.completeAlert(digest, at(1062))).toBe(false);
        expect(await store.markResolved('inc-0000000000000000', at(1), claimed)).toBeUndefined();
      });

      it('re-opens a resolved incident on its next failure as a new episode whose writer holds the new-alert claim', async () => {
        const store = await makeStore(lease);
        const { group, state } = await alerted(store);
        await store.markResolved(group.incidentId, at(4000), state);
        const later = makeGroup({ count: 2, keyPrefix: 'again/obj', firstSeen: '2024-09-05T23:00:00.000Z' });

        const reopened = await store.recordFailures(later, at(5000));

        expect(reopened).toMatchObject({ created: false, reopened: true });
        expect(reopened.claim).toMatchObject({ type: 'new', incidentId: group.incidentId });
        expect(reopened.claim?.state).toMatchObject({ objectCount: 2, countAtLastAlert: 0 });
        expect(reopened.claim?.state.lastAlertAt).toBeUndefined();
        expect(reopened.state).toMatchObject({
          status: 'open',
          objectCount: 2,
          firstSeen: '2024-09-05T23:00:00.000Z',
          lastSeen: '2024-09-05T23:00:00.000Z',
          alertState: 'claimed',
          alertsSent: 1,
          reopenCount: 1,
          reopenedAt: at(5000).toISOString(),
          createdAt: at(0).toISOString(),
        });
        expect(reopened.state.resolvedAt).toBeUndefined();
        expect(reopened.state.firstSamples[0]?.key).toBe('again/obj-1.bin');
        // The re-opened episode alerts like a new incident: new first, then digests.
        const claim = reopened.claim;
        if (!claim) throw new Error('no claim');
        expect(await store.claimAlert({ incidentId: group.incidentId, type: 'new', now: at(5001) })).toBeUndefined();
        expect(await store.completeAlert(claim, at(5002), await catalogDiagnoser()(later))).toBe(true);
        const after = (await store.getIncident(group.incidentId))?.state;
        expect(after).toMatchObject({ alertsSent: 2, countAtLastAlert: 2, lastAlertType: 'new' });
        expect((await store.recordFailures(makeGroup({ count: 1 }), at(5003))).claim).toBeUndefined();
      });

      it('gives exactly one of two racing writers on a resolved incident the re-opened new-alert claim', async () => {
        const store = await makeStore(lease);
        const { group, state } = await alerted(store);
        await store.markResolved(group.incidentId, at(4000), state);

        const results = await Promise.all([
          store.recordFailures(makeGroup({ count: 2 }), at(5000)),
          store.recordFailures(makeGroup({ count: 5 }), at(5000)),
        ]);

        expect(results.filter((r) => r.reopened)).toHaveLength(1);
        expect(results.filter((r) => r.claim !== undefined)).toHaveLength(1);
        expect((await store.getIncident(group.incidentId))?.state).toMatchObject({ status: 'open', objectCount: 7 });
      });

      it('claims no alert on a resolved incident, even with objects not reported yet', async () => {
        const store = await makeStore(lease);
        const { group } = await alerted(store);
        const { state } = await store.recordFailures(makeGroup({ count: 2 }), at(10));
        const resolved = await store.markResolved(group.incidentId, at(4000), state);
        expect(resolved).toMatchObject({ objectCount: 5, countAtLastAlert: 3 });

        expect(
          await store.claimAlert({
            incidentId: group.incidentId,
            type: 'digest',
            now: at(9000),
            lastAlertNotAfter: at(8000),
          }),
        ).toBeUndefined();
        expect(await store.claimAlert({ incidentId: group.incidentId, type: 'new', now: at(9000) })).toBeUndefined();
      });
    });
  });
}
