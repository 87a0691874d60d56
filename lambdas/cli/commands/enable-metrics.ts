import { readReplicationConfiguration, writeReplicationConfiguration } from '../../adapters/replication-config.js';
import { UsageError } from '../../core/errors.js';
import { planEnableMetrics, renderEnableMetricsPlan } from '../../core/ops/enable-metrics.js';
import { requireCredentials, s3Client } from '../aws.js';
import { AWS_OPTIONS, booleanFlag, COMMON_OPTIONS, type Command, type CommandInput } from '../command.js';
import { printJson } from '../io.js';

function ruleFlags(input: CommandInput): string[] {
  const value = input.values.rule;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * `enable-metrics <bucket> [--rule R]…`: plan (default) or `--execute` turning on replication metrics, read-modify-
 * write. Exit 0: nothing to change, or applied; 1: metrics are off (plan printed) or the bucket has no replication
 * configuration; 2: bad usage, including `--execute` of a V1 → V2 schema change without `--allow-schema-change`.
 *
 * `--json`: `{ bucket, status: 'planned' | 'executed' | 'nothing-to-change' | 'no-configuration', schemaChange,
 * rules, changes: ConfigChange[], request: PutBucketReplication input | null }`.
 */
export const enableMetricsCommand: Command = {
  name: 'enable-metrics',
  maxPositionals: 1,
  summary: 'Plan or --execute turning on replication metrics (no metrics, no failure events) for a bucket',
  usage:
    'replication-doctor enable-metrics <bucket> [--rule R]... [--execute] [--allow-schema-change] [--profile P] [--region R] [--json]',
  options: {
    ...COMMON_OPTIONS,
    ...AWS_OPTIONS,
    rule: { type: 'string', multiple: true },
    execute: { type: 'boolean', default: false },
    'allow-schema-change': { type: 'boolean', default: false },
  },
  async run(input) {
    const { io } = input;
    const [bucket] = input.positionals;
    if (bucket === undefined || bucket.length === 0) throw new UsageError('enable-metrics needs a bucket name');
    const json = booleanFlag(input, 'json');
    const execute = booleanFlag(input, 'execute');

    const context = await requireCredentials(input);
    const s3 = s3Client(context);
    const read = await readReplicationConfiguration(s3, bucket);
    if (read.kind === 'not-found') {
      const message = `bucket ${bucket} has no replication configuration (ReplicationConfigurationNotFoundError): there are no rules to turn metrics on for; set up replication first`;
      if (json)
        printJson(io, {
          bucket,
          status: 'no-configuration',
          schemaChange: false,
          rules: [],
          changes: [],
          request: null,
          message,
        });
      else io.stdout(`${message}\n`);
      return 1;
    }

    const plan = planEnableMetrics(bucket, read.configuration, { rules: ruleFlags(input) });
    if (plan.kind === 'unknown-rules') {
      throw new UsageError(
        `bucket ${bucket} has no rule ${plan.unknownRules.join(', ')}; its rules are: ${plan.existingRules.join(', ') || '(none)'}`,
      );
    }
    if (plan.kind === 'nothing-to-change') {
      if (json)
        printJson(io, {
          bucket,
          status: 'nothing-to-change',
          schemaChange: false,
          rules: plan.rules,
          changes: [],
          request: null,
        });
      else
        io.stdout(`Bucket ${bucket}: metrics are already enabled for ${plan.rules.join(', ')}; nothing to change.\n`);
      return 0;
    }
    if (execute && plan.schemaChange && !booleanFlag(input, 'allow-schema-change')) {
      throw new UsageError(
        `bucket ${bucket} uses the V1 replication schema; turning metrics on converts every rule to V2 (run without --execute to see the change), then add --allow-schema-change`,
      );
    }

    if (execute) await writeReplicationConfiguration(s3, plan.request);
    const status = execute ? 'executed' : 'planned';
    if (json) {
      printJson(io, {
        bucket,
        status,
        schemaChange: plan.schemaChange,
        rules: plan.rules,
        changes: plan.changes,
        request: plan.request,
      });
    } else {
      io.stdout(`${renderEnableMetricsPlan(plan)}\n\n`);
      io.stdout(
        execute
          ? `Applied with PutBucketReplication. S3 reads the configuration eventually consistently: allow a few minutes before checking.\n`
          : `Nothing was changed. Run again with --execute${plan.schemaChange ? ' --allow-schema-change' : ''} to apply it (PutBucketReplication).\n`,
      );
    }
    return execute ? 0 : 1;
  },
};
