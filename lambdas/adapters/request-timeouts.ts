/**
 * Request timeouts for SDK clients. `throwOnRequestTimeout` matters: without it the Node HTTP handler only logs a
 * warning when the request timeout passes, and a stalled endpoint holds the Lambda until its own timeout.
 */
export function requestTimeouts(connectionTimeoutMs: number, requestTimeoutMs: number) {
  return {
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    throwOnRequestTimeout: true,
  } as const;
}

/** Timeouts for the alerting path (SNS publish, DynamoDB store): generous, but bounded well inside the 60 s function. */
export const ALERT_PATH_TIMEOUTS = requestTimeouts(2_000, 5_000);
