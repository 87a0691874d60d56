/**
 * The audit report: per bucket, what was read and judged, and the findings. Built by the audit run (auditor and CLI)
 * and rendered as text grouped by bucket for `replication-doctor audit`, or printed as JSON.
 */
import { bucketNameOf, rulePrefix } from '../../checks/derive.js';
import type { CheckStatus } from '../../checks/types.js';
import { replicationEventRouting } from './notifications.js';
import { type AuditFinding, type BucketAuditInput, countBySeverity, ruleKey, type SeverityCounts } from './types.js';

export interface AuditedRule {
  readonly ruleId: string;
  readonly destinationBucket: string;
  /** `Enabled` or `Disabled`. */
  readonly status: string;
  /** `Destination.Metrics.Status`, or `not set`. */
  readonly metrics: string;
  /** The checks that ran for the rule (empty when only coverage was audited). */
  readonly checks: readonly { readonly id: string; readonly status: CheckStatus; readonly summary: string }[];
}

export interface AuditedBucket {
  readonly bucket: string;
  /** A configured source bucket of the deployment (or named by `--buckets`). */
  readonly configured: boolean;
  readonly region?: string;
  /** `configured`: has a replication configuration; `none`: has none; `missing`: no such bucket; `unknown`: unreadable. */
  readonly replication: 'configured' | 'none' | 'missing' | 'unknown';
  /** Whether replication failure events reach the responder's queue (`not-read` when there was nothing to route). */
  readonly notifications: 'routed' | 'partial' | 'not-routed' | 'unknown' | 'not-read';
  readonly rules: readonly AuditedRule[];
  readonly findings: readonly AuditFinding[];
}

export interface AuditReport {
  /** ISO 8601 time of the run. */
  readonly at: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly buckets: readonly AuditedBucket[];
  /** Every finding, most severe first. */
  readonly findings: readonly AuditFinding[];
  readonly rulesChecked: number;
  readonly summary: SeverityCounts;
}

/** Describes one audited bucket from its input and findings. */
export function describeBucket(
  input: BucketAuditInput,
  findings: readonly AuditFinding[],
  region?: string,
): AuditedBucket {
  const { replication, notifications } = input;
  const state: AuditedBucket['replication'] =
    replication.state === 'ok'
      ? 'configured'
      : replication.state === 'unknown'
        ? 'unknown'
        : replication.code === 'NoSuchBucket'
          ? 'missing'
          : 'none';
  const rules: AuditedRule[] =
    replication.state === 'ok'
      ? replication.value.Rules.map((rule, index) => {
          const key = ruleKey(rule, index);
          return {
            ruleId: key,
            destinationBucket: bucketNameOf(rule.Destination.Bucket),
            status: rule.Status,
            metrics: rule.Destination.Metrics?.Status ?? 'not set',
            checks: (input.rules?.[key]?.checks ?? []).map((c) => ({ id: c.id, status: c.status, summary: c.summary })),
          };
        })
      : [];
  let routed: AuditedBucket['notifications'] = 'not-read';
  const enabled =
    replication.state === 'ok'
      ? replication.value.Rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => rule.Status === 'Enabled')
      : [];
  if (notifications?.state === 'unknown') routed = 'unknown';
  else if (notifications?.state === 'ok' && enabled.length > 0) {
    routed =
      input.eventQueueArn === undefined
        ? 'unknown'
        : replicationEventRouting(
            notifications.value,
            input.eventQueueArn,
            enabled.map(({ rule, index }) => ({ key: ruleKey(rule, index), prefix: rulePrefix(rule).prefix })),
          ).state;
  }
  return {
    bucket: input.bucket,
    configured: input.configured,
    ...(region !== undefined ? { region } : {}),
    replication: state,
    notifications: routed,
    rules,
    findings,
  };
}

/** Builds the report of a run. */
export function auditReportOf(
  buckets: readonly AuditedBucket[],
  accountFindings: readonly AuditFinding[],
  run: { readonly at: string; readonly region?: string; readonly accountId?: string },
): AuditReport {
  const findings = [...accountFindings, ...buckets.flatMap((b) => b.findings)];
  const rulesChecked = buckets.reduce((sum, b) => sum + b.rules.length, 0);
  return {
    at: run.at,
    ...(run.region !== undefined ? { region: run.region } : {}),
    ...(run.accountId !== undefined ? { accountId: run.accountId } : {}),
    buckets,
    findings,
    rulesChecked,
    summary: countBySeverity(findings),
  };
}

const NOTIFICATION_TEXT: Record<AuditedBucket['notifications'], string> = {
  routed: "replication failures reach the responder's queue",
  partial: "some replication failures are hidden from the responder's queue by a filter",
  'not-routed': "replication failures do NOT reach the responder's queue",
  unknown: 'could not tell where replication failures go',
  'not-read': 'notifications not checked (nothing enabled to replicate)',
};

function indent(text: string, prefix: string): string {
  return text.replace(/\n/g, `\n${prefix}`);
}

/** One finding as text lines: severity, where (the rule; the bucket too with `withBucket`), title, detail and fix. */
export function findingLines(finding: AuditFinding, prefix = '  ', withBucket = false): string[] {
  const places = [
    ...(withBucket ? [finding.bucket === '*' ? 'account' : finding.bucket] : []),
    ...(finding.ruleId !== undefined ? [`rule ${finding.ruleId}`] : []),
  ];
  const where = places.length > 0 ? `${places.join(', ')}: ` : '';
  const lines = [
    `${prefix}[${finding.severity.toUpperCase()}] ${where}${finding.title}`,
    `${prefix}    ${indent(finding.detail, `${prefix}    `)}`,
  ];
  if (finding.fix.length > 0) {
    lines.push(`${prefix}    Fix:`);
    for (const step of finding.fix) lines.push(`${prefix}      - ${indent(step, `${prefix}        `)}`);
  }
  return lines;
}

/** The report as text grouped by bucket, for a terminal. */
export function renderAuditText(report: AuditReport): string {
  const where = [report.region, report.accountId ? `account ${report.accountId}` : undefined].filter(Boolean);
  const lines = [
    `S3 replication audit: ${report.buckets.length} bucket(s), ${report.rulesChecked} rule(s)${where.length > 0 ? ` in ${where.join(', ')}` : ''}`,
  ];
  const accountWide = report.findings.filter((f) => f.bucket === '*');
  if (accountWide.length > 0) {
    lines.push('', 'Account');
    for (const finding of accountWide) lines.push(...findingLines(finding));
  }
  for (const bucket of report.buckets) {
    const role = bucket.configured ? 'configured source bucket' : 'not in the deployment';
    lines.push('', `${bucket.bucket} (${role}${bucket.region ? `, ${bucket.region}` : ''})`);
    if (bucket.replication === 'configured') {
      for (const rule of bucket.rules) {
        lines.push(`  rule ${rule.ruleId} -> ${rule.destinationBucket}: ${rule.status}, metrics ${rule.metrics}`);
      }
      lines.push(`  ${NOTIFICATION_TEXT[bucket.notifications]}`);
    } else if (bucket.replication === 'none') {
      lines.push('  no replication configuration');
    }
    if (bucket.findings.length === 0) lines.push('  OK: no findings');
    for (const finding of bucket.findings) lines.push(...findingLines(finding));
  }
  const { critical, warning, info } = report.summary;
  lines.push('', `Findings: ${critical} critical, ${warning} warning, ${info} info.`);
  return `${lines.join('\n')}\n`;
}
