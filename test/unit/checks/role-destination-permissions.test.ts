import { describe, expect, it } from 'vitest';
import { roleDestinationPermissionsCheck } from '../../../lambdas/checks/rules/role-destination-permissions.js';
import { DST, policyFacts, rule, simulated, subject, withRule } from '../../fixtures/facts/healthy.js';

const OBJECT = `arn:aws:s3:::${DST}/logs/2026/01/app.log`;

describe('role-destination-permissions', () => {
  it('passes when the role may replicate objects and tags', () => {
    const r = roleDestinationPermissionsCheck.evaluate(subject(), policyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('s3:ReplicateObject, s3:ReplicateTags');
    expect(r.summary).not.toContain('s3:ReplicateDelete');
  });

  it('fails without s3:ReplicateDelete when DeleteMarkerReplication is Enabled', () => {
    const facts = policyFacts(
      (action) =>
        action === 's3:ReplicateDelete'
          ? simulated(action, 'implicitDeny')
          : simulated(action, 'allowed', { sid: 'DestinationObjects' }),
      (f) => withRule({ DeleteMarkerReplication: { Status: 'Enabled' } }, f),
    );
    const r = roleDestinationPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(
      `is not allowed s3:ReplicateDelete on ${OBJECT} (needed because DeleteMarkerReplication is Enabled)`,
    );
    expect(r.findingTerms).toContain('does not allow s3:ReplicateDelete');
  });

  it('asks for s3:ReplicateDelete for a V1 rule, which replicates delete markers', () => {
    const facts = policyFacts(undefined, (f) =>
      withRule({ Filter: undefined, Prefix: 'logs/', DeleteMarkerReplication: undefined }, f),
    );
    const r = roleDestinationPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('s3:ReplicateDelete');
  });

  it('fails without s3:ObjectOwnerOverrideToBucketOwner when the rule overrides the owner', () => {
    const facts = policyFacts(
      (action) =>
        action === 's3:ObjectOwnerOverrideToBucketOwner'
          ? simulated(action, 'implicitDeny')
          : simulated(action, 'allowed', { sid: 'DestinationObjects' }),
      (f) =>
        withRule({ Destination: { ...rule().Destination, AccessControlTranslation: { Owner: 'Destination' } } }, f),
    );
    const r = roleDestinationPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('s3:ObjectOwnerOverrideToBucketOwner');
    expect(r.findingTerms).toContain('s3:ObjectOwnerOverrideToBucketOwner is missing');
  });

  it('fails when an SCP denies it, and names the SCP guardrail', () => {
    const facts = policyFacts((action) =>
      action === 's3:ReplicateTags'
        ? simulated(action, 'explicitDeny', { allowedByOrganizations: false })
        : simulated(action, 'allowed', { sid: 'DestinationObjects', allowedByOrganizations: true }),
    );
    const r = roleDestinationPermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('explicitly denied by SCPs of account 111122223333 (AllowedByOrganizations=false)');
    expect(r.findingTerms).toEqual(expect.arrayContaining(['explicit Deny', 'SCP']));
  });
});
