import { ruleSubject } from '../../checks/derive.js';
import { UsageError } from '../../core/errors.js';
import { AWS_OPTIONS, COMMON_OPTIONS, type Command } from '../command.js';
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

/** Said once per run: what no rule-level check can see. */
const EXISTING_OBJECTS_NOTE =
  'objects that existed before a rule (or were skipped while it was broken) have no replication status and are never replicated by live replication: check one with replication-doctor check-object s3://<bucket>/<key>, and replicate them with S3 Batch Replication (replication-doctor redrive <bucket> --rule <rule>).';

/**
 * `check-bucket <bucket> [--rule R]…`: the whole checklist (every implemented check) for each rule of the bucket, with
 * no failure event needed. Exit 0: nothing fails (warnings and unknowns do not count); 1: a check fails, or the
 * bucket has no (readable) replication configuration; 2: bad usage or no credentials. See `check.md`.
 */
export const checkBucketCommand: Command = {
  name: 'check-bucket',
  maxPositionals: 1,
  summary: "Walk the whole replication checklist for a bucket's rules (no failure event needed)",
  usage:
    'replication-doctor check-bucket <bucket> [--rule R]... [--save-facts FILE | --facts FILE] [--profile P] [--region R] [--json]',
  options: { ...COMMON_OPTIONS, ...AWS_OPTIONS, ...CHECK_OPTIONS },
  async run(input) {
    const [bucket] = input.positionals;
    if (bucket === undefined || bucket.length === 0) throw new UsageError('check-bucket needs a bucket name');
    if (bucket.startsWith('s3://')) {
      throw new UsageError(`check-bucket takes a bucket name, not ${bucket}; for one object use check-object`);
    }
    const recorder = new FactsRecorder(await factsReaderFor(input));
    const config = await recorder.replication(bucket);
    if (config.state !== 'ok') return finish(input, configurationProblem('check-bucket', bucket, config), recorder);
    const rules: RuleReport[] = [];
    for (const { rule, label } of selectRules(bucket, config.value, ruleFlags(input))) {
      rules.push(ruleReport(label, rule, await recorder.run(ruleSubject(bucket, rule))));
    }
    const report: CheckReport = {
      command: 'check-bucket',
      bucket,
      status: statusOf(rules),
      rules,
      notes: [EXISTING_OBJECTS_NOTE],
    };
    return finish(input, report, recorder);
  },
};
