/**
 * End to end: catalog lookup → targeted checks → AWS facts reader (SDK mocked as a realistic estate) → verdict.
 * Each scenario asserts the verdict outcome, its severity, and the check that decided it with its evidence.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type AwsFactsReader, createAwsFactsReader } from '../../lambdas/adapters/aws-facts-reader.js';
import { FactsCache } from '../../lambdas/adapters/facts-cache.js';
import { createFactsClients } from '../../lambdas/adapters/facts-clients.js';
import { checksForReason, createLiveChecker, implementedCheckIds } from '../../lambdas/checks/registry.js';
import type { CheckId, CheckResult, CheckSubject } from '../../lambdas/checks/types.js';
import { decideVerdict, liveVerdictPolicy, renderChecksText, type Verdict } from '../../lambdas/checks/verdict.js';
import { lookupReason } from '../../lambdas/core/catalog/index.js';
import { noCredentials } from '../fixtures/facts/aws-errors.js';
import {
  A,
  B,
  DST,
  destinationOf,
  dstKeyArn,
  estate,
  KEY,
  READ_ROLE_B,
  ROLE,
  RULE_ID,
  replicationRule,
  SRC,
  SRC_KEY,
  sourceOf,
  VERSION,
} from '../fixtures/facts/estate.js';
import {
  type FakeAccount,
  iamMock,
  installFakeAccount,
  keyMetadata,
  kmsMock,
  resetMocks,
  s3Mock,
  stsMock,
} from '../fixtures/facts/fake-account.js';

interface Diagnosis {
  readonly results: readonly CheckResult[];
  readonly verdict: Verdict;
  readonly text: string;
  readonly reader: AwsFactsReader;
  check(id: CheckId): CheckResult;
}

function subjectFor(failureReason: string, overrides: Partial<CheckSubject> = {}): CheckSubject {
  return {
    sourceBucket: SRC,
    destinationBucket: DST,
    ruleId: RULE_ID,
    key: KEY,
    versionId: VERSION,
    sourceRegion: 'us-east-1',
    sourceAccount: A,
    failureReason,
    ...overrides,
  };
}

/** Runs the live checks for a failure reason the way the responder does, against a fresh cache. */
async function diagnose(
  failureReason: string,
  options: { roles?: string[]; ids?: readonly CheckId[]; subject?: Partial<CheckSubject> } = {},
): Promise<Diagnosis> {
  const lookup = lookupReason(failureReason);
  const reader = createAwsFactsReader({
    region: 'us-east-1',
    cache: new FactsCache(),
    clients: createFactsClients({ region: 'us-east-1' }),
    destinationReadRoleArns: options.roles ?? [],
  });
  const subject = subjectFor(failureReason, options.subject);
  const results = await createLiveChecker(reader).run(subject, options.ids ?? checksForReason(lookup.entry));
  const verdict = decideVerdict(lookup, results, { sourceBucket: SRC, ruleId: RULE_ID });
  return {
    results,
    verdict,
    text: renderChecksText(results, verdict),
    reader,
    check(id) {
      const found = results.find((r) => r.id === id);
      if (!found) throw new Error(`check ${id} did not run`);
      return found;
    },
  };
}

function install(
  tweak: (model: FakeAccount) => void = () => {},
  options: Parameters<typeof estate>[0] = {},
): FakeAccount {
  const model = estate(options);
  tweak(model);
  installFakeAccount(model);
  return model;
}

beforeEach(() => {
  resetMocks();
});

describe('live checks against an account', () => {
  it('same-account OK: the whole checklist passes and the verdict says the cause is not visible now', async () => {
    install((m) => {
      const rule = replicationRule(undefined, { DeleteMarkerReplication: { Status: 'Enabled' } });
      sourceOf(m).replication = { Role: ROLE, Rules: [rule] };
    });
    const d = await diagnose('SomeFutureReason', { ids: implementedCheckIds });
    expect(d.results.map((r) => [r.id, r.status]).filter(([, s]) => s !== 'pass')).toEqual([]);
    expect(d.verdict.outcome).toBe('fixed-or-invisible');
    expect(d.verdict.severity).toBe('warning');
    expect(d.check('destination-versioning').evidence).toContainEqual({
      source: 'GetBucketVersioning',
      field: 'Status',
      value: 'Enabled',
    });
  });

  it('cross-account with a destination read role: reads the other account through it and verifies the destination', async () => {
    install(
      (m) => {
        m.readRoles = [READ_ROLE_B];
      },
      { crossAccount: true },
    );
    const d = await diagnose('DstPutObjectNotPermitted', { roles: [READ_ROLE_B] });
    expect(d.check('destination-versioning').status).toBe('pass');
    expect(d.check('destination-ownership')).toMatchObject({ status: 'pass' });
    expect(d.check('destination-kms-key').summary).toContain(dstKeyArn(B));
    expect(stsMock).toHaveReceivedCommandWith((await import('@aws-sdk/client-sts')).AssumeRoleCommand, {
      RoleArn: READ_ROLE_B,
    });
    // The policies are read through the read role too: the destination bucket policy and key policy grant the role.
    expect(d.check('destination-bucket-policy')).toMatchObject({ status: 'pass' });
    expect(d.check('destination-bucket-policy').evidence).toContainEqual(
      expect.objectContaining({ policy: `bucket policy of ${DST}`, sid: 'ReplicationObjects' }),
    );
    expect(d.check('role-destination-permissions').status).toBe('pass');
    expect(d.verdict.outcome).toBe('fixed-or-invisible');
    expect(d.verdict.severity).toBe('warning');
    expect(d.verdict.headline).toContain('lies where the doctor cannot see');
    expect(d.verdict.headline).toMatch(/Next: confirm new objects replicate, then redrive the FAILED objects/);
  });

  it('cross-account without a read role: owner-only facts are unknown, naming the permission', async () => {
    install(() => {}, { crossAccount: true });
    const d = await diagnose('DstBucketUnversioned');
    expect(d.check('destination-versioning')).toMatchObject({
      status: 'unknown',
      missingPermission: 's3:GetBucketVersioning',
    });
    expect(d.verdict.outcome).toBe('inconclusive');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.headline).toContain('the doctor lacks s3:GetBucketVersioning');
    expect(d.check('destination-versioning').fix?.[0]).toContain(`arn:aws:iam::${B}:role/replication-doctor-read`);
  });

  it('destination versioning Suspended: confirmed, critical, from GetBucketVersioning', async () => {
    install((m) => {
      destinationOf(m).versioning = 'Suspended';
    });
    const d = await diagnose('DstBucketUnversioned');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.confirmed[0]?.cause).toBe('Versioning was suspended on the destination bucket.');
    expect(d.check('destination-versioning')).toMatchObject({
      status: 'fail',
      evidence: [{ source: 'GetBucketVersioning', field: 'Status', value: 'Suspended' }],
    });
    expect(d.text).toContain(
      `fix: aws s3api put-bucket-versioning --bucket ${DST} --versioning-configuration Status=Enabled`,
    );
  });

  it('trust policy names ec2.amazonaws.com: confirmed, naming what it trusts', async () => {
    install((m) => {
      m.roles[ROLE] = {
        trust: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Ec2Only', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      };
    });
    const d = await diagnose('AssumeRoleNotPermitted');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.confirmed.map((c) => c.cause)).toEqual([
      lookupReason('AssumeRoleNotPermitted').entry.causes[0]?.text,
    ]);
    expect(d.check('role-trust').summary).toContain('it trusts: ec2.amazonaws.com (Ec2Only)');
    expect(d.check('role-trust').evidence[0]).toMatchObject({ policy: 'trust policy of s3-replication' });
    expect(d.verdict.ruledOut.length).toBeGreaterThan(0);
  });

  it('role deleted: GetRole answers NoSuchEntity, confirmed by role-exists', async () => {
    install((m) => {
      delete m.roles[ROLE];
    });
    const d = await diagnose('AssumeRoleNotPermitted');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('critical');
    expect(d.check('role-exists')).toMatchObject({
      status: 'fail',
      evidence: [{ source: 'GetRole', field: ROLE, value: 'NoSuchEntity' }],
    });
    expect(d.check('role-trust').status).toBe('skipped');
  });

  it('destination key Disabled: confirms exactly the Disabled cause, critical', async () => {
    install((m) => {
      const key = m.keys[dstKeyArn(A)];
      if (key) key.metadata = keyMetadata(dstKeyArn(A), { KeyState: 'Disabled', Enabled: false });
    });
    const d = await diagnose('DstKmsKeyInvalidState');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.confirmed.map((c) => c.cause)).toEqual(['The destination key is Disabled.']);
    expect(d.check('destination-kms-key').evidence).toContainEqual({
      source: 'DescribeKey',
      field: 'KeyMetadata.KeyState',
      value: 'Disabled',
    });
    expect(d.check('destination-kms-key').fix).toEqual([`aws kms enable-key --key-id ${dstKeyArn(A)}`]);
  });

  it('source key pending deletion: the deletion date is in the summary, critical', async () => {
    install((m) => {
      const key = m.keys[SRC_KEY];
      if (key) {
        key.metadata = keyMetadata(SRC_KEY, {
          KeyState: 'PendingDeletion',
          Enabled: false,
          DeletionDate: new Date('2026-02-01T00:00:00Z'),
          PendingDeletionWindowInDays: 7,
        });
      }
    });
    const d = await diagnose('SrcKmsKeyInvalidState');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.confirmed.map((c) => c.cause)).toEqual([
      'The source key is scheduled for deletion (PendingDeletion).',
    ]);
    expect(d.check('source-kms-key').summary).toContain('it will be deleted on 2026-02-01T00:00:00.000Z');
    expect(d.verdict.headline).toContain('2026-02-01');
  });

  it('aws/s3 AWS managed key as replica key across accounts: confirmed', async () => {
    const awsKey = `arn:aws:kms:eu-west-1:${A}:key/aaaa9999-aaaa-9999-aaaa-9999aaaa9999`;
    install(
      (m) => {
        m.keys[awsKey] = {
          metadata: keyMetadata(awsKey, { KeyManager: 'AWS', Description: 'Default key for S3' }),
          aliases: ['alias/aws/s3'],
        };
        const rule = replicationRule(B, {
          Destination: {
            ...replicationRule(B).Destination,
            Bucket: `arn:aws:s3:::${DST}`,
            EncryptionConfiguration: { ReplicaKmsKeyID: awsKey },
          },
        });
        sourceOf(m).replication = { Role: ROLE, Rules: [rule] };
      },
      { crossAccount: true },
    );
    const d = await diagnose('DstPutObjectNotPermitted');
    expect(d.check('destination-kms-key')).toMatchObject({ status: 'fail' });
    expect(d.check('destination-kms-key').summary).toContain('AWS managed key (aws/s3)');
    expect(d.check('destination-kms-key').evidence).toContainEqual({
      source: 'DescribeKey',
      field: 'KeyMetadata.KeyManager',
      value: 'AWS',
    });
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.confirmed[0]?.cause).toMatch(/SSE-KMS/);
  });

  it('object in GLACIER: confirms the storage-class cause only', async () => {
    install((m) => {
      const version = sourceOf(m).objects?.[KEY]?.[VERSION];
      if (version && typeof version.head === 'object')
        version.head = { ...version.head, StorageClass: 'GLACIER', ReplicationStatus: undefined };
    });
    const d = await diagnose('SrcObjectNotEligible');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('warning');
    expect(d.verdict.confirmed).toHaveLength(1);
    expect(d.verdict.confirmed[0]?.cause).toContain('GLACIER');
    expect(d.check('source-object').evidence).toContainEqual({
      source: 'HeadObject',
      field: 'StorageClass',
      value: 'GLACIER',
    });
    expect(d.check('source-object').fix?.[0]).toContain('aws s3api restore-object');
  });

  it('object deleted before it replicated (SrcKeyNotFound): confirmed and downgraded to info', async () => {
    install((m) => {
      const versions = sourceOf(m).objects?.[KEY];
      if (versions) versions[VERSION] = { head: 'gone' };
    });
    const d = await diagnose('SrcKeyNotFound');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('info');
    expect(d.check('source-object')).toMatchObject({
      status: 'fail',
      evidence: [{ source: 'HeadObject', value: 'NoSuchVersion' }],
    });
  });

  it('filter prefix Logs/ vs key logs/…: reported as a case mismatch', async () => {
    install((m) => {
      sourceOf(m).replication = { Role: ROLE, Rules: [replicationRule(undefined, { Filter: { Prefix: 'Logs/' } })] };
      const version = sourceOf(m).objects?.[KEY]?.[VERSION];
      if (version && typeof version.head === 'object') version.head = { ...version.head, ReplicationStatus: undefined };
    });
    const d = await diagnose('SrcObjectNotEligible');
    expect(d.verdict.outcome).toBe('confirmed');
    expect(d.verdict.severity).toBe('warning');
    expect(d.verdict.confirmed.map((c) => c.cause)).toEqual([expect.stringContaining('do not match the rule filter')]);
    expect(d.check('rule-filter').summary).toContain(
      'prefixes are case-sensitive and they differ only in case ("logs/" vs "Logs/")',
    );
    expect(d.check('rule-filter').evidence).toContainEqual({
      source: 'GetBucketReplication',
      field: `Rules[ID=${RULE_ID}].Filter.Prefix`,
      value: '"Logs/"',
    });
  });

  it('stale event whose cause is fixed now: every check passes → fixed-or-invisible with the redrive', async () => {
    install();
    const d = await diagnose('DstBucketUnversioned');
    expect(d.results.every((r) => r.status === 'pass')).toBe(true);
    expect(d.verdict.outcome).toBe('fixed-or-invisible');
    expect(d.verdict.severity).toBe('warning');
    expect(d.verdict.headline).toContain('the cause appears fixed since the failure');
    expect(d.verdict.headline).toContain(`replication-doctor redrive ${SRC} --rule ${RULE_ID}`);
    expect(d.verdict.ruledOut).toHaveLength(2);
  });

  it('no credentials: every check is unknown within seconds and nothing is presented as a finding', async () => {
    for (const mock of [s3Mock, stsMock, iamMock, kmsMock]) mock.rejects(noCredentials());
    const started = Date.now();
    const d = await diagnose('AssumeRoleNotPermitted');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(d.results.length).toBeGreaterThan(0);
    expect(d.results.every((r) => r.status === 'unknown')).toBe(true);
    expect(d.check('role-trust').summary).toContain('could not reach AWS');
    expect(d.verdict.outcome).toBe('not-checked');
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.confirmed).toEqual([]);
    expect(d.verdict.headline).toContain('Not verified in the account (could not reach AWS');
  });
});

describe('AWS reads per diagnosis', () => {
  it('costs a handful of reads for a typical reason, and none for a storm of the same incident', async () => {
    install();
    const lookup = lookupReason('AssumeRoleNotPermitted');
    const reader = createAwsFactsReader({
      region: 'us-east-1',
      cache: new FactsCache(),
      clients: createFactsClients({ region: 'us-east-1' }),
    });
    const checker = createLiveChecker(reader);
    await checker.run(subjectFor('AssumeRoleNotPermitted'), checksForReason(lookup.entry));
    const first = reader.reads;
    for (let i = 0; i < 200; i++)
      await checker.run(subjectFor('AssumeRoleNotPermitted'), checksForReason(lookup.entry));
    const full = createAwsFactsReader({
      region: 'us-east-1',
      cache: new FactsCache(),
      clients: createFactsClients({ region: 'us-east-1' }),
    });
    await createLiveChecker(full).run(subjectFor('DstPutObjectNotPermitted'), implementedCheckIds);
    console.info(
      `AWS reads per diagnosis: AssumeRoleNotPermitted ${first.total} ${JSON.stringify(first.byApi)}; ` +
        `full checklist ${full.reads.total}; 201 diagnoses within the TTL ${reader.reads.total}`,
    );
    expect(first.total).toBeLessThanOrEqual(8);
    expect(reader.reads.total).toBe(first.total);
  });
});

describe('remediation context from live checks', () => {
  it('fills the role, Regions, keys and destination account the checks found', async () => {
    install(() => {}, { crossAccount: true });
    const lookup = lookupReason('DstPutObjectNotPermitted');
    const reader = createAwsFactsReader({
      region: 'us-east-1',
      cache: new FactsCache(),
      clients: createFactsClients({ region: 'us-east-1' }),
    });
    const results = await createLiveChecker(reader).run(subjectFor('DstPutObjectNotPermitted'), implementedCheckIds);
    const context = liveVerdictPolicy.context({ sourceBucket: SRC, destinationBucket: DST, ruleId: RULE_ID }, results);
    expect(context).toEqual({
      sourceBucket: SRC,
      destinationBucket: DST,
      ruleId: RULE_ID,
      roleArn: ROLE,
      sourceAccount: A,
      destinationAccount: B,
      sourceRegion: 'us-east-1',
      destinationRegion: 'eu-west-1',
      sourceKmsKeyArn: SRC_KEY,
      destinationKmsKeyArn: dstKeyArn(B),
    });
    expect(lookup.entry.remediation(context).join('\n')).toContain(ROLE);
  });
});
