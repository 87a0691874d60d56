import type { Severity } from '../core/types.js';

/**
 * The check interface: a check is a pure judgement over a facts snapshot (see `facts.ts`),
 * in the manner of a cdk-nag rule. Reading the account is the adapters' job, never a check's.
 */

/** Every targeted check the catalog may ask for. Ids are stable: they appear in alerts and `--json`. */
export const CHECK_IDS = [
  'source-bucket',
  'destination-bucket',
  'replication-rule',
  'replication-metrics',
  'rule-filter',
  'delete-marker-replication',
  'source-versioning',
  'destination-versioning',
  'object-lock',
  'source-ownership',
  'destination-ownership',
  'destination-default-encryption',
  'sse-kms-selection',
  'source-kms-key',
  'destination-kms-key',
  'source-object',
  'role-exists',
  'role-trust',
  'role-source-permissions',
  'role-destination-permissions',
  'role-kms-permissions',
  'source-bucket-policy',
  'destination-bucket-policy',
  'source-kms-key-policy',
  'destination-kms-key-policy',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** `pass`: the cause this check looks for is ruled out now. `fail`: it is confirmed. `warn`: a risk, not the cause.
 * `unknown`: it could not be decided (no permission, other account, network). `skipped`: it does not apply. */
export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'unknown', 'skipped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** What decided a check: the API and field read, or the policy and statement that matched. */
export interface Evidence {
  /** e.g. `GetBucketVersioning`, `bucket policy`, `KMS key policy`, `SimulatePrincipalPolicy`. */
  readonly source: string;
  /** The field or resource that was read, e.g. `Status` or `arn:aws:s3:::dst`. */
  readonly field?: string;
  /** The value found, rendered as text. */
  readonly value?: string;
  /** The policy's name (or ARN) and the statement's `Sid` when a policy decided it. */
  readonly policy?: string;
  readonly sid?: string;
}

export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** One sentence an on-call engineer can act on. */
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  /** For `unknown` caused by the doctor's own missing permission: the IAM action it lacks. */
  readonly missingPermission?: string;
  /** Exact statements or commands that would fix a `fail` (or make an `unknown` pass), with real values. */
  readonly fix?: readonly string[];
  /**
   * The severity this finding deserves when it decides the verdict, e.g. `info` for an object deleted before it could
   * replicate, `critical` for a disabled KMS key. Absent: the catalog entry's severity stands.
   */
  readonly severityHint?: Severity;
  /**
   * Words a catalog cause would use for this finding (e.g. `PendingDeletion`, `Region`). When several causes of one
   * failure reason share a failing check, the verdict confirms only the causes whose text contains one of them.
   */
  readonly findingTerms?: readonly string[];
}

/** What a diagnosis is about: a rule's setup and, when known, one failed object. */
export interface CheckSubject {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  /** The rule id from the event; absent for `check-bucket` (then every rule is checked). */
  readonly ruleId?: string;
  /** Decoded object key and version, when the diagnosis concerns an object. */
  readonly key?: string;
  readonly versionId?: string;
  /** Region the event came from (the source bucket's Region). */
  readonly sourceRegion?: string;
  /** The account that owns the source bucket, when the event names it. */
  readonly sourceAccount?: string;
  /** Canonical failure reason, when diagnosing a failure event. */
  readonly failureReason?: string;
}

/** Port: runs the given checks for a subject against the live account (or a facts snapshot). Never throws:
 * a check whose facts cannot be read comes back `unknown`. */
export interface LiveChecker {
  run(subject: CheckSubject, ids: readonly CheckId[]): Promise<readonly CheckResult[]>;
}
