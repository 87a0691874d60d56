/**
 * The end-to-end estate (`test/fixtures/facts/estate.ts`) plus what the audit reads besides the check facts:
 * `ListBuckets` (filtered by `BucketRegion`, as S3 does) and `GetBucketNotificationConfiguration`. Shared by the
 * auditor and `replication-doctor audit` integration tests.
 */

import {
  GetBucketNotificationConfigurationCommand,
  ListBucketsCommand,
  type NotificationConfiguration,
  type QueueConfiguration,
} from '@aws-sdk/client-s3';
import { noSuchBucket } from '../../fixtures/facts/aws-errors.js';
import { A, DST, estate, ROLE, SRC } from '../../fixtures/facts/estate.js';
import { type FakeAccount, installFakeAccount, s3Mock } from '../../fixtures/facts/fake-account.js';

export const QUEUE_ARN = `arn:aws:sqs:us-east-1:${A}:ReplicationDoctor-EventQueue`;
/** A bucket outside the deployment that replicates to the estate's destination, with metrics off. */
export const LEGACY = 'acme-legacy-src';
export const LEGACY_RULE = 'legacy-to-dst';

/** The replication role's inline policy: everything replication needs, on any bucket and key of the account. */
export const ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'SourceBuckets',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: 'arn:aws:s3:::*',
    },
    {
      Sid: 'SourceObjects',
      Effect: 'Allow',
      Action: [
        's3:GetObjectVersionForReplication',
        's3:GetObjectVersionAcl',
        's3:GetObjectVersionTagging',
        's3:GetObjectRetention',
        's3:GetObjectLegalHold',
      ],
      Resource: 'arn:aws:s3:::*/*',
    },
    {
      Sid: 'DestinationObjects',
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'],
      Resource: 'arn:aws:s3:::*/*',
    },
    {
      Sid: 'Keys',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: `arn:aws:kms:*:${A}:key/*`,
    },
  ],
};

/** A KMS key's default policy: the account (and so IAM policies) may use the key. */
export const KEY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
});

export interface AuditEstate {
  readonly model: FakeAccount;
  /** Notification configuration per bucket (absent: none). */
  readonly notifications: Record<string, NotificationConfiguration>;
}

/** Our queue getting every replication event. */
export function toOurQueue(overrides: Partial<QueueConfiguration> = {}): QueueConfiguration {
  return { Id: 'replication-doctor', QueueArn: QUEUE_ARN, Events: ['s3:Replication:*'], ...overrides };
}

/**
 * The estate: `acme-logs-src` (configured, healthy, notifications to our queue) and `acme-legacy-src` (same Region,
 * not configured, replicating with metrics off and no notifications). Tests bend it, then call {@link installAudit}.
 */
export function auditEstate(): AuditEstate {
  const model = estate();
  model.buckets[LEGACY] = {
    region: 'us-east-1',
    owner: A,
    versioning: 'Enabled',
    ownership: 'BucketOwnerEnforced',
    replication: {
      Role: ROLE,
      Rules: [
        {
          ID: LEGACY_RULE,
          Priority: 1,
          Status: 'Enabled',
          Filter: { Prefix: '' },
          DeleteMarkerReplication: { Status: 'Disabled' },
          Destination: { Bucket: `arn:aws:s3:::${DST}` },
        },
      ],
    },
  };
  model.buckets['acme-plain'] = { region: 'us-east-1', owner: A };
  for (const key of Object.values(model.keys)) key.policy = KEY_POLICY;
  const role = model.roles[ROLE];
  if (role) model.roles[ROLE] = { ...role, inline: { replication: ROLE_POLICY } };
  return {
    model,
    notifications: { [SRC]: { QueueConfigurations: [toOurQueue()] } },
  };
}

/** Installs the fake account and the audit's extra reads behind the SDK mocks. */
export function installAudit(audit: AuditEstate): void {
  installFakeAccount(audit.model);
  s3Mock.on(ListBucketsCommand).callsFake(async (input: { BucketRegion?: string }) => ({
    Buckets: Object.entries(audit.model.buckets)
      .filter(([, b]) => b.owner === audit.model.callerAccount)
      .filter(([, b]) => input.BucketRegion === undefined || b.region === input.BucketRegion)
      .map(([Name, b]) => ({ Name, BucketRegion: b.region, CreationDate: new Date('2025-01-01T00:00:00Z') })),
  }));
  s3Mock.on(GetBucketNotificationConfigurationCommand).callsFake(async (input: { Bucket: string }) => {
    if (!audit.model.buckets[input.Bucket]) throw noSuchBucket();
    return structuredClone(audit.notifications[input.Bucket] ?? {});
  });
}
