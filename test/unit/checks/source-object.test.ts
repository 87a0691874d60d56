import { describe, expect, it } from 'vitest';
import { sourceObjectCheck } from '../../../lambdas/checks/rules/source-object.js';
import { head, healthyFacts, put, subject, VERSION } from '../../fixtures/facts/healthy.js';

const withHead = (value: Record<string, unknown>) =>
  put(healthyFacts(), head, { state: 'ok', value: { VersionId: VERSION, ...value } });

describe('source-object', () => {
  it('passes for an existing FAILED object and offers the redrive', () => {
    const r = sourceObjectCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('FAILED');
    expect(r.fix?.[0]).toContain('replication-doctor redrive');
  });

  it('confirms SrcKeyNotFound when the version is gone, as info', () => {
    const facts = put(healthyFacts(), head, { state: 'absent', code: 'NoSuchVersion' });
    const r = sourceObjectCheck.evaluate(subject({ failureReason: 'SrcKeyNotFound' }), facts);
    expect(r).toMatchObject({ status: 'fail', severityHint: 'info' });
    expect(r.summary).toContain('deleted before replication finished');
  });

  it('only warns when the object is gone for other reasons', () => {
    const facts = put(healthyFacts(), head, { state: 'absent', code: 'NoSuchKey' });
    expect(sourceObjectCheck.evaluate(subject({ failureReason: 'AssumeRoleNotPermitted' }), facts).status).toBe('warn');
  });

  it('treats a delete marker version as gone', () => {
    const r = sourceObjectCheck.evaluate(
      subject({ failureReason: 'SrcVersionNotFound' }),
      withHead({ DeleteMarker: true }),
    );
    expect(r.status).toBe('fail');
  });

  it('fails for an object in GLACIER or an archive tier: restore first', () => {
    const glacier = sourceObjectCheck.evaluate(
      subject(),
      withHead({ ReplicationStatus: 'FAILED', StorageClass: 'GLACIER' }),
    );
    expect(glacier.status).toBe('fail');
    expect(glacier.fix?.[0]).toContain('aws s3api restore-object');
    const tiered = sourceObjectCheck.evaluate(
      subject(),
      withHead({ StorageClass: 'INTELLIGENT_TIERING', ArchiveStatus: 'DEEP_ARCHIVE_ACCESS' }),
    );
    expect(tiered.summary).toContain('DEEP_ARCHIVE_ACCESS');
  });

  it('fails for an object without replication status: not eligible, Batch Replication', () => {
    const r = sourceObjectCheck.evaluate(subject(), withHead({}));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('not eligible');
  });

  it('confirms SrcReplicationNotPending for a COMPLETE(D) object, as info', () => {
    for (const status of ['COMPLETED', 'COMPLETE']) {
      const r = sourceObjectCheck.evaluate(
        subject({ failureReason: 'SrcReplicationNotPending' }),
        withHead({ ReplicationStatus: status }),
      );
      expect(r).toMatchObject({ status: 'fail', severityHint: 'info' });
    }
  });

  it('passes for an object that has since replicated', () => {
    expect(sourceObjectCheck.evaluate(subject(), withHead({ ReplicationStatus: 'COMPLETED' })).summary).toContain(
      'since replicated',
    );
  });

  it('fails for a replica', () => {
    expect(sourceObjectCheck.evaluate(subject(), withHead({ ReplicationStatus: 'REPLICA' })).status).toBe('fail');
  });

  it('is skipped without an object', () => {
    expect(sourceObjectCheck.evaluate(subject({ key: undefined }), healthyFacts()).status).toBe('skipped');
  });
});
