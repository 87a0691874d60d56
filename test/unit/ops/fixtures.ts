import type { ReplicationConfigurationDoc } from '../../../lambdas/core/ops/replication-config.js';

/** Replication configurations as `GetBucketReplication` returns them (SDK v3 output shape). */

export const ROLE = 'arn:aws:iam::111122223333:role/replication-role';
export const DESTINATION = 'arn:aws:s3:::amzn-s3-demo-destination';

/** V2: a rule without metrics, a rule with S3 RTC (metrics on), a tag rule with metrics explicitly disabled. */
export function v2Configuration(): ReplicationConfigurationDoc {
  return {
    Role: ROLE,
    Rules: [
      {
        ID: 'logs',
        Priority: 1,
        Filter: { Prefix: 'logs/' },
        Status: 'Enabled',
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: {
          Bucket: DESTINATION,
          Account: '222222222222',
          StorageClass: 'STANDARD_IA',
          AccessControlTranslation: { Owner: 'Destination' },
          EncryptionConfiguration: {
            ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          },
        },
        DeleteMarkerReplication: { Status: 'Enabled' },
      },
      {
        ID: 'rtc',
        Priority: 2,
        Filter: { And: { Prefix: 'rt/', Tags: [{ Key: 'tier', Value: 'gold' }] } },
        Status: 'Enabled',
        Destination: {
          Bucket: DESTINATION,
          ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
          Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
        },
        DeleteMarkerReplication: { Status: 'Disabled' },
      },
      {
        ID: 'tagged',
        Priority: 3,
        Filter: { Tag: { Key: 'replicate', Value: 'yes' } },
        Status: 'Disabled',
        Destination: { Bucket: DESTINATION, Metrics: { Status: 'Disabled' } },
        DeleteMarkerReplication: { Status: 'Disabled' },
      },
    ],
  };
}

/** V1: rule-level `Prefix`, no `Filter`, no `Priority`, no `DeleteMarkerReplication`. */
export function v1Configuration(): ReplicationConfigurationDoc {
  return {
    Role: ROLE,
    Rules: [
      { ID: 'tax', Prefix: 'Tax/', Status: 'Enabled', Destination: { Bucket: DESTINATION, StorageClass: 'STANDARD' } },
      { ID: 'docs', Prefix: 'docs/', Status: 'Enabled', Destination: { Bucket: DESTINATION } },
    ],
  };
}
