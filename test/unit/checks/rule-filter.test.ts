import { describe, expect, it } from 'vitest';
import { ruleFilterCheck } from '../../../lambdas/checks/rules/rule-filter.js';
import { healthyFacts, put, src, subject, tags, withRule } from '../../fixtures/facts/healthy.js';

describe('rule-filter', () => {
  it('passes when the key starts with the prefix', () => {
    const r = ruleFilterCheck.evaluate(subject(), healthyFacts());
    expect(r.status).toBe('pass');
  });

  it('reports a prefix that matches only when case is ignored', () => {
    const r = ruleFilterCheck.evaluate(subject(), withRule({ Filter: { Prefix: 'Logs/' } }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('prefixes are case-sensitive');
    expect(r.summary).toContain('"logs/" vs "Logs/"');
    expect(r.evidence).toContainEqual({
      source: 'GetBucketReplication',
      field: 'Rules[ID=replicate-logs].Filter.Prefix',
      value: '"Logs/"',
    });
  });

  it('fails when the key does not start with the prefix at all', () => {
    const r = ruleFilterCheck.evaluate(subject(), withRule({ Filter: { Prefix: 'audit/' } }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('does not start with');
  });

  it('matches a V1 rule Prefix', () => {
    expect(ruleFilterCheck.evaluate(subject(), withRule({ Filter: undefined, Prefix: 'logs/' })).status).toBe('pass');
    expect(ruleFilterCheck.evaluate(subject(), withRule({ Filter: undefined, Prefix: 'other/' })).status).toBe('fail');
  });

  it('fails when the object lacks a tag of an And filter', () => {
    const facts = withRule({ Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'replicate', Value: 'yes' }] } } });
    put(facts, tags, { state: 'ok', value: [{ Key: 'Replicate', Value: 'yes' }] });
    const r = ruleFilterCheck.evaluate(subject(), facts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('lacks replicate=yes');
    expect(r.summary).toContain('differs only in case');
    expect(r.fix?.[0]).toContain('--tagging replicate=yes');
  });

  it('passes when the object carries the tag of a Tag filter', () => {
    const facts = withRule({ Filter: { Tag: { Key: 'replicate', Value: 'yes' } } });
    put(facts, tags, { state: 'ok', value: [{ Key: 'replicate', Value: 'yes' }] });
    const r = ruleFilterCheck.evaluate(subject(), facts);
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('present at creation');
  });

  it('asks for the tags only when the rule filters on tags', () => {
    const plain = ruleFilterCheck.needs(subject(), healthyFacts());
    expect(plain).toEqual([src('replication')]);
    const tagged = ruleFilterCheck.needs(subject(), withRule({ Filter: { Tag: { Key: 'k', Value: 'v' } } }));
    expect(tagged).toContainEqual(tags);
  });

  it('is unknown when the tags cannot be read', () => {
    const facts = withRule({ Filter: { Tag: { Key: 'k', Value: 'v' } } });
    put(facts, tags, { state: 'unknown', reason: 'denied', missingPermission: 's3:GetObjectVersionTagging' });
    expect(ruleFilterCheck.evaluate(subject(), facts)).toMatchObject({
      status: 'unknown',
      missingPermission: 's3:GetObjectVersionTagging',
    });
  });

  it('is skipped without an object key', () => {
    expect(ruleFilterCheck.evaluate(subject({ key: undefined }), healthyFacts()).status).toBe('skipped');
  });
});
