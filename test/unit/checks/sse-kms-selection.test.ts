import { describe, expect, it } from 'vitest';
import { sseKmsSelectionCheck } from '../../../lambdas/checks/rules/sse-kms-selection.js';
import { DST, head, healthyFacts, put, rule, subject, VERSION, withRule } from '../../fixtures/facts/healthy.js';

describe('sse-kms-selection', () => {
  it('passes for an SSE-KMS object when the rule selects SSE-KMS objects and names a replica key', () => {
    expect(sseKmsSelectionCheck.evaluate(subject(), healthyFacts()).status).toBe('pass');
  });

  it('fails for an SSE-KMS object when the rule does not select SSE-KMS objects', () => {
    const r = sseKmsSelectionCheck.evaluate(subject(), withRule({ SourceSelectionCriteria: undefined }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('does not select SSE-KMS objects');
    expect(r.fix?.[0]).toContain('"SseKmsEncryptedObjects": {"Status": "Enabled"}');
  });

  it('fails when SSE-KMS objects are selected but no replica key is named', () => {
    const r = sseKmsSelectionCheck.evaluate(
      subject(),
      withRule({ Destination: { ...rule().Destination, EncryptionConfiguration: undefined } }),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('names no replica key');
  });

  it('fails for DSSE-KMS objects too', () => {
    const facts = put(withRule({ SourceSelectionCriteria: undefined }), head, {
      state: 'ok',
      value: { VersionId: VERSION, ServerSideEncryption: 'aws:kms:dsse' },
    });
    expect(sseKmsSelectionCheck.evaluate(subject(), facts).status).toBe('fail');
  });

  it('passes for an SSE-S3 object without SSE-KMS selection', () => {
    const facts = put(
      withRule({ SourceSelectionCriteria: undefined, Destination: { Bucket: `arn:aws:s3:::${DST}` } }),
      head,
      {
        state: 'ok',
        value: { VersionId: VERSION, ServerSideEncryption: 'AES256' },
      },
    );
    expect(sseKmsSelectionCheck.evaluate(subject(), facts).status).toBe('pass');
  });

  it('judges the bucket default encryption when there is no object', () => {
    const r = sseKmsSelectionCheck.evaluate(
      subject({ key: undefined }),
      withRule({ SourceSelectionCriteria: undefined }),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('(default encryption)');
  });
});
