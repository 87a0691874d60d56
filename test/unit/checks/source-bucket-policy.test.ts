import { describe, expect, it } from 'vitest';
import { sourceBucketPolicyCheck } from '../../../lambdas/checks/rules/source-bucket-policy.js';
import { policyFacts, put, ROLE_ARN, SRC, src, subject } from '../../fixtures/facts/healthy.js';

function withPolicy(statements: unknown[]) {
  return policyFacts(undefined, (f) =>
    put(f, src('policy'), { state: 'ok', value: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }),
  );
}

describe('source-bucket-policy', () => {
  it('passes when the bucket has no policy (same account: none is needed)', () => {
    const r = sourceBucketPolicyCheck.evaluate(subject(), policyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('has no bucket policy (NoSuchBucketPolicy)');
  });

  it('passes with a TLS-only policy: replication runs over TLS', () => {
    const r = sourceBucketPolicyCheck.evaluate(
      subject(),
      withPolicy([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${SRC}`, `arn:aws:s3:::${SRC}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    );
    expect(r.status).toBe('pass');
  });

  it('fails on an explicit Deny of the role, naming the Sid', () => {
    const r = sourceBucketPolicyCheck.evaluate(
      subject(),
      withPolicy([
        {
          Sid: 'NoReplicationReads',
          Effect: 'Deny',
          Principal: { AWS: ROLE_ARN },
          Action: 's3:GetObjectVersion*',
          Resource: `arn:aws:s3:::${SRC}/*`,
        },
      ]),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(`The bucket policy of ${SRC} explicitly denies the replication role`);
    expect(r.summary).toContain('(Sid NoReplicationReads)');
    expect(r.evidence).toContainEqual(
      expect.objectContaining({ policy: `bucket policy of ${SRC}`, sid: 'NoReplicationReads' }),
    );
  });

  it('is unknown when a deny depends on something S3 requests do not tell (a VPC endpoint)', () => {
    const r = sourceBucketPolicyCheck.evaluate(
      subject(),
      withPolicy([
        {
          Sid: 'OnlyFromVpce',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: `arn:aws:s3:::${SRC}/*`,
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1234' } },
        },
      ]),
    );
    expect(r.status).toBe('unknown');
    expect(r.summary).toContain('undecided');
  });

  it('is unknown, naming the permission, when the policy cannot be read', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, src('policy'), { state: 'unknown', reason: 'denied', missingPermission: 's3:GetBucketPolicy' }),
    );
    expect(sourceBucketPolicyCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 's3:GetBucketPolicy',
    });
  });
});
