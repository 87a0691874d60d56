import { describe, expect, it } from 'vitest';
import { catalogDiagnoser } from '../../../lambdas/core/diagnose.js';
import type { IncidentGroup } from '../../../lambdas/core/incident.js';
import {
  MAX_MESSAGE_BYTES,
  renderDigestAlert,
  renderNewAlert,
  renderResolvedAlert,
} from '../../../lambdas/core/render.js';
import { CONTROL_OR_SURROGATE } from '../../helpers/text.js';

function group(overrides: Partial<IncidentGroup<string>> = {}): IncidentGroup<string> {
  return {
    incidentId: 'inc-0123456789abcdef',
    key: {
      sourceBucket: 'src-bucket',
      ruleId: 'rule-1',
      destinationBucket: 'dst-bucket',
      canonicalReason: 'DstBucketUnversioned',
    },
    failureReason: 'DstBucketUnversioned',
    awsRegion: 'us-east-1',
    objectCount: 12,
    firstSeen: '2024-09-05T21:00:00.000Z',
    lastSeen: '2024-09-05T21:10:00.000Z',
    samples: [{ key: 'a.txt', versionId: 'v1', eventTime: '2024-09-05T21:00:00.000Z' }],
    refs: [],
    ...overrides,
  };
}

const FAILED_OBJECTS =
  /never retried by S3, are not expired by lifecycle rules while they wait, and keep costing storage/;

describe('renderResolvedAlert', () => {
  it('has the resolved subject and the SPEC attributes with alertType resolved', async () => {
    const report = await catalogDiagnoser()(group());

    const alert = renderResolvedAlert(report, { resolvedAt: '2024-09-05T23:00:00.000Z', objectCount: 12 });

    expect(alert.subject).toBe('[RESOLVED] S3 replication: DstBucketUnversioned src-bucket -> dst-bucket');
    expect(alert.attributes).toEqual({
      failureReason: { DataType: 'String', StringValue: 'DstBucketUnversioned' },
      category: { DataType: 'String', StringValue: report.category },
      severity: { DataType: 'String', StringValue: report.severity },
      sourceBucket: { DataType: 'String', StringValue: 'src-bucket' },
      destinationBucket: { DataType: 'String', StringValue: 'dst-bucket' },
      ruleId: { DataType: 'String', StringValue: 'rule-1' },
      incidentId: { DataType: 'String', StringValue: 'inc-0123456789abcdef' },
      alertType: { DataType: 'String', StringValue: 'resolved' },
    });
  });

  it('says what was verified, lists the checks, and reminds that FAILED objects still need a redrive', async () => {
    const report = await catalogDiagnoser()(group());

    const { message } = renderResolvedAlert(report, {
      resolvedAt: '2024-09-05T23:00:00.000Z',
      objectCount: 12,
      quietSince: '2024-09-05T21:10:05.000Z',
      quietSeconds: 3600,
      checks: [
        { id: 'destination-versioning', status: 'pass', summary: 'Versioning is Enabled on dst-bucket' },
        { id: 'role-trust', status: 'unknown', summary: 'Cannot read the role' },
      ],
    });

    expect(message).toContain('Objects:       12 failed between 2024-09-05T21:00:00.000Z and 2024-09-05T21:10:00.000Z');
    expect(message).toContain('Resolved at:   2024-09-05T23:00:00.000Z');
    expect(message).toContain(
      'No new DstBucketUnversioned failure for this rule since 2024-09-05T21:10:05.000Z (quiet period 3600 s).',
    );
    expect(message).toContain('1 of 2 checks pass and none fails; 1 could not be confirmed');
    expect(message).toContain('[PASS] destination-versioning: Versioning is Enabled on dst-bucket');
    expect(message).toContain('[UNKNOWN] role-trust: Cannot read the role');
    expect(message).toMatch(FAILED_OBJECTS);
    expect(message).toContain('replication-doctor redrive --incident inc-0123456789abcdef');
  });

  it('stays inside SNS limits whatever the report holds', async () => {
    const report = await catalogDiagnoser()(
      group({
        key: { ...group().key, ruleId: `rule\u0000\n${'😀'.repeat(300)}` },
        failureReason: 'X\u0001'.repeat(200),
      }),
    );

    const alert = renderResolvedAlert(
      { ...report, title: 'é'.repeat(400_000) },
      { resolvedAt: '2024-09-05T23:00:00.000Z', objectCount: 1 },
    );

    expect(alert.subject.length).toBeLessThan(100);
    expect(Buffer.byteLength(alert.message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    for (const value of Object.values(alert.attributes)) expect(value.StringValue).not.toMatch(CONTROL_OR_SURROGATE);
  });
});

describe('failed-object side effects in every incident alert', () => {
  it('are stated by the new, digest and resolved alerts', async () => {
    const report = await catalogDiagnoser()(group());

    const alerts = [
      renderNewAlert(report),
      renderDigestAlert(report, { newObjects: 3, totalObjects: 15, since: report.firstSeen, sampleKeys: ['b.txt'] }),
      renderResolvedAlert(report, { resolvedAt: '2024-09-05T23:00:00.000Z', objectCount: 15 }),
    ];

    for (const alert of alerts) {
      expect(alert.message).toMatch(FAILED_OBJECTS);
      expect(alert.message).toContain('replication-doctor redrive --incident inc-0123456789abcdef');
    }
  });
});
