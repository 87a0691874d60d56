/**
 * What `check-bucket` and `check-object` share: reading the bucket's replication configuration, running the whole
 * checklist per rule (recording the facts for `--save-facts`), and printing the checklists as text or JSON
 * (documented in `check.md`).
 */
import { writeFile } from 'node:fs/promises';
import { bucketNameOf } from '../../checks/derive.js';
import {
  emptyFacts,
  type Fact,
  type FactsReader,
  type FactsSnapshot,
  mergeFacts,
  type ReplicationConfigFact,
  type ReplicationRuleFact,
  setFact,
} from '../../checks/facts.js';
import { checkById, implementedCheckIds, runChecksWithFacts } from '../../checks/registry.js';
import type { CheckId, CheckResult, CheckStatus, CheckSubject, Evidence } from '../../checks/types.js';
import { oneLine, UsageError } from '../../core/errors.js';
import { type CommandInput, stringFlag } from '../command.js';
import { printJson } from '../io.js';

/** A rule's overall standing: its worst check (fail > warn > unknown > pass), or not selecting the object. */
export type RuleVerdict = 'pass' | 'fail' | 'warn' | 'unknown' | 'not-selected';

/** One check in the JSON output. */
export interface CheckEntry {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly fix?: readonly string[];
  readonly missingPermission?: string;
}

/** One rule's checklist in the JSON output. */
export interface RuleReport {
  readonly ruleId: string;
  readonly destinationBucket: string;
  /** `check-object`: whether the rule selects the object (filter and priority). */
  readonly selected?: boolean;
  readonly verdict: RuleVerdict;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly checks: readonly CheckEntry[];
  /** Why the rule does not select the object (`check-object`). */
  readonly reason?: string;
}

/** The JSON document of `check-bucket` / `check-object`. */
export interface CheckReport {
  readonly command: 'check-bucket' | 'check-object';
  readonly bucket: string;
  readonly object?: { readonly key: string; readonly versionId: string | null };
  /** `ok`: nothing fails; `failing`: some check fails; `no-configuration`, `unreadable-configuration`: no rules to
   * check; `not-selected`: no rule replicates the object. */
  readonly status: 'ok' | 'failing' | 'no-configuration' | 'unreadable-configuration' | 'not-selected';
  readonly message?: string;
  readonly rules: readonly RuleReport[];
  readonly notes: readonly string[];
}

/** Options both commands take. */
export const CHECK_OPTIONS = {
  rule: { type: 'string', multiple: true },
  facts: { type: 'string' },
  'save-facts': { type: 'string' },
} as const;

const LABEL: Record<CheckStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  unknown: 'UNKNOWN',
  skipped: 'SKIP',
};

/** The `--rule` values. */
export function ruleFlags(input: CommandInput): string[] {
  const value = input.values.rule;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** How a rule is named: its `ID`, or `#n` by position. */
export function ruleLabel(rule: ReplicationRuleFact, index: number): string {
  return rule.ID ?? `#${index + 1}`;
}

/** The rules `--rule` selects (all without it); an unknown id is a usage error naming the rules that exist. */
export function selectRules(
  bucket: string,
  config: ReplicationConfigFact,
  wanted: readonly string[],
): { rule: ReplicationRuleFact; label: string }[] {
  const all = config.Rules.map((rule, i) => ({ rule, label: ruleLabel(rule, i) }));
  if (wanted.length === 0) return all;
  const unknown = wanted.filter((id) => !all.some((r) => r.label === id));
  if (unknown.length > 0) {
    throw new UsageError(
      `bucket ${bucket} has no rule ${unknown.join(', ')}; its rules are: ${all.map((r) => r.label).join(', ') || '(none)'}`,
    );
  }
  return all.filter((r) => wanted.includes(r.label));
}

/** Runs checks through the reader and keeps every fact read, for `--save-facts`. */
export class FactsRecorder {
  private readonly snapshots: FactsSnapshot[] = [];

  constructor(readonly reader: FactsReader) {}

  async run(subject: CheckSubject, ids: readonly CheckId[] = implementedCheckIds): Promise<CheckResult[]> {
    const { results, facts } = await runChecksWithFacts(subject, ids, this.reader);
    this.snapshots.push(facts);
    return results;
  }

  /** The replication configuration of a bucket (also recorded). */
  async replication(bucket: string): Promise<Fact<ReplicationConfigFact>> {
    const request = { kind: 'bucket', bucket, fact: 'replication', side: 'source' } as const;
    const fact = await this.reader.read(request);
    const facts = emptyFacts();
    setFact(facts, request, fact);
    this.snapshots.push(facts);
    return fact;
  }

  get facts(): FactsSnapshot {
    return mergeFacts(this.snapshots);
  }
}

function entryOf(r: CheckResult): CheckEntry {
  return {
    id: r.id,
    title: checkById(r.id)?.title ?? r.id,
    status: r.status,
    summary: r.summary,
    evidence: r.evidence,
    ...(r.fix ? { fix: r.fix } : {}),
    ...(r.missingPermission ? { missingPermission: r.missingPermission } : {}),
  };
}

function countsOf(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts = { pass: 0, fail: 0, warn: 0, unknown: 0, skipped: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/** The rule's verdict from its checks. */
export function verdictOf(results: readonly CheckResult[]): RuleVerdict {
  const counts = countsOf(results);
  if (counts.fail > 0) return 'fail';
  if (counts.warn > 0) return 'warn';
  if (counts.unknown > 0) return 'unknown';
  return 'pass';
}

/** A rule's report. */
export function ruleReport(
  label: string,
  rule: ReplicationRuleFact,
  results: readonly CheckResult[],
  options: { readonly selected?: boolean; readonly reason?: string } = {},
): RuleReport {
  const selected = options.selected;
  return {
    ruleId: label,
    destinationBucket: bucketNameOf(rule.Destination.Bucket),
    ...(selected === undefined ? {} : { selected }),
    verdict: selected === false ? 'not-selected' : verdictOf(results),
    counts: countsOf(results),
    checks: results.map(entryOf),
    ...(options.reason ? { reason: options.reason } : {}),
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function evidenceLine(e: Evidence): string {
  const where = [e.source, e.field].filter(Boolean).join(' ');
  const value = e.value !== undefined ? ` = ${e.value}` : '';
  const policy = e.policy ? ` [${e.policy}${e.sid ? `, Sid ${e.sid}` : ''}]` : '';
  return `${where}${value}${policy}`;
}

/** The checklist of one rule as text. */
function ruleText(report: RuleReport): string {
  const c = report.counts;
  const head = `Rule ${report.ruleId} -> ${report.destinationBucket}: ${report.verdict.toUpperCase()} (${c.fail} fail, ${c.warn} warn, ${c.unknown} unknown, ${c.pass} pass, ${c.skipped} skipped)`;
  const lines = [head];
  if (report.reason && !report.checks.some((check) => report.reason?.includes(check.summary))) {
    lines.push(`  ${report.reason}`);
  }
  const width = Math.max(0, ...report.checks.map((check) => check.id.length));
  for (const check of report.checks) {
    lines.push(`  ${LABEL[check.status]} ${check.id.padEnd(width)}  ${check.summary}`);
    if (check.status === 'pass' || check.status === 'skipped') continue;
    for (const e of check.evidence.slice(0, 4)) lines.push(`       evidence: ${evidenceLine(e)}`);
    if (check.missingPermission) lines.push(`       the doctor lacks ${check.missingPermission}`);
    for (const fix of check.fix ?? [])
      lines.push(indent(fix, '       fix: ').replace(/\n {7}fix: /g, '\n            '));
  }
  return lines.join('\n');
}

/** The whole report as text. */
export function reportText(report: CheckReport): string {
  const target =
    report.object === undefined
      ? report.bucket
      : `s3://${report.bucket}/${report.object.key}${report.object.versionId ? ` (version ${report.object.versionId})` : ''}`;
  const failing = report.rules.filter((r) => r.verdict === 'fail').length;
  const lines = [
    `${report.command} ${target}: ${report.message ?? `${report.rules.length} rule(s), ${failing} failing`}`,
    '',
  ];
  for (const rule of report.rules) lines.push(ruleText(rule), '');
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Exit code: 1 when any selected rule has a failing check or there is no replication configuration; warnings do
 * not count. (An unreadable configuration is a usage error: see {@link finish}.) */
export function exitCodeOf(report: CheckReport): number {
  if (report.status !== 'ok' && report.status !== 'failing') return 1;
  return report.rules.some((r) => r.verdict === 'fail') ? 1 : 0;
}

/** The report's status from its rules. */
export function statusOf(rules: readonly RuleReport[]): CheckReport['status'] {
  return rules.some((r) => r.verdict === 'fail') ? 'failing' : 'ok';
}

/** Why a bucket has no rules to check, as a report. */
export function configurationProblem(
  command: CheckReport['command'],
  bucket: string,
  fact: Exclude<Fact<ReplicationConfigFact>, { state: 'ok' }>,
  object?: CheckReport['object'],
): CheckReport {
  const base = { command, bucket, ...(object ? { object } : {}), rules: [], notes: [] };
  if (fact.state === 'absent') {
    const what =
      fact.code === 'NoSuchBucket'
        ? `bucket ${bucket} does not exist`
        : `bucket ${bucket} has no replication configuration`;
    return {
      ...base,
      status: 'no-configuration',
      message: `${what} (${fact.code}): nothing is replicated from it. Set up replication first (aws s3api put-bucket-replication --bucket ${bucket} ...).`,
    };
  }
  const lacks = fact.missingPermission ? ` (the caller lacks ${fact.missingPermission})` : '';
  return {
    ...base,
    status: 'unreadable-configuration',
    message: `cannot read the replication configuration of ${bucket}: ${fact.reason}${lacks}`,
  };
}

/** Prints the report (text or JSON), saves the facts when asked, and returns the exit code. */
export async function finish(input: CommandInput, report: CheckReport, recorder: FactsRecorder): Promise<number> {
  const { io } = input;
  const saveTo = stringFlag(input, 'save-facts');
  if (saveTo !== undefined) {
    try {
      await writeFile(saveTo, `${JSON.stringify(recorder.facts, null, 2)}\n`, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot write facts snapshot ${saveTo}: ${oneLine(error)}`, { cause: error });
    }
    io.stderr(`facts saved to ${saveTo}; replay offline with --facts ${saveTo}\n`);
  }
  // Nothing could be checked (AWS unreachable, the caller may not read the configuration): not a finding, but an
  // input the command could not read, so exit 2 with one line, as for missing credentials.
  if (report.status === 'unreadable-configuration') throw new UsageError(report.message ?? 'nothing could be checked');
  if (input.values.json === true) printJson(io, report);
  else io.stdout(reportText(report));
  return exitCodeOf(report);
}
