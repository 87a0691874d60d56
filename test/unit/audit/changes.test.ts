import { describe, expect, it } from 'vitest';
import { changedFindings, hasChanges } from '../../../lambdas/core/audit/changes.js';
import { failureKeysByBucket } from '../../../lambdas/core/audit/failure-keys.js';
import { auditStateOf, parseAuditState } from '../../../lambdas/core/audit/state.js';
import type { AuditFinding } from '../../../lambdas/core/audit/types.js';
import type { Severity } from '../../../lambdas/core/types.js';

function finding(id: string, severity: Severity = 'critical', title = `finding ${id}`): AuditFinding {
  return {
    id,
    bucket: id.split(':')[0] ?? id,
    kind: id.split(':')[2] ?? 'x',
    severity,
    category: 'configuration',
    title,
    detail: `detail of ${id}`,
    fix: [`fix ${id}`],
  };
}

describe('changedFindings', () => {
  it('opens everything on the first run', () => {
    const current = [finding('a:*:x'), finding('b:r:y')];
    const changes = changedFindings([], current);
    expect(changes.opened).toEqual(current);
    expect(changes.resolved).toEqual([]);
    expect(hasChanges(changes)).toBe(true);
  });

  it('finds nothing to report between identical runs', () => {
    const current = [finding('a:*:x'), finding('b:r:y', 'warning')];
    const changes = changedFindings(current, current);
    expect(changes.unchanged.map((f) => f.id)).toEqual(['a:*:x', 'b:r:y']);
    expect(hasChanges(changes)).toBe(false);
  });

  it('tells opened, resolved, unchanged and severity changes apart by id', () => {
    const previous = [finding('a:*:x'), finding('b:r:y', 'warning'), finding('c:r:z')];
    const current = [finding('a:*:x'), finding('b:r:y', 'critical'), finding('d:r:w', 'info')];
    const changes = changedFindings(previous, current);
    expect(changes.opened.map((f) => f.id)).toEqual(['d:r:w']);
    expect(changes.resolved.map((f) => f.id)).toEqual(['c:r:z']);
    expect(changes.unchanged.map((f) => f.id)).toEqual(['a:*:x']);
    expect(changes.changed).toEqual([{ finding: current[1], previousSeverity: 'warning' }]);
    expect(hasChanges(changes)).toBe(true);
  });

  it('reports a run whose findings were all fixed as resolved', () => {
    const changes = changedFindings([finding('a:*:x')], []);
    expect(changes.resolved.map((f) => f.id)).toEqual(['a:*:x']);
    expect(hasChanges(changes)).toBe(true);
  });
});

describe('audit state', () => {
  it('keeps what change detection and the resolved list need, and round-trips', () => {
    const state = auditStateOf([finding('a:r:x', 'warning'), finding('b:*:y')], '2026-01-05T10:00:00.000Z');
    expect(state).toEqual({
      version: 1,
      savedAt: '2026-01-05T10:00:00.000Z',
      findings: [
        {
          id: 'b:*:y',
          bucket: 'b',
          kind: 'y',
          severity: 'critical',
          category: 'configuration',
          title: 'finding b:*:y',
        },
        { id: 'a:r:x', bucket: 'a', kind: 'x', severity: 'warning', category: 'configuration', title: 'finding a:r:x' },
      ],
      total: 2,
      truncated: false,
    });
    expect(parseAuditState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('stays within its byte budget, keeping the most severe findings', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      finding(`bucket-${i}:rule:kind`, i % 2 === 0 ? 'info' : 'critical', 'x'.repeat(400)),
    );
    const state = auditStateOf(many, '2026-01-05T10:00:00.000Z', 20_000);
    expect(Buffer.byteLength(JSON.stringify(state.findings), 'utf8')).toBeLessThanOrEqual(20_000);
    expect(state.truncated).toBe(true);
    expect(state.total).toBe(500);
    expect(state.findings.every((f) => f.severity === 'critical')).toBe(true);
    expect(state.findings[0]?.title.length).toBeLessThanOrEqual(200);
  });

  it('reads a damaged state leniently', () => {
    expect(parseAuditState(undefined)).toBeUndefined();
    expect(parseAuditState({ version: 2, findings: [] })).toBeUndefined();
    expect(
      parseAuditState({
        version: 1,
        savedAt: 'x',
        findings: [{ id: 'a', severity: 'bogus' }, 'junk', { id: 'b', severity: 'info', category: 'nope' }],
      }),
    ).toEqual({
      version: 1,
      savedAt: 'x',
      findings: [{ id: 'b', bucket: '-', kind: '-', severity: 'info', category: 'configuration', title: 'b' }],
      total: 1,
      truncated: false,
    });
  });
});

describe('failureKeysByBucket', () => {
  it('collects the sampled keys per source bucket, without duplicates', () => {
    const sample = (key: string) => ({ key, eventTime: '2026-01-05T10:00:00Z' });
    const keys = failureKeysByBucket([
      { sourceBucket: 'a', firstSamples: [sample('Logs/1')], recentSamples: [sample('Logs/1'), sample('Logs/2')] },
      { sourceBucket: 'b', firstSamples: [sample('x')], recentSamples: [] },
      { sourceBucket: 'a', firstSamples: [sample('Logs/3')], recentSamples: [] },
    ]);
    expect(keys.get('a')).toEqual(['Logs/1', 'Logs/2', 'Logs/3']);
    expect(keys.get('b')).toEqual(['x']);
  });
});
