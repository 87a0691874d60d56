/**
 * Shared pieces of the benchmark scripts: the responder's environment, the Lambda context, the result channel from a
 * child process to `bench/run.ts`, memory sampling and the SNS limit check.
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';

/** Marks the one stdout line of a child that carries its result (the handler logs and EMF share stdout). */
export const RESULT_MARKER = '@@bench-result@@ ';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts';

/**
 * The responder's environment as Lambda would set it, with dummy credentials and no metadata endpoint: set it before
 * the handler module is imported (it reads the environment once, at init).
 */
export function responderEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ALERT_TOPIC_ARN: TOPIC_ARN,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'replication-doctor',
    POWERTOOLS_METRICS_NAMESPACE: 'S3ReplicationDoctor',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    LIVE_CHECKS: 'true',
    // Safety net: a client that fake-aws.ts does not mock fails fast here instead of reaching the internet (its
    // checks then show "could not reach AWS", which the benchmark reports).
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    ...extra,
  };
}

/** Applies an environment to this process (before a dynamic import of the handler). */
export function applyEnv(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** A Lambda context good enough for Powertools `addContext`. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'replication-doctor-responder',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:replication-doctor-responder',
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/replication-doctor-responder',
    logStreamName: '2026/11/26/[$LATEST]bench',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Prints a child's result on its own marked line. */
export function emitResult(result: unknown): void {
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** Finds a child's result in its stdout. */
export function parseResult<T>(stdout: string): T | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_MARKER.length)) as T);
}

/** `--name value` flags of a child script. */
export function flag(argv: readonly string[], name: string, fallback: string): string {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? argv[index + 1] : undefined;
  return value ?? fallback;
}

/** Peak resident set size: sampled on a timer and whenever `sample()` is called (e.g. after each batch). */
export class RssSampler {
  #peak = process.memoryUsage.rss();
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
  }

  stop(): number {
    clearInterval(this.#timer);
    this.sample();
    return this.#peak;
  }
}

/** The attributes SPEC fixes on every alert. */
export const ALERT_ATTRIBUTES = [
  'failureReason',
  'category',
  'severity',
  'sourceBucket',
  'destinationBucket',
  'ruleId',
  'incidentId',
  'alertType',
] as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_OR_SURROGATE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\u2028\u2029]/;

/** What breaks SNS's Publish limits (AWS-FACTS §9.1) or SPEC's attribute set in one Publish; empty when fine. */
export function snsViolations(input: PublishCommandInput): string[] {
  const problems: string[] = [];
  const subject = input.Subject ?? '';
  if (subject.length === 0 || subject.length >= 100) problems.push(`subject length ${subject.length}`);
  if (CONTROL.test(subject)) problems.push('control character in subject');
  const bytes = Buffer.byteLength(input.Message ?? '', 'utf8');
  if (bytes === 0 || bytes > 262_144) problems.push(`message ${bytes} bytes`);
  const attributes = input.MessageAttributes ?? {};
  const names = Object.keys(attributes).sort();
  if (names.join() !== [...ALERT_ATTRIBUTES].sort().join()) problems.push(`attributes ${names.join(',')}`);
  for (const [name, value] of Object.entries(attributes)) {
    const text = value.StringValue ?? '';
    if (value.DataType !== 'String' || text.length === 0 || text.length > 256 || CONTROL_OR_SURROGATE.test(text))
      problems.push(`attribute ${name}`);
  }
  return problems;
}

/** Alerts whose checks could not reach AWS: a client the live checks use is not mocked in `fake-aws.ts`. */
export function unmockedReads(messages: readonly (string | undefined)[]): number {
  return messages.filter((m) => m?.includes('could not reach AWS')).length;
}

/** Median of some numbers (sorted copy). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
