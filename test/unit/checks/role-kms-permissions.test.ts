import { describe, expect, it } from 'vitest';
import { roleKmsPermissionsCheck } from '../../../lambdas/checks/rules/role-kms-permissions.js';
import {
  DST,
  DST_KEY_ARN,
  dst,
  head,
  KEY,
  policyFacts,
  put,
  rule,
  SRC,
  SRC_KEY_ARN,
  simulated,
  subject,
  VERSION,
  withRule,
} from '../../fixtures/facts/healthy.js';

describe('role-kms-permissions', () => {
  it('passes when the role may decrypt with the source key and encrypt with the replica key', () => {
    const r = roleKmsPermissionsCheck.evaluate(subject(), policyFacts());
    expect(r.status).toBe('pass');
    expect(r.evidence).toContainEqual(expect.objectContaining({ field: `kms:Decrypt on ${SRC_KEY_ARN}`, sid: 'Keys' }));
    expect(r.evidence).toContainEqual(expect.objectContaining({ field: `kms:GenerateDataKey on ${DST_KEY_ARN}` }));
  });

  it('fails with the Bucket Key hint when kms:Decrypt is not allowed for the bucket ARN context', () => {
    const facts = policyFacts((action) =>
      action === 'kms:Decrypt' ? simulated(action, 'implicitDeny') : simulated(action, 'allowed', { sid: 'Keys' }),
    );
    const r = roleKmsPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('S3 Bucket Key is on: the encryption context is the bucket ARN, not bucket/*');
    expect(r.fix?.[0]).toContain(`"kms:EncryptionContext:aws:s3:arn":["arn:aws:s3:::${SRC}","arn:aws:s3:::${SRC}/*"]`);
    expect(r.fix?.[0]).toContain('"kms:ViaService":"s3.us-east-1.amazonaws.com"');
  });

  it('uses the object ARN as encryption context without a Bucket Key', () => {
    const facts = policyFacts(
      (action) =>
        action === 'kms:Decrypt' ? simulated(action, 'implicitDeny') : simulated(action, 'allowed', { sid: 'Keys' }),
      (f) =>
        put(f, head, {
          state: 'ok',
          value: {
            VersionId: VERSION,
            ReplicationStatus: 'FAILED',
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: SRC_KEY_ARN,
          },
        }),
    );
    const r = roleKmsPermissionsCheck.evaluate(subject(), facts);
    expect(r.fix?.[0]).toContain(`"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::${SRC}/*"`);
    expect(r.summary).not.toContain('Bucket Key');
    expect(r.summary).toContain(`kms:Decrypt on ${SRC_KEY_ARN}`);
    expect(KEY).toBeTruthy();
  });

  it('asks for kms:Decrypt on the replica key when the destination uses a Bucket Key', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, dst('encryption'), {
        state: 'ok',
        value: { Rules: [{ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: DST_KEY_ARN, BucketKeyEnabled: true }] },
      }),
    );
    const r = roleKmsPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.evidence).toContainEqual(expect.objectContaining({ field: `kms:Decrypt on ${DST_KEY_ARN}` }));
    expect(DST).toBeTruthy();
  });

  it('is skipped when no KMS key is involved', () => {
    const facts = policyFacts(undefined, (f) =>
      withRule(
        {
          SourceSelectionCriteria: undefined,
          Destination: { ...rule().Destination, EncryptionConfiguration: undefined },
        },
        f,
      ),
    );
    const r = roleKmsPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('skipped');
    expect(r.summary).toContain('does not replicate SSE-KMS objects');
  });
});
