import type { CatalogEntry } from '../core/catalog/types.js';
import { type Check, result } from './check.js';
import type { FactsReader, FactsSnapshot } from './facts.js';
import { type GatherOptions, gatherFacts } from './gather.js';
import { deleteMarkerReplicationCheck } from './rules/delete-marker-replication.js';
import { destinationBucketCheck } from './rules/destination-bucket.js';
import { destinationBucketPolicyCheck } from './rules/destination-bucket-policy.js';
import { destinationDefaultEncryptionCheck } from './rules/destination-default-encryption.js';
import { destinationKmsKeyCheck } from './rules/destination-kms-key.js';
import { destinationKmsKeyPolicyCheck } from './rules/destination-kms-key-policy.js';
import { destinationOwnershipCheck } from './rules/destination-ownership.js';
import { destinationVersioningCheck } from './rules/destination-versioning.js';
import { objectLockCheck } from './rules/object-lock.js';
import { replicationMetricsCheck } from './rules/replication-metrics.js';
import { replicationRuleCheck } from './rules/replication-rule.js';
import { roleDestinationPermissionsCheck } from './rules/role-destination-permissions.js';
import { roleExistsCheck } from './rules/role-exists.js';
import { roleKmsPermissionsCheck } from './rules/role-kms-permissions.js';
import { roleSourcePermissionsCheck } from './rules/role-source-permissions.js';
import { roleTrustCheck } from './rules/role-trust.js';
import { ruleFilterCheck } from './rules/rule-filter.js';
import { sourceBucketCheck } from './rules/source-bucket.js';
import { sourceBucketPolicyCheck } from './rules/source-bucket-policy.js';
import { sourceKmsKeyCheck } from './rules/source-kms-key.js';
import { sourceKmsKeyPolicyCheck } from './rules/source-kms-key-policy.js';
import { sourceObjectCheck } from './rules/source-object.js';
import { sourceOwnershipCheck } from './rules/source-ownership.js';
import { sourceVersioningCheck } from './rules/source-versioning.js';
import { sseKmsSelectionCheck } from './rules/sse-kms-selection.js';
import { CHECK_IDS, type CheckId, type CheckResult, type CheckSubject, type LiveChecker } from './types.js';

const ALL: readonly Check[] = [
  sourceBucketCheck,
  destinationBucketCheck,
  replicationRuleCheck,
  replicationMetricsCheck,
  ruleFilterCheck,
  deleteMarkerReplicationCheck,
  sourceVersioningCheck,
  destinationVersioningCheck,
  objectLockCheck,
  sourceOwnershipCheck,
  destinationOwnershipCheck,
  destinationDefaultEncryptionCheck,
  sseKmsSelectionCheck,
  sourceKmsKeyCheck,
  destinationKmsKeyCheck,
  sourceObjectCheck,
  roleExistsCheck,
  roleTrustCheck,
  roleSourcePermissionsCheck,
  roleDestinationPermissionsCheck,
  roleKmsPermissionsCheck,
  sourceBucketPolicyCheck,
  destinationBucketPolicyCheck,
  sourceKmsKeyPolicyCheck,
  destinationKmsKeyPolicyCheck,
];

const BY_ID: ReadonlyMap<CheckId, Check> = new Map(ALL.map((check) => [check.id, check]));

/** Check ids that have an implementation, in the stable order of `CHECK_IDS` (every id has one now; an id added to
 * `CHECK_IDS` before its implementation is left out of runs rather than reported as skipped). */
export const implementedCheckIds: readonly CheckId[] = CHECK_IDS.filter((id) => BY_ID.has(id));

/** Checks that run for every failure reason: is replication set up at all, and would failures be reported. */
export const BASELINE_CHECKS: readonly CheckId[] = [
  'replication-rule',
  'replication-metrics',
  'source-versioning',
  'destination-versioning',
];

/** The implementation of a check, if there is one. */
export function checkById(id: CheckId): Check | undefined {
  return BY_ID.get(id);
}

/** Keeps the implemented ids, de-duplicated, in `CHECK_IDS` order. */
export function orderCheckIds(ids: Iterable<CheckId>): CheckId[] {
  const wanted = new Set(ids);
  return implementedCheckIds.filter((id) => wanted.has(id));
}

/** The checks to run for a catalog entry: the baseline plus the entry's (and its causes') checks, implemented ones
 * only, in a stable order. Without an entry: the baseline. */
export function checksForReason(entry?: Pick<CatalogEntry, 'checks' | 'causes'>): CheckId[] {
  const ids: CheckId[] = [...BASELINE_CHECKS];
  if (entry) {
    ids.push(...entry.checks);
    for (const cause of entry.causes) ids.push(...cause.checks);
  }
  return orderCheckIds(ids);
}

/** Judges the given checks over a facts snapshot. Pure; a check that throws comes back `unknown`. */
export function evaluateChecks(subject: CheckSubject, ids: readonly CheckId[], facts: FactsSnapshot): CheckResult[] {
  return orderCheckIds(ids).map((id) => {
    const check = BY_ID.get(id) as Check;
    try {
      return check.evaluate(subject, facts);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return result(id, 'unknown', `The check could not judge the facts it read: ${why}.`, []);
    }
  });
}

/** The checks' implementations for some ids. */
export function checksFor(ids: readonly CheckId[]): Check[] {
  return orderCheckIds(ids).map((id) => BY_ID.get(id) as Check);
}

/**
 * Reads the facts the given checks need (lazily, concurrently, through `reader`) and judges them. Ids without an
 * implementation are left out. Never throws: unreadable facts make their checks `unknown`.
 */
export async function runChecks(
  subject: CheckSubject,
  ids: readonly CheckId[],
  reader: FactsReader,
  options: GatherOptions = {},
): Promise<CheckResult[]> {
  const facts = await gatherFacts(subject, checksFor(ids), reader, options);
  return evaluateChecks(subject, ids, facts);
}

/** Like {@link runChecks}, also returning the facts read (for `--save-facts`). */
export async function runChecksWithFacts(
  subject: CheckSubject,
  ids: readonly CheckId[],
  reader: FactsReader,
  options: GatherOptions = {},
): Promise<{ results: CheckResult[]; facts: FactsSnapshot }> {
  const facts = await gatherFacts(subject, checksFor(ids), reader, options);
  return { results: evaluateChecks(subject, ids, facts), facts };
}

/** The {@link LiveChecker} port over a facts reader (AWS or a saved snapshot). */
export function createLiveChecker(reader: FactsReader, options: GatherOptions = {}): LiveChecker {
  return { run: (subject, ids) => runChecks(subject, ids, reader, options) };
}
