import { MalformedEventError } from './errors.js';
import { type ParsedMessage, parseMessageBody, parseS3Notification } from './event.js';

/**
 * What the CLI accepts as input (SPEC "Operator CLI", `diagnose --event`): an S3 event, a Lambda SQS batch event
 * (`Records[].body`), an SQS ReceiveMessage result (`Messages[].Body`), or JSON lines of any of these.
 */

/** One message found in the input, parsed or with the reason it could not be. */
export type InputMessage =
  | { readonly messageId?: string; readonly parsed: ParsedMessage }
  | { readonly messageId?: string; readonly error: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseBody(body: unknown, messageId: string | undefined): InputMessage {
  const id = messageId ? { messageId } : {};
  try {
    const parsed = typeof body === 'string' ? parseMessageBody(body) : parseS3Notification(body);
    return { ...id, parsed };
  } catch (error) {
    if (error instanceof MalformedEventError) return { ...id, error: error.message };
    throw error;
  }
}

function isSqsRecords(records: unknown[]): boolean {
  return records.some((r) => isObject(r) && (r.eventSource === 'aws:sqs' || ('body' in r && 'messageId' in r)));
}

/** Splits one decoded JSON document into messages. */
export function messagesOfDocument(document: unknown, position: string): InputMessage[] {
  if (isObject(document)) {
    if (Array.isArray(document.Messages)) {
      // SQS ReceiveMessage result.
      return document.Messages.map((m, i) =>
        isObject(m)
          ? parseBody(m.Body, typeof m.MessageId === 'string' ? m.MessageId : undefined)
          : { error: `${position}Messages[${i}]: must be an object` },
      );
    }
    if (Array.isArray(document.Records) && isSqsRecords(document.Records)) {
      // Lambda SQS batch event.
      return document.Records.map((r, i) =>
        isObject(r)
          ? parseBody(r.body, typeof r.messageId === 'string' ? r.messageId : undefined)
          : { error: `${position}Records[${i}]: must be an object` },
      );
    }
  }
  return [parseBody(document, undefined)];
}

/**
 * Splits CLI input text into messages. A whole-document JSON value is tried first; otherwise each non-empty line
 * is one JSON document (JSON lines). Lines that are not JSON become errors beside the good ones.
 */
export function messagesOfText(text: string): InputMessage[] {
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  try {
    return messagesOfDocument(JSON.parse(trimmed), '');
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const messages: InputMessage[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch {
      messages.push({ error: `line ${index + 1}: not valid JSON` });
      return;
    }
    messages.push(...messagesOfDocument(document, `line ${index + 1}: `));
  });
  return messages;
}
