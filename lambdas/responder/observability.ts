import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  createServiceLogger,
  createServiceMetrics,
  METRICS_NAMESPACE,
  publishDimensionedCount,
} from '../adapters/powertools.js';
import type { MetricDimension, MetricName, ResponderMetrics } from './ports.js';

/** CloudWatch namespace of every responder metric (the dashboard reads it). */
export { METRICS_NAMESPACE };

const SERVICE_NAME = 'replication-doctor-responder';

/** Powertools Logger for the responder: structured JSON; `POWERTOOLS_SERVICE_NAME` and `POWERTOOLS_LOG_LEVEL` apply. */
export function createLogger(): Logger {
  return createServiceLogger(SERVICE_NAME);
}

/** Powertools Metrics (EMF) in the `S3ReplicationDoctor` namespace. */
export function createPowertoolsMetrics(): Metrics {
  return createServiceMetrics(SERVICE_NAME);
}

/**
 * Adapts Powertools Metrics to the responder's port. Counts are summed per invocation, so a metric comes out once
 * with its total (Powertools would otherwise emit `[1,1,…]`). Each dimensioned count gets its own EMF document,
 * because Powertools applies dimensions to every metric of a document.
 */
export class PowertoolsResponderMetrics implements ResponderMetrics {
  readonly #metrics: Metrics;
  readonly #plain = new Map<MetricName, number>();
  readonly #dimensioned = new Map<string, { name: MetricName; dimension: MetricDimension; value: number }>();

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  count(name: MetricName, value = 1, dimension?: MetricDimension): void {
    if (dimension === undefined) {
      this.#plain.set(name, (this.#plain.get(name) ?? 0) + value);
      return;
    }
    const id = `${name}\u0000${dimension.name}\u0000${dimension.value}`;
    const entry = this.#dimensioned.get(id) ?? { name, dimension, value: 0 };
    entry.value += value;
    this.#dimensioned.set(id, entry);
  }

  flush(): void {
    try {
      for (const [name, value] of this.#plain) this.#metrics.addMetric(name, MetricUnit.Count, value);
      if (this.#metrics.hasStoredMetrics()) this.#metrics.publishStoredMetrics();
      // One EMF document per dimension value.
      for (const { name, dimension, value } of this.#dimensioned.values()) {
        publishDimensionedCount(this.#metrics, dimension, name, value);
      }
    } finally {
      this.#plain.clear();
      this.#dimensioned.clear();
    }
  }
}
