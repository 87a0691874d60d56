/**
 * The read-only IAM statements behind the live re-checks. Only what the checks call, nothing that writes:
 * tests iterate every statement of the responder and auditor roles to keep it that way.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Bucket settings read on sources and (same-account) destinations; `s3:ListBucket` authorises `HeadBucket`. */
export const BUCKET_SETTING_READ_ACTIONS = [
  's3:GetBucketVersioning',
  's3:GetBucketObjectLockConfiguration',
  's3:GetBucketOwnershipControls',
  's3:GetEncryptionConfiguration',
  's3:GetBucketPolicy',
  's3:GetBucketLocation',
  's3:ListBucket',
] as const;

/** Object tags, for case-sensitive tag-filter checks. */
export const OBJECT_TAG_READ_ACTIONS = ['s3:GetObjectTagging', 's3:GetObjectVersionTagging'] as const;

/** `HeadObject` is authorised by `s3:GetObject`/`s3:GetObjectVersion`; the code never calls `GetObject`. */
export const HEAD_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;

/** Replication role, its policies, boundary and simulation of the exact replication actions. */
export const IAM_ROLE_READ_ACTIONS = [
  'iam:GetRole',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:SimulatePrincipalPolicy',
] as const;
export const IAM_POLICY_READ_ACTIONS = ['iam:GetPolicy', 'iam:GetPolicyVersion'] as const;

/** Key state and key policy; `GetKeyPolicy` only answers in the key's own account. */
export const KMS_KEY_READ_ACTIONS = ['kms:DescribeKey', 'kms:GetKeyPolicy'] as const;

/** Service control and resource control policies that apply to this account, where readable. */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:ListPoliciesForTarget',
  'organizations:DescribePolicy',
  'organizations:ListParents',
] as const;

/** Options for {@link replicationReadStatements}. */
export interface ReplicationReadOptions {
  /** Names of the configured source buckets. */
  readonly sourceBucketNames: readonly string[];
  /** Grant `HeadObject` and object-tag reads on source objects. */
  readonly objectReads: boolean;
  /** Read the replication and notification configuration of every bucket in the account (auditor). */
  readonly accountWideAudit: boolean;
  /** Read-only roles in destination accounts that may be assumed. */
  readonly destinationReadRoleArns: readonly string[];
}

/** ARN of a bucket in the scope's partition. */
export function bucketArn(scope: IConstruct, bucketName: string): string {
  return `arn:${Stack.of(scope).partition}:s3:::${bucketName}`;
}

/** The statements for one function role. */
export function replicationReadStatements(scope: IConstruct, options: ReplicationReadOptions): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const partition = stack.partition;
  const sourceArns = options.sourceBucketNames.map((name) => bucketArn(scope, name));
  const anyBucket = `arn:${partition}:s3:::*`;
  const statements: iam.PolicyStatement[] = [];

  if (options.accountWideAudit) {
    statements.push(
      new iam.PolicyStatement({ sid: 'ListBuckets', actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'ReadReplicationSetupOfAnyBucket',
        actions: ['s3:GetReplicationConfiguration', 's3:GetBucketNotification'],
        resources: [anyBucket],
      }),
    );
  } else {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ReadSourceReplicationConfiguration',
        actions: ['s3:GetReplicationConfiguration'],
        resources: sourceArns,
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      sid: 'ReadBucketSettings',
      actions: [...BUCKET_SETTING_READ_ACTIONS],
      // Destination buckets come from each rule at run time, so they cannot be listed here.
      resources: [anyBucket],
    }),
  );
  if (options.objectReads) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'HeadSourceObjects',
        actions: [...HEAD_OBJECT_ACTIONS, ...OBJECT_TAG_READ_ACTIONS],
        resources: sourceArns.map((arn) => `${arn}/*`),
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      sid: 'ReadRoles',
      actions: [...IAM_ROLE_READ_ACTIONS],
      resources: [`arn:${partition}:iam::${stack.account}:role/*`],
    }),
    new iam.PolicyStatement({
      sid: 'ReadPolicies',
      actions: [...IAM_POLICY_READ_ACTIONS],
      resources: [`arn:${partition}:iam::${stack.account}:policy/*`, `arn:${partition}:iam::aws:policy/*`],
    }),
    new iam.PolicyStatement({
      sid: 'ReadKeys',
      actions: [...KMS_KEY_READ_ACTIONS],
      resources: [`arn:${partition}:kms:*:*:key/*`],
    }),
    new iam.PolicyStatement({ sid: 'ListKeyAliases', actions: ['kms:ListAliases'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'ReadOrganizationPolicies',
      actions: [...ORGANIZATIONS_READ_ACTIONS],
      resources: ['*'],
    }),
  );
  if (options.destinationReadRoleArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AssumeDestinationReadRoles',
        actions: ['sts:AssumeRole'],
        resources: [...options.destinationReadRoleArns],
      }),
    );
  }
  return statements;
}
