import { catalogDiagnoser, type Diagnoser } from '../../core/diagnose.js';
import { UsageError } from '../../core/errors.js';
import { groupFailures } from '../../core/incident.js';
import { messagesOfText } from '../../core/input.js';
import { intakeOf } from '../../core/intake.js';
import { renderNewAlert } from '../../core/render.js';
import type { IncidentReport } from '../../core/report.js';
import { AWS_OPTIONS, booleanFlag, COMMON_OPTIONS, type Command, stringFlag } from '../command.js';
import { printJson, readInput } from '../io.js';
import { liveDiagnoserFor } from '../live.js';

/** Exit code per SPEC: 1 when any incident is above `info` or any check fails. */
export function problemsFound(reports: readonly IncidentReport[]): boolean {
  return reports.some((r) => r.severity !== 'info' || r.checks.some((c) => c.status === 'fail'));
}

/** `diagnose --event <file|->`: group failure events into incidents and diagnose each. */
export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Diagnose S3 replication failure events (S3 event, SQS batch, ReceiveMessage output, or JSON lines)',
  usage: 'replication-doctor diagnose --event <file|-> [--offline] [--profile P] [--region R] [--json]',
  options: {
    ...COMMON_OPTIONS,
    ...AWS_OPTIONS,
    event: { type: 'string', short: 'e' },
    offline: { type: 'boolean', default: false },
    facts: { type: 'string' },
  },
  async run(input) {
    const { io } = input;
    const path = stringFlag(input, 'event');
    if (path === undefined)
      throw new UsageError('diagnose needs --event <file|-> (an S3 event, SQS batch or JSON lines)');
    const intake = intakeOf(messagesOfText(await readInput(io, path)));
    if (intake.parsedMessages === 0) {
      const first = intake.errors[0]?.error;
      throw new UsageError(
        `no record in ${path === '-' ? 'standard input' : path} could be parsed${first ? `: ${first}` : ''}`,
      );
    }
    const diagnoser: Diagnoser = booleanFlag(input, 'offline')
      ? catalogDiagnoser('--offline: catalog only')
      : await liveDiagnoserFor(input);
    const groups = groupFailures(intake.events);
    const incidents: IncidentReport[] = [];
    for (const group of groups) incidents.push(await diagnoser(group));
    for (const e of intake.errors) io.stderr(`skipped a message${e.messageId ? ` ${e.messageId}` : ''}: ${e.error}\n`);
    if (booleanFlag(input, 'json')) {
      printJson(io, { incidents, skipped: intake.skipped, errors: intake.errors });
    } else if (incidents.length === 0) {
      io.stdout(
        `No replication failures in the input (${intake.skipped} record(s) skipped: test events or not failures).\n`,
      );
    } else {
      io.stdout(
        `${incidents.length} incident(s) from ${intake.events.length} failure record(s); ${intake.skipped} skipped.\n\n`,
      );
      io.stdout(`${incidents.map((r) => renderNewAlert(r).message).join(`\n\n${'='.repeat(72)}\n\n`)}\n`);
    }
    return problemsFound(incidents) ? 1 : 0;
  },
};
