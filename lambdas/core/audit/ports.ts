/**
 * The audit's outbound ports. Adapters: `adapters/audit-facts.ts` (S3 `ListBuckets`, `GetBucketNotificationConfiguration`)
 * and `adapters/audit-state.ts` (DynamoDB item or memory).
 */
import type { Fact } from '../../checks/facts.js';
import type { AuditState } from './state.js';
import type { BucketListingFact, NotificationConfigFact } from './types.js';

/** Reads what the audit needs besides the check facts. Never throws: failures come back as `unknown` facts. */
export interface AuditFactsSource {
  /** The account's general purpose buckets in one Region (`ListBuckets` with `BucketRegion`). */
  listBuckets(region: string): Promise<Fact<readonly BucketListingFact[]>>;
  /** A bucket's notification configuration, asked in the bucket's Region when known. */
  notificationConfiguration(bucket: string, region?: string): Promise<Fact<NotificationConfigFact>>;
}

/** Where the auditor keeps its findings between runs. Throws `StoreError`. */
export interface AuditStateStore {
  /** The last saved state; `undefined` before the first run. */
  load(): Promise<AuditState | undefined>;
  save(state: AuditState): Promise<void>;
}
