import { describe, expect, it } from 'vitest';
import { roleExistsCheck } from '../../../lambdas/checks/rules/role-exists.js';
import { healthyFacts, put, ROLE_ARN, role, src, subject } from '../../fixtures/facts/healthy.js';

describe('role-exists', () => {
  it('passes when the role exists', () => {
    expect(roleExistsCheck.evaluate(subject(), healthyFacts())).toMatchObject({ status: 'pass' });
  });

  it('fails when the role was deleted (NoSuchEntity) and shows how to recreate it', () => {
    const r = roleExistsCheck.evaluate(subject(), put(healthyFacts(), role, { state: 'absent', code: 'NoSuchEntity' }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(`${ROLE_ARN} does not exist (NoSuchEntity)`);
    expect(r.fix?.[0]).toContain('aws iam create-role --role-name s3-replication');
  });

  it('is unknown without iam:GetRole', () => {
    const facts = put(healthyFacts(), role, { state: 'unknown', reason: 'denied', missingPermission: 'iam:GetRole' });
    expect(roleExistsCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:GetRole',
    });
  });

  it('asks for the role named by the configuration in the second round', () => {
    expect(roleExistsCheck.needs(subject())).toEqual([src('replication')]);
    expect(roleExistsCheck.needs(subject(), healthyFacts())).toContainEqual(role);
  });
});
