/**
 * Reading a Lambda environment at init: helpers the responder and auditor configurations share. Pure: the caller
 * passes the environment in.
 */
import { ConfigError } from './errors.js';

/** An environment, e.g. `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
export const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** A value quoted for a message, cut at 80 characters. */
export function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** The trimmed value of `name`; unset and blank are `undefined`. */
export function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value.length === 0 ? undefined : value;
}

/** `ALERT_TOPIC_ARN`, required and an SNS topic ARN; `what` says which alerts go there (for the message). */
export function alertTopicArnOf(env: Env, what: string): string {
  const alertTopicArn = present(env, 'ALERT_TOPIC_ARN');
  if (alertTopicArn === undefined) {
    throw new ConfigError(`ALERT_TOPIC_ARN is required: set it to the SNS topic ARN for ${what}`);
  }
  if (!SNS_TOPIC_ARN.test(alertTopicArn)) {
    throw new ConfigError(
      `ALERT_TOPIC_ARN must be an SNS topic ARN like arn:aws:sns:us-east-1:111122223333:alerts, got ${show(alertTopicArn)}`,
    );
  }
  return alertTopicArn;
}
