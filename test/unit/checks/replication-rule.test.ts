import { describe, expect, it } from 'vitest';
import { replicationRuleCheck } from '../../../lambdas/checks/rules/replication-rule.js';
import {
  healthyFacts,
  put,
  ROLE_ARN,
  RULE_ID,
  rule,
  SRC,
  src,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

describe('replication-rule', () => {
  it('passes for an Enabled rule towards the expected bucket with a role', () => {
    const r = replicationRuleCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('schema V2');
    expect(r.evidence).toContainEqual({ source: 'GetBucketReplication', field: 'Role', value: ROLE_ARN });
  });

  it('fails when there is no replication configuration', () => {
    const facts = put(healthyFacts(), src('replication'), {
      state: 'absent',
      code: 'ReplicationConfigurationNotFoundError',
    });
    const r = replicationRuleCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(`${SRC} has no replication configuration`);
    expect(r.fix?.[0]).toContain(`aws s3api put-bucket-replication --bucket ${SRC}`);
  });

  it('fails when the event rule is no longer in the configuration', () => {
    const r = replicationRuleCheck.evaluate(subject({ ruleId: 'gone' }), healthyFacts());
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(`(rules: ${RULE_ID})`);
  });

  it('fails for a Disabled rule', () => {
    const r = replicationRuleCheck.evaluate(subject(), withRule({ Status: 'Disabled' }));
    expect(r.status).toBe('fail');
    expect(r.evidence[0]).toEqual({
      source: 'GetBucketReplication',
      field: `Rules[ID=${RULE_ID}].Status`,
      value: 'Disabled',
    });
  });

  it('fails when the rule now points at another destination', () => {
    const r = replicationRuleCheck.evaluate(subject(), withRule({ Destination: { Bucket: 'arn:aws:s3:::elsewhere' } }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('now replicates to elsewhere');
  });

  it('fails when Role is not a role ARN', () => {
    const facts = put(healthyFacts(), src('replication'), {
      state: 'ok',
      value: { Role: 'not-a-role', Rules: [rule()] },
    });
    expect(replicationRuleCheck.evaluate(subject(), facts).status).toBe('fail');
  });

  it('recognises a V1 rule and finds a rule by destination when the subject names none', () => {
    const facts = withRule({ Filter: undefined, Prefix: 'logs/' });
    const r = replicationRuleCheck.evaluate(subject({ ruleId: undefined }), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('schema V1');
  });

  it('is unknown when the configuration cannot be read', () => {
    const facts = put(healthyFacts(), src('replication'), {
      state: 'unknown',
      reason: 'denied',
      missingPermission: 's3:GetReplicationConfiguration',
    });
    expect(replicationRuleCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 's3:GetReplicationConfiguration',
    });
  });
});
