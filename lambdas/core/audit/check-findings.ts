/**
 * Findings from the targeted checks (`lambdas/checks`): a `fail` becomes a finding with the check's summary and fix,
 * an `unknown` an info finding "could not verify", a `warn` an info finding about the risk. `pass` and `skipped` say
 * nothing. Checks that only look at the source bucket or the role give one finding per bucket, not one per rule.
 */
import type { CheckId, CheckResult } from '../../checks/types.js';
import type { Category, Severity } from '../types.js';
import { type AuditFinding, findingId } from './types.js';

interface CheckMeta {
  readonly category: Category;
  /** Severity of a failure unless the result carries a `severityHint`. */
  readonly severity: Severity;
  /** The finding's title when the check fails. */
  readonly failTitle: string;
  /** What it verifies, for "Could not verify …". */
  readonly noun: string;
  /** The check judges the source bucket or the role only: the same for every rule. */
  readonly bucketWide?: boolean;
}

/** Checks the audit leaves to its own findings (the rule state and metrics are judged from the configuration). */
export const CHECKS_JUDGED_BY_AUDIT: ReadonlySet<CheckId> = new Set(['replication-metrics']);

const META: Partial<Record<CheckId, CheckMeta>> = {
  'source-bucket': {
    category: 'configuration',
    severity: 'critical',
    failTitle: 'Source bucket is missing or in another Region',
    noun: 'the source bucket',
    bucketWide: true,
  },
  'destination-bucket': {
    category: 'configuration',
    severity: 'critical',
    failTitle: 'Destination bucket is missing or in an unexpected place',
    noun: 'the destination bucket',
  },
  'replication-rule': {
    category: 'configuration',
    severity: 'critical',
    failTitle: 'Replication rule is not usable',
    noun: 'the replication rule',
  },
  'replication-metrics': {
    category: 'configuration',
    severity: 'critical',
    failTitle: 'Replication metrics are off',
    noun: 'replication metrics',
  },
  'rule-filter': {
    category: 'configuration',
    severity: 'warning',
    failTitle: 'Rule filter does not select the object',
    noun: 'the rule filter',
  },
  'delete-marker-replication': {
    category: 'configuration',
    severity: 'warning',
    failTitle: 'Delete markers are not replicated',
    noun: 'delete marker replication',
  },
  'source-versioning': {
    category: 'versioning',
    severity: 'critical',
    failTitle: 'Source bucket versioning is not enabled',
    noun: 'source bucket versioning',
    bucketWide: true,
  },
  'destination-versioning': {
    category: 'versioning',
    severity: 'critical',
    failTitle: 'Destination bucket versioning is not enabled',
    noun: 'destination bucket versioning',
  },
  'object-lock': {
    category: 'object-lock',
    severity: 'critical',
    failTitle: 'Object Lock differs between source and destination',
    noun: 'Object Lock on both buckets',
  },
  'source-ownership': {
    category: 'ownership',
    severity: 'warning',
    failTitle: 'Source Object Ownership keeps objects from replicating',
    noun: 'source Object Ownership',
    bucketWide: true,
  },
  'destination-ownership': {
    category: 'ownership',
    severity: 'critical',
    failTitle: 'Destination ownership or owner override is misconfigured',
    noun: 'destination Object Ownership and owner override',
  },
  'destination-default-encryption': {
    category: 'encryption',
    severity: 'critical',
    failTitle: 'Destination encryption settings reject replicas',
    noun: 'destination default encryption',
  },
  'sse-kms-selection': {
    category: 'encryption',
    // SSE-KMS objects a rule does not select are skipped silently: no failure event, no replica.
    severity: 'critical',
    failTitle: 'SSE-KMS objects are not selected or have no replica key',
    noun: 'SSE-KMS object selection',
  },
  'source-kms-key': {
    category: 'encryption',
    severity: 'critical',
    failTitle: 'Source KMS key is not usable',
    noun: 'the source KMS key',
    bucketWide: true,
  },
  'destination-kms-key': {
    category: 'encryption',
    severity: 'critical',
    failTitle: 'Replica KMS key is not usable',
    noun: 'the replica KMS key',
  },
  'source-object': {
    category: 'object-state',
    severity: 'info',
    failTitle: 'Source object cannot replicate',
    noun: 'the source object',
  },
  'role-exists': {
    category: 'permissions',
    severity: 'critical',
    failTitle: 'Replication role does not exist',
    noun: 'the replication role',
    bucketWide: true,
  },
  'role-trust': {
    category: 'permissions',
    severity: 'critical',
    failTitle: 'Replication role trust policy does not let S3 assume it',
    noun: 'the replication role trust policy',
    bucketWide: true,
  },
  'role-source-permissions': {
    category: 'permissions',
    severity: 'critical',
    failTitle: 'Replication role lacks permissions on the source',
    noun: "the replication role's source permissions",
  },
  'role-destination-permissions': {
    category: 'permissions',
    severity: 'critical',
    failTitle: 'Replication role lacks permissions on the destination',
    noun: "the replication role's destination permissions",
  },
  'role-kms-permissions': {
    category: 'encryption',
    severity: 'critical',
    failTitle: 'Replication role lacks KMS permissions',
    noun: "the replication role's KMS permissions",
  },
  'source-bucket-policy': {
    category: 'permissions',
    severity: 'critical',
    failTitle: 'Source bucket policy blocks replication',
    noun: 'the source bucket policy',
  },
  'destination-bucket-policy': {
    category: 'permissions',
    severity: 'critical',
    failTitle: 'Destination bucket policy does not allow replication',
    noun: 'the destination bucket policy',
  },
  'source-kms-key-policy': {
    category: 'encryption',
    severity: 'critical',
    failTitle: 'Source KMS key policy does not allow the replication role',
    noun: 'the source KMS key policy',
  },
  'destination-kms-key-policy': {
    category: 'encryption',
    severity: 'critical',
    failTitle: 'Replica KMS key policy does not allow the replication role',
    noun: 'the replica KMS key policy',
  },
};

function metaOf(id: CheckId): CheckMeta {
  return (
    META[id] ?? {
      category: 'configuration',
      severity: 'critical',
      failTitle: `Check ${id} failed`,
      noun: `check ${id}`,
    }
  );
}

/** Evidence as one short clause, e.g. `GetBucketVersioning Status = Suspended`. */
function evidenceText(result: CheckResult): string {
  const parts = result.evidence.slice(0, 3).map((e) => {
    const where = [e.source, e.field].filter(Boolean).join(' ');
    const policy = e.policy ? ` (${e.policy}${e.sid ? `, Sid ${e.sid}` : ''})` : '';
    return e.value !== undefined ? `${where} = ${e.value}${policy}` : `${where}${policy}`;
  });
  return parts.length > 0 ? ` Evidence: ${parts.join('; ')}.` : '';
}

/** Where a finding points: the bucket, and the rule unless the check is bucket-wide. */
export interface FindingPlace {
  readonly bucket: string;
  readonly ruleId: string;
  readonly destinationBucket: string;
}

/** The finding one check result gives, or `undefined` for `pass`, `skipped` and checks the audit judges itself. */
export function findingFromCheck(result: CheckResult, place: FindingPlace): AuditFinding | undefined {
  if (CHECKS_JUDGED_BY_AUDIT.has(result.id)) return undefined;
  if (result.status === 'pass' || result.status === 'skipped') return undefined;
  const meta = metaOf(result.id);
  const ruleId = meta.bucketWide ? undefined : place.ruleId;
  const base = {
    bucket: place.bucket,
    ...(ruleId !== undefined ? { ruleId, destinationBucket: place.destinationBucket } : {}),
    category: meta.category,
    checkId: result.id,
  };
  if (result.status === 'fail') {
    const kind = result.id;
    return {
      id: findingId(place.bucket, ruleId, kind),
      kind,
      severity: result.severityHint ?? meta.severity,
      title: meta.failTitle,
      detail: `${result.summary}${evidenceText(result)}`,
      fix: result.fix ?? [],
      ...base,
    };
  }
  if (result.status === 'unknown') {
    const kind = `${result.id}-unverified`;
    const missing = result.missingPermission;
    const lacks = missing && !result.summary.includes(missing) ? ` The auditor lacks ${missing}.` : '';
    const fix = result.fix ?? (result.missingPermission ? [`Grant the auditor ${result.missingPermission}.`] : []);
    return {
      id: findingId(place.bucket, ruleId, kind),
      kind,
      severity: 'info',
      title: `Could not verify ${meta.noun}`,
      detail: `${result.summary}${lacks}`,
      fix,
      ...base,
    };
  }
  const kind = `${result.id}-risk`;
  return {
    id: findingId(place.bucket, ruleId, kind),
    kind,
    severity: 'info',
    title: `Risk: ${meta.noun}`,
    detail: `${result.summary}${evidenceText(result)}`,
    fix: result.fix ?? [],
    ...base,
  };
}
