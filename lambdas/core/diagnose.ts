import { lookupReason } from './catalog/index.js';
import type { CatalogLookup } from './catalog/types.js';
import type { IncidentGroup } from './incident.js';
import { buildReport, type IncidentReport, type VerdictView } from './report.js';

/** Port: turns an incident group into a full report (catalog diagnosis, plus live checks when available). */
export type Diagnoser = (group: IncidentGroup<unknown>) => Promise<IncidentReport>;

/** The verdict when nothing was checked: the catalog's causes are likely causes, not findings. */
export function notCheckedVerdict(lookup: CatalogLookup, reason = 'live checks were not run'): VerdictView {
  const { entry } = lookup;
  const first = entry.causes[0]?.text.replace(/[.\s]+$/, '');
  return {
    outcome: 'not-checked',
    severity: entry.severity,
    headline: `${entry.title}. Not verified in the account (${reason}); most likely cause: ${first ?? 'see the checklist below'}.`,
    confirmed: [],
    ruledOut: [],
    unchecked: entry.causes.map((cause) => ({ cause: cause.text, reason })),
  };
}

/** A diagnoser that uses the catalog only (`--offline`, `LIVE_CHECKS=false`). */
export function catalogDiagnoser(reason = 'live checks are off'): Diagnoser {
  return async (group) => {
    const lookup = lookupReason(group.failureReason);
    return buildReport({ group, lookup, checks: [], verdict: notCheckedVerdict(lookup, reason) });
  };
}
