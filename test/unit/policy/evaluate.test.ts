import { describe, expect, it } from 'vitest';
import { evaluatePolicies, evaluatePolicy, type Statement } from '../../../lambdas/core/policy/index.js';
import { DEST_BUCKET, policy, request } from './fixtures.js';

const allowReplicate: Statement = {
  Sid: 'Replicate',
  Effect: 'Allow',
  Action: 's3:Replicate*',
  Resource: `${DEST_BUCKET}/*`,
};
const unknownKeys = { unknownKeys: 'unknown' as const };

describe('evaluatePolicy', () => {
  it('lets an explicit deny override an allow', () => {
    // "An explicit deny in any of the policies overrides the allow." (reference_policies_evaluation-logic_policy-eval-basics.html)
    const doc = policy(allowReplicate, {
      Sid: 'NoReplicas',
      Effect: 'Deny',
      Action: 's3:ReplicateObject',
      Resource: '*',
    });

    const result = evaluatePolicy(doc, 'role-policy', request());

    expect(result.decision).toBe('deny');
    expect(result.deniedBy.map((m) => m.sid)).toEqual(['NoReplicas']);
    expect(result.allowedBy.map((m) => m.sid)).toEqual(['Replicate']);
  });

  it('denies implicitly when nothing applies', () => {
    const result = evaluatePolicy(policy(allowReplicate), 'role-policy', request({ action: 's3:PutObject' }));

    expect(result).toEqual({
      decision: 'implicit-deny',
      allowedBy: [],
      deniedBy: [],
      undecided: [],
      ignored: [],
      possibleOutcomes: ['implicit-deny'],
    });
  });

  it('is unknown when an undecided Deny is the only thing that could deny an allowed request', () => {
    const doc = policy(allowReplicate, {
      Sid: 'OnlyFromVpce',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    });

    const result = evaluatePolicy(doc, 'bucket-policy', request(unknownKeys));

    expect(result.decision).toBe('unknown');
    expect(result.possibleOutcomes).toEqual(['deny', 'allow']);
    expect(result.undecided.map((m) => m.sid)).toEqual(['OnlyFromVpce']);
  });

  it('allows when an undecided Allow sits beside an Allow that certainly applies', () => {
    const doc = policy(
      {
        Sid: 'FromOffice',
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      },
      allowReplicate,
    );

    const result = evaluatePolicy(doc, 'p', request(unknownKeys));

    expect(result.decision).toBe('allow');
    expect(result.undecided.map((m) => m.sid)).toEqual(['FromOffice']);
  });

  it('is unknown between allow and implicit deny when only an undecided Allow could grant', () => {
    const doc = policy({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });

    expect(evaluatePolicy(doc, 'p', request(unknownKeys)).possibleOutcomes).toEqual(['allow', 'implicit-deny']);
  });

  it('denies when a Deny certainly applies, whatever the undecided statements', () => {
    const doc = policy(
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
      { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:Replicate*', Resource: '*' },
    );

    expect(evaluatePolicy(doc, 'p', request(unknownKeys)).decision).toBe('deny');
  });

  it('evaluates the same-account example from the evaluation-logic page as allowed by the identity policy', () => {
    // reference_policies_evaluation-logic_policy-eval-basics.html, "Example identity-based and resource-based policy evaluation".
    const carlosPolicy = policy({
      Sid: 'AllowS3ListRead',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'],
      Resource: 'arn:aws:s3:::*',
    });
    const ctx = request({
      principal: { arn: 'arn:aws:iam::123456789012:user/carlossalazar', accountId: '123456789012' },
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/a',
    });

    expect(evaluatePolicy(carlosPolicy, 'carlos', ctx).decision).toBe('implicit-deny');
    expect(evaluatePolicy(carlosPolicy, 'carlos', { ...ctx, action: 's3:GetObject' }).decision).toBe('allow');
  });
});

describe('evaluatePolicies', () => {
  it("evaluates a role's policies as one set and names each matching policy", () => {
    const result = evaluatePolicies(
      [
        { name: 'inline/replication', policy: policy(allowReplicate) },
        {
          name: 'arn:aws:iam::111122223333:policy/guard',
          policy: JSON.stringify(policy({ Sid: 'Guard', Effect: 'Deny', Action: 's3:ReplicateDelete', Resource: '*' })),
        },
      ],
      request({ action: 's3:ReplicateDelete' }),
    );

    expect(result.decision).toBe('deny');
    expect(result.deniedBy.map((m) => m.policyName)).toEqual(['arn:aws:iam::111122223333:policy/guard']);
    expect(result.allowedBy.map((m) => m.policyName)).toEqual(['inline/replication']);
  });
});
