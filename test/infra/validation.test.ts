import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { stackPropsFromConfig } from '../../infra/build-app.js';
import type { ReplicationDoctorProps } from '../../infra/replication-doctor.js';
import { ReplicationDoctorStack } from '../../infra/replication-doctor-stack.js';
import {
  validateBucketName,
  validateEmail,
  validateHttpsUrl,
  validateRoleArn,
  validateTopicArn,
} from '../../infra/validation.js';
import { ConfigError } from '../../lambdas/core/errors.js';
import { buildConstruct, cleanupApps, ENV, stackProps, testApp } from './support.js';

afterAll(cleanupApps);

/** Runs `build` and returns the ConfigError it throws. */
function configError(build: () => unknown): ConfigError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function expectRejected(props: Partial<ReplicationDoctorProps>, ...fragments: string[]): void {
  const error = configError(() => buildConstruct(props));
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message).toMatch(/^replication-doctor: invalid /);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

const fifoTopic = (): sns.ITopic =>
  sns.Topic.fromTopicAttributes(new Stack(testApp(), 'Topics', { env: ENV }), 'Fifo', {
    topicArn: 'arn:aws:sns:us-east-1:111122223333:alerts.fifo',
  });

describe('ReplicationDoctor props validation', () => {
  it('rejects an empty sourceBucketNames', () => {
    expectRejected({ sourceBucketNames: [] }, 'sourceBucketNames []', 'at least one');
  });

  it('rejects a bucket name with uppercase letters or underscores', () => {
    expectRejected(
      { sourceBucketNames: ['Source_Bucket'] },
      'sourceBucketNames[0] "Source_Bucket"',
      'not a valid S3 bucket name',
    );
  });

  it('rejects a bucket name shorter than 3 characters', () => {
    expectRejected({ sourceBucketNames: ['ab'] }, '"ab"');
  });

  it('rejects a bucket name longer than 63 characters', () => {
    expectRejected({ sourceBucketNames: ['a'.repeat(64)] }, 'a'.repeat(64));
  });

  it('rejects adjacent periods in a bucket name', () => {
    expectRejected({ sourceBucketNames: ['source..bucket'] }, '"source..bucket"', 'adjacent periods');
  });

  it('rejects a bucket name formatted as an IP address', () => {
    expectRejected({ sourceBucketNames: ['192.168.10.1'] }, '"192.168.10.1"', 'IP address');
  });

  it('rejects a reserved bucket name prefix', () => {
    expectRejected({ sourceBucketNames: ['xn--source-bucket'] }, '"xn--source-bucket"', 'reserved prefix');
  });

  it('rejects a reserved bucket name suffix', () => {
    expectRejected({ sourceBucketNames: ['source-bucket-s3alias'] }, '"source-bucket-s3alias"', 'reserved suffix');
  });

  it('rejects a bucket listed twice', () => {
    expectRejected(
      { sourceBucketNames: ['source-bucket-a', 'source-bucket-a'] },
      'sourceBucketNames[1]',
      'listed twice',
    );
  });

  it('rejects more source buckets than the IAM policies hold', () => {
    const many = Array.from({ length: 51 }, (_, i) => `source-bucket-${i}`);
    expectRejected({ sourceBucketNames: many }, '51 buckets', 'at most 50');
  });

  it('rejects an invalid alert email', () => {
    expectRejected({ alertEmails: ['oncall.example.com'] }, 'alertEmails[0] "oncall.example.com"', 'not an email');
  });

  it('rejects an invalid ops email', () => {
    expectRejected({ opsEmails: ['ops@'] }, 'opsEmails[0] "ops@"');
  });

  it('rejects a non-https alert endpoint', () => {
    expectRejected(
      { alertHttpsEndpoints: ['http://hooks.example.com/x'] },
      'alertHttpsEndpoints[0] "http://hooks.example.com/x"',
      'https://',
    );
  });

  it('rejects an alert endpoint that is not a URL', () => {
    expectRejected({ alertHttpsEndpoints: ['hooks example'] }, '"hooks example"', 'not a URL');
  });

  it('rejects a malformed destination read role ARN', () => {
    expectRejected(
      { destinationReadRoleArns: ['arn:aws:iam::2222:role/replication-doctor-read'] },
      'destinationReadRoleArns[0] "arn:aws:iam::2222:role/replication-doctor-read"',
      'not an IAM role ARN',
    );
  });

  it('rejects a user ARN where a role ARN is expected', () => {
    expectRejected({ destinationReadRoleArns: ['arn:aws:iam::222222222222:user/alice'] }, 'user/alice');
  });

  it('rejects a destination allow-list entry that is not an account id', () => {
    expectRejected(
      { destinationAllowList: ['2222-2222-2222'] },
      'destinationAllowList[0] "2222-2222-2222"',
      '12-digit',
    );
  });

  it('rejects a digestInterval below 1 minute', () => {
    expectRejected(
      { digestInterval: Duration.seconds(30) },
      'digestInterval "30 seconds"',
      'between 1 minute and 1 day',
    );
  });

  it('rejects a digestInterval above 1 day', () => {
    expectRejected({ digestInterval: Duration.days(2) }, 'digestInterval "2 days"');
  });

  it('rejects a digestInterval that is not a whole number of seconds', () => {
    expectRejected({ digestInterval: Duration.millis(90_500) }, 'digestInterval', 'whole number of seconds');
  });

  it('rejects a resolveAfter outside 10 minutes to 30 days', () => {
    expectRejected({ resolveAfter: Duration.minutes(5) }, 'resolveAfter "5 minutes"');
    expectRejected({ resolveAfter: Duration.days(31) }, 'resolveAfter "31 days"');
  });

  it('rejects a checkCacheTtl below 10 seconds', () => {
    expectRejected({ checkCacheTtl: Duration.seconds(5) }, 'checkCacheTtl "5 seconds"');
  });

  it('rejects a checkCacheTtl above 1 hour', () => {
    expectRejected({ checkCacheTtl: Duration.hours(2) }, 'checkCacheTtl "2 hours"');
  });

  it('rejects a responderMaxConcurrency below the SQS minimum of 2', () => {
    expectRejected({ responderMaxConcurrency: 1 }, 'responderMaxConcurrency 1', 'between 2 and 1000');
  });

  it('rejects a responderMaxConcurrency above 1000', () => {
    expectRejected({ responderMaxConcurrency: 1001 }, 'responderMaxConcurrency 1001');
  });

  it('rejects an invalid batchReportBucketName', () => {
    expectRejected({ batchReplicationRole: true, batchReportBucketName: 'Reports' }, 'batchReportBucketName "Reports"');
  });

  it('rejects a batchReportPrefix that does not end with a slash', () => {
    expectRejected({ batchReportPrefix: 'reports' }, 'batchReportPrefix "reports"', 'ends with "/"');
  });

  it('rejects a batchReportPrefix with a wildcard', () => {
    expectRejected({ batchReportPrefix: 'reports/*/' }, 'batchReportPrefix "reports/*/"', 'wildcards');
  });

  it('rejects a suppression rule that would match every failure', () => {
    expectRejected({ suppressions: [{ comment: 'everything' }] }, 'suppressions[0]', 'at least one of');
  });

  it('rejects a suppression rule for a bucket that is not a source bucket', () => {
    expectRejected(
      { suppressions: [{ sourceBucket: 'other-bucket', keyPrefix: 'tmp/' }] },
      'suppressions[0].sourceBucket "other-bucket"',
    );
  });

  it('rejects a suppression rule whose failureReason is not a code', () => {
    expectRejected({ suppressions: [{ failureReason: 'Dst Object' }] }, 'suppressions[0].failureReason "Dst Object"');
  });

  it('rejects suppressions that do not fit the Lambda environment', () => {
    const rules = Array.from({ length: 60 }, (_, i) => ({ keyPrefix: `very/long/prefix/number/${i}/` }));
    expectRejected({ suppressions: rules }, 'suppressions', '4 KB');
  });

  it('rejects a FIFO existing alert topic', () => {
    expectRejected({ existingAlertTopic: fifoTopic() }, 'existingAlertTopic', 'FIFO');
  });

  it('rejects a malformed existing alert topic ARN on the stack', () => {
    const error = configError(
      () =>
        new ReplicationDoctorStack(
          testApp(),
          'ReplicationDoctor',
          stackProps({ existingAlertTopicArn: 'alerts-topic' }),
        ),
    );
    expect(error.message).toBe(
      'replication-doctor: invalid alertTopicArn "alerts-topic": not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    );
  });

  it('rejects an audit schedule expression that is neither rate() nor cron()', () => {
    const error = configError(() =>
      stackPropsFromConfig({ sourceBuckets: ['source-bucket-a'], auditScheduleExpression: 'daily' }),
    );
    expect(error.message).toContain('auditScheduleExpression "daily"');
  });
});

describe('validators', () => {
  it('accept valid values', () => {
    expect(() => validateBucketName('b', 'my.source-bucket-1')).not.toThrow();
    expect(() => validateEmail('e', 'on-call+s3@example.co.uk')).not.toThrow();
    expect(() => validateHttpsUrl('u', 'https://hooks.example.com/a?b=c')).not.toThrow();
    expect(() => validateRoleArn('r', 'arn:aws:iam::222222222222:role/path/replication-doctor-read')).not.toThrow();
    expect(() => validateRoleArn('r', 'arn:aws-us-gov:iam::222222222222:role/reader')).not.toThrow();
    expect(() => validateTopicArn('t', 'arn:aws:sns:eu-west-1:111122223333:alerts')).not.toThrow();
  });

  it('accept unresolved tokens, whose value is only known at deploy time', () => {
    expect(() => validateBucketName('b', Token.asString({ Ref: 'BucketParam' }))).not.toThrow();
    expect(() => validateRoleArn('r', Token.asString({ Ref: 'RoleParam' }))).not.toThrow();
  });

  it('reject a FIFO topic ARN', () => {
    expect(() => validateTopicArn('t', 'arn:aws:sns:eu-west-1:111122223333:alerts.fifo')).toThrow(/FIFO/);
  });

  it('keep the message on one line when the bad value contains a newline', () => {
    const error = configError(() => validateEmail('alertEmails[0]', 'a@b.c\nrm -rf'));
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('\\n');
  });
});
