import { forEachLimited } from '../core/concurrency.js';
import { catalogDiagnoser } from '../core/diagnose.js';
import { oneLine } from '../core/errors.js';
import type { IncidentGroup } from '../core/incident.js';
import { renderResolvedAlert } from '../core/render.js';
import type { IncidentReport } from '../core/report.js';
import { type KeepReason, type RuleCheckOutcome, shouldResolve } from '../core/resolution.js';
import type { IncidentState, IncidentStore } from '../core/store.js';
import type { Alerter, ResponderLogger } from './ports.js';

export { loadResolutionConfig, type ResolutionConfig } from './config.js';

/**
 * The resolution sweep (issue 9, item 2): run on a schedule (by the auditor), it resolves every open incident that
 * had no new failure for the quiet period and whose rule's checks pass now, and publishes a `resolved` alert.
 * A failure that arrives later re-opens the incident with a fresh `new` alert (see `core/store.ts`).
 */

/** The outcome of re-checking a rule; `verifyRule` (`checks/verify-rule.ts`) returns exactly this shape. */
export interface RuleVerificationResult extends RuleCheckOutcome {
  /** The checks that were run, shown in the `resolved` alert. */
  readonly results?: readonly { readonly id: string; readonly status: string; readonly summary: string }[];
}

/** What the sweep needs; all of it is injected. */
export interface SweepResolutionsOptions {
  readonly store: Pick<IncidentStore, 'listIncidents' | 'getReport' | 'markResolved'>;
  /** Re-runs the rule-level checks of one replication rule now, e.g. `(b, r) => verifyRule(reader, b, r)`. */
  readonly verify: (sourceBucket: string, ruleId: string) => Promise<RuleVerificationResult>;
  readonly alerter: Alerter;
  readonly clock: () => Date;
  /** `RESOLVE_AFTER_SECONDS`: how long an incident must be without a new failure. */
  readonly quietSeconds: number;
  /** `RESOLVED_ALERTS`: publish a `resolved` alert for each resolved incident. */
  readonly resolvedAlerts: boolean;
  /** @default no logging */
  readonly logger?: ResponderLogger;
  /** Bound on the open incidents examined in one sweep (the most recently seen first). @default 10000 */
  readonly limit?: number;
  /** Rules verified at the same time. @default 4 */
  readonly concurrency?: number;
}

/** One incident the sweep resolved. */
export interface ResolvedIncident {
  readonly incidentId: string;
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly canonicalReason: string;
  readonly objectCount: number;
  readonly resolvedAt: string;
  /** A `resolved` alert was published for it. */
  readonly alerted: boolean;
}

/** Why an incident stayed open in this sweep: a decision, or `changed` (a write won the race against resolving). */
export type SweepKeepReason = Exclude<KeepReason, 'needs-verification'> | 'changed';

/** A step that failed; the incident concerned stays as it was (or, for `publish`, resolved without its alert). */
export interface SweepError {
  readonly stage: 'list' | 'verify' | 'resolve' | 'publish';
  readonly incidentId?: string;
  readonly error: string;
}

/** What one sweep did. The sweep never throws: failures are in `errors`. */
export interface SweepSummary {
  /** Open incidents read. */
  readonly examined: number;
  readonly resolved: readonly ResolvedIncident[];
  /** Open incidents left open, by reason. */
  readonly kept: Readonly<Record<SweepKeepReason, number>>;
  /** Distinct rules whose checks ran (once per rule, however many incidents it has). */
  readonly rulesVerified: number;
  readonly alertsPublished: number;
  readonly errors: readonly SweepError[];
}

/** The store is scanned in full either way; the bound only keeps one sweep's work finite. */
const DEFAULT_LIMIT = 10_000;

function emptyKept(): Record<SweepKeepReason, number> {
  return {
    'not-open': 0,
    'never-alerted': 0,
    'alert-in-flight': 0,
    'not-quiet': 0,
    'checks-failing': 0,
    changed: 0,
  };
}

/** The incident as a group, for a catalog report when its stored report is gone. */
function groupOf(state: IncidentState): IncidentGroup<unknown> {
  return {
    incidentId: state.incidentId,
    key: {
      sourceBucket: state.sourceBucket,
      ruleId: state.ruleId,
      destinationBucket: state.destinationBucket,
      canonicalReason: state.canonicalReason,
    },
    failureReason: state.failureReason || state.canonicalReason,
    awsRegion: state.awsRegion,
    ...(state.sourceAccount ? { sourceAccount: state.sourceAccount } : {}),
    objectCount: state.objectCount,
    firstSeen: state.firstSeen,
    lastSeen: state.lastSeen,
    samples: state.firstSamples,
    refs: [],
  };
}

/**
 * Resolves the open incidents that are due. Per incident: decide without checks (quiet period, alert state); run
 * the rule's checks once per rule for the candidates; resolve with a conditional write (an incident that got a new
 * failure meanwhile stays open); then, with `resolvedAlerts`, publish the `resolved` alert. Never throws.
 */
export async function sweepResolutions(options: SweepResolutionsOptions): Promise<SweepSummary> {
  const { store, alerter, clock, quietSeconds, logger } = options;
  const kept = emptyKept();
  const resolved: ResolvedIncident[] = [];
  const errors: SweepError[] = [];
  let alertsPublished = 0;
  let rulesVerified = 0;

  let open: IncidentState[];
  try {
    open = await store.listIncidents({ status: 'open', limit: options.limit ?? DEFAULT_LIMIT });
  } catch (error) {
    errors.push({ stage: 'list', error: oneLine(error) });
    logger?.error('Resolution sweep could not list open incidents', { error: oneLine(error) });
    return { examined: 0, resolved, kept, rulesVerified: 0, alertsPublished, errors };
  }

  // First pass, no AWS reads: which incidents are candidates.
  const candidates = new Map<string, IncidentState[]>();
  for (const state of open) {
    const decision = shouldResolve(state, clock(), quietSeconds);
    if (!decision.resolve && decision.reason !== 'needs-verification') {
      kept[decision.reason] += 1;
      continue;
    }
    const ruleKey = `${state.sourceBucket}\u0000${state.ruleId}`;
    const list = candidates.get(ruleKey) ?? [];
    list.push(state);
    candidates.set(ruleKey, list);
  }

  async function resolveOne(state: IncidentState, verification: RuleVerificationResult): Promise<void> {
    const now = clock();
    const decision = shouldResolve(state, now, quietSeconds, verification);
    const fields = { incidentId: state.incidentId, sourceBucket: state.sourceBucket, ruleId: state.ruleId };
    if (!decision.resolve) {
      if (decision.reason !== 'needs-verification') kept[decision.reason] += 1;
      logger?.info('Incident stays open', { ...fields, reason: decision.reason, detail: decision.detail });
      return;
    }
    let after: IncidentState | undefined;
    try {
      after = await store.markResolved(state.incidentId, now, state);
    } catch (error) {
      errors.push({ stage: 'resolve', incidentId: state.incidentId, error: oneLine(error) });
      logger?.error('Could not resolve the incident', { ...fields, error: oneLine(error) });
      return;
    }
    if (after === undefined) {
      kept.changed += 1;
      logger?.info('Incident changed while resolving; it stays open', fields);
      return;
    }
    const resolvedAt = after.resolvedAt ?? now.toISOString();
    let alerted = false;
    if (options.resolvedAlerts) {
      try {
        const stored = await store.getReport(state.incidentId);
        const report: IncidentReport =
          stored ?? (await catalogDiagnoser('resolved without a stored report')(groupOf(after)));
        await alerter.publish(
          renderResolvedAlert(
            { ...report, objectCount: after.objectCount, firstSeen: after.firstSeen, lastSeen: after.lastSeen },
            {
              resolvedAt,
              objectCount: after.objectCount,
              quietSince: decision.quietSince,
              quietSeconds,
              ...(verification.results ? { checks: verification.results } : {}),
            },
          ),
        );
        alerted = true;
        alertsPublished += 1;
      } catch (error) {
        // The incident stays resolved: a lost `resolved` alert beats a false one, and the next failure re-opens it.
        errors.push({ stage: 'publish', incidentId: state.incidentId, error: oneLine(error) });
        logger?.error('Incident resolved, but its resolved alert could not be published', {
          ...fields,
          error: oneLine(error),
        });
      }
    }
    resolved.push({
      incidentId: after.incidentId,
      sourceBucket: after.sourceBucket,
      destinationBucket: after.destinationBucket,
      ruleId: after.ruleId,
      canonicalReason: after.canonicalReason,
      objectCount: after.objectCount,
      resolvedAt,
      alerted,
    });
    logger?.info('Incident resolved', { ...fields, objects: after.objectCount, alerted });
  }

  // Second pass: the checks, once per rule, then the conditional writes.
  const tasks = [...candidates.values()].map((states) => async () => {
    const first = states[0];
    if (first === undefined) return;
    let verification: RuleVerificationResult;
    try {
      verification = await options.verify(first.sourceBucket, first.ruleId);
      rulesVerified += 1;
    } catch (error) {
      for (const state of states) errors.push({ stage: 'verify', incidentId: state.incidentId, error: oneLine(error) });
      logger?.error('Could not verify the rule; its incidents stay open', {
        sourceBucket: first.sourceBucket,
        ruleId: first.ruleId,
        error: oneLine(error),
      });
      return;
    }
    for (const state of states) await resolveOne(state, verification);
  });
  await forEachLimited(tasks, options.concurrency ?? 4, (task) => task());

  return { examined: open.length, resolved, kept, rulesVerified, alertsPublished, errors };
}
