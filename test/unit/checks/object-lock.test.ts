import { describe, expect, it } from 'vitest';
import { objectLockCheck } from '../../../lambdas/checks/rules/object-lock.js';
import { DST, dst, healthyFacts, put, src, subject } from '../../fixtures/facts/healthy.js';

const enabled = { state: 'ok', value: { ObjectLockEnabled: 'Enabled' } } as const;

describe('object-lock', () => {
  it('passes when the source has no Object Lock', () => {
    expect(objectLockCheck.evaluate(subject(), healthyFacts()).status).toBe('pass');
  });

  it('passes when both buckets have Object Lock', () => {
    const facts = put(put(healthyFacts(), src('objectLock'), enabled), dst('objectLock'), enabled);
    expect(objectLockCheck.evaluate(subject(), facts).status).toBe('pass');
  });

  it('fails when the source has Object Lock and the destination does not', () => {
    const facts = put(healthyFacts(), src('objectLock'), enabled);
    const r = objectLockCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.fix?.[0]).toContain(`put-object-lock-configuration --bucket ${DST}`);
    expect(r.evidence).toContainEqual({
      source: 'GetObjectLockConfiguration',
      field: `${DST} ObjectLockEnabled`,
      value: 'ObjectLockConfigurationNotFoundError',
    });
  });

  it('is unknown when the destination cannot be read and the source is locked', () => {
    const facts = put(put(healthyFacts(), src('objectLock'), enabled), dst('objectLock'), {
      state: 'unknown',
      reason: 'denied',
    });
    expect(objectLockCheck.evaluate(subject(), facts).status).toBe('unknown');
  });
});
