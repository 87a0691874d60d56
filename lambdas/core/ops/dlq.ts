import { groupFailures, type IncidentGroup, incidentKeyOf } from '../incident.js';
import { messagesOfDocument } from '../input.js';
import { intakeOf } from '../intake.js';

/**
 * `dlq`: what sits in the dead-letter queue, parsed with the responder's own intake. A message lands there after
 * the responder failed it `maxReceiveCount` times: either it is malformed (it will fail again if redriven) or
 * processing failed (store or publish errors; a redrive after the fix delivers it).
 */

/** One message read from the queue (never deleted). */
export interface DlqMessage {
  readonly messageId: string;
  readonly body: string;
  /** `ApproximateReceiveCount`. */
  readonly receiveCount?: number;
  /** `SentTimestamp` as ISO 8601: when the message first entered a queue. */
  readonly sentAt?: string;
}

/** Failure records per canonical reason. */
export interface ReasonCount {
  readonly canonicalReason: string;
  /** The codes as received (older spellings map to the current one). */
  readonly failureReasons: readonly string[];
  readonly records: number;
  readonly messages: number;
}

export interface DlqSummary {
  readonly messages: number;
  /** `OperationFailedReplication` records. */
  readonly failureRecords: number;
  /** Test events and records that are not failures (threshold, not-tracked, non-replication records). */
  readonly skippedRecords: number;
  readonly byReason: readonly ReasonCount[];
  /** Incidents, with `refs` holding the message IDs behind each. */
  readonly groups: readonly IncidentGroup<string>[];
  readonly malformed: readonly { readonly messageId: string; readonly error: string }[];
}

/** Parses and groups the messages of a dead-letter queue. */
export function summarizeDlq(messages: readonly DlqMessage[]): DlqSummary {
  const document = { Messages: messages.map((m) => ({ MessageId: m.messageId, Body: m.body })) };
  const inputs = messagesOfDocument(document, '');
  const intake = intakeOf(inputs);
  const events = intake.events.map(({ event, ref }) => ({ event, ref: messages[ref]?.messageId ?? `#${ref + 1}` }));
  const groups = groupFailures(events);

  const reasons = new Map<string, { spellings: Set<string>; records: number; messages: Set<string> }>();
  for (const { event, ref } of events) {
    const { canonicalReason } = incidentKeyOf(event);
    const entry = reasons.get(canonicalReason) ?? { spellings: new Set(), records: 0, messages: new Set() };
    entry.records += 1;
    entry.messages.add(ref);
    if (event.failureReason !== undefined) entry.spellings.add(event.failureReason);
    reasons.set(canonicalReason, entry);
  }
  const byReason = [...reasons.entries()]
    .map(([canonicalReason, r]) => ({
      canonicalReason,
      failureReasons: [...r.spellings].sort(),
      records: r.records,
      messages: r.messages.size,
    }))
    .sort((a, b) => b.records - a.records || a.canonicalReason.localeCompare(b.canonicalReason));

  const malformed = intake.errors.map((e, i) => ({ messageId: e.messageId ?? `#${i + 1}`, error: e.error }));
  return {
    messages: messages.length,
    failureRecords: events.length,
    skippedRecords: intake.skipped,
    byReason,
    groups,
    malformed,
  };
}

/** State of a non-destructive scan: messages seen so far, by `MessageId`. */
export interface ScanState {
  readonly seen: ReadonlyMap<string, DlqMessage>;
  readonly polls: number;
  /** Consecutive polls that brought no message not seen before. */
  readonly stalePolls: number;
}

export const EMPTY_SCAN: ScanState = { seen: new Map(), polls: 0, stalePolls: 0 };

/** Adds one poll's messages, deduplicated by `MessageId` (a message whose visibility lapsed comes back). */
export function addPoll(state: ScanState, batch: readonly DlqMessage[], max: number): ScanState {
  const seen = new Map(state.seen);
  let added = 0;
  for (const message of batch) {
    if (seen.size >= max) break;
    if (seen.has(message.messageId)) continue;
    seen.set(message.messageId, message);
    added += 1;
  }
  return { seen, polls: state.polls + 1, stalePolls: added === 0 ? state.stalePolls + 1 : 0 };
}

/** Polls with nothing new before the scan stops (one empty long poll can be a miss). */
export const STALE_POLLS_TO_STOP = 2;

/** Whether a scan is done: `max` reached, nothing new twice in a row, or the poll budget spent. */
export function scanDone(state: ScanState, max: number): boolean {
  const budget = Math.ceil(max / 10) * 2 + STALE_POLLS_TO_STOP;
  return state.seen.size >= max || state.stalePolls >= STALE_POLLS_TO_STOP || state.polls >= budget;
}
