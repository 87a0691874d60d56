/**
 * The audit's vocabulary: what the auditor (scheduled Lambda) and `replication-doctor audit` judge for each bucket,
 * and the findings they report. Pure data; the facts come from adapters, the judgement from `findings.ts`.
 */
import type { BucketOwnerFact, Fact, ReplicationConfigFact } from '../../checks/facts.js';
import type { CheckId, CheckResult } from '../../checks/types.js';
import type { Category, Severity } from '../types.js';

/** Finding kinds the audit derives itself (the others are named after the check that failed, see `check-findings.ts`). */
export const AUDIT_FINDING_KINDS = [
  /** A configured source bucket has no replication configuration. */
  'no-replication-configuration',
  /** A configured source bucket does not exist. */
  'source-bucket-missing',
  /** The replication configuration could not be read. */
  'replication-configuration-unverified',
  /** A rule is `Disabled`. */
  'rule-disabled',
  /** A rule has replication metrics off: S3 sends no failure events for it. */
  'metrics-disabled',
  /** No notification of the bucket sends `OperationFailedReplication` to the responder's queue. */
  'notifications-not-routed',
  /** The responder's queue gets the events, but a prefix/suffix filter hides some of the rule's keys. */
  'notifications-filtered',
  /** The notification configuration could not be read or the queue is not known. */
  'notifications-unverified',
  /** A bucket outside the deployment replicates, but its failures reach no responder. */
  'not-monitored',
  /** The rule's prefix starts with `/` (S3 keys rarely do). */
  'filter-leading-slash',
  /** Keys seen in failures differ from the rule's prefix only in case. */
  'filter-prefix-case',
  /** The destination is in an account outside `DESTINATION_ACCOUNT_ALLOW_LIST`. */
  'destination-account-not-allowed',
  /** The destination account could not be told, so the allow-list could not be applied. */
  'destination-account-unverified',
  /** The buckets of the account could not be listed (fleet coverage unknown). */
  'fleet-unverified',
] as const;
export type AuditFindingKind = (typeof AUDIT_FINDING_KINDS)[number];

/**
 * One finding. `id` is stable across runs (`<bucket>:<rule id or *>:<kind>`), so runs can be compared; `kind` is one
 * of {@link AUDIT_FINDING_KINDS}, a check id (the check failed), `<check id>-unverified` (it could not decide) or
 * `<check id>-risk` (it warned).
 */
export interface AuditFinding {
  readonly id: string;
  /** The audited bucket; `*` for account-wide findings. */
  readonly bucket: string;
  /** The rule's `ID` (or `#n` by position when it has none); absent for bucket-wide findings. */
  readonly ruleId?: string;
  /** The rule's destination bucket name, for rule findings. */
  readonly destinationBucket?: string;
  readonly kind: string;
  readonly severity: Severity;
  readonly category: Category;
  /** One line, e.g. "Replication metrics are off". */
  readonly title: string;
  /** What was found, with the evidence that decided it. */
  readonly detail: string;
  /** Exact steps or commands that fix it (may be empty for info findings). */
  readonly fix: readonly string[];
  /** The check behind the finding, when one decided it. */
  readonly checkId?: CheckId;
}

/** A queue, topic or function configuration of `GetBucketNotificationConfiguration`, as far as the audit needs it. */
export interface NotificationTargetFact {
  readonly Id?: string;
  /** `QueueArn`, `TopicArn` or `LambdaFunctionArn`. */
  readonly Arn: string;
  readonly Events: readonly string[];
  /** `Filter.Key.FilterRules`; S3 returns the names as `Prefix`/`Suffix` or `prefix`/`suffix`. */
  readonly FilterRules?: readonly { readonly Name?: string; readonly Value?: string }[];
}

/** `GetBucketNotificationConfiguration`, flattened. */
export interface NotificationConfigFact {
  readonly QueueConfigurations: readonly NotificationTargetFact[];
  readonly TopicConfigurations: readonly NotificationTargetFact[];
  readonly LambdaFunctionConfigurations: readonly NotificationTargetFact[];
  /** `EventBridgeConfiguration` is present. S3 sends no replication events to EventBridge (AWS-FACTS §4). */
  readonly EventBridge: boolean;
}

/** One bucket from `ListBuckets`. */
export interface BucketListingFact {
  readonly Name: string;
  readonly BucketRegion?: string;
}

/** What the audit read about one rule besides the configuration. */
export interface RuleAuditFacts {
  /** The check results from `runChecks` for the rule; absent when the checks were not run (fleet coverage only). */
  readonly checks?: readonly CheckResult[];
  /** Who owns the destination bucket, when `Destination.Account` does not say (for the allow-list). */
  readonly destinationOwner?: Fact<BucketOwnerFact>;
}

/** Everything the findings of one bucket are judged from. */
export interface BucketAuditInput {
  readonly bucket: string;
  /** In `SOURCE_BUCKETS` (or `--buckets`): its replication events should reach the responder. */
  readonly configured: boolean;
  readonly replication: Fact<ReplicationConfigFact>;
  /** The bucket's notification configuration; absent when it was not read. */
  readonly notifications?: Fact<NotificationConfigFact>;
  /** The responder's queue (`EVENT_QUEUE_ARN`); absent when unknown. */
  readonly eventQueueArn?: string;
  /** Per rule, keyed by {@link ruleKey}. */
  readonly rules?: Readonly<Record<string, RuleAuditFacts>>;
  /** `DESTINATION_ACCOUNT_ALLOW_LIST`; empty: every destination account is accepted. */
  readonly destinationAllowList?: readonly string[];
  /** The audited account (always an allowed destination). */
  readonly accountId?: string;
  /** Decoded object keys seen in failure events of this bucket, to spot case mismatches with rule prefixes. */
  readonly failureKeys?: readonly string[];
}

/** How a rule is named in findings and inputs: its `ID`, or `#n` by 1-based position when it has none. */
export function ruleKey(rule: { readonly ID?: string }, index: number): string {
  return rule.ID !== undefined && rule.ID.length > 0 ? rule.ID : `#${index + 1}`;
}

/** The stable id of a finding. */
export function findingId(bucket: string, ruleId: string | undefined, kind: string): string {
  return `${bucket}:${ruleId ?? '*'}:${kind}`;
}

/** Open findings counted per severity. */
export interface SeverityCounts {
  critical: number;
  warning: number;
  info: number;
}

/** Counts findings per severity. */
export function countBySeverity(findings: readonly { readonly severity: Severity }[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
