/**
 * The failure catalog: one entry per `failureReason` S3 documents, looked up by current or former spelling.
 * Source of the list: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html#replication-failure-codes
 * (34 codes, checked against the page), plus the S3 on Outposts list
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/outposts-replication-eventbridge.html).
 */
import { BATCH_ENTRIES } from './batch.js';
import { BUCKET_ENTRIES } from './buckets.js';
import { ENCRYPTION_ENTRIES } from './encryption.js';
import { OBJECT_LOCK_ENTRIES } from './object-lock.js';
import { OBJECT_ENTRIES } from './objects.js';
import { OUTPOSTS_ENTRIES } from './outposts.js';
import { PERMISSION_ENTRIES } from './permissions.js';
import type { CatalogEntry, CatalogLookup } from './types.js';
import { UNCLASSIFIED } from './unclassified.js';

export type { CatalogEntry, CatalogLookup, LikelyCause, RemediationContext } from './types.js';
export { GENERAL_CHECKLIST, UNCLASSIFIED } from './unclassified.js';

/** Every known failure reason, sorted by code. */
export const CATALOG: readonly CatalogEntry[] = [
  ...PERMISSION_ENTRIES,
  ...ENCRYPTION_ENTRIES,
  ...BUCKET_ENTRIES,
  ...OBJECT_LOCK_ENTRIES,
  ...OBJECT_ENTRIES,
  ...BATCH_ENTRIES,
  ...OUTPOSTS_ENTRIES,
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

function buildIndex(entries: readonly CatalogEntry[]): ReadonlyMap<string, CatalogEntry> {
  const index = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    for (const spelling of [entry.code, ...entry.formerSpellings]) {
      if (index.has(spelling)) throw new Error(`Failure catalog lists ${spelling} twice`);
      index.set(spelling, entry);
    }
  }
  return index;
}

// A Map, not an object literal, so `constructor` or `__proto__` never resolve to something.
const BY_SPELLING = buildIndex(CATALOG);

/**
 * Looks a `failureReason` up: exact and case-sensitive, current or former spelling, ignoring surrounding whitespace
 * (the AWS page itself writes `DstVersionNotFound ` with a trailing space). Anything else is `known: false` with the
 * {@link UNCLASSIFIED} entry.
 */
export function lookupReason(code: string): CatalogLookup {
  const trimmed = code.trim();
  const entry = BY_SPELLING.get(trimmed);
  return entry === undefined
    ? { failureReason: code, canonicalReason: trimmed, known: false, entry: UNCLASSIFIED }
    : { failureReason: code, canonicalReason: entry.code, known: true, entry };
}

/** The current spelling of a code (`DstPutObjNotPermitted` → `DstPutObjectNotPermitted`); unknown codes come back trimmed. */
export function canonicalReason(code: string): string {
  return lookupReason(code).canonicalReason;
}
