import { describe, expect, it } from 'vitest';
import { destinationVersioningCheck } from '../../../lambdas/checks/rules/destination-versioning.js';
import {
  DST,
  DST_ACCOUNT,
  dst,
  healthyFacts,
  put,
  rule,
  src,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

describe('destination-versioning', () => {
  it('passes when versioning is Enabled on the destination', () => {
    expect(destinationVersioningCheck.evaluate(subject(), healthyFacts()).status).toBe('pass');
  });

  it('fails when the destination versioning is Suspended', () => {
    const r = destinationVersioningCheck.evaluate(
      subject(),
      put(healthyFacts(), dst('versioning'), { state: 'ok', value: { Status: 'Suspended' } }),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Suspended');
    expect(r.fix?.[0]).toContain(`put-bucket-versioning --bucket ${DST}`);
  });

  it('fails when versioning was never enabled on the destination', () => {
    const r = destinationVersioningCheck.evaluate(
      subject(),
      put(healthyFacts(), dst('versioning'), { state: 'ok', value: {} }),
    );
    expect(r.summary).toContain('never enabled');
  });

  it('is unknown across accounts and says how to read it', () => {
    const facts = withRule({ Destination: { ...rule().Destination, Account: DST_ACCOUNT } });
    put(facts, dst('versioning'), { state: 'unknown', reason: 'denied', missingPermission: 's3:GetBucketVersioning' });
    const r = destinationVersioningCheck.evaluate(subject(), facts);
    expect(r.status).toBe('unknown');
    expect(r.fix?.[0]).toContain(`arn:aws:iam::${DST_ACCOUNT}:role/replication-doctor-read`);
  });

  it('waits for the replication configuration before asking for the destination, then passes its account hint', () => {
    expect(destinationVersioningCheck.needs(subject())).toEqual([src('replication')]);
    const facts = withRule({ Destination: { ...rule().Destination, Account: DST_ACCOUNT } });
    expect(destinationVersioningCheck.needs(subject(), facts)).toContainEqual({
      ...dst('versioning'),
      ownerHint: DST_ACCOUNT,
    });
  });
});
