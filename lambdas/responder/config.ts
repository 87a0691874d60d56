import { alertTopicArnOf, type Env, present, show, TABLE_NAME } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_RESOLVE_AFTER_SECONDS } from '../core/resolution.js';
import { DEFAULT_CLAIM_LEASE_SECONDS, DEFAULT_INCIDENT_TTL_SECONDS } from '../core/store.js';
import { parseSuppressionJson, type SuppressionRule } from '../core/suppression.js';

/**
 * The responder's configuration, read once from the environment at init (SPEC "Fixed names": responder
 * environment). Optional extras beyond SPEC:
 * - `LATENCY_ALERTS` (`false` default): `true` publishes a `latency` alert per replication rule, at most once per
 *   `DIGEST_INTERVAL_SECONDS`, when threshold or not-tracked events arrive (they are always counted as metrics).
 * - `ALERT_CLAIM_LEASE_SECONDS` (120 default; keep it between the function timeout and the queue's visibility timeout
 *   minus the function timeout): how long an alert claim holds before another invocation may take it
 *   over; set it above the function timeout.
 * - `INCIDENT_TTL_DAYS` (30 default): incidents expire this long after their last event.
 * - `SUPPRESSION_RULES` (none default): JSON array of benign failures to count but never page,
 *   `[{"sourceBucket"?, "destinationBucket"?, "ruleId"?, "keyPrefix"?, "keySuffix"?, "failureReason"?, "comment"?}]`
 *   (see `core/suppression.ts`); the CDK construct sets it from its `suppressions` prop.
 */
export interface ResponderConfig {
  readonly alertTopicArn: string;
  /** Unset → in-memory incident store. */
  readonly incidentTableName?: string;
  readonly digestIntervalSeconds: number;
  readonly checkCacheTtlSeconds: number;
  readonly liveChecks: boolean;
  readonly destinationReadRoleArns: readonly string[];
  readonly latencyAlerts: boolean;
  readonly claimLeaseSeconds: number;
  readonly incidentTtlSeconds: number;
  /** Validated once at init; empty when `SUPPRESSION_RULES` is unset. */
  readonly suppressionRules: readonly SuppressionRule[];
}

/**
 * Settings of the resolution sweep (`responder/resolution.ts`), which the scheduled auditor runs:
 * - `RESOLVE_AFTER_SECONDS` (3600 default): an open incident whose rule checks pass is resolved after this long
 *   without a new failure.
 * - `RESOLVED_ALERTS` (`true` default): publish a `resolved` alert when an incident is resolved.
 */
export interface ResolutionConfig {
  readonly resolveAfterSeconds: number;
  readonly resolvedAlerts: boolean;
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

function integer(env: Env, name: string, fallback: number, min: number, max: number, unit = 'seconds'): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number of ${unit} from ${min} to ${max}, got ${show(raw)}`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ConfigError(`${name} must be "true" or "false", got ${show(raw)}`);
}

/** Reads and validates the responder environment; throws `ConfigError` naming the variable and the bad value. */
export function loadConfig(env: Env): ResponderConfig {
  const alertTopicArn = alertTopicArnOf(env, 'alerts');
  const incidentTableName = present(env, 'INCIDENT_TABLE_NAME');
  if (incidentTableName !== undefined && !TABLE_NAME.test(incidentTableName)) {
    throw new ConfigError(`INCIDENT_TABLE_NAME is not a valid DynamoDB table name: ${show(incidentTableName)}`);
  }
  const destinationReadRoleArns = (present(env, 'DESTINATION_READ_ROLE_ARNS') ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn.length > 0);
  for (const arn of destinationReadRoleArns) {
    if (!IAM_ROLE_ARN.test(arn)) {
      throw new ConfigError(
        `DESTINATION_READ_ROLE_ARNS must be comma-separated IAM role ARNs like arn:aws:iam::222222222222:role/replication-doctor-read, got ${show(arn)}`,
      );
    }
  }
  const incidentTtlDays = integer(env, 'INCIDENT_TTL_DAYS', DEFAULT_INCIDENT_TTL_SECONDS / 86_400, 1, 3_650, 'days');
  return {
    alertTopicArn,
    ...(incidentTableName !== undefined ? { incidentTableName } : {}),
    digestIntervalSeconds: integer(env, 'DIGEST_INTERVAL_SECONDS', 900, 1, 31 * 86_400),
    checkCacheTtlSeconds: integer(env, 'CHECK_CACHE_TTL_SECONDS', 300, 0, 86_400),
    liveChecks: boolean(env, 'LIVE_CHECKS', true),
    destinationReadRoleArns,
    latencyAlerts: boolean(env, 'LATENCY_ALERTS', false),
    claimLeaseSeconds: integer(env, 'ALERT_CLAIM_LEASE_SECONDS', DEFAULT_CLAIM_LEASE_SECONDS, 10, 900),
    incidentTtlSeconds: incidentTtlDays * 86_400,
    suppressionRules: suppressionRules(env),
  };
}

function suppressionRules(env: Env): SuppressionRule[] {
  const raw = present(env, 'SUPPRESSION_RULES');
  return raw === undefined ? [] : parseSuppressionJson(raw, 'SUPPRESSION_RULES');
}

/** Reads `RESOLVE_AFTER_SECONDS` and `RESOLVED_ALERTS`; throws `ConfigError` naming the variable and the bad value. */
export function loadResolutionConfig(env: Env): ResolutionConfig {
  return {
    resolveAfterSeconds: // At least 10 minutes: longer than the queue's redelivery gap (365 s as deployed), so a redelivered message whose
      // failure was already alerted cannot re-open a freshly resolved incident and page again.
      integer(env, 'RESOLVE_AFTER_SECONDS', DEFAULT_RESOLVE_AFTER_SECONDS, 600, 30 * 86_400),
    resolvedAlerts: boolean(env, 'RESOLVED_ALERTS', true),
  };
}
