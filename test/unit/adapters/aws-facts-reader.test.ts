import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  GetBucketOwnershipControlsCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsFactsReader } from '../../../lambdas/adapters/aws-facts-reader.js';
import { FactsCache } from '../../../lambdas/adapters/facts-cache.js';
import { createFactsClients } from '../../../lambdas/adapters/facts-clients.js';
import { runChecks } from '../../../lambdas/checks/registry.js';
import type { CheckSubject } from '../../../lambdas/checks/types.js';
import { noCredentials } from '../../fixtures/facts/aws-errors.js';
import {
  A,
  B,
  DST,
  defaultKeyPolicy,
  dstKeyArn,
  estate,
  KEY,
  READ_ROLE_B,
  REPLICA_KEY_GRANT,
  ROLE,
  RULE_ID,
  SRC,
  VERSION,
} from '../../fixtures/facts/estate.js';
import {
  iamMock,
  installFakeAccount,
  kmsMock,
  resetMocks,
  s3Mock,
  stsMock,
} from '../../fixtures/facts/fake-account.js';

const subject: CheckSubject = {
  sourceBucket: SRC,
  destinationBucket: DST,
  ruleId: RULE_ID,
  key: KEY,
  versionId: VERSION,
  sourceRegion: 'us-east-1',
};

interface SentBy {
  config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> };
}

/** The client that sent the first call of a command. */
function clientOf(calls: readonly { thisValue: unknown }[]): SentBy {
  const call = calls[0];
  if (!call) throw new Error('command was not sent');
  return call.thisValue as SentBy;
}

function makeReader(options: { roles?: string[]; clock?: { now: number }; ttl?: number } = {}) {
  const clock = options.clock;
  return createAwsFactsReader({
    region: 'us-east-1',
    cache: new FactsCache(),
    clients: createFactsClients({ region: 'us-east-1' }),
    cacheTtlSeconds: options.ttl ?? 300,
    destinationReadRoleArns: options.roles ?? [],
    ...(clock ? { now: () => clock.now } : {}),
  });
}

beforeEach(() => {
  resetMocks();
});

describe('createAwsFactsReader', () => {
  it('reads lazily: only what the requested checks need', async () => {
    installFakeAccount(estate());
    const reader = makeReader();
    const [result] = await runChecks(subject, ['source-versioning'], reader);
    expect(result?.status).toBe('pass');
    expect(reader.reads).toEqual({ total: 2, byApi: { HeadBucket: 1, GetBucketVersioning: 1 } });
    expect(iamMock).not.toHaveReceivedAnyCommand();
    expect(kmsMock).not.toHaveReceivedAnyCommand();
  });

  it('makes zero AWS calls for a second run within the TTL, and reads again after it', async () => {
    const clock = { now: 1_000_000 };
    installFakeAccount(estate());
    const reader = makeReader({ clock, ttl: 300 });
    await runChecks(subject, ['replication-rule', 'destination-versioning', 'role-trust'], reader);
    const first = reader.reads.total;
    const sent = s3Mock.calls().length + iamMock.calls().length + stsMock.calls().length;
    expect(first).toBeGreaterThan(0);

    clock.now += 299_000;
    await runChecks(subject, ['replication-rule', 'destination-versioning', 'role-trust'], reader);
    expect(reader.reads.total).toBe(first);
    expect(s3Mock.calls().length + iamMock.calls().length + stsMock.calls().length).toBe(sent);

    clock.now += 2_000;
    await runChecks(subject, ['replication-rule', 'destination-versioning', 'role-trust'], reader);
    expect(reader.reads.total).toBe(2 * first);
  });

  it('shares one in-flight read among concurrent diagnoses', async () => {
    installFakeAccount(estate());
    const reader = makeReader();
    await Promise.all(
      Array.from({ length: 20 }, () => runChecks(subject, ['replication-rule', 'source-versioning'], reader)),
    );
    expect(s3Mock).toHaveReceivedCommandTimes(GetBucketReplicationCommand, 1);
    expect(s3Mock).toHaveReceivedCommandTimes(GetBucketVersioningCommand, 1);
    expect(s3Mock).toHaveReceivedCommandTimes(HeadBucketCommand, 1);
  });

  it('reads a bucket in another Region with one client for that Region', async () => {
    installFakeAccount(estate());
    const reader = makeReader();
    const results = await runChecks(subject, ['destination-versioning', 'destination-ownership'], reader);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    const versioning = clientOf(s3Mock.commandCalls(GetBucketVersioningCommand));
    const ownership = clientOf(s3Mock.commandCalls(GetBucketOwnershipControlsCommand));
    expect(await versioning.config.region()).toBe('eu-west-1');
    expect(ownership).toBe(versioning);
    expect(versioning).toBeInstanceOf(S3Client);
  });

  it('assumes the destination read role of the account the rule names', async () => {
    const model = estate({ crossAccount: true });
    model.readRoles = [READ_ROLE_B];
    installFakeAccount(model);
    const reader = makeReader({ roles: [READ_ROLE_B] });
    const [result] = await runChecks(subject, ['destination-versioning'], reader);
    expect(result?.status).toBe('pass');
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: READ_ROLE_B,
      RoleSessionName: 'replication-doctor',
    });
    const client = clientOf(s3Mock.commandCalls(GetBucketVersioningCommand));
    expect((await client.config.credentials()).accessKeyId).toBe(`ASIA${B}`);
  });

  it('leaves owner-only facts of another account unknown without a read role', async () => {
    installFakeAccount(estate({ crossAccount: true }));
    const reader = makeReader();
    const [result] = await runChecks(subject, ['destination-versioning'], reader);
    expect(result).toMatchObject({ status: 'unknown', missingPermission: 's3:GetBucketVersioning' });
    expect(stsMock).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it('tries each read role in order when the rule names no account, and remembers the one that worked', async () => {
    const roleC = 'arn:aws:iam::777788889999:role/replication-doctor-read';
    const model = estate({ crossAccount: true, namesAccount: false });
    model.readRoles = [READ_ROLE_B];
    installFakeAccount(model);
    const reader = makeReader({ roles: [roleC, READ_ROLE_B] });
    const results = await runChecks(subject, ['destination-versioning', 'destination-ownership'], reader);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: roleC });
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: READ_ROLE_B });
    expect(s3Mock).toHaveReceivedCommandWith(HeadBucketCommand, { Bucket: DST, ExpectedBucketOwner: B });
    const owner = await reader.read({ kind: 'bucket', bucket: DST, fact: 'owner', side: 'destination' });
    expect(owner).toEqual({
      state: 'ok',
      value: { account: B, readRoleArn: READ_ROLE_B, decidedBy: `HeadBucket ExpectedBucketOwner via ${READ_ROLE_B}` },
    });
    const before = stsMock.commandCalls(AssumeRoleCommand).length;
    await runChecks(subject, ['destination-versioning', 'destination-ownership', 'object-lock'], reader);
    expect(stsMock.commandCalls(AssumeRoleCommand).length).toBe(before);
  });

  it('caches assumed-role credentials until shortly before they expire', async () => {
    const clock = { now: Date.parse('2026-01-05T10:00:00Z') };
    const model = estate({ crossAccount: true });
    model.readRoles = [READ_ROLE_B];
    model.now = () => clock.now;
    installFakeAccount(model);
    const reader = makeReader({ roles: [READ_ROLE_B], clock, ttl: 300 });
    await runChecks(subject, ['destination-versioning'], reader);
    clock.now += 6 * 60_000;
    await runChecks(subject, ['destination-versioning'], reader);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    clock.now += 6 * 60_000;
    await runChecks(subject, ['destination-versioning'], reader);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('does not call GetKeyPolicy for a key in another account without a read role', async () => {
    installFakeAccount(estate({ crossAccount: true }));
    const reader = makeReader();
    const fact = await reader.read({ kind: 'key', keyId: dstKeyArn(B), fact: 'policy', side: 'destination' });
    expect(fact).toMatchObject({ state: 'unknown', missingPermission: 'kms:GetKeyPolicy' });
    expect(kmsMock).not.toHaveReceivedCommand(GetKeyPolicyCommand);
  });

  it('reads a key policy through the read role of the key account', async () => {
    const model = estate({ crossAccount: true });
    model.readRoles = [READ_ROLE_B];
    installFakeAccount(model);
    const reader = makeReader({ roles: [READ_ROLE_B] });
    const fact = await reader.read({ kind: 'key', keyId: dstKeyArn(B), fact: 'policy', side: 'destination' });
    expect(fact).toEqual({ state: 'ok', value: defaultKeyPolicy(B, [REPLICA_KEY_GRANT]) });
  });

  it('makes destination facts unknown, naming sts:AssumeRole, when the read role cannot be assumed', async () => {
    installFakeAccount(estate({ crossAccount: true }));
    const reader = makeReader({ roles: [READ_ROLE_B] });
    const [result] = await runChecks(subject, ['destination-versioning'], reader);
    expect(result).toMatchObject({ status: 'unknown', missingPermission: 'sts:AssumeRole' });
    expect(result?.summary).toContain(READ_ROLE_B);
    expect(s3Mock).not.toHaveReceivedCommand(GetBucketVersioningCommand);
  });

  it('reads the role, its inline and attached policies and its permissions boundary', async () => {
    const boundary = `arn:aws:iam::${A}:policy/replication-boundary`;
    const attached = `arn:aws:iam::${A}:policy/replication`;
    iamMock.on(GetRoleCommand).resolves({
      Role: {
        Path: '/service-role/',
        RoleName: 's3-replication',
        RoleId: 'AROAEXAMPLE',
        Arn: ROLE,
        CreateDate: new Date('2025-01-01T00:00:00Z'),
        AssumeRolePolicyDocument: encodeURIComponent('{"Statement":[]}'),
        PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary },
      },
    });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['inline'] });
    iamMock
      .on(GetRolePolicyCommand)
      .resolves({ RoleName: 's3-replication', PolicyName: 'inline', PolicyDocument: '%7B%7D' });
    iamMock
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyArn: attached, PolicyName: 'replication' }] });
    iamMock
      .on(GetPolicyCommand)
      .callsFake((input: { PolicyArn: string }) => ({ Policy: { Arn: input.PolicyArn, DefaultVersionId: 'v1' } }));
    iamMock.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string }) => ({
      PolicyVersion: { VersionId: 'v1', Document: encodeURIComponent(`{"Id":"${input.PolicyArn}"}`) },
    }));
    const reader = makeReader();
    expect(await reader.read({ kind: 'role', roleArn: ROLE, fact: 'permissionsBoundary' })).toEqual({
      state: 'ok',
      value: { PolicyArn: boundary, VersionId: 'v1', document: `{"Id":"${boundary}"}` },
    });
    expect(await reader.read({ kind: 'role', roleArn: ROLE, fact: 'inlinePolicies' })).toEqual({
      state: 'ok',
      value: [{ PolicyName: 'inline', document: '{}' }],
    });
    expect(await reader.read({ kind: 'role', roleArn: ROLE, fact: 'attachedPolicies' })).toMatchObject({
      state: 'ok',
      value: [{ PolicyArn: attached, PolicyName: 'replication', document: `{"Id":"${attached}"}` }],
    });
    expect(iamMock).toHaveReceivedCommandTimes(GetRoleCommand, 1);
  });

  it('reads a role without a permissions boundary as absent', async () => {
    installFakeAccount(estate());
    const reader = makeReader();
    expect(await reader.read({ kind: 'role', roleArn: ROLE, fact: 'permissionsBoundary' })).toEqual({
      state: 'absent',
      code: 'NoPermissionsBoundary',
    });
  });

  it('reads the caller identity once and counts reads per API', async () => {
    installFakeAccount(estate());
    const reader = makeReader();
    expect(await reader.read({ kind: 'caller' })).toMatchObject({ state: 'ok', value: { Account: A } });
    await reader.read({ kind: 'caller' });
    expect(stsMock).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
    expect(reader.reads).toEqual({ total: 1, byApi: { GetCallerIdentity: 1 } });
    reader.resetReads();
    expect(reader.reads.total).toBe(0);
  });

  it('without credentials makes every check unknown quickly and stops calling AWS', async () => {
    for (const mock of [s3Mock, stsMock, iamMock, kmsMock]) mock.rejects(noCredentials());
    const reader = makeReader();
    const started = Date.now();
    const results = await runChecks(
      subject,
      ['replication-rule', 'source-versioning', 'destination-versioning', 'role-trust'],
      reader,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results.every((r) => r.status === 'unknown')).toBe(true);
    expect(results[0]?.summary).toContain('could not reach AWS (CredentialsProviderError');
    const calls = s3Mock.calls().length;
    await reader.read({ kind: 'bucket', bucket: 'another', fact: 'versioning', side: 'source' });
    expect(s3Mock.calls().length).toBe(calls);
  });
});

describe('the unreachable breaker', () => {
  it('is per service: KMS being unreachable does not blank the S3 reads that follow', async () => {
    installFakeAccount(estate());
    kmsMock.rejects(
      Object.assign(new Error('getaddrinfo ENOTFOUND kms.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }),
    );
    const reader = makeReader();
    const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa';
    const key = await reader.read({ kind: 'key', keyId: keyArn, fact: 'metadata', side: 'source' });
    expect(key).toMatchObject({ state: 'unknown', reason: expect.stringContaining('could not reach AWS') });
    const [versioning] = await runChecks(subject, ['source-versioning'], reader);
    expect(versioning?.status).toBe('pass');
    const kmsCalls = kmsMock.calls().length;
    await reader.read({ kind: 'key', keyId: `${keyArn}-other`, fact: 'metadata', side: 'source' });
    expect(kmsMock.calls().length).toBe(kmsCalls);
  });
});

describe('createFactsClients', () => {
  it('fails fast: adaptive retries, 3 attempts, one client per Region and role', async () => {
    const clients = createFactsClients({ region: 'us-east-1' });
    const s3 = clients.s3('eu-west-1');
    expect(clients.s3('eu-west-1')).toBe(s3);
    expect(clients.s3('us-west-2')).not.toBe(s3);
    expect(await s3.config.maxAttempts()).toBe(3);
    expect(s3.config.retryMode).toBe('adaptive');
    const via = { roleArn: READ_ROLE_B, credentials: { accessKeyId: 'ASIA', secretAccessKey: 's' } };
    expect(clients.s3('eu-west-1', via)).not.toBe(s3);
    expect(await clients.kms('eu-west-1').config.region()).toBe('eu-west-1');
  });
});
