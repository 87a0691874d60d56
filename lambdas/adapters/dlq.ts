import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DoctorError, oneLine } from '../core/errors.js';
import { addPoll, type DlqMessage, EMPTY_SCAN, scanDone } from '../core/ops/dlq.js';
import { classifyAwsError, errorName } from './aws-errors.js';

/**
 * Reads a dead-letter queue without deleting anything (this module never calls `DeleteMessage`), and starts a
 * redrive back to the source queue.
 */

/** What `GetQueueAttributes` says about the queue. */
export interface QueueFacts {
  readonly url: string;
  readonly arn: string;
  /** `ApproximateNumberOfMessages` (visible). */
  readonly approximateMessages: number;
  /** `ApproximateNumberOfMessagesNotVisible` (in flight). */
  readonly approximateInFlight: number;
  /** Present when this queue itself sends messages on to a DLQ after `maxReceiveCount` receives. */
  readonly redrivePolicy?: { readonly deadLetterTargetArn?: string; readonly maxReceiveCount?: number };
}

function sqsFailure(operation: string, queue: string, permission: string, error: unknown): DoctorError {
  const name = errorName(error);
  const kind = classifyAwsError(error);
  const why =
    name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue'
      ? `queue ${queue} does not exist (check the URL and --region)`
      : kind === 'access-denied'
        ? `access denied (the caller needs ${permission}, and kms:Decrypt on the queue's key)`
        : `${name}: ${oneLine(error)}`;
  return new DoctorError(`${operation} failed: ${why}`, { cause: error });
}

function parseRedrivePolicy(text: string | undefined): QueueFacts['redrivePolicy'] {
  if (text === undefined || text.length === 0) return undefined;
  try {
    const policy = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const count = Number(policy.maxReceiveCount);
    return {
      ...(typeof policy.deadLetterTargetArn === 'string' ? { deadLetterTargetArn: policy.deadLetterTargetArn } : {}),
      ...(Number.isFinite(count) ? { maxReceiveCount: count } : {}),
    };
  } catch {
    return {};
  }
}

/** Reads the queue's ARN, depth and redrive policy. */
export async function readQueueFacts(sqs: SQSClient, queueUrl: string): Promise<QueueFacts> {
  try {
    const { Attributes: attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: [
          'QueueArn',
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'RedrivePolicy',
        ],
      }),
    );
    const redrivePolicy = parseRedrivePolicy(attributes.RedrivePolicy);
    return {
      url: queueUrl,
      arn: attributes.QueueArn ?? '',
      approximateMessages: Number(attributes.ApproximateNumberOfMessages ?? 0),
      approximateInFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      ...(redrivePolicy !== undefined ? { redrivePolicy } : {}),
    };
  } catch (error) {
    throw sqsFailure('GetQueueAttributes', queueUrl, 'sqs:GetQueueAttributes', error);
  }
}

/** Options of a non-destructive read. */
export interface PeekOptions {
  /** Stop after this many distinct messages. */
  readonly max: number;
  /**
   * How long each received message stays hidden. Short, so that nothing is hidden for long, yet long enough that
   * the next poll returns other messages rather than the same ten again. Visibility is restored at the end.
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Long polling (1–20 s) asks every SQS server, so a small queue is not missed. */
  readonly waitTimeSeconds?: number;
}

/** The result of a read: the distinct messages, and whether they were made visible again afterwards. */
export interface PeekResult {
  readonly messages: readonly DlqMessage[];
  readonly polls: number;
  /** `false` when `ChangeMessageVisibility` was refused: the messages reappear after the visibility timeout. */
  readonly visibilityRestored: boolean;
}

export const PEEK_VISIBILITY_TIMEOUT_SECONDS = 10;

function toDlqMessage(message: Message): DlqMessage | undefined {
  if (message.MessageId === undefined) return undefined;
  const receiveCount = Number(message.Attributes?.ApproximateReceiveCount);
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId,
    body: message.Body ?? '',
    ...(Number.isFinite(receiveCount) ? { receiveCount } : {}),
    ...(Number.isFinite(sent) ? { sentAt: new Date(sent).toISOString() } : {}),
  };
}

/** Makes received messages visible again at once (a visibility change, never a delete). */
async function restoreVisibility(
  sqs: SQSClient,
  queueUrl: string,
  handles: ReadonlyMap<string, string>,
): Promise<boolean> {
  const entries = [...handles.entries()].map(([messageId, receiptHandle], i) => ({
    Id: `m${i}`,
    ReceiptHandle: receiptHandle,
    VisibilityTimeout: 0,
    messageId,
  }));
  let ok = true;
  for (let i = 0; i < entries.length; i += 10) {
    const chunk = entries.slice(i, i + 10).map(({ messageId: _messageId, ...entry }) => entry);
    try {
      const output = await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: chunk }));
      if ((output.Failed ?? []).length > 0) ok = false;
    } catch {
      ok = false;
    }
  }
  return ok;
}

/**
 * Reads up to `max` distinct messages with `ReceiveMessage`, deduplicated by `MessageId`, then makes them visible
 * again. Nothing is deleted.
 */
export async function peekMessages(sqs: SQSClient, queueUrl: string, options: PeekOptions): Promise<PeekResult> {
  const visibility = options.visibilityTimeoutSeconds ?? PEEK_VISIBILITY_TIMEOUT_SECONDS;
  const handles = new Map<string, string>();
  let state = EMPTY_SCAN;
  while (!scanDone(state, options.max)) {
    let received: Message[];
    try {
      const output = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.max(1, Math.min(10, options.max - state.seen.size)),
          VisibilityTimeout: visibility,
          WaitTimeSeconds: options.waitTimeSeconds ?? 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
      );
      received = output.Messages ?? [];
    } catch (error) {
      await restoreVisibility(sqs, queueUrl, handles);
      throw sqsFailure('ReceiveMessage', queueUrl, 'sqs:ReceiveMessage', error);
    }
    for (const message of received) {
      if (message.MessageId !== undefined && message.ReceiptHandle !== undefined) {
        handles.set(message.MessageId, message.ReceiptHandle);
      }
    }
    const batch = received.flatMap((m) => {
      const parsed = toDlqMessage(m);
      return parsed === undefined ? [] : [parsed];
    });
    state = addPoll(state, batch, options.max);
  }
  const visibilityRestored = handles.size === 0 ? true : await restoreVisibility(sqs, queueUrl, handles);
  return { messages: [...state.seen.values()], polls: state.polls, visibilityRestored };
}

/**
 * Starts moving the DLQ's messages back. Without `DestinationArn`, SQS redrives each message to the queue it came
 * from (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html).
 */
export async function startRedrive(sqs: SQSClient, dlqArn: string): Promise<string> {
  try {
    const output = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    return output.TaskHandle ?? '';
  } catch (error) {
    throw sqsFailure(
      'StartMessageMoveTask',
      dlqArn,
      'sqs:StartMessageMoveTask, sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on the DLQ and sqs:SendMessage on the source queue',
      error,
    );
  }
}
