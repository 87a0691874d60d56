import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/core/errors.js';
import { loadConfig, loadResolutionConfig } from '../../../lambdas/responder/config.js';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts';

describe('loadConfig', () => {
  it('applies SPEC defaults with only ALERT_TOPIC_ARN set', () => {
    expect(loadConfig({ ALERT_TOPIC_ARN: TOPIC })).toEqual({
      alertTopicArn: TOPIC,
      digestIntervalSeconds: 900,
      checkCacheTtlSeconds: 300,
      liveChecks: true,
      destinationReadRoleArns: [],
      latencyAlerts: false,
      claimLeaseSeconds: 120,
      incidentTtlSeconds: 30 * 86_400,
      suppressionRules: [],
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ALERT_TOPIC_ARN: TOPIC,
      INCIDENT_TABLE_NAME: 'ReplicationDoctor-Incidents',
      DIGEST_INTERVAL_SECONDS: '600',
      CHECK_CACHE_TTL_SECONDS: '0',
      LIVE_CHECKS: 'FALSE',
      DESTINATION_READ_ROLE_ARNS:
        ' arn:aws:iam::222222222222:role/replication-doctor-read , arn:aws:iam::333333333333:role/path/reader,',
      LATENCY_ALERTS: 'true',
      ALERT_CLAIM_LEASE_SECONDS: '120',
      INCIDENT_TTL_DAYS: '7',
      SUPPRESSION_RULES:
        ' [{"keySuffix": ".tflock", "comment": "Terraform lock files"}, {"failureReason": "DstObjectHardDeleted"}] ',
    });

    expect(config).toEqual({
      alertTopicArn: TOPIC,
      incidentTableName: 'ReplicationDoctor-Incidents',
      digestIntervalSeconds: 600,
      checkCacheTtlSeconds: 0,
      liveChecks: false,
      destinationReadRoleArns: [
        'arn:aws:iam::222222222222:role/replication-doctor-read',
        'arn:aws:iam::333333333333:role/path/reader',
      ],
      latencyAlerts: true,
      claimLeaseSeconds: 120,
      incidentTtlSeconds: 7 * 86_400,
      suppressionRules: [
        { keySuffix: '.tflock', comment: 'Terraform lock files' },
        { failureReason: 'DstObjectHardDeleted' },
      ],
    });
  });

  it.each([
    [{}, 'ALERT_TOPIC_ARN is required: set it to the SNS topic ARN for alerts'],
    [{ ALERT_TOPIC_ARN: '   ' }, 'ALERT_TOPIC_ARN is required'],
    [{ ALERT_TOPIC_ARN: 'alerts' }, 'ALERT_TOPIC_ARN must be an SNS topic ARN'],
    [{ DIGEST_INTERVAL_SECONDS: '-5' }, 'DIGEST_INTERVAL_SECONDS must be a whole number of seconds from 1 to'],
    [{ DIGEST_INTERVAL_SECONDS: '0' }, 'got "0"'],
    [{ DIGEST_INTERVAL_SECONDS: '1.5' }, 'DIGEST_INTERVAL_SECONDS'],
    [
      { CHECK_CACHE_TTL_SECONDS: 'abc' },
      'CHECK_CACHE_TTL_SECONDS must be a whole number of seconds from 0 to 86400, got "abc"',
    ],
    [{ LIVE_CHECKS: 'yes' }, 'LIVE_CHECKS must be "true" or "false", got "yes"'],
    [{ LATENCY_ALERTS: '1' }, 'LATENCY_ALERTS must be "true" or "false"'],
    [
      { DESTINATION_READ_ROLE_ARNS: '222222222222' },
      'DESTINATION_READ_ROLE_ARNS must be comma-separated IAM role ARNs',
    ],
    [{ INCIDENT_TABLE_NAME: 'no spaces allowed' }, 'INCIDENT_TABLE_NAME is not a valid DynamoDB table name'],
    [{ INCIDENT_TTL_DAYS: '0' }, 'INCIDENT_TTL_DAYS must be a whole number of days'],
    [{ ALERT_CLAIM_LEASE_SECONDS: '5' }, 'ALERT_CLAIM_LEASE_SECONDS must be a whole number of seconds from 10'],
    [{ SUPPRESSION_RULES: '[{keySuffix: ".tflock"}]' }, 'SUPPRESSION_RULES is not valid JSON'],
    [{ SUPPRESSION_RULES: '{"keySuffix": ".tflock"}' }, 'SUPPRESSION_RULES must be a JSON array of rules'],
    [
      { SUPPRESSION_RULES: '[{"keySuffix": ".tflock"}, {"keyPrefix": ""}]' },
      'SUPPRESSION_RULES[1].keyPrefix must not be empty',
    ],
    [{ SUPPRESSION_RULES: '[{"comment": "everything"}]' }, 'SUPPRESSION_RULES[0] sets no matcher'],
  ])('rejects %o with a clear message', (env, message) => {
    // An empty case means an empty environment; the others change one variable of a valid one.
    const fullEnv = Object.keys(env).length === 0 ? {} : { ALERT_TOPIC_ARN: TOPIC, ...env };
    expect(() => loadConfig(fullEnv)).toThrow(ConfigError);
    expect(() => loadConfig(fullEnv)).toThrow(message);
  });
});

describe('loadResolutionConfig', () => {
  it('defaults to a one-hour quiet period with resolved alerts on', () => {
    expect(loadResolutionConfig({})).toEqual({ resolveAfterSeconds: 3_600, resolvedAlerts: true });
  });

  it('reads RESOLVE_AFTER_SECONDS and RESOLVED_ALERTS', () => {
    expect(loadResolutionConfig({ RESOLVE_AFTER_SECONDS: '7200', RESOLVED_ALERTS: 'false' })).toEqual({
      resolveAfterSeconds: 7_200,
      resolvedAlerts: false,
    });
  });

  it.each([
    [
      { RESOLVE_AFTER_SECONDS: '30' },
      'RESOLVE_AFTER_SECONDS must be a whole number of seconds from 600 to 2592000, got "30"',
    ],
    [{ RESOLVE_AFTER_SECONDS: 'an hour' }, 'RESOLVE_AFTER_SECONDS must be a whole number of seconds'],
    [{ RESOLVED_ALERTS: 'no' }, 'RESOLVED_ALERTS must be "true" or "false", got "no"'],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => loadResolutionConfig(env)).toThrow(ConfigError);
    expect(() => loadResolutionConfig(env)).toThrow(message);
  });
});
