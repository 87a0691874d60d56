import { canonicalReason } from './catalog/index.js';
import { ConfigError } from './errors.js';
import { bucketNameFromArn, type ReplicationEvent } from './event.js';

/**
 * Suppression rules (SPEC "Incidents and alerts"): failures a team has judged benign, e.g. Terraform lock files
 * (`keySuffix: ".tflock"`) or objects deleted before they could replicate. A suppressed failure is counted
 * (`SuppressedFailures`), never grouped into an incident and never paged.
 *
 * A rule matches a failure when every matcher it sets matches (AND); a failure is suppressed when any rule matches
 * (OR). Matching is exact and case-sensitive, like S3 keys and replication rule filters; keys are compared decoded.
 * `failureReason` matches the current spelling and every former one (`DstPutObjNotPermitted` ≡
 * `DstPutObjectNotPermitted`).
 */
export interface SuppressionRule {
  /** Source bucket name. */
  readonly sourceBucket?: string;
  /** Destination bucket name (an `arn:aws:s3:::name` ARN is accepted and read as its name). */
  readonly destinationBucket?: string;
  /** Replication rule ID, as in the event's `replicationRuleId`. */
  readonly ruleId?: string;
  /** Decoded object key prefix. */
  readonly keyPrefix?: string;
  /** Decoded object key suffix, e.g. `.tflock`. */
  readonly keySuffix?: string;
  /** A failure code, current or former spelling. */
  readonly failureReason?: string;
  /** Why the failure is benign; not matched, kept for readers. */
  readonly comment?: string;
}

/** The fields that select failures (everything but `comment`). */
export const SUPPRESSION_MATCHERS = [
  'sourceBucket',
  'destinationBucket',
  'ruleId',
  'keyPrefix',
  'keySuffix',
  'failureReason',
] as const;

const FIELDS: ReadonlySet<string> = new Set<string>([...SUPPRESSION_MATCHERS, 'comment']);
const REASON = /^[A-Za-z0-9]{1,128}$/;
/** Matcher values are bounded: S3 keys are at most 1,024 bytes, bucket names 63 characters, rule IDs 255. */
const MAX_VALUE_CHARS = 1_024;

/** Which failure a rule decided: the rule's position in the list, and its comment. */
export interface SuppressionMatch {
  readonly ruleIndex: number;
  readonly comment?: string;
}

/** What a suppression matcher looks at: the parts of a failure event the rules can name. */
export type SuppressionSubject = Pick<
  ReplicationEvent,
  'type' | 'sourceBucket' | 'destinationBucket' | 'ruleId' | 'key' | 'failureReason'
>;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRule(value: unknown, index: number, source: string): SuppressionRule {
  const at = `${source}[${index}]`;
  if (!isObject(value))
    throw new ConfigError(`${at} must be an object like {"keySuffix": ".tflock"}, got ${show(value)}`);
  const unknown = Object.keys(value).filter((field) => !FIELDS.has(field));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${at} has unknown field ${show(unknown[0])}; the fields are ${[...FIELDS].join(', ')} (case-sensitive)`,
    );
  }
  const rule: Record<string, string> = {};
  for (const field of FIELDS) {
    const raw = value[field];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') throw new ConfigError(`${at}.${field} must be a string, got ${show(raw)}`);
    if (field === 'comment') {
      rule.comment = raw;
      continue;
    }
    if (raw.length === 0) {
      throw new ConfigError(`${at}.${field} must not be empty: leave it out to match any ${field}`);
    }
    if (raw.length > MAX_VALUE_CHARS) {
      throw new ConfigError(`${at}.${field} is longer than ${MAX_VALUE_CHARS} characters`);
    }
    rule[field] = raw;
  }
  for (const field of ['sourceBucket', 'destinationBucket'] as const) {
    const bucket = rule[field];
    if (bucket === undefined) continue;
    const name = bucketNameFromArn(bucket);
    if (name === undefined) {
      throw new ConfigError(`${at}.${field} must be a bucket name like amzn-s3-demo-bucket, got ${show(bucket)}`);
    }
    rule[field] = name;
  }
  if (rule.failureReason !== undefined && !REASON.test(rule.failureReason)) {
    throw new ConfigError(
      `${at}.failureReason must be a failure code such as "DstObjectHardDeleted", got ${show(rule.failureReason)}`,
    );
  }
  if (!SUPPRESSION_MATCHERS.some((field) => rule[field] !== undefined)) {
    throw new ConfigError(
      `${at} sets no matcher: set at least one of ${SUPPRESSION_MATCHERS.join(', ')} (an empty rule would silence every failure)`,
    );
  }
  return rule;
}

/**
 * Validates suppression rules (already JSON-decoded): an array of rule objects. Throws `ConfigError` naming the
 * rule index and field, e.g. `SUPPRESSION_RULES[2].keyPrefix must not be empty`. `source` names where the rules
 * came from in messages.
 */
export function parseSuppressionRules(value: unknown, source = 'SUPPRESSION_RULES'): SuppressionRule[] {
  if (!Array.isArray(value)) {
    throw new ConfigError(
      `${source} must be a JSON array of rules like [{"keySuffix": ".tflock"}], got ${show(value)}`,
    );
  }
  return value.map((rule, index) => parseRule(rule, index, source));
}

/** Decodes and validates suppression rules from JSON text (the `SUPPRESSION_RULES` variable, a CLI file). */
export function parseSuppressionJson(text: string, source = 'SUPPRESSION_RULES'): SuppressionRule[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return parseSuppressionRules(value, source);
}

type Test = (subject: SuppressionSubject, reason: string) => boolean;

function compile(rule: SuppressionRule): Test {
  const tests: Test[] = [];
  const { sourceBucket, destinationBucket, ruleId, keyPrefix, keySuffix, failureReason } = rule;
  if (sourceBucket !== undefined) tests.push((s) => s.sourceBucket === sourceBucket);
  if (destinationBucket !== undefined) tests.push((s) => s.destinationBucket === destinationBucket);
  if (ruleId !== undefined) tests.push((s) => s.ruleId === ruleId);
  if (keyPrefix !== undefined) tests.push((s) => s.key.startsWith(keyPrefix));
  if (keySuffix !== undefined) tests.push((s) => s.key.endsWith(keySuffix));
  if (failureReason !== undefined) {
    const wanted = canonicalReason(failureReason);
    tests.push((_, reason) => reason === wanted);
  }
  return (subject, reason) => tests.every((test) => test(subject, reason));
}

/** Decides whether a failure is suppressed; `undefined` when no rule matches (or it is not a failure event). */
export type SuppressionMatcher = (event: SuppressionSubject) => SuppressionMatch | undefined;

/** Compiles validated rules into a matcher. With no rules, nothing is ever suppressed. */
export function createSuppressionMatcher(rules: readonly SuppressionRule[]): SuppressionMatcher {
  const compiled = rules.map((rule, ruleIndex) => ({
    test: compile(rule),
    match: { ruleIndex, ...(rule.comment ? { comment: rule.comment } : {}) } satisfies SuppressionMatch,
  }));
  if (compiled.length === 0) return () => undefined;
  return (event) => {
    if (event.type !== 'OperationFailedReplication') return undefined;
    const reason = canonicalReason(event.failureReason ?? '');
    for (const { test, match } of compiled) if (test(event, reason)) return match;
    return undefined;
  };
}
