import { PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { type Alert, boundBytes } from '../core/render.js';
import { type Alerter, PublishError } from '../responder/ports.js';
import { ALERT_PATH_TIMEOUTS } from './request-timeouts.js';

/** Attempts per Publish, the first included: throttling and 5xx are retried with backoff. */
export const SNS_MAX_ATTEMPTS = 5;

/**
 * The SNS client for alerts. `adaptive` retry mode retries throttling errors with exponential backoff and also
 * slows the client's own send rate while SNS throttles (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
export function createSnsClient(config: SNSClientConfig = {}): SNSClient {
  return new SNSClient({
    retryMode: 'adaptive',
    maxAttempts: SNS_MAX_ATTEMPTS,
    requestHandler: ALERT_PATH_TIMEOUTS,
    ...config,
  });
}

// Characters SQS (a common SNS subscriber) cannot carry: it accepts only #x9, #xA, #xD, #x20-#xD7FF,
// #xE000-#xFFFD and #x10000-#x10FFFF (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
const UNDELIVERABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are escaped.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes a message body deliverable to every subscriber: characters SQS would reject (e.g. control characters of a
 * rule id or key echoed in a remediation step) become visible `\uXXXX` escapes, and the result stays ≤ 256 KB.
 */
export function deliverableMessage(message: string): string {
  const escaped = message.replace(UNDELIVERABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped === message ? message : boundBytes(escaped);
}

/**
 * Publishes rendered alerts to the alert topic. `Subject`, `Message` and `MessageAttributes` come from
 * `core/render.ts`, which already keeps them inside SNS's limits (subject < 100 characters, one line; message
 * ≤ 256 KB; attribute values non-empty `String`s without control or surrogate characters).
 */
export class SnsAlerter implements Alerter {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(client: SNSClient, topicArn: string) {
    this.#client = client;
    this.#topicArn = topicArn;
  }

  async publish(alert: Alert): Promise<{ readonly messageId?: string }> {
    try {
      const result = await this.#client.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Subject: alert.subject,
          Message: deliverableMessage(alert.message),
          MessageAttributes: alert.attributes,
        }),
      );
      return result.MessageId ? { messageId: result.MessageId } : {};
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new PublishError(`SNS Publish failed: ${name}: ${message}`.slice(0, 500), {
        cause: error,
        awsErrorName: name,
      });
    }
  }
}
