import type { IncidentReport } from './report.js';
import type { AlertType } from './types.js';

/**
 * Rendering of SNS alerts. Limits from the SNS Publish API reference
 * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html): `Subject` must be under 100 characters with no
 * line breaks or control characters; `Message` at most 256 KB including attributes; attribute values must not hold
 * surrogate characters and SNS rejects empty values.
 */

/** Subject limit: fewer than 100 characters. */
export const MAX_SUBJECT_CHARS = 99;
/** Message budget: 256 KB minus room for the attributes (10 × 256 characters of 4 bytes at most). */
export const MAX_MESSAGE_BYTES = 262_144 - 12_288;
/** Bound on one attribute value. */
export const MAX_ATTRIBUTE_CHARS = 256;
/** Bound on one object key as shown in an alert (S3 keys are at most 1,024 bytes). */
const MAX_KEY_CHARS = 1_100;

// Control characters (C0, DEL, C1), line and paragraph separators, and everything outside the BMP or unpaired
// surrogates (SNS attribute values must not hold surrogate characters).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are stripped from SNS fields.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SURROGATES = /[\ud800-\udfff]/g;

/** Makes a value safe for a one-line field: control characters and surrogates become `?`, whitespace collapses. */
export function oneLineSafe(value: string): string {
  return value.replace(SURROGATES, '?').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

function truncateChars(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, Math.max(0, max - 3))}...`;
}

/** A message attribute value per SPEC: sanitised, bounded, and `-` when it does not apply. */
export function attributeValue(value: string | undefined): string {
  const safe = truncateChars(oneLineSafe(value ?? ''), MAX_ATTRIBUTE_CHARS);
  return safe.length === 0 ? '-' : safe;
}

/** Shows an object key in a text alert: control characters escaped visibly, length bounded. */
export function displayKey(key: string): string {
  const escaped = key.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return truncateChars(
    escaped.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?'),
    MAX_KEY_CHARS,
  );
}

/** An SNS subject: one line, printable, under 100 characters whatever the input. */
export function subjectLine(text: string): string {
  const safe = truncateChars(oneLineSafe(text), MAX_SUBJECT_CHARS);
  return safe.length === 0 ? 'S3 replication alert' : safe;
}

/** Cuts a text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function boundBytes(text: string, maxBytes = MAX_MESSAGE_BYTES): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const marker = '\n\n[message truncated to fit the SNS size limit]\n';
  const budget = maxBytes - Buffer.byteLength(marker, 'utf8');
  const buffer = Buffer.from(text, 'utf8').subarray(0, budget);
  // Drop a partial trailing character: decoding would turn it into U+FFFD.
  let cut = buffer.toString('utf8');
  if (cut.endsWith('\ufffd')) cut = cut.slice(0, -1);
  return cut + marker;
}

/** SNS message attributes, as the Publish API takes them. Every value is a `String`. */
export type MessageAttributes = Record<string, { DataType: 'String'; StringValue: string }>;

/** The attribute fields SPEC fixes. */
export interface AlertAttributes {
  readonly failureReason?: string;
  readonly category?: string;
  readonly severity?: string;
  readonly sourceBucket?: string;
  readonly destinationBucket?: string;
  readonly ruleId?: string;
  readonly incidentId?: string;
  readonly alertType: AlertType;
}

export function messageAttributes(fields: AlertAttributes): MessageAttributes {
  const names = [
    'failureReason',
    'category',
    'severity',
    'sourceBucket',
    'destinationBucket',
    'ruleId',
    'incidentId',
    'alertType',
  ] as const;
  const attributes: MessageAttributes = {};
  for (const name of names) attributes[name] = { DataType: 'String', StringValue: attributeValue(fields[name]) };
  return attributes;
}

/** A rendered alert, ready for SNS Publish. */
export interface Alert {
  readonly subject: string;
  readonly message: string;
  readonly attributes: MessageAttributes;
}

const STATUS_LABEL: Record<string, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  unknown: 'UNKNOWN',
  skipped: 'SKIP',
};

const FAILED_OBJECTS_NOTE =
  'Objects whose replication status is FAILED are never retried by S3, are not expired by lifecycle rules ' +
  'while they wait, and keep costing storage: after the fix, re-replicate them with S3 Batch Replication ' +
  '(replication-doctor redrive --incident <id>).';

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : ['', title, ...lines];
}

function incidentHeader(report: IncidentReport, alertType: AlertType): string[] {
  return [
    `S3 replication ${alertType === 'digest' ? 'failures continue' : 'failure'}: ${oneLineSafe(report.title)}`,
    '',
    `Severity:      ${report.severity.toUpperCase()} (${report.category})`,
    `Failure:       ${oneLineSafe(report.failureReason)}${report.failureReason !== report.canonicalReason ? ` (now spelled ${report.canonicalReason})` : ''}${report.known ? '' : ' (not in the catalog: unclassified)'}`,
    `Source:        ${report.sourceBucket} (${oneLineSafe(report.awsRegion)})`,
    `Destination:   ${report.destinationBucket}`,
    `Rule:          ${oneLineSafe(report.ruleId)}`,
    `Incident:      ${report.incidentId}`,
    `Objects:       ${report.objectCount} failed between ${report.firstSeen} and ${report.lastSeen}`,
  ];
}

function sampleLines(report: IncidentReport): string[] {
  return report.samples.map(
    (s) => `  - ${displayKey(s.key)}${s.versionId ? ` (version ${displayKey(s.versionId)})` : ''}`,
  );
}

/** The `new` alert: what failed, the verdict, what was checked, likely causes, how to fix, samples, docs. */
export function renderNewAlert(report: IncidentReport): Alert {
  const checkLines = report.checks.map((c) => {
    const extra = c.missingPermission ? ` (the doctor lacks ${c.missingPermission})` : '';
    return `  [${STATUS_LABEL[c.status] ?? c.status}] ${c.id}: ${oneLineSafe(c.summary)}${extra}`;
  });
  const causes =
    report.verdict.outcome === 'not-checked'
      ? section(
          'LIKELY CAUSES (from the catalog, most likely first; not verified in the account)',
          report.likelyCauses.map((c, i) => `  ${i + 1}. ${c}`),
        )
      : [
          ...section(
            'CONFIRMED',
            report.verdict.confirmed.map((c) => `  - ${c}`),
          ),
          ...section(
            'RULED OUT',
            report.verdict.ruledOut.map((c) => `  - ${c}`),
          ),
          ...section(
            'NOT CHECKED',
            report.verdict.unchecked.map((c) => `  - ${c}`),
          ),
        ];
  const lines = [
    ...incidentHeader(report, 'new'),
    '',
    'VERDICT',
    `  ${report.summary}`,
    '',
    'WHAT THE CODE MEANS',
    `  ${report.meaning}`,
    ...section('CHECKED LIVE IN THE ACCOUNT', checkLines),
    ...causes,
    ...section(
      'HOW TO FIX',
      report.remediation.map((step, i) => `  ${i + 1}. ${step.replace(/\n/g, '\n     ')}`),
    ),
    ...section('SAMPLE FAILED OBJECTS', sampleLines(report)),
    ...(report.batchReplicationOnly ? [] : ['', FAILED_OBJECTS_NOTE.replace('<id>', report.incidentId)]),
    ...section(
      'DOCS',
      report.docs.map((d) => `  ${d}`),
    ),
    '',
    `Later failures of this incident are summarised in digest alerts. Details: replication-doctor incidents --id ${report.incidentId}`,
  ];
  return {
    subject: subjectLine(
      `[${report.severity.toUpperCase()}] S3 replication: ${report.canonicalReason} ${report.sourceBucket} -> ${report.destinationBucket}`,
    ),
    message: boundBytes(lines.join('\n')),
    attributes: messageAttributes({ ...attributeFieldsOf(report), alertType: 'new' }),
  };
}

/** The attribute fields of an incident report. */
export function attributeFieldsOf(report: IncidentReport): Omit<AlertAttributes, 'alertType'> {
  return {
    failureReason: report.failureReason,
    category: report.category,
    severity: report.severity,
    sourceBucket: report.sourceBucket,
    destinationBucket: report.destinationBucket,
    ruleId: report.ruleId,
    incidentId: report.incidentId,
  };
}

/** Counts a digest reports: what happened since the last alert, and in total. */
export interface DigestCounts {
  readonly newObjects: number;
  readonly totalObjects: number;
  readonly since: string;
  readonly sampleKeys: readonly string[];
}

/** The `digest` alert: how many more objects failed since the last alert, with sample keys. */
export function renderDigestAlert(report: IncidentReport, counts: DigestCounts): Alert {
  const lines = [
    ...incidentHeader({ ...report, objectCount: counts.totalObjects }, 'digest'),
    '',
    `${counts.newObjects} more object(s) failed since ${counts.since}; ${counts.totalObjects} in total since ${report.firstSeen}.`,
    `Diagnosis (from the first alert): ${report.summary}`,
    ...section(
      'SAMPLE FAILED OBJECTS (since the last alert)',
      counts.sampleKeys.map((k) => `  - ${displayKey(k)}`),
    ),
    ...section(
      'HOW TO FIX',
      report.remediation.slice(0, 5).map((step, i) => `  ${i + 1}. ${step.replace(/\n/g, '\n     ')}`),
    ),
    '',
    FAILED_OBJECTS_NOTE.replace('<id>', report.incidentId),
  ];
  return {
    subject: subjectLine(
      `[${report.severity.toUpperCase()}] S3 replication: ${counts.newObjects} more ${report.canonicalReason} ${report.sourceBucket} -> ${report.destinationBucket}`,
    ),
    message: boundBytes(lines.join('\n')),
    attributes: messageAttributes({ ...attributeFieldsOf(report), alertType: 'digest' }),
  };
}

/** What a `resolved` alert reports besides the incident's report. */
export interface ResolvedDetails {
  /** ISO 8601 time the incident was resolved. */
  readonly resolvedAt: string;
  /** Objects that failed in the incident (its stored count). */
  readonly objectCount: number;
  /** ISO 8601 time of the last failure, and the quiet period that followed it, in seconds. */
  readonly quietSince?: string;
  readonly quietSeconds?: number;
  /** The rule-level checks run just before resolving (`verifyRule` results), if any. */
  readonly checks?: readonly { readonly id: string; readonly status: string; readonly summary: string }[];
}

/**
 * The `resolved` alert: the incident had no new failure for the quiet period and its rule's checks pass now. It
 * says what was verified and that the objects that already failed still need a redrive.
 */
export function renderResolvedAlert(report: IncidentReport, details: ResolvedDetails): Alert {
  const checks = details.checks ?? [];
  const passed = checks.filter((c) => c.status === 'pass').length;
  const unverified = checks.filter((c) => c.status === 'unknown' || c.status === 'warn');
  const quiet =
    details.quietSince !== undefined
      ? `No new ${report.canonicalReason} failure for this rule since ${details.quietSince}${details.quietSeconds !== undefined ? ` (quiet period ${details.quietSeconds} s)` : ''}.`
      : `No new ${report.canonicalReason} failure for this rule during the quiet period.`;
  const checkSummary =
    checks.length === 0
      ? 'The replication rule was re-checked and no check fails now.'
      : `The replication rule was re-checked: ${passed} of ${checks.length} checks pass and none fails${unverified.length > 0 ? `; ${unverified.length} could not be confirmed (listed below)` : ''}.`;
  const lines = [
    `S3 replication failure resolved: ${oneLineSafe(report.title)}`,
    '',
    `Severity:      ${report.severity.toUpperCase()} (${report.category}) while open`,
    `Failure:       ${oneLineSafe(report.failureReason)}${report.failureReason !== report.canonicalReason ? ` (now spelled ${report.canonicalReason})` : ''}`,
    `Source:        ${report.sourceBucket} (${oneLineSafe(report.awsRegion)})`,
    `Destination:   ${report.destinationBucket}`,
    `Rule:          ${oneLineSafe(report.ruleId)}`,
    `Incident:      ${report.incidentId}`,
    `Objects:       ${details.objectCount} failed between ${report.firstSeen} and ${report.lastSeen}`,
    `Resolved at:   ${details.resolvedAt}`,
    '',
    'WHAT WAS VERIFIED',
    `  - ${quiet}`,
    `  - ${checkSummary}`,
    ...section(
      'CHECKED JUST NOW',
      checks.map((c) => `  [${STATUS_LABEL[c.status] ?? c.status}] ${c.id}: ${oneLineSafe(c.summary)}`),
    ),
    '',
    `Objects that failed during the incident are still FAILED. ${FAILED_OBJECTS_NOTE.replace('<id>', report.incidentId)}`,
    `Plan it now: replication-doctor redrive --incident ${report.incidentId}`,
    '',
    `If the failure comes back, the incident re-opens with a new alert. History: replication-doctor incidents --id ${report.incidentId}`,
  ];
  return {
    subject: subjectLine(
      `[RESOLVED] S3 replication: ${report.canonicalReason} ${report.sourceBucket} -> ${report.destinationBucket}`,
    ),
    message: boundBytes(lines.join('\n')),
    attributes: messageAttributes({ ...attributeFieldsOf(report), alertType: 'resolved' }),
  };
}
