import { lookupReason } from '../../core/catalog/index.js';
import type { RemediationContext } from '../../core/catalog/types.js';
import { UsageError } from '../../core/errors.js';
import { COMMON_OPTIONS, type Command, stringFlag } from '../command.js';
import { printJson } from '../io.js';

/** `explain <failureReason>`: the catalog entry in full. Unknown codes are a usage error (exit 2). */
export const explainCommand: Command = {
  name: 'explain',
  maxPositionals: 1,
  summary: 'Explain one failure reason: meaning, likely causes, checks, fix',
  usage:
    'replication-doctor explain <failureReason> [--source-bucket B] [--destination-bucket B] [--role-arn ARN] [--json]',
  options: {
    ...COMMON_OPTIONS,
    'source-bucket': { type: 'string' },
    'destination-bucket': { type: 'string' },
    'role-arn': { type: 'string' },
    'source-account': { type: 'string' },
    'destination-account': { type: 'string' },
  },
  async run(input) {
    const { positionals, values, io } = input;
    const code = positionals[0];
    if (code === undefined)
      throw new UsageError('explain needs a failure reason, e.g. replication-doctor explain AssumeRoleNotPermitted');
    const lookup = lookupReason(code);
    if (!lookup.known) {
      throw new UsageError(`unknown failure reason "${code}"; run replication-doctor catalog for the known ones`);
    }
    const { entry } = lookup;
    const context: RemediationContext = {
      sourceBucket: stringFlag(input, 'source-bucket') ?? '<source-bucket>',
      destinationBucket: stringFlag(input, 'destination-bucket') ?? '<destination-bucket>',
      ruleId: '<rule-id>',
      ...optional('roleArn', stringFlag(input, 'role-arn')),
      ...optional('sourceAccount', stringFlag(input, 'source-account')),
      ...optional('destinationAccount', stringFlag(input, 'destination-account')),
    };
    const remediation = entry.remediation(context);
    const document = {
      code: entry.code,
      canonicalReason: lookup.canonicalReason,
      formerSpellings: [...entry.formerSpellings],
      title: entry.title,
      meaning: entry.meaning,
      category: entry.category,
      severity: entry.severity,
      batchReplicationOnly: entry.batchReplicationOnly,
      outpostsOnly: entry.outpostsOnly,
      likelyCauses: entry.causes.map((c) => ({ cause: c.text, checks: [...c.checks] })),
      checks: [...entry.checks],
      remediation,
      docs: [...entry.docs],
    };
    if (values.json) {
      printJson(io, document);
      return 0;
    }
    const lines = [
      `${entry.code}: ${entry.title}`,
      code.trim() !== entry.code ? `(${code.trim()} is a former spelling of ${entry.code})` : '',
      `Category: ${entry.category}   Severity: ${entry.severity}${entry.batchReplicationOnly ? '   Produced only by S3 Batch Replication' : ''}${entry.outpostsOnly ? '   S3 on Outposts only' : ''}`,
      '',
      entry.meaning,
      '',
      'Likely causes (most likely first):',
      ...entry.causes.map(
        (c, i) => `  ${i + 1}. ${c.text}${c.checks.length ? `  [checks: ${c.checks.join(', ')}]` : ''}`,
      ),
      '',
      'How to fix:',
      ...remediation.map((step, i) => `  ${i + 1}. ${step.replace(/\n/g, '\n     ')}`),
      '',
      'Docs:',
      ...entry.docs.map((d) => `  ${d}`),
    ].filter((line, i) => !(i === 1 && line === ''));
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
