import { catalogDiagnoser, type Diagnoser } from '../../core/diagnose.js';
import { ConfigError, UsageError } from '../../core/errors.js';
import { groupFailures } from '../../core/incident.js';
import { messagesOfText } from '../../core/input.js';
import { type Intake, intakeOf } from '../../core/intake.js';
import { renderNewAlert } from '../../core/render.js';
import type { IncidentReport } from '../../core/report.js';
import { createSuppressionMatcher, parseSuppressionJson } from '../../core/suppression.js';
import { AWS_OPTIONS, booleanFlag, COMMON_OPTIONS, type Command, stringFlag } from '../command.js';
import { type CliIo, printJson, readInput } from '../io.js';
import { liveDiagnoserFor } from '../live.js';

/** Exit code per SPEC: 1 when any incident is above `info` or any check fails. */
export function problemsFound(reports: readonly IncidentReport[]): boolean {
  return reports.some((r) => r.severity !== 'info' || r.checks.some((c) => c.status === 'fail'));
}

/**
 * Applies `--suppressions FILE` (a JSON array of suppression rules, the schema of the responder's
 * `SUPPRESSION_RULES`): suppressed failures leave the intake and count in `skipped`, as the responder counts them
 * without alerting. Returns the intake and how many failures were suppressed.
 */
async function suppress(
  io: CliIo,
  intake: Intake<number>,
  file: string | undefined,
): Promise<{ intake: Intake<number>; suppressed: number }> {
  if (file === undefined) return { intake, suppressed: 0 };
  let matcher: ReturnType<typeof createSuppressionMatcher>;
  try {
    matcher = createSuppressionMatcher(parseSuppressionJson(await readInput(io, file), `--suppressions ${file}`));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  const events = intake.events.filter(({ event }) => matcher(event) === undefined);
  const suppressed = intake.events.length - events.length;
  return { intake: { ...intake, events, skipped: intake.skipped + suppressed }, suppressed };
}

/** `diagnose --event <file|->`: group failure events into incidents and diagnose each. */
export const diagnoseCommand: Command = {
  name: 'diagnose',
  maxPositionals: 0,
  summary: 'Diagnose S3 replication failure events (S3 event, SQS batch, ReceiveMessage output, or JSON lines)',
  usage:
    'replication-doctor diagnose --event <file|-> [--suppressions FILE] [--offline] [--profile P] [--region R] [--json]',
  options: {
    ...COMMON_OPTIONS,
    ...AWS_OPTIONS,
    event: { type: 'string', short: 'e' },
    offline: { type: 'boolean', default: false },
    facts: { type: 'string' },
    suppressions: { type: 'string' },
  },
  async run(input) {
    const { io } = input;
    const path = stringFlag(input, 'event');
    if (path === undefined)
      throw new UsageError('diagnose needs --event <file|-> (an S3 event, SQS batch or JSON lines)');
    const parsed = intakeOf(messagesOfText(await readInput(io, path)));
    if (parsed.parsedMessages === 0) {
      const first = parsed.errors[0]?.error;
      throw new UsageError(
        `no record in ${path === '-' ? 'standard input' : path} could be parsed${first ? `: ${first}` : ''}`,
      );
    }
    const { intake, suppressed } = await suppress(io, parsed, stringFlag(input, 'suppressions'));
    const diagnoser: Diagnoser = booleanFlag(input, 'offline')
      ? catalogDiagnoser('--offline: catalog only')
      : // Without --region, AWS_REGION or a profile Region, read the account in the Region the events came from.
        await liveDiagnoserFor(input, intake.events[0]?.event.awsRegion);
    const groups = groupFailures(intake.events);
    const incidents: IncidentReport[] = [];
    for (const group of groups) incidents.push(await diagnoser(group));
    for (const e of intake.errors) io.stderr(`skipped a message${e.messageId ? ` ${e.messageId}` : ''}: ${e.error}\n`);
    const suppressedNote = suppressed > 0 ? `, ${suppressed} of them suppressed by --suppressions` : '';
    if (booleanFlag(input, 'json')) {
      // `suppressed` only with --suppressions: without it the document is exactly SPEC's.
      const extra = stringFlag(input, 'suppressions') !== undefined ? { suppressed } : {};
      printJson(io, { incidents, skipped: intake.skipped, ...extra, errors: intake.errors });
    } else if (incidents.length === 0) {
      io.stdout(
        `No replication failures in the input (${intake.skipped} record(s) skipped: test events or not failures${suppressedNote}).\n`,
      );
    } else {
      io.stdout(
        `${incidents.length} incident(s) from ${intake.events.length} failure record(s); ${intake.skipped} skipped${suppressedNote}.\n\n`,
      );
      io.stdout(`${incidents.map((r) => renderNewAlert(r).message).join(`\n\n${'='.repeat(72)}\n\n`)}\n`);
    }
    return problemsFound(incidents) ? 1 : 0;
  },
};
