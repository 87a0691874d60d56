import {
  CreateJobRequest$,
  GeneratedManifestFormat,
  JobReportFormat,
  JobReportScope,
  ReplicationStatus,
} from '@aws-sdk/client-s3-control';
import { describe, expect, it } from 'vitest';
import {
  type CreateJobRequestDoc,
  incidentSourceOfStore,
  MAX_TOKEN_LENGTH,
  planRedriveJob,
  type RedriveJobInput,
  redriveToken,
  renderRedrivePlan,
} from '../../../lambdas/core/ops/redrive.js';
import { rulePrefix } from '../../../lambdas/core/ops/replication-config.js';
import type { StoredIncident } from '../../../lambdas/core/store.js';
import { schemaIssues } from './smithy-schema.js';

const NOW = new Date('2026-03-14T09:26:53Z');
const BASE: RedriveJobInput = {
  accountId: '111122223333',
  partition: 'aws',
  sourceBucket: 'amzn-s3-demo-bucket1',
  ruleId: 'notification-test-replication-rule',
  rulePrefix: 'photos/',
  roleArn: 'arn:aws:iam::111122223333:role/replication-doctor-batch-replication',
  now: NOW,
};

/**
 * Constraints the S3 Control API reference states for CreateJob
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_CreateJob.html); the SDK schema carries the shape,
 * these carry the lengths and patterns.
 */
function apiConstraintIssues(request: CreateJobRequestDoc): string[] {
  const issues: string[] = [];
  if (!/^\d{12}$/.test(request.AccountId)) issues.push('AccountId must be a 12-digit account ID');
  if (request.ClientRequestToken.length < 1 || request.ClientRequestToken.length > 64)
    issues.push('ClientRequestToken 1-64');
  if (request.Description.length < 1 || request.Description.length > 256) issues.push('Description 1-256');
  if (!Number.isInteger(request.Priority) || request.Priority < 0 || request.Priority > 2147483647)
    issues.push('Priority');
  if (!/^arn:[^:]+:iam::\d{12}:role\/.*/.test(request.RoleArn) || request.RoleArn.length > 2048) issues.push('RoleArn');
  if (request.Report.Enabled) {
    if (!/^arn:[^:]+:s3:.*/.test(request.Report.Bucket)) issues.push('Report.Bucket must be an ARN');
    if (request.Report.Prefix.length < 1 || request.Report.Prefix.length > 512) issues.push('Report.Prefix 1-512');
  }
  const generator = request.ManifestGenerator.S3JobManifestGenerator;
  if (!/^arn:[^:]+:s3:.*/.test(generator.SourceBucket)) issues.push('SourceBucket must be an ARN');
  return issues;
}

function enumIssues(request: CreateJobRequestDoc): string[] {
  const issues: string[] = [];
  const allowed = (values: Record<string, string>, value: string, name: string): void => {
    if (!Object.values(values).includes(value))
      issues.push(`${name}: ${value} is not one of ${Object.values(values).join(', ')}`);
  };
  if (request.Report.Enabled) {
    allowed(JobReportFormat, request.Report.Format, 'Report.Format');
    allowed(JobReportScope, request.Report.ReportScope, 'Report.ReportScope');
  }
  const generator = request.ManifestGenerator.S3JobManifestGenerator;
  for (const status of generator.Filter.ObjectReplicationStatuses)
    allowed(ReplicationStatus, status, 'ObjectReplicationStatuses');
  if (generator.ManifestOutputLocation) {
    allowed(GeneratedManifestFormat, generator.ManifestOutputLocation.ManifestFormat, 'ManifestFormat');
  }
  return issues;
}

describe('planRedriveJob against the S3 Control CreateJob model', () => {
  const variants: [string, RedriveJobInput][] = [
    ['a rule with a prefix, no report', BASE],
    [
      'a whole-bucket rule with a report and a saved manifest',
      { ...BASE, rulePrefix: '', reportBucket: 'reports', manifestBucket: 'manifests' },
    ],
    [
      'an incident in aws-cn',
      { ...BASE, partition: 'aws-cn', incidentId: 'inc-0123456789abcdef', reportBucket: 'reports' },
    ],
  ];

  it.each(variants)('matches the SDK schema for %s', (_name, input) => {
    const request = planRedriveJob(input);

    expect(schemaIssues(CreateJobRequest$, request)).toEqual([]);
  });

  it.each(variants)('uses only enum values the model defines for %s', (_name, input) => {
    expect(enumIssues(planRedriveJob(input))).toEqual([]);
  });

  it.each(variants)('meets the documented lengths and patterns for %s', (_name, input) => {
    expect(apiConstraintIssues(planRedriveJob(input))).toEqual([]);
  });

  it('carries every member the API reference marks required', () => {
    const request = planRedriveJob(BASE);

    for (const member of ['AccountId', 'Operation', 'Report', 'ClientRequestToken', 'Priority', 'RoleArn'] as const) {
      expect(request[member], member).toBeDefined();
    }
  });

  it('is caught by the model check when a member is misspelt or missing', () => {
    const request = planRedriveJob(BASE);
    const { RoleArn: _roleArn, ...withoutRole } = request;

    expect(schemaIssues(CreateJobRequest$, { ...withoutRole, Prioirty: 1 })).toEqual([
      '$.Prioirty: not a member of CreateJobRequest',
      '$.RoleArn: required by CreateJobRequest',
    ]);
  });

  it('walks nested members, so a wrong nested name or type is caught too', () => {
    const request = planRedriveJob(BASE);
    const generator = request.ManifestGenerator.S3JobManifestGenerator;
    const broken = {
      ...request,
      Report: { Enabled: 'yes' },
      ManifestGenerator: { S3JobManifestGenerator: { ...generator, Filter: { ObjectReplicationStatus: ['FAILED'] } } },
    };

    expect(schemaIssues(CreateJobRequest$, broken)).toEqual([
      '$.Report.Enabled: expected a boolean, got string',
      '$.ManifestGenerator.S3JobManifestGenerator.Filter.ObjectReplicationStatus: not a member of JobManifestGeneratorFilter',
    ]);
  });
});

describe('planRedriveJob', () => {
  it('selects the failed objects of the rule with S3’s manifest generator', () => {
    const request = planRedriveJob(BASE);

    expect(request).toEqual({
      AccountId: '111122223333',
      ConfirmationRequired: false,
      Operation: { S3ReplicateObject: {} },
      Report: { Enabled: false },
      ClientRequestToken: redriveToken({ sourceBucket: BASE.sourceBucket, ruleId: BASE.ruleId, day: '2026-03-14' }),
      Description:
        'replication-doctor redrive: FAILED objects of rule notification-test-replication-rule in amzn-s3-demo-bucket1',
      Priority: 10,
      RoleArn: BASE.roleArn,
      ManifestGenerator: {
        S3JobManifestGenerator: {
          SourceBucket: 'arn:aws:s3:::amzn-s3-demo-bucket1',
          EnableManifestOutput: false,
          Filter: {
            EligibleForReplication: true,
            ObjectReplicationStatuses: ['FAILED'],
            KeyNameConstraint: { MatchAnyPrefix: ['photos/'] },
          },
        },
      },
    });
  });

  it('adds no key constraint for a rule over the whole bucket', () => {
    const request = planRedriveJob({ ...BASE, rulePrefix: '' });

    expect(request.ManifestGenerator.S3JobManifestGenerator.Filter).toEqual({
      EligibleForReplication: true,
      ObjectReplicationStatuses: ['FAILED'],
    });
  });

  it('writes a report of failed tasks to the report bucket', () => {
    const request = planRedriveJob({ ...BASE, reportBucket: 'reports' });

    expect(request.Report).toEqual({
      Enabled: true,
      Bucket: 'arn:aws:s3:::reports',
      Format: 'Report_CSV_20180820',
      Prefix: 'replication-doctor/redrive',
      ReportScope: 'FailedTasksOnly',
    });
  });

  it('saves the generated manifest when a manifest bucket is given', () => {
    const generator = planRedriveJob({ ...BASE, manifestBucket: 'arn:aws:s3:::manifests' }).ManifestGenerator
      .S3JobManifestGenerator;

    expect(generator.EnableManifestOutput).toBe(true);
    expect(generator.ManifestOutputLocation).toEqual({
      Bucket: 'arn:aws:s3:::manifests',
      ManifestPrefix: 'replication-doctor/redrive-manifests',
      ManifestFormat: 'S3InventoryReport_CSV_20211130',
    });
  });

  it('names the incident in the description', () => {
    expect(planRedriveJob({ ...BASE, incidentId: 'inc-1' }).Description).toContain('(incident inc-1)');
  });
});

describe('redriveToken', () => {
  const key = { sourceBucket: 'src', ruleId: 'rule', incidentId: 'inc-1', day: '2026-03-14' };

  it('is the same for the same bucket, rule and incident on the same day', () => {
    expect(redriveToken(key)).toBe(redriveToken({ ...key }));
    expect(planRedriveJob({ ...BASE, now: new Date('2026-03-14T00:00:00Z') }).ClientRequestToken).toBe(
      planRedriveJob({ ...BASE, now: new Date('2026-03-14T23:59:59Z') }).ClientRequestToken,
    );
  });

  it('changes with the day, the rule, the bucket and the incident', () => {
    const tokens = new Set([
      redriveToken(key),
      redriveToken({ ...key, day: '2026-03-15' }),
      redriveToken({ ...key, ruleId: 'other' }),
      redriveToken({ ...key, sourceBucket: 'other' }),
      redriveToken({ sourceBucket: 'src', ruleId: 'rule', day: '2026-03-14' }),
    ]);

    expect(tokens.size).toBe(5);
  });

  it('fits the model’s 64 characters', () => {
    const token = redriveToken({ ...key, sourceBucket: 'b'.repeat(63), ruleId: 'r'.repeat(255) });

    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    expect(token).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('rulePrefix', () => {
  it('reads the prefix of V1 and V2 rules', () => {
    expect(rulePrefix({ Prefix: 'v1/' })).toBe('v1/');
    expect(rulePrefix({ Filter: { Prefix: 'v2/' } })).toBe('v2/');
    expect(rulePrefix({ Filter: { And: { Prefix: 'and/', Tags: [] } } })).toBe('and/');
    expect(rulePrefix({ Filter: { Tag: { Key: 'k', Value: 'v' } } })).toBe('');
    expect(rulePrefix({})).toBe('');
  });
});

describe('renderRedrivePlan', () => {
  it('says what the job selects and what to check before --execute', () => {
    const text = renderRedrivePlan(planRedriveJob({ ...BASE, reportBucket: 'reports' }), {
      sourceBucket: BASE.sourceBucket,
      ruleId: BASE.ruleId,
      tagFilter: true,
    });

    expect(text).toContain('replication status FAILED');
    expect(text).toContain('key prefix "photos/"');
    expect(text).toContain('arn:aws:s3:::reports/replication-doctor/redrive');
    expect(text).toContain('filters on tags');
    expect(text).toContain('Lifecycle');
  });
});

describe('incidentSourceOfStore', () => {
  it('maps a stored incident to what a redrive needs', async () => {
    const stored = {
      state: {
        incidentId: 'inc-1',
        sourceBucket: 'src',
        destinationBucket: 'dst',
        ruleId: 'rule',
        canonicalReason: 'DstPutObjectNotPermitted',
        status: 'open',
      },
    } as unknown as StoredIncident;
    const source = incidentSourceOfStore({ getIncident: async (id) => (id === 'inc-1' ? stored : undefined) });

    await expect(source.getIncident('inc-1')).resolves.toEqual({
      sourceBucket: 'src',
      ruleId: 'rule',
      destinationBucket: 'dst',
      canonicalReason: 'DstPutObjectNotPermitted',
      status: 'open',
    });
    await expect(source.getIncident('inc-2')).resolves.toBeUndefined();
  });
});
