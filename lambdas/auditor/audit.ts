/**
 * One audit run, shared by the scheduled auditor and `replication-doctor audit`: reads each configured source bucket
 * and every other bucket of the account and Region that replicates (through the facts reader and the audit facts
 * source), runs the targeted checks per rule, and judges the findings with the pure `core/audit`.
 */
import { bucketNameOf } from '../checks/derive.js';
import type { BucketOwnerFact, Fact, FactsReader, ReplicationConfigFact } from '../checks/facts.js';
import { implementedCheckIds, runChecks } from '../checks/registry.js';
import type { CheckId, CheckSubject } from '../checks/types.js';
import { auditBucketFindings, fleetUnverifiedFinding } from '../core/audit/findings.js';
import type { AuditFactsSource } from '../core/audit/ports.js';
import { type AuditedBucket, type AuditReport, auditReportOf, describeBucket } from '../core/audit/report.js';
import {
  type AuditFinding,
  type BucketAuditInput,
  type NotificationConfigFact,
  type RuleAuditFacts,
  ruleKey,
} from '../core/audit/types.js';
import { forEachLimited } from '../core/concurrency.js';

/** Checks about one object: they need a key, which an audit of the setup does not have. */
const OBJECT_CHECKS: ReadonlySet<CheckId> = new Set(['source-object', 'rule-filter']);

/** The checks an audit runs per rule: every implemented check about the setup (policy checks join as they land). */
export function auditCheckIds(): CheckId[] {
  return implementedCheckIds.filter((id) => !OBJECT_CHECKS.has(id));
}

export interface AuditDeps {
  /** Facts for the checks; give each run a fresh cache so that a fix shows at the next run. */
  readonly facts: FactsReader;
  readonly source: AuditFactsSource;
}

/** How far a run got, for progress displays. */
export interface AuditProgress {
  readonly done: number;
  readonly total: number;
  readonly bucket?: string;
}

export interface AuditOptions {
  /** The Region audited (the deployment's): `ListBuckets` is filtered to it. */
  readonly region: string;
  /** The configured source buckets. */
  readonly sourceBuckets: readonly string[];
  /** The responder's queue; without it, notification findings say "could not verify". */
  readonly eventQueueArn?: string;
  readonly destinationAllowList?: readonly string[];
  /**
   * The account's other buckets: `off`; `coverage` (configuration and notifications only, no extra reads per rule);
   * `full` (the checks as well).
   * @default 'coverage'
   */
  readonly fleet?: 'off' | 'coverage' | 'full';
  /** Keys seen in failure events, per source bucket. */
  readonly failureKeys?: ReadonlyMap<string, readonly string[]>;
  /** @default auditCheckIds() */
  readonly checkIds?: readonly CheckId[];
  /** Buckets audited at once. @default 4 */
  readonly concurrency?: number;
  readonly onProgress?: (progress: AuditProgress) => void;
  /** ISO 8601 time of the run. */
  readonly at: string;
}

interface Target {
  readonly bucket: string;
  readonly configured: boolean;
  readonly region?: string;
}

async function bucketRegion(facts: FactsReader, target: Target): Promise<string | undefined> {
  if (target.region !== undefined) return target.region;
  const location = await facts.read({ kind: 'bucket', bucket: target.bucket, fact: 'location', side: 'source' });
  return location.state === 'ok' ? location.value.region : undefined;
}

async function ruleFacts(
  deps: AuditDeps,
  options: AuditOptions,
  target: Target,
  config: ReplicationConfigFact,
  accountId: string | undefined,
): Promise<Record<string, RuleAuditFacts>> {
  const runAll = target.configured || options.fleet === 'full';
  const ids = options.checkIds ?? auditCheckIds();
  const allowList = options.destinationAllowList ?? [];
  const rules: Record<string, RuleAuditFacts> = {};
  // One rule after another: their facts overlap (role, source bucket) and the reader shares what it read.
  for (const [index, rule] of config.Rules.entries()) {
    const key = ruleKey(rule, index);
    const destinationBucket = bucketNameOf(rule.Destination.Bucket);
    let destinationOwner: Fact<BucketOwnerFact> | undefined;
    if (allowList.length > 0 && rule.Destination.Account === undefined && destinationBucket !== '') {
      destinationOwner = await deps.facts.read({
        kind: 'bucket',
        bucket: destinationBucket,
        fact: 'owner',
        side: 'destination',
      });
    }
    let checks: RuleAuditFacts['checks'];
    if (runAll && rule.Status === 'Enabled') {
      const subject: CheckSubject = {
        sourceBucket: target.bucket,
        destinationBucket,
        ...(rule.ID !== undefined && rule.ID !== '' ? { ruleId: rule.ID } : {}),
        sourceRegion: options.region,
        ...(accountId !== undefined ? { sourceAccount: accountId } : {}),
      };
      checks = await runChecks(subject, ids, deps.facts);
    }
    rules[key] = {
      ...(checks !== undefined ? { checks } : {}),
      ...(destinationOwner !== undefined ? { destinationOwner } : {}),
    };
  }
  return rules;
}

async function auditOne(
  deps: AuditDeps,
  options: AuditOptions,
  target: Target,
  accountId: string | undefined,
): Promise<AuditedBucket | undefined> {
  const replication = await deps.facts.read({
    kind: 'bucket',
    bucket: target.bucket,
    fact: 'replication',
    side: 'source',
  });
  // Buckets outside the deployment matter only when they replicate.
  if (!target.configured && replication.state === 'absent') return undefined;
  const region = await bucketRegion(deps.facts, target);
  let notifications: Fact<NotificationConfigFact> | undefined;
  let rules: Record<string, RuleAuditFacts> | undefined;
  if (replication.state === 'ok') {
    if (replication.value.Rules.some((rule) => rule.Status === 'Enabled')) {
      notifications = await deps.source.notificationConfiguration(target.bucket, region);
    }
    rules = await ruleFacts(deps, options, target, replication.value, accountId);
  }
  const failureKeys = options.failureKeys?.get(target.bucket);
  const input: BucketAuditInput = {
    bucket: target.bucket,
    configured: target.configured,
    replication,
    ...(notifications !== undefined ? { notifications } : {}),
    ...(options.eventQueueArn !== undefined ? { eventQueueArn: options.eventQueueArn } : {}),
    ...(rules !== undefined ? { rules } : {}),
    destinationAllowList: options.destinationAllowList ?? [],
    ...(accountId !== undefined ? { accountId } : {}),
    ...(failureKeys !== undefined ? { failureKeys } : {}),
  };
  return describeBucket(input, auditBucketFindings(input), region);
}

/** Runs one audit. Never throws for AWS failures: what cannot be read becomes an info finding "could not verify". */
export async function runAudit(deps: AuditDeps, options: AuditOptions): Promise<AuditReport> {
  const caller = await deps.facts.read({ kind: 'caller' });
  const accountId = caller.state === 'ok' ? caller.value.Account : undefined;
  const configured = [...new Set(options.sourceBuckets)];
  const targets: Target[] = configured.map((bucket) => ({ bucket, configured: true }));
  const accountFindings: AuditFinding[] = [];
  if ((options.fleet ?? 'coverage') !== 'off') {
    const listing = await deps.source.listBuckets(options.region);
    if (listing.state === 'ok') {
      const known = new Set(configured);
      for (const bucket of listing.value) {
        if (known.has(bucket.Name)) continue;
        targets.push({
          bucket: bucket.Name,
          configured: false,
          ...(bucket.BucketRegion !== undefined ? { region: bucket.BucketRegion } : {}),
        });
      }
    } else if (listing.state === 'unknown') {
      accountFindings.push(fleetUnverifiedFinding(listing.reason, listing.missingPermission));
    }
  }
  const results: (AuditedBucket | undefined)[] = Array.from({ length: targets.length }, () => undefined);
  let done = 0;
  options.onProgress?.({ done, total: targets.length });
  await forEachLimited(
    targets.map((target, index) => ({ target, index })),
    options.concurrency ?? 4,
    async ({ target, index }) => {
      results[index] = await auditOne(deps, options, target, accountId);
      done += 1;
      options.onProgress?.({ done, total: targets.length, bucket: target.bucket });
    },
  );
  const buckets = results.filter((b): b is AuditedBucket => b !== undefined);
  return auditReportOf(buckets, accountFindings, {
    at: options.at,
    region: options.region,
    ...(accountId !== undefined ? { accountId } : {}),
  });
}
