import {
  isV1Rule,
  type PutReplicationRequest,
  type ReplicationConfigurationDoc,
  type ReplicationRuleDoc,
  ruleLabel,
} from './replication-config.js';

/**
 * `enable-metrics`: a read-modify-write plan that turns on replication metrics for a bucket's rules. Without
 * metrics S3 sends no replication failure events at all, so the responder never hears of a failure.
 *
 * Only `Destination.Metrics` of the selected rules changes, unless the configuration is V1: metrics exist only in
 * the V2 schema (`Filter`), and all rules of a configuration share one schema, so every V1 rule is converted
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html#replication-backward-compat-considerations).
 */

/** The metrics block S3 accepts: `EventThreshold` takes only 15 minutes (replication-add-config.html, S3 RTC). */
export const ENABLED_METRICS = { Status: 'Enabled', EventThreshold: { Minutes: 15 } } as const;

/** The fields a plan may change. */
export type ChangedField = 'Destination.Metrics' | 'Prefix' | 'Filter' | 'Priority' | 'DeleteMarkerReplication';

/** One field of one rule that the plan changes; `before`/`after` are `null` when the field is absent. */
export interface ConfigChange {
  readonly ruleId: string;
  readonly field: ChangedField;
  readonly before: unknown;
  readonly after: unknown;
  /** Part of the V1 → V2 schema change (needs `--allow-schema-change` to execute). */
  readonly schemaChange: boolean;
  readonly why: string;
}

export type EnableMetricsPlan =
  | {
      readonly kind: 'unknown-rules';
      readonly bucket: string;
      readonly unknownRules: readonly string[];
      readonly existingRules: readonly string[];
    }
  | { readonly kind: 'nothing-to-change'; readonly bucket: string; readonly rules: readonly string[] }
  | {
      readonly kind: 'change';
      readonly bucket: string;
      /** Rules whose metrics the plan turns on. */
      readonly rules: readonly string[];
      readonly schemaChange: boolean;
      readonly changes: readonly ConfigChange[];
      /** Exactly what `--execute` sends to `PutBucketReplication`. */
      readonly request: PutReplicationRequest;
    };

export interface EnableMetricsOptions {
  /** Rule IDs to change; empty or absent means every rule. */
  readonly rules?: readonly string[];
}

const WHY_METRICS =
  'S3 sends replication failure events (s3:Replication:OperationFailedReplication) only for rules with metrics enabled';
const WHY_FILTER =
  'metrics need the V2 schema, where the prefix lives in Filter; the same prefix selects the same objects';
const WHY_PREFIX = 'V2 rules carry the prefix in Filter instead';
const WHY_PRIORITY =
  'V2 requires Priority when Filter is present, and priorities must be distinct; V1 rules share one destination and ' +
  'may not overlap, so the value does not change which rule applies';
const WHY_DELETE_MARKERS =
  'V1 replicates delete markers created by user deletes (not by lifecycle); V2 does so only with ' +
  'DeleteMarkerReplication Enabled, so Enabled keeps what replication does today (set Disabled to stop replicating them)';

function metricsEnabled(rule: ReplicationRuleDoc): boolean {
  return rule.Destination?.Metrics?.Status === 'Enabled';
}

/** Distinct priorities for the rules that lack one, avoiding every priority already in use. */
function assignPriorities(rules: readonly ReplicationRuleDoc[]): (number | undefined)[] {
  const used = new Set(rules.flatMap((r) => (r.Priority === undefined ? [] : [r.Priority])));
  let next = 1;
  return rules.map((rule) => {
    if (rule.Priority !== undefined) return undefined;
    while (used.has(next)) next += 1;
    used.add(next);
    return next;
  });
}

function convertToV2(
  rule: ReplicationRuleDoc,
  label: string,
  priority: number | undefined,
): { rule: ReplicationRuleDoc; changes: ConfigChange[] } {
  const { Prefix: prefix, ...rest } = rule;
  const filter = { Prefix: prefix ?? '' };
  const changes: ConfigChange[] = [];
  const change = (field: ChangedField, before: unknown, after: unknown, why: string): void => {
    changes.push({ ruleId: label, field, before, after, schemaChange: true, why });
  };
  if (prefix !== undefined) change('Prefix', prefix, null, WHY_PREFIX);
  change('Filter', null, filter, WHY_FILTER);
  let converted: ReplicationRuleDoc = { ...rest, Filter: filter };
  if (priority !== undefined) {
    converted = { ...converted, Priority: priority };
    change('Priority', null, priority, WHY_PRIORITY);
  }
  if (rule.DeleteMarkerReplication === undefined) {
    const deleteMarkers = { Status: 'Enabled' };
    converted = { ...converted, DeleteMarkerReplication: deleteMarkers };
    change('DeleteMarkerReplication', null, deleteMarkers, WHY_DELETE_MARKERS);
  }
  return { rule: converted, changes };
}

/**
 * Plans turning on metrics for the selected rules of `configuration` (as read from `GetBucketReplication`).
 * `Role`, unselected rules and every other field are kept as read; `ReplicationTime` is untouched (it requires
 * metrics, which a rule with S3 RTC already has).
 */
export function planEnableMetrics(
  bucket: string,
  configuration: ReplicationConfigurationDoc,
  options: EnableMetricsOptions = {},
): EnableMetricsPlan {
  const original = structuredClone(configuration);
  const rules = original.Rules ?? [];
  const labels = rules.map(ruleLabel);
  const wanted = options.rules ?? [];
  const unknownRules = wanted.filter((id) => !labels.includes(id));
  if (unknownRules.length > 0) return { kind: 'unknown-rules', bucket, unknownRules, existingRules: labels };

  const selected = new Set(wanted.length > 0 ? wanted : labels);
  const toEnable = rules.flatMap((rule, i) => (selected.has(labels[i] ?? '') && !metricsEnabled(rule) ? [i] : []));
  if (toEnable.length === 0) return { kind: 'nothing-to-change', bucket, rules: [...selected] };

  const schemaChange = rules.some(isV1Rule);
  const priorities = schemaChange ? assignPriorities(rules) : [];
  const changes: ConfigChange[] = [];
  const newRules = rules.map((rule, i) => {
    const label = labels[i] ?? ruleLabel(rule, i);
    let next = rule;
    if (isV1Rule(rule)) {
      const converted = convertToV2(rule, label, priorities[i]);
      next = converted.rule;
      changes.push(...converted.changes);
    }
    if (toEnable.includes(i)) {
      const metrics = structuredClone(ENABLED_METRICS);
      changes.push({
        ruleId: label,
        field: 'Destination.Metrics',
        before: rule.Destination?.Metrics ?? null,
        after: metrics,
        schemaChange: false,
        why: WHY_METRICS,
      });
      next = { ...next, Destination: { ...next.Destination, Metrics: metrics } };
    }
    return next;
  });
  return {
    kind: 'change',
    bucket,
    rules: toEnable.map((i) => labels[i] ?? ''),
    schemaChange,
    changes,
    request: { Bucket: bucket, ReplicationConfiguration: { ...original, Rules: newRules } },
  };
}

function show(value: unknown): string {
  return value === null || value === undefined ? '(absent)' : JSON.stringify(value);
}

/** A human, diff-like rendering of a plan that changes something. */
export function renderEnableMetricsPlan(plan: Extract<EnableMetricsPlan, { kind: 'change' }>): string {
  const lines = [
    `Bucket ${plan.bucket}: turn on replication metrics for ${plan.rules.length} rule(s): ${plan.rules.join(', ')}.`,
    `Why: ${WHY_METRICS}.`,
  ];
  if (plan.schemaChange) {
    lines.push(
      '',
      'Schema change V1 -> V2: metrics exist only in the V2 schema (Filter), and every rule of a configuration uses',
      'the same schema, so every V1 rule is converted. --execute needs --allow-schema-change for this.',
    );
  }
  const byRule = new Map<string, ConfigChange[]>();
  for (const change of plan.changes) byRule.set(change.ruleId, [...(byRule.get(change.ruleId) ?? []), change]);
  for (const [ruleId, changes] of byRule) {
    lines.push('', `rule ${ruleId}:`);
    for (const c of changes) {
      const mark = c.after === null ? '-' : c.before === null ? '+' : '~';
      const value =
        c.after === null ? show(c.before) : c.before === null ? show(c.after) : `${show(c.before)} -> ${show(c.after)}`;
      lines.push(`  ${mark} ${c.field}: ${value}`);
      // The metrics reason heads the plan; schema changes each say why they are needed.
      if (c.schemaChange) lines.push(`      (${c.why})`);
    }
  }
  lines.push('', 'Role, the other rules and every other field stay exactly as read.');
  return lines.join('\n');
}
