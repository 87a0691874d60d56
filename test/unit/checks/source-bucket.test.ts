import { describe, expect, it } from 'vitest';
import { sourceBucketCheck } from '../../../lambdas/checks/rules/source-bucket.js';
import { healthyFacts, put, SRC, src, subject } from '../../fixtures/facts/healthy.js';

describe('source-bucket', () => {
  it('passes when the source bucket exists in the event Region', () => {
    const r = sourceBucketCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.evidence).toContainEqual({ source: 'HeadBucket', field: 'BucketRegion', value: 'us-east-1' });
  });

  it('fails when the source bucket is gone', () => {
    const facts = put(healthyFacts(), src('location'), { state: 'absent', code: 'NoSuchBucket' });
    const r = sourceBucketCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(`${SRC} does not exist (NoSuchBucket)`);
  });

  it('fails when the bucket is in another Region than the event (SrcBucketInvalidRegion)', () => {
    const r = sourceBucketCheck.evaluate(subject({ sourceRegion: 'us-west-2' }), healthyFacts());
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('is in us-east-1, not in us-west-2');
  });

  it('is unknown, naming the permission, when HeadBucket is denied', () => {
    const facts = put(healthyFacts(), src('location'), {
      state: 'unknown',
      reason: 'denied',
      missingPermission: 's3:ListBucket',
    });
    const r = sourceBucketCheck.evaluate(subject(), facts);
    expect(r).toMatchObject({ status: 'unknown', missingPermission: 's3:ListBucket' });
  });

  it('asks only for the source location', () => {
    expect(sourceBucketCheck.needs(subject())).toEqual([src('location')]);
  });
});
