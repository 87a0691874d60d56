/** Character classes the alert assertions look for (SNS: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */

/** C0 and C1 control characters, DEL, and the line and paragraph separators: never in a subject. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what these assertions do.
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Control characters and any surrogate: never in a message attribute value. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what these assertions do.
export const CONTROL_OR_SURROGATE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\u2028\u2029]/;

/** Characters an SQS subscriber cannot receive in a message body (tab, LF and CR are fine). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what these assertions do.
export const UNDELIVERABLE_IN_SQS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
