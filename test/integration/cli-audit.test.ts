/**
 * `replication-doctor audit` in-process against the fake estate (aws-sdk-client-mock), with the deployment found from
 * flags or from the stack's outputs.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetBucketReplicationCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../lambdas/cli/cli.js';
import type { CliIo } from '../../lambdas/cli/io.js';
import type { AuditFinding } from '../../lambdas/core/audit/types.js';
import { A, B, DST, destinationOf, SRC, sourceOf } from '../fixtures/facts/estate.js';
import { resetMocks, s3Mock } from '../fixtures/facts/fake-account.js';
import { runCliCaptured } from '../helpers/cli.js';
import {
  type AuditEstate,
  auditEstate,
  installAudit,
  LEGACY,
  LEGACY_RULE,
  QUEUE_ARN,
  toOurQueue,
} from '../unit/audit/audit-estate.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' };
const cloudFormation = mockClient(CloudFormationClient);

interface AuditJson {
  buckets: {
    bucket: string;
    configured: boolean;
    region: string | null;
    replication: string;
    notifications: string;
    rules: { ruleId: string; destinationBucket: string; status: string; metrics: string; checks: unknown[] }[];
    findings: string[];
  }[];
  findings: AuditFinding[];
  summary: {
    at: string;
    region: string | null;
    accountId: string | null;
    buckets: number;
    rulesChecked: number;
    findings: { critical: number; warning: number; info: number };
  };
}

function run(argv: readonly string[], env: Record<string, string | undefined> = ENV) {
  return runCliCaptured(argv, { env });
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

let estate: AuditEstate;

/** The legacy bucket fixed: metrics on and its events to our queue. */
function fixLegacy(): void {
  const rule = estate.model.buckets[LEGACY]?.replication?.Rules?.[0];
  if (!rule?.Destination) throw new Error('estate without legacy rule');
  rule.Destination.Metrics = { Status: 'Enabled', EventThreshold: { Minutes: 15 } };
  estate.notifications[LEGACY] = { QueueConfigurations: [toOurQueue()] };
}

beforeEach(() => {
  resetMocks();
  cloudFormation.reset();
  estate = auditEstate();
  installAudit(estate);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('replication-doctor audit --json', () => {
  it('audits the configured bucket and every other replicating bucket, and exits 1 on findings', async () => {
    const result = await run(['audit', '--buckets', SRC, '--queue-arn', QUEUE_ARN, '--json']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as AuditJson;
    expect(output.buckets.map((b) => [b.bucket, b.configured, b.replication, b.notifications])).toEqual([
      [SRC, true, 'configured', 'routed'],
      [LEGACY, false, 'configured', 'not-routed'],
    ]);
    expect(output.buckets[0]?.rules).toEqual([
      expect.objectContaining({
        ruleId: 'replicate-logs',
        destinationBucket: DST,
        status: 'Enabled',
        metrics: 'Enabled',
      }),
    ]);
    expect(output.buckets[0]?.rules[0]?.checks).toContainEqual(
      expect.objectContaining({ id: 'destination-versioning', status: 'pass' }),
    );
    // Every rule is checked with --account-buckets full (the default), the legacy bucket's too.
    expect(output.buckets[1]?.rules[0]?.checks.length).toBeGreaterThan(0);
    const legacy = output.findings.filter((f) => f.bucket === LEGACY).map((f) => [f.kind, f.severity]);
    expect(legacy).toContainEqual(['metrics-disabled', 'critical']);
    expect(legacy).toContainEqual(['not-monitored', 'warning']);
    expect(output.buckets[1]?.findings).toContain(`${LEGACY}:${LEGACY_RULE}:metrics-disabled`);
    expect(output.findings.find((f) => f.kind === 'metrics-disabled')).toMatchObject({
      id: `${LEGACY}:${LEGACY_RULE}:metrics-disabled`,
      ruleId: LEGACY_RULE,
      destinationBucket: DST,
      fix: [`replication-doctor enable-metrics ${LEGACY} --rule ${LEGACY_RULE} --execute`],
    });
    expect(output.summary).toMatchObject({ region: 'us-east-1', accountId: A, buckets: 2, rulesChecked: 2 });
    expect(output.summary.findings.critical).toBeGreaterThanOrEqual(1);
  });

  it('exits 0 when no finding is above info', async () => {
    fixLegacy();

    const result = await run(['audit', '--buckets', SRC, '--queue-arn', QUEUE_ARN, '--json']);

    const output = JSON.parse(result.stdout) as AuditJson;
    expect(output.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('finds a configured bucket whose failures would never be reported', async () => {
    delete estate.notifications[SRC];
    const rule = sourceOf(estate.model).replication?.Rules?.[0];
    if (!rule?.Destination) throw new Error('estate without rule');
    rule.Destination.Metrics = { Status: 'Disabled' };

    const result = await run([
      'audit',
      '--buckets',
      SRC,
      '--queue-arn',
      QUEUE_ARN,
      '--account-buckets',
      'off',
      '--json',
    ]);

    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as AuditJson;
    expect(output.buckets.map((b) => b.bucket)).toEqual([SRC]);
    const kinds = output.findings.map((f) => f.kind);
    expect(kinds).toContain('metrics-disabled');
    expect(kinds).toContain('notifications-not-routed');
  });

  it('applies the destination account allow-list from --allow-accounts', async () => {
    fixLegacy();
    destinationOf(estate.model).owner = B;
    const destination = sourceOf(estate.model).replication?.Rules?.[0]?.Destination;
    if (!destination) throw new Error('estate without rule');
    destination.Account = B;

    const result = await run([
      'audit',
      '--buckets',
      SRC,
      '--queue-arn',
      QUEUE_ARN,
      '--allow-accounts',
      '999999999999',
      '--account-buckets',
      'off',
      '--json',
    ]);

    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as AuditJson;
    expect(output.findings).toContainEqual(
      expect.objectContaining({ kind: 'destination-account-not-allowed', severity: 'critical', bucket: SRC }),
    );
  });
});

describe('replication-doctor audit: text', () => {
  it('groups findings by bucket, with their fixes', async () => {
    const result = await run(['audit', '--buckets', SRC, '--queue-arn', QUEUE_ARN]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`S3 replication audit: 2 bucket(s), 2 rule(s) in us-east-1, account ${A}`);
    expect(result.stdout).toContain(`${SRC} (configured source bucket, us-east-1)`);
    expect(result.stdout).toContain(`${LEGACY} (not in the deployment, us-east-1)`);
    expect(result.stdout).toContain(`  [CRITICAL] rule ${LEGACY_RULE}: Replication metrics are off`);
    expect(result.stdout).toContain(`replication-doctor enable-metrics ${LEGACY} --rule ${LEGACY_RULE} --execute`);
    expect(result.stdout.indexOf(SRC)).toBeLessThan(result.stdout.indexOf(`${LEGACY} (`));
    expect(result.stderr).toBe('');
  });

  it('shows progress on stderr only when it is a terminal', async () => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      readStdin: async () => '',
      env: ENV,
      interactive: true,
    };

    const code = await runCli(['audit', '--buckets', SRC, '--queue-arn', QUEUE_ARN, '--json'], io);

    expect(code).toBe(1);
    expect(stderr).toContain('auditing 3/3 bucket(s)');
    expect(stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(() => JSON.parse(stdout)).not.toThrow();
  });
});

describe('replication-doctor audit: finding the deployment', () => {
  it('reads the source buckets and the queue from the stack outputs', async () => {
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'Doctor-Prod' })
      .resolves(stackWith({ SourceBuckets: `${SRC}`, EventQueueArn: QUEUE_ARN }));

    const result = await run(['audit', '--stack', 'Doctor-Prod', '--json']);

    const output = JSON.parse(result.stdout) as AuditJson;
    expect(output.buckets.filter((b) => b.configured).map((b) => b.bucket)).toEqual([SRC]);
    expect(output.buckets[0]?.notifications).toBe('routed');
  });

  it('asks for --buckets when the stack does not export SourceBuckets, and takes the queue from it', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(stackWith({ EventQueueArn: QUEUE_ARN }));

    const missing = await run(['audit', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'replication-doctor audit: stack ReplicationDoctor has no output SourceBuckets; pass --buckets a,b\n',
    );
    expect(missing.stdout).toBe('');

    const withBuckets = await run(['audit', '--buckets', SRC, '--json']);
    expect((JSON.parse(withBuckets.stdout) as AuditJson).buckets[0]?.notifications).toBe('routed');
  });

  it('exits 2 with one line when the stack does not exist', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Stack with id ReplicationDoctor does not exist',
      }),
    );

    const result = await run(['audit', '--buckets', SRC]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stack ReplicationDoctor does not exist in us-east-1');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('replication-doctor audit: usage', () => {
  it.each([
    [['audit', 'extra'], 'unexpected argument: extra'],
    [['audit', '--buckets', 'Not_A_Bucket'], '--buckets: "Not_A_Bucket" is not an S3 bucket name'],
    [['audit', '--buckets', ','], '--buckets needs at least one bucket name'],
    [['audit', '--queue-arn', 'q', '--buckets', SRC], '--queue-arn must be an SQS queue ARN'],
    [['audit', '--allow-accounts', '12'], 'is not a 12-digit account id'],
    [['audit', '--account-buckets', 'some'], '--account-buckets must be one of full, coverage, off'],
    [['audit', '--bogus'], "Unknown option '--bogus'"],
  ])('%j exits 2 with one line', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with one line, quickly, without AWS credentials', async () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/replication-doctor/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/replication-doctor/credentials');
    const started = Date.now();

    const result = await run(['audit', '--buckets', SRC, '--queue-arn', QUEUE_ARN], { AWS_REGION: 'us-east-1' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no AWS credentials found');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(s3Mock).not.toHaveReceivedCommand(GetBucketReplicationCommand);
  });

  it('is listed in --help', async () => {
    const result = await run(['--help']);
    expect(result.stdout).toMatch(/\n {2}audit +Audit every replication setup/);
  });
});
