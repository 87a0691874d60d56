import { describe, expect, it } from 'vitest';
import { destinationDefaultEncryptionCheck } from '../../../lambdas/checks/rules/destination-default-encryption.js';
import { dst, head, healthyFacts, put, subject, VERSION } from '../../fixtures/facts/healthy.js';

const blocked = {
  state: 'ok',
  value: { Rules: [{ SSEAlgorithm: 'AES256', BlockedEncryptionTypes: ['SSE-C'] }] },
} as const;

describe('destination-default-encryption', () => {
  it('passes when nothing is blocked', () => {
    expect(destinationDefaultEncryptionCheck.evaluate(subject(), healthyFacts()).status).toBe('pass');
  });

  it('fails when SSE-C is blocked at the destination and the object is SSE-C', () => {
    const facts = put(healthyFacts(), dst('encryption'), blocked);
    put(facts, head, {
      state: 'ok',
      value: { VersionId: VERSION, ReplicationStatus: 'FAILED', SSECustomerAlgorithm: 'AES256' },
    });
    const r = destinationDefaultEncryptionCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.evidence).toContainEqual({
      source: 'GetBucketEncryption',
      field: 'BlockedEncryptionTypes.EncryptionType',
      value: 'SSE-C',
    });
    expect(r.fix?.[0]).toContain('"EncryptionType":["NONE"]');
  });

  it('passes when SSE-C is blocked but the object is not SSE-C', () => {
    const facts = put(healthyFacts(), dst('encryption'), blocked);
    expect(destinationDefaultEncryptionCheck.evaluate(subject(), facts).status).toBe('pass');
  });

  it('warns when SSE-C is blocked and there is no object to compare', () => {
    const facts = put(healthyFacts(), dst('encryption'), blocked);
    expect(destinationDefaultEncryptionCheck.evaluate(subject({ key: undefined }), facts).status).toBe('warn');
  });
});
