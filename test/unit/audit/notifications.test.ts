import { describe, expect, it } from 'vitest';
import {
  filterHidesKeys,
  keyFilterOf,
  replicationEventRouting,
  sendsFailureEvents,
} from '../../../lambdas/core/audit/notifications.js';
import { notifications, QUEUE, queueTarget } from './fixtures.js';

describe('sendsFailureEvents', () => {
  it('accepts the exact event and the replication wildcard only', () => {
    expect(sendsFailureEvents(queueTarget({ Events: ['s3:Replication:OperationFailedReplication'] }))).toBe(true);
    expect(sendsFailureEvents(queueTarget({ Events: ['s3:Replication:*'] }))).toBe(true);
    expect(sendsFailureEvents(queueTarget({ Events: ['s3:Replication:OperationNotTracked'] }))).toBe(false);
    expect(sendsFailureEvents(queueTarget({ Events: ['s3:ObjectCreated:*'] }))).toBe(false);
  });
});

describe('keyFilterOf and filterHidesKeys', () => {
  it('reads Prefix/Suffix in either case and decodes "+" as a space', () => {
    const target = queueTarget({
      FilterRules: [
        { Name: 'Prefix', Value: 'my+logs/%C3%A9' },
        { Name: 'suffix', Value: '.gz' },
      ],
    });
    expect(keyFilterOf(target)).toEqual({ prefix: 'my logs/é', suffix: '.gz' });
  });

  it('lets a rule through when its prefix starts with the notification prefix', () => {
    const target = queueTarget({ FilterRules: [{ Name: 'prefix', Value: 'logs/' }] });
    expect(filterHidesKeys(target, 'logs/app/')).toBeUndefined();
    expect(filterHidesKeys(target, 'data/')).toContain('"logs/"');
    expect(filterHidesKeys(target, '')).toContain('every key');
  });

  it('ignores empty filter values', () => {
    expect(filterHidesKeys(queueTarget({ FilterRules: [{ Name: 'prefix', Value: '' }] }), 'x/')).toBeUndefined();
  });
});

describe('replicationEventRouting', () => {
  const rules = [
    { key: 'logs', prefix: 'logs/' },
    { key: 'data', prefix: 'data/' },
  ];

  it('is routed when one unfiltered queue configuration covers every rule', () => {
    const routing = replicationEventRouting(notifications(), QUEUE, rules);
    expect(routing.state).toBe('routed');
    expect(routing.rules.every((r) => r.covered)).toBe(true);
  });

  it('is partial when filters cover some rules only, and combines several configurations', () => {
    const config = notifications({
      QueueConfigurations: [
        queueTarget({ Id: 'a', FilterRules: [{ Name: 'prefix', Value: 'logs/' }] }),
        queueTarget({ Id: 'b', Events: ['s3:ObjectCreated:*'] }),
      ],
    });
    const routing = replicationEventRouting(config, QUEUE, rules);
    expect(routing.state).toBe('partial');
    expect(routing.rules).toEqual([
      { key: 'logs', covered: true },
      { key: 'data', covered: false, hiddenBy: expect.stringContaining('"logs/"') },
    ]);
  });

  it('is not routed without our queue, and names the other destinations of failure events', () => {
    const config = notifications({
      QueueConfigurations: [queueTarget({ Arn: 'arn:aws:sqs:us-east-1:111122223333:other' })],
      TopicConfigurations: [{ Arn: 'arn:aws:sns:us-east-1:111122223333:t', Events: ['s3:Replication:*'] }],
      LambdaFunctionConfigurations: [
        { Arn: 'arn:aws:lambda:us-east-1:111122223333:function:f', Events: ['s3:ObjectCreated:*'] },
      ],
    });
    const routing = replicationEventRouting(config, QUEUE, rules);
    expect(routing.state).toBe('not-routed');
    expect(routing.elsewhere).toEqual([
      'arn:aws:sqs:us-east-1:111122223333:other',
      'arn:aws:sns:us-east-1:111122223333:t',
    ]);
  });
});
