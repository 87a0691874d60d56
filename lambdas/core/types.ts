/**
 * Shared vocabulary of the pure core. Names and value sets here are fixed by SPEC "Fixed names".
 */

/** Alert severity, most urgent first. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What kind of problem a failure reason points at. */
export const CATEGORIES = [
  'permissions',
  'encryption',
  'versioning',
  'object-lock',
  'ownership',
  'configuration',
  'object-state',
  'batch-replication',
  'capacity',
  'unclassified',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The SNS `alertType` attribute. */
export const ALERT_TYPES = ['new', 'digest', 'resolved', 'latency', 'audit'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** Ordering used to pick the worse of two severities. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** The more urgent of two severities. */
export function worstSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
