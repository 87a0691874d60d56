import { PublishCommand } from '@aws-sdk/client-sns';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../helpers/cli.js';
import { lambdaContext, sqsBatch, sqsRecord } from '../helpers/events.js';
import { failedIds } from '../helpers/responder.js';
import { byExpectation, CORPUS, type CorpusCase } from './corpus.js';
import { attribute, goodMessage, harness, publishedInputs, snsMock } from './harness.js';
import { snsLimitViolations } from './sns-limits.js';

/** Message ids stay short and unique: `case-<name>`. */
const idOf = (c: CorpusCase) => `case-${c.name}`;

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'sns-message' });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('hostile corpus', () => {
  it('holds at least 50 labelled cases of every kind', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(byExpectation('malformed').length).toBeGreaterThanOrEqual(30);
    expect(byExpectation('alert').length).toBeGreaterThanOrEqual(15);
    expect(byExpectation('acknowledged').length).toBeGreaterThanOrEqual(3);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });
});

describe('responder on the hostile corpus', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))(
    '%s: does what its label says, alone and beside a good message',
    async (_name, c) => {
      const alone = harness();
      const response = await alone.respond(sqsBatch([sqsRecord(c.body, { messageId: idOf(c) })]));

      const published = publishedInputs();
      if (c.expect === 'malformed') {
        expect(failedIds(response)).toEqual([idOf(c)]);
        expect(alone.metrics.get('MalformedMessages')).toBe(1);
        expect(alone.logger.lines.some((l) => l.level === 'warn' && l.fields.messageId === idOf(c))).toBe(true);
      } else {
        expect(response.batchItemFailures).toEqual([]);
      }
      expect(published.filter((p) => attribute(p, 'alertType') === 'new')).toHaveLength(c.alerts);
      for (const input of published) expect(snsLimitViolations(input)).toEqual([]);

      snsMock.resetHistory();
      const beside = harness();
      const good = goodMessage(1, 'good-neighbour');
      const mixed = await beside.respond(sqsBatch([good, sqsRecord(c.body, { messageId: idOf(c) })]));

      expect(failedIds(mixed)).toEqual(c.expect === 'malformed' ? [idOf(c)] : []);
      const alerts = publishedInputs();
      expect(alerts.filter((p) => attribute(p, 'ruleId') === 'good-1')).toHaveLength(1);
      expect(alerts).toHaveLength(c.alerts + 1);
    },
  );

  it('reports exactly the malformed messages of a batch holding the whole corpus, and alerts every incident once', async () => {
    const { respond, metrics } = harness();
    const records = [...CORPUS.map((c) => sqsRecord(c.body, { messageId: idOf(c) })), goodMessage(1, 'good-1')];

    const response = await respond(sqsBatch(records));

    expect(failedIds(response)).toEqual(byExpectation('malformed').map(idOf).sort());
    expect(metrics.get('MalformedMessages')).toBe(byExpectation('malformed').length);
    const alerts = publishedInputs();
    const expected = CORPUS.reduce((sum, c) => sum + c.alerts, 0) + 1;
    expect(alerts).toHaveLength(expected);
    expect(new Set(alerts.map((a) => attribute(a, 'incidentId'))).size).toBe(expected);
    for (const input of alerts) expect(snsLimitViolations(input)).toEqual([]);
  });

  it('leaves Object.prototype alone after __proto__ and constructor keys went through', async () => {
    const { respond } = harness();
    const hostile = CORPUS.filter((c) => c.body.includes('__proto__') || c.body.includes('"constructor"'));
    expect(hostile.length).toBeGreaterThanOrEqual(3);

    await respond(sqsBatch(hostile.map((c) => sqsRecord(c.body, { messageId: idOf(c) }))));

    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.Records).toBeUndefined();
    expect(probe.eventSource).toBeUndefined();
  });

  it('gives the same answer through the real handler module (LIVE_CHECKS=false, in-memory store)', async () => {
    vi.resetModules();
    vi.stubEnv('LIVE_CHECKS', 'false');
    vi.stubEnv('INCIDENT_TABLE_NAME', undefined);
    const { handler } = (await import('../../lambdas/responder/handler.js')) as {
      handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    };

    const response = await handler(
      sqsBatch(CORPUS.map((c) => sqsRecord(c.body, { messageId: idOf(c) }))),
      lambdaContext(),
    );

    expect(failedIds(response)).toEqual(byExpectation('malformed').map(idOf).sort());
    const alerts = publishedInputs();
    expect(alerts).toHaveLength(CORPUS.reduce((sum, c) => sum + c.alerts, 0));
    for (const input of alerts) expect(snsLimitViolations(input)).toEqual([]);
  });
});

/** A stack trace line, as Node prints them. */
const STACK_LINE = /\n\s+at .+[:(]/;

describe('CLI diagnose --event - --offline on the hostile corpus', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))(
    '%s: never crashes, and exits 2 with one line when nothing parses',
    async (_name, c) => {
      const run = await runCliCaptured(['diagnose', '--event', '-', '--offline'], { stdin: c.body });

      expect(run.stderr).not.toMatch(STACK_LINE);
      if (c.cli === 'exit-2') {
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^replication-doctor diagnose: [^\n]+\n$/);
      } else {
        expect([0, 1]).toContain(run.code);
        expect(run.stdout.length).toBeGreaterThan(0);
      }
      if (c.expect === 'acknowledged') expect(run.code).toBe(0);
    },
  );

  it('exits 2 with one line for JSON lines of nothing but malformed messages', async () => {
    const lines = CORPUS.filter((c) => c.cli === 'exit-2').map((c) => c.body);

    const run = await runCliCaptured(['diagnose', '--event', '-', '--offline', '--json'], { stdin: lines.join('\n') });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^replication-doctor diagnose: no record in standard input could be parsed[^\n]*\n$/);
  });

  it('lists malformed lines in errors beside good ones without changing the exit code', async () => {
    // One line each; blank lines are skipped, not errors.
    const malformed = CORPUS.filter((c) => c.cli === 'exit-2' && !c.body.includes('\n') && c.body.trim() !== '');
    const good = goodMessage(7).body;

    const run = await runCliCaptured(['diagnose', '--event', '-', '--offline', '--json'], {
      stdin: [good, ...malformed.map((c) => c.body)].join('\n'),
    });

    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as { incidents: unknown[]; errors: unknown[] };
    expect(output.incidents).toHaveLength(1);
    expect(output.errors).toHaveLength(malformed.length);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
