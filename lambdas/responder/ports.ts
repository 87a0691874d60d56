import { DoctorError } from '../core/errors.js';
import type { Alert } from '../core/render.js';

/**
 * The responder's outbound ports besides the incident store (`core/store.ts`): where alerts go, where logs and
 * metrics go. Adapters: `adapters/sns-alerter.ts`, `responder/observability.ts` (Powertools).
 */

/** Publishes one rendered alert. Throws `PublishError`. */
export interface Alerter {
  publish(alert: Alert): Promise<{ readonly messageId?: string }>;
}

/** Publishing an alert failed (after the SDK's retries); `awsErrorName` is the SNS error, e.g. `KMSDisabledException`. */
export class PublishError extends DoctorError {
  readonly awsErrorName?: string;
  constructor(message: string, options?: { cause?: unknown; awsErrorName?: string }) {
    super(message, options);
    if (options?.awsErrorName) this.awsErrorName = options.awsErrorName;
  }
}

/** Structured log fields. Never object keys or object data: ids, reasons, bucket names, counts, error names. */
export type LogFields = Record<string, unknown>;

/** The logging the responder needs; Powertools `Logger` satisfies it. */
export interface ResponderLogger {
  debug(message: string, ...fields: LogFields[]): void;
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}

/** Metric names the responder emits (namespace `S3ReplicationDoctor`); the dashboard and alarms rely on them. */
export const METRIC_NAMES = [
  'ReplicationFailures',
  'IncidentsOpened',
  'AlertsPublished',
  'MalformedMessages',
  'TestEvents',
  'CheckErrors',
  'StoreErrors',
  'PublishErrors',
  'OperationsMissedThreshold',
  'OperationsReplicatedAfterThreshold',
  'OperationsNotTracked',
  'SuppressedFailures',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** A metric dimension; only bounded value sets are used (`FailureReason`, `AlertType`). */
export interface MetricDimension {
  readonly name: 'FailureReason' | 'AlertType';
  readonly value: string;
}

/** Counts per invocation, flushed once at the end (in `finally`). */
export interface ResponderMetrics {
  count(name: MetricName, value?: number, dimension?: MetricDimension): void;
  flush(): void;
}
