import { createHash } from 'node:crypto';
import type { IncidentStore } from '../store.js';
import { bucketArnOf } from './replication-config.js';

/**
 * `redrive`: the S3 Control `CreateJob` request for an S3 Batch Replication job that re-replicates the objects of
 * one rule whose replication status is `FAILED` (AWS-FACTS §8.1). S3's manifest generator selects the objects,
 * so nothing here needs to list them.
 */

/** What a redrive needs to know about an incident. */
export interface RedriveIncident {
  readonly sourceBucket: string;
  readonly ruleId: string;
  readonly destinationBucket: string;
  readonly canonicalReason: string;
  readonly status: string;
}

/** Port: where `redrive --incident ID` finds the incident (the incident store). */
export interface IncidentSource {
  getIncident(incidentId: string): Promise<RedriveIncident | undefined>;
}

/** The result of re-running the live checks for a rule before a redrive. */
export interface Verification {
  readonly ok: boolean;
  /** One line per failing check, e.g. `role-destination-permissions: s3:ReplicateObject is denied`. */
  readonly failing: readonly string[];
}

/** Port: re-runs the live checks of a rule; a redrive is created only when they pass. */
export type RedriveVerifier = (bucket: string, ruleId: string) => Promise<Verification>;

/** An `IncidentSource` over the incident store's `getIncident`. */
export function incidentSourceOfStore(store: Pick<IncidentStore, 'getIncident'>): IncidentSource {
  return {
    async getIncident(incidentId) {
      const stored = await store.getIncident(incidentId);
      if (stored === undefined) return undefined;
      const { sourceBucket, ruleId, destinationBucket, canonicalReason, status } = stored.state;
      return { sourceBucket, ruleId, destinationBucket, canonicalReason, status };
    },
  };
}

/** Fixed values of every redrive job. */
export const REDRIVE_PRIORITY = 10;
export const REDRIVE_REPORT_PREFIX = 'replication-doctor/redrive';
export const REDRIVE_MANIFEST_PREFIX = 'replication-doctor/redrive-manifests';

/** The `CreateJob` input, shaped as the S3 Control API model (checked against it by a test). */
export interface CreateJobRequestDoc {
  readonly AccountId: string;
  readonly ConfirmationRequired: boolean;
  readonly Operation: { readonly S3ReplicateObject: Record<string, never> };
  readonly Report:
    | { readonly Enabled: false }
    | {
        readonly Enabled: true;
        readonly Bucket: string;
        readonly Format: 'Report_CSV_20180820';
        readonly Prefix: string;
        readonly ReportScope: 'FailedTasksOnly';
      };
  readonly ClientRequestToken: string;
  readonly Description: string;
  readonly Priority: number;
  readonly RoleArn: string;
  readonly ManifestGenerator: {
    readonly S3JobManifestGenerator: {
      readonly SourceBucket: string;
      readonly EnableManifestOutput: boolean;
      readonly ManifestOutputLocation?: {
        readonly Bucket: string;
        readonly ManifestPrefix: string;
        readonly ManifestFormat: 'S3InventoryReport_CSV_20211130';
      };
      readonly Filter: {
        readonly EligibleForReplication: true;
        readonly ObjectReplicationStatuses: 'FAILED'[];
        readonly KeyNameConstraint?: { readonly MatchAnyPrefix: string[] };
      };
    };
  };
}

export interface RedriveJobInput {
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: taken from the caller's ARN. */
  readonly partition: string;
  readonly sourceBucket: string;
  readonly ruleId: string;
  /** The rule's key prefix; empty or absent selects the whole bucket. */
  readonly rulePrefix?: string;
  readonly roleArn: string;
  readonly incidentId?: string;
  /** Bucket (name or ARN) for the completion report of failed tasks; absent disables the report. */
  readonly reportBucket?: string;
  /** Bucket (name or ARN) where S3 writes the generated manifest; absent keeps it unsaved. */
  readonly manifestBucket?: string;
  /** The clock's reading; only its UTC day enters the idempotency token. */
  readonly now: Date;
}

/** `ClientRequestToken` max length in the S3 Control model. */
export const MAX_TOKEN_LENGTH = 64;

/**
 * The idempotency token: the same bucket, rule and incident on the same UTC day give the same token, so running
 * `redrive --execute` twice creates one job (S3 Control returns the existing job for a repeated token).
 */
export function redriveToken(params: {
  readonly sourceBucket: string;
  readonly ruleId: string;
  readonly incidentId?: string;
  readonly day: string;
}): string {
  const digest = createHash('sha256')
    .update([params.sourceBucket, params.ruleId, params.incidentId ?? '', params.day].join('\u0000'))
    .digest('hex');
  return `replication-doctor-redrive-${digest.slice(0, 32)}`;
}

/** The UTC day (`YYYY-MM-DD`) of a time. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function description(input: RedriveJobInput): string {
  const incident = input.incidentId ? ` (incident ${input.incidentId})` : '';
  const text = `replication-doctor redrive: FAILED objects of rule ${input.ruleId} in ${input.sourceBucket}${incident}`;
  // The model bounds Description to 256 characters.
  return text.slice(0, 256);
}

/** Plans the `CreateJob` request of a Batch Replication job for the failed objects of one rule. */
export function planRedriveJob(input: RedriveJobInput): CreateJobRequestDoc {
  const prefix = input.rulePrefix ?? '';
  const filter = {
    EligibleForReplication: true as const,
    ObjectReplicationStatuses: ['FAILED' as const],
    ...(prefix.length > 0 ? { KeyNameConstraint: { MatchAnyPrefix: [prefix] } } : {}),
  };
  const generator = {
    SourceBucket: bucketArnOf(input.sourceBucket, input.partition),
    EnableManifestOutput: input.manifestBucket !== undefined,
    ...(input.manifestBucket !== undefined
      ? {
          ManifestOutputLocation: {
            Bucket: bucketArnOf(input.manifestBucket, input.partition),
            ManifestPrefix: REDRIVE_MANIFEST_PREFIX,
            ManifestFormat: 'S3InventoryReport_CSV_20211130' as const,
          },
        }
      : {}),
    Filter: filter,
  };
  const report: CreateJobRequestDoc['Report'] =
    input.reportBucket !== undefined
      ? {
          Enabled: true,
          Bucket: bucketArnOf(input.reportBucket, input.partition),
          Format: 'Report_CSV_20180820',
          Prefix: REDRIVE_REPORT_PREFIX,
          ReportScope: 'FailedTasksOnly',
        }
      : { Enabled: false };
  return {
    AccountId: input.accountId,
    ConfirmationRequired: false,
    Operation: { S3ReplicateObject: {} },
    Report: report,
    ClientRequestToken: redriveToken({
      sourceBucket: input.sourceBucket,
      ruleId: input.ruleId,
      ...(input.incidentId !== undefined ? { incidentId: input.incidentId } : {}),
      day: utcDay(input.now),
    }),
    Description: description(input),
    Priority: REDRIVE_PRIORITY,
    RoleArn: input.roleArn,
    ManifestGenerator: { S3JobManifestGenerator: generator },
  };
}

/** A human rendering of the planned job. */
export function renderRedrivePlan(
  request: CreateJobRequestDoc,
  context: {
    readonly sourceBucket: string;
    readonly ruleId: string;
    readonly incidentId?: string;
    readonly tagFilter: boolean;
  },
): string {
  const generator = request.ManifestGenerator.S3JobManifestGenerator;
  const prefixes = generator.Filter.KeyNameConstraint?.MatchAnyPrefix ?? [];
  const lines = [
    `S3 Batch Replication job for bucket ${context.sourceBucket}, rule ${context.ruleId}${
      context.incidentId ? ` (incident ${context.incidentId})` : ''
    }:`,
    `  objects:  replication status FAILED, eligible for replication${
      prefixes.length > 0 ? `, key prefix ${JSON.stringify(prefixes[0])}` : ', whole bucket'
    } (S3 generates the manifest${generator.EnableManifestOutput ? `, saved to ${generator.ManifestOutputLocation?.Bucket}` : ''})`,
    `  role:     ${request.RoleArn}`,
    `  report:   ${request.Report.Enabled ? `${request.Report.Bucket}/${request.Report.Prefix} (failed tasks only)` : 'none (pass --report-bucket to get one)'}`,
    `  priority: ${request.Priority}; runs without confirmation`,
    `  token:    ${request.ClientRequestToken} (the same rule on the same day creates one job)`,
  ];
  if (context.tagFilter) {
    lines.push(
      '  note:     the rule also filters on tags; the manifest filter cannot, but S3 replicates only objects the',
      '            replication configuration selects (EligibleForReplication).',
    );
  }
  lines.push(
    '',
    'Before --execute: the live replication role must still hold its permissions (Batch Replication uses it); pause',
    'Lifecycle rules on the bucket while the job runs; objects in Glacier Flexible Retrieval or Deep Archive are skipped.',
  );
  return lines.join('\n');
}
