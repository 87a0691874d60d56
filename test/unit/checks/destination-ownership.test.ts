import { describe, expect, it } from 'vitest';
import { destinationOwnershipCheck } from '../../../lambdas/checks/rules/destination-ownership.js';
import {
  DST_ACCOUNT,
  dst,
  healthyFacts,
  put,
  ROLE_ARN,
  rule,
  SRC_ACCOUNT,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

const crossAccount = () => withRule({ Destination: { ...rule().Destination, Account: DST_ACCOUNT } });

describe('destination-ownership', () => {
  it('passes when the destination enforces bucket-owner ownership', () => {
    expect(destinationOwnershipCheck.evaluate(subject(), crossAccount()).status).toBe('pass');
  });

  it('passes in the same account without owner override', () => {
    const facts = put(healthyFacts(), dst('ownership'), { state: 'ok', value: { ObjectOwnership: 'ObjectWriter' } });
    const r = destinationOwnershipCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain(`same account ${SRC_ACCOUNT}`);
  });

  it("warns across accounts without BucketOwnerEnforced or owner override: replicas stay the source account's", () => {
    const facts = put(crossAccount(), dst('ownership'), { state: 'ok', value: { ObjectOwnership: 'ObjectWriter' } });
    const r = destinationOwnershipCheck.evaluate(subject(), facts);
    expect(r.status).toBe('warn');
    expect(r.summary).toContain(`owned by the source account ${SRC_ACCOUNT}`);
  });

  it('warns with owner override and names s3:ObjectOwnerOverrideToBucketOwner with the role', () => {
    const facts = withRule({
      Destination: { ...rule().Destination, Account: DST_ACCOUNT, AccessControlTranslation: { Owner: 'Destination' } },
    });
    put(facts, dst('ownership'), { state: 'ok', value: { ObjectOwnership: 'BucketOwnerPreferred' } });
    const r = destinationOwnershipCheck.evaluate(subject(), facts);
    expect(r.status).toBe('warn');
    expect(r.fix?.[0]).toContain('s3:ObjectOwnerOverrideToBucketOwner');
    expect(r.fix?.[0]).toContain(ROLE_ARN);
  });

  it('fails when owner override lacks Destination.Account', () => {
    const facts = withRule({
      Destination: { ...rule().Destination, AccessControlTranslation: { Owner: 'Destination' } },
    });
    put(facts, dst('ownership'), { state: 'ok', value: { ObjectOwnership: 'ObjectWriter' } });
    expect(destinationOwnershipCheck.evaluate(subject(), facts).status).toBe('fail');
  });

  it('is unknown across accounts when ownership cannot be read', () => {
    const facts = put(crossAccount(), dst('ownership'), {
      state: 'unknown',
      reason: 'denied',
      missingPermission: 's3:GetBucketOwnershipControls',
    });
    expect(destinationOwnershipCheck.evaluate(subject(), facts).status).toBe('unknown');
  });
});
