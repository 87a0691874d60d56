import { type Check, result, unknownFrom } from '../check.js';
import { objectRequest, replicationStatusOf, shellQuote } from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId, CheckSubject, Evidence } from '../types.js';

const ID: CheckId = 'source-object';

/** Reasons whose cause is "the object (version) was deleted before replication finished". */
const GONE_REASONS = new Set(['SrcKeyNotFound', 'SrcObjectNotFound', 'SrcVersionNotFound']);
/** Storage classes live replication skips (restore first); Glacier Instant Retrieval replicates. */
const ARCHIVED_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);
/** How catalog causes word each finding (see `CheckResult.findingTerms`). */
const GONE_TERMS = ['deleted', 'removed', 'lifecycle', 'expir*', 'overwritten'];
const ARCHIVED_TERMS = ['GLACIER', 'DEEP_ARCHIVE', 'archive', 'restore'];
const INELIGIBLE_TERMS = ['existing', 'before the rule', 'eligible', 'filter'];
const REPLICA_TERMS = ['replica'];

function objectArgs(subject: CheckSubject): string {
  const version = subject.versionId ? ` --version-id ${shellQuote(subject.versionId)}` : '';
  return `--bucket ${subject.sourceBucket} --key ${shellQuote(subject.key ?? '')}${version}`;
}

function redrive(subject: CheckSubject): string {
  return `replication-doctor redrive ${subject.sourceBucket} --rule ${subject.ruleId ?? '<rule-id>'}  # S3 Batch Replication of the FAILED objects`;
}

/**
 * The failed object now: still there, its replication status, storage class and archive tier.
 * Whether "gone" confirms the cause depends on the failure reason: for `SrcKeyNotFound`, `SrcObjectNotFound` and
 * `SrcVersionNotFound` it does (and the failure is benign); for others it only means there is nothing to redrive.
 */
export const sourceObjectCheck: Check = {
  id: ID,
  title: 'Source object state',
  needs: (subject) => {
    const head = objectRequest(subject, 'head');
    return head ? [head] : [];
  },
  evaluate(subject, facts) {
    const request = objectRequest(subject, 'head');
    if (!request) return result(ID, 'skipped', 'No object named: nothing to look up.', []);
    const name = `${subject.key}${subject.versionId ? ` (version ${subject.versionId})` : ''}`;
    const head = factFor(facts, request);
    const goneConfirms = subject.failureReason !== undefined && GONE_REASONS.has(subject.failureReason);
    if (head.state === 'unknown') {
      return unknownFrom(ID, `object ${name}`, head, { source: 'HeadObject', field: name });
    }
    if (head.state === 'absent' || head.value.DeleteMarker === true) {
      const how = head.state === 'absent' ? head.code : 'a delete marker';
      const evidence: Evidence[] = [{ source: 'HeadObject', field: name, value: how }];
      if (goneConfirms) {
        return result(
          ID,
          'fail',
          `Object ${name} no longer exists (${how}): it was deleted before replication finished; nothing is left to replicate.`,
          evidence,
          { severityHint: 'info', findingTerms: GONE_TERMS },
        );
      }
      if (subject.failureReason === 'DstDelObjNotPermitted' && head.state === 'ok') {
        return result(
          ID,
          'pass',
          `Object version ${name} is a delete marker, the operation that failed to replicate.`,
          evidence,
        );
      }
      return result(
        ID,
        'warn',
        `Object ${name} no longer exists (${how}): there is nothing to redrive for it.`,
        evidence,
      );
    }
    const value = head.value;
    const status = replicationStatusOf(value);
    const evidence: Evidence[] = [
      { source: 'HeadObject', field: 'ReplicationStatus', value: value.ReplicationStatus ?? '(absent)' },
      { source: 'HeadObject', field: 'StorageClass', value: value.StorageClass ?? 'STANDARD' },
    ];
    if (value.ArchiveStatus)
      evidence.push({ source: 'HeadObject', field: 'ArchiveStatus', value: value.ArchiveStatus });
    if (ARCHIVED_CLASSES.has(value.StorageClass ?? '') || value.ArchiveStatus) {
      const tier = value.ArchiveStatus ?? value.StorageClass ?? '';
      const restoreRequest = value.ArchiveStatus ? `'{}'` : `'{"Days":7,"GlacierJobParameters":{"Tier":"Standard"}}'`;
      return result(
        ID,
        'fail',
        `Object ${name} is archived (${tier}): S3 does not replicate it; restore it first.`,
        evidence,
        {
          fix: [
            `aws s3api restore-object ${objectArgs(subject)} --restore-request ${restoreRequest}`,
            `After the restore, copy it in place or replicate it with S3 Batch Replication.`,
          ],
          findingTerms: ARCHIVED_TERMS,
        },
      );
    }
    switch (status) {
      case 'REPLICA':
        return result(
          ID,
          'fail',
          `Object ${name} is itself a replica (REPLICA): live replication does not replicate replicas again; S3 Batch Replication can.`,
          evidence,
          { fix: [redrive(subject)], findingTerms: REPLICA_TERMS },
        );
      case undefined:
        return result(
          ID,
          'fail',
          `Object ${name} has no replication status: it is not eligible for live replication (created before the rule, or not matching its filter); use S3 Batch Replication.`,
          evidence,
          { fix: [redrive(subject)], findingTerms: INELIGIBLE_TERMS },
        );
      case 'COMPLETED':
        if (subject.failureReason === 'SrcReplicationNotPending') {
          return result(
            ID,
            'fail',
            `Object ${name} is already replicated (COMPLETED): the failure is a duplicate attempt; nothing to do.`,
            evidence,
            { severityHint: 'info', findingTerms: ['already', 'replicated'] },
          );
        }
        return result(ID, 'pass', `Object ${name} has since replicated (COMPLETED).`, evidence);
      case 'FAILED':
        return result(
          ID,
          'pass',
          `Object ${name} exists and is FAILED: live replication will not retry it; after the fix, redrive it.`,
          evidence,
          {
            fix: [redrive(subject)],
          },
        );
      case 'PENDING':
        return result(
          ID,
          'pass',
          `Object ${name} is still PENDING: replication has not given up on it (transient problems leave PENDING).`,
          evidence,
        );
      default:
        return result(ID, 'pass', `Object ${name} exists with replication status ${status}.`, evidence);
    }
  },
};
