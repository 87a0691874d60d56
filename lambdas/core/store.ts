import { createHash } from 'node:crypto';
import { DoctorError } from './errors.js';
import type { IncidentGroup, ObjectSample } from './incident.js';
import type { IncidentReport } from './report.js';
import type { Category, Severity } from './types.js';

/**
 * Port: the incident store. It keeps each incident's counts, first/last seen, a bounded sample of failed object
 * versions and a TTL, and it decides, with single-item conditional writes, which invocation may publish an alert
 * (SPEC "Incidents and alerts"). Adapters: `adapters/memory-store.ts` (local runs, tests, the CLI) and
 * `adapters/dynamodb-store.ts` (the deployed responder).
 *
 * The alert protocol, per incident:
 * 1. `recordFailures` — one write per incident per batch: adds the batch's count and, when the write creates the
 *    incident, also claims its `new` alert for the caller (`RecordResult.claim`).
 * 2. `claimAlert` — only when an alert is due and was not claimed in step 1: a conditional write that succeeds
 *    for exactly one caller (`pending`, or `claimed` with an expired lease, or `sent` and the digest window over).
 * 3. publish, then `completeAlert` (marks `sent`, stores the report) or, if publishing failed, `releaseAlert`.
 * A caller that dies between publishing and `completeAlert` leaves a claim whose lease expires; the next event
 * then claims again, which is the only way a duplicate alert can happen.
 *
 * Resolution and re-opening (issue 9, item 2):
 * 4. `markResolved` — a conditional write that resolves an open incident only if nothing was written to it since
 *    the caller read it (same `updatedAt`, `objectCount` and `lastSeen`) and no alert claim is live. An incident
 *    that got a new failure meanwhile stays open.
 * 5. `recordFailures` on a resolved incident re-opens it in the same protocol: its write is conditional on the
 *    incident not being resolved; when that condition fails, a second conditional write (`status = resolved`)
 *    starts a new episode (counts, first/last seen, samples and alert history of the episode start over; the
 *    incident id, `createdAt` and `alertsSent` are kept, `reopenCount` goes up) and hands the writer the `new`
 *    alert claim (`RecordResult.reopened`). Of racing writers exactly one re-opens; the others count into the
 *    re-opened episode. Alerts are never claimed on a resolved incident.
 */

/** Bound on each stored sample list (first samples and most recent samples). */
export const MAX_STORED_SAMPLES = 20;

/** Incidents expire this long after their last write (the table's TTL attribute `ttl`). */
export const DEFAULT_INCIDENT_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * How long an alert claim holds. Above the function timeout (60 s as deployed), so a live claimer is never overtaken;
 * well below the queue's visibility timeout (6 × timeout + batching window = 365 s), so when a claimer dies its
 * messages come back after the lease ended and can claim the alert again (a message that finds a live claim is
 * acknowledged, so a lease that outlived the redelivery would lose the alert).
 */
export const DEFAULT_CLAIM_LEASE_SECONDS = 120;

/** Options every store adapter takes. */
export interface StoreOptions {
  /** @default DEFAULT_CLAIM_LEASE_SECONDS */
  readonly claimLeaseSeconds?: number;
  /** @default DEFAULT_INCIDENT_TTL_SECONDS */
  readonly ttlSeconds?: number;
  /** Claim tokens; @default crypto.randomUUID */
  readonly newToken?: () => string;
}

/** The `ttl` value (epoch seconds) for an item written at `now`. */
export function expiryOf(now: Date, ttlSeconds: number): number {
  return Math.floor(now.getTime() / 1000) + ttlSeconds;
}

export type IncidentStatus = 'open' | 'resolved';

/**
 * `pending`: an alert is owed and nobody holds a claim (new incident whose claim was released).
 * `claimed`: an invocation holds the claim until `claimUntil`. `sent`: the last alert was published and recorded.
 */
export type AlertState = 'pending' | 'claimed' | 'sent';

/** The alerts the store arbitrates for incidents. */
export type IncidentAlertType = 'new' | 'digest';

/** What the store holds for one incident (without the full report). */
export interface IncidentState {
  readonly incidentId: string;
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly canonicalReason: string;
  /** The code as first received. */
  readonly failureReason: string;
  readonly awsRegion: string;
  readonly sourceAccount?: string;
  readonly status: IncidentStatus;
  /** Known once the `new` alert was recorded (from its report). */
  readonly severity?: Severity;
  readonly category?: Category;
  readonly title?: string;
  /** Objects counted so far (approximate under redelivery: SPEC allows it). */
  readonly objectCount: number;
  /** ISO 8601 event times: the earliest ever recorded, and the latest of the most recent batch. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Samples written when the incident was created (shown in the `new` alert). */
  readonly firstSamples: readonly ObjectSample[];
  /** Samples of the most recent batch (shown in digests). */
  readonly recentSamples: readonly ObjectSample[];
  readonly alertState: AlertState;
  /** Epoch milliseconds until which the current claim holds. */
  readonly claimUntil?: number;
  readonly claimType?: IncidentAlertType;
  /** ISO 8601 time the last alert was recorded; absent until the `new` alert is recorded. */
  readonly lastAlertAt?: string;
  readonly lastAlertType?: IncidentAlertType;
  /** `objectCount` as reported by the last alert. */
  readonly countAtLastAlert: number;
  readonly alertsSent: number;
  /** ISO 8601 write times. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** ISO 8601 time the store last recorded failures (absent on items written before it existed). */
  readonly lastRecordedAt?: string;
  /** ISO 8601 time the incident was resolved; present while `status` is `resolved`. */
  readonly resolvedAt?: string;
  /** ISO 8601 time of the last re-opening, and how often a failure re-opened the incident after it was resolved. */
  readonly reopenedAt?: string;
  readonly reopenCount?: number;
  /** Expiry, epoch seconds. */
  readonly ttl: number;
}

/** The right to publish one alert, held until `until` (epoch ms). */
export interface AlertClaim {
  readonly incidentId: string;
  readonly type: IncidentAlertType;
  readonly token: string;
  readonly until: number;
  /** The incident as it was when the claim was taken: `objectCount` here is what the alert reports. */
  readonly state: IncidentState;
}

/** Result of recording one incident's failures of one batch. */
export interface RecordResult {
  /** The incident after the write. */
  readonly state: IncidentState;
  /** This write created the incident. */
  readonly created: boolean;
  /** This write re-opened a resolved incident (a new episode; `created` stays false). */
  readonly reopened?: boolean;
  /** Present when this write created or re-opened the incident: the caller holds the `new` alert claim. */
  readonly claim?: AlertClaim;
}

/** What the caller of `markResolved` read: the incident is resolved only if these are unchanged. */
export type ResolveExpectation = Pick<IncidentState, 'updatedAt' | 'objectCount' | 'lastSeen'>;

/** A request to claim an alert that is due. */
export interface ClaimRequest {
  readonly incidentId: string;
  readonly type: IncidentAlertType;
  readonly now: Date;
  /** For a digest: the previous alert must have been recorded at or before this time (now − digest interval). */
  readonly lastAlertNotAfter?: Date;
}

/** A stored incident with its report, as `getIncident` returns it. */
export interface StoredIncident {
  readonly state: IncidentState;
  readonly report?: IncidentReport;
}

/** Identifies one replication rule for replication-time (`latency`) alerts. */
export interface RuleRef {
  readonly sourceBucket: string;
  readonly ruleId: string;
  readonly destinationBucket: string;
}

/** Replication-time signals of one rule: threshold and not-tracked event counts. */
export interface LatencyCounts {
  readonly missedThreshold: number;
  readonly replicatedAfterThreshold: number;
  readonly notTracked: number;
}

/** One batch's latency signals of a rule, as `claimLatencyAlert` records them (missing counts are 0). */
export type LatencySignalCounts = RuleRef & Partial<LatencyCounts>;

/** The right to publish one `latency` alert for a rule in the current window. */
export interface LatencyClaim {
  readonly ruleKeyId: string;
  readonly token: string;
  /** The signals counted since the rule's previous latency alert, this batch included: what the alert reports. */
  readonly counts: LatencyCounts;
  /** ISO 8601 time of the previous latency alert of this rule; absent for its first one. */
  readonly since?: string;
}

export interface IncidentStore {
  /** Adds one batch's failures of one incident. Exactly one write. */
  recordFailures(group: IncidentGroup<unknown>, now: Date): Promise<RecordResult>;
  /** Claims an alert that is due; `undefined` when another invocation holds it or it is no longer due. */
  claimAlert(request: ClaimRequest): Promise<AlertClaim | undefined>;
  /**
   * Records a published alert: `alertState = sent`, `lastAlertAt`, `countAtLastAlert` and, for `new`, the report.
   * Returns false when the claim had expired and was taken over (the alert went out anyway).
   */
  completeAlert(claim: AlertClaim, now: Date, report?: IncidentReport): Promise<boolean>;
  /** Gives a claim back after a failed publish so that the next event (or the redelivery) tries again. */
  releaseAlert(claim: AlertClaim): Promise<void>;
  /** The report stored with the `new` alert. */
  getReport(incidentId: string): Promise<IncidentReport | undefined>;
  getIncident(incidentId: string): Promise<StoredIncident | undefined>;
  /** Incidents, most recently seen first. */
  listIncidents(options: { readonly status?: IncidentStatus; readonly limit: number }): Promise<IncidentState[]>;
  /**
   * Resolves an open incident at `at`, only if it is unchanged since the caller read `expected` and no alert claim
   * is live (one conditional write). Returns the resolved incident, or `undefined` when it changed, is already
   * resolved or does not exist.
   */
  markResolved(incidentId: string, at: Date, expected: ResolveExpectation): Promise<IncidentState | undefined>;
  /**
   * Adds one batch's latency signals to the rule's count and, when the rule's window is over (at most one `latency`
   * alert per rule per window), claims the alert with everything counted since the previous one; else `undefined`.
   */
  claimLatencyAlert(signal: LatencySignalCounts, now: Date, windowSeconds: number): Promise<LatencyClaim | undefined>;
  /** Gives a latency window, and the counts it took, back after a failed publish. */
  releaseLatencyAlert(claim: LatencyClaim): Promise<void>;
}

/** The store could not be read or written; `operation` names the store call, `awsErrorName` the SDK error. */
export class StoreError extends DoctorError {
  readonly operation: string;
  readonly awsErrorName?: string;
  constructor(operation: string, message: string, options?: { cause?: unknown; awsErrorName?: string }) {
    super(`incident store ${operation} failed: ${message}`, options);
    this.operation = operation;
    if (options?.awsErrorName) this.awsErrorName = options.awsErrorName;
  }
}

/** Stable id of a rule for latency alerts (same inputs, same id, across processes). */
export function ruleKeyId(rule: RuleRef): string {
  const digest = createHash('sha256')
    .update([rule.sourceBucket, rule.ruleId, rule.destinationBucket].join('\u0000'))
    .digest('hex');
  return `rule-${digest.slice(0, 16)}`;
}

/** The counts of a batch's signal, missing ones as 0. */
export function latencyCountsOf(signal: Partial<LatencyCounts>): LatencyCounts {
  return {
    missedThreshold: signal.missedThreshold ?? 0,
    replicatedAfterThreshold: signal.replicatedAfterThreshold ?? 0,
    notTracked: signal.notTracked ?? 0,
  };
}

/** Keeps at most `MAX_STORED_SAMPLES` samples, the latest event times. */
export function boundSamples(samples: readonly ObjectSample[]): ObjectSample[] {
  if (samples.length <= MAX_STORED_SAMPLES) return [...samples];
  return [...samples].sort((a, b) => (a.eventTime < b.eventTime ? 1 : -1)).slice(0, MAX_STORED_SAMPLES);
}
