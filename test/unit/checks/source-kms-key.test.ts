import { describe, expect, it } from 'vitest';
import { sourceKmsKeyCheck } from '../../../lambdas/checks/rules/source-kms-key.js';
import {
  head,
  healthyFacts,
  keyMeta,
  put,
  SRC_KEY_ARN,
  src,
  srcKey,
  subject,
  VERSION,
} from '../../fixtures/facts/healthy.js';

describe('source-kms-key', () => {
  it('passes for an Enabled key in the bucket Region', () => {
    const r = sourceKmsKeyCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
    expect(r.evidence).toContainEqual({ source: 'HeadObject', field: 'SSEKMSKeyId', value: SRC_KEY_ARN });
  });

  it('fails with the state for a Disabled key, with a critical hint', () => {
    const facts = put(healthyFacts(), srcKey, {
      state: 'ok',
      value: keyMeta(SRC_KEY_ARN, { KeyState: 'Disabled', Enabled: false }),
    });
    const r = sourceKmsKeyCheck.evaluate(subject(), facts);
    expect(r).toMatchObject({ status: 'fail', severityHint: 'critical' });
    expect(r.fix).toEqual([`aws kms enable-key --key-id ${SRC_KEY_ARN}`]);
  });

  it('fails for PendingImport and Unavailable keys', () => {
    for (const state of ['PendingImport', 'Unavailable']) {
      const facts = put(healthyFacts(), srcKey, {
        state: 'ok',
        value: keyMeta(SRC_KEY_ARN, { KeyState: state, Enabled: false }),
      });
      const r = sourceKmsKeyCheck.evaluate(subject(), facts);
      expect(r.status).toBe('fail');
      expect(r.summary).toContain(state);
    }
  });

  it('fails when the key does not exist', () => {
    const facts = put(healthyFacts(), srcKey, { state: 'absent', code: 'NotFoundException' });
    expect(sourceKmsKeyCheck.evaluate(subject(), facts).status).toBe('fail');
  });

  it('fails when the key is in another Region than the bucket', () => {
    const facts = put(healthyFacts(), src('location'), {
      state: 'ok',
      value: { region: 'us-west-2', accessible: true },
    });
    const r = sourceKmsKeyCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('is in us-east-1 but the source bucket is in us-west-2');
  });

  it('is skipped for an object that is not SSE-KMS', () => {
    const facts = put(healthyFacts(), head, {
      state: 'ok',
      value: { VersionId: VERSION, ServerSideEncryption: 'AES256' },
    });
    expect(sourceKmsKeyCheck.evaluate(subject(), facts).status).toBe('skipped');
  });

  it('uses the bucket default key when there is no object, and asks for it in a second round', () => {
    const s = subject({ key: undefined, versionId: undefined });
    expect(sourceKmsKeyCheck.needs(s)).not.toContainEqual(expect.objectContaining({ kind: 'key' }));
    expect(sourceKmsKeyCheck.needs(s, healthyFacts())).toContainEqual(
      expect.objectContaining({ kind: 'key', keyId: SRC_KEY_ARN }),
    );
    expect(sourceKmsKeyCheck.evaluate(s, healthyFacts()).status).toBe('pass');
  });
});
