import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { DestinationAccessStack, type DestinationAccessStackProps } from '../../infra/destination-access-stack.js';
import { flattenCfnValue } from '../../infra/nag.js';
import { ConfigError } from '../../lambdas/core/errors.js';
import { asArray, cleanupApps, onlyResource, roleStatements, type Statement, testApp } from './support.js';

afterAll(cleanupApps);

const RESPONDER = 'arn:aws:iam::111122223333:role/ReplicationDoctor-DoctorResponderRole6E73CFFF-AbC123';
const AUDITOR = 'arn:aws:iam::111122223333:role/ReplicationDoctor-DoctorAuditorRole8209AE67-DeF456';

function synth(props: Partial<DestinationAccessStackProps> = {}): Template {
  const stack = new DestinationAccessStack(testApp(), 'ReplicationDoctorDestinationAccess', {
    env: { account: '222222222222', region: 'us-east-1' },
    responderRoleArn: RESPONDER,
    ...props,
  });
  return Template.fromStack(stack);
}

function trust(template: Template): Statement[] {
  const [, role] = onlyResource(template, 'AWS::IAM::Role');
  return (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
}

describe('DestinationAccessStack', () => {
  const template = synth();
  const [roleId, role] = onlyResource(template, 'AWS::IAM::Role');
  const statements = roleStatements(template, roleId);

  it('creates the role replication-doctor-read', () => {
    expect(role.Properties.RoleName).toBe('replication-doctor-read');
  });

  it('trusts only the responder role', () => {
    expect(trust(template)).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: RESPONDER } }]);
  });

  it('also trusts the auditor role when given', () => {
    const principals = trust(synth({ auditorRoleArn: AUDITOR })).flatMap((s) =>
      asArray((s.Principal as { AWS: string | string[] }).AWS),
    );
    expect(principals.sort()).toEqual([AUDITOR, RESPONDER].sort());
  });

  it('reads bucket settings and KMS key metadata, nothing else', () => {
    const actions = statements.flatMap((s) => asArray(s.Action)).sort();
    expect(actions).toEqual(
      [
        's3:GetBucketPolicy',
        's3:GetBucketVersioning',
        's3:GetBucketOwnershipControls',
        's3:GetBucketObjectLockConfiguration',
        's3:GetEncryptionConfiguration',
        's3:GetBucketLocation',
        's3:ListBucket',
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:ListAliases',
      ].sort(),
    );
  });

  it('reads any bucket of the account by default, and its own account keys only', () => {
    const resources = (action: string): string[] =>
      statements
        .filter((s) => asArray(s.Action).includes(action))
        .flatMap((s) => asArray(s.Resource).map(flattenCfnValue));
    expect(resources('s3:GetBucketPolicy')).toEqual(['arn:aws:s3:::*']);
    expect(resources('kms:GetKeyPolicy')).toEqual(['arn:aws:kms:*:222222222222:key/*']);
  });

  it('limits bucket reads to destinationBucketNames when given', () => {
    const limited = synth({ destinationBucketNames: ['dest-bucket-a', 'dest-bucket-b'], roleName: 'doctor-reader' });
    const [id, limitedRole] = onlyResource(limited, 'AWS::IAM::Role');
    expect(limitedRole.Properties.RoleName).toBe('doctor-reader');
    const bucketStatement = roleStatements(limited, id).find((s) => asArray(s.Action).includes('s3:ListBucket'));
    expect(asArray(bucketStatement?.Resource)).toEqual(['arn:aws:s3:::dest-bucket-a', 'arn:aws:s3:::dest-bucket-b']);
  });

  it('outputs the role ARN for DESTINATION_READ_ROLE_ARNS', () => {
    template.hasOutput('DestinationReadRoleArn', { Value: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });

  it('rejects a responderRoleArn that is not a role ARN, in one line', () => {
    expect(() => synth({ responderRoleArn: 'ReplicationDoctor-ResponderRole' })).toThrow(ConfigError);
    expect(() => synth({ responderRoleArn: 'ReplicationDoctor-ResponderRole' })).toThrow(
      'replication-doctor: invalid responderRoleArn "ReplicationDoctor-ResponderRole": not an IAM role ARN',
    );
  });

  it('rejects an auditorRoleArn that is not a role ARN', () => {
    expect(() => synth({ auditorRoleArn: 'arn:aws:iam::111122223333:user/bob' })).toThrow(/invalid auditorRoleArn/);
  });

  it('rejects an invalid destination bucket name', () => {
    expect(() => synth({ destinationBucketNames: ['Dest_Bucket'] })).toThrow(
      /invalid destinationBuckets\[0\] "Dest_Bucket"/,
    );
  });
});
