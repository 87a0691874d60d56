import { describe, expect, it } from 'vitest';
import { auditBucketFindings, fleetUnverifiedFinding } from '../../../lambdas/core/audit/findings.js';
import { auditReportOf, describeBucket, renderAuditText } from '../../../lambdas/core/audit/report.js';
import type { BucketAuditInput } from '../../../lambdas/core/audit/types.js';
import { absent, DST, input, notifications, ok, QUEUE, RULE_ID, rule, SRC, unknown } from './fixtures.js';

function described(audit: BucketAuditInput) {
  return describeBucket(audit, auditBucketFindings(audit), 'us-east-1');
}

describe('describeBucket', () => {
  it('summarises a healthy bucket: rules, metrics, routing and the checks that ran', () => {
    const bucket = described(input());
    expect(bucket).toMatchObject({
      bucket: SRC,
      configured: true,
      region: 'us-east-1',
      replication: 'configured',
      notifications: 'routed',
      findings: [],
    });
    expect(bucket.rules).toEqual([
      expect.objectContaining({ ruleId: RULE_ID, destinationBucket: DST, status: 'Enabled', metrics: 'Enabled' }),
    ]);
    expect(bucket.rules[0]?.checks).toContainEqual({
      id: 'destination-versioning',
      status: 'pass',
      summary: 'destination-versioning is pass.',
    });
  });

  it('tells missing, unconfigured and unreadable buckets apart', () => {
    expect(described(input({ replication: absent('NoSuchBucket') })).replication).toBe('missing');
    expect(described(input({ replication: absent('ReplicationConfigurationNotFoundError') })).replication).toBe('none');
    expect(described(input({ replication: unknown('denied') })).replication).toBe('unknown');
    expect(described(input({ notifications: unknown('denied') })).notifications).toBe('unknown');
    expect(described(input({ notifications: ok(notifications({ QueueConfigurations: [] })) })).notifications).toBe(
      'not-routed',
    );
    expect(described(input({}, [rule({ Status: 'Disabled' })])).notifications).toBe('not-read');
  });
});

describe('renderAuditText', () => {
  it('groups findings by bucket and ends with the counts', () => {
    const healthy = described(input());
    const broken = described(
      input(
        { bucket: 'other-bucket', configured: false, notifications: ok(notifications({ QueueConfigurations: [] })) },
        [rule({ Destination: { Bucket: `arn:aws:s3:::${DST}` } })],
      ),
    );
    const report = auditReportOf([healthy, broken], [fleetUnverifiedFinding('throttled')], {
      at: '2026-01-05T10:00:00.000Z',
      region: 'us-east-1',
      accountId: '111122223333',
    });
    const text = renderAuditText(report);
    expect(text).toContain('S3 replication audit: 2 bucket(s), 2 rule(s) in us-east-1, account 111122223333');
    expect(text).toContain(
      `${SRC} (configured source bucket, us-east-1)\n  rule ${RULE_ID} -> ${DST}: Enabled, metrics Enabled`,
    );
    expect(text).toContain('  OK: no findings');
    expect(text).toContain('other-bucket (not in the deployment, us-east-1)');
    expect(text).toContain("replication failures do NOT reach the responder's queue");
    expect(text).toContain(`  [CRITICAL] rule ${RULE_ID}: Replication metrics are off: failures are never reported`);
    expect(text).toContain('      Fix:\n        - replication-doctor enable-metrics other-bucket');
    expect(text).toContain('Account\n  [INFO] Could not list the buckets of the account');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Findings: 1 critical, 1 warning, 1 info.');
    expect(report.summary).toEqual({ critical: 1, warning: 1, info: 1 });
    expect(QUEUE).toContain('sqs');
  });
});
