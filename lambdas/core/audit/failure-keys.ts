import type { IncidentState } from '../store.js';

/** Bound on keys kept per bucket: enough to spot a case mismatch, small enough to compare cheaply. */
export const MAX_FAILURE_KEYS_PER_BUCKET = 200;

/**
 * The decoded object keys seen in failure events, per source bucket, from the incidents the responder stored
 * (their sample keys). The audit compares them with rule prefixes to spot case mismatches.
 */
export function failureKeysByBucket(
  incidents: readonly Pick<IncidentState, 'sourceBucket' | 'firstSamples' | 'recentSamples'>[],
): Map<string, string[]> {
  const keys = new Map<string, Set<string>>();
  for (const incident of incidents) {
    const set = keys.get(incident.sourceBucket) ?? new Set<string>();
    for (const sample of [...incident.firstSamples, ...incident.recentSamples]) {
      if (set.size >= MAX_FAILURE_KEYS_PER_BUCKET) break;
      set.add(sample.key);
    }
    keys.set(incident.sourceBucket, set);
  }
  return new Map([...keys].map(([bucket, set]) => [bucket, [...set]]));
}
