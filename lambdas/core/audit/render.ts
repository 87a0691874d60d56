/**
 * The `audit` alert: one per run, only when findings changed since the previous run. Subject and attributes follow
 * SPEC "Fixed names" (`alertType` = `audit`, `failureReason` = `-`); the message lists new, changed, resolved and
 * still-open findings with their fixes, bounded to SNS's size limit.
 */
import { type Alert, boundBytes, messageAttributes, oneLineSafe, subjectLine } from '../render.js';
import { CATEGORIES, type Category, type Severity, severityRank, worstSeverity } from '../types.js';
import type { FindingChanges } from './changes.js';
import { sortFindings } from './findings.js';
import { findingLines } from './report.js';
import type { StoredFinding } from './state.js';
import { type AuditFinding, countBySeverity } from './types.js';

/** What the alert says about the run itself. */
export interface AuditRunInfo {
  /** ISO 8601. */
  readonly at: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly buckets: number;
  readonly rulesChecked: number;
}

export type AuditChanges = FindingChanges<StoredFinding, AuditFinding>;

/** The most severe open finding's severity; `info` when nothing is open. */
export function worstOpenSeverity(open: readonly { readonly severity: Severity }[]): Severity {
  return open.reduce<Severity>((worst, f) => worstSeverity(worst, f.severity), 'info');
}

/**
 * The category that dominates: the most frequent among the most severe findings (ties go to `configuration`, then to
 * the first in SPEC's order); `configuration` when there are none.
 */
export function dominantCategory(findings: readonly { readonly severity: Severity; readonly category: Category }[]) {
  if (findings.length === 0) return 'configuration';
  const worst = worstOpenSeverity(findings);
  const counts = new Map<Category, number>();
  for (const f of findings) if (f.severity === worst) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const leaders = CATEGORIES.filter((c) => counts.get(c) === top);
  return leaders.includes('configuration') ? 'configuration' : (leaders[0] ?? 'configuration');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The one value all findings share for a field, else `undefined`. */
function single(values: readonly (string | undefined)[]): string | undefined {
  const distinct = new Set(values.filter((v): v is string => v !== undefined && v !== '*'));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

function storedLine(finding: StoredFinding): string {
  const where = `${finding.bucket === '*' ? 'account' : finding.bucket}${finding.ruleId !== undefined ? `, rule ${finding.ruleId}` : ''}`;
  return `  - [${finding.severity.toUpperCase()}] ${where}: ${finding.title}`;
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', title, ...lines];
}

/** Renders the audit alert for a run whose findings changed. `open` is every finding of the current run. */
export function renderAuditAlert(changes: AuditChanges, open: readonly AuditFinding[], run: AuditRunInfo): Alert {
  const severity = worstOpenSeverity(open);
  const counts = countBySeverity(open);
  const parts = [
    ...(changes.opened.length > 0 ? [plural(changes.opened.length, 'new finding')] : []),
    ...(changes.changed.length > 0 ? [`${changes.changed.length} changed`] : []),
    ...(changes.resolved.length > 0 ? [`${changes.resolved.length} resolved`] : []),
  ];
  const tag = open.length === 0 ? 'RESOLVED' : severity.toUpperCase();
  const summary = parts.length > 0 ? parts.join(', ') : 'no change';
  const subject = subjectLine(`[${tag}] S3 replication audit: ${summary}${open.length === 0 ? ', nothing open' : ''}`);

  const where = [run.accountId ? `account ${run.accountId}` : undefined, run.region].filter(Boolean).join(', ');
  const findingBlock = (findings: readonly AuditFinding[]) =>
    sortFindings(findings).flatMap((f, i) => [...(i > 0 ? [''] : []), ...findingLines(f, '  ', true)]);
  const lines = [
    `S3 replication audit: ${summary}; ${open.length} open (${counts.critical} critical, ${counts.warning} warning, ${counts.info} info).`,
    '',
    `Run:      ${run.at}`,
    ...(where ? [`Where:    ${oneLineSafe(where)}`] : []),
    `Audited:  ${plural(run.buckets, 'bucket')}, ${plural(run.rulesChecked, 'rule')}`,
    ...section(`NEW FINDINGS (${changes.opened.length})`, findingBlock(changes.opened)),
    ...section(
      `SEVERITY CHANGED (${changes.changed.length})`,
      sortFindings(changes.changed.map((c) => c.finding)).flatMap((f, i) => {
        const before = changes.changed.find((c) => c.finding.id === f.id)?.previousSeverity;
        return [...(i > 0 ? [''] : []), ...findingLines(f, '  ', true), `      (was ${before?.toUpperCase() ?? '?'})`];
      }),
    ),
    ...section(
      `RESOLVED (${changes.resolved.length})`,
      [...changes.resolved].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).map(storedLine),
    ),
    ...section(`STILL OPEN (${changes.unchanged.length})`, findingBlock(changes.unchanged)),
    '',
    'Full report: replication-doctor audit (add --json for machine-readable output).',
  ];
  const allMentioned = [...open, ...changes.resolved];
  const sourceBucket = single(allMentioned.map((f) => f.bucket));
  return {
    subject,
    message: boundBytes(lines.join('\n')),
    attributes: messageAttributes({
      alertType: 'audit',
      failureReason: '-',
      severity,
      category: dominantCategory(open.length > 0 ? open : changes.resolved),
      // A rule or destination means something only together with its source bucket: name them only when the
      // whole alert is about one source bucket, so a filter on ruleId never matches another bucket's rule.
      sourceBucket: sourceBucket ?? '-',
      destinationBucket: (sourceBucket && single(open.map((f) => f.destinationBucket))) || '-',
      ruleId: (sourceBucket && single(allMentioned.map((f) => f.ruleId))) || '-',
      incidentId: '-',
    }),
  };
}
