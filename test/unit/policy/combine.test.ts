import { describe, expect, it } from 'vitest';
import {
  combineDecisions,
  evaluatePolicy,
  evaluateResourcePolicy,
  type RequestContext,
  type Statement,
} from '../../../lambdas/core/policy/index.js';
import {
  allowRoleReplicate,
  DEST_ACCOUNT,
  DEST_KEY_ARN,
  policy,
  ROLE_ARN,
  request,
  SOURCE_ACCOUNT,
} from './fixtures.js';

const identityAllows = evaluatePolicy(
  policy({
    Sid: 'RoleReplicates',
    Effect: 'Allow',
    Action: ['s3:Replicate*', 'kms:Encrypt', 'kms:GenerateDataKey'],
    Resource: '*',
  }),
  'repl-role-policy',
  request(),
);
const identitySilent = evaluatePolicy(
  policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
  'repl-role-policy',
  request(),
);
const bucketAllows = evaluateResourcePolicy(policy(allowRoleReplicate), 'bucket policy of dst-bucket', request());
const bucketSilent = evaluateResourcePolicy(
  policy({ ...allowRoleReplicate, Action: 's3:GetObject' }),
  'bucket policy of dst-bucket',
  request(),
);

const kmsRequest: RequestContext = request({ action: 'kms:Encrypt', resource: DEST_KEY_ARN });
// The default key policy statement (key-policy-default.html, "Allows access to the AWS account and enables IAM policies").
const enableIam: Statement = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};
const keyPolicyRootOnly = evaluateResourcePolicy(policy(enableIam), 'key policy', kmsRequest);
const keyPolicyNamesRole = evaluateResourcePolicy(
  policy({
    Sid: 'AllowReplicationRole',
    Effect: 'Allow',
    Principal: { AWS: ROLE_ARN },
    Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
    Resource: '*',
  }),
  'key policy',
  kmsRequest,
);

describe('combineDecisions for S3 in one account', () => {
  it('allows when the identity policy allows and there is no bucket policy', () => {
    const result = combineDecisions({
      sameAccount: true,
      service: 's3',
      identity: identityAllows,
      resource: 'implicit-deny',
    });

    expect(result.decision).toBe('allow');
    expect(result.reason).toBe(
      'same account: the identity-based policies allow it (repl-role-policy (Sid RoleReplicates))',
    );
  });

  it('allows when only the bucket policy names the principal', () => {
    const result = combineDecisions({
      sameAccount: true,
      service: 's3',
      identity: identitySilent,
      resource: bucketAllows,
    });

    expect(result.decision).toBe('allow');
    expect(result.evidence.map((m) => m.sid)).toEqual(['AllowReplication']);
  });

  it('denies implicitly when neither side allows', () => {
    const result = combineDecisions({
      sameAccount: true,
      service: 's3',
      identity: identitySilent,
      resource: bucketSilent,
    });

    expect(result).toMatchObject({
      decision: 'implicit-deny',
      reason: 'same account: neither the identity-based policies nor the bucket policy allow it',
    });
  });
});

describe('combineDecisions across accounts', () => {
  it('needs both sides: a bucket policy grant alone is not enough', () => {
    const result = combineDecisions({
      sameAccount: false,
      service: 's3',
      identity: identitySilent,
      resource: bucketAllows,
    });

    expect(result.decision).toBe('implicit-deny');
    expect(result.reason).toBe(
      'cross-account requests need both the identity-based policies and the bucket policy to allow them: the identity-based policies do not allow it',
    );
  });

  it('needs both sides: an identity grant alone is not enough', () => {
    const result = combineDecisions({
      sameAccount: false,
      service: 's3',
      identity: identityAllows,
      resource: bucketSilent,
      resourceLabel: 'the destination bucket policy',
    });

    expect(result.decision).toBe('implicit-deny');
    expect(result.reason).toMatch(/the destination bucket policy allows neither the principal nor its account$/);
  });

  it('allows when both sides allow', () => {
    const result = combineDecisions({
      sameAccount: false,
      service: 's3',
      identity: identityAllows,
      resource: bucketAllows,
    });

    expect(result.decision).toBe('allow');
    expect(result.evidence.map((m) => m.policyName)).toEqual(['repl-role-policy', 'bucket policy of dst-bucket']);
  });

  it("is unknown, not guessed, when the other account's bucket policy cannot be read", () => {
    const result = combineDecisions({
      sameAccount: false,
      service: 's3',
      identity: identityAllows,
      resource: 'unreadable',
    });

    expect(result.decision).toBe('unknown');
    expect(result.possibleOutcomes).toEqual(['allow', 'deny', 'implicit-deny']);
    expect(result.reason).toBe(
      'cannot decide (could be allow or deny or implicit-deny): the bucket policy could not be read',
    );
  });

  it('is an implicit deny even with an unreadable bucket policy when the identity side does not allow', () => {
    const result = combineDecisions({
      sameAccount: false,
      service: 's3',
      identity: identitySilent,
      resource: 'unreadable',
    });

    expect(result.possibleOutcomes).toEqual(['deny', 'implicit-deny']);
  });

  it('accepts an account-only grant from the resource side (account delegation)', () => {
    const result = combineDecisions({
      sameAccount: false,
      service: 's3',
      identity: 'allow',
      resource: 'allow',
      resourceGrantsAccountOnly: true,
    });

    expect(result.decision).toBe('allow');
    expect(result.reason).toBe(
      "cross-account: the identity-based policies allow it and the bucket policy grants the principal's account",
    );
  });
});

describe('combineDecisions for KMS', () => {
  it('with a key policy that names only the account root, needs the identity policy too (same account)', () => {
    expect(
      combineDecisions({ sameAccount: true, service: 'kms', identity: identityAllows, resource: keyPolicyRootOnly })
        .decision,
    ).toBe('allow');

    const result = combineDecisions({
      sameAccount: true,
      service: 'kms',
      identity: identitySilent,
      resource: keyPolicyRootOnly,
    });
    expect(result.decision).toBe('implicit-deny');
    expect(result.reason).toBe(
      'the key policy only enables IAM policies for the account (key policy (Sid Enable IAM User Permissions)), and the identity-based policies do not allow it',
    );
  });

  it('allows a principal the key policy names, with no IAM policy, in the same account', () => {
    const result = combineDecisions({
      sameAccount: true,
      service: 'kms',
      identity: identitySilent,
      resource: keyPolicyNamesRole,
    });

    expect(result.decision).toBe('allow');
    expect(result.reason).toBe(
      'same account: the key policy allows the principal (key policy (Sid AllowReplicationRole))',
    );
  });

  it('never lets IAM policies alone grant access to a key whose policy does not allow it', () => {
    const keyPolicyOtherRole = evaluateResourcePolicy(
      policy({ ...enableIam, Principal: { AWS: `arn:aws:iam::${DEST_ACCOUNT}:root` } }),
      'key policy',
      kmsRequest,
    );

    const result = combineDecisions({
      sameAccount: true,
      service: 'kms',
      identity: identityAllows,
      resource: keyPolicyOtherRole,
    });

    expect(result.decision).toBe('implicit-deny');
    expect(result.reason).toMatch(/IAM policies alone cannot grant access to a KMS key/);
  });

  it('needs the identity policy across accounts even when the key policy names the role', () => {
    expect(
      combineDecisions({ sameAccount: false, service: 'kms', identity: identitySilent, resource: keyPolicyNamesRole })
        .decision,
    ).toBe('implicit-deny');
    expect(
      combineDecisions({ sameAccount: false, service: 'kms', identity: identityAllows, resource: keyPolicyNamesRole })
        .decision,
    ).toBe('allow');
  });

  it('across accounts, accepts a key policy that names the external account, when its IAM policy allows', () => {
    // key-policy-modifying-external-accounts.html: the key policy grants the external account, whose IAM policies delegate.
    const result = combineDecisions({
      sameAccount: false,
      service: 'kms',
      identity: identityAllows,
      resource: keyPolicyRootOnly,
    });

    expect(result.decision).toBe('allow');
    expect(result.reason).toMatch(/the key policy grants the principal's account/);
  });

  it("across accounts, denies when the key policy only enables the key owner's own IAM policies", () => {
    const ownerOnly = evaluateResourcePolicy(
      policy({ ...enableIam, Principal: { AWS: `arn:aws:iam::${DEST_ACCOUNT}:root` } }),
      'key policy',
      kmsRequest,
    );

    expect(
      combineDecisions({ sameAccount: false, service: 'kms', identity: identityAllows, resource: ownerOnly }).decision,
    ).toBe('implicit-deny');
  });
});

describe('combineDecisions with explicit denies and guardrails', () => {
  it('lets a bucket policy deny win over an identity allow and cites it', () => {
    const bucketDenies = evaluateResourcePolicy(
      policy(allowRoleReplicate, {
        Sid: 'DenyUnencrypted',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:ReplicateObject',
        Resource: '*',
      }),
      'bucket policy of dst-bucket',
      request(),
    );

    const result = combineDecisions({
      sameAccount: true,
      service: 's3',
      identity: identityAllows,
      resource: bucketDenies,
    });

    expect(result.decision).toBe('deny');
    expect(result.reason).toBe(
      'explicitly denied by the bucket policy (bucket policy of dst-bucket (Sid DenyUnencrypted))',
    );
  });

  it('denies even when the identity side is undecided', () => {
    expect(
      combineDecisions({ sameAccount: false, service: 's3', identity: 'unknown', resource: 'deny' }).decision,
    ).toBe('deny');
  });

  it('is unknown when an undecided identity Deny could still block a bucket-policy grant', () => {
    const identity = evaluatePolicy(
      policy({
        Sid: 'OnlyInVpc',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
      }),
      'guard',
      request({ unknownKeys: 'unknown' }),
    );

    const result = combineDecisions({ sameAccount: true, service: 's3', identity, resource: bucketAllows });

    expect(result.decision).toBe('unknown');
    expect(result.reason).toBe(
      'cannot decide (could be allow or deny): guard (Sid OnlyInVpc) is undecided: StringNotEquals on aws:SourceVpc: the value of aws:SourceVpc is unknown for this request',
    );
  });

  it('requires every guardrail (permissions boundary, SCP) to allow as well', () => {
    const base = {
      sameAccount: true,
      service: 's3' as const,
      identity: identityAllows,
      resource: 'implicit-deny' as const,
    };

    const blocked = combineDecisions({
      ...base,
      guardrails: [{ name: 'permissions boundary Boundary', evaluation: 'implicit-deny' }],
    });
    expect(blocked).toMatchObject({
      decision: 'implicit-deny',
      reason: 'not allowed by permissions boundary Boundary',
    });

    expect(combineDecisions({ ...base, guardrails: [{ name: 'SCP p-1', evaluation: 'deny' }] }).decision).toBe('deny');
    expect(combineDecisions({ ...base, guardrails: [{ name: 'SCP p-1', evaluation: 'allow' }] }).decision).toBe(
      'allow',
    );
  });
});
