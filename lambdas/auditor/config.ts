import { loadFactsConfig } from '../adapters/facts-config.js';
import { alertTopicArnOf, type Env, present, show, TABLE_NAME } from '../core/env.js';
import { ConfigError } from '../core/errors.js';

/**
 * The auditor's configuration, read once from the environment at init (SPEC "Fixed names": auditor environment):
 * - `ALERT_TOPIC_ARN` (required): where the `audit` alert goes;
 * - `SOURCE_BUCKETS`: comma-separated configured source buckets (may be empty: then only the account's other
 *   buckets are audited);
 * - `EVENT_QUEUE_ARN`: the responder's queue; unset → "could not verify" where the replication events go;
 * - `AUDIT_STATE_TABLE_NAME`: where findings are kept between runs; unset → in memory (per container);
 * - `DESTINATION_READ_ROLE_ARNS`: as for the responder;
 * - `DESTINATION_ACCOUNT_ALLOW_LIST`: comma-separated account ids replication may send data to (besides this account);
 *   unset → every destination account is accepted;
 * - `AWS_REGION` (set by Lambda): the Region audited.
 *
 * Optional extra: `AUDIT_ACCOUNT_BUCKETS` (`coverage` default; `full` also runs every check on the account's other
 * replicating buckets; `off` audits only `SOURCE_BUCKETS`).
 */
export interface AuditorConfig {
  readonly alertTopicArn: string;
  readonly sourceBuckets: readonly string[];
  readonly eventQueueArn?: string;
  readonly auditStateTableName?: string;
  readonly destinationReadRoleArns: readonly string[];
  readonly destinationAllowList: readonly string[];
  readonly region: string;
  readonly accountBuckets: 'off' | 'coverage' | 'full';
}

const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/;
/** General purpose bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function list(env: Env, name: string): string[] {
  return (present(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Reads and validates the auditor environment; throws `ConfigError` naming the variable and the bad value. */
export function loadAuditorConfig(env: Env): AuditorConfig {
  const alertTopicArn = alertTopicArnOf(env, 'audit alerts');
  const sourceBuckets = [...new Set(list(env, 'SOURCE_BUCKETS'))];
  for (const bucket of sourceBuckets) {
    if (!BUCKET_NAME.test(bucket)) {
      throw new ConfigError(`SOURCE_BUCKETS must be comma-separated S3 bucket names, got ${show(bucket)}`);
    }
  }
  const eventQueueArn = present(env, 'EVENT_QUEUE_ARN');
  if (eventQueueArn !== undefined && !SQS_QUEUE_ARN.test(eventQueueArn)) {
    throw new ConfigError(
      `EVENT_QUEUE_ARN must be an SQS queue ARN like arn:aws:sqs:us-east-1:111122223333:events, got ${show(eventQueueArn)}`,
    );
  }
  const auditStateTableName = present(env, 'AUDIT_STATE_TABLE_NAME');
  if (auditStateTableName !== undefined && !TABLE_NAME.test(auditStateTableName)) {
    throw new ConfigError(`AUDIT_STATE_TABLE_NAME is not a valid DynamoDB table name: ${show(auditStateTableName)}`);
  }
  const destinationAllowList = [...new Set(list(env, 'DESTINATION_ACCOUNT_ALLOW_LIST'))];
  for (const account of destinationAllowList) {
    if (!ACCOUNT_ID.test(account)) {
      throw new ConfigError(
        `DESTINATION_ACCOUNT_ALLOW_LIST must be comma-separated 12-digit account ids, got ${show(account)}`,
      );
    }
  }
  const region = present(env, 'AWS_REGION') ?? present(env, 'AWS_DEFAULT_REGION');
  if (region === undefined || !REGION.test(region)) {
    throw new ConfigError(`AWS_REGION must name the Region to audit, e.g. us-east-1, got ${show(region ?? '')}`);
  }
  const accountBuckets = present(env, 'AUDIT_ACCOUNT_BUCKETS') ?? 'coverage';
  if (accountBuckets !== 'off' && accountBuckets !== 'coverage' && accountBuckets !== 'full') {
    throw new ConfigError(`AUDIT_ACCOUNT_BUCKETS must be "off", "coverage" or "full", got ${show(accountBuckets)}`);
  }
  const { destinationReadRoleArns } = loadFactsConfig({
    DESTINATION_READ_ROLE_ARNS: env.DESTINATION_READ_ROLE_ARNS,
  });
  return {
    alertTopicArn,
    sourceBuckets,
    ...(eventQueueArn !== undefined ? { eventQueueArn } : {}),
    ...(auditStateTableName !== undefined ? { auditStateTableName } : {}),
    destinationReadRoleArns,
    destinationAllowList,
    region,
    accountBuckets,
  };
}
