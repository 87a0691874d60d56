import { describe, expect, it } from 'vitest';
import { destinationBucketPolicyCheck } from '../../../lambdas/checks/rules/destination-bucket-policy.js';
import {
  DST,
  DST_ACCOUNT,
  dst,
  policyFacts,
  put,
  ROLE_ARN,
  rule,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

const crossAccount = (f: Parameters<typeof put>[0]) =>
  withRule({ Destination: { ...rule().Destination, Account: DST_ACCOUNT } }, f);

function grant(actions: string[], resource = `arn:aws:s3:::${DST}/*`, sid = 'Replication') {
  return { Sid: sid, Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: actions, Resource: resource };
}

function crossAccountWith(statements: unknown[]) {
  return policyFacts(undefined, (f) => {
    crossAccount(f);
    put(f, dst('policy'), { state: 'ok', value: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
  });
}

describe('destination-bucket-policy', () => {
  it('passes across accounts when the policy grants the role, naming the Sid', () => {
    const r = destinationBucketPolicyCheck.evaluate(
      subject(),
      crossAccountWith([
        grant(['s3:ReplicateObject', 's3:ReplicateTags']),
        grant(['s3:GetBucketVersioning', 's3:PutBucketVersioning'], `arn:aws:s3:::${DST}`, 'Versioning'),
      ]),
    );
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('(Sid Replication)');
  });

  it('fails across accounts when the policy does not grant the role, printing the statements to add', () => {
    const r = destinationBucketPolicyCheck.evaluate(subject(), crossAccountWith([grant(['s3:ReplicateObject'])]));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('does not grant the replication role s3:ReplicateTags');
    expect(r.summary).toContain(`is in another account (${DST_ACCOUNT})`);
    expect(r.fix?.[0]).toContain(`Add to the bucket policy of ${DST} (account ${DST_ACCOUNT})`);
    expect(JSON.parse(`[${r.fix?.[1]}]`)[0]).toEqual({
      Sid: 'AllowReplicationRoleObjects',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 's3:ReplicateTags',
      Resource: `arn:aws:s3:::${DST}/*`,
    });
    expect(r.findingTerms).toContain('does not grant');
  });

  it('warns across accounts when only the versioning grants AWS documents are missing', () => {
    const r = destinationBucketPolicyCheck.evaluate(
      subject(),
      crossAccountWith([grant(['s3:ReplicateObject', 's3:ReplicateTags'])]),
    );
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('s3:GetBucketVersioning, s3:PutBucketVersioning');
  });

  it('is unknown across accounts when S3 answers 405, and prints what the policy must contain', () => {
    const facts = policyFacts(undefined, (f) => {
      crossAccount(f);
      put(f, dst('policy'), {
        state: 'unknown',
        reason: 'S3 answers GetBucketPolicy only to the bucket owner (405 MethodNotAllowed)',
        missingPermission: 's3:GetBucketPolicy',
      });
    });
    const r = destinationBucketPolicyCheck.evaluate(subject(), facts);
    expect(r).toMatchObject({ status: 'unknown', missingPermission: 's3:GetBucketPolicy' });
    expect(r.fix?.[1]).toContain('"s3:ReplicateObject"');
    expect(r.fix?.[1]).toContain('"s3:PutBucketVersioning"');
  });

  it('passes in the same account without a bucket policy', () => {
    expect(destinationBucketPolicyCheck.evaluate(subject(), policyFacts()).status).toBe('pass');
  });
});
