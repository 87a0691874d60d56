import type { IncidentState } from './store.js';

/**
 * When an open incident is resolved (GitHub issue 9, item 2): it has had no new failure for the quiet period
 * (`RESOLVE_AFTER_SECONDS`), its `new` alert went out, no alert is in flight, and the rule's checks pass now.
 * Pure: the sweep (`lambdas/responder/resolution.ts`) reads the store, runs the checks and acts on the decision.
 */

/** Default quiet period: an incident is resolved after an hour without a new failure. */
export const DEFAULT_RESOLVE_AFTER_SECONDS = 3_600;

/** The outcome of re-checking an incident's rule now (`verifyRule` returns a superset of this). */
export interface RuleCheckOutcome {
  /** Every rule-level check passes (warnings and unknowns do not block). */
  readonly ok: boolean;
  /** `"<check id>: <summary>"` for each failing check. */
  readonly failing?: readonly string[];
}

/** Why an incident stays as it is. */
export type KeepReason =
  /** Already resolved. */
  | 'not-open'
  /** Its `new` alert was never recorded: the on-call was not told yet, so it is not resolved behind their back. */
  | 'never-alerted'
  /** An invocation holds a live alert claim: a failure is being reported right now. */
  | 'alert-in-flight'
  /** A failure was seen or recorded within the quiet period. */
  | 'not-quiet'
  /** Everything else allows resolving; the rule's checks must be run first. */
  | 'needs-verification'
  /** The rule's checks still fail. */
  | 'checks-failing';

/** The decision for one incident. */
export type ResolutionDecision =
  | {
      readonly resolve: true;
      /** ISO 8601: the last failure (seen or recorded), the start of the quiet period. */
      readonly quietSince: string;
    }
  | {
      readonly resolve: false;
      readonly reason: KeepReason;
      /** One line for logs and the sweep summary. */
      readonly detail: string;
      /** ISO 8601, for `not-quiet`: the earliest time the quiet period can be over. */
      readonly quietUntil?: string;
    };

/** The fields of an incident the decision reads. */
export type ResolutionState = Pick<
  IncidentState,
  'status' | 'lastSeen' | 'updatedAt' | 'lastRecordedAt' | 'lastAlertAt' | 'alertState' | 'claimUntil'
>;

/**
 * The time of an incident's last failure: the later of the last event time (`lastSeen`) and the time the store last
 * recorded a failure (`lastRecordedAt`; `updatedAt` for items written before it existed). Both count: a backlog
 * delivers old events late, and a redriven dead letter carries an event time from long ago.
 */
export function lastFailureMs(state: ResolutionState): number | undefined {
  const times = [state.lastSeen, state.lastRecordedAt ?? state.updatedAt]
    .map((time) => (time === undefined ? Number.NaN : Date.parse(time)))
    .filter((ms) => Number.isFinite(ms));
  return times.length === 0 ? undefined : Math.max(...times);
}

/**
 * Decides whether to resolve an incident now. Without `verification` an otherwise eligible incident comes back as
 * `needs-verification`, so callers run the (costly) checks only for candidates; with it, the checks decide.
 */
export function shouldResolve(
  state: ResolutionState,
  now: Date,
  quietSeconds: number,
  verification?: RuleCheckOutcome,
): ResolutionDecision {
  if (state.status !== 'open')
    return { resolve: false, reason: 'not-open', detail: 'the incident is already resolved' };
  if (state.lastAlertAt === undefined) {
    return {
      resolve: false,
      reason: 'never-alerted',
      detail: 'its new alert was never recorded; it stays open until that alert goes out',
    };
  }
  const nowMs = now.getTime();
  if (state.alertState === 'claimed' && (state.claimUntil ?? 0) >= nowMs) {
    return { resolve: false, reason: 'alert-in-flight', detail: 'an alert for it is being published' };
  }
  const lastMs = lastFailureMs(state);
  if (lastMs === undefined) {
    return { resolve: false, reason: 'not-quiet', detail: 'no failure time is recorded for it' };
  }
  const quietUntilMs = lastMs + quietSeconds * 1000;
  if (nowMs < quietUntilMs) {
    const quietUntil = new Date(quietUntilMs).toISOString();
    return {
      resolve: false,
      reason: 'not-quiet',
      detail: `last failure at ${new Date(lastMs).toISOString()}; quiet until ${quietUntil}`,
      quietUntil,
    };
  }
  if (verification === undefined) {
    return { resolve: false, reason: 'needs-verification', detail: 'quiet period over; checks not run yet' };
  }
  if (!verification.ok) {
    const failing = verification.failing ?? [];
    return {
      resolve: false,
      reason: 'checks-failing',
      detail:
        failing.length > 0
          ? `${failing.length} check(s) still fail: ${failing.slice(0, 3).join('; ')}`
          : 'the checks do not pass',
    };
  }
  return { resolve: true, quietSince: new Date(lastMs).toISOString() };
}
