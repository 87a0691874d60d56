import { describe, expect, it } from 'vitest';
import { sourceOwnershipCheck } from '../../../lambdas/checks/rules/source-ownership.js';
import { healthyFacts, put, src, subject } from '../../fixtures/facts/healthy.js';

describe('source-ownership', () => {
  it('passes with BucketOwnerEnforced', () => {
    expect(sourceOwnershipCheck.evaluate(subject(), healthyFacts()).status).toBe('pass');
  });

  it('warns with BucketOwnerPreferred: objects from other accounts may not be owned by the bucket owner', () => {
    const facts = put(healthyFacts(), src('ownership'), {
      state: 'ok',
      value: { ObjectOwnership: 'BucketOwnerPreferred' },
    });
    const r = sourceOwnershipCheck.evaluate(subject({ failureReason: 'SrcGetAclNotPermitted' }), facts);
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('bucket-owner-full-control');
    expect(r.fix?.[0]).toContain('BucketOwnerEnforced');
  });

  it('warns with ObjectWriter and with no ownership controls at all', () => {
    const writer = put(healthyFacts(), src('ownership'), { state: 'ok', value: { ObjectOwnership: 'ObjectWriter' } });
    expect(sourceOwnershipCheck.evaluate(subject(), writer).status).toBe('warn');
    const none = put(healthyFacts(), src('ownership'), { state: 'absent', code: 'OwnershipControlsNotFoundError' });
    expect(sourceOwnershipCheck.evaluate(subject(), none).summary).toContain('OwnershipControlsNotFoundError');
  });
});
