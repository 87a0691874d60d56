import type { Severity } from '../core/types.js';
import { findRule, replicationFact } from './derive.js';
import type { Fact, FactRequest, FactsSnapshot, ReplicationConfigFact, ReplicationRuleFact } from './facts.js';
import type { CheckId, CheckResult, CheckStatus, CheckSubject, Evidence } from './types.js';

/**
 * One targeted check, in the manner of a cdk-nag rule: a pure judgement over a facts snapshot.
 *
 * `needs` says which facts to read. It is called first without facts and then again with what was read so far, so a
 * check can ask for what the first facts point to (the replication rule names the role, the keys, the destination).
 * It returns an empty list once it needs nothing more.
 */
export interface Check {
  readonly id: CheckId;
  /** Short title for reports, e.g. "Destination bucket versioning". */
  readonly title: string;
  needs(subject: CheckSubject, facts?: FactsSnapshot): readonly FactRequest[];
  evaluate(subject: CheckSubject, facts: FactsSnapshot): CheckResult;
}

/** Extra members of a result besides status, summary and evidence. */
export interface ResultExtras {
  readonly missingPermission?: string;
  readonly fix?: readonly string[];
  readonly severityHint?: Severity;
  readonly findingTerms?: readonly string[];
}

/** Builds a result, leaving out empty optional members so that results compare and serialise cleanly. */
export function result(
  id: CheckId,
  status: CheckStatus,
  summary: string,
  evidence: readonly Evidence[],
  extras: ResultExtras = {},
): CheckResult {
  return {
    id,
    status,
    summary,
    evidence,
    ...(extras.missingPermission ? { missingPermission: extras.missingPermission } : {}),
    ...(extras.fix && extras.fix.length > 0 ? { fix: extras.fix } : {}),
    ...(extras.severityHint ? { severityHint: extras.severityHint } : {}),
    ...(extras.findingTerms && extras.findingTerms.length > 0 ? { findingTerms: extras.findingTerms } : {}),
  };
}

/** The `unknown` result for a fact that could not be read, naming the API and the doctor's missing permission. */
export function unknownFrom(
  id: CheckId,
  what: string,
  fact: Extract<Fact<unknown>, { state: 'unknown' }>,
  evidence: Evidence,
  fix?: readonly string[],
): CheckResult {
  const missing = fact.missingPermission;
  const summary = `Could not read ${what}: ${fact.reason}.`;
  return result(id, 'unknown', summary, [{ ...evidence, value: fact.reason }], {
    ...(missing ? { missingPermission: missing } : {}),
    ...(fix ? { fix } : {}),
  });
}

/** Evidence for an `absent` answer. */
export function absentEvidence(source: string, field: string, code: string): Evidence {
  return { source, field, value: code };
}

/**
 * Runs `judge` with the subject's replication rule. The configuration unreadable → `unknown`; no configuration or no
 * such rule → `skipped` (the `replication-rule` check reports that as its failure, once).
 */
export function withRule(
  id: CheckId,
  subject: CheckSubject,
  facts: FactsSnapshot,
  judge: (rule: ReplicationRuleFact, config: ReplicationConfigFact) => CheckResult,
): CheckResult {
  const fact = replicationFact(subject, facts);
  if (fact.state === 'unknown') {
    return unknownFrom(id, `the replication configuration of ${subject.sourceBucket}`, fact, {
      source: 'GetBucketReplication',
      field: subject.sourceBucket,
    });
  }
  if (fact.state === 'absent') {
    return result(
      id,
      'skipped',
      `No replication configuration on ${subject.sourceBucket} (${fact.code}); see replication-rule.`,
      [absentEvidence('GetBucketReplication', subject.sourceBucket, fact.code)],
    );
  }
  const rule = findRule(fact.value, subject);
  if (!rule) {
    return result(
      id,
      'skipped',
      `${ruleName(subject)} is not in the replication configuration; see replication-rule.`,
      [
        {
          source: 'GetBucketReplication',
          field: 'Rules[].ID',
          value: fact.value.Rules.map((r) => r.ID ?? '?').join(', '),
        },
      ],
    );
  }
  return judge(rule, fact.value);
}

/** `Rule "abc"` or `No rule towards dst`. */
export function ruleName(subject: CheckSubject): string {
  return subject.ruleId !== undefined ? `Rule "${subject.ruleId}"` : `A rule towards ${subject.destinationBucket}`;
}
