import { describe, expect, it } from 'vitest';
import {
  ENABLED_METRICS,
  type EnableMetricsPlan,
  planEnableMetrics,
  renderEnableMetricsPlan,
} from '../../../lambdas/core/ops/enable-metrics.js';
import type { ReplicationRuleDoc } from '../../../lambdas/core/ops/replication-config.js';
import { DESTINATION, ROLE, v1Configuration, v2Configuration } from './fixtures.js';

type Change = Extract<EnableMetricsPlan, { kind: 'change' }>;

function expectChange(plan: EnableMetricsPlan): Change {
  if (plan.kind !== 'change') throw new Error(`expected a change plan, got ${plan.kind}`);
  return plan;
}

function rulesOf(plan: Change): readonly ReplicationRuleDoc[] {
  return plan.request.ReplicationConfiguration.Rules ?? [];
}

describe('planEnableMetrics on a V2 configuration', () => {
  it('turns metrics on for every rule without them and changes nothing else', () => {
    const configuration = v2Configuration();

    const plan = expectChange(planEnableMetrics('src', configuration));

    const expected = v2Configuration();
    const [logs, rtc, tagged] = expected.Rules ?? [];
    expect(plan.request).toEqual({
      Bucket: 'src',
      ReplicationConfiguration: {
        Role: ROLE,
        Rules: [
          { ...logs, Destination: { ...logs?.Destination, Metrics: ENABLED_METRICS } },
          rtc,
          { ...tagged, Destination: { ...tagged?.Destination, Metrics: ENABLED_METRICS } },
        ],
      },
    });
    expect(plan.schemaChange).toBe(false);
    expect(plan.rules).toEqual(['logs', 'tagged']);
    expect(plan.changes.map((c) => [c.ruleId, c.field, c.before])).toEqual([
      ['logs', 'Destination.Metrics', null],
      ['tagged', 'Destination.Metrics', { Status: 'Disabled' }],
    ]);
  });

  it('leaves ReplicationTime and the metrics of an S3 RTC rule as they are', () => {
    const plan = expectChange(planEnableMetrics('src', v2Configuration()));

    expect(rulesOf(plan)[1]?.Destination).toEqual({
      Bucket: DESTINATION,
      ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
      Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    });
  });

  it('does not modify the configuration it was given', () => {
    const configuration = v2Configuration();

    planEnableMetrics('src', configuration);

    expect(configuration).toEqual(v2Configuration());
  });

  it('changes only the rules named with --rule', () => {
    const plan = expectChange(planEnableMetrics('src', v2Configuration(), { rules: ['logs'] }));

    expect(plan.rules).toEqual(['logs']);
    expect(rulesOf(plan)[2]).toEqual(v2Configuration().Rules?.[2]);
    expect(rulesOf(plan)[0]?.Destination?.Metrics).toEqual({ Status: 'Enabled', EventThreshold: { Minutes: 15 } });
  });

  it('reports a --rule that does not exist with the rules that do', () => {
    const plan = planEnableMetrics('src', v2Configuration(), { rules: ['logs', 'Logs'] });

    expect(plan).toEqual({
      kind: 'unknown-rules',
      bucket: 'src',
      unknownRules: ['Logs'],
      existingRules: ['logs', 'rtc', 'tagged'],
    });
  });

  it('has nothing to change when the selected rules already have metrics', () => {
    expect(planEnableMetrics('src', v2Configuration(), { rules: ['rtc'] })).toEqual({
      kind: 'nothing-to-change',
      bucket: 'src',
      rules: ['rtc'],
    });
  });

  it('names rules without an ID by position', () => {
    const plan = expectChange(
      planEnableMetrics('src', {
        Role: ROLE,
        Rules: [{ Priority: 0, Filter: {}, Status: 'Enabled', Destination: { Bucket: DESTINATION } }],
      }),
    );

    expect(plan.rules).toEqual(['#1']);
  });
});

describe('planEnableMetrics on a V1 configuration', () => {
  it('converts every rule to V2, even when only one is selected, because a configuration has one schema', () => {
    const plan = expectChange(planEnableMetrics('src', v1Configuration(), { rules: ['docs'] }));

    expect(plan.schemaChange).toBe(true);
    expect(rulesOf(plan)).toEqual([
      {
        ID: 'tax',
        Status: 'Enabled',
        Destination: { Bucket: DESTINATION, StorageClass: 'STANDARD' },
        Filter: { Prefix: 'Tax/' },
        Priority: 1,
        DeleteMarkerReplication: { Status: 'Enabled' },
      },
      {
        ID: 'docs',
        Status: 'Enabled',
        Destination: { Bucket: DESTINATION, Metrics: ENABLED_METRICS },
        Filter: { Prefix: 'docs/' },
        Priority: 2,
        DeleteMarkerReplication: { Status: 'Enabled' },
      },
    ]);
    expect(plan.request.ReplicationConfiguration.Role).toBe(ROLE);
  });

  it('keeps replicating delete markers, as V1 did, and says why', () => {
    const plan = expectChange(planEnableMetrics('src', v1Configuration()));

    const deleteMarkers = plan.changes.filter((c) => c.field === 'DeleteMarkerReplication');
    expect(deleteMarkers).toHaveLength(2);
    for (const change of deleteMarkers) {
      expect(change.after).toEqual({ Status: 'Enabled' });
      expect(change.schemaChange).toBe(true);
      expect(change.why).toMatch(/V1 replicates delete markers/);
    }
  });

  it('lists the schema changes of each rule before its metrics change', () => {
    const plan = expectChange(planEnableMetrics('src', v1Configuration()));

    expect(
      plan.changes.filter((c) => c.ruleId === 'tax').map((c) => [c.field, c.before, c.after, c.schemaChange]),
    ).toEqual([
      ['Prefix', 'Tax/', null, true],
      ['Filter', null, { Prefix: 'Tax/' }, true],
      ['Priority', null, 1, true],
      ['DeleteMarkerReplication', null, { Status: 'Enabled' }, true],
      ['Destination.Metrics', null, ENABLED_METRICS, false],
    ]);
  });

  it('gives distinct priorities that avoid the ones already in use', () => {
    const plan = expectChange(
      planEnableMetrics('src', {
        Role: ROLE,
        Rules: [
          { ID: 'a', Prefix: 'a/', Status: 'Enabled', Destination: { Bucket: DESTINATION } },
          { ID: 'b', Priority: 1, Prefix: 'b/', Status: 'Enabled', Destination: { Bucket: DESTINATION } },
          { ID: 'c', Prefix: 'c/', Status: 'Enabled', Destination: { Bucket: DESTINATION } },
        ],
      }),
    );

    expect(rulesOf(plan).map((r) => r.Priority)).toEqual([2, 1, 3]);
  });

  it('turns a V1 rule without a prefix into a whole-bucket filter', () => {
    const plan = expectChange(
      planEnableMetrics('src', {
        Role: ROLE,
        Rules: [{ ID: 'all', Status: 'Enabled', Destination: { Bucket: DESTINATION } }],
      }),
    );

    expect(rulesOf(plan)[0]?.Filter).toEqual({ Prefix: '' });
    expect(plan.changes.some((c) => c.field === 'Prefix')).toBe(false);
  });

  it('keeps a delete marker setting a V1 rule already has', () => {
    const plan = expectChange(
      planEnableMetrics('src', {
        Role: ROLE,
        Rules: [
          {
            ID: 'r',
            Prefix: '',
            Status: 'Enabled',
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: { Bucket: DESTINATION },
          },
        ],
      }),
    );

    expect(rulesOf(plan)[0]?.DeleteMarkerReplication).toEqual({ Status: 'Disabled' });
  });
});

describe('renderEnableMetricsPlan', () => {
  it('shows the schema change as a diff with reasons', () => {
    const text = renderEnableMetricsPlan(expectChange(planEnableMetrics('src', v1Configuration())));

    expect(text).toContain('Schema change V1 -> V2');
    expect(text).toContain('- Prefix: "Tax/"');
    expect(text).toContain('+ Filter: {"Prefix":"Tax/"}');
    expect(text).toContain('+ DeleteMarkerReplication: {"Status":"Enabled"}');
    expect(text).toContain('+ Destination.Metrics: {"Status":"Enabled","EventThreshold":{"Minutes":15}}');
  });

  it('shows a metrics block that was disabled as a modification', () => {
    const text = renderEnableMetricsPlan(
      expectChange(planEnableMetrics('src', v2Configuration(), { rules: ['tagged'] })),
    );

    expect(text).toContain(
      '~ Destination.Metrics: {"Status":"Disabled"} -> {"Status":"Enabled","EventThreshold":{"Minutes":15}}',
    );
    expect(text).not.toContain('Schema change');
  });
});
