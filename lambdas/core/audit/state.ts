/**
 * What the auditor keeps between runs: the findings of the last run, compact and bounded, so the next run can tell
 * what changed. Stored as one DynamoDB item (at most 400 KB) or in memory.
 */
import { CATEGORIES, type Category, SEVERITIES, type Severity } from '../types.js';
import { sortFindings } from './findings.js';
import type { AuditFinding } from './types.js';

export const AUDIT_STATE_VERSION = 1;
/** Budget of the stored findings, as JSON: DynamoDB items are at most 400 KB. */
export const MAX_AUDIT_STATE_BYTES = 300_000;
const MAX_TITLE_CHARS = 200;

/** A finding as kept between runs: enough to compare and to name it when it is resolved. */
export interface StoredFinding {
  readonly id: string;
  readonly bucket: string;
  readonly ruleId?: string;
  readonly kind: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly title: string;
}

export interface AuditState {
  readonly version: typeof AUDIT_STATE_VERSION;
  /** ISO 8601 time of the run that saved it. */
  readonly savedAt: string;
  readonly findings: readonly StoredFinding[];
  /** Findings of that run, including any left out to fit the budget. */
  readonly total: number;
  /** Some (the least severe) findings were left out to fit the budget. */
  readonly truncated: boolean;
}

function stored(finding: AuditFinding): StoredFinding {
  const title =
    finding.title.length > MAX_TITLE_CHARS ? `${finding.title.slice(0, MAX_TITLE_CHARS - 1)}…` : finding.title;
  return {
    id: finding.id,
    bucket: finding.bucket,
    ...(finding.ruleId !== undefined ? { ruleId: finding.ruleId } : {}),
    kind: finding.kind,
    severity: finding.severity,
    category: finding.category,
    title,
  };
}

/** The state to save after a run: most severe findings first, as many as fit `maxBytes` of JSON. */
export function auditStateOf(
  findings: readonly AuditFinding[],
  savedAt: string,
  maxBytes = MAX_AUDIT_STATE_BYTES,
): AuditState {
  const kept: StoredFinding[] = [];
  let bytes = 2;
  for (const finding of sortFindings(findings)) {
    const entry = stored(finding);
    const size = Buffer.byteLength(JSON.stringify(entry), 'utf8') + 1;
    if (bytes + size > maxBytes) break;
    bytes += size;
    kept.push(entry);
  }
  return {
    version: AUDIT_STATE_VERSION,
    savedAt,
    findings: kept,
    total: findings.length,
    truncated: kept.length < findings.length,
  };
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Reads a stored state leniently: entries that do not have the expected shape are dropped, not fatal. */
export function parseAuditState(value: unknown): AuditState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const doc = value as Record<string, unknown>;
  if (doc.version !== AUDIT_STATE_VERSION || !Array.isArray(doc.findings)) return undefined;
  const findings: StoredFinding[] = [];
  for (const entry of doc.findings as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const item = entry as Record<string, unknown>;
    const id = text(item.id);
    const severity = oneOf(SEVERITIES, item.severity);
    if (id === undefined || severity === undefined) continue;
    const ruleId = text(item.ruleId);
    findings.push({
      id,
      bucket: text(item.bucket) ?? '-',
      ...(ruleId !== undefined ? { ruleId } : {}),
      kind: text(item.kind) ?? '-',
      severity,
      category: oneOf(CATEGORIES, item.category) ?? 'configuration',
      title: text(item.title) ?? id,
    });
  }
  return {
    version: AUDIT_STATE_VERSION,
    savedAt: text(doc.savedAt) ?? '',
    findings,
    total: typeof doc.total === 'number' ? doc.total : findings.length,
    truncated: doc.truncated === true,
  };
}
