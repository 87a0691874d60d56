import { describe, expect, it } from 'vitest';
import type { FactRequest, FactsReader } from '../../../lambdas/checks/facts.js';
import { getFact, requestKey, unknown } from '../../../lambdas/checks/facts.js';
import {
  BASELINE_CHECKS,
  checksForReason,
  createLiveChecker,
  implementedCheckIds,
  runChecks,
  runChecksWithFacts,
} from '../../../lambdas/checks/registry.js';
import { CHECK_IDS } from '../../../lambdas/checks/types.js';
import { healthyFacts, subject } from '../../fixtures/facts/healthy.js';

/** A fake port over the healthy facts that records what was asked and when. */
function fakeReader(delayMs = 0) {
  const facts = healthyFacts();
  const asked: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const reader: FactsReader = {
    async read<R extends FactRequest>(request: R) {
      asked.push(requestKey(request));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      inFlight--;
      return getFact(facts, request) ?? unknown('not in fixture');
    },
  };
  return { reader, asked, maxInFlight: () => maxInFlight };
}

describe('registry', () => {
  it('implements every check, policy evaluations included, in CHECK_IDS order', () => {
    expect(implementedCheckIds).toHaveLength(CHECK_IDS.length);
    expect(implementedCheckIds).toContain('destination-bucket-policy');
    expect([...implementedCheckIds].sort((a, b) => CHECK_IDS.indexOf(a) - CHECK_IDS.indexOf(b))).toEqual(
      implementedCheckIds,
    );
  });

  it('adds the baseline to the entry checks, de-duplicated, in a stable order', () => {
    const ids = checksForReason({
      checks: ['role-trust', 'destination-bucket-policy', 'role-exists'],
      causes: [{ text: 'x', checks: ['source-object', 'role-trust'] }],
    });
    expect(ids).toEqual([
      ...BASELINE_CHECKS.slice(0, 4),
      'source-object',
      'role-exists',
      'role-trust',
      'destination-bucket-policy',
    ]);
    expect(checksForReason()).toEqual([...BASELINE_CHECKS]);
  });

  it('reads each fact once, in rounds, with bounded concurrency, and judges every check', async () => {
    const { reader, asked, maxInFlight } = fakeReader(5);
    const results = await runChecks(subject(), implementedCheckIds, reader, { concurrency: 3 });
    expect(results.map((r) => r.id)).toEqual(implementedCheckIds);
    expect(new Set(asked).size).toBe(asked.length);
    expect(maxInFlight()).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });

  it('reads only what the requested checks need', async () => {
    const { reader, asked } = fakeReader();
    await runChecks(subject(), ['source-versioning'], reader);
    expect(asked).toEqual(['bucket|acme-logs-src|versioning']);
  });

  it('never throws: a reader that fails makes checks unknown', async () => {
    const broken: FactsReader = {
      read: async () => {
        throw new Error('boom');
      },
    };
    const results = await createLiveChecker(broken).run(subject(), [
      'replication-rule',
      'source-versioning',
      'policy-nope' as never,
    ]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['replication-rule', 'unknown'],
      ['source-versioning', 'unknown'],
    ]);
    expect(results[0]?.summary).toContain('boom');
  });

  it('returns the facts it read for --save-facts', async () => {
    const { reader } = fakeReader();
    const { results, facts } = await runChecksWithFacts(subject(), ['role-trust'], reader);
    expect(results[0]?.status).toBe('pass');
    expect(Object.keys(facts.roles)).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });
});
