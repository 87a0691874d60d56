import { PEEK_VISIBILITY_TIMEOUT_SECONDS, peekMessages, readQueueFacts, startRedrive } from '../../adapters/dlq.js';
import { catalogDiagnoser } from '../../core/diagnose.js';
import { UsageError } from '../../core/errors.js';
import { type DlqSummary, summarizeDlq } from '../../core/ops/dlq.js';
import type { IncidentReport } from '../../core/report.js';
import { requireCredentials, sqsClient } from '../aws.js';
import { AWS_OPTIONS, booleanFlag, COMMON_OPTIONS, type Command, STACK_OPTIONS, stringFlag } from '../command.js';
import { printJson } from '../io.js';
import { StackLookup } from '../stack.js';

export const DEFAULT_DLQ_MAX = 100;

function maxOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DLQ_MAX;
  const max = Number(text);
  if (!Number.isInteger(max) || max < 1 || max > 10_000)
    throw new UsageError(`--max must be a whole number from 1 to 10000, got ${text}`);
  return max;
}

function renderSummary(
  summary: DlqSummary,
  reports: readonly IncidentReport[],
  queue: { readonly url: string; readonly approximateMessages: number; readonly approximateInFlight: number },
): string {
  const lines = [
    `Dead-letter queue ${queue.url}: about ${queue.approximateMessages} message(s) waiting, ${queue.approximateInFlight} in flight; read ${summary.messages} without deleting any.`,
  ];
  if (summary.messages === 0) return lines.join('\n');
  lines.push(
    `  ${summary.failureRecords} failure record(s) in ${reports.length} incident(s); ${summary.skippedRecords} other record(s) (test events, not failures); ${summary.malformed.length} malformed message(s).`,
  );
  if (summary.byReason.length > 0) {
    lines.push('', 'By reason:');
    const width = Math.max(...summary.byReason.map((r) => r.canonicalReason.length));
    for (const r of summary.byReason) {
      const spellings = r.failureReasons.filter((s) => s !== r.canonicalReason);
      lines.push(
        `  ${r.canonicalReason.padEnd(width)}  ${r.records} record(s) in ${r.messages} message(s)${spellings.length > 0 ? ` (received as ${spellings.join(', ')})` : ''}`,
      );
    }
  }
  if (reports.length > 0) {
    lines.push('', 'Incidents:');
    for (const r of reports) {
      lines.push(
        `  ${r.incidentId}  ${r.severity.padEnd(8)}  ${r.canonicalReason}: ${r.sourceBucket} -> ${r.destinationBucket} (rule ${r.ruleId}), ${r.objectCount} object(s): ${r.title}`,
      );
    }
  }
  if (summary.malformed.length > 0) {
    lines.push('', 'Malformed messages (a redrive sends them back to fail again; inspect and remove them by hand):');
    for (const m of summary.malformed) lines.push(`  ${m.messageId}: ${m.error}`);
  }
  return lines.join('\n');
}

/**
 * `dlq [--stack S | --queue URL] [--redrive] [--max N]`: what sits in the dead-letter queue, parsed and diagnosed
 * with the catalog, without deleting anything. `--redrive` starts an SQS message move task back to the source
 * queue. Exit 1 when the DLQ holds anything, 0 when it is empty.
 *
 * `--json`: `{ queueUrl, queueArn, approximateMessages, approximateInFlight, read, visibilityRestored,
 * failureRecords, skippedRecords, byReason: ReasonCount[], incidents: (IncidentReport & { messageIds })[],
 * malformed: { messageId, error }[], redrive: { taskHandle, sourceArn } | null }`.
 */
export const dlqCommand: Command = {
  name: 'dlq',
  maxPositionals: 0,
  summary: 'Show what sits in the dead-letter queue (parsed and diagnosed, nothing deleted); --redrive moves it back',
  usage: 'replication-doctor dlq [--stack S | --queue URL] [--redrive] [--max N] [--profile P] [--region R] [--json]',
  options: {
    ...COMMON_OPTIONS,
    ...AWS_OPTIONS,
    ...STACK_OPTIONS,
    redrive: { type: 'boolean', default: false },
    max: { type: 'string' },
  },
  async run(input) {
    const { io } = input;
    const json = booleanFlag(input, 'json');
    const max = maxOf(stringFlag(input, 'max'));
    const context = await requireCredentials(input);
    const stack = new StackLookup(input, context);
    const queueUrl = await stack.value({ output: 'DeadLetterQueueUrl', flag: 'queue', what: 'dead-letter queue URL' });

    const sqs = sqsClient(context);
    const queue = await readQueueFacts(sqs, queueUrl);
    if (queue.redrivePolicy !== undefined) {
      // Receiving counts toward maxReceiveCount: reading a source queue could push its messages to its DLQ.
      throw new UsageError(
        `queue ${queueUrl} has a redrive policy (messages move on after ${queue.redrivePolicy.maxReceiveCount ?? '?'} receives), so it is not a dead-letter queue; reading it would count receives: pass the DLQ's URL with --queue`,
      );
    }
    const peek = await peekMessages(sqs, queueUrl, { max });
    const summary = summarizeDlq(peek.messages);
    const diagnose = catalogDiagnoser('dlq: catalog diagnosis only');
    const reports: IncidentReport[] = [];
    for (const group of summary.groups) reports.push(await diagnose(group));

    const holdsMessages = summary.messages > 0 || queue.approximateMessages > 0 || queue.approximateInFlight > 0;
    let redrive: { taskHandle: string; sourceArn: string } | null = null;
    if (booleanFlag(input, 'redrive') && holdsMessages) {
      redrive = { taskHandle: await startRedrive(sqs, queue.arn), sourceArn: queue.arn };
    }
    if (!peek.visibilityRestored) {
      io.stderr(
        `note: could not make the read messages visible again (sqs:ChangeMessageVisibility); they reappear within ${PEEK_VISIBILITY_TIMEOUT_SECONDS} s\n`,
      );
    }

    if (json) {
      printJson(io, {
        queueUrl,
        queueArn: queue.arn,
        approximateMessages: queue.approximateMessages,
        approximateInFlight: queue.approximateInFlight,
        read: summary.messages,
        visibilityRestored: peek.visibilityRestored,
        failureRecords: summary.failureRecords,
        skippedRecords: summary.skippedRecords,
        byReason: summary.byReason,
        incidents: reports.map((report, i) => ({ ...report, messageIds: summary.groups[i]?.refs ?? [] })),
        malformed: summary.malformed,
        redrive,
      });
    } else {
      io.stdout(`${renderSummary(summary, reports, queue)}\n`);
      if (redrive !== null) {
        io.stdout(
          `\nStarted moving the messages back to their source queue (SQS message move task ${redrive.taskHandle}).\nFollow it: aws sqs list-message-move-tasks --source-arn ${redrive.sourceArn}\n`,
        );
      } else if (booleanFlag(input, 'redrive')) {
        io.stdout('\nThe queue is empty: nothing to redrive.\n');
      } else if (holdsMessages) {
        io.stdout(
          '\nNothing was deleted. After fixing the causes, `replication-doctor dlq --redrive` moves them back to the event queue.\n',
        );
      }
    }
    return holdsMessages ? 1 : 0;
  },
};
