import { describe, expect, it } from 'vitest';
import type { Fact } from '../../../lambdas/checks/facts.js';
import { destinationKmsKeyPolicyCheck } from '../../../lambdas/checks/rules/destination-kms-key-policy.js';
import {
  DST_ACCOUNT,
  dstKeyPolicy,
  keyPolicy,
  policyFacts,
  put,
  ROLE_ARN,
  rule,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

/** The replica key in the destination account (a customer managed key there). */
const crossAccount = (policy: Fact<string>) =>
  policyFacts(undefined, (f) => {
    withRule({ Destination: { ...rule().Destination, Account: DST_ACCOUNT } }, f);
    put(f, dstKeyPolicy, policy);
  });

describe('destination-kms-key-policy', () => {
  it('passes in the same account with the default key policy and a role policy that allows it', () => {
    expect(destinationKmsKeyPolicyCheck.evaluate(subject(), policyFacts()).status).toBe('pass');
  });

  it('passes when the key policy names the role', () => {
    const facts = crossAccount({
      state: 'ok',
      value: keyPolicy(DST_ACCOUNT, [
        {
          Sid: 'SourceReplicationRole',
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: '*',
        },
      ]),
    });
    const r = destinationKmsKeyPolicyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('(Sid SourceReplicationRole)');
  });

  it('fails when the key policy names neither the role nor its account', () => {
    const r = destinationKmsKeyPolicyCheck.evaluate(
      subject(),
      crossAccount({ state: 'ok', value: keyPolicy(DST_ACCOUNT) }),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('does not grant the replication role kms:Encrypt, kms:GenerateDataKey');
  });

  it('is unknown when GetKeyPolicy cannot be called in the key account, with the statement to add', () => {
    const r = destinationKmsKeyPolicyCheck.evaluate(
      subject(),
      crossAccount({
        state: 'unknown',
        reason: 'GetKeyPolicy works only in the key account',
        missingPermission: 'kms:GetKeyPolicy',
      }),
    );
    expect(r).toMatchObject({ status: 'unknown', missingPermission: 'kms:GetKeyPolicy' });
    expect(r.fix?.[0]).toContain('must contain');
    expect(JSON.parse(`[${r.fix?.[1]}]`)[0]).toMatchObject({ Principal: { AWS: ROLE_ARN }, Resource: '*' });
  });
});
