import { describe, expect, it } from 'vitest';
import {
  copyInPlaceCommand,
  createBucketCommand,
  destinationBucketPolicy,
  regionFromArn,
  replicationTrustPolicy,
  roleNameFromArn,
  roleSourceKmsStatement,
  s3ViaService,
  shellArg,
  snippetValues,
} from '../../../lambdas/core/catalog/snippets.js';
import { FULL_CONTEXT, MINIMAL_CONTEXT } from './fixtures.js';

describe('snippetValues', () => {
  it('keeps every known value', () => {
    const v = snippetValues(FULL_CONTEXT);

    expect(v).toMatchObject({
      sourceBucket: 'src-bucket-a',
      destinationBucket: 'dst-bucket-b',
      roleName: 's3-replication-role',
      crossAccount: true,
      hasSourceKmsKey: true,
      hasDestinationKmsKey: true,
      partition: 'aws',
    });
  });

  it('renders unknown values as placeholders and leaves cross-account undecided', () => {
    const v = snippetValues(MINIMAL_CONTEXT);

    expect(v).toMatchObject({
      roleArn: '<replication-role-arn>',
      roleName: '<replication-role-name>',
      sourceAccount: '<source-account-id>',
      destinationKmsKeyArn: '<destination-kms-key-arn>',
      key: '<object-key>',
      versionId: '<version-id>',
      crossAccount: undefined,
    });
  });

  it('falls back to the Region of the key ARN when the bucket Region is unknown', () => {
    const v = snippetValues({ ...FULL_CONTEXT, destinationRegion: undefined, sourceRegion: undefined });

    expect(v.destinationRegion).toBe('eu-west-1');
    expect(v.sourceRegion).toBe('us-east-1');
  });

  it('takes the partition from the role ARN', () => {
    const v = snippetValues({
      ...MINIMAL_CONTEXT,
      roleArn: 'arn:aws-cn:iam::111122223333:role/replication',
      sourceRegion: 'cn-north-1',
    });

    expect(v.partition).toBe('aws-cn');
    expect(s3ViaService(v, v.sourceRegion)).toBe('s3.cn-north-1.amazonaws.com.cn');
    expect(destinationBucketPolicy(v).Statement[0]?.Resource).toBe('arn:aws-cn:s3:::dst-bucket-b/*');
  });
});

describe('ARN helpers', () => {
  it('reads the role name without its path', () => {
    expect(roleNameFromArn('arn:aws:iam::111122223333:role/service-role/a/b/name')).toBe('name');
    expect(roleNameFromArn('arn:aws:iam::111122223333:role/name')).toBe('name');
    expect(roleNameFromArn('not-an-arn')).toBeUndefined();
  });

  it('reads the Region of a key ARN', () => {
    expect(regionFromArn('arn:aws:kms:ap-south-1:111122223333:key/abc')).toBe('ap-south-1');
    expect(regionFromArn('<destination-kms-key-arn>')).toBeUndefined();
    expect(regionFromArn(undefined)).toBeUndefined();
  });
});

describe('shellArg', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    expect(shellArg('dst-bucket-b')).toBe('dst-bucket-b');
    expect(shellArg('a b')).toBe("'a b'");
    expect(shellArg("it's")).toBe("'it'\\''s'");
  });
});

describe('policy snippets', () => {
  it('trusts s3.amazonaws.com, and Batch Operations only when asked', () => {
    expect(replicationTrustPolicy().Statement[0]?.Principal).toEqual({ Service: 's3.amazonaws.com' });
    expect(replicationTrustPolicy({ batchOperations: true }).Statement[0]?.Principal).toEqual({
      Service: ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com'],
    });
  });

  it('allows decrypting with the source key for object and Bucket Key encryption contexts', () => {
    const statement = roleSourceKmsStatement(snippetValues(FULL_CONTEXT));

    expect(statement.Resource).toBe(FULL_CONTEXT.sourceKmsKeyArn);
    expect(statement.Condition?.StringLike?.['kms:EncryptionContext:aws:s3:arn']).toEqual([
      'arn:aws:s3:::src-bucket-a/*',
      'arn:aws:s3:::src-bucket-a',
    ]);
  });
});

describe('CLI snippets', () => {
  it('creates a bucket in us-east-1 without a location constraint', () => {
    expect(createBucketCommand('b', 'us-east-1')).toBe('aws s3api create-bucket --bucket b --region us-east-1');
    expect(createBucketCommand('b', 'eu-west-1')).toContain('LocationConstraint=eu-west-1');
  });

  it('keeps placeholders readable in the copy source', () => {
    expect(copyInPlaceCommand(snippetValues(MINIMAL_CONTEXT))).toContain(
      'src-bucket-a/<object-key>?versionId=<version-id>',
    );
  });
});
