import { describe, expect, it } from 'vitest';
import { destinationBucketCheck } from '../../../lambdas/checks/rules/destination-bucket.js';
import { DST, dst, healthyFacts, put, SRC, subject } from '../../fixtures/facts/healthy.js';

describe('destination-bucket', () => {
  it('passes when the destination exists, naming its Region and cross-Region replication', () => {
    const r = destinationBucketCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('exists in eu-west-1 (cross-Region from us-east-1)');
  });

  it('fails with DstBucketNotFound semantics when the destination does not exist', () => {
    const facts = put(healthyFacts(), dst('location'), { state: 'absent', code: 'NoSuchBucket' });
    const r = destinationBucketCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.fix?.join('\n')).toContain(`aws s3api create-bucket --bucket ${DST}`);
  });

  it('still passes for a bucket in another account that answers 403, and says so', () => {
    const facts = put(healthyFacts(), dst('location'), {
      state: 'ok',
      value: { region: 'eu-west-1', accessible: false },
    });
    const r = destinationBucketCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('another account');
  });

  it('fails when the destination is the source bucket', () => {
    const r = destinationBucketCheck.evaluate(subject({ destinationBucket: SRC }), healthyFacts());
    expect(r.status).toBe('fail');
  });
});
