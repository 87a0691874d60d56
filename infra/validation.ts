/**
 * Construct-time validators for the deployment's props. Each throws a {@link ConfigError} whose one-line
 * message names the prop and shows the bad value (JSON-quoted, so a stray newline cannot break the line).
 * Unresolved CDK tokens are accepted as they are: their value is only known at deploy time.
 */
import { type Duration, Token } from 'aws-cdk-lib';
import { ConfigError } from '../lambdas/core/errors.js';

const PREFIX = 'replication-doctor: invalid';

/** Renders a bad value for an error message: quoted, escaped, bounded. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function fail(prop: string, value: unknown, why: string): never {
  throw new ConfigError(`${PREFIX} ${prop} ${show(value)}: ${why}`);
}

// General purpose bucket naming rules:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** S3 general purpose bucket name (3-63 characters, lowercase, no IP address form, no reserved affixes). */
export function validateBucketName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!BUCKET_NAME.test(name)) {
    fail(
      prop,
      name,
      'not a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)',
    );
  }
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) {
    fail(prop, name, 'not a valid S3 bucket name (no two adjacent periods, no period next to a hyphen)');
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) fail(prop, name, 'an S3 bucket name must not look like an IP address');
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) fail(prop, name, `S3 bucket names must not start with the reserved prefix ${show(prefix)}`);
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) fail(prop, name, `S3 bucket names must not end with the reserved suffix ${show(suffix)}`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plausible email address (SNS email subscriptions are confirmed by the recipient anyway). */
export function validateEmail(prop: string, email: string): void {
  if (Token.isUnresolved(email)) return;
  if (email.length > 254 || !EMAIL.test(email)) fail(prop, email, 'not an email address');
}

/** An absolute `https://` URL, the only protocol SNS HTTPS subscriptions take. */
export function validateHttpsUrl(prop: string, url: string): void {
  if (Token.isUnresolved(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(prop, url, 'not a URL');
  }
  if (parsed.protocol !== 'https:' || parsed.hostname === '') fail(prop, url, 'the URL must start with https://');
}

const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** An IAM role ARN such as `arn:aws:iam::222222222222:role/replication-doctor-read`. */
export function validateRoleArn(prop: string, arn: string): void {
  if (Token.isUnresolved(arn)) return;
  if (!ROLE_ARN.test(arn)) fail(prop, arn, 'not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)');
}

const TOPIC_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;

/** A standard (not FIFO) SNS topic ARN. */
export function validateTopicArn(prop: string, arn: string): void {
  if (Token.isUnresolved(arn)) return;
  if (!TOPIC_ARN.test(arn)) fail(prop, arn, 'not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)');
  if (arn.endsWith('.fifo')) fail(prop, arn, 'FIFO topics are not supported');
}

/** A 12-digit AWS account id. */
export function validateAccountId(prop: string, account: string): void {
  if (Token.isUnresolved(account)) return;
  if (!/^\d{12}$/.test(account)) fail(prop, account, 'not a 12-digit AWS account id');
}

/** A whole number of seconds within `[min, max]`. */
export function validateDuration(prop: string, duration: Duration, min: Duration, max: Duration): number {
  const seconds = duration.toSeconds({ integral: false });
  const label = duration.toHumanString();
  if (!Number.isInteger(seconds)) fail(prop, label, 'must be a whole number of seconds');
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    fail(prop, label, `must be between ${min.toHumanString()} and ${max.toHumanString()}`);
  }
  return seconds;
}

/** An integer within `[min, max]`. */
export function validateInteger(prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(prop, value, `must be an integer between ${min} and ${max}`);
  }
}

/** A non-empty list without duplicates, each element checked by `each`. */
export function validateList(
  prop: string,
  values: readonly string[],
  each: (prop: string, value: string) => void,
  options: { nonEmpty?: boolean } = {},
): void {
  if (options.nonEmpty && values.length === 0) fail(prop, values, 'must list at least one value');
  const seen = new Set<string>();
  values.forEach((value, i) => {
    each(`${prop}[${i}]`, value);
    if (seen.has(value)) fail(`${prop}[${i}]`, value, 'is listed twice');
    seen.add(value);
  });
}

/** An S3 key prefix for objects this deployment writes: non-empty, relative, ending in `/`. */
export function validateKeyPrefix(prop: string, prefix: string): void {
  if (Token.isUnresolved(prefix)) return;
  if (prefix.length === 0 || prefix.length > 512 || prefix.startsWith('/') || !prefix.endsWith('/')) {
    fail(prop, prefix, 'must be a non-empty key prefix that does not start with "/" and ends with "/"');
  }
  if (/[*?\s]/.test(prefix)) fail(prop, prefix, 'must not contain wildcards or whitespace');
}

/** An EventBridge schedule expression: `rate(...)` or `cron(...)`. */
export function validateScheduleExpression(prop: string, expression: string): void {
  if (Token.isUnresolved(expression)) return;
  if (!/^(rate|cron)\(.+\)$/.test(expression)) {
    fail(prop, expression, 'must be an EventBridge schedule expression such as "rate(1 day)" or "cron(0 6 * * ? *)"');
  }
}
