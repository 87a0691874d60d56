import type { SQSRecord } from 'aws-lambda';
import { MemoryIncidentStore } from '../../lambdas/adapters/memory-store.js';
import { catalogDiagnoser, type Diagnoser } from '../../lambdas/core/diagnose.js';
import { parseMessageBody } from '../../lambdas/core/event.js';
import { groupFailures, type IncidentGroup } from '../../lambdas/core/incident.js';
import type { Alert } from '../../lambdas/core/render.js';
import type { IncidentStore } from '../../lambdas/core/store.js';
import type {
  Alerter,
  LogFields,
  MetricDimension,
  MetricName,
  ResponderLogger,
  ResponderMetrics,
} from '../../lambdas/responder/ports.js';
import { createResponder, type Responder, type ResponderDeps } from '../../lambdas/responder/responder.js';

/** Fake ports for responder tests: they record what the responder did. */

export class RecordingAlerter implements Alerter {
  readonly published: Alert[] = [];
  /** Set to make the next publishes fail. */
  failWith: Error | undefined;

  async publish(alert: Alert): Promise<{ readonly messageId?: string }> {
    if (this.failWith) throw this.failWith;
    this.published.push(alert);
    return { messageId: `msg-${this.published.length}` };
  }

  /** Published alerts of one `alertType`. */
  ofType(type: string): Alert[] {
    return this.published.filter((a) => a.attributes.alertType?.StringValue === type);
  }
}

export class RecordingMetrics implements ResponderMetrics {
  readonly counts = new Map<string, number>();
  flushes = 0;

  count(name: MetricName, value = 1, dimension?: MetricDimension): void {
    const id = dimension ? `${name}{${dimension.name}=${dimension.value}}` : name;
    this.counts.set(id, (this.counts.get(id) ?? 0) + value);
  }

  flush(): void {
    this.flushes += 1;
  }

  get(id: string): number {
    return this.counts.get(id) ?? 0;
  }
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

export class RecordingLogger implements ResponderLogger {
  readonly lines: LogLine[] = [];
  debug(message: string, ...fields: LogFields[]): void {
    this.lines.push({ level: 'debug', message, fields: Object.assign({}, ...fields) });
  }
  info(message: string, ...fields: LogFields[]): void {
    this.lines.push({ level: 'info', message, fields: Object.assign({}, ...fields) });
  }
  warn(message: string, ...fields: LogFields[]): void {
    this.lines.push({ level: 'warn', message, fields: Object.assign({}, ...fields) });
  }
  error(message: string, ...fields: LogFields[]): void {
    this.lines.push({ level: 'error', message, fields: Object.assign({}, ...fields) });
  }
}

/** A settable clock. */
export class TestClock {
  #now: number;
  constructor(start = '2024-09-05T21:05:00.000Z') {
    this.#now = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.#now);
  advance(seconds: number): void {
    this.#now += seconds * 1000;
  }
  get ms(): number {
    return this.#now;
  }
}

export interface TestResponder {
  readonly respond: Responder;
  readonly store: IncidentStore;
  readonly alerter: RecordingAlerter;
  readonly metrics: RecordingMetrics;
  readonly logger: RecordingLogger;
  readonly clock: TestClock;
}

/** A responder on fakes (memory store unless given), digest window 900 s, latency alerts off. */
export function testResponder(
  overrides: Partial<Omit<ResponderDeps, 'clock' | 'alerter' | 'metrics' | 'logger'>> & {
    readonly clock?: TestClock;
    readonly diagnoser?: Diagnoser;
  } = {},
): TestResponder {
  const store = overrides.store ?? new MemoryIncidentStore();
  const alerter = new RecordingAlerter();
  const metrics = new RecordingMetrics();
  const logger = new RecordingLogger();
  const clock = overrides.clock ?? new TestClock();
  const respond = createResponder({
    store,
    alerter,
    diagnoser: overrides.diagnoser ?? catalogDiagnoser(),
    clock: clock.now,
    logger,
    metrics,
    config: overrides.config ?? { digestIntervalSeconds: 900, latencyAlerts: false },
  });
  return { respond, store, alerter, metrics, logger, clock };
}

/** The `itemIdentifier`s of a batch response, sorted. */
export function failedIds(response: { batchItemFailures: { itemIdentifier: string }[] }): string[] {
  return response.batchItemFailures.map((f) => f.itemIdentifier).sort();
}

/** A store that delegates to `inner` except for the given methods (to inject failures). */
export function storeWith(inner: IncidentStore, overrides: Partial<IncidentStore>): IncidentStore {
  return {
    recordFailures: (group, now) => inner.recordFailures(group, now),
    claimAlert: (request) => inner.claimAlert(request),
    completeAlert: (claim, now, report) => inner.completeAlert(claim, now, report),
    releaseAlert: (claim) => inner.releaseAlert(claim),
    getReport: (id) => inner.getReport(id),
    getIncident: (id) => inner.getIncident(id),
    listIncidents: (options) => inner.listIncidents(options),
    markResolved: (id, at, expected) => inner.markResolved(id, at, expected),
    claimLatencyAlert: (rule, now, windowSeconds) => inner.claimLatencyAlert(rule, now, windowSeconds),
    releaseLatencyAlert: (claim) => inner.releaseLatencyAlert(claim),
    ...overrides,
  };
}

/** The incident groups the responder forms from these SQS records (what a container records before it alerts). */
export function groupsOf(records: readonly SQSRecord[]): IncidentGroup<string>[] {
  const items = records.flatMap((record) => {
    const parsed = parseMessageBody(record.body);
    return parsed.kind === 'records' ? parsed.events.map((event) => ({ event, ref: record.messageId })) : [];
  });
  return groupFailures(items);
}
