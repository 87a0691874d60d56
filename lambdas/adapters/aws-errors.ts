/**
 * The one place that maps AWS SDK errors to fact outcomes. Nothing else in the code base switches on error names.
 *
 * - not found (`NoSuchBucket`, `NoSuchEntity`, `NotFoundException`, the S3 `…NotFoundError` codes, a bare 404) → `absent`
 * - access denied (403, `AccessDenied`, `AccessDeniedException`, `AuthorizationError`) → `unknown` naming the IAM action
 *   the doctor lacks; S3's 405 `MethodNotAllowed` to a non-owner reading a bucket policy says the bucket is another
 *   account's
 * - throttling (the SDK retried it in adaptive mode already) → `unknown`
 * - credentials and network errors → `unknown` "could not reach AWS"
 * - anything else → `unknown` with the error's name
 *
 * S3 HEAD requests have no error body: the SDK names them by status (`NotFound`, or `Unknown` with
 * `$metadata.httpStatusCode` 403/400/301), so the status code is consulted too.
 */
import { type AbsentFact, absent, type UnknownFact, unknown } from '../checks/facts.js';

export type AwsErrorKind =
  | 'not-found'
  | 'access-denied'
  | 'not-owner'
  | 'throttled'
  | 'unreachable'
  | 'redirect'
  | 'bad-request'
  | 'other';

/** One AWS call, for wording the outcome. */
export interface AwsCall {
  /** The API, e.g. `GetBucketPolicy`. */
  readonly api: string;
  /** The IAM action the doctor needs for it, e.g. `s3:GetBucketPolicy`. */
  readonly action?: string;
  /** What was asked about, e.g. the bucket name or key ARN. */
  readonly resource: string;
  /** The code to report for a bare 404 (a HEAD request has no error code), e.g. `NoSuchBucket`. */
  readonly notFoundCode?: string;
}

const NOT_FOUND = new Set([
  'NoSuchBucket',
  'NotFound',
  '404',
  'NoSuchKey',
  'NoSuchVersion',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NotFoundException',
  'ReplicationConfigurationNotFoundError',
  'NoSuchBucketPolicy',
  'OwnershipControlsNotFoundError',
  'ObjectLockConfigurationNotFoundError',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchTagSet',
  'NoSuchTagSetError',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Forbidden',
  '403',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedOperation',
  'AllAccessDisabled',
]);
const NOT_OWNER = new Set(['MethodNotAllowed', '405']);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
]);
const NETWORK = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  'AbortError',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const REDIRECT = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
  '301',
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: { readonly headers?: Record<string, unknown> };
}

function shape(error: unknown): ErrorShape {
  return error !== null && typeof error === 'object' ? (error as ErrorShape) : {};
}

/** The error's AWS code or name (`NoSuchBucket`, `CredentialsProviderError`, `ECONNREFUSED`…). */
export function errorName(error: unknown): string {
  const e = shape(error);
  for (const candidate of [e.Code, e.name, e.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error' && candidate !== 'Unknown')
      return candidate;
  }
  const status = httpStatusOf(error);
  if (status !== undefined) return String(status);
  return typeof e.name === 'string' && e.name !== '' ? e.name : 'Error';
}

/** The HTTP status the service answered with, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function message(error: unknown): string {
  const text = shape(error).message;
  const raw = typeof text === 'string' ? text : String(error);
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Names of the error and of its causes (a network error may be wrapped). */
function namesOf(error: unknown): string[] {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const e = shape(current);
    for (const candidate of [e.Code, e.name, e.code]) if (typeof candidate === 'string') names.push(candidate);
    current = e.cause;
  }
  return names;
}

/** The Region S3 reported for a bucket in an error's headers (`x-amz-bucket-region`), if any. */
export function bucketRegionFromError(error: unknown): string | undefined {
  const headers = shape(error).$response?.headers;
  if (!headers) return undefined;
  const value = headers['x-amz-bucket-region'] ?? headers['X-Amz-Bucket-Region'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether S3 flagged the answer as concerning a delete marker (`x-amz-delete-marker: true`). */
export function isDeleteMarkerError(error: unknown): boolean {
  const headers = shape(error).$response?.headers;
  return headers?.['x-amz-delete-marker'] === 'true';
}

/** What kind of failure an error is. */
export function classifyAwsError(error: unknown): AwsErrorKind {
  const names = namesOf(error);
  const has = (set: ReadonlySet<string>) => names.some((n) => set.has(n));
  const status = httpStatusOf(error);
  if (has(CREDENTIALS) || has(NETWORK)) return 'unreachable';
  if (has(THROTTLED) || status === 429 || status === 503) return 'throttled';
  if (has(NOT_OWNER) || status === 405) return 'not-owner';
  if (has(REDIRECT) || status === 301 || status === 307) return 'redirect';
  if (has(NOT_FOUND) || status === 404) return 'not-found';
  if (has(ACCESS_DENIED) || status === 403) return 'access-denied';
  if (status === 400) return 'bad-request';
  return 'other';
}

/** The reason text every "could not reach AWS" fact starts with. */
export const UNREACHABLE_PREFIX = 'could not reach AWS';

/** Maps an error from one call to an `absent` or `unknown` fact. */
export function factFromError(error: unknown, call: AwsCall): AbsentFact | UnknownFact {
  const name = errorName(error);
  const status = httpStatusOf(error);
  const statusText = status !== undefined ? ` ${status}` : '';
  switch (classifyAwsError(error)) {
    case 'not-found':
      return absent(NOT_FOUND.has(name) && name !== 'NotFound' && name !== '404' ? name : (call.notFoundCode ?? name));
    case 'access-denied': {
      const code = name === String(status) ? name : `${name}${statusText}`;
      const lacks = call.action ? `: the doctor lacks ${call.action}` : '';
      return unknown(`${call.api} on ${call.resource} was denied (${code})${lacks}`, call.action);
    }
    case 'not-owner':
      return unknown(
        `S3 answers ${call.api} only to the bucket owner's account: ${call.resource} belongs to another account (405 MethodNotAllowed)`,
        call.action,
      );
    case 'throttled':
      return unknown(`AWS throttled ${call.api} on ${call.resource} (${name}) after retries`);
    case 'unreachable':
      return unknown(`${UNREACHABLE_PREFIX} (${name}: ${message(error)})`);
    case 'redirect':
      return unknown(`${call.api} on ${call.resource} was sent to the wrong Region (${name})`);
    case 'bad-request':
      return unknown(
        `${call.api} on ${call.resource} was rejected as a bad request (${name}${statusText}): ${message(error)}`,
      );
    default:
      return unknown(`${call.api} on ${call.resource} failed (${name}: ${message(error)})`);
  }
}
