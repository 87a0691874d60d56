import {
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadCounter } from '../../../lambdas/adapters/facts-clients.js';
import {
  readBucketLocation,
  readBucketPolicy,
  readEncryption,
  readObjectHead,
  readObjectLock,
  readObjectTags,
  readOwnership,
  readReplication,
  readVersioning,
} from '../../../lambdas/adapters/s3-facts.js';
import {
  accessDenied,
  head301,
  head403,
  head404,
  head405DeleteMarker,
  noSuchBucketPolicy,
  objectLockNotFound,
  ownershipNotFound,
  policyMethodNotAllowed,
  replicationNotFound,
  s3Error,
} from '../../fixtures/facts/aws-errors.js';

const s3Mock = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });
const counter = new ReadCounter();
const clientFor = (region?: string) => (region ? new S3Client({ region }) : client);

beforeEach(() => {
  s3Mock.reset();
  counter.reset();
});

describe('s3-facts', () => {
  it('reads a bucket Region from HeadBucket', async () => {
    s3Mock.on(HeadBucketCommand).resolves({ BucketRegion: 'eu-west-1' });
    expect(await readBucketLocation(clientFor, 'b', counter)).toEqual({
      state: 'ok',
      value: { region: 'eu-west-1', accessible: true },
    });
  });

  it('follows a Region redirect to the bucket Region', async () => {
    s3Mock.on(HeadBucketCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region !== 'ap-southeast-2') throw head301('ap-southeast-2');
      return { BucketRegion: 'ap-southeast-2' };
    });
    expect(await readBucketLocation(clientFor, 'b', counter)).toEqual({
      state: 'ok',
      value: { region: 'ap-southeast-2', accessible: true },
    });
    expect(counter.snapshot()).toEqual({ total: 2, byApi: { HeadBucket: 2 } });
  });

  it('knows a 403 bucket exists, with the Region S3 reports', async () => {
    s3Mock.on(HeadBucketCommand).rejects(head403('eu-central-1'));
    expect(await readBucketLocation(clientFor, 'b', counter)).toEqual({
      state: 'ok',
      value: { region: 'eu-central-1', accessible: false },
    });
  });

  it('reads a missing bucket as absent NoSuchBucket', async () => {
    s3Mock.on(HeadBucketCommand).rejects(head404());
    expect(await readBucketLocation(clientFor, 'b', counter)).toEqual({ state: 'absent', code: 'NoSuchBucket' });
  });

  it('maps GetBucketReplication, V2 and V1 rules, and a missing configuration', async () => {
    s3Mock.on(GetBucketReplicationCommand, { Bucket: 'a' }).resolves({
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::111122223333:role/r',
        Rules: [
          {
            ID: 'v2',
            Priority: 2,
            Status: 'Enabled',
            Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'k', Value: 'v' }] } },
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: { Bucket: 'arn:aws:s3:::d', Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } },
          },
          { ID: 'v1', Status: 'Enabled', Prefix: 'x/', Destination: { Bucket: 'arn:aws:s3:::d' } },
        ],
      },
    });
    s3Mock.on(GetBucketReplicationCommand, { Bucket: 'none' }).rejects(replicationNotFound());
    const fact = await readReplication(client, 'a', counter);
    expect(fact).toEqual({
      state: 'ok',
      value: {
        Role: 'arn:aws:iam::111122223333:role/r',
        Rules: [
          {
            ID: 'v2',
            Priority: 2,
            Status: 'Enabled',
            Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'k', Value: 'v' }] } },
            DeleteMarkerReplication: { Status: 'Disabled' },
            Destination: { Bucket: 'arn:aws:s3:::d', Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } },
          },
          { ID: 'v1', Status: 'Enabled', Prefix: 'x/', Destination: { Bucket: 'arn:aws:s3:::d' } },
        ],
      },
    });
    expect(await readReplication(client, 'none', counter)).toEqual({
      state: 'absent',
      code: 'ReplicationConfigurationNotFoundError',
    });
  });

  it('reads versioning, with no Status for a never-versioned bucket', async () => {
    s3Mock.on(GetBucketVersioningCommand).resolvesOnce({ Status: 'Suspended' }).resolvesOnce({});
    expect(await readVersioning(client, 'b', counter)).toEqual({ state: 'ok', value: { Status: 'Suspended' } });
    expect(await readVersioning(client, 'b', counter)).toEqual({ state: 'ok', value: {} });
  });

  it('reads Object Lock and ownership, with their not-found codes as absent', async () => {
    s3Mock.on(GetObjectLockConfigurationCommand, { Bucket: 'locked' }).resolves({
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
      },
    });
    s3Mock.on(GetObjectLockConfigurationCommand, { Bucket: 'open' }).rejects(objectLockNotFound());
    s3Mock.on(GetBucketOwnershipControlsCommand, { Bucket: 'locked' }).resolves({
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    s3Mock.on(GetBucketOwnershipControlsCommand, { Bucket: 'open' }).rejects(ownershipNotFound());
    expect(await readObjectLock(client, 'locked', counter)).toEqual({
      state: 'ok',
      value: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } },
    });
    expect(await readObjectLock(client, 'open', counter)).toEqual({
      state: 'absent',
      code: 'ObjectLockConfigurationNotFoundError',
    });
    expect(await readOwnership(client, 'locked', counter)).toEqual({
      state: 'ok',
      value: { ObjectOwnership: 'BucketOwnerEnforced' },
    });
    expect(await readOwnership(client, 'open', counter)).toEqual({
      state: 'absent',
      code: 'OwnershipControlsNotFoundError',
    });
  });

  it('reads default encryption including BlockedEncryptionTypes', async () => {
    s3Mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: 'arn:aws:kms:us-east-1:1:key/x',
            },
            BucketKeyEnabled: true,
            BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] },
          },
        ],
      },
    });
    expect(await readEncryption(client, 'b', counter)).toEqual({
      state: 'ok',
      value: {
        Rules: [
          {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: 'arn:aws:kms:us-east-1:1:key/x',
            BucketKeyEnabled: true,
            BlockedEncryptionTypes: ['SSE-C'],
          },
        ],
      },
    });
  });

  it('reads a bucket policy, none as absent, and a 405 as unknown: another account', async () => {
    s3Mock
      .on(GetBucketPolicyCommand, { Bucket: 'mine' })
      .resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
    s3Mock.on(GetBucketPolicyCommand, { Bucket: 'bare' }).rejects(noSuchBucketPolicy());
    s3Mock.on(GetBucketPolicyCommand, { Bucket: 'theirs' }).rejects(policyMethodNotAllowed());
    s3Mock.on(GetBucketPolicyCommand, { Bucket: 'denied' }).rejects(accessDenied());
    expect(await readBucketPolicy(client, 'mine', counter)).toEqual({
      state: 'ok',
      value: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(await readBucketPolicy(client, 'bare', counter)).toEqual({ state: 'absent', code: 'NoSuchBucketPolicy' });
    const theirs = await readBucketPolicy(client, 'theirs', counter);
    expect(theirs).toMatchObject({
      state: 'unknown',
      missingPermission: 's3:GetBucketPolicy',
      reason: expect.stringContaining('another account'),
    });
    expect(await readBucketPolicy(client, 'denied', counter)).toMatchObject({
      state: 'unknown',
      missingPermission: 's3:GetBucketPolicy',
    });
  });

  it('reads HeadObject of a version, converting dates', async () => {
    s3Mock.on(HeadObjectCommand, { Bucket: 'b', Key: 'k', VersionId: 'v' }).resolves({
      VersionId: 'v',
      ReplicationStatus: 'FAILED',
      StorageClass: 'GLACIER',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:us-east-1:1:key/x',
      BucketKeyEnabled: true,
      LastModified: new Date('2026-01-02T03:04:05Z'),
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: new Date('2027-01-01T00:00:00Z'),
    });
    expect(await readObjectHead(client, 'b', 'k', 'v', counter)).toEqual({
      state: 'ok',
      value: {
        VersionId: 'v',
        ReplicationStatus: 'FAILED',
        StorageClass: 'GLACIER',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'arn:aws:kms:us-east-1:1:key/x',
        BucketKeyEnabled: true,
        LastModified: '2026-01-02T03:04:05.000Z',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: '2027-01-01T00:00:00.000Z',
      },
    });
  });

  it('reads a delete-marker version, a missing version, a denied and an SSE-C HeadObject', async () => {
    s3Mock.on(HeadObjectCommand, { Key: 'marker' }).rejects(head405DeleteMarker());
    s3Mock.on(HeadObjectCommand, { Key: 'gone' }).rejects(head404());
    s3Mock.on(HeadObjectCommand, { Key: 'denied' }).rejects(head403());
    s3Mock.on(HeadObjectCommand, { Key: 'ssec' }).rejects(s3Error('Unknown', 400, 'UnknownError'));
    expect(await readObjectHead(client, 'b', 'marker', 'v', counter)).toEqual({
      state: 'ok',
      value: { VersionId: 'v', DeleteMarker: true },
    });
    expect(await readObjectHead(client, 'b', 'gone', 'v', counter)).toEqual({ state: 'absent', code: 'NoSuchVersion' });
    expect(await readObjectHead(client, 'b', 'gone', undefined, counter)).toEqual({
      state: 'absent',
      code: 'NoSuchKey',
    });
    expect(await readObjectHead(client, 'b', 'denied', 'v', counter)).toMatchObject({
      state: 'unknown',
      missingPermission: 's3:GetObjectVersion',
    });
    expect(await readObjectHead(client, 'b', 'ssec', 'v', counter)).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('SSE-C'),
    });
  });

  it('reads object tags; no tag set is an empty list', async () => {
    s3Mock.on(GetObjectTaggingCommand, { Key: 'tagged' }).resolves({ TagSet: [{ Key: 'replicate', Value: 'yes' }] });
    s3Mock.on(GetObjectTaggingCommand, { Key: 'bare' }).rejects(s3Error('NoSuchTagSet', 404, 'There is no tag set'));
    expect(await readObjectTags(client, 'b', 'tagged', 'v', counter)).toEqual({
      state: 'ok',
      value: [{ Key: 'replicate', Value: 'yes' }],
    });
    expect(await readObjectTags(client, 'b', 'bare', 'v', counter)).toEqual({ state: 'ok', value: [] });
    expect(counter.snapshot().byApi).toEqual({ GetObjectTagging: 2 });
  });
});
