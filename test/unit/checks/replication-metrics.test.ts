import { describe, expect, it } from 'vitest';
import { replicationMetricsCheck } from '../../../lambdas/checks/rules/replication-metrics.js';
import { DST, healthyFacts, put, RULE_ID, SRC, src, subject, withRule } from '../../fixtures/facts/healthy.js';

describe('replication-metrics', () => {
  it('passes when metrics are Enabled on the rule', () => {
    expect(replicationMetricsCheck.evaluate(subject(), healthyFacts()).status).toBe('pass');
  });

  it('fails when metrics are off: no failure events are sent', () => {
    const r = replicationMetricsCheck.evaluate(subject(), withRule({ Destination: { Bucket: `arn:aws:s3:::${DST}` } }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('sends no OperationFailedReplication events');
    expect(r.fix?.[0]).toBe(`replication-doctor enable-metrics ${SRC} --rule ${RULE_ID} --execute`);
  });

  it('notes the schema change for a V1 rule', () => {
    const facts = withRule({ Filter: undefined, Destination: { Bucket: `arn:aws:s3:::${DST}` } });
    const r = replicationMetricsCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.fix?.[0]).toContain('--allow-schema-change');
  });

  it('is skipped when there is no configuration (replication-rule reports it)', () => {
    const facts = put(healthyFacts(), src('replication'), {
      state: 'absent',
      code: 'ReplicationConfigurationNotFoundError',
    });
    expect(replicationMetricsCheck.evaluate(subject(), facts).status).toBe('skipped');
  });
});
