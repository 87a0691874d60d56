/**
 * Powertools Logger and Metrics as the doctor's Lambda functions set them up: one EMF namespace for every function,
 * and `POWERTOOLS_SERVICE_NAME` (when the stack sets it) over each function's default service name.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every doctor metric (the dashboard reads it). */
export const METRICS_NAMESPACE = 'S3ReplicationDoctor';

/** Structured JSON logging; `POWERTOOLS_SERVICE_NAME` and `POWERTOOLS_LOG_LEVEL` apply. */
export function createServiceLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}

/** Powertools Metrics (EMF) in {@link METRICS_NAMESPACE}. */
export function createServiceMetrics(serviceName: string): Metrics {
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName,
  });
}

/**
 * Publishes one count under one dimension as its own EMF document: Powertools applies dimensions to every metric of
 * a document, and publishing clears the added dimension again.
 */
export function publishDimensionedCount(
  metrics: Metrics,
  dimension: { readonly name: string; readonly value: string },
  name: string,
  value: number,
): void {
  metrics.addDimension(dimension.name, dimension.value);
  metrics.addMetric(name, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
}
