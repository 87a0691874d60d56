import { describe, expect, it } from 'vitest';
import {
  bucketRegionFromError,
  classifyAwsError,
  errorName,
  factFromError,
} from '../../../lambdas/adapters/aws-errors.js';
import {
  accessDenied,
  connectionRefused,
  head403,
  head404,
  kmsNotFound,
  noCredentials,
  noSuchBucketPolicy,
  noSuchEntity,
  policyMethodNotAllowed,
  replicationNotFound,
  s3Error,
  slowDown,
} from '../../fixtures/facts/aws-errors.js';

const policyCall = { api: 'GetBucketPolicy', action: 's3:GetBucketPolicy', resource: 'dst-bucket' };

describe('aws-errors', () => {
  it('maps documented not-found codes to absent with the code', () => {
    expect(factFromError(noSuchBucketPolicy(), policyCall)).toEqual({ state: 'absent', code: 'NoSuchBucketPolicy' });
    expect(factFromError(replicationNotFound(), policyCall)).toEqual({
      state: 'absent',
      code: 'ReplicationConfigurationNotFoundError',
    });
    expect(factFromError(noSuchEntity('r'), { api: 'GetRole', resource: 'r' })).toEqual({
      state: 'absent',
      code: 'NoSuchEntity',
    });
    expect(factFromError(kmsNotFound('k'), { api: 'DescribeKey', resource: 'k' })).toEqual({
      state: 'absent',
      code: 'NotFoundException',
    });
    for (const code of [
      'OwnershipControlsNotFoundError',
      'ObjectLockConfigurationNotFoundError',
      'ServerSideEncryptionConfigurationNotFoundError',
      'NoSuchTagSet',
      'NoSuchKey',
    ]) {
      expect(factFromError(s3Error(code, 404, 'x'), policyCall)).toEqual({ state: 'absent', code });
    }
  });

  it("names a bare 404 of a HEAD request with the call's not-found code", () => {
    expect(factFromError(head404(), { api: 'HeadBucket', resource: 'b', notFoundCode: 'NoSuchBucket' })).toEqual({
      state: 'absent',
      code: 'NoSuchBucket',
    });
  });

  it('maps access denied to unknown naming the exact action the doctor lacks', () => {
    const fact = factFromError(accessDenied(), policyCall);
    expect(fact).toMatchObject({ state: 'unknown', missingPermission: 's3:GetBucketPolicy' });
    expect(fact.state === 'unknown' && fact.reason).toContain('the doctor lacks s3:GetBucketPolicy');
    expect(classifyAwsError(head403())).toBe('access-denied');
    expect(classifyAwsError(Object.assign(new Error('x'), { name: 'AccessDeniedException' }))).toBe('access-denied');
    expect(classifyAwsError(Object.assign(new Error('x'), { name: 'AuthorizationError' }))).toBe('access-denied');
  });

  it('says a 405 on a bucket policy read means another account owns the bucket', () => {
    const fact = factFromError(policyMethodNotAllowed(), policyCall);
    expect(fact).toMatchObject({ state: 'unknown', missingPermission: 's3:GetBucketPolicy' });
    expect(fact.state === 'unknown' && fact.reason).toContain('belongs to another account (405 MethodNotAllowed)');
  });

  it('maps throttling, credentials and network errors to unknown', () => {
    expect(factFromError(slowDown(), policyCall)).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('throttled'),
    });
    for (const name of ['Throttling', 'ThrottlingException', 'TooManyRequestsException']) {
      expect(classifyAwsError(Object.assign(new Error('x'), { name }))).toBe('throttled');
    }
    expect(factFromError(noCredentials(), policyCall)).toMatchObject({
      reason: expect.stringMatching(/^could not reach AWS \(CredentialsProviderError/),
    });
    expect(factFromError(connectionRefused(), policyCall)).toMatchObject({
      reason: expect.stringContaining('could not reach AWS (ECONNREFUSED'),
    });
    const timeout = Object.assign(new Error('Request timed out'), { name: 'TimeoutError' });
    expect(classifyAwsError(timeout)).toBe('unreachable');
    const wrapped = Object.assign(new Error('socket hang up'), {
      cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
    });
    expect(classifyAwsError(wrapped)).toBe('unreachable');
  });

  it('maps anything else to unknown with the error name', () => {
    const fact = factFromError(s3Error('InternalError', 500, 'We encountered an internal error.'), policyCall);
    expect(fact).toMatchObject({ state: 'unknown', reason: expect.stringContaining('InternalError') });
  });

  it('reads the bucket Region from a HEAD error and names HEAD errors by status', () => {
    expect(bucketRegionFromError(head403('eu-west-1'))).toBe('eu-west-1');
    expect(bucketRegionFromError(accessDenied())).toBeUndefined();
    expect(errorName(head403())).toBe('403');
  });
});
