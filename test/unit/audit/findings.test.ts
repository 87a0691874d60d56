import { describe, expect, it } from 'vitest';
import { auditBucketFindings, fleetUnverifiedFinding, sortFindings } from '../../../lambdas/core/audit/findings.js';
import type { AuditFinding } from '../../../lambdas/core/audit/types.js';
import {
  ACCOUNT,
  absent,
  check,
  DST,
  input,
  notifications,
  OTHER_ACCOUNT,
  ok,
  QUEUE,
  queueTarget,
  RULE_ID,
  rule,
  SRC,
  unknown,
  withCheck,
} from './fixtures.js';

function kinds(findings: readonly AuditFinding[]): string[] {
  return findings.map((f) => f.kind);
}

function only(findings: readonly AuditFinding[], kind: string): AuditFinding {
  const found = findings.filter((f) => f.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as AuditFinding;
}

describe('auditBucketFindings: a healthy setup', () => {
  it('has no findings', () => {
    expect(auditBucketFindings(input())).toEqual([]);
  });
});

describe('auditBucketFindings: no replication configuration', () => {
  it('Compliant: a bucket outside the deployment without configuration is not a finding', () => {
    expect(
      auditBucketFindings(input({ configured: false, replication: absent('ReplicationConfigurationNotFoundError') })),
    ).toEqual([]);
  });

  it('NonCompliant: a configured source bucket without configuration is critical', () => {
    const findings = auditBucketFindings(input({ replication: absent('ReplicationConfigurationNotFoundError') }));
    const finding = only(findings, 'no-replication-configuration');
    expect(finding).toMatchObject({
      id: `${SRC}:*:no-replication-configuration`,
      bucket: SRC,
      severity: 'critical',
      category: 'configuration',
    });
    expect(finding.ruleId).toBeUndefined();
    expect(finding.detail).toContain('ReplicationConfigurationNotFoundError');
    expect(finding.fix[0]).toContain(`aws s3api put-bucket-replication --bucket ${SRC}`);
  });

  it('NonCompliant: a configured source bucket that does not exist says so', () => {
    const finding = only(auditBucketFindings(input({ replication: absent('NoSuchBucket') })), 'source-bucket-missing');
    expect(finding.severity).toBe('critical');
  });

  it('an unreadable configuration is an info finding naming the missing permission', () => {
    const findings = auditBucketFindings(
      input({ replication: unknown('GetBucketReplication was denied', 's3:GetReplicationConfiguration') }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'replication-configuration-unverified',
        severity: 'info',
        fix: ['Grant the auditor s3:GetReplicationConfiguration.'],
      }),
    ]);
  });
});

describe('auditBucketFindings: rule disabled', () => {
  it('Compliant: an enabled rule', () => {
    expect(kinds(auditBucketFindings(input()))).not.toContain('rule-disabled');
  });

  it('NonCompliant: a disabled rule is a warning, and its other settings are not judged', () => {
    const disabled = rule({ Status: 'Disabled', Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const findings = auditBucketFindings(input({}, [disabled]));
    expect(kinds(findings)).toEqual(['rule-disabled']);
    expect(findings[0]).toMatchObject({
      id: `${SRC}:${RULE_ID}:rule-disabled`,
      ruleId: RULE_ID,
      destinationBucket: DST,
      severity: 'warning',
    });
  });
});

describe('auditBucketFindings: replication metrics', () => {
  it('Compliant: metrics Enabled', () => {
    expect(kinds(auditBucketFindings(input()))).not.toContain('metrics-disabled');
  });

  it('NonCompliant: metrics not set is critical, since no failure event is ever sent', () => {
    const noMetrics = rule({ Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const finding = only(auditBucketFindings(input({}, [noMetrics])), 'metrics-disabled');
    expect(finding).toMatchObject({ severity: 'critical', ruleId: RULE_ID, checkId: 'replication-metrics' });
    expect(finding.detail).toContain('s3:Replication:OperationFailedReplication');
    expect(finding.fix).toEqual([`replication-doctor enable-metrics ${SRC} --rule ${RULE_ID} --execute`]);
  });

  it('NonCompliant: a V1 rule needs the schema change', () => {
    const v1 = rule({ Filter: undefined, Prefix: 'logs/', Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const finding = only(auditBucketFindings(input({}, [v1])), 'metrics-disabled');
    expect(finding.fix[0]).toContain('--allow-schema-change');
  });

  it('the replication-metrics check result does not duplicate the finding', () => {
    const noMetrics = rule({ Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const base = input({}, [noMetrics]);
    const findings = auditBucketFindings(withCheck(check('replication-metrics', 'fail'), base));
    expect(kinds(findings)).toEqual(['metrics-disabled']);
  });

  it('rules without an ID are named by position', () => {
    const anonymous = rule({ ID: undefined, Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const finding = only(auditBucketFindings(input({}, [anonymous])), 'metrics-disabled');
    expect(finding.id).toBe(`${SRC}:#1:metrics-disabled`);
  });
});

describe('auditBucketFindings: notifications to the responder', () => {
  it('Compliant: s3:Replication:* to our queue', () => {
    expect(auditBucketFindings(input())).toEqual([]);
  });

  it('Compliant: the exact OperationFailedReplication event with a prefix that covers the rule', () => {
    const target = queueTarget({
      Events: ['s3:Replication:OperationFailedReplication'],
      FilterRules: [{ Name: 'Prefix', Value: 'lo' }],
    });
    expect(auditBucketFindings(input({ notifications: ok(notifications({ QueueConfigurations: [target] })) }))).toEqual(
      [],
    );
  });

  it('NonCompliant: no notification to our queue is critical and names where events go instead', () => {
    const elsewhere = queueTarget({ Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:other` });
    const findings = auditBucketFindings(
      input({ notifications: ok(notifications({ QueueConfigurations: [elsewhere], EventBridge: true })) }),
    );
    const finding = only(findings, 'notifications-not-routed');
    expect(finding).toMatchObject({ id: `${SRC}:*:notifications-not-routed`, severity: 'critical' });
    expect(finding.detail).toContain(QUEUE);
    expect(finding.detail).toContain(`arn:aws:sqs:us-east-1:${ACCOUNT}:other`);
    expect(finding.detail).toContain('EventBridge');
    expect(finding.fix[0]).toContain('Redeploy the ReplicationDoctor stack');
    expect(finding.fix.join('\n')).toContain('put-bucket-notification-configuration');
  });

  it('NonCompliant: our queue gets only other replication events', () => {
    const target = queueTarget({ Events: ['s3:Replication:OperationMissedThreshold', 's3:ObjectCreated:*'] });
    const findings = auditBucketFindings(
      input({ notifications: ok(notifications({ QueueConfigurations: [target] })) }),
    );
    expect(kinds(findings)).toEqual(['notifications-not-routed']);
  });

  it('NonCompliant: a prefix filter that hides some of the rule keys is critical per rule', () => {
    const target = queueTarget({ FilterRules: [{ Name: 'prefix', Value: 'logs/2026/' }] });
    const finding = only(
      auditBucketFindings(input({ notifications: ok(notifications({ QueueConfigurations: [target] })) })),
      'notifications-filtered',
    );
    expect(finding).toMatchObject({ ruleId: RULE_ID, severity: 'critical' });
    expect(finding.detail).toContain('logs/2026/');
  });

  it('NonCompliant: any suffix filter hides keys', () => {
    const target = queueTarget({ FilterRules: [{ Name: 'Suffix', Value: '.gz' }] });
    const findings = auditBucketFindings(
      input({ notifications: ok(notifications({ QueueConfigurations: [target] })) }),
    );
    expect(kinds(findings)).toEqual(['notifications-filtered']);
  });

  it('an unreadable notification configuration or an unknown queue is "could not verify"', () => {
    const denied = auditBucketFindings(
      input({ notifications: unknown('GetBucketNotificationConfiguration was denied', 's3:GetBucketNotification') }),
    );
    expect(only(denied, 'notifications-unverified')).toMatchObject({
      severity: 'info',
      fix: ['Grant the auditor s3:GetBucketNotification.'],
    });
    const { eventQueueArn: _queue, ...withoutQueue } = input();
    expect(kinds(auditBucketFindings(withoutQueue))).toEqual(['notifications-unverified']);
  });

  it('a bucket with only disabled rules needs no notification', () => {
    const disabled = rule({ Status: 'Disabled' });
    const findings = auditBucketFindings(
      input({ notifications: ok(notifications({ QueueConfigurations: [] })) }, [disabled]),
    );
    expect(kinds(findings)).toEqual(['rule-disabled']);
  });
});

describe('auditBucketFindings: fleet coverage (buckets outside the deployment)', () => {
  it('Compliant: a replicating bucket whose events reach our queue', () => {
    expect(auditBucketFindings(input({ configured: false, rules: {} }))).toEqual([]);
  });

  it('NonCompliant: a replicating bucket whose events reach no responder is a warning', () => {
    const finding = only(
      auditBucketFindings(
        input({ configured: false, rules: {}, notifications: ok(notifications({ QueueConfigurations: [] })) }),
      ),
      'not-monitored',
    );
    expect(finding).toMatchObject({ id: `${SRC}:*:not-monitored`, severity: 'warning' });
    expect(finding.fix[0]).toContain('sourceBuckets');
  });

  it('NonCompliant: events going to another destination (maybe another responder) is info', () => {
    const other = queueTarget({ Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:other-doctor` });
    const finding = only(
      auditBucketFindings(
        input({ configured: false, rules: {}, notifications: ok(notifications({ QueueConfigurations: [other] })) }),
      ),
      'not-monitored',
    );
    expect(finding.severity).toBe('info');
    expect(finding.detail).toContain('other-doctor');
  });
});

describe('auditBucketFindings: check results', () => {
  it('Compliant: passing and skipped checks give no finding', () => {
    expect(auditBucketFindings(withCheck(check('destination-versioning', 'skipped')))).toEqual([]);
  });

  it('NonCompliant: destination versioning failing is a critical versioning finding with the check summary and fix', () => {
    const failed = check('destination-versioning', 'fail', {
      summary: `Destination bucket ${DST} has versioning Suspended.`,
      fix: [`aws s3api put-bucket-versioning --bucket ${DST} --versioning-configuration Status=Enabled`],
    });
    const finding = only(auditBucketFindings(withCheck(failed)), 'destination-versioning');
    expect(finding).toMatchObject({
      id: `${SRC}:${RULE_ID}:destination-versioning`,
      severity: 'critical',
      category: 'versioning',
      checkId: 'destination-versioning',
      fix: failed.fix,
    });
    expect(finding.detail).toContain('Suspended');
    expect(finding.detail).toContain('Evidence: GetBucketVersioning Status = Suspended');
  });

  it('NonCompliant: source versioning is a bucket-wide finding, reported once for several rules', () => {
    const second = rule({
      ID: 'second',
      Priority: 2,
      Destination: { ...rule().Destination, Bucket: 'arn:aws:s3:::b' },
    });
    const base = input({}, [rule(), second]);
    const failing = [check('source-versioning', 'fail')];
    const findings = auditBucketFindings({
      ...base,
      rules: { [RULE_ID]: { checks: failing }, second: { checks: failing } },
    });
    expect(findings).toEqual([
      expect.objectContaining({ id: `${SRC}:*:source-versioning`, kind: 'source-versioning' }),
    ]);
    expect(findings[0]).not.toHaveProperty('ruleId');
  });

  it('NonCompliant: role trust is a permissions finding', () => {
    const finding = only(auditBucketFindings(withCheck(check('role-trust', 'fail'))), 'role-trust');
    expect(finding).toMatchObject({ category: 'permissions', severity: 'critical' });
    expect(finding).not.toHaveProperty('ruleId');
  });

  it('NonCompliant: KMS key state uses the check severity hint', () => {
    const finding = only(
      auditBucketFindings(withCheck(check('destination-kms-key', 'fail', { severityHint: 'warning' }))),
      'destination-kms-key',
    );
    expect(finding).toMatchObject({ category: 'encryption', severity: 'warning' });
  });

  it('NonCompliant: Object Lock inconsistency', () => {
    const finding = only(auditBucketFindings(withCheck(check('object-lock', 'fail'))), 'object-lock');
    expect(finding).toMatchObject({ category: 'object-lock', severity: 'critical' });
  });

  it('NonCompliant: a policy check that lands later (delete markers, owner override, KMS) maps by its id', () => {
    const finding = only(
      auditBucketFindings(
        withCheck(check('role-destination-permissions', 'fail', { fix: ['Allow s3:ReplicateDelete'] })),
      ),
      'role-destination-permissions',
    );
    expect(finding).toMatchObject({ category: 'permissions', severity: 'critical', fix: ['Allow s3:ReplicateDelete'] });
  });

  it('an unknown check is an info finding "could not verify" naming the missing permission', () => {
    const finding = only(
      auditBucketFindings(
        withCheck(check('destination-kms-key-policy', 'unknown', { missingPermission: 'kms:GetKeyPolicy' })),
      ),
      'destination-kms-key-policy-unverified',
    );
    expect(finding).toMatchObject({
      severity: 'info',
      title: 'Could not verify the replica KMS key policy',
      fix: ['Grant the auditor kms:GetKeyPolicy.'],
    });
    expect(finding.detail).toContain('The auditor lacks kms:GetKeyPolicy.');
  });

  it('a warning check is an info finding about the risk', () => {
    const finding = only(
      auditBucketFindings(withCheck(check('delete-marker-replication', 'warn'))),
      'delete-marker-replication-risk',
    );
    expect(finding.severity).toBe('info');
  });
});

describe('auditBucketFindings: filters that look wrong', () => {
  it('Compliant: keys seen in failures that match the prefix', () => {
    expect(auditBucketFindings(input({ failureKeys: ['logs/a.txt', 'other/b.txt'] }))).toEqual([]);
  });

  it('NonCompliant: keys that differ from the prefix only in case', () => {
    const finding = only(
      auditBucketFindings(input({ failureKeys: ['Logs/a.txt', 'Logs/b.txt', 'logs/c.txt'] })),
      'filter-prefix-case',
    );
    expect(finding).toMatchObject({ severity: 'warning', ruleId: RULE_ID });
    expect(finding.detail).toContain('"Logs/"');
    expect(finding.detail).toContain('"Logs/a.txt"');
    expect(finding.fix.join('\n')).toContain('Set Filter.Prefix of rule "replicate-logs" to "Logs/"');
  });

  it('NonCompliant: a prefix with a leading slash', () => {
    const slash = rule({ Filter: { Prefix: '/logs/' } });
    const finding = only(auditBucketFindings(input({}, [slash])), 'filter-leading-slash');
    expect(finding.fix.join('\n')).toContain('to "logs/"');
  });

  it('Compliant: a leading slash when failure keys really start with it', () => {
    const slash = rule({ Filter: { Prefix: '/logs/' } });
    expect(kinds(auditBucketFindings(input({ failureKeys: ['/logs/x'] }, [slash])))).not.toContain(
      'filter-leading-slash',
    );
  });
});

describe('auditBucketFindings: destination account allow-list', () => {
  const crossAccount = rule({ Destination: { ...rule().Destination, Account: OTHER_ACCOUNT } });

  it('Compliant: no allow-list accepts every account', () => {
    expect(auditBucketFindings(input({}, [crossAccount]))).toEqual([]);
  });

  it('Compliant: an allowed account, and the own account without being listed', () => {
    expect(auditBucketFindings(input({ destinationAllowList: [OTHER_ACCOUNT] }, [crossAccount]))).toEqual([]);
    const own = rule({ Destination: { ...rule().Destination, Account: ACCOUNT } });
    expect(auditBucketFindings(input({ destinationAllowList: ['999999999999'] }, [own]))).toEqual([]);
  });

  it('NonCompliant: an account outside the allow-list is a critical security finding', () => {
    const finding = only(
      auditBucketFindings(input({ destinationAllowList: ['999999999999'] }, [crossAccount])),
      'destination-account-not-allowed',
    );
    expect(finding).toMatchObject({ severity: 'critical', category: 'permissions', ruleId: RULE_ID });
    expect(finding.detail).toContain(OTHER_ACCOUNT);
    expect(finding.detail).toContain('999999999999');
  });

  it('NonCompliant: the owner read from the bucket counts when the rule names no account', () => {
    const base = input({ destinationAllowList: ['999999999999'] });
    const findings = auditBucketFindings({
      ...base,
      rules: {
        [RULE_ID]: {
          checks: [],
          destinationOwner: ok({ account: OTHER_ACCOUNT, decidedBy: 'HeadBucket ExpectedBucketOwner' }),
        },
      },
    });
    expect(kinds(findings)).toEqual(['destination-account-not-allowed']);
  });

  it('a disabled rule towards a foreign account is still reported', () => {
    const disabled = rule({ Status: 'Disabled', Destination: { ...crossAccount.Destination } });
    expect(kinds(auditBucketFindings(input({ destinationAllowList: ['999999999999'] }, [disabled])))).toEqual([
      'destination-account-not-allowed',
      'rule-disabled',
    ]);
  });

  it('an unknown destination owner is "could not verify"', () => {
    const base = input({ destinationAllowList: ['999999999999'] });
    const findings = auditBucketFindings({
      ...base,
      rules: { [RULE_ID]: { destinationOwner: unknown('HeadBucket was refused', 's3:ListBucket') } },
    });
    expect(only(findings, 'destination-account-unverified').severity).toBe('info');
  });
});

describe('sortFindings and account-wide findings', () => {
  it('sorts the most severe first, then by bucket', () => {
    const sorted = sortFindings([
      { ...fleetUnverifiedFinding('denied'), bucket: 'b' },
      { ...fleetUnverifiedFinding('denied'), bucket: 'a', severity: 'critical' },
      { ...fleetUnverifiedFinding('denied'), bucket: 'a' },
    ]);
    expect(sorted.map((f) => `${f.severity}:${f.bucket}`)).toEqual(['critical:a', 'info:a', 'info:b']);
  });

  it('a failed ListBuckets is one account-wide info finding', () => {
    expect(fleetUnverifiedFinding('AccessDenied', 's3:ListAllMyBuckets')).toMatchObject({
      id: '*:*:fleet-unverified',
      bucket: '*',
      severity: 'info',
      fix: ['Grant the auditor s3:ListAllMyBuckets.'],
    });
  });

  it('finding ids are unique and stable for the same input', () => {
    const noMetrics = rule({ Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const a = auditBucketFindings(input({ failureKeys: ['Logs/x'] }, [noMetrics]));
    const b = auditBucketFindings(input({ failureKeys: ['Logs/x'] }, [noMetrics]));
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
    expect(QUEUE).toContain('sqs');
  });
});
