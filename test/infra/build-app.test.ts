import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, environmentFromProcess, stackPropsFromConfig } from '../../infra/build-app.js';
import { MISSING_SOURCE_BUCKETS_MESSAGE } from '../../infra/config.js';
import { ConfigError } from '../../lambdas/core/errors.js';
import { cleanupApps, REPO_ROOT, testApp } from './support.js';

const RESPONDER = 'arn:aws:iam::111122223333:role/ReplicationDoctor-DoctorResponderRole-AbC123';
const emptyDir = mkdtempSync(join(tmpdir(), 'replication-doctor-app-'));
afterAll(() => {
  cleanupApps();
  rmSync(emptyDir, { recursive: true, force: true });
});

describe('buildApp', () => {
  it('adds the ReplicationDoctor stack for -c sourceBuckets', () => {
    const app = testApp({ sourceBuckets: 'source-bucket-a,source-bucket-b', 'aws:cdk:bundling-stacks': [] });
    const built = buildApp(app, { cwd: emptyDir, nag: false });
    expect(built.main?.stackName).toBe('ReplicationDoctor');
    expect(built.destinationAccess).toBeUndefined();
    const template = Template.fromStack(built.main as NonNullable<typeof built.main>);
    template.resourceCountIs('Custom::S3BucketNotifications', 2);
    template.hasOutput('ResponderRoleArn', {});
  });

  it('adds only the ReplicationDoctorDestinationAccess stack for -c responderRoleArn without source buckets', () => {
    const built = buildApp(testApp({ responderRoleArn: RESPONDER, destinationBuckets: 'dest-bucket-a' }), {
      cwd: emptyDir,
      nag: false,
    });
    expect(built.main).toBeUndefined();
    expect(built.destinationAccess?.stackName).toBe('ReplicationDoctorDestinationAccess');
    Template.fromStack(built.destinationAccess as NonNullable<typeof built.destinationAccess>).hasResourceProperties(
      'AWS::IAM::Role',
      { AssumeRolePolicyDocument: { Statement: [{ Principal: { AWS: RESPONDER } }] } },
    );
  });

  it('adds both stacks when both are configured', () => {
    const built = buildApp(
      testApp({
        sourceBuckets: 'source-bucket-a',
        responderRoleArn: RESPONDER,
        destinationBuckets: ['dest-bucket-a'],
        'aws:cdk:bundling-stacks': [],
      }),
      { cwd: emptyDir, nag: false },
    );
    expect(built.main).toBeDefined();
    expect(built.destinationAccess).toBeDefined();
  });

  it('throws the one-line missing-setting error without any configuration', () => {
    expect(() => buildApp(testApp(), { cwd: emptyDir })).toThrow(new ConfigError(MISSING_SOURCE_BUCKETS_MESSAGE));
  });

  it('rejects a responderRoleArn given as a non-string', () => {
    expect(() => buildApp(testApp({ responderRoleArn: 42 }), { cwd: emptyDir })).toThrow(
      'replication-doctor: invalid context responderRoleArn=42: expected a string',
    );
  });

  it('puts the stacks in the CDK CLI environment when it has one', () => {
    const env = { account: '111122223333', region: 'eu-west-1' };
    const built = buildApp(testApp({ sourceBuckets: 'source-bucket-a', 'aws:cdk:bundling-stacks': [] }), {
      cwd: emptyDir,
      env,
      nag: false,
    });
    expect(built.main?.region).toBe('eu-west-1');
    expect(built.main?.account).toBe('111122223333');
  });
});

describe('environmentFromProcess', () => {
  it('is undefined offline without CDK_DEFAULT_ACCOUNT/REGION', () => {
    expect(environmentFromProcess({})).toBeUndefined();
  });

  it('takes what the CLI resolved', () => {
    expect(environmentFromProcess({ CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'us-east-1' })).toEqual({
      account: '111122223333',
      region: 'us-east-1',
    });
    expect(environmentFromProcess({ CDK_DEFAULT_REGION: 'us-east-1' })).toEqual({
      account: undefined,
      region: 'us-east-1',
    });
  });
});

describe('stackPropsFromConfig', () => {
  it('maps seconds to durations, the schedule expression and the file vocabulary onto props', () => {
    const props = stackPropsFromConfig({
      sourceBuckets: ['source-bucket-a'],
      digestIntervalSeconds: 600,
      checkCacheTtlSeconds: 60,
      auditScheduleExpression: 'rate(6 hours)',
      alertTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
      batchReportBucket: 'reports-bucket',
    });
    expect(props.sourceBucketNames).toEqual(['source-bucket-a']);
    expect(props.digestInterval?.toSeconds()).toBe(Duration.minutes(10).toSeconds());
    expect(props.checkCacheTtl?.toSeconds()).toBe(60);
    expect(props.auditSchedule?.expressionString).toBe('rate(6 hours)');
    expect(props.existingAlertTopicArn).toBe('arn:aws:sns:us-east-1:111122223333:alerts');
    expect(props.batchReportBucketName).toBe('reports-bucket');
  });

  it('leaves defaults to the construct', () => {
    const props = stackPropsFromConfig({ sourceBuckets: ['source-bucket-a'] });
    expect(props.digestInterval).toBeUndefined();
    expect(props.auditSchedule).toBeUndefined();
  });
});

describe('infra/bin/app.ts', () => {
  it('prints exactly the one-line missing-setting message and exits 1, without a stack trace', () => {
    // Run from an empty directory so no replication-doctor.config.json is found; CDK_OUTDIR keeps cdk.out out of it.
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(REPO_ROOT, 'infra/bin/app.ts')],
      {
        cwd: emptyDir,
        encoding: 'utf8',
        env: {
          ...process.env,
          CDK_OUTDIR: join(emptyDir, 'cdk.out'),
          CDK_CONTEXT_JSON: '{}',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${MISSING_SOURCE_BUCKETS_MESSAGE}\n`);
    expect(result.stdout).toBe('');
  });
});
