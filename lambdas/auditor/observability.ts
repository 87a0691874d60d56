import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  createServiceLogger,
  createServiceMetrics,
  METRICS_NAMESPACE,
  publishDimensionedCount,
} from '../adapters/powertools.js';
import type { SeverityCounts } from '../core/audit/types.js';
import { SEVERITIES } from '../core/types.js';

/** CloudWatch namespace of the doctor's metrics (the dashboard's `AuditFindings` widget searches it). */
export { METRICS_NAMESPACE };

const SERVICE_NAME = 'replication-doctor-auditor';

/** Structured log fields: bucket names, ids, counts, error names; never object data. */
export type LogFields = Record<string, unknown>;

/** The logging the auditor needs; Powertools `Logger` satisfies it. */
export interface AuditorLogger {
  debug(message: string, ...fields: LogFields[]): void;
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}

/** What the auditor measures per run. */
export interface AuditMetrics {
  /** `AuditRuns` 1, `AuditFindings` per `Severity` (0 included, so graphs fall back to zero), `AlertsPublished`. */
  record(run: { readonly findings: SeverityCounts; readonly alertPublished: boolean }): void;
  flush(): void;
}

export function createLogger(): Logger {
  return createServiceLogger(SERVICE_NAME);
}

export function createPowertoolsMetrics(): Metrics {
  return createServiceMetrics(SERVICE_NAME);
}

/**
 * The auditor's metrics through Powertools (EMF). Each dimensioned value gets its own EMF document, because
 * Powertools applies dimensions to every metric of a document.
 */
export class PowertoolsAuditMetrics implements AuditMetrics {
  readonly #metrics: Metrics;
  #pending: { readonly findings: SeverityCounts; readonly alertPublished: boolean } | undefined;

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  record(run: { readonly findings: SeverityCounts; readonly alertPublished: boolean }): void {
    this.#pending = run;
  }

  flush(): void {
    const run = this.#pending;
    this.#pending = undefined;
    this.#metrics.addMetric('AuditRuns', MetricUnit.Count, 1);
    this.#metrics.publishStoredMetrics();
    if (run === undefined) return;
    for (const severity of SEVERITIES) {
      publishDimensionedCount(
        this.#metrics,
        { name: 'Severity', value: severity },
        'AuditFindings',
        run.findings[severity],
      );
    }
    if (run.alertPublished) {
      publishDimensionedCount(this.#metrics, { name: 'AlertType', value: 'audit' }, 'AlertsPublished', 1);
    }
  }
}
