import { lookupReason } from '../core/catalog/index.js';
import { type Diagnoser, notCheckedVerdict } from '../core/diagnose.js';
import { oneLine } from '../core/errors.js';
import type { IncidentGroup } from '../core/incident.js';
import { buildReport, remediationContextOf } from '../core/report.js';
import { remediationContextFromChecks } from './remediation-context.js';
import type { CheckResult, CheckSubject, LiveChecker } from './types.js';
import { checkIdsFor, decideVerdict } from './verdict.js';

/** Options of the live diagnoser. */
export interface LiveDiagnoserOptions {
  /** Upper bound on one diagnosis; past it the alert goes out with the catalog diagnosis. @default 20000 */
  readonly timeoutMs?: number;
}

/** The subject of an incident's checks: its rule, and its first sample object. */
export function subjectOf(group: IncidentGroup<unknown>, canonicalReason: string): CheckSubject {
  const sample = group.samples[0];
  return {
    sourceBucket: group.key.sourceBucket,
    destinationBucket: group.key.destinationBucket,
    ruleId: group.key.ruleId,
    sourceRegion: group.awsRegion,
    failureReason: canonicalReason,
    ...(group.sourceAccount ? { sourceAccount: group.sourceAccount } : {}),
    ...(sample ? { key: sample.key } : {}),
    ...(sample?.versionId ? { versionId: sample.versionId } : {}),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The diagnoser that re-checks the account: the catalog entry's targeted checks plus the baseline, run once per
 * incident through `checker` (whose reads are cached), then the verdict. A failing or slow checker never blocks
 * the report: it falls back to the catalog diagnosis and says why.
 */
export function createLiveDiagnoser(checker: LiveChecker, options: LiveDiagnoserOptions = {}): Diagnoser {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return async (group) => {
    const lookup = lookupReason(group.failureReason);
    const base = remediationContextOf(group);
    let checks: readonly CheckResult[];
    try {
      const outcome = await withTimeout(
        checker.run(subjectOf(group, lookup.canonicalReason), checkIdsFor(lookup)),
        timeoutMs,
      );
      if (outcome === 'timeout') {
        const reason = `the live checks did not finish within ${timeoutMs / 1000} s`;
        return buildReport({ group, lookup, checks: [], verdict: notCheckedVerdict(lookup, reason), context: base });
      }
      checks = outcome;
    } catch (error) {
      const reason = `the live checks failed: ${oneLine(error)}`;
      return buildReport({ group, lookup, checks: [], verdict: notCheckedVerdict(lookup, reason), context: base });
    }
    const verdict = decideVerdict(lookup, checks, { sourceBucket: group.key.sourceBucket, ruleId: group.key.ruleId });
    const context = remediationContextFromChecks(base, checks);
    return buildReport({ group, lookup, checks, verdict, context });
  };
}
