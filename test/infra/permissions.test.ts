import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { flattenCfnValue } from '../../infra/nag.js';
import {
  asArray,
  cleanupApps,
  DESTINATION_ROLE,
  onlyResource,
  resourcesOfType,
  roleId,
  roleStatements,
  type Statement,
  synthStack,
} from './support.js';

afterAll(cleanupApps);

/** Actions that change data or configuration somewhere; none may appear on the responder or auditor roles. */
const WRITE_ACTION =
  /^(s3:(Put|Delete|Replicate|Restore|Abort|Create|Update|Bypass|InitiateReplication|ObjectOwnerOverride)|kms:(Encrypt|ReEncrypt|CreateGrant|RetireGrant|RevokeGrant|Put|Schedule|Disable|Enable|Sign)|iam:(Create|Put|Attach|Detach|Delete|Update|PassRole|Add|Remove|Tag|Untag)|organizations:(Create|Attach|Detach|Update|Delete|Enable|Disable)|sns:(Subscribe|SetTopicAttributes|AddPermission|DeleteTopic|CreateTopic)|sqs:(SendMessage|SetQueueAttributes|PurgeQueue|DeleteQueue|CreateQueue|AddPermission))/;

function allowActions(statements: Statement[]): string[] {
  return statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action));
}

function resourcesFor(statements: Statement[], action: string): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow' && asArray(s.Action).includes(action))
    .flatMap((s) => asArray(s.Resource).map(flattenCfnValue));
}

function stackKeyArns(template: Template): string[] {
  return resourcesOfType(template, 'AWS::KMS::Key').map(([id]) => `<${id}.Arn>`);
}

describe.each([
  ['responder', 'DoctorResponderRole'],
  ['auditor', 'DoctorAuditorRole'],
])('%s role', (_name, rolePrefix) => {
  const { template } = synthStack({ destinationReadRoleArns: [DESTINATION_ROLE], batchReplicationRole: true });
  const statements = roleStatements(template, roleId(template, rolePrefix));

  it('has statements to check', () => {
    expect(allowActions(statements).length).toBeGreaterThan(10);
  });

  it('holds no write action on any bucket, key, role, policy, topic or queue', () => {
    const writes = allowActions(statements).filter((action) => WRITE_ACTION.test(action));
    expect(writes).toEqual([]);
  });

  it('holds no wildcard action', () => {
    const wildcards = allowActions(statements).filter((action) => action.includes('*'));
    // kms:GenerateDataKey* comes from grantPublish on the alert topic and is checked below.
    expect(wildcards).toEqual(['kms:GenerateDataKey*']);
  });

  it("uses kms:Decrypt and kms:GenerateDataKey* only on the stack's own queue and topic keys", () => {
    const keys = stackKeyArns(template);
    const cryptoResources = [
      ...resourcesFor(statements, 'kms:Decrypt'),
      ...resourcesFor(statements, 'kms:GenerateDataKey*'),
    ];
    expect(cryptoResources.length).toBeGreaterThan(0);
    for (const resource of cryptoResources) expect(keys).toContain(resource);
  });

  it('assumes only the configured destination read roles', () => {
    expect(resourcesFor(statements, 'sts:AssumeRole')).toEqual([DESTINATION_ROLE]);
  });

  it('reads IAM only in this account (plus AWS managed policies)', () => {
    for (const action of ['iam:GetRole', 'iam:SimulatePrincipalPolicy', 'iam:GetRolePolicy']) {
      expect(resourcesFor(statements, action)).toEqual(['arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*']);
    }
    expect(resourcesFor(statements, 'iam:GetPolicyVersion').sort()).toEqual([
      'arn:<AWS::Partition>:iam::<AWS::AccountId>:policy/*',
      'arn:<AWS::Partition>:iam::aws:policy/*',
    ]);
  });

  it('holds every read the checks need', () => {
    expect(allowActions(statements)).toEqual(
      expect.arrayContaining([
        's3:GetReplicationConfiguration',
        's3:GetBucketVersioning',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetEncryptionConfiguration',
        's3:GetBucketPolicy',
        's3:ListBucket',
        's3:GetBucketLocation',
        'iam:GetRole',
        'iam:ListRolePolicies',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:SimulatePrincipalPolicy',
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:ListAliases',
        'organizations:ListPoliciesForTarget',
        'organizations:DescribePolicy',
        'organizations:ListParents',
        'sns:Publish',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
  });

  it('uses no AWS managed policy (logs go to its own log group)', () => {
    const [, role] = onlyResource(template, 'AWS::IAM::Role', rolePrefix);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(allowActions(statements)).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']));
    expect(allowActions(statements)).not.toContain('logs:CreateLogGroup');
  });
});

describe('responder role', () => {
  it('may HeadObject (s3:GetObject/GetObjectVersion) and read tags only on objects of the source buckets', () => {
    const { template } = synthStack();
    const statements = roleStatements(template, roleId(template, 'DoctorResponderRole'));
    const sourceObjects = [
      'arn:<AWS::Partition>:s3:::source-bucket-a/*',
      'arn:<AWS::Partition>:s3:::source-bucket-b/*',
    ];
    for (const action of ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging']) {
      expect(resourcesFor(statements, action)).toEqual(sourceObjects);
    }
    expect(resourcesFor(statements, 's3:GetReplicationConfiguration')).toEqual([
      'arn:<AWS::Partition>:s3:::source-bucket-a',
      'arn:<AWS::Partition>:s3:::source-bucket-b',
    ]);
  });

  it('reads bucket-level settings of any bucket, because destinations are only known at run time', () => {
    const { template } = synthStack();
    const statements = roleStatements(template, roleId(template, 'DoctorResponderRole'));
    expect(resourcesFor(statements, 's3:GetBucketPolicy')).toEqual(['arn:<AWS::Partition>:s3:::*']);
  });

  it('loses s3:GetObject and s3:GetObjectVersion with objectChecks: false', () => {
    const { template } = synthStack({ objectChecks: false });
    const actions = allowActions(roleStatements(template, roleId(template, 'DoctorResponderRole')));
    expect(actions).not.toContain('s3:GetObject');
    expect(actions).not.toContain('s3:GetObjectVersion');
    expect(actions).not.toContain('s3:GetObjectTagging');
  });

  it('has no sts:AssumeRole without destination read roles', () => {
    const { template } = synthStack();
    expect(allowActions(roleStatements(template, roleId(template, 'DoctorResponderRole')))).not.toContain(
      'sts:AssumeRole',
    );
  });

  it('consumes only the event queue', () => {
    const { template } = synthStack();
    const statements = roleStatements(template, roleId(template, 'DoctorResponderRole'));
    const [queueId] = onlyResource(template, 'AWS::SQS::Queue', 'DoctorEventQueue');
    expect(resourcesFor(statements, 'sqs:ReceiveMessage')).toEqual([`<${queueId}.Arn>`]);
    expect(resourcesFor(statements, 'sqs:DeleteMessage')).toEqual([`<${queueId}.Arn>`]);
  });
});

describe('auditor role', () => {
  it('lists buckets and reads replication and notification configuration of every bucket, but no object', () => {
    const { template } = synthStack();
    const statements = roleStatements(template, roleId(template, 'DoctorAuditorRole'));
    expect(resourcesFor(statements, 's3:ListAllMyBuckets')).toEqual(['*']);
    expect(resourcesFor(statements, 's3:GetBucketNotification')).toEqual(['arn:<AWS::Partition>:s3:::*']);
    expect(resourcesFor(statements, 's3:GetReplicationConfiguration')).toEqual(['arn:<AWS::Partition>:s3:::*']);
    expect(allowActions(statements)).not.toContain('s3:GetObject');
    expect(allowActions(statements)).not.toContain('sqs:ReceiveMessage');
  });
});
