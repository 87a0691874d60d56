import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messagesOfText } from '../../../lambdas/core/input.js';
import { intakeOf } from '../../../lambdas/core/intake.js';

const fixture = (name: string): string => readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8');

describe('messagesOfText', () => {
  it('reads a raw S3 event as one message', () => {
    const intake = intakeOf(messagesOfText(fixture('s3-failed-assume-role.json')));
    expect(intake).toMatchObject({ skipped: 0, errors: [], parsedMessages: 1 });
    expect(intake.events).toHaveLength(1);
  });

  it('reads a Lambda SQS batch event; bad bodies become errors with their messageId', () => {
    const intake = intakeOf(messagesOfText(fixture('sqs-batch-mixed.json')));
    expect(intake.events.map((e) => e.event.failureReason)).toEqual([
      'AssumeRoleNotPermitted',
      'AssumeRoleNotPermitted',
      'DstBucketUnversioned',
    ]);
    expect(intake.skipped).toBe(1);
    expect(intake.errors).toEqual([
      { messageId: '059f36b4-87a3-44ab-83d2-661970000009', error: 'body: not valid JSON' },
    ]);
  });

  it('reads an SQS ReceiveMessage result', () => {
    const intake = intakeOf(messagesOfText(fixture('sqs-receive-message.json')));
    expect(intake.events).toHaveLength(3);
    expect(intake.errors).toEqual([]);
  });

  it('reads JSON lines, reporting the bad line by number', () => {
    const intake = intakeOf(messagesOfText(fixture('events.jsonl')));
    expect(intake.events).toHaveLength(3);
    expect(intake.errors).toEqual([{ error: 'line 4: not valid JSON' }]);
  });

  it('counts threshold events as skipped, not failures', () => {
    const intake = intakeOf(messagesOfText(fixture('s3-missed-threshold.json')));
    expect(intake).toMatchObject({ skipped: 1, events: [], parsedMessages: 1 });
  });

  it('returns nothing for empty input', () => {
    expect(messagesOfText('  \n')).toEqual([]);
  });
});
