import { describe, expect, it } from 'vitest';
import { roleSourcePermissionsCheck } from '../../../lambdas/checks/rules/role-source-permissions.js';
import {
  attachedPolicies,
  inlinePolicies,
  policyFacts,
  put,
  ROLE_POLICY_NAME,
  ROLE_POLICY_TEXT,
  SRC,
  simulated,
  src,
  subject,
} from '../../fixtures/facts/healthy.js';

const DENY_TAGGING_TEXT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    ...JSON.parse(ROLE_POLICY_TEXT).Statement,
    { Sid: 'NoTagReads', Effect: 'Deny', Action: 's3:GetObjectVersionTagging', Resource: '*' },
  ],
});

describe('role-source-permissions', () => {
  it('passes when the simulation allows every source action, naming the policy and Sid', () => {
    const r = roleSourcePermissionsCheck.evaluate(subject(), policyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain(`role policy ${ROLE_POLICY_NAME} (Sid SourceObjects)`);
    expect(r.evidence).toContainEqual(
      expect.objectContaining({
        source: 'SimulatePrincipalPolicy',
        field: `s3:GetObjectVersionForReplication on arn:aws:s3:::${SRC}/logs/2026/01/app.log`,
        policy: `role policy ${ROLE_POLICY_NAME}`,
        sid: 'SourceObjects',
      }),
    );
  });

  it('fails when the role may not read object tags, naming the action and the statement to add', () => {
    const facts = policyFacts((action) =>
      action === 's3:GetObjectVersionTagging'
        ? simulated(action, 'implicitDeny')
        : simulated(action, 'allowed', { sid: action.includes('Object') ? 'SourceObjects' : 'SourceBucket' }),
    );
    const r = roleSourcePermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(
      `is not allowed s3:GetObjectVersionTagging on arn:aws:s3:::${SRC}/logs/2026/01/app.log`,
    );
    expect(r.fix?.[0]).toContain('aws iam put-role-policy --role-name s3-replication --policy-name replication-source');
    expect(r.fix?.[0]).toContain(`"Resource":"arn:aws:s3:::${SRC}/*"`);
    expect(r.findingTerms).toContain('does not allow s3:GetObjectVersionTagging');
  });

  it('fails on an explicit Deny, reading its Sid at the position the simulator reports', () => {
    const facts = policyFacts(
      (action) =>
        action === 's3:GetObjectVersionTagging'
          ? simulated(action, 'explicitDeny', { sid: 'NoTagReads', text: DENY_TAGGING_TEXT })
          : simulated(action, 'allowed', { sid: 'SourceBucket' }),
      (f) =>
        put(f, inlinePolicies, { state: 'ok', value: [{ PolicyName: ROLE_POLICY_NAME, document: DENY_TAGGING_TEXT }] }),
    );
    const r = roleSourcePermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(
      `explicitly denied by the identity-based policies (role policy ${ROLE_POLICY_NAME} (Sid NoTagReads))`,
    );
    expect(r.fix?.[0]).toContain(`Remove or narrow statement NoTagReads of role policy ${ROLE_POLICY_NAME}`);
    expect(r.findingTerms).toContain('explicit Deny');
  });

  it('names the Sid from the policy document when the simulator gives no position', () => {
    const facts = policyFacts((action) => ({
      ...simulated(action, 'allowed'),
      MatchedStatements: [{ SourcePolicyId: ROLE_POLICY_NAME, SourcePolicyType: 'role' }],
    }));
    const r = roleSourcePermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.evidence).toContainEqual(expect.objectContaining({ sid: 'SourceObjects' }));
    expect(r.evidence).toContainEqual(expect.objectContaining({ sid: 'SourceBucket' }));
  });

  it('asks for s3:GetObjectRetention and s3:GetObjectLegalHold when Object Lock is on', () => {
    const facts = policyFacts(undefined, (f) =>
      put(f, src('objectLock'), { state: 'ok', value: { ObjectLockEnabled: 'Enabled' } }),
    );
    const r = roleSourcePermissionsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('s3:GetObjectRetention');
    expect(r.summary).toContain('s3:GetObjectLegalHold');
  });

  it('without iam:SimulatePrincipalPolicy judges the role policies itself', () => {
    const r = roleSourcePermissionsCheck.evaluate(
      subject(),
      policyFacts(() => 'unknown'),
    );
    expect(r.status).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ source: 'role policies', sid: 'SourceBucket' });
    expect(r.summary).toContain('SimulatePrincipalPolicy could not be used');
  });

  it('is unknown, naming iam:SimulatePrincipalPolicy, when neither the simulation nor the policies can be read', () => {
    const facts = policyFacts(
      () => 'unknown',
      (f) =>
        put(f, attachedPolicies, {
          state: 'unknown',
          reason: 'denied',
          missingPermission: 'iam:ListAttachedRolePolicies',
        }),
    );
    expect(roleSourcePermissionsCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:SimulatePrincipalPolicy',
    });
  });

  it('is skipped when the role does not exist (role-exists reports it)', () => {
    const facts = policyFacts(undefined, (f) =>
      put(
        f,
        { kind: 'role', roleArn: 'arn:aws:iam::111122223333:role/service-role/s3-replication', fact: 'role' },
        {
          state: 'absent',
          code: 'NoSuchEntity',
        },
      ),
    );
    expect(roleSourcePermissionsCheck.evaluate(subject(), facts).status).toBe('skipped');
  });
});
