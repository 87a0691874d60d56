import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { parseMessageBody } from '../../lambdas/core/event.js';
import { incidentId, incidentKeyOf } from '../../lambdas/core/incident.js';
import { failureMessages, redelivered } from '../helpers/events.js';

/**
 * Fault injection for the fault suite: AWS errors shaped as SDK v3 throws them, a switch that makes one DynamoDB client
 * fail chosen operations, and batches of two incidents so that a fault in one can be told from the other.
 */

/** An AWS service error as the SDK throws it after its retries (name, fault, HTTP status). */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 3, totalRetryDelay: 420 },
  });
}

/** What Node's HTTP stack throws when the connection drops (no HTTP status at all). */
export function networkError(): Error {
  return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
}

/** The incident id the responder gives the failures of a message (its first record). */
export function incidentOf(record: SQSRecord): string {
  const parsed = parseMessageBody(record.body);
  const event = parsed.kind === 'records' ? parsed.events[0] : undefined;
  if (event === undefined) throw new Error('not a failure message');
  return incidentId(incidentKeyOf(event));
}

/** Two incidents of one rule (two failure reasons), `a` and `b` messages each, distinct objects. */
export function twoIncidents(a = 3, b = 2, options: { sentTimestamp?: number } = {}) {
  const sqs = options.sentTimestamp
    ? { sentTimestamp: options.sentTimestamp, firstReceiveTimestamp: options.sentTimestamp + 10 }
    : {};
  const first = failureMessages(a, { failureReason: 'DstPutObjectNotPermitted', keyPrefix: 'first', sqs });
  const second = failureMessages(b, { failureReason: 'DstKmsKeyNotFound', keyPrefix: 'second', sqs });
  const [x, y] = [first[0], second[0]];
  if (x === undefined || y === undefined) throw new Error('empty incident');
  return {
    first,
    second,
    all: [...first, ...second],
    firstId: incidentOf(x),
    secondId: incidentOf(y),
    ids: (records: readonly SQSRecord[]) => records.map((r) => r.messageId).sort(),
    again: (records: readonly SQSRecord[]) => redelivered(records),
  };
}

/** A fault switch on one DynamoDB client: while `fail` matches an operation, it throws `error` instead of sending it. */
export interface DynamoFault {
  /** Which operations fail: command name (`UpdateItemCommand`, `PutItemCommand`, `GetItemCommand`…) and its input as JSON. */
  fail: ((command: string, input: string) => boolean) | undefined;
  error: Error;
  /** Operations that failed so far, by command name. */
  readonly failed: string[];
}

let faults = 0;

/**
 * Adds the switch to a client's middleware stack (the document client shares it). The error is thrown before the
 * SDK's retry step, as if every retry had failed.
 */
export function injectDynamoFault(client: DynamoDBClient, error: Error): DynamoFault {
  const fault: DynamoFault = { fail: undefined, error, failed: [] };
  faults += 1;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      if (fault.fail?.(command, JSON.stringify(args.input))) {
        fault.failed.push(command);
        throw fault.error;
      }
      return next(args);
    },
    { step: 'initialize', name: `faultInjection${faults}` },
  );
  return fault;
}
