import type { CheckResult } from '../checks/types.js';
import type { CatalogLookup, RemediationContext } from './catalog/types.js';
import type { IncidentGroup, ObjectSample } from './incident.js';
import type { Category, Severity } from './types.js';

/** What the verdict contributes to a report (see `lambdas/checks/verdict.ts`). */
export interface VerdictView {
  readonly outcome: 'confirmed' | 'fixed-or-invisible' | 'inconclusive' | 'not-checked';
  readonly headline: string;
  readonly severity: Severity;
  readonly confirmed: readonly { readonly cause: string }[];
  readonly ruledOut: readonly { readonly cause: string }[];
  readonly unchecked: readonly { readonly cause: string; readonly reason: string }[];
}

/** One check as the report shows it. */
export interface ReportCheck {
  readonly id: string;
  readonly status: CheckResult['status'];
  readonly summary: string;
  readonly evidence: CheckResult['evidence'];
  readonly missingPermission?: string;
  readonly fix?: readonly string[];
}

/**
 * An incident as the CLI (`diagnose --json`) and alerts present it. The first block of fields is fixed by SPEC
 * "Operator CLI"; the rest are additions.
 */
export interface IncidentReport {
  readonly incidentId: string;
  readonly failureReason: string;
  readonly canonicalReason: string;
  readonly known: boolean;
  readonly category: Category;
  readonly severity: Severity;
  readonly title: string;
  readonly summary: string;
  readonly likelyCauses: string[];
  readonly checks: ReportCheck[];
  readonly remediation: string[];
  readonly docs: string[];
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly objectCount: number;
  readonly sampleKeys: string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  // Additions beyond SPEC's minimum.
  readonly meaning: string;
  readonly batchReplicationOnly: boolean;
  readonly awsRegion: string;
  readonly samples: ObjectSample[];
  readonly verdict: {
    readonly outcome: VerdictView['outcome'];
    readonly headline: string;
    readonly confirmed: string[];
    readonly ruledOut: string[];
    readonly unchecked: string[];
  };
}

/** The remediation context an incident alone provides; live facts add role, accounts and keys. */
export function remediationContextOf(group: IncidentGroup<unknown>): RemediationContext {
  const first = group.samples[0];
  return {
    sourceBucket: group.key.sourceBucket,
    destinationBucket: group.key.destinationBucket,
    ruleId: group.key.ruleId,
    sourceRegion: group.awsRegion,
    ...(group.sourceAccount ? { sourceAccount: group.sourceAccount } : {}),
    ...(first ? { key: first.key } : {}),
    ...(first?.versionId ? { versionId: first.versionId } : {}),
  };
}

/** Assembles the report of one incident from its group, the catalog, the checks and the verdict. */
export function buildReport(params: {
  readonly group: IncidentGroup<unknown>;
  readonly lookup: CatalogLookup;
  readonly checks: readonly CheckResult[];
  readonly verdict: VerdictView;
  readonly context?: RemediationContext;
}): IncidentReport {
  const { group, lookup, checks, verdict } = params;
  const { entry } = lookup;
  const context = params.context ?? remediationContextOf(group);
  const fixes = checks.filter((c) => c.status === 'fail').flatMap((c) => c.fix ?? []);
  const remediation = [...new Set([...fixes, ...entry.remediation(context)])];
  const direction = `${group.key.sourceBucket} → ${group.key.destinationBucket}`;
  return {
    incidentId: group.incidentId,
    failureReason: group.failureReason,
    canonicalReason: lookup.canonicalReason,
    known: lookup.known,
    category: entry.category,
    severity: verdict.severity,
    title: `${entry.title} (${direction}, rule ${group.key.ruleId})`,
    summary: verdict.headline,
    likelyCauses: entry.causes.map((cause) => cause.text),
    checks: checks.map((c) => ({
      id: c.id,
      status: c.status,
      summary: c.summary,
      evidence: c.evidence,
      ...(c.missingPermission ? { missingPermission: c.missingPermission } : {}),
      ...(c.fix && c.fix.length > 0 ? { fix: c.fix } : {}),
    })),
    remediation,
    docs: [...entry.docs],
    sourceBucket: group.key.sourceBucket,
    destinationBucket: group.key.destinationBucket,
    ruleId: group.key.ruleId,
    objectCount: group.objectCount,
    sampleKeys: group.samples.map((s) => s.key),
    firstSeen: group.firstSeen,
    lastSeen: group.lastSeen,
    meaning: entry.meaning,
    batchReplicationOnly: entry.batchReplicationOnly,
    awsRegion: group.awsRegion,
    samples: [...group.samples],
    verdict: {
      outcome: verdict.outcome,
      headline: verdict.headline,
      confirmed: verdict.confirmed.map((c) => c.cause),
      ruledOut: verdict.ruledOut.map((c) => c.cause),
      unchecked: verdict.unchecked.map((c) => `${c.cause}: ${c.reason}`),
    },
  };
}
