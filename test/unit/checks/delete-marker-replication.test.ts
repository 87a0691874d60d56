import { describe, expect, it } from 'vitest';
import { deleteMarkerReplicationCheck } from '../../../lambdas/checks/rules/delete-marker-replication.js';
import { head, put, subject, VERSION, withRule } from '../../fixtures/facts/healthy.js';

describe('delete-marker-replication', () => {
  it('passes when DeleteMarkerReplication is Enabled, naming s3:ReplicateDelete', () => {
    const r = deleteMarkerReplicationCheck.evaluate(
      subject(),
      withRule({ DeleteMarkerReplication: { Status: 'Enabled' } }),
    );
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('s3:ReplicateDelete');
  });

  it('fails when the object version is a delete marker and the rule does not replicate them', () => {
    const facts = put(withRule({ DeleteMarkerReplication: { Status: 'Disabled' } }), head, {
      state: 'ok',
      value: { VersionId: VERSION, DeleteMarker: true },
    });
    const r = deleteMarkerReplicationCheck.evaluate(subject({ failureReason: 'DstDelObjNotPermitted' }), facts);
    expect(r.status).toBe('fail');
    expect(r.evidence).toContainEqual({ source: 'HeadObject', field: 'DeleteMarker', value: 'true' });
  });

  it('warns when delete markers are not replicated for an ordinary object', () => {
    expect(deleteMarkerReplicationCheck.evaluate(subject(), withRule({})).status).toBe('warn');
  });

  it('passes for a V1 rule, which replicates delete markers', () => {
    expect(deleteMarkerReplicationCheck.evaluate(subject(), withRule({ Filter: undefined, Prefix: '' })).status).toBe(
      'pass',
    );
  });
});
