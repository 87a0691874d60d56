import { describe, expect, it } from 'vitest';
import { sourceVersioningCheck } from '../../../lambdas/checks/rules/source-versioning.js';
import { healthyFacts, put, SRC, src, subject } from '../../fixtures/facts/healthy.js';

describe('source-versioning', () => {
  it('passes when versioning is Enabled', () => {
    const r = sourceVersioningCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.evidence).toEqual([{ source: 'GetBucketVersioning', field: 'Status', value: 'Enabled' }]);
  });

  it('fails when versioning was never enabled (no Status)', () => {
    const r = sourceVersioningCheck.evaluate(
      subject(),
      put(healthyFacts(), src('versioning'), { state: 'ok', value: {} }),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('never enabled');
    expect(r.fix).toEqual([
      `aws s3api put-bucket-versioning --bucket ${SRC} --versioning-configuration Status=Enabled`,
    ]);
  });

  it('fails when versioning is Suspended', () => {
    const r = sourceVersioningCheck.evaluate(
      subject(),
      put(healthyFacts(), src('versioning'), { state: 'ok', value: { Status: 'Suspended' } }),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Suspended');
  });

  it('is unknown with the missing permission', () => {
    const facts = put(healthyFacts(), src('versioning'), {
      state: 'unknown',
      reason: 'denied',
      missingPermission: 's3:GetBucketVersioning',
    });
    expect(sourceVersioningCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 's3:GetBucketVersioning',
    });
  });
});
