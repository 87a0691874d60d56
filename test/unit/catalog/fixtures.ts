import type { RemediationContext } from '../../../lambdas/core/catalog/types.js';

/** Every value known, cross-account and cross-Region. */
export const FULL_CONTEXT: RemediationContext = {
  sourceBucket: 'src-bucket-a',
  destinationBucket: 'dst-bucket-b',
  ruleId: 'rule-1',
  key: 'photos/2024/cat 1.png',
  versionId: 'abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO',
  roleArn: 'arn:aws:iam::111122223333:role/service-role/s3-replication-role',
  sourceAccount: '111122223333',
  destinationAccount: '444455556666',
  sourceRegion: 'us-east-1',
  destinationRegion: 'eu-west-1',
  sourceKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1111aaaa-11aa-11aa-11aa-111111aaaaaa',
  destinationKmsKeyArn: 'arn:aws:kms:eu-west-1:444455556666:key/2222bbbb-22bb-22bb-22bb-222222bbbbbb',
};

/** Only what every event carries. */
export const MINIMAL_CONTEXT: RemediationContext = {
  sourceBucket: 'src-bucket-a',
  destinationBucket: 'dst-bucket-b',
  ruleId: 'rule-1',
};

/** Both buckets in one account. */
export const SAME_ACCOUNT_CONTEXT: RemediationContext = {
  ...FULL_CONTEXT,
  destinationAccount: '111122223333',
  destinationKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/3333cccc-33cc-33cc-33cc-333333cccccc',
};

/** Matches a `<placeholder>` left in a snippet. */
export const PLACEHOLDER = /<[a-z][a-z0-9-]*>/;

/** The 34 codes of the AWS table (SPEC "Failure catalog"). */
export const SPEC_CODES = [
  'AssumeRoleNotPermitted',
  'DstBucketInvalidRegion',
  'DstBucketNotFound',
  'DstBucketObjectLockConfigMissing',
  'DstBucketUnversioned',
  'DstDelObjNotPermitted',
  'DstKmsKeyInvalidState',
  'DstKmsKeyNotFound',
  'DstMultipartCompleteNotPermitted',
  'DstMultipartInitNotPermitted',
  'DstMultipartUploadNotPermitted',
  'DstObjectHardDeleted',
  'DstPutAclNotPermitted',
  'DstPutLegalHoldNotPermitted',
  'DstPutObjectNotPermitted',
  'DstPutRetentionNotPermitted',
  'DstPutTaggingNotPermitted',
  'DstVersionNotFound',
  'InitiateReplicationNotPermitted',
  'SrcBucketInvalidRegion',
  'SrcBucketNotFound',
  'SrcBucketReplicationConfigMissing',
  'SrcGetAclNotPermitted',
  'SrcGetLegalHoldNotPermitted',
  'SrcGetObjectNotPermitted',
  'SrcGetRetentionNotPermitted',
  'SrcGetTaggingNotPermitted',
  'SrcHeadObjectNotPermitted',
  'SrcKeyNotFound',
  'SrcKmsKeyInvalidState',
  'SrcObjectNotEligible',
  'SrcObjectNotFound',
  'SrcReplicationNotPending',
  'SrcVersionNotFound',
] as const;

export const FORMER_SPELLINGS: Readonly<Record<string, string>> = {
  DstPutObjNotPermitted: 'DstPutObjectNotPermitted',
  SrcGetObjNotPermitted: 'SrcGetObjectNotPermitted',
  DstMultipartPartUploadNotPermitted: 'DstMultipartUploadNotPermitted',
};
