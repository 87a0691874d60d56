import { describe, expect, it } from 'vitest';
import { sourceKmsKeyPolicyCheck } from '../../../lambdas/checks/rules/source-kms-key-policy.js';
import {
  head,
  keyPolicy,
  policyFacts,
  put,
  ROLE_ARN,
  SRC_KEY_ARN,
  srcKeyPolicy,
  subject,
  VERSION,
} from '../../fixtures/facts/healthy.js';

describe('source-kms-key-policy', () => {
  it('passes when the key policy enables IAM policies for the account and the role policy allows it', () => {
    const r = sourceKmsKeyPolicyCheck.evaluate(subject(), policyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('lets the IAM policies of account 111122223333 decide (Sid EnableIAMPolicies)');
  });

  it('passes when the key policy names the role directly', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, srcKeyPolicy, {
        state: 'ok',
        value: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Replication', Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*' },
          ],
        }),
      }),
    );
    const r = sourceKmsKeyPolicyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('allows the replication role kms:Decrypt');
  });

  it('fails when the key policy allows neither the role nor its account', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, srcKeyPolicy, { state: 'ok', value: keyPolicy('999999999999') }),
    );
    const r = sourceKmsKeyPolicyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('does not grant the replication role kms:Decrypt');
    expect(r.fix?.[1]).toContain(`"AWS": "${ROLE_ARN}"`);
  });

  it('fails on an explicit Deny, naming its Sid', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, srcKeyPolicy, {
        state: 'ok',
        value: keyPolicy('111122223333', [
          {
            Sid: 'OnlyFromOurVpc',
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringNotEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
          },
        ]),
      }),
    );
    const r = sourceKmsKeyPolicyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('explicitly denies the replication role kms:Decrypt');
    expect(r.summary).toContain('(Sid OnlyFromOurVpc)');
    expect(SRC_KEY_ARN).toBeTruthy();
  });

  it('is skipped when the object is not SSE-KMS', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, head, {
        state: 'ok',
        value: { VersionId: VERSION, ReplicationStatus: 'FAILED', ServerSideEncryption: 'AES256' },
      }),
    );
    const r = sourceKmsKeyPolicyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('skipped');
    expect(r.summary).toContain('the object is not SSE-KMS (AES256)');
  });
});
