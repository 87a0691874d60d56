/**
 * Change detection between audit runs: which findings are new, which were resolved, which are still open (and which
 * of those changed severity). Findings are compared by their stable `id`.
 */
import type { Severity } from '../types.js';

/** What change detection needs of a finding. */
export interface FindingRef {
  readonly id: string;
  readonly severity: Severity;
}

export interface FindingChanges<P extends FindingRef, C extends FindingRef> {
  /** Open now, not in the previous run. */
  readonly opened: readonly C[];
  /** In the previous run, gone now. */
  readonly resolved: readonly P[];
  /** Open in both runs with the same severity. */
  readonly unchanged: readonly C[];
  /** Open in both runs with another severity. */
  readonly changed: readonly { readonly finding: C; readonly previousSeverity: Severity }[];
}

/** Compares the previous run's findings with the current ones. */
export function changedFindings<P extends FindingRef, C extends FindingRef>(
  previous: readonly P[],
  current: readonly C[],
): FindingChanges<P, C> {
  const before = new Map(previous.map((finding) => [finding.id, finding]));
  const now = new Set(current.map((finding) => finding.id));
  const opened: C[] = [];
  const unchanged: C[] = [];
  const changed: { finding: C; previousSeverity: Severity }[] = [];
  for (const finding of current) {
    const old = before.get(finding.id);
    if (old === undefined) opened.push(finding);
    else if (old.severity === finding.severity) unchanged.push(finding);
    else changed.push({ finding, previousSeverity: old.severity });
  }
  const resolved = previous.filter((finding) => !now.has(finding.id));
  return { opened, resolved, unchanged, changed };
}

/** Whether anything changed since the previous run. */
export function hasChanges(changes: FindingChanges<FindingRef, FindingRef>): boolean {
  return changes.opened.length > 0 || changes.resolved.length > 0 || changes.changed.length > 0;
}
