import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  conditionsHold,
  principalMatches,
  trustStatements,
  wildcardMatch,
} from '../../../lambdas/checks/trust-policy.js';

describe('trust policy reading', () => {
  it('reads a single statement object and numbers statements without Sid', () => {
    const [st] =
      trustStatements(
        '{"Statement":{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}}',
      ) ?? [];
    expect(st?.sid).toBe('#1');
    expect(st && principalMatches(st, 's3.amazonaws.com')).toBe(true);
    expect(st && actionMatches(st, 'sts:AssumeRole')).toBe(true);
  });

  it('matches wildcards in actions case-insensitively, and NotAction', () => {
    expect(wildcardMatch('STS:Assume*', 'sts:AssumeRole', true)).toBe(true);
    const [st] =
      trustStatements('{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":"sts:TagSession"}]}') ?? [];
    expect(st && actionMatches(st, 'sts:AssumeRole')).toBe(true);
  });

  it('evaluates SourceAccount/SourceArn conditions, including negated ones, and leaves others undecided', () => {
    const [st] =
      trustStatements(
        JSON.stringify({
          Statement: [{ Effect: 'Allow', Condition: { StringNotEquals: { 'aws:SourceAccount': '111111111111' } } }],
        }),
      ) ?? [];
    expect(st && conditionsHold(st, { service: 's', sourceAccount: '111111111111' }).kind).toBe('no');
    expect(st && conditionsHold(st, { service: 's' }).kind).toBe('maybe');
  });

  it('returns undefined for text that is not a policy', () => {
    expect(trustStatements('not json')).toBeUndefined();
    expect(trustStatements('{}')).toBeUndefined();
  });
});

describe('trust policy ArnEquals', () => {
  it('matches wildcards in ArnEquals like ArnLike, as IAM does', () => {
    const [st] =
      trustStatements(
        JSON.stringify({
          Statement: [{ Effect: 'Allow', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::src-*' } } }],
        }),
      ) ?? [];
    expect(st && conditionsHold(st, { service: 's', sourceArn: 'arn:aws:s3:::src-bucket' }).kind).toBe('yes');
    expect(st && conditionsHold(st, { service: 's', sourceArn: 'arn:aws:s3:::other' }).kind).toBe('no');
  });
});
