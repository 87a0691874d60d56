import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../../lambdas/checks/types.js';
import { CATALOG, UNCLASSIFIED } from '../../../lambdas/core/catalog/index.js';
import type { CatalogEntry } from '../../../lambdas/core/catalog/types.js';
import { CATEGORIES, SEVERITIES } from '../../../lambdas/core/types.js';

const ALL_ENTRIES: readonly CatalogEntry[] = [...CATALOG, UNCLASSIFIED];
const BATCH_ONLY = [
  'DstBucketInvalidRegion',
  'DstObjectHardDeleted',
  'InitiateReplicationNotPermitted',
  'SrcBucketInvalidRegion',
];

function entry(code: string): CatalogEntry {
  const found = CATALOG.find((e) => e.code === code);
  if (found === undefined) throw new Error(`no entry ${code}`);
  return found;
}

describe('catalog entries', () => {
  it.each(ALL_ENTRIES.map((e) => [e.code, e] as const))('%s references only known check ids', (_code, e) => {
    const known: readonly string[] = CHECK_IDS;
    for (const id of [...e.checks, ...e.causes.flatMap((cause) => cause.checks)]) {
      expect(known, id).toContain(id);
    }
  });

  it.each(ALL_ENTRIES.map((e) => [e.code, e] as const))('%s runs every check its causes name', (_code, e) => {
    for (const cause of e.causes) {
      for (const id of cause.checks) expect(e.checks).toContain(id);
    }
    expect(new Set(e.checks).size).toBe(e.checks.length);
  });

  it.each(ALL_ENTRIES.map((e) => [e.code, e] as const))('%s is fully described', (_code, e) => {
    expect(e.title.length).toBeGreaterThan(10);
    expect(e.title.length).toBeLessThan(100);
    expect(e.meaning.length).toBeGreaterThan(30);
    expect(e.causes.length).toBeGreaterThan(0);
    expect(e.checks.length).toBeGreaterThan(0);
    expect(CATEGORIES).toContain(e.category);
    expect(SEVERITIES).toContain(e.severity);
    expect(e.docs.length).toBeGreaterThan(0);
    for (const url of e.docs) expect(url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('cites the AWS failure-reason table on every S3 entry and the Outposts table on the Outposts entry', () => {
    for (const e of CATALOG) {
      const table = e.outpostsOnly
        ? 'outposts-replication-eventbridge.html'
        : 'replication-metrics-events.html#replication-failure-codes';
      expect(
        e.docs.some((url) => url.includes(table)),
        e.code,
      ).toBe(true);
    }
  });

  it('marks exactly the four Batch Replication codes as batch-only, and says so in their meaning', () => {
    expect(
      CATALOG.filter((e) => e.batchReplicationOnly)
        .map((e) => e.code)
        .sort(),
    ).toEqual(BATCH_ONLY);
    for (const code of BATCH_ONLY) {
      expect(entry(code).meaning).toMatch(/Only S3 Batch Replication produces this code/);
      expect(entry(code).category).toBe('batch-replication');
    }
  });

  it('marks only DstOutOfCapacity as S3 on Outposts', () => {
    expect(CATALOG.filter((e) => e.outpostsOnly).map((e) => e.code)).toEqual(['DstOutOfCapacity']);
  });

  it('uses the unclassified category only for the unclassified entry', () => {
    expect(CATALOG.filter((e) => e.category === 'unclassified')).toEqual([]);
    expect(UNCLASSIFIED.category).toBe('unclassified');
  });
});

describe('severity and category choices', () => {
  it.each([
    ['AssumeRoleNotPermitted', 'critical', 'permissions'],
    ['DstPutObjectNotPermitted', 'critical', 'permissions'],
    ['DstDelObjNotPermitted', 'critical', 'permissions'],
    ['DstMultipartUploadNotPermitted', 'critical', 'permissions'],
    ['SrcGetAclNotPermitted', 'critical', 'ownership'],
    ['DstBucketNotFound', 'critical', 'configuration'],
    ['SrcBucketReplicationConfigMissing', 'critical', 'configuration'],
    ['DstBucketUnversioned', 'critical', 'versioning'],
    ['DstBucketObjectLockConfigMissing', 'critical', 'object-lock'],
    ['DstPutLegalHoldNotPermitted', 'critical', 'object-lock'],
    ['SrcGetRetentionNotPermitted', 'critical', 'object-lock'],
    ['DstKmsKeyInvalidState', 'critical', 'encryption'],
    ['DstKmsKeyNotFound', 'critical', 'encryption'],
    ['SrcKmsKeyInvalidState', 'critical', 'encryption'],
    ['DstOutOfCapacity', 'critical', 'capacity'],
    ['SrcObjectNotEligible', 'warning', 'object-state'],
    ['DstVersionNotFound', 'warning', 'object-state'],
    ['InitiateReplicationNotPermitted', 'warning', 'batch-replication'],
    ['DstObjectHardDeleted', 'warning', 'batch-replication'],
    ['SrcReplicationNotPending', 'info', 'object-state'],
    ['SrcKeyNotFound', 'info', 'object-state'],
    ['SrcObjectNotFound', 'info', 'object-state'],
    ['SrcVersionNotFound', 'info', 'object-state'],
  ] as const)('%s is %s / %s', (code, severity, category) => {
    expect(entry(code).severity).toBe(severity);
    expect(entry(code).category).toBe(category);
  });

  it('makes every permissions, versioning and KMS-state code critical', () => {
    for (const e of CATALOG.filter((x) =>
      ['permissions', 'versioning', 'encryption', 'object-lock'].includes(x.category),
    )) {
      expect(e.severity, e.code).toBe('critical');
    }
  });
});

describe('likely causes', () => {
  it('puts the missing role permission first for DstPutObjectNotPermitted and names the KMS cause', () => {
    const causes = entry('DstPutObjectNotPermitted').causes;

    expect(causes[0]?.text).toContain('s3:ReplicateObject');
    expect(causes[0]?.checks).toEqual(['role-destination-permissions']);
    expect(causes.some((c) => c.checks.includes('destination-kms-key-policy'))).toBe(true);
    expect(causes.some((c) => c.checks.includes('destination-ownership'))).toBe(true);
  });

  it('checks the trust policy first for AssumeRoleNotPermitted', () => {
    expect(entry('AssumeRoleNotPermitted').causes[0]?.checks).toEqual(['role-trust']);
  });

  it('looks at the rule filter and the storage class for SrcObjectNotEligible', () => {
    expect(entry('SrcObjectNotEligible').checks).toEqual(
      expect.arrayContaining(['source-object', 'rule-filter', 'sse-kms-selection']),
    );
  });
});
