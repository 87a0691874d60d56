import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lookupReason } from '../core/catalog/index.js';
import { forEachLimited } from '../core/concurrency.js';
import { catalogDiagnoser, type Diagnoser } from '../core/diagnose.js';
import { MalformedEventError } from '../core/errors.js';
import { parseMessageBody, type ReplicationEvent } from '../core/event.js';
import { groupFailures, groupLatencySignals, type IncidentGroup, type LatencySignal } from '../core/incident.js';
import { type Alert, renderDigestAlert, renderNewAlert } from '../core/render.js';
import type { IncidentReport } from '../core/report.js';
import { type AlertClaim, type IncidentState, type IncidentStore, StoreError } from '../core/store.js';
import { createSuppressionMatcher, type SuppressionRule } from '../core/suppression.js';
import type { ResponderConfig } from './config.js';
import { renderLatencyAlert } from './latency-alert.js';
import { type Alerter, PublishError, type ResponderLogger, type ResponderMetrics } from './ports.js';

/** Everything the responder talks to; the handler wires real adapters, tests inject fakes. */
export interface ResponderDeps {
  readonly store: IncidentStore;
  readonly alerter: Alerter;
  readonly diagnoser: Diagnoser;
  readonly clock: () => Date;
  readonly logger: ResponderLogger;
  readonly metrics: ResponderMetrics;
  readonly config: Pick<ResponderConfig, 'digestIntervalSeconds' | 'latencyAlerts'> & {
    /** Benign failures to count, never group or page (`SUPPRESSION_RULES`); @default none */
    readonly suppressionRules?: readonly SuppressionRule[];
  };
}

export type Responder = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/** Incidents (and latency rules) of one batch handled at the same time. */
const CONCURRENCY = 5;

type Ref = string;

interface Intake {
  readonly items: { readonly event: ReplicationEvent; readonly ref: Ref }[];
  readonly records: ReadonlyMap<Ref, SQSRecord>;
}

/** Error name and message on one line, bounded: error messages here never carry object keys. */
function describe(error: unknown): { readonly errorName: string; readonly error: string } {
  const errorName = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { errorName, error: message.replace(/\s+/g, ' ').slice(0, 500) };
}

/** `FailureReason` dimension: the current spelling of a known code, `Unclassified` otherwise (bounded cardinality). */
export function failureReasonDimension(failureReason: string): string {
  const lookup = lookupReason(failureReason);
  return lookup.known ? lookup.canonicalReason : 'Unclassified';
}

/**
 * A message is a redelivery when SQS has handed it out before. It may bring the digest only if it was first
 * received after the last alert: otherwise it was in flight when that alert was taken, and alerting for it again
 * would break "a redelivered message never alerts again" (SPEC "Intake").
 */
function freshSince(record: SQSRecord | undefined, lastAlertMs: number): boolean {
  const receiveCount = Number(record?.attributes?.ApproximateReceiveCount);
  if (!Number.isFinite(receiveCount) || receiveCount <= 1) return true;
  const firstReceived = Number(record?.attributes?.ApproximateFirstReceiveTimestamp);
  return !Number.isFinite(firstReceived) || firstReceived > lastAlertMs;
}

/** The incident as the store knows it, shaped as a group: what the `new` alert describes. */
function incidentView(group: IncidentGroup<Ref>, state: IncidentState): IncidentGroup<unknown> {
  return {
    ...group,
    failureReason: state.failureReason || group.failureReason,
    objectCount: state.objectCount,
    firstSeen: state.firstSeen || group.firstSeen,
    lastSeen: state.lastSeen || group.lastSeen,
    samples: state.firstSamples.length > 0 ? state.firstSamples : group.samples,
    refs: [],
  };
}

/**
 * Builds the responder: SQS batch → parse every record → group failures into incidents across the whole batch →
 * per incident: record, claim an alert if one is due, diagnose (only for a won `new` claim), publish, record →
 * `batchItemFailures` for exactly the messages whose parsing, storing or publishing failed.
 */
export function createResponder(deps: ResponderDeps): Responder {
  const { store, alerter, clock, logger, metrics, config } = deps;
  const windowMs = config.digestIntervalSeconds * 1000;
  const suppressed = createSuppressionMatcher(config.suppressionRules ?? []);

  function readBatch(records: readonly SQSRecord[], failed: Set<Ref>): Intake {
    const items: { event: ReplicationEvent; ref: Ref }[] = [];
    const byId = new Map<Ref, SQSRecord>();
    const suppressions = new Map<string, Record<string, unknown> & { failures: number }>();
    for (const record of records) {
      const messageId = record.messageId;
      byId.set(messageId, record);
      try {
        if (typeof record.body !== 'string') throw new MalformedEventError('body', 'missing');
        const parsed = parseMessageBody(record.body);
        if (parsed.kind === 'test-event') {
          metrics.count('TestEvents');
          logger.info('S3 test event acknowledged', { messageId, bucket: parsed.bucket ?? '-' });
          continue;
        }
        for (const event of parsed.events) {
          const match = suppressed(event);
          if (match === undefined) {
            items.push({ event, ref: messageId });
            continue;
          }
          // Counted on the dashboard, never grouped or paged (SPEC "Incidents and alerts").
          const reason = failureReasonDimension(event.failureReason ?? '');
          metrics.count('SuppressedFailures', 1, { name: 'FailureReason', value: reason });
          const id = `${match.ruleIndex}\u0000${reason}\u0000${event.sourceBucket}\u0000${event.ruleId}`;
          const seen = suppressions.get(id);
          if (seen) seen.failures += 1;
          else
            suppressions.set(id, {
              rule: match.ruleIndex,
              reason,
              sourceBucket: event.sourceBucket,
              ruleId: event.ruleId,
              failures: 1,
            });
        }
        if (parsed.skipped > 0)
          logger.debug('Records that are not replication events skipped', { messageId, skipped: parsed.skipped });
      } catch (error) {
        failed.add(messageId);
        if (error instanceof MalformedEventError) {
          metrics.count('MalformedMessages');
          logger.warn('Malformed message left for retry and the DLQ', {
            messageId,
            field: error.field,
            ...describe(error),
          });
        } else {
          logger.error('Unexpected error reading a message', { messageId, ...describe(error) });
        }
      }
    }
    // One debug line per rule and cause per batch, not per object (a storm of benign failures stays cheap).
    for (const fields of suppressions.values()) logger.debug('Failures suppressed by a suppression rule', fields);
    return { items, records: byId };
  }

  async function diagnose(group: IncidentGroup<unknown>): Promise<IncidentReport> {
    try {
      const report = await deps.diagnoser(group);
      const ownGaps = report.checks.filter((c) => c.status === 'unknown' && c.missingPermission).length;
      if (ownGaps > 0) metrics.count('CheckErrors', ownGaps);
      return report;
    } catch (error) {
      metrics.count('CheckErrors');
      const { errorName } = describe(error);
      logger.error('Diagnosis failed; alerting with the catalog diagnosis', {
        incidentId: group.incidentId,
        ...describe(error),
      });
      return catalogDiagnoser(`live checks failed (${errorName})`)(group);
    }
  }

  /** Claims the alert that is due for this incident, if any. Never claims while a live claim is held. */
  async function claimIfDue(
    group: IncidentGroup<Ref>,
    state: IncidentState,
    records: ReadonlyMap<Ref, SQSRecord>,
    now: Date,
  ): Promise<AlertClaim | undefined> {
    const nowMs = now.getTime();
    if (state.alertState === 'claimed' && (state.claimUntil ?? 0) >= nowMs) return undefined;
    if (state.lastAlertAt === undefined) return store.claimAlert({ incidentId: group.incidentId, type: 'new', now });
    const lastAlertMs = Date.parse(state.lastAlertAt);
    if (lastAlertMs > nowMs - windowMs || state.objectCount <= state.countAtLastAlert) return undefined;
    if (!group.refs.some((ref) => freshSince(records.get(ref), lastAlertMs))) return undefined;
    return store.claimAlert({
      incidentId: group.incidentId,
      type: 'digest',
      now,
      lastAlertNotAfter: new Date(nowMs - windowMs),
    });
  }

  async function handleIncident(group: IncidentGroup<Ref>, records: ReadonlyMap<Ref, SQSRecord>): Promise<void> {
    const fields = {
      incidentId: group.incidentId,
      reason: group.failureReason,
      canonicalReason: group.key.canonicalReason,
      sourceBucket: group.key.sourceBucket,
      destinationBucket: group.key.destinationBucket,
      ruleId: group.key.ruleId,
    };
    const now = clock();
    const recorded = await store.recordFailures(group, now);
    if (recorded.created || recorded.reopened) {
      metrics.count('IncidentsOpened');
      logger.info(recorded.reopened ? 'Resolved incident re-opened' : 'Incident opened', {
        ...fields,
        objects: group.objectCount,
      });
    }
    const claim = recorded.claim ?? (await claimIfDue(group, recorded.state, records, now));
    if (claim === undefined) {
      logger.debug('Failures counted', { ...fields, objects: group.objectCount, total: recorded.state.objectCount });
      return;
    }
    let alert: Alert;
    let report: IncidentReport | undefined;
    try {
      if (claim.type === 'new') {
        report = await diagnose(incidentView(group, claim.state));
        alert = renderNewAlert(report);
      } else {
        let stored = await store.getReport(group.incidentId);
        if (stored === undefined) {
          logger.warn('No stored report for the digest; diagnosing again', fields);
          report = await diagnose(incidentView(group, claim.state));
          stored = report;
        }
        alert = renderDigest(stored, claim.state, group);
      }
      await alerter.publish(alert);
    } catch (error) {
      await store.releaseAlert(claim).catch((releaseError: unknown) => {
        logger.error('Could not release the alert claim; it expires with its lease', {
          ...fields,
          ...describe(releaseError),
        });
      });
      throw error;
    }
    metrics.count('AlertsPublished', 1, { name: 'AlertType', value: claim.type });
    // The alert is out: recording it is what stops a second one, so a transient store error gets one more try
    // before the messages go back to the queue (SPEC allows a duplicate only if the function dies in between).
    const recordedAlert = await store.completeAlert(claim, clock(), report).catch(async (error: unknown) => {
      logger.warn('Recording the published alert failed; retrying once', { ...fields, ...describe(error) });
      return store.completeAlert(claim, clock(), report);
    });
    logger.info('Alert published', { ...fields, alertType: claim.type, objects: claim.state.objectCount });
    if (!recordedAlert) {
      logger.warn('Alert published after its claim expired and was taken over; a duplicate alert is possible', fields);
    }
  }

  function renderDigest(report: IncidentReport, state: IncidentState, group: IncidentGroup<Ref>): Alert {
    const samples = state.recentSamples.length > 0 ? state.recentSamples : group.samples;
    return renderDigestAlert(
      { ...report, objectCount: state.objectCount, firstSeen: state.firstSeen, lastSeen: state.lastSeen },
      {
        newObjects: state.objectCount - state.countAtLastAlert,
        totalObjects: state.objectCount,
        since: state.lastAlertAt ?? state.firstSeen,
        sampleKeys: samples.map((s) => s.key),
      },
    );
  }

  async function handleLatency(signal: LatencySignal<Ref>): Promise<void> {
    const claim = await store.claimLatencyAlert(signal, clock(), config.digestIntervalSeconds);
    if (claim === undefined) return;
    try {
      await alerter.publish(renderLatencyAlert(signal, config.digestIntervalSeconds, claim));
    } catch (error) {
      await store.releaseLatencyAlert(claim).catch((releaseError: unknown) => {
        logger.error('Could not release the latency alert window', describe(releaseError));
      });
      throw error;
    }
    metrics.count('AlertsPublished', 1, { name: 'AlertType', value: 'latency' });
    logger.info('Latency alert published', {
      sourceBucket: signal.sourceBucket,
      destinationBucket: signal.destinationBucket,
      ruleId: signal.ruleId,
    });
  }

  /** Runs one unit of work; on error, exactly its messages fail and the error is counted and logged. */
  function guarded(refs: readonly Ref[], fields: Record<string, unknown>, work: () => Promise<void>, failed: Set<Ref>) {
    return async (): Promise<void> => {
      try {
        await work();
      } catch (error) {
        for (const ref of refs) failed.add(ref);
        if (error instanceof StoreError) metrics.count('StoreErrors');
        else if (error instanceof PublishError) metrics.count('PublishErrors');
        logger.error('Incident handling failed; its messages will be retried', {
          ...fields,
          messages: refs.length,
          ...describe(error),
        });
      }
    };
  }

  return async (event) => {
    // Lambda always sends records with a messageId; anything else cannot be reported back (an empty or unknown
    // itemIdentifier fails the whole batch), so it is logged and left out rather than allowed to break the batch.
    const all: unknown[] = Array.isArray(event?.Records) ? event.Records : [];
    const records = all.filter(hasMessageId);
    if (records.length < all.length) {
      logger.error('SQS records without a messageId ignored', { count: all.length - records.length });
    }
    const failed = new Set<Ref>();
    try {
      const intake = readBatch(records, failed);
      const groups = groupFailures(intake.items);
      for (const group of groups) {
        metrics.count('ReplicationFailures', group.objectCount, {
          name: 'FailureReason',
          value: failureReasonDimension(group.failureReason),
        });
      }
      const signals = groupLatencySignals(intake.items);
      for (const signal of signals) {
        if (signal.missedThreshold > 0) metrics.count('OperationsMissedThreshold', signal.missedThreshold);
        if (signal.replicatedAfterThreshold > 0) {
          metrics.count('OperationsReplicatedAfterThreshold', signal.replicatedAfterThreshold);
        }
        if (signal.notTracked > 0) metrics.count('OperationsNotTracked', signal.notTracked);
      }
      const tasks = groups.map((group) =>
        guarded(
          group.refs,
          { incidentId: group.incidentId, reason: group.failureReason, sourceBucket: group.key.sourceBucket },
          () => handleIncident(group, intake.records),
          failed,
        ),
      );
      if (config.latencyAlerts) {
        for (const signal of signals) {
          tasks.push(
            guarded(
              signal.refs,
              { sourceBucket: signal.sourceBucket, ruleId: signal.ruleId, alertType: 'latency' },
              () => handleLatency(signal),
              failed,
            ),
          );
        }
      }
      await forEachLimited(tasks, CONCURRENCY, (task) => task());
    } catch (error) {
      // A defect outside the per-incident guards: retry every message rather than lose one or throw the batch away.
      for (const record of records) failed.add(record.messageId);
      logger.error('Unexpected error handling the batch; every message will be retried', describe(error));
    } finally {
      try {
        metrics.flush();
      } catch (error) {
        logger.error('Metrics could not be published', describe(error));
      }
    }
    return {
      batchItemFailures: records
        .filter((record) => failed.has(record.messageId))
        .map((record) => ({ itemIdentifier: record.messageId })),
    };
  };
}

function hasMessageId(record: unknown): record is SQSRecord {
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof (record as { messageId?: unknown }).messageId === 'string' &&
    (record as { messageId: string }).messageId.length > 0
  );
}
