import { describe, expect, it } from 'vitest';
import { roleTrustCheck } from '../../../lambdas/checks/rules/role-trust.js';
import { healthyFacts, put, ROLE_ARN, role, SRC, SRC_ACCOUNT, subject } from '../../fixtures/facts/healthy.js';

function withTrust(statements: unknown[]) {
  const trustPolicy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  return put(healthyFacts(), role, { state: 'ok', value: { Arn: ROLE_ARN, RoleName: 's3-replication', trustPolicy } });
}

describe('role-trust', () => {
  it('passes and names the Sid when s3.amazonaws.com may assume the role', () => {
    const r = roleTrustCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ sid: 'S3Assume', policy: 'trust policy of s3-replication' });
  });

  it('fails when the role trusts another service', () => {
    const r = roleTrustCheck.evaluate(
      subject(),
      withTrust([
        { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('it trusts: ec2.amazonaws.com (Ec2)');
    expect(r.fix?.[0]).toContain('aws iam update-assume-role-policy --role-name s3-replication');
  });

  it('fails on an explicit Deny for S3, naming it', () => {
    const r = roleTrustCheck.evaluate(
      subject(),
      withTrust([
        { Sid: 'Allow', Effect: 'Allow', Principal: { Service: ['s3.amazonaws.com'] }, Action: 'sts:AssumeRole' },
        { Sid: 'NoS3', Effect: 'Deny', Principal: '*', Action: 'sts:*' },
      ]),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('statement NoS3');
  });

  it('passes when a SourceAccount condition matches the source account', () => {
    const r = roleTrustCheck.evaluate(
      subject(),
      withTrust([
        {
          Sid: 'Scoped',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': SRC_ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${SRC}` },
          },
        },
      ]),
    );
    expect(r.status).toBe('pass');
  });

  it('fails when a condition excludes the source account', () => {
    const r = roleTrustCheck.evaluate(
      subject(),
      withTrust([
        {
          Sid: 'Wrong',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } },
        },
      ]),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Wrong');
  });

  it('is unknown under a condition it cannot evaluate', () => {
    const r = roleTrustCheck.evaluate(
      subject(),
      withTrust([
        {
          Sid: 'Ext',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
        },
      ]),
    );
    expect(r.status).toBe('unknown');
  });

  it('is skipped when the role does not exist (role-exists reports it)', () => {
    expect(
      roleTrustCheck.evaluate(subject(), put(healthyFacts(), role, { state: 'absent', code: 'NoSuchEntity' })).status,
    ).toBe('skipped');
  });
});
