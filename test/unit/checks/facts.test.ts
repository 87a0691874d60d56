import { describe, expect, it } from 'vitest';
import { emptyFacts, factFor, keyRef, objectRef, parseFactsSnapshot, setFact } from '../../../lambdas/checks/facts.js';
import { healthyFacts, SRC, src } from '../../fixtures/facts/healthy.js';

describe('facts snapshot', () => {
  it('round-trips through JSON', () => {
    const facts = healthyFacts();
    expect(parseFactsSnapshot(JSON.parse(JSON.stringify(facts)))).toEqual(facts);
  });

  it('rejects a document that is not a snapshot, naming what is wrong', () => {
    expect(() => parseFactsSnapshot({ version: 2 })).toThrow('unsupported version 2');
    expect(() => parseFactsSnapshot({ version: 1, buckets: { b: { versioning: { status: 'ok' } } } })).toThrow(
      'buckets.b.versioning',
    );
    expect(() => parseFactsSnapshot('x')).toThrow('not a JSON object');
  });

  it('reads a fact that was never read as unknown', () => {
    expect(factFor(emptyFacts(), src('versioning'))).toEqual({ state: 'unknown', reason: 'not read' });
    const facts = emptyFacts();
    setFact(facts, src('versioning'), { state: 'ok', value: { Status: 'Enabled' } });
    expect(facts.buckets[SRC]?.versioning).toEqual({ state: 'ok', value: { Status: 'Enabled' } });
  });

  it('names objects and keys stably', () => {
    expect(objectRef('b', 'k/x', 'v1')).toBe('b/k/x?versionId=v1');
    expect(keyRef('alias/aws/s3', 'eu-west-1')).toBe('eu-west-1:alias/aws/s3');
    expect(keyRef('arn:aws:kms:eu-west-1:1:key/x', 'us-east-1')).toBe('arn:aws:kms:eu-west-1:1:key/x');
  });
});
