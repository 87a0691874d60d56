import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { MemoryAuditStateStore } from '../../../lambdas/adapters/audit-state.js';
import { type AuditorDeps, createAuditor } from '../../../lambdas/auditor/auditor.js';
import {
  type AuditMetrics,
  type AuditorLogger,
  METRICS_NAMESPACE,
  PowertoolsAuditMetrics,
} from '../../../lambdas/auditor/observability.js';
import { auditBucketFindings } from '../../../lambdas/core/audit/findings.js';
import { auditReportOf, describeBucket } from '../../../lambdas/core/audit/report.js';
import type { BucketAuditInput, SeverityCounts } from '../../../lambdas/core/audit/types.js';
import { StoreError } from '../../../lambdas/core/store.js';
import { RecordingAlerter } from '../../helpers/responder.js';
import { input, rule } from './fixtures.js';

class RecordingAuditMetrics implements AuditMetrics {
  readonly runs: { findings: SeverityCounts; alertPublished: boolean }[] = [];
  flushes = 0;
  record(run: { findings: SeverityCounts; alertPublished: boolean }): void {
    this.runs.push(run);
  }
  flush(): void {
    this.flushes += 1;
  }
}

class RecordingLogger implements AuditorLogger {
  readonly lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  debug(message: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: Record<string, unknown> = {}) {
    this.lines.push({ level: 'error', message, fields });
  }
}

function reportOf(audits: readonly BucketAuditInput[]) {
  return auditReportOf(
    audits.map((a) => describeBucket(a, auditBucketFindings(a), 'us-east-1')),
    [],
    { at: '2026-01-05T10:00:00.000Z', region: 'us-east-1', accountId: '111122223333' },
  );
}

function setup(overrides: Partial<AuditorDeps> = {}) {
  let current: BucketAuditInput[] = [input({}, [rule({ Destination: { Bucket: 'arn:aws:s3:::acme-logs-dst' } })])];
  const seen: (ReadonlyMap<string, readonly string[]> | undefined)[] = [];
  const alerter = new RecordingAlerter();
  const metrics = new RecordingAuditMetrics();
  const logger = new RecordingLogger();
  const state = new MemoryAuditStateStore();
  const auditor = createAuditor({
    audit: async ({ failureKeys }) => {
      seen.push(failureKeys);
      return reportOf(
        current.map((a) => ({ ...a, ...(failureKeys ? { failureKeys: failureKeys.get(a.bucket) } : {}) })),
      );
    },
    state,
    alerter,
    clock: () => new Date('2026-01-05T10:00:00.000Z'),
    logger,
    metrics,
    ...overrides,
  });
  return {
    auditor,
    alerter,
    metrics,
    logger,
    state,
    seen,
    setBuckets: (audits: BucketAuditInput[]) => {
      current = audits;
    },
  };
}

describe('createAuditor', () => {
  it('publishes once for new findings, records metrics and saves the state', async () => {
    const t = setup();

    const summary = await t.auditor();

    expect(summary).toEqual({
      buckets: 1,
      rulesChecked: 1,
      findings: { critical: 1, warning: 0, info: 0 },
      opened: 1,
      resolved: 0,
      alertPublished: true,
    });
    expect(t.alerter.ofType('audit')).toHaveLength(1);
    expect(t.metrics.runs).toEqual([{ findings: { critical: 1, warning: 0, info: 0 }, alertPublished: true }]);
    expect(t.metrics.flushes).toBe(1);
    expect((await t.state.load())?.findings.map((f) => f.kind)).toEqual(['metrics-disabled']);
    expect(t.logger.lines.at(-1)).toMatchObject({
      level: 'info',
      message: 'audit finished',
      fields: { firstRun: true },
    });
  });

  it('publishes nothing on a first run without findings, and nothing again while nothing changes', async () => {
    const t = setup();
    t.setBuckets([input()]);
    expect((await t.auditor()).alertPublished).toBe(false);
    expect((await t.auditor()).alertPublished).toBe(false);
    expect(t.alerter.published).toEqual([]);
  });

  it('hands failure keys from the incident store to the audit, and goes on without them when they fail', async () => {
    const keys = new Map([['acme-logs-src', ['Logs/x.txt']]]);
    const ok = setup({ failureKeys: async () => keys });
    ok.setBuckets([input()]);
    await ok.auditor();
    expect(ok.seen).toEqual([keys]);
    expect(ok.alerter.published[0]?.message).toContain('Rule prefix differs in case from the keys written');

    const failing = setup({
      failureKeys: async () => {
        throw new StoreError('listIncidents', 'ResourceNotFoundException: no table');
      },
    });
    failing.setBuckets([input()]);
    const summary = await failing.auditor();
    expect(failing.seen).toEqual([undefined]);
    expect(summary.alertPublished).toBe(false);
    expect(failing.logger.lines[0]).toMatchObject({ level: 'warn' });
  });

  it('fails the run (for a retry) when the state cannot be saved, after flushing metrics', async () => {
    const t = setup();
    t.state.save = async () => {
      throw new StoreError('saveAuditState', 'ProvisionedThroughputExceededException: slow down');
    };

    await expect(t.auditor()).rejects.toThrow('saveAuditState');

    expect(t.metrics.flushes).toBe(1);
    expect(t.logger.lines.at(-1)).toMatchObject({ level: 'error', message: 'audit failed' });
  });

  it('warns when the previous state was truncated', async () => {
    const t = setup();
    await t.state.save({ version: 1, savedAt: 'x', findings: [], total: 5000, truncated: true });
    await t.auditor();
    expect(t.logger.lines.some((l) => l.level === 'warn' && l.message.includes('truncated'))).toBe(true);
  });
});

describe('PowertoolsAuditMetrics', () => {
  let write: MockInstance<typeof process.stdout.write> | undefined;
  afterEach(() => {
    write?.mockRestore();
    vi.unstubAllEnvs();
  });

  it('emits AuditRuns, AuditFindings per Severity (zeros too) and the audit alert', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const metrics = new PowertoolsAuditMetrics(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'test' }));

    metrics.record({ findings: { critical: 2, warning: 0, info: 5 }, alertPublished: true });
    metrics.flush();

    const docs = (write.mock.calls ?? [])
      .map((call) => String(call[0]))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(docs.find((d) => 'AuditRuns' in d)?.AuditRuns).toBe(1);
    expect(docs.filter((d) => 'AuditFindings' in d).map((d) => [d.Severity, d.AuditFindings])).toEqual([
      ['critical', 2],
      ['warning', 0],
      ['info', 5],
    ]);
    expect(docs.find((d) => 'AlertsPublished' in d)).toMatchObject({ AlertType: 'audit', AlertsPublished: 1 });
    const namespaces = docs.map(
      (d) => (d._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]?.Namespace,
    );
    expect(new Set(namespaces)).toEqual(new Set(['S3ReplicationDoctor']));
  });
});
