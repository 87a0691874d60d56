import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './nag.js';
import { BUCKET_SETTING_READ_ACTIONS, bucketArn, KMS_KEY_READ_ACTIONS } from './permissions.js';
import { validateBucketName, validateList, validateRoleArn } from './validation.js';

/** Stack name for destination accounts (SPEC "Fixed names"). */
export const DESTINATION_STACK_NAME = 'ReplicationDoctorDestinationAccess';
/** Default name of the read-only role, as in SPEC's `DESTINATION_READ_ROLE_ARNS` example. */
export const DEFAULT_DESTINATION_READ_ROLE_NAME = 'replication-doctor-read';

/** Properties of {@link DestinationAccessStack}. */
export interface DestinationAccessStackProps extends StackProps {
  /** ARN of the responder role (output `ResponderRoleArn` of the `ReplicationDoctor` stack); the only principal trusted. */
  readonly responderRoleArn: string;
  /**
   * ARN of the auditor role (output `AuditorRoleArn`), trusted as well when given.
   * @default - only the responder may assume the role
   */
  readonly auditorRoleArn?: string;
  /**
   * Destination buckets the role may read.
   * @default - every bucket of this account (bucket-level settings only)
   */
  readonly destinationBucketNames?: string[];
  /**
   * Name of the role (its ARN goes into `DESTINATION_READ_ROLE_ARNS`).
   * @default 'replication-doctor-read'
   */
  readonly roleName?: string;
}

/**
 * For each destination account: a read-only role the responder assumes to read destination bucket policy,
 * versioning, ownership, Object Lock, encryption and KMS key policy, which S3 and KMS refuse across accounts.
 */
export class DestinationAccessStack extends Stack {
  public readonly readRole: iam.Role;

  constructor(scope: Construct, id: string, props: DestinationAccessStackProps) {
    super(scope, id, {
      description: 'S3 Replication Doctor: read-only role for destination-account checks',
      ...props,
    });
    validateRoleArn('responderRoleArn', props.responderRoleArn);
    if (props.auditorRoleArn !== undefined) validateRoleArn('auditorRoleArn', props.auditorRoleArn);
    const bucketNames = props.destinationBucketNames ?? [];
    validateList('destinationBuckets', bucketNames, validateBucketName);

    const trusted = [props.responderRoleArn, ...(props.auditorRoleArn ? [props.auditorRoleArn] : [])];
    this.readRole = new iam.Role(this, 'ReadRole', {
      roleName: props.roleName ?? DEFAULT_DESTINATION_READ_ROLE_NAME,
      description: 'S3 Replication Doctor: read-only checks of replication destinations in this account',
      assumedBy: new iam.CompositePrincipal(...trusted.map((arn) => new iam.ArnPrincipal(arn))),
    });
    const keyArns = `arn:${this.partition}:kms:*:${this.account}:key/*`;
    const buckets = bucketNames.length > 0 ? bucketNames.map((name) => bucketArn(this, name)) : [bucketArn(this, '*')];
    this.readRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadDestinationBuckets',
        actions: [...BUCKET_SETTING_READ_ACTIONS],
        resources: buckets,
      }),
    );
    this.readRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadDestinationKeys',
        actions: [...KMS_KEY_READ_ACTIONS],
        resources: [keyArns],
      }),
    );
    this.readRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListKeyAliases', actions: ['kms:ListAliases'], resources: ['*'] }),
    );

    const policy = this.readRole.node.tryFindChild('DefaultPolicy') ?? this.readRole;
    if (bucketNames.length === 0) {
      acknowledgeWildcardResource(
        policy,
        bucketArn(this, '*'),
        'Bucket-level reads only (versioning, Object Lock, ownership, encryption, policy, location, HeadBucket) of the destination buckets of this account, which replication rules name at run time; pass -c destinationBuckets=a,b to list them instead.',
      );
    }
    acknowledgeWildcardResource(
      policy,
      keyArns,
      'kms:DescribeKey/kms:GetKeyPolicy on the destination keys of this account that replication rules name at run time (GetKeyPolicy does not work across accounts, hence this role); no cryptographic action is granted.',
    );
    acknowledgeWildcardResource(policy, '*', 'kms:ListAliases has no resource-level permissions; it is read-only.');

    new CfnOutput(this, 'DestinationReadRoleArn', {
      value: this.readRole.roleArn,
      description: 'Add to the ReplicationDoctor deployment as -c destinationReadRoleArns=...',
    });
  }
}
