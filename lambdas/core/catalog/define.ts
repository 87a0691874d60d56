import type { CheckId } from '../../checks/types.js';
import { type SnippetValues, snippetValues } from './snippets.js';
import type { CatalogEntry, LikelyCause, RemediationContext } from './types.js';

/** What an entry file declares; the rest has defaults. */
export interface EntrySpec {
  readonly code: string;
  readonly formerSpellings?: readonly string[];
  readonly title: string;
  readonly meaning: string;
  readonly category: CatalogEntry['category'];
  readonly severity: CatalogEntry['severity'];
  readonly batchReplicationOnly?: boolean;
  readonly outpostsOnly?: boolean;
  readonly causes: readonly LikelyCause[];
  /** Checks to run beyond those the causes name (context, not a cause). */
  readonly extraChecks?: readonly CheckId[];
  readonly remediation: (v: SnippetValues) => string[];
  readonly docs: readonly string[];
}

/** Builds a catalog entry. `checks` is every check a cause names (in cause order) plus `extraChecks`. */
export function defineEntry(spec: EntrySpec): CatalogEntry {
  const checks = [...new Set<CheckId>([...spec.causes.flatMap((cause) => cause.checks), ...(spec.extraChecks ?? [])])];
  const build = spec.remediation;
  return {
    code: spec.code,
    formerSpellings: spec.formerSpellings ?? [],
    title: spec.title,
    meaning: spec.meaning,
    category: spec.category,
    severity: spec.severity,
    batchReplicationOnly: spec.batchReplicationOnly ?? false,
    outpostsOnly: spec.outpostsOnly ?? false,
    causes: spec.causes,
    checks,
    remediation: (ctx: RemediationContext) => build(snippetValues(ctx)),
    docs: spec.docs,
  };
}
