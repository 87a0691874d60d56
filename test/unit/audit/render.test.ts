import { describe, expect, it } from 'vitest';
import { changedFindings } from '../../../lambdas/core/audit/changes.js';
import {
  type AuditRunInfo,
  dominantCategory,
  renderAuditAlert,
  worstOpenSeverity,
} from '../../../lambdas/core/audit/render.js';
import { auditStateOf } from '../../../lambdas/core/audit/state.js';
import type { AuditFinding } from '../../../lambdas/core/audit/types.js';
import { MAX_MESSAGE_BYTES } from '../../../lambdas/core/render.js';
import type { Category, Severity } from '../../../lambdas/core/types.js';
import { CONTROL_CHARACTERS, CONTROL_OR_SURROGATE } from '../../helpers/text.js';

const RUN: AuditRunInfo = {
  at: '2026-01-05T10:00:00.000Z',
  region: 'us-east-1',
  accountId: '111122223333',
  buckets: 3,
  rulesChecked: 4,
};

function finding(
  bucket: string,
  kind: string,
  severity: Severity,
  extras: Partial<AuditFinding> & { category?: Category } = {},
): AuditFinding {
  const ruleId = extras.ruleId;
  return {
    id: `${bucket}:${ruleId ?? '*'}:${kind}`,
    bucket,
    kind,
    severity,
    category: 'configuration',
    title: `Title of ${kind}`,
    detail: `Detail of ${kind} on ${bucket}.`,
    fix: [`fix ${kind}`],
    ...extras,
  };
}

function attributes(alert: ReturnType<typeof renderAuditAlert>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(alert.attributes).map(([k, v]) => [k, v.StringValue]));
}

describe('renderAuditAlert', () => {
  it('names the worst open severity and what changed in a short one-line subject', () => {
    const current = [
      finding('a', 'metrics-disabled', 'critical', { ruleId: 'r1' }),
      finding('a', 'rule-disabled', 'warning', { ruleId: 'r2' }),
      finding('b', 'not-monitored', 'warning'),
    ];
    const previous = [finding('c', 'no-replication-configuration', 'critical')];
    const alert = renderAuditAlert(changedFindings(auditStateOf(previous, RUN.at).findings, current), current, RUN);
    expect(alert.subject).toBe('[CRITICAL] S3 replication audit: 3 new findings, 1 resolved');
    expect(alert.subject.length).toBeLessThan(100);
    expect(alert.subject).not.toMatch(CONTROL_CHARACTERS);
  });

  it('lists new, resolved and still-open findings with their fixes', () => {
    const kept = finding('a', 'destination-versioning', 'critical', { ruleId: 'r1' });
    const fresh = finding('a', 'metrics-disabled', 'critical', { ruleId: 'r1' });
    const gone = finding('a', 'role-trust', 'critical');
    const previous = auditStateOf([kept, gone], RUN.at).findings;
    const alert = renderAuditAlert(changedFindings(previous, [kept, fresh]), [kept, fresh], RUN);
    const message = alert.message;
    expect(message).toContain('NEW FINDINGS (1)');
    expect(message).toContain('RESOLVED (1)');
    expect(message).toContain('STILL OPEN (1)');
    expect(message).toContain('[CRITICAL] a, rule r1: Title of metrics-disabled');
    expect(message).toContain('- fix metrics-disabled');
    expect(message).toContain('- [CRITICAL] a: Title of role-trust');
    expect(message).toContain('fix destination-versioning');
    expect(message.indexOf('NEW FINDINGS')).toBeLessThan(message.indexOf('RESOLVED'));
    expect(message.indexOf('RESOLVED')).toBeLessThan(message.indexOf('STILL OPEN'));
    expect(message).toContain('account 111122223333, us-east-1');
  });

  it('carries the SPEC attributes: audit, worst severity, category, the one bucket, "-" where nothing applies', () => {
    const current = [
      finding('a', 'destination-versioning', 'critical', {
        ruleId: 'r1',
        destinationBucket: 'd',
        category: 'versioning',
      }),
      finding('a', 'metrics-disabled', 'warning', { ruleId: 'r1', destinationBucket: 'd' }),
    ];
    const alert = renderAuditAlert(changedFindings([], current), current, RUN);
    expect(attributes(alert)).toEqual({
      alertType: 'audit',
      failureReason: '-',
      severity: 'critical',
      category: 'versioning',
      sourceBucket: 'a',
      destinationBucket: 'd',
      ruleId: 'r1',
      incidentId: '-',
    });
    for (const value of Object.values(alert.attributes)) {
      expect(value.DataType).toBe('String');
      expect(value.StringValue).not.toBe('');
      expect(value.StringValue).not.toMatch(CONTROL_OR_SURROGATE);
    }
  });

  it('uses "-" for the bucket and rule when several are concerned', () => {
    const current = [finding('a', 'x', 'warning', { ruleId: 'r1' }), finding('b', 'y', 'info', { ruleId: 'r2' })];
    const values = attributes(renderAuditAlert(changedFindings([], current), current, RUN));
    expect(values).toMatchObject({ sourceBucket: '-', ruleId: '-', destinationBucket: '-', severity: 'warning' });
  });

  it('says so when everything was resolved', () => {
    const previous = auditStateOf([finding('a', 'x', 'critical')], RUN.at).findings;
    const alert = renderAuditAlert(changedFindings(previous, []), [], RUN);
    expect(alert.subject).toBe('[RESOLVED] S3 replication audit: 1 resolved, nothing open');
    expect(attributes(alert)).toMatchObject({ severity: 'info', sourceBucket: 'a', category: 'configuration' });
  });

  it('mentions a severity change', () => {
    const before = auditStateOf([finding('a', 'x', 'warning')], RUN.at).findings;
    const now = [finding('a', 'x', 'critical')];
    const alert = renderAuditAlert(changedFindings(before, now), now, RUN);
    expect(alert.subject).toBe('[CRITICAL] S3 replication audit: 1 changed');
    expect(alert.message).toContain('SEVERITY CHANGED (1)');
    expect(alert.message).toContain('(was WARNING)');
  });

  it('keeps the subject short and the message within SNS limits whatever the input', () => {
    const hostile = Array.from({ length: 3000 }, (_, i) =>
      finding(`bucket-${i}`, 'k', 'critical', { title: `t\u0000\n${'é'.repeat(300)}`, detail: 'd'.repeat(500) }),
    );
    const alert = renderAuditAlert(changedFindings([], hostile), hostile, RUN);
    expect(alert.subject.length).toBeLessThan(100);
    expect(Buffer.byteLength(alert.message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(alert.message).toContain('[message truncated to fit the SNS size limit]');
  });
});

describe('worstOpenSeverity and dominantCategory', () => {
  it('pick the worst severity and the most frequent category among the most severe findings', () => {
    const findings = [
      { severity: 'warning' as const, category: 'versioning' as const },
      { severity: 'critical' as const, category: 'encryption' as const },
      { severity: 'critical' as const, category: 'encryption' as const },
      { severity: 'critical' as const, category: 'permissions' as const },
    ];
    expect(worstOpenSeverity(findings)).toBe('critical');
    expect(dominantCategory(findings)).toBe('encryption');
    expect(worstOpenSeverity([])).toBe('info');
    expect(dominantCategory([])).toBe('configuration');
  });

  it('prefer configuration on a tie', () => {
    expect(
      dominantCategory([
        { severity: 'critical', category: 'permissions' },
        { severity: 'critical', category: 'configuration' },
      ]),
    ).toBe('configuration');
  });
});
