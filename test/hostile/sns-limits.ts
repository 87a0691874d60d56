import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { CONTROL_CHARACTERS, CONTROL_OR_SURROGATE, UNDELIVERABLE_IN_SQS } from '../helpers/text.js';

/**
 * What SNS Publish accepts (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, AWS-FACTS §9.1) and what SPEC
 * "Fixed names" adds: a subject under 100 characters without line breaks or control characters; a message of at most
 * 262,144 bytes, attributes included; exactly SPEC's eight `String` attributes, non-empty, bounded, with no control or
 * surrogate characters.
 */

/** The attributes SPEC fixes on every alert. */
export const SPEC_ATTRIBUTES = [
  'alertType',
  'category',
  'destinationBucket',
  'failureReason',
  'incidentId',
  'ruleId',
  'severity',
  'sourceBucket',
] as const;

const MAX_PUBLISH_BYTES = 262_144;

/** Every way a Publish request breaks the limits; empty when it is within them. */
export function snsLimitViolations(input: PublishCommandInput): string[] {
  const problems: string[] = [];
  const subject = input.Subject ?? '';
  if (subject.length === 0 || subject.length >= 100) problems.push(`Subject has ${subject.length} characters`);
  if (CONTROL_CHARACTERS.test(subject)) problems.push('Subject holds a control character or line break');
  const message = input.Message ?? '';
  if (message.length === 0) problems.push('Message is empty');
  if (UNDELIVERABLE_IN_SQS.test(message)) problems.push('Message holds characters an SQS subscriber cannot receive');
  const attributes = input.MessageAttributes ?? {};
  const names = Object.keys(attributes).sort();
  if (names.join(',') !== SPEC_ATTRIBUTES.join(',')) problems.push(`attributes are ${names.join(',')}`);
  let attributeBytes = 0;
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = attribute.StringValue ?? '';
    attributeBytes += Buffer.byteLength(name + attribute.DataType + value, 'utf8');
    if (attribute.DataType !== 'String') problems.push(`${name} is not a String`);
    if (value.length === 0) problems.push(`${name} is empty`);
    if (value.length > 256) problems.push(`${name} has ${value.length} characters`);
    if (CONTROL_OR_SURROGATE.test(value)) problems.push(`${name} holds a control or surrogate character`);
  }
  const bytes = Buffer.byteLength(message, 'utf8') + attributeBytes;
  if (bytes > MAX_PUBLISH_BYTES) problems.push(`Message and attributes are ${bytes} bytes`);
  return problems;
}
