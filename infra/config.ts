/**
 * Deployment configuration: CDK context (`-c key=value`) over an optional JSON file. Every problem becomes a
 * {@link ConfigError} with a one-line message; the app prints it and exits 1 without a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../lambdas/core/errors.js';

/** Config file read when context `config` is not given, if it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = 'replication-doctor.config.json';

/** The one-line message when no source bucket is configured anywhere. */
export const MISSING_SOURCE_BUCKETS_MESSAGE = `replication-doctor: missing setting sourceBuckets: pass -c sourceBuckets=bucket-a,bucket-b or set it in ${DEFAULT_CONFIG_FILE}`;

const stringList = z.array(z.string().min(1));

const suppressionRuleSchema = z.strictObject({
  sourceBucket: z.string().min(1).optional(),
  destinationBucket: z.string().min(1).optional(),
  ruleId: z.string().min(1).optional(),
  keyPrefix: z.string().min(1).optional(),
  keySuffix: z.string().min(1).optional(),
  failureReason: z.string().min(1).optional(),
  comment: z.string().optional(),
});

/** Schema of `replication-doctor.config.json` (documented in infra/README-config.md). */
export const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  sourceBuckets: stringList.optional(),
  alertEmails: stringList.optional(),
  alertHttpsEndpoints: stringList.optional(),
  alertTopicArn: z.string().min(1).optional(),
  opsEmails: stringList.optional(),
  destinationReadRoleArns: stringList.optional(),
  destinationAllowList: stringList.optional(),
  digestIntervalSeconds: z.number().int().positive().optional(),
  checkCacheTtlSeconds: z.number().int().positive().optional(),
  liveChecks: z.boolean().optional(),
  latencyAlerts: z.boolean().optional(),
  resolveAfterSeconds: z.number().int().positive().optional(),
  resolvedAlerts: z.boolean().optional(),
  objectChecks: z.boolean().optional(),
  dashboard: z.boolean().optional(),
  dashboardName: z.string().min(1).optional(),
  auditScheduleExpression: z.string().min(1).optional(),
  responderMaxConcurrency: z.number().int().optional(),
  batchReplicationRole: z.boolean().optional(),
  batchReportBucket: z.string().min(1).optional(),
  batchReportPrefix: z.string().min(1).optional(),
  suppressions: z.array(suppressionRuleSchema).optional(),
  exportOutputs: z.boolean().optional(),
});

/** The configuration file's shape. */
export type ConfigFile = z.infer<typeof configFileSchema>;

/** Resolved deployment configuration. Semantic checks (bucket names, ARNs, ranges) run in the construct. */
export interface DoctorConfig extends Omit<ConfigFile, '$schema' | '$comment' | 'sourceBuckets'> {
  readonly sourceBuckets: string[];
  /** Where the file settings came from, if any. */
  readonly configFile?: string;
}

/** Reads one CDK context value (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Directory that relative config paths and the default file are resolved against. */
  readonly cwd: string;
  /** Accept a configuration without source buckets (the app only synthesises the destination stack). */
  readonly allowMissingSourceBuckets?: boolean;
}

type ContextKind = 'list' | 'boolean' | 'integer' | 'string' | 'json';

/** Context keys, the kind of value they take, and the config field they set. */
const CONTEXT_KEYS: ReadonlyArray<readonly [string, ContextKind, keyof ConfigFile]> = [
  ['sourceBuckets', 'list', 'sourceBuckets'],
  ['alertEmail', 'list', 'alertEmails'],
  ['alertEmails', 'list', 'alertEmails'],
  ['alertHttpsEndpoint', 'list', 'alertHttpsEndpoints'],
  ['alertHttpsEndpoints', 'list', 'alertHttpsEndpoints'],
  ['alertTopicArn', 'string', 'alertTopicArn'],
  ['opsEmail', 'list', 'opsEmails'],
  ['opsEmails', 'list', 'opsEmails'],
  ['destinationReadRoleArns', 'list', 'destinationReadRoleArns'],
  ['destinationAllowList', 'list', 'destinationAllowList'],
  ['digestIntervalSeconds', 'integer', 'digestIntervalSeconds'],
  ['checkCacheTtlSeconds', 'integer', 'checkCacheTtlSeconds'],
  ['liveChecks', 'boolean', 'liveChecks'],
  ['latencyAlerts', 'boolean', 'latencyAlerts'],
  ['resolveAfterSeconds', 'integer', 'resolveAfterSeconds'],
  ['resolvedAlerts', 'boolean', 'resolvedAlerts'],
  ['objectChecks', 'boolean', 'objectChecks'],
  ['dashboard', 'boolean', 'dashboard'],
  ['dashboardName', 'string', 'dashboardName'],
  ['auditScheduleExpression', 'string', 'auditScheduleExpression'],
  ['responderMaxConcurrency', 'integer', 'responderMaxConcurrency'],
  ['batchReplicationRole', 'boolean', 'batchReplicationRole'],
  ['batchReportBucket', 'string', 'batchReportBucket'],
  ['batchReportPrefix', 'string', 'batchReportPrefix'],
  ['suppressions', 'json', 'suppressions'],
  ['exportOutputs', 'boolean', 'exportOutputs'],
];

function contextError(key: string, value: unknown, expected: string): ConfigError {
  return new ConfigError(`replication-doctor: invalid context ${key}=${JSON.stringify(value)}: expected ${expected}`);
}

/** Turns a context value (a string from `-c`, or JSON from cdk.json) into the config field's type. */
function coerce(key: string, kind: ContextKind, value: unknown): unknown {
  switch (kind) {
    case 'list':
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') {
        return value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
      }
      throw contextError(key, value, 'a comma-separated list');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      throw contextError(key, value, 'true or false');
    case 'integer':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
      throw contextError(key, value, 'a whole number');
    case 'json':
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        throw contextError(key, value, 'JSON');
      }
    default:
      return value;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function readConfigFile(ctx: ContextReader, cwd: string): { file?: string; values: ConfigFile } {
  const given = ctx('config');
  if (given !== undefined && typeof given !== 'string') throw contextError('config', given, 'a file path');
  const file = given ? (isAbsolute(given) ? given : resolve(cwd, given)) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (given) throw new ConfigError(`replication-doctor: config file ${given} not found`);
    return { values: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`replication-doctor: config file ${file} is not valid JSON: ${why.replace(/\s+/g, ' ')}`);
  }
  const result = configFileSchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(`replication-doctor: invalid config file ${file}: ${describeIssues(result.error)}`);
  }
  return { file, values: result.data };
}

function readContext(ctx: ContextReader): ConfigFile {
  const raw: Record<string, unknown> = {};
  for (const [key, kind, field] of CONTEXT_KEYS) {
    const value = ctx(key);
    if (value === undefined || value === null || value === '') continue;
    raw[field] = coerce(key, kind, value);
  }
  const result = configFileSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`replication-doctor: invalid context: ${describeIssues(result.error)}`);
  return result.data;
}

/** Loads the configuration: context values override the file's, key by key. */
export function loadConfig(ctx: ContextReader, options: LoadConfigOptions): DoctorConfig {
  const fromFile = readConfigFile(ctx, options.cwd);
  const fromContext = readContext(ctx);
  const { $schema: _schema, $comment: _comment, ...merged } = { ...fromFile.values, ...fromContext };
  const sourceBuckets = merged.sourceBuckets ?? [];
  if (sourceBuckets.length === 0 && !options.allowMissingSourceBuckets) {
    throw new ConfigError(MISSING_SOURCE_BUCKETS_MESSAGE);
  }
  return { ...merged, sourceBuckets, configFile: fromFile.file };
}
