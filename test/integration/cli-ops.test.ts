import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  GetBucketReplicationCommand,
  HeadBucketCommand,
  PutBucketReplicationCommand,
  type ReplicationConfiguration,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { CreateJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redriveDeps } from '../../lambdas/cli/commands/redrive.js';
import type { ReplicationConfigurationDoc } from '../../lambdas/core/ops/replication-config.js';
import { runCliCaptured } from '../helpers/cli.js';
import { v1Configuration, v2Configuration } from '../unit/ops/fixtures.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' };
const ACCOUNT = '111122223333';
const BATCH_ROLE = `arn:aws:iam::${ACCOUNT}:role/replication-doctor-batch-replication`;
const DLQ_URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/ReplicationDoctor-DeadLetterQueue`;
const DLQ_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:ReplicationDoctor-DeadLetterQueue`;

const s3 = mockClient(S3Client);
const s3Control = mockClient(S3ControlClient);
const sqs = mockClient(SQSClient);
const sts = mockClient(STSClient);
const cloudFormation = mockClient(CloudFormationClient);

function run(argv: readonly string[]) {
  return runCliCaptured(argv, { env: ENV });
}

function json<T = Record<string, unknown>>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

function oneLine(stderr: string): string[] {
  return stderr.trim().split('\n');
}

function replicationNotFound(): S3ServiceException {
  return new S3ServiceException({
    name: 'ReplicationConfigurationNotFoundError',
    $fault: 'client',
    $metadata: { httpStatusCode: 404 },
    message: 'The replication configuration was not found',
  });
}

function stackMissing(name = 'ReplicationDoctor'): CloudFormationServiceException {
  return new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `Stack with id ${name} does not exist`,
  });
}

function stackWith(outputs: Record<string, string>) {
  return {
    Stacks: [
      {
        StackName: 'ReplicationDoctor',
        StackStatus: 'UPDATE_COMPLETE' as const,
        CreationTime: new Date('2026-01-01T00:00:00Z'),
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  };
}

function givenConfiguration(configuration: ReplicationConfigurationDoc): void {
  s3.on(GetBucketReplicationCommand).resolves({
    ReplicationConfiguration: structuredClone(configuration) as ReplicationConfiguration,
  });
}

beforeEach(() => {
  s3.reset();
  s3Control.reset();
  sqs.reset();
  sts.reset();
  cloudFormation.reset();
  sts.on(GetCallerIdentityCommand).resolves({
    Account: ACCOUNT,
    Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/operator/me`,
    UserId: 'AROAEXAMPLE:me',
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('replication-doctor enable-metrics', () => {
  it('plans turning metrics on, exits 1, and writes nothing', async () => {
    givenConfiguration(v2Configuration());

    const result = await run(['enable-metrics', 'src-bucket', '--json']);

    expect(result.code).toBe(1);
    const output = json<{ status: string; changes: { ruleId: string }[]; request: unknown }>(result.stdout);
    expect(output.status).toBe('planned');
    expect(output.changes.map((c) => c.ruleId)).toEqual(['logs', 'tagged']);
    expect(output.request).toMatchObject({ Bucket: 'src-bucket' });
    expect(s3).toHaveReceivedCommandWith(GetBucketReplicationCommand, { Bucket: 'src-bucket' });
    expect(s3).not.toHaveReceivedCommand(PutBucketReplicationCommand);
  });

  it('puts exactly the planned request once under --execute and exits 0', async () => {
    givenConfiguration(v2Configuration());
    const planned = json<{ request: unknown }>((await run(['enable-metrics', 'src-bucket', '--json'])).stdout).request;

    const result = await run(['enable-metrics', 'src-bucket', '--execute', '--json']);

    expect(result.code).toBe(0);
    expect(json<{ status: string }>(result.stdout).status).toBe('executed');
    expect(s3).toHaveReceivedCommandTimes(PutBucketReplicationCommand, 1);
    expect(s3.commandCalls(PutBucketReplicationCommand)[0]?.args[0].input).toEqual(planned);
  });

  it('prints a human plan naming the rules and how to apply it', async () => {
    givenConfiguration(v2Configuration());

    const result = await run(['enable-metrics', 'src-bucket', '--rule', 'logs']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('turn on replication metrics for 1 rule(s): logs');
    expect(result.stdout).toContain('Run again with --execute');
  });

  it('refuses to execute a V1 -> V2 schema change without --allow-schema-change', async () => {
    givenConfiguration(v1Configuration());

    const result = await run(['enable-metrics', 'src-bucket', '--execute']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('--allow-schema-change');
    expect(s3).not.toHaveReceivedCommand(PutBucketReplicationCommand);
  });

  it('executes the schema change with --allow-schema-change', async () => {
    givenConfiguration(v1Configuration());

    const result = await run(['enable-metrics', 'src-bucket', '--rule', 'docs', '--execute', '--allow-schema-change']);

    expect(result.code).toBe(0);
    expect(s3).toHaveReceivedCommandTimes(PutBucketReplicationCommand, 1);
    const input = s3.commandCalls(PutBucketReplicationCommand)[0]?.args[0].input;
    expect(
      input?.ReplicationConfiguration?.Rules?.map((r) => [r.ID, r.Filter, r.Priority, r.DeleteMarkerReplication]),
    ).toEqual([
      ['tax', { Prefix: 'Tax/' }, 1, { Status: 'Enabled' }],
      ['docs', { Prefix: 'docs/' }, 2, { Status: 'Enabled' }],
    ]);
  });

  it('exits 0 with nothing to change when metrics are already on', async () => {
    givenConfiguration(v2Configuration());

    const result = await run(['enable-metrics', 'src-bucket', '--rule', 'rtc', '--execute']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing to change');
    expect(s3).not.toHaveReceivedCommand(PutBucketReplicationCommand);
  });

  it('reports a bucket without a replication configuration as a problem (exit 1)', async () => {
    s3.on(GetBucketReplicationCommand).rejects(replicationNotFound());

    const result = await run(['enable-metrics', 'src-bucket', '--json']);

    expect(result.code).toBe(1);
    expect(json(result.stdout)).toMatchObject({ status: 'no-configuration', request: null });
    expect(json<{ message: string }>(result.stdout).message).toContain('has no replication configuration');
  });

  it('names the rules that exist when --rule names one that does not (exit 2)', async () => {
    givenConfiguration(v2Configuration());

    const result = await run(['enable-metrics', 'src-bucket', '--rule', 'nope']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      'replication-doctor enable-metrics: bucket src-bucket has no rule nope; its rules are: logs, rtc, tagged',
    ]);
  });

  it('says in one line when the bucket does not exist', async () => {
    s3.on(GetBucketReplicationCommand).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
        message: 'The specified bucket does not exist',
      }),
    );

    const result = await run(['enable-metrics', 'gone-bucket']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('bucket gone-bucket does not exist');
  });

  it('names the missing permission in one line when access is denied', async () => {
    s3.on(GetBucketReplicationCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      }),
    );

    const result = await run(['enable-metrics', 'src-bucket']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      'replication-doctor enable-metrics: error: GetBucketReplication src-bucket failed: access denied (the caller needs s3:GetReplicationConfiguration on arn:aws:s3:::src-bucket)',
    ]);
  });

  it('needs a bucket (exit 2)', async () => {
    const result = await run(['enable-metrics']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
  });
});

describe('replication-doctor redrive', () => {
  const ruleArgs = ['redrive', 'amzn-s3-demo-bucket1', '--rule', 'logs', '--role-arn', BATCH_ROLE];

  beforeEach(() => {
    givenConfiguration(v2Configuration());
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
    s3Control.on(CreateJobCommand).resolves({ JobId: '8a1e1ad6-1c3e-4f5a-9d7e-000000000001' });
    vi.spyOn(redriveDeps, 'now').mockReturnValue(new Date('2026-03-14T09:00:00Z'));
  });

  it('prints the planned CreateJob request, exits 1, and creates nothing', async () => {
    const result = await run([...ruleArgs, '--report-bucket', 'reports', '--json']);

    expect(result.code).toBe(1);
    const output = json<{ status: string; request: Record<string, unknown> }>(result.stdout);
    expect(output.status).toBe('planned');
    expect(output.request).toMatchObject({
      AccountId: ACCOUNT,
      RoleArn: BATCH_ROLE,
      Priority: 10,
      ConfirmationRequired: false,
      Operation: { S3ReplicateObject: {} },
      Report: { Bucket: 'arn:aws:s3:::reports', Enabled: true, ReportScope: 'FailedTasksOnly' },
      ManifestGenerator: {
        S3JobManifestGenerator: {
          SourceBucket: 'arn:aws:s3:::amzn-s3-demo-bucket1',
          Filter: { ObjectReplicationStatuses: ['FAILED'], KeyNameConstraint: { MatchAnyPrefix: ['logs/'] } },
        },
      },
    });
    expect(s3Control).not.toHaveReceivedCommand(CreateJobCommand);
  });

  it('gives the same idempotency token when re-run on the same day', async () => {
    const first = json<{ request: { ClientRequestToken: string } }>((await run([...ruleArgs, '--json'])).stdout);
    const second = json<{ request: { ClientRequestToken: string } }>((await run([...ruleArgs, '--json'])).stdout);

    expect(second.request.ClientRequestToken).toBe(first.request.ClientRequestToken);
  });

  it('takes the batch role from the stack outputs when --role-arn is not given', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackWith({ BatchReplicationRoleArn: BATCH_ROLE }));

    const result = await run(['redrive', 'amzn-s3-demo-bucket1', '--rule', 'logs', '--json']);

    expect(result.code).toBe(1);
    expect(json<{ request: { RoleArn: string } }>(result.stdout).request.RoleArn).toBe(BATCH_ROLE);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'ReplicationDoctor' });
  });

  it('names the stack and the flag to pass instead when the stack is missing (exit 2)', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(stackMissing('Doctor2'));

    const result = await run(['redrive', 'amzn-s3-demo-bucket1', '--rule', 'logs', '--stack', 'Doctor2']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      'replication-doctor redrive: stack Doctor2 does not exist in us-east-1: pass --stack <name> of the deployed stack, or --role-arn <Batch Replication role ARN>',
    ]);
  });

  it('refuses --execute when the checks fail, listing them, and creates nothing (exit 1)', async () => {
    vi.spyOn(redriveDeps, 'verifierFor').mockReturnValue(async () => ({
      ok: false,
      failing: ['role-destination-permissions: s3:ReplicateObject is denied by the destination bucket policy'],
    }));

    const result = await run([...ruleArgs, '--execute']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('s3:ReplicateObject is denied');
    expect(s3Control).not.toHaveReceivedCommand(CreateJobCommand);
  });

  it('refuses --execute in a build whose live checks are not wired', async () => {
    const result = await run([...ruleArgs, '--execute', '--json']);

    expect(result.code).toBe(1);
    expect(json(result.stdout)).toMatchObject({ status: 'refused', jobId: null });
    expect(s3Control).not.toHaveReceivedCommand(CreateJobCommand);
  });

  it('creates exactly the planned job once the checks pass (exit 0)', async () => {
    const verify = vi.fn(async () => ({ ok: true, failing: [] }));
    vi.spyOn(redriveDeps, 'verifierFor').mockReturnValue(verify);
    const planned = json<{ request: unknown }>((await run([...ruleArgs, '--json'])).stdout).request;

    const result = await run([...ruleArgs, '--execute', '--json']);

    expect(result.code).toBe(0);
    expect(verify).toHaveBeenCalledWith('amzn-s3-demo-bucket1', 'logs');
    expect(json(result.stdout)).toMatchObject({ status: 'created', jobId: '8a1e1ad6-1c3e-4f5a-9d7e-000000000001' });
    expect(s3Control).toHaveReceivedCommandTimes(CreateJobCommand, 1);
    expect(s3Control.commandCalls(CreateJobCommand)[0]?.args[0].input).toEqual(planned);
  });

  it('explains an idempotency conflict in one line', async () => {
    vi.spyOn(redriveDeps, 'verifierFor').mockReturnValue(async () => ({ ok: true, failing: [] }));
    s3Control.on(CreateJobCommand).rejects(
      Object.assign(new Error('Idempotency token already used with different parameters'), {
        name: 'IdempotencyException',
        $metadata: { httpStatusCode: 409 },
      }),
    );

    const result = await run([...ruleArgs, '--execute']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('already exists today with a different request');
  });

  it('names the permissions the caller needs when CreateJob is denied', async () => {
    vi.spyOn(redriveDeps, 'verifierFor').mockReturnValue(async () => ({ ok: true, failing: [] }));
    s3Control
      .on(CreateJobCommand)
      .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));

    const result = await run([...ruleArgs, '--execute']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      `replication-doctor redrive: error: CreateJob failed: access denied (the caller needs s3:CreateJob, and iam:PassRole on ${BATCH_ROLE})`,
    ]);
  });

  it('asks for --role-arn when the stack has no BatchReplicationRoleArn output', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackWith({ DeadLetterQueueUrl: DLQ_URL }));

    const result = await run(['redrive', 'amzn-s3-demo-bucket1', '--rule', 'logs']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      'replication-doctor redrive: stack ReplicationDoctor has no output BatchReplicationRoleArn; redeploy it or pass --role-arn <Batch Replication role ARN>',
    ]);
  });

  it('resolves bucket and rule from the incident store with --incident', async () => {
    const getIncident = vi.fn(async (id: string) =>
      id === 'inc-0123456789abcdef'
        ? {
            sourceBucket: 'amzn-s3-demo-bucket1',
            ruleId: 'tagged',
            destinationBucket: 'amzn-s3-demo-destination',
            canonicalReason: 'DstPutObjectNotPermitted',
            status: 'open',
          }
        : undefined,
    );
    const sourceFor = vi.spyOn(redriveDeps, 'incidentSourceFor').mockReturnValue({ getIncident });

    const result = await run([
      'redrive',
      '--incident',
      'inc-0123456789abcdef',
      '--table',
      'incidents',
      '--role-arn',
      BATCH_ROLE,
      '--json',
    ]);

    expect(result.code).toBe(1);
    expect(sourceFor.mock.calls[0]?.[0].tableName).toBe('incidents');
    const output = json<{ ruleId: string; incidentId: string; request: { Description: string } }>(result.stdout);
    expect(output).toMatchObject({
      bucket: 'amzn-s3-demo-bucket1',
      ruleId: 'tagged',
      incidentId: 'inc-0123456789abcdef',
    });
    expect(output.request.Description).toContain('incident inc-0123456789abcdef');
  });

  it('says in one line when the incident is not in the store (exit 2)', async () => {
    vi.spyOn(redriveDeps, 'incidentSourceFor').mockReturnValue({ getIncident: async () => undefined });

    const result = await run(['redrive', '--incident', 'inc-missing', '--table', 'incidents']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      'replication-doctor redrive: incident inc-missing was not found in table incidents',
    ]);
  });

  it('names the rules that exist for an unknown --rule (exit 2)', async () => {
    const result = await run(['redrive', 'amzn-s3-demo-bucket1', '--rule', 'nope', '--role-arn', BATCH_ROLE]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('its rules are: logs, rtc, tagged');
  });

  it('needs --incident or a bucket with --rule (exit 2)', async () => {
    for (const argv of [['redrive'], ['redrive', 'bucket'], ['redrive', 'bucket', '--rule', 'r', '--incident', 'i']]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(oneLine(result.stderr)).toHaveLength(1);
    }
  });

  it('reports a bucket without replication configuration as a problem (exit 1)', async () => {
    s3.on(GetBucketReplicationCommand).rejects(replicationNotFound());

    const result = await run(ruleArgs);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Batch Replication needs one');
  });
});

describe('replication-doctor dlq', () => {
  const body = (name: string) => readFileSync(new URL(`../events/${name}`, import.meta.url), 'utf8');
  const message = (id: string, name: string) => ({
    MessageId: id,
    ReceiptHandle: `handle-${id}`,
    Body: body(name),
    Attributes: { ApproximateReceiveCount: '6', SentTimestamp: '1725570272527' },
  });

  function givenQueue(messages: number, redrivePolicy?: string): void {
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: {
        QueueArn: DLQ_ARN,
        ApproximateNumberOfMessages: String(messages),
        ApproximateNumberOfMessagesNotVisible: '0',
        ...(redrivePolicy ? { RedrivePolicy: redrivePolicy } : {}),
      },
    });
    sqs.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
  }

  it('reads every message once across polls with duplicates, deletes nothing, and exits 1', async () => {
    givenQueue(3);
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [message('m1', 's3-failed-assume-role.json'), message('m2', 'malformed-missing-reason.json')],
      })
      .resolvesOnce({
        Messages: [
          message('m2', 'malformed-missing-reason.json'),
          message('m3', 's3-failed-dst-put-object-legacy.json'),
        ],
      })
      .resolves({ Messages: [] });

    const result = await run(['dlq', '--queue', DLQ_URL, '--json']);

    expect(result.code).toBe(1);
    const output = json<{
      read: number;
      byReason: { canonicalReason: string }[];
      incidents: { canonicalReason: string; messageIds: string[] }[];
      malformed: { messageId: string }[];
      redrive: unknown;
    }>(result.stdout);
    expect(output.read).toBe(3);
    expect(output.byReason.map((r) => r.canonicalReason)).toEqual([
      'AssumeRoleNotPermitted',
      'DstPutObjectNotPermitted',
    ]);
    expect(output.incidents.map((i) => [i.canonicalReason, i.messageIds])).toEqual([
      ['AssumeRoleNotPermitted', ['m1']],
      ['DstPutObjectNotPermitted', ['m3']],
    ]);
    expect(output.malformed.map((m) => m.messageId)).toEqual(['m2']);
    expect(output.redrive).toBeNull();
    expect(sqs).toHaveReceivedCommandWith(ReceiveMessageCommand, { QueueUrl: DLQ_URL, VisibilityTimeout: 10 });
    expect(sqs).not.toHaveReceivedCommand(DeleteMessageCommand);
    expect(sqs).not.toHaveReceivedCommand(DeleteMessageBatchCommand);
    expect(sqs).not.toHaveReceivedCommand(StartMessageMoveTaskCommand);
    const restored = sqs
      .commandCalls(ChangeMessageVisibilityBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? []);
    expect(restored.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).toEqual([
      ['handle-m1', 0],
      ['handle-m2', 0],
      ['handle-m3', 0],
    ]);
  });

  it('stops at --max', async () => {
    givenQueue(50);
    sqs
      .on(ReceiveMessageCommand)
      .resolves({ Messages: [message('m1', 's3-failed-assume-role.json'), message('m2', 's3-test-event.json')] });

    const result = await run(['dlq', '--queue', DLQ_URL, '--max', '1', '--json']);

    expect(json<{ read: number }>(result.stdout).read).toBe(1);
    expect(sqs).toHaveReceivedCommandWith(ReceiveMessageCommand, { MaxNumberOfMessages: 1 });
  });

  it('prints a human summary by reason', async () => {
    givenQueue(1);
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message('m1', 's3-failed-assume-role.json')] })
      .resolves({});

    const result = await run(['dlq', '--queue', DLQ_URL]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('AssumeRoleNotPermitted  1 record(s) in 1 message(s)');
    expect(result.stdout).toContain('dlq --redrive');
  });

  it('exits 0 for an empty queue', async () => {
    givenQueue(0);
    sqs.on(ReceiveMessageCommand).resolves({});

    const result = await run(['dlq', '--queue', DLQ_URL, '--json']);

    expect(result.code).toBe(0);
    expect(json(result.stdout)).toMatchObject({ read: 0, incidents: [], malformed: [] });
  });

  it('starts a message move task back to the source queue with --redrive', async () => {
    givenQueue(1);
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message('m1', 's3-failed-assume-role.json')] })
      .resolves({});
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'eyJ0YXNrSWQiOiJkYjY3In0=' });

    const result = await run(['dlq', '--queue', DLQ_URL, '--redrive', '--json']);

    expect(result.code).toBe(1);
    expect(json(result.stdout)).toMatchObject({
      redrive: { taskHandle: 'eyJ0YXNrSWQiOiJkYjY3In0=', sourceArn: DLQ_ARN },
    });
    expect(sqs).toHaveReceivedCommandTimes(StartMessageMoveTaskCommand, 1);
    // No DestinationArn: SQS moves each message back to the queue it came from.
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({ SourceArn: DLQ_ARN });
    expect(sqs).not.toHaveReceivedCommand(DeleteMessageCommand);
  });

  it('finds the DLQ through the stack outputs', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(stackWith({ DeadLetterQueueUrl: DLQ_URL, DeadLetterQueueArn: DLQ_ARN }));
    givenQueue(0);
    sqs.on(ReceiveMessageCommand).resolves({});

    const result = await run(['dlq']);

    expect(result.code).toBe(0);
    expect(sqs).toHaveReceivedCommandWith(ReceiveMessageCommand, { QueueUrl: DLQ_URL });
  });

  it('names the missing stack and --queue in one line (exit 2)', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(stackMissing());

    const result = await run(['dlq']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      'replication-doctor dlq: stack ReplicationDoctor does not exist in us-east-1: pass --stack <name> of the deployed stack, or --queue <dead-letter queue URL>',
    ]);
    expect(sqs).not.toHaveReceivedCommand(ReceiveMessageCommand);
  });

  it('refuses to read a queue that has a redrive policy (it is a source queue, not a DLQ)', async () => {
    givenQueue(5, JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5 }));

    const result = await run(['dlq', '--queue', 'https://sqs.us-east-1.amazonaws.com/111122223333/events']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('not a dead-letter queue');
    expect(sqs).not.toHaveReceivedCommand(ReceiveMessageCommand);
  });

  it('says so when it cannot make the read messages visible again', async () => {
    givenQueue(1);
    sqs.on(ChangeMessageVisibilityBatchCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message('m1', 's3-failed-assume-role.json')] })
      .resolves({});

    const result = await run(['dlq', '--queue', DLQ_URL, '--json']);

    expect(result.code).toBe(1);
    expect(json(result.stdout)).toMatchObject({ read: 1, visibilityRestored: false });
    expect(result.stderr).toContain('sqs:ChangeMessageVisibility');
  });

  it('says in one line when the queue does not exist', async () => {
    sqs
      .on(GetQueueAttributesCommand)
      .rejects(
        new QueueDoesNotExist({ $metadata: { httpStatusCode: 400 }, message: 'The specified queue does not exist.' }),
      );

    const result = await run(['dlq', '--queue', DLQ_URL]);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toEqual([
      `replication-doctor dlq: error: GetQueueAttributes failed: queue ${DLQ_URL} does not exist (check the URL and --region)`,
    ]);
  });

  it('rejects a --max that is not a positive whole number', async () => {
    const result = await run(['dlq', '--queue', DLQ_URL, '--max', 'lots']);

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
  });
});

describe('live commands without AWS credentials', () => {
  it.each([
    [['enable-metrics', 'src-bucket']],
    [['redrive', 'src-bucket', '--rule', 'r']],
    [['dlq', '--queue', DLQ_URL]],
  ])('%j exits 2 with one line, quickly', async (argv) => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/replication-doctor/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/replication-doctor/credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const started = Date.now();

    const result = await runCliCaptured(argv, { env: { AWS_REGION: 'us-east-1' } });

    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('no AWS credentials found: configure a profile (--profile');
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(s3).not.toHaveReceivedCommand(GetBucketReplicationCommand);
    expect(sqs).not.toHaveReceivedCommand(ReceiveMessageCommand);
  });
});
