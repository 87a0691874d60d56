import { describe, expect, it } from 'vitest';
import {
  emptyFacts,
  factFor,
  getFact,
  keyRef,
  mergeFacts,
  objectRef,
  parseFactsSnapshot,
  requestKey,
  setFact,
  simulationRef,
} from '../../../lambdas/checks/facts.js';
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

  it('keys a simulation by its sorted actions, resource and context, whatever their order', () => {
    const context = [
      { ContextKeyName: 'kms:ViaService', ContextKeyValues: ['s3.us-east-1.amazonaws.com'], ContextKeyType: 'string' },
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['111122223333'], ContextKeyType: 'string' },
    ];
    const a = simulationRef({ actions: ['kms:Encrypt', 'kms:Decrypt'], resource: 'arn:k', context });
    const b = simulationRef({
      actions: ['kms:Decrypt', 'kms:Encrypt'],
      resource: 'arn:k',
      context: [...context].reverse(),
    });
    expect(a).toBe(b);
    expect(a).toBe(
      'kms:Decrypt,kms:Encrypt|arn:k|aws:SourceAccount=111122223333|kms:ViaService=s3.us-east-1.amazonaws.com',
    );
  });

  it('stores simulations and SCPs in their own tables, which survive JSON and merge', () => {
    const simulation = {
      kind: 'simulation',
      roleArn: 'arn:aws:iam::111122223333:role/r',
      actions: ['s3:ReplicateObject'],
      resource: 'arn:aws:s3:::d/*',
      context: [],
    } as const;
    const scps = { kind: 'account', accountId: '111122223333', fact: 'serviceControlPolicies' } as const;
    const one = emptyFacts();
    setFact(one, simulation, {
      state: 'ok',
      value: {
        results: [
          {
            EvalActionName: 's3:ReplicateObject',
            EvalDecision: 'allowed',
            MatchedStatements: [],
            MissingContextValues: [],
          },
        ],
      },
    });
    const two = healthyFacts();
    setFact(two, scps, { state: 'absent', code: 'AWSOrganizationsNotInUseException' });
    const merged = mergeFacts([one, two]);
    const replayed = parseFactsSnapshot(JSON.parse(JSON.stringify(merged)));
    expect(getFact(replayed, simulation)).toEqual(getFact(one, simulation));
    expect(getFact(replayed, scps)).toEqual({ state: 'absent', code: 'AWSOrganizationsNotInUseException' });
    expect(getFact(replayed, src('versioning'))).toEqual(getFact(two, src('versioning')));
    expect(requestKey(scps)).toBe('account|111122223333|serviceControlPolicies');
    expect(() => parseFactsSnapshot({ version: 1, simulations: { r: { x: { state: 'maybe' } } } })).toThrow(
      'simulations.r.x',
    );
  });
});
