import { ruleSubject } from '../../checks/derive.js';
import type { CheckResult } from '../../checks/types.js';
import { UsageError } from '../../core/errors.js';
import { AWS_OPTIONS, COMMON_OPTIONS, type Command, stringFlag } from '../command.js';
import { factsReaderFor } from '../live.js';
import {
  CHECK_OPTIONS,
  type CheckReport,
  configurationProblem,
  FactsRecorder,
  finish,
  type RuleReport,
  ruleFlags,
  ruleReport,
  selectRules,
  statusOf,
} from './check-report.js';

/** `s3://bucket/key` → bucket and key (the key as typed: not URL-decoded). */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match?.[1] || !match[2]) throw new UsageError(`expected s3://<bucket>/<key>, got ${uri}`);
  return { bucket: match[1], key: match[2] };
}

/**
 * `check-object s3://bucket/key [--version-id V] [--rule R]…`: which rules select the object (prefix and tags,
 * case-sensitive; the highest priority among rules towards one destination), then the whole checklist for each of
 * them, object checks included (no replication status: an existing object, for Batch Replication). Exit 0: a rule
 * selects it and nothing fails; 1: no rule selects it, or a check fails; 2: bad usage. See `check.md`.
 */
export const checkObjectCommand: Command = {
  name: 'check-object',
  maxPositionals: 1,
  summary: 'Walk the whole replication checklist for one object: which rules select it, and would they work',
  usage:
    'replication-doctor check-object s3://<bucket>/<key> [--version-id V] [--rule R]... [--save-facts FILE | --facts FILE] [--profile P] [--region R] [--json]',
  options: { ...COMMON_OPTIONS, ...AWS_OPTIONS, ...CHECK_OPTIONS, 'version-id': { type: 'string' } },
  async run(input) {
    const [uri] = input.positionals;
    if (uri === undefined) throw new UsageError('check-object needs s3://<bucket>/<key>');
    const { bucket, key } = parseS3Uri(uri);
    const versionId = stringFlag(input, 'version-id');
    const object = { key, ...(versionId ? { versionId } : {}) };
    const objectJson = { key, versionId: versionId ?? null };
    const recorder = new FactsRecorder(await factsReaderFor(input));
    const config = await recorder.replication(bucket);
    if (config.state !== 'ok') {
      return finish(input, configurationProblem('check-object', bucket, config, objectJson), recorder);
    }
    const candidates: { rule: (typeof config.value.Rules)[number]; label: string; filter: CheckResult }[] = [];
    const rules: RuleReport[] = [];
    for (const { rule, label } of selectRules(bucket, config.value, ruleFlags(input))) {
      const [filter] = await recorder.run(ruleSubject(bucket, rule, object), ['rule-filter']);
      if (filter && filter.status === 'fail') {
        rules.push(
          ruleReport(label, rule, [filter], {
            selected: false,
            reason: `The rule does not select this object: ${filter.summary}`,
          }),
        );
      } else if (filter) candidates.push({ rule, label, filter });
    }
    // Among rules towards the same destination, S3 applies the one with the highest priority.
    for (const candidate of candidates) {
      const destination = candidate.rule.Destination.Bucket;
      const better = candidates.find(
        (other) =>
          other !== candidate &&
          other.rule.Destination.Bucket === destination &&
          (other.rule.Priority ?? 0) > (candidate.rule.Priority ?? 0),
      );
      if (better) {
        rules.push(
          ruleReport(candidate.label, candidate.rule, [candidate.filter], {
            selected: false,
            reason: `Rule ${better.label} (priority ${better.rule.Priority ?? 0}) also selects this object towards the same destination and wins over priority ${candidate.rule.Priority ?? 0}.`,
          }),
        );
        continue;
      }
      rules.push(
        ruleReport(candidate.label, candidate.rule, await recorder.run(ruleSubject(bucket, candidate.rule, object)), {
          selected: true,
        }),
      );
    }
    const selected = rules.filter((r) => r.selected === true);
    const report: CheckReport = {
      command: 'check-object',
      bucket,
      object: objectJson,
      status: selected.length === 0 ? 'not-selected' : statusOf(selected),
      ...(selected.length === 0
        ? {
            message: `no replication rule of ${bucket} selects this object (${rules.length} rule(s) checked): it will not be replicated`,
          }
        : {}),
      rules,
      notes:
        selected.length === 0
          ? [
              'rule filters are case-sensitive, and tags count only when present at creation; widen a rule (or fix the key or tags), then replicate the object with S3 Batch Replication.',
            ]
          : [],
    };
    return finish(input, report, recorder);
  },
};
