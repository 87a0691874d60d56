/**
 * The verdict: what the live checks confirmed, ruled out and could not check, for one failure reason.
 * It never presents the catalog's guess as a finding: causes are confirmed only by a failing check.
 */
import type { CatalogLookup, LikelyCause, RemediationContext } from '../core/catalog/types.js';
import { type Severity, worstSeverity } from '../core/types.js';
import { checksForReason } from './registry.js';
import { remediationContextFromChecks } from './remediation-context.js';
import type { CheckId, CheckResult } from './types.js';

export type VerdictOutcome = 'confirmed' | 'fixed-or-invisible' | 'inconclusive' | 'not-checked';

/** A cause with the checks that decided it. */
export interface CauseFinding {
  readonly cause: string;
  readonly checks: readonly CheckResult[];
}

/** A cause the checks could not decide, and why. */
export interface UncheckedCause {
  readonly cause: string;
  readonly reason: string;
  /** Why it stayed open: checks could not decide (`undecided`), no live check covers it (`not-covered`: SCPs,
   * policies not evaluated yet), or its checks do not apply to the current setup (`not-applicable`). */
  readonly kind: 'undecided' | 'not-covered' | 'not-applicable' | 'not-run';
  /** IAM actions the doctor lacked while checking it. */
  readonly missingPermissions?: readonly string[];
}

export interface Verdict {
  readonly outcome: VerdictOutcome;
  /** Confirmed causes first; failing checks outside the catalog's causes (e.g. baseline) follow as their own items. */
  readonly confirmed: readonly CauseFinding[];
  readonly ruledOut: readonly CauseFinding[];
  readonly unchecked: readonly UncheckedCause[];
  /** Warnings outside the catalog's causes: risks worth knowing, not the cause. */
  readonly warnings: readonly CheckResult[];
  readonly severity: Severity;
  readonly headline: string;
}

/** What the verdict may name in its next steps. */
export interface VerdictContext {
  readonly sourceBucket?: string;
  readonly ruleId?: string;
}

const DECIDED = new Set(['pass', 'fail', 'warn']);
const HEADLINE_MAX = 480;

/** Ends a text with exactly one period. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Whether a cause's text words a finding: whole words, or a prefix for terms ending in `*`. */
function mentions(text: string, terms: readonly string[]): boolean {
  return terms.some((term) => {
    const prefix = term.endsWith('*');
    const body = (prefix ? term.slice(0, -1) : term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|\\W)${body}${prefix ? '' : '($|\\W)'}`, 'i').test(text);
  });
}

/**
 * Which failing checks confirm which cause. A failing check listed by one cause confirms it. A failing check shared by
 * several causes confirms those whose text contains one of its `findingTerms`; if none does (or it has no terms), it
 * confirms all of them, since the checks cannot tell them apart.
 */
function confirmingChecks(
  causes: readonly LikelyCause[],
  ownResults: (cause: LikelyCause) => CheckResult[],
): Map<LikelyCause, CheckResult[]> {
  const byCause = new Map<LikelyCause, CheckResult[]>();
  const sharers = new Map<CheckId, LikelyCause[]>();
  for (const cause of causes) {
    for (const r of ownResults(cause)) {
      if (r.status === 'fail') sharers.set(r.id, [...(sharers.get(r.id) ?? []), cause]);
    }
  }
  for (const [id, group] of sharers) {
    const check = group.length > 0 ? ownResults(group[0] as LikelyCause).find((r) => r.id === id) : undefined;
    if (!check) continue;
    const terms = check.findingTerms ?? [];
    const specific = group.length > 1 && terms.length > 0 ? group.filter((cause) => mentions(cause.text, terms)) : [];
    for (const cause of specific.length > 0 ? specific : group)
      byCause.set(cause, [...(byCause.get(cause) ?? []), check]);
  }
  return byCause;
}

function missingOf(results: readonly CheckResult[]): string[] {
  return [...new Set(results.flatMap((r) => (r.missingPermission ? [r.missingPermission] : [])))];
}

function undecidedReason(results: readonly CheckResult[]): string {
  return results
    .map((r) => (r.status === 'warn' ? `possible (${r.id}): ${r.summary}` : `${r.id}: ${r.summary}`))
    .join(' ');
}

/** Why nothing could be checked, in a few words. */
function notCheckedReason(results: readonly CheckResult[]): string {
  if (results.length === 0) return 'live checks were not run';
  const unknown = results.find((r) => r.status === 'unknown');
  if (!unknown) return 'no check applied';
  const unreachable = results.every((r) => r.status !== 'unknown' || /could not reach AWS/i.test(r.summary));
  if (unreachable) return 'could not reach AWS (no credentials or network)';
  const missing = missingOf(results);
  return missing.length > 0 ? `the doctor lacks ${missing.slice(0, 4).join(', ')}` : clip(unknown.summary, 160);
}

function redriveStep(context: VerdictContext): string {
  const bucket = context.sourceBucket ?? '<source-bucket>';
  const rule = context.ruleId ?? '<rule-id>';
  return `redrive the FAILED objects with S3 Batch Replication (replication-doctor redrive ${bucket} --rule ${rule})`;
}

/**
 * Combines the catalog's causes with the check results.
 *
 * - `confirmed`: a check failed. Severity follows the decisive checks' hints (an object deleted before it replicated
 *   is `info`, a disabled or pending-deletion key `critical`); a failure without a hint keeps the entry's severity.
 * - `fixed-or-invisible`: every check ran and passed (or did not apply): the cause was fixed since, or lies where the
 *   doctor cannot see. Severity drops one step below `critical`.
 * - `inconclusive`: some check could not decide (permission, other account) or only warned.
 * - `not-checked`: no check decided anything (offline, no credentials): the causes are likely causes, not findings.
 */
export function decideVerdict(
  lookup: CatalogLookup,
  results: readonly CheckResult[],
  context: VerdictContext = {},
): Verdict {
  const { entry } = lookup;
  const byId = new Map<CheckId, CheckResult>(results.map((r) => [r.id, r]));

  if (!results.some((r) => DECIDED.has(r.status))) {
    const reason = notCheckedReason(results);
    const missing = missingOf(results);
    const first = entry.causes[0]?.text;
    return {
      outcome: 'not-checked',
      confirmed: [],
      ruledOut: [],
      unchecked: entry.causes.map((cause) => ({
        cause: cause.text,
        reason,
        kind: 'not-run' as const,
        ...(missing.length > 0 ? { missingPermissions: missing } : {}),
      })),
      warnings: [],
      severity: entry.severity,
      headline: clip(
        `${sentence(entry.title)} Not verified in the account (${reason}); most likely cause: ${sentence(first ?? 'see the checklist')}`,
        HEADLINE_MAX,
      ),
    };
  }

  const confirmed: CauseFinding[] = [];
  const ruledOut: CauseFinding[] = [];
  const unchecked: UncheckedCause[] = [];
  const linked = new Set<CheckId>();
  const ownResults = (cause: LikelyCause) =>
    cause.checks.flatMap((id) => {
      const r = byId.get(id);
      return r ? [r] : [];
    });
  const confirming = confirmingChecks(entry.causes, ownResults);
  for (const cause of entry.causes) {
    for (const id of cause.checks) linked.add(id);
    const own = ownResults(cause);
    const fails = confirming.get(cause) ?? [];
    if (fails.length > 0) {
      confirmed.push({ cause: cause.text, checks: fails });
      continue;
    }
    if (own.length === 0) {
      unchecked.push({
        cause: cause.text,
        kind: 'not-covered',
        reason:
          cause.checks.length === 0
            ? "no live check covers this (e.g. an SCP or another account's policy); verify it by hand"
            : `not verified live (${cause.checks.join(', ')} not run); verify it by hand`,
      });
      continue;
    }
    const open = own.filter((r) => r.status === 'unknown' || r.status === 'warn');
    if (open.length > 0) {
      const missing = missingOf(open);
      unchecked.push({
        cause: cause.text,
        kind: 'undecided',
        reason: clip(undecidedReason(open), 600),
        ...(missing.length > 0 ? { missingPermissions: missing } : {}),
      });
      continue;
    }
    // Ruled out only when every check the cause names ran: a passing key-state check does not clear a key policy.
    const notRun = cause.checks.filter((id) => !byId.has(id));
    if (notRun.length > 0) {
      unchecked.push({
        cause: cause.text,
        kind: 'not-covered',
        reason: `partly verified (${own.map((r) => `${r.id} ${r.status}`).join(', ')}); not verified live: ${notRun.join(', ')}`,
      });
      continue;
    }
    // A failing check that confirmed a sibling cause instead (the key is Disabled, not PendingDeletion) rules this
    // cause out.
    if (own.some((r) => r.status === 'pass' || r.status === 'fail')) ruledOut.push({ cause: cause.text, checks: own });
    else {
      unchecked.push({
        cause: cause.text,
        kind: 'not-applicable',
        reason: clip(`does not apply now: ${own.map((r) => r.summary).join(' ')}`, 600),
      });
    }
  }
  for (const r of results) {
    if (r.status === 'fail' && !linked.has(r.id)) confirmed.push({ cause: r.summary, checks: [r] });
  }
  const warnings = results.filter((r) => r.status === 'warn' && !linked.has(r.id));
  const unlinkedUnknown = results.filter((r) => r.status === 'unknown' && !linked.has(r.id));

  let outcome: VerdictOutcome;
  if (confirmed.length > 0) outcome = 'confirmed';
  else if (unchecked.some((u) => u.kind === 'undecided') || unlinkedUnknown.length > 0) outcome = 'inconclusive';
  else outcome = 'fixed-or-invisible';

  let severity: Severity = entry.severity;
  let headline: string;
  if (outcome === 'confirmed') {
    const decisive = confirmed.flatMap((c) => c.checks);
    const contributions = decisive.map((r) => r.severityHint ?? entry.severity);
    severity = contributions.reduce<Severity>(
      (worst, s) => worstSeverity(worst, s),
      contributions[0] ?? entry.severity,
    );
    const [first] = confirmed;
    const firstCheck = first?.checks[0];
    const what =
      first && firstCheck && first.cause !== firstCheck.summary
        ? `${first.cause} — ${firstCheck.summary}`
        : (first?.cause ?? '');
    const more =
      confirmed.length > 1 ? ` (+${confirmed.length - 1} more finding${confirmed.length > 2 ? 's' : ''})` : '';
    headline = `Confirmed: ${what}${more}`;
  } else if (outcome === 'fixed-or-invisible') {
    severity = entry.severity === 'critical' ? 'warning' : entry.severity;
    const covered = entry.causes.filter((cause) =>
      unchecked.some((u) => u.kind === 'not-covered' && u.cause === cause.text),
    );
    const notRun = [...new Set(covered.flatMap((cause) => cause.checks.filter((id) => !byId.has(id))))];
    const blind = covered.some((cause) => cause.checks.length === 0);
    const parts = [
      ...(notRun.length > 0 ? [`not verified live: ${notRun.join(', ')}`] : []),
      ...(blind || notRun.length === 0 ? ["SCPs and other accounts' policies"] : []),
    ];
    const ran = results.filter((r) => r.status === 'pass').length;
    headline =
      `Every live check for ${lookup.canonicalReason} passes now (${ran} passed): the cause appears fixed since the failure, ` +
      `or lies where the doctor cannot see (${clip(parts.join('; '), 180)}). ` +
      `Next: confirm new objects replicate, then ${redriveStep(context)}.`;
  } else {
    const open = unchecked.filter((u) => u.kind === 'undecided');
    const missing = [...new Set([...open.flatMap((u) => u.missingPermissions ?? []), ...missingOf(unlinkedUnknown)])];
    const lacking = missing.length > 0 ? ` (the doctor lacks ${missing.slice(0, 4).join(', ')})` : '';
    const likely = open[0]?.cause ?? unchecked[0]?.cause ?? entry.causes[0]?.text;
    const count = open.length + unlinkedUnknown.length;
    headline =
      `Not confirmed: ${count} likely cause${count === 1 ? '' : 's'} could not be checked${lacking}. ` +
      `Likely cause (unverified): ${sentence(likely ?? 'see the checklist')}`;
  }

  return {
    outcome,
    confirmed,
    ruledOut,
    unchecked,
    warnings,
    severity,
    headline: clip(headline, HEADLINE_MAX),
  };
}

/** The check ids a verdict for this lookup needs (baseline plus the entry's checks, implemented ones). */
export function checkIdsFor(lookup: CatalogLookup): CheckId[] {
  return checksForReason(lookup.entry);
}

export interface RenderOptions {
  /** Upper bound of the whole section, in characters. @default 12000 */
  readonly maxChars?: number;
  /** Upper bound of one line. @default 400 */
  readonly maxLine?: number;
}

function evidenceText(result: CheckResult): string {
  return result.evidence
    .slice(0, 3)
    .map((e) => {
      const where = [e.source, e.field].filter(Boolean).join(' ');
      const value = e.value !== undefined ? `=${e.value}` : '';
      const policy = e.policy ? ` [${e.policy}${e.sid ? ` Sid ${e.sid}` : ''}]` : '';
      return `${where}${value}${policy}`;
    })
    .join('; ');
}

/**
 * The live-checks section of an alert: what was confirmed (with evidence and fix), ruled out, and not checked (with the
 * missing permission), then every check's status. Plain text, bounded in size.
 */
export function renderChecksText(
  results: readonly CheckResult[],
  verdict: Verdict,
  options: RenderOptions = {},
): string {
  const maxChars = options.maxChars ?? 12_000;
  const maxLine = options.maxLine ?? 400;
  const lines: string[] = [`Live checks (${verdict.outcome}): ${verdict.headline}`];
  if (verdict.confirmed.length > 0) {
    lines.push('Confirmed:');
    for (const finding of verdict.confirmed) {
      lines.push(`  * ${finding.cause}`);
      for (const check of finding.checks) {
        if (check.summary !== finding.cause) lines.push(`    [FAIL] ${check.id}: ${check.summary}`);
        const evidence = evidenceText(check);
        if (evidence) lines.push(`    evidence: ${evidence}`);
        for (const fix of (check.fix ?? []).slice(0, 3)) lines.push(`    fix: ${fix}`);
      }
    }
  }
  if (verdict.ruledOut.length > 0) {
    lines.push('Ruled out:');
    for (const finding of verdict.ruledOut)
      lines.push(`  * ${finding.cause} (${finding.checks.map((c) => c.id).join(', ')})`);
  }
  if (verdict.unchecked.length > 0) {
    lines.push('Not checked:');
    for (const item of verdict.unchecked) {
      const missing = item.missingPermissions?.length ? ` [doctor lacks ${item.missingPermissions.join(', ')}]` : '';
      lines.push(`  * ${item.cause} — ${item.reason}${missing}`);
    }
  }
  if (verdict.warnings.length > 0) {
    lines.push('Warnings:');
    for (const warning of verdict.warnings) lines.push(`  * ${warning.id}: ${warning.summary}`);
  }
  if (results.length > 0) {
    lines.push('Checks:');
    for (const r of results) {
      const missing = r.missingPermission ? ` (doctor lacks ${r.missingPermission})` : '';
      lines.push(`  [${r.status.toUpperCase()}] ${r.id}: ${r.summary}${missing}`);
      const next = r.status === 'unknown' ? r.fix?.[0] : undefined;
      if (next) lines.push(`    to decide: ${next}`);
    }
  }
  let text = '';
  for (const raw of lines) {
    const line = clip(raw.replace(/[\r\n]+/g, ' '), maxLine);
    if (text.length + line.length + 1 > maxChars - 20) {
      text += '… (truncated)\n';
      break;
    }
    text += `${line}\n`;
  }
  return text.trimEnd();
}

/** The verdict policy the core's diagnoser plugs in (`VerdictPolicy` in `core/diagnose.ts`, matched structurally). */
export const liveVerdictPolicy = {
  verdict: (lookup: CatalogLookup, checks: readonly CheckResult[]): Verdict => decideVerdict(lookup, checks),
  checkIds: (lookup: CatalogLookup): readonly string[] => checkIdsFor(lookup),
  context: (base: RemediationContext, checks: readonly CheckResult[]): RemediationContext =>
    remediationContextFromChecks(base, checks),
};
