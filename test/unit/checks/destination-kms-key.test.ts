import { describe, expect, it } from 'vitest';
import { destinationKmsKeyCheck } from '../../../lambdas/checks/rules/destination-kms-key.js';
import {
  DST_ACCOUNT,
  DST_KEY_ARN,
  dst,
  dstKey,
  healthyFacts,
  keyMeta,
  put,
  rule,
  SRC_ACCOUNT,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

describe('destination-kms-key', () => {
  it('passes for an Enabled customer managed key in the destination Region', () => {
    const r = destinationKmsKeyCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('customer managed, eu-west-1');
  });

  it('fails for a key pending deletion and shows the deletion date', () => {
    const facts = put(healthyFacts(), dstKey, {
      state: 'ok',
      value: keyMeta(DST_KEY_ARN, {
        KeyState: 'PendingDeletion',
        Enabled: false,
        DeletionDate: '2026-02-01T00:00:00.000Z',
      }),
    });
    const r = destinationKmsKeyCheck.evaluate(subject(), facts);
    expect(r).toMatchObject({ status: 'fail', severityHint: 'critical' });
    expect(r.summary).toContain('PendingDeletion: it will be deleted on 2026-02-01T00:00:00.000Z');
    expect(r.fix).toContain(`aws kms cancel-key-deletion --key-id ${DST_KEY_ARN}`);
  });

  it('fails when the replica key does not exist (DstKmsKeyNotFound)', () => {
    const facts = put(healthyFacts(), dstKey, { state: 'absent', code: 'NotFoundException' });
    expect(destinationKmsKeyCheck.evaluate(subject(), facts).status).toBe('fail');
  });

  it('fails for an AWS managed key used across accounts', () => {
    const awsKey = `arn:aws:kms:eu-west-1:${SRC_ACCOUNT}:key/3333cccc-3333-cccc-3333-cccc3333cccc`;
    const facts = withRule({
      Destination: {
        ...rule().Destination,
        Account: DST_ACCOUNT,
        EncryptionConfiguration: { ReplicaKmsKeyID: awsKey },
      },
    });
    put(
      facts,
      { kind: 'key', keyId: awsKey, fact: 'metadata', side: 'destination' },
      { state: 'ok', value: keyMeta(awsKey, { KeyManager: 'AWS' }) },
    );
    const r = destinationKmsKeyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('AWS managed key (aws/s3)');
  });

  it('fails when the replica key is in another Region than the destination bucket', () => {
    const facts = put(healthyFacts(), dst('location'), {
      state: 'ok',
      value: { region: 'eu-central-1', accessible: true },
    });
    expect(destinationKmsKeyCheck.evaluate(subject(), facts).summary).toContain(
      'is in eu-west-1 but the destination bucket is in eu-central-1',
    );
  });

  it('is skipped when neither the rule nor the destination default uses KMS', () => {
    const facts = withRule({ Destination: { ...rule().Destination, EncryptionConfiguration: undefined } });
    expect(destinationKmsKeyCheck.evaluate(subject(), facts).status).toBe('skipped');
  });

  it('uses the destination default KMS key when the rule names none', () => {
    const facts = withRule({ Destination: { ...rule().Destination, EncryptionConfiguration: undefined } });
    put(facts, dst('encryption'), {
      state: 'ok',
      value: { Rules: [{ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: DST_KEY_ARN }] },
    });
    const r = destinationKmsKeyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ source: 'GetBucketEncryption', value: DST_KEY_ARN });
  });

  it('is unknown when DescribeKey is denied across accounts', () => {
    const facts = put(healthyFacts(), dstKey, {
      state: 'unknown',
      reason: 'denied',
      missingPermission: 'kms:DescribeKey',
    });
    expect(destinationKmsKeyCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 'kms:DescribeKey',
    });
  });
});
