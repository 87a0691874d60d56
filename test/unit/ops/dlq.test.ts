import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addPoll, type DlqMessage, EMPTY_SCAN, scanDone, summarizeDlq } from '../../../lambdas/core/ops/dlq.js';

function body(name: string): string {
  return readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8');
}

function message(messageId: string, name: string): DlqMessage {
  return { messageId, body: body(name) };
}

describe('summarizeDlq', () => {
  const messages: DlqMessage[] = [
    message('m-assume-1', 's3-failed-assume-role.json'),
    message('m-legacy', 's3-failed-dst-put-object-legacy.json'),
    message('m-test', 's3-test-event.json'),
    message('m-threshold', 's3-missed-threshold.json'),
    message('m-no-reason', 'malformed-missing-reason.json'),
    { messageId: 'm-not-json', body: 'this is not JSON' },
  ];

  it('counts failure records by canonical reason, keeping the spelling received', () => {
    const summary = summarizeDlq(messages);

    expect(summary.messages).toBe(6);
    expect(summary.failureRecords).toBe(2);
    expect(summary.byReason).toEqual([
      {
        canonicalReason: 'AssumeRoleNotPermitted',
        failureReasons: ['AssumeRoleNotPermitted'],
        records: 1,
        messages: 1,
      },
      {
        canonicalReason: 'DstPutObjectNotPermitted',
        failureReasons: ['DstPutObjNotPermitted'],
        records: 1,
        messages: 1,
      },
    ]);
  });

  it('groups failures into incidents that point back to their messages', () => {
    const summary = summarizeDlq(messages);

    expect(summary.groups.map((g) => [g.key.canonicalReason, g.refs])).toEqual([
      ['AssumeRoleNotPermitted', ['m-assume-1']],
      ['DstPutObjectNotPermitted', ['m-legacy']],
    ]);
  });

  it('lists malformed messages with their reason, and counts test events and non-failures as skipped', () => {
    const summary = summarizeDlq(messages);

    expect(summary.malformed.map((m) => m.messageId)).toEqual(['m-no-reason', 'm-not-json']);
    for (const m of summary.malformed) expect(m.error.length).toBeGreaterThan(0);
    expect(summary.skippedRecords).toBe(2);
  });

  it('summarises an empty queue', () => {
    expect(summarizeDlq([])).toEqual({
      messages: 0,
      failureRecords: 0,
      skippedRecords: 0,
      byReason: [],
      groups: [],
      malformed: [],
    });
  });
});

describe('the non-destructive scan', () => {
  const m = (id: string): DlqMessage => ({ messageId: id, body: '{}' });

  it('deduplicates messages that come back after their visibility lapsed', () => {
    let state = addPoll(EMPTY_SCAN, [m('a'), m('b')], 100);
    state = addPoll(state, [m('b'), m('c')], 100);

    expect([...state.seen.keys()]).toEqual(['a', 'b', 'c']);
    expect(state.stalePolls).toBe(0);
  });

  it('stops after two polls that bring nothing new', () => {
    let state = addPoll(EMPTY_SCAN, [m('a')], 100);
    state = addPoll(state, [m('a')], 100);
    expect(scanDone(state, 100)).toBe(false);

    state = addPoll(state, [], 100);

    expect(scanDone(state, 100)).toBe(true);
  });

  it('stops at --max and keeps no more than --max messages', () => {
    const state = addPoll(EMPTY_SCAN, [m('a'), m('b'), m('c')], 2);

    expect(state.seen.size).toBe(2);
    expect(scanDone(state, 2)).toBe(true);
  });

  it('stops when its poll budget is spent even if every poll brings something new', () => {
    let state = EMPTY_SCAN;
    for (let i = 0; i < 4; i++) state = addPoll(state, [m(`x${i}`)], 10);

    expect(scanDone(state, 10)).toBe(true);
  });
});
