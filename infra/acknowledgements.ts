/**
 * The cdk-nag AwsSolutions findings the deployment keeps on purpose, each acknowledged with its reason
 * (cdk-nag v3: `Validations.of(construct).acknowledge`, one granular finding id at a time).
 */
import { Stack } from 'aws-cdk-lib';
import { acknowledgeRule, acknowledgeWildcardResource } from './nag.js';
import { bucketArn } from './permissions.js';
import type { ReplicationDoctor } from './replication-doctor.js';
import type { Settings } from './settings.js';

/** The name CDK gives its singleton Lambda behind `Custom::S3BucketNotifications`. */
export const BUCKET_NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/** Every cdk-nag finding that remains on a {@link ReplicationDoctor} is deliberate; each acknowledgement says why. */
export function acknowledgeDoctorFindings(doctor: ReplicationDoctor, settings: Settings): void {
  const stack = Stack.of(doctor);
  const { partition, account } = stack;
  const sharedReads: ReadonlyArray<readonly [string, string]> = [
    [
      `arn:${partition}:s3:::*`,
      'Bucket-level reads only (versioning, Object Lock, ownership, encryption, policy, location, HeadBucket; the auditor also reads replication and notification configuration of the buckets it audits): destination buckets are named in each replication rule at run time, so they cannot be listed at synth time. No object-level or write action uses this resource.',
    ],
    [
      `arn:${partition}:iam::${account}:role/*`,
      'Read-only inspection (GetRole, role policies, SimulatePrincipalPolicy) of the replication role named in each rule, known only at run time; limited to roles of this account.',
    ],
    [
      `arn:${partition}:iam::${account}:policy/*`,
      "GetPolicy/GetPolicyVersion on the customer managed policies and permissions boundary attached to a replication role, known only at run time; limited to this account's policies.",
    ],
    [
      `arn:${partition}:iam::aws:policy/*`,
      'GetPolicy/GetPolicyVersion on AWS managed policies attached to a replication role, known only at run time; read-only.',
    ],
    [
      `arn:${partition}:kms:*:*:key/*`,
      'kms:DescribeKey/kms:GetKeyPolicy on the source and destination keys named by replication rules and objects at run time (any Region for cross-Region replication; DescribeKey also across accounts where the key policy allows); no cryptographic action is granted.',
    ],
    [
      '*',
      'Actions without resource-level permissions, all read-only: kms:ListAliases, organizations:ListPoliciesForTarget/DescribePolicy/ListParents (the SCPs and RCPs that apply to this account), s3:ListAllMyBuckets (auditor only).',
    ],
  ];
  for (const role of [doctor.responderRole, doctor.auditorRole]) {
    const policy = role.node.tryFindChild('DefaultPolicy') ?? role;
    for (const [resource, reason] of sharedReads) acknowledgeWildcardResource(policy, resource, reason);
    if (doctor.alertTopicKey) {
      acknowledgeRule(
        policy,
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        "Added by grantPublish on the alert topic: publishing to a KMS-encrypted topic needs kms:GenerateDataKey* (and kms:Decrypt) on that topic's own customer managed key, which is the only resource of the statement.",
      );
    }
  }
  if (settings.objectChecks) {
    const policy = doctor.responderRole.node.tryFindChild('DefaultPolicy') ?? doctor.responderRole;
    for (const name of settings.sourceBucketNames) {
      acknowledgeWildcardResource(
        policy,
        `${bucketArn(doctor, name)}/*`,
        `HeadObject (authorised by s3:GetObject/s3:GetObjectVersion) and object-tag reads on objects of the configured source bucket ${name}, to check the replication status, storage class, encryption and tags of a failed object; the code never downloads object data.`,
      );
    }
  }
  if (doctor.batchReplicationRole && doctor.batchReportBucket) {
    const policy = doctor.batchReplicationRole.node.tryFindChild('DefaultPolicy') ?? doctor.batchReplicationRole;
    for (const name of settings.sourceBucketNames) {
      acknowledgeWildcardResource(
        policy,
        `${bucketArn(doctor, name)}/*`,
        `s3:InitiateReplication on the objects of source bucket ${name}: a Batch Replication job re-replicates the objects S3's manifest generator selects at run time (ObjectReplicationStatuses FAILED).`,
      );
    }
    acknowledgeWildcardResource(
      policy,
      doctor.batchReportBucket.arnForObjects(`${settings.batchReportPrefix}*`),
      'S3 Batch Operations writes the generated manifest and the completion report under this one prefix, with object names it chooses at run time, and reads the manifest back.',
    );
  }
  const handler = stack.node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER_ID);
  if (handler) {
    acknowledgeRule(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's own BucketNotificationsHandler singleton (behind Custom::S3BucketNotifications) uses AWSLambdaBasicExecutionRole only to write its CloudWatch logs; its bucket permissions (s3:GetBucketNotification/PutBucketNotification) are inline and scoped to the source buckets.",
    );
  }
}
