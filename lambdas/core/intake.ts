import type { ReplicationEvent } from './event.js';
import type { InputMessage } from './input.js';

/** Parsed input, ready for grouping: events with a reference back to their message, what was skipped, errors. */
export interface Intake<R> {
  readonly events: { readonly event: ReplicationEvent; readonly ref: R }[];
  /** Test events and records that are not failures. */
  readonly skipped: number;
  readonly errors: { readonly messageId?: string; readonly error: string }[];
  /** How many messages parsed at all. */
  readonly parsedMessages: number;
}

/** Collects the events of parsed CLI input messages; `ref` is the message's position. */
export function intakeOf(messages: readonly InputMessage[]): Intake<number> {
  const events: { event: ReplicationEvent; ref: number }[] = [];
  const errors: { messageId?: string; error: string }[] = [];
  let skipped = 0;
  let parsedMessages = 0;
  messages.forEach((message, ref) => {
    if ('error' in message) {
      errors.push({ ...(message.messageId ? { messageId: message.messageId } : {}), error: message.error });
      return;
    }
    parsedMessages += 1;
    const { parsed } = message;
    if (parsed.kind === 'test-event') {
      skipped += 1;
      return;
    }
    skipped += parsed.skipped;
    for (const event of parsed.events) {
      if (event.type === 'OperationFailedReplication') events.push({ event, ref });
      else skipped += 1;
    }
  });
  return { events, skipped, errors, parsedMessages };
}
