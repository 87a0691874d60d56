import { describe, expect, it } from 'vitest';
import { evaluatePolicy, evaluateResourcePolicy, matchWildcard } from '../../../lambdas/core/policy/index.js';
import { DEST_BUCKET, DEST_KEY_ARN, policy, request } from './fixtures.js';

describe('Action matching', () => {
  it('is case-insensitive and supports * wildcards', () => {
    const doc = policy({ Effect: 'Allow', Action: 'S3:Replicate*', Resource: '*' });

    expect(evaluatePolicy(doc, 'p', request({ action: 's3:replicateobject' })).decision).toBe('allow');
    expect(evaluatePolicy(doc, 'p', request({ action: 's3:PutObject' })).decision).toBe('implicit-deny');
  });

  it('treats ? as exactly one character', () => {
    expect(matchWildcard('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(matchWildcard('s3:Get?bject', 's3:GetObbject')).toBe(false);
    expect(matchWildcard('*', '')).toBe(true);
  });

  it('applies NotAction to every action except those listed', () => {
    // A Deny with NotAction denies everything else: reference_policies_elements_notaction.html
    const doc = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      {
        Sid: 'OnlyReplication',
        Effect: 'Deny',
        NotAction: ['s3:Replicate*', 's3:ObjectOwnerOverrideToBucketOwner'],
        Resource: '*',
      },
    );

    expect(evaluatePolicy(doc, 'p', request({ action: 's3:ReplicateTags' })).decision).toBe('allow');
    const denied = evaluatePolicy(doc, 'p', request({ action: 's3:PutObject' }));
    expect(denied.decision).toBe('deny');
    expect(denied.deniedBy).toEqual([{ policyName: 'p', sid: 'OnlyReplication', index: 1, effect: 'Deny' }]);
  });
});

describe('Resource matching', () => {
  it('is case-sensitive', () => {
    const doc = policy({ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::DST-BUCKET/*' });

    expect(evaluatePolicy(doc, 'p', request()).decision).toBe('implicit-deny');
  });

  it('lets the resource part of an ARN span colons and slashes (object keys may contain both)', () => {
    const doc = policy({ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: `${DEST_BUCKET}/*` });

    expect(evaluatePolicy(doc, 'p', request({ resource: `${DEST_BUCKET}/a:b/c` })).decision).toBe('allow');
    expect(evaluatePolicy(doc, 'p', request({ resource: DEST_BUCKET })).decision).toBe('implicit-deny');
  });

  it('matches ARN parts separately, so * does not cross a colon before the resource part', () => {
    // Doc example (condition operators, ARN section): StringLike matches, ArnLike does not.
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    const doc = (operator: string) =>
      policy({
        Effect: 'Allow',
        Action: 'someservice:Get',
        Resource: '*',
        Condition: { [operator]: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } },
      });
    const ctx = request({ action: 'someservice:Get', conditionKeys: { 'aws:SourceArn': value } });

    expect(evaluatePolicy(doc('StringLike'), 'p', ctx).decision).toBe('allow');
    expect(evaluatePolicy(doc('ArnLike'), 'p', ctx).decision).toBe('implicit-deny');
  });

  it('applies NotResource to every resource except those listed', () => {
    const doc = policy({ Effect: 'Deny', Action: 's3:*', NotResource: [DEST_BUCKET, `${DEST_BUCKET}/*`] });

    expect(evaluatePolicy(doc, 'p', request()).decision).toBe('implicit-deny');
    expect(evaluatePolicy(doc, 'p', request({ resource: 'arn:aws:s3:::other/x' })).decision).toBe('deny');
  });

  it('requires Resource in identity policies but reads an omitted Resource as "this resource" in resource policies', () => {
    const doc = policy({ Effect: 'Allow', Principal: '*', Action: 's3:ReplicateObject' });

    expect(evaluatePolicy(doc, 'identity', request()).decision).toBe('implicit-deny');
    expect(evaluateResourcePolicy(doc, 'bucket policy', request()).decision).toBe('allow');
  });

  it('reads "Resource": "*" in a key policy as the key itself', () => {
    const keyPolicy = policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'kms:*', Resource: '*' });

    const result = evaluateResourcePolicy(
      keyPolicy,
      'key policy',
      request({ action: 'kms:Encrypt', resource: DEST_KEY_ARN }),
    );

    expect(result.decision).toBe('allow');
    expect(result.allowedBy[0]?.principalMatch).toBe('account');
  });
});
