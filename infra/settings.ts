/**
 * The construct's props after defaults and validation: every check that can fail runs here, before a single
 * resource is created, and fails with a one-line {@link ConfigError} naming the prop and the bad value.
 */
import { Duration } from 'aws-cdk-lib';
import { ConfigError } from '../lambdas/core/errors.js';
import type { ReplicationDoctorProps, SuppressionRule } from './replication-doctor.js';
import {
  show,
  validateAccountId,
  validateBucketName,
  validateDuration,
  validateEmail,
  validateHttpsUrl,
  validateInteger,
  validateKeyPrefix,
  validateList,
  validateRoleArn,
} from './validation.js';

/** At most this many source buckets per deployment: IAM inline policies are limited to 10,240 characters. */
export const MAX_SOURCE_BUCKETS = 50;
/** Lambda allows 4 KB of environment in total; the suppression rules get at most this much of it. */
export const MAX_SUPPRESSION_JSON_LENGTH = 2048;

/** Settings after defaults and validation. */
export interface Settings {
  readonly sourceBucketNames: readonly string[];
  readonly alertEmails: readonly string[];
  readonly alertHttpsEndpoints: readonly string[];
  readonly opsEmails: readonly string[];
  readonly destinationReadRoleArns: readonly string[];
  readonly destinationAllowList: readonly string[];
  readonly digestIntervalSeconds: number;
  readonly checkCacheTtlSeconds: number;
  readonly liveChecks: boolean;
  readonly objectChecks: boolean;
  readonly dashboard: boolean;
  readonly responderMaxConcurrency: number;
  readonly batchReportPrefix: string;
  readonly suppressionJson?: string;
}

/** Applies the defaults and validates every prop. */
export function resolveSettings(props: ReplicationDoctorProps): Settings {
  const sourceBucketNames = props.sourceBucketNames ?? [];
  validateList('sourceBucketNames', sourceBucketNames, validateBucketName, { nonEmpty: true });
  if (sourceBucketNames.length > MAX_SOURCE_BUCKETS) {
    throw new ConfigError(
      `replication-doctor: invalid sourceBucketNames: ${sourceBucketNames.length} buckets given, at most ${MAX_SOURCE_BUCKETS} fit one deployment's IAM policies; split them over several stacks`,
    );
  }
  const alertEmails = props.alertEmails ?? [];
  validateList('alertEmails', alertEmails, validateEmail);
  const alertHttpsEndpoints = props.alertHttpsEndpoints ?? [];
  validateList('alertHttpsEndpoints', alertHttpsEndpoints, validateHttpsUrl);
  const opsEmails = props.opsEmails ?? [];
  validateList('opsEmails', opsEmails, validateEmail);
  const destinationReadRoleArns = props.destinationReadRoleArns ?? [];
  validateList('destinationReadRoleArns', destinationReadRoleArns, validateRoleArn);
  const destinationAllowList = props.destinationAllowList ?? [];
  validateList('destinationAllowList', destinationAllowList, validateAccountId);
  if (props.existingAlertTopic?.fifo) {
    throw new ConfigError(
      `replication-doctor: invalid existingAlertTopic ${show(props.existingAlertTopic.topicArn)}: FIFO topics are not supported`,
    );
  }
  const digestIntervalSeconds = validateDuration(
    'digestInterval',
    props.digestInterval ?? Duration.minutes(15),
    Duration.minutes(1),
    Duration.days(1),
  );
  const checkCacheTtlSeconds = validateDuration(
    'checkCacheTtl',
    props.checkCacheTtl ?? Duration.minutes(5),
    Duration.seconds(10),
    Duration.hours(1),
  );
  if (props.resolveAfter !== undefined) {
    // The auditor accepts 10 minutes to 30 days (RESOLVE_AFTER_SECONDS): longer than the queue's redelivery gap.
    validateDuration('resolveAfter', props.resolveAfter, Duration.minutes(10), Duration.days(30));
  }
  const responderMaxConcurrency = props.responderMaxConcurrency ?? 5;
  validateInteger('responderMaxConcurrency', responderMaxConcurrency, 2, 1000);
  if (props.batchReportBucketName !== undefined) {
    validateBucketName('batchReportBucketName', props.batchReportBucketName);
  }
  const batchReportPrefix = props.batchReportPrefix ?? 'replication-doctor/batch-replication/';
  validateKeyPrefix('batchReportPrefix', batchReportPrefix);
  return {
    sourceBucketNames,
    alertEmails,
    alertHttpsEndpoints,
    opsEmails,
    destinationReadRoleArns,
    destinationAllowList,
    digestIntervalSeconds,
    checkCacheTtlSeconds,
    liveChecks: props.liveChecks ?? true,
    objectChecks: props.objectChecks ?? true,
    dashboard: props.dashboard ?? true,
    responderMaxConcurrency,
    batchReportPrefix,
    suppressionJson: suppressionJson(props.suppressions, sourceBucketNames),
  };
}

function suppressionJson(
  rules: readonly SuppressionRule[] | undefined,
  buckets: readonly string[],
): string | undefined {
  if (rules === undefined || rules.length === 0) return undefined;
  rules.forEach((rule, i) => {
    const prop = `suppressions[${i}]`;
    if (
      !rule.sourceBucket &&
      !rule.destinationBucket &&
      !rule.ruleId &&
      !rule.keyPrefix &&
      !rule.keySuffix &&
      !rule.failureReason
    ) {
      throw new ConfigError(
        `replication-doctor: invalid ${prop} ${show(rule)}: set at least one of sourceBucket, destinationBucket, ruleId, keyPrefix, keySuffix, failureReason (an empty rule would silence every failure)`,
      );
    }
    if (rule.sourceBucket !== undefined && !buckets.includes(rule.sourceBucket)) {
      throw new ConfigError(
        `replication-doctor: invalid ${prop}.sourceBucket ${show(rule.sourceBucket)}: not one of the configured source buckets`,
      );
    }
    if (rule.failureReason !== undefined && !/^[A-Za-z0-9]+$/.test(rule.failureReason)) {
      throw new ConfigError(
        `replication-doctor: invalid ${prop}.failureReason ${show(rule.failureReason)}: expected a failure code such as "DstObjectHardDeleted"`,
      );
    }
  });
  const json = JSON.stringify(rules);
  if (json.length > MAX_SUPPRESSION_JSON_LENGTH) {
    throw new ConfigError(
      `replication-doctor: invalid suppressions: ${json.length} characters of JSON, at most ${MAX_SUPPRESSION_JSON_LENGTH} fit the Lambda environment (4 KB in total)`,
    );
  }
  return json;
}
