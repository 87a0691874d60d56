import { ruleSubject } from './derive.js';
import type { Fact, FactsReader, ReplicationConfigFact } from './facts.js';
import { implementedCheckIds, runChecks } from './registry.js';
import type { CheckId, CheckResult } from './types.js';

/** Checks that judge one object; a rule-level verification has no object. */
const OBJECT_CHECKS: ReadonlySet<CheckId> = new Set(['source-object', 'rule-filter']);

/** The outcome of verifying a rule before acting on it (e.g. a redrive). */
export interface RuleVerification {
  readonly ok: boolean;
  /** `"<check id>: <summary>"` for every failing check, or why nothing could be verified. */
  readonly failing: string[];
  readonly results: readonly CheckResult[];
}

/**
 * Verifies one replication rule of a bucket now: every rule-level check must pass (warnings and unknowns do not
 * block). Used before `redrive --execute`, so failed objects are only re-replicated once their cause is fixed.
 */
export async function verifyRule(reader: FactsReader, bucket: string, ruleId: string): Promise<RuleVerification> {
  const config: Fact<ReplicationConfigFact> = await reader.read({
    kind: 'bucket',
    bucket,
    fact: 'replication',
    side: 'source',
  });
  if (config.state !== 'ok') {
    const why = config.state === 'absent' ? `no replication configuration (${config.code})` : config.reason;
    return { ok: false, failing: [`replication-rule: ${why}`], results: [] };
  }
  const rule = config.value.Rules.find((r) => r.ID === ruleId);
  if (rule === undefined) {
    return { ok: false, failing: [`replication-rule: bucket ${bucket} has no rule "${ruleId}"`], results: [] };
  }
  const subject = ruleSubject(bucket, rule);
  const ids = implementedCheckIds.filter((id) => !OBJECT_CHECKS.has(id));
  const results = await runChecks(subject, ids, reader);
  const failing = results.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.summary}`);
  return { ok: failing.length === 0, failing, results };
}
