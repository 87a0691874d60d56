import { createHash } from 'node:crypto';
import { canonicalReason } from './catalog/index.js';
import type { ReplicationEvent } from './event.js';

/** An incident is one cause: SPEC "Incidents and alerts" fixes this key. */
export interface IncidentKey {
  readonly sourceBucket: string;
  readonly ruleId: string;
  readonly destinationBucket: string;
  readonly canonicalReason: string;
}

/** One failed object version kept as a sample. */
export interface ObjectSample {
  readonly key: string;
  readonly versionId?: string;
  readonly eventTime: string;
}

/** The failures of one incident seen in one batch (or one CLI input). `refs` lead back to the input messages. */
export interface IncidentGroup<R> {
  readonly incidentId: string;
  readonly key: IncidentKey;
  /** The code as received (the first one seen, if spellings differ). */
  readonly failureReason: string;
  readonly awsRegion: string;
  readonly sourceAccount?: string;
  readonly objectCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly samples: readonly ObjectSample[];
  readonly refs: readonly R[];
}

/** Default bound on the sample of failed object versions an incident keeps. */
export const MAX_SAMPLES = 10;

/** Stable id for an incident key: the same key always gives the same id, across processes. */
export function incidentId(key: IncidentKey): string {
  const digest = createHash('sha256')
    .update([key.sourceBucket, key.ruleId, key.destinationBucket, key.canonicalReason].join('\u0000'))
    .digest('hex');
  return `inc-${digest.slice(0, 16)}`;
}

/** The incident key of a failure event. */
export function incidentKeyOf(event: ReplicationEvent): IncidentKey {
  return {
    sourceBucket: event.sourceBucket,
    ruleId: event.ruleId,
    destinationBucket: event.destinationBucket,
    canonicalReason: canonicalReason(event.failureReason ?? ''),
  };
}

interface MutableGroup<R> {
  incidentId: string;
  key: IncidentKey;
  failureReason: string;
  awsRegion: string;
  sourceAccount?: string;
  objectCount: number;
  firstSeen: string;
  lastSeen: string;
  samples: ObjectSample[];
  refs: Set<R>;
  seen: Set<string>;
}

/**
 * Groups `OperationFailedReplication` events into incidents. A record repeated in the same input (same key,
 * version and sequencer) counts once; refs are kept for every record so failures can be mapped back.
 */
export function groupFailures<R>(
  items: Iterable<{ readonly event: ReplicationEvent; readonly ref: R }>,
  maxSamples = MAX_SAMPLES,
): IncidentGroup<R>[] {
  const groups = new Map<string, MutableGroup<R>>();
  for (const { event, ref } of items) {
    if (event.type !== 'OperationFailedReplication') continue;
    const key = incidentKeyOf(event);
    const id = incidentId(key);
    let group = groups.get(id);
    if (group === undefined) {
      group = {
        incidentId: id,
        key,
        failureReason: event.failureReason ?? '',
        awsRegion: event.awsRegion,
        ...(event.sourceBucketOwner ? { sourceAccount: event.sourceBucketOwner } : {}),
        objectCount: 0,
        firstSeen: event.eventTime,
        lastSeen: event.eventTime,
        samples: [],
        refs: new Set(),
        seen: new Set(),
      };
      groups.set(id, group);
    }
    group.refs.add(ref);
    const identity = `${event.key}\u0000${event.versionId ?? ''}\u0000${event.sequencer ?? ''}`;
    if (group.seen.has(identity)) continue;
    group.seen.add(identity);
    group.objectCount += 1;
    if (event.eventTime < group.firstSeen) group.firstSeen = event.eventTime;
    if (event.eventTime > group.lastSeen) group.lastSeen = event.eventTime;
    if (group.samples.length < maxSamples) {
      group.samples.push({
        key: event.key,
        ...(event.versionId ? { versionId: event.versionId } : {}),
        eventTime: event.eventTime,
      });
    }
  }
  return [...groups.values()].map(({ seen: _seen, refs, ...group }) => ({ ...group, refs: [...refs] }));
}

/** Replication-time signals (threshold and not-tracked events) counted per rule. */
export interface LatencySignal<R> {
  readonly sourceBucket: string;
  readonly ruleId: string;
  readonly destinationBucket: string;
  readonly missedThreshold: number;
  readonly replicatedAfterThreshold: number;
  readonly notTracked: number;
  readonly sampleKeys: readonly string[];
  readonly refs: readonly R[];
}

/** Counts `OperationMissedThreshold`, `OperationReplicatedAfterThreshold` and `OperationNotTracked` per rule. */
export function groupLatencySignals<R>(
  items: Iterable<{ readonly event: ReplicationEvent; readonly ref: R }>,
  maxSamples = MAX_SAMPLES,
): LatencySignal<R>[] {
  const groups = new Map<
    string,
    {
      sourceBucket: string;
      ruleId: string;
      destinationBucket: string;
      missedThreshold: number;
      replicatedAfterThreshold: number;
      notTracked: number;
      sampleKeys: string[];
      refs: Set<R>;
    }
  >();
  for (const { event, ref } of items) {
    if (event.type === 'OperationFailedReplication') continue;
    const id = [event.sourceBucket, event.ruleId, event.destinationBucket].join('\u0000');
    let group = groups.get(id);
    if (group === undefined) {
      group = {
        sourceBucket: event.sourceBucket,
        ruleId: event.ruleId,
        destinationBucket: event.destinationBucket,
        missedThreshold: 0,
        replicatedAfterThreshold: 0,
        notTracked: 0,
        sampleKeys: [],
        refs: new Set(),
      };
      groups.set(id, group);
    }
    if (event.type === 'OperationMissedThreshold') group.missedThreshold += 1;
    else if (event.type === 'OperationReplicatedAfterThreshold') group.replicatedAfterThreshold += 1;
    else group.notTracked += 1;
    if (group.sampleKeys.length < maxSamples && !group.sampleKeys.includes(event.key)) group.sampleKeys.push(event.key);
    group.refs.add(ref);
  }
  return [...groups.values()].map((group) => ({ ...group, refs: [...group.refs] }));
}
