import { describe, expect, it } from 'vitest';
import {
  evaluateResourcePolicy,
  MalformedPolicyError,
  renderStatements,
  statementsToGrant,
} from '../../../lambdas/core/policy/index.js';
import { DEST_BUCKET, DEST_KEY_ARN, policy, ROLE_ARN, request, SESSION_ARN } from './fixtures.js';

describe('statementsToGrant', () => {
  it('renders the cross-account destination bucket policy statements for the replication role', () => {
    // The statements of setting-repl-config-perm-overview.html ("Granting permissions when the source and destination
    // buckets are owned by different AWS accounts").
    const statements = statementsToGrant({
      policyKind: 'bucket-policy',
      principalArn: ROLE_ARN,
      grants: [
        {
          sid: 'ReplicateObjects',
          actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          resources: [`${DEST_BUCKET}/*`],
        },
        {
          sid: 'BucketVersioning',
          actions: ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'],
          resources: [DEST_BUCKET],
        },
      ],
    });

    expect(statements).toEqual([
      {
        Sid: 'ReplicateObjects',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: `${DEST_BUCKET}/*`,
      },
      {
        Sid: 'BucketVersioning',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'],
        Resource: DEST_BUCKET,
      },
    ]);
    const allowed = evaluateResourcePolicy(
      policy(...statements),
      'bucket policy',
      request({ action: 's3:ReplicateTags' }),
    );
    expect(allowed.decision).toBe('allow');
  });

  it('writes "Resource": "*" in a key policy and keeps the conditions', () => {
    const condition = {
      StringLike: {
        'kms:ViaService': 's3.us-east-1.amazonaws.com',
        'kms:EncryptionContext:aws:s3:arn': `${DEST_BUCKET}/*`,
      },
    };

    const [statement] = statementsToGrant({
      policyKind: 'key-policy',
      principalArn: ROLE_ARN,
      grants: [{ actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Encrypt'], resources: [DEST_BUCKET], condition }],
    });

    expect(statement).toEqual({
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: condition,
    });
  });

  it('names the role, not one of its sessions', () => {
    const [statement] = statementsToGrant({
      policyKind: 'key-policy',
      principalArn: SESSION_ARN,
      grants: [{ actions: ['kms:Decrypt'] }],
    });

    expect(statement?.Principal).toEqual({ AWS: ROLE_ARN });
  });

  it('rejects a malformed action, resource or principal with a typed error', () => {
    const bad = (principalArn: string, action: string, resource: string) => () =>
      statementsToGrant({
        policyKind: 'bucket-policy',
        principalArn,
        grants: [{ actions: [action], resources: [resource] }],
      });

    expect(bad(ROLE_ARN, 'ReplicateObject', DEST_BUCKET)).toThrow(MalformedPolicyError);
    expect(bad(ROLE_ARN, 's3:ReplicateObject', 'dst-bucket')).toThrow(/grants\[0\]\.resources/);
    expect(bad('repl-role', 's3:ReplicateObject', DEST_BUCKET)).toThrow(/principalArn/);
  });

  it('renders pasteable JSON', () => {
    const text = renderStatements(
      statementsToGrant({ policyKind: 'key-policy', principalArn: ROLE_ARN, grants: [{ actions: ['kms:Encrypt'] }] }),
    );

    expect(JSON.parse(`[${text}]`)).toEqual([
      { Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'kms:Encrypt', Resource: '*' },
    ]);
    expect(
      evaluateResourcePolicy(
        policy(...JSON.parse(`[${text}]`)),
        'key policy',
        request({ action: 'kms:Encrypt', resource: DEST_KEY_ARN }),
      ).decision,
    ).toBe('allow');
  });
});
