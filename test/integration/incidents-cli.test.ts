import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbIncidentStore } from '../../lambdas/adapters/dynamodb-store.js';
import type { IncidentListing } from '../../lambdas/cli/commands/incidents.js';
import { catalogDiagnoser } from '../../lambdas/core/diagnose.js';
import type { IncidentReport } from '../../lambdas/core/report.js';
import { runCliCaptured } from '../helpers/cli.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { at, makeGroup } from '../helpers/store-contract.js';

/**
 * `replication-doctor incidents` against a real DynamoDB API (dynalite): the command builds its DynamoDB client the
 * way it does in production; the SDK's `AWS_ENDPOINT_URL_DYNAMODB` points that client at dynalite.
 */

const ENV = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' };
const cloudFormation = mockClient(CloudFormationClient);

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  cloudFormation.reset();
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function table(): Promise<{ tableName: string; store: DynamoDbIncidentStore }> {
  tables += 1;
  const tableName = `cli-incidents-${tables}`;
  await dynamo.createTable(tableName);
  return { tableName, store: new DynamoDbIncidentStore({ client: dynamo.doc, tableName }) };
}

/** Records an incident and its new alert, as the responder does. */
async function alerted(
  store: DynamoDbIncidentStore,
  options: Parameters<typeof makeGroup>[0],
  seconds = 0,
): Promise<IncidentReport> {
  const group = makeGroup(options);
  const { claim } = await store.recordFailures(group, at(seconds));
  if (!claim) throw new Error('no claim');
  const report = await catalogDiagnoser()(group);
  await store.completeAlert(claim, at(seconds + 1), report);
  return report;
}

/** Three incidents: an open critical one, a resolved one, and an open info one. */
async function seeded() {
  const { tableName, store } = await table();
  const critical = await alerted(store, {
    sourceBucket: 'bucket-critical',
    reason: 'DstBucketUnversioned',
    lastSeen: '2024-09-05T22:00:00.000Z',
  });
  const resolved = await alerted(store, {
    sourceBucket: 'bucket-fixed',
    reason: 'DstKmsKeyNotFound',
    lastSeen: '2024-09-05T20:00:00.000Z',
  });
  const resolvedState = (await store.getIncident(resolved.incidentId))?.state;
  if (!resolvedState) throw new Error('no state');
  await store.markResolved(resolved.incidentId, at(7_200), resolvedState);
  const info = await alerted(store, {
    sourceBucket: 'bucket-info',
    reason: 'SrcObjectNotFound',
    lastSeen: '2024-09-05T21:00:00.000Z',
  });
  return { tableName, store, critical, resolved, info };
}

interface ListJson {
  table: string;
  status: string;
  limit: number;
  openProblems: number;
  incidents: IncidentListing[];
}

function run(argv: readonly string[]) {
  return runCliCaptured(argv, { env: ENV });
}

describe('replication-doctor incidents', () => {
  it('lists open and resolved incidents newest first, exit 1 with an open incident above info', async () => {
    const { tableName, critical, resolved, info } = await seeded();

    const result = await run(['incidents', '--table', tableName, '--json']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as ListJson;
    expect(output).toMatchObject({ table: tableName, status: 'all', limit: 50, openProblems: 1 });
    expect(output.incidents.map((i) => i.incidentId)).toEqual([
      critical.incidentId,
      info.incidentId,
      resolved.incidentId,
    ]);
    expect(output.incidents[0]).toEqual({
      incidentId: critical.incidentId,
      status: 'open',
      failureReason: 'DstBucketUnversioned',
      canonicalReason: 'DstBucketUnversioned',
      known: true,
      category: critical.category,
      severity: critical.severity,
      title: critical.title,
      sourceBucket: 'bucket-critical',
      destinationBucket: 'amzn-s3-demo-bucket2',
      ruleId: 'notification-test-replication-rule',
      awsRegion: 'us-east-1',
      objectCount: 3,
      firstSeen: '2024-09-05T21:04:32.527Z',
      lastSeen: '2024-09-05T22:00:00.000Z',
      lastAlert: { type: 'new', at: at(1).toISOString() },
      alertsSent: 1,
      resolvedAt: null,
      reopenedAt: null,
      reopenCount: 0,
      recentSampleKeys: ['data/object-1.bin', 'data/object-2.bin', 'data/object-3.bin'],
    });
    expect(output.incidents[2]).toMatchObject({ status: 'resolved', resolvedAt: at(7_200).toISOString() });
  });

  it('filters by status and limit, and exits 0 when no open incident is above info', async () => {
    const { tableName, resolved, info } = await seeded();

    const onlyResolved = await run(['incidents', '--table', tableName, '--status', 'resolved', '--json']);
    const open = await run(['incidents', '--table', tableName, '--status', 'open', '--limit', '1', '--json']);
    const openInfo = await run(['incidents', '--table', tableName, '--status', 'open', '--limit', '2', '--json']);

    expect(onlyResolved.code).toBe(0);
    expect((JSON.parse(onlyResolved.stdout) as ListJson).incidents.map((i) => i.incidentId)).toEqual([
      resolved.incidentId,
    ]);
    expect(open.code).toBe(1);
    expect((JSON.parse(open.stdout) as ListJson).incidents).toHaveLength(1);
    const both = JSON.parse(openInfo.stdout) as ListJson;
    expect(both.incidents.map((i) => i.incidentId)[1]).toBe(info.incidentId);
    expect(both.incidents[1]).toMatchObject({ severity: 'info', status: 'open' });
  });

  it('exits 0 with only info incidents open', async () => {
    const { tableName, store } = await table();
    await alerted(store, { reason: 'SrcObjectNotFound' });

    const result = await run(['incidents', '--table', tableName]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 incident(s) in table');
    expect(result.stdout).toContain('1 open, 0 above info');
  });

  it('prints a readable listing with reason, buckets, rule, severity, counts, times and last alert', async () => {
    const { tableName, critical } = await seeded();

    const result = await run(['incidents', '--table', tableName]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`3 incident(s) in table ${tableName}, newest first: 2 open, 1 above info.`);
    expect(result.stdout).toContain(
      `OPEN      ${critical.severity.toUpperCase().padEnd(8)}  DstBucketUnversioned  ${critical.incidentId}`,
    );
    expect(result.stdout).toContain(
      '  bucket-critical -> amzn-s3-demo-bucket2, rule notification-test-replication-rule',
    );
    expect(result.stdout).toContain(
      '  3 object(s) failed; first seen 2024-09-05T21:04:32.527Z, last seen 2024-09-05T22:00:00.000Z',
    );
    expect(result.stdout).toContain(`  last alert new at ${at(1).toISOString()} (1 sent)`);
    expect(result.stdout).toContain(`; resolved at ${at(7_200).toISOString()}`);
    expect(result.stdout).toContain('Details: replication-doctor incidents --id <incidentId>');
  });

  it('shows a re-opened incident with its history', async () => {
    const { tableName, store } = await table();
    const report = await alerted(store, { reason: 'DstBucketUnversioned' });
    const state = (await store.getIncident(report.incidentId))?.state;
    if (!state) throw new Error('no state');
    await store.markResolved(report.incidentId, at(4_000), state);
    await store.recordFailures(makeGroup({ reason: 'DstBucketUnversioned', count: 2 }), at(5_000));

    const result = await run(['incidents', '--table', tableName, '--json']);

    const [listing] = (JSON.parse(result.stdout) as ListJson).incidents;
    expect(listing).toMatchObject({
      status: 'open',
      objectCount: 2,
      resolvedAt: null,
      reopenCount: 1,
      reopenedAt: at(5_000).toISOString(),
      lastAlert: null,
      alertsSent: 1,
    });
  });

  it('says so when the table holds no incident', async () => {
    const { tableName } = await table();

    const result = await run(['incidents', '--table', tableName, '--status', 'open']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`No open incidents in table ${tableName}.\n`);
  });
});

describe('replication-doctor incidents --id', () => {
  it('prints the stored report as the new alert was sent, under the incident status', async () => {
    const { tableName, critical } = await seeded();

    const result = await run(['incidents', '--table', tableName, '--id', critical.incidentId]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Incident ${critical.incidentId}: OPEN`);
    expect(result.stdout).toContain('The new alert as it was sent:');
    expect(result.stdout).toContain('VERDICT');
    expect(result.stdout).toContain('WHAT THE CODE MEANS');
    expect(result.stdout).toContain('HOW TO FIX');
    expect(result.stdout).toContain('never retried by S3');
  });

  it('prints the incident and its full report as JSON', async () => {
    const { tableName, resolved } = await seeded();

    const result = await run(['incidents', '--table', tableName, '--id', resolved.incidentId, '--json']);

    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { table: string; incident: IncidentListing; report: IncidentReport };
    expect(output.table).toBe(tableName);
    expect(output.incident).toMatchObject({ incidentId: resolved.incidentId, status: 'resolved' });
    expect(output.report).toEqual(resolved);
  });

  it('shows an incident whose new alert was never recorded, with the catalog severity', async () => {
    const { tableName, store } = await table();
    const group = makeGroup({ reason: 'DstBucketUnversioned' });
    await store.recordFailures(group, at(0));

    const result = await run(['incidents', '--table', tableName, '--id', group.incidentId, '--json']);

    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { incident: IncidentListing; report: null };
    expect(output.report).toBeNull();
    expect(output.incident).toMatchObject({ title: null, lastAlert: null, category: 'versioning' });
    const text = await run(['incidents', '--table', tableName, '--id', group.incidentId]);
    expect(text.stdout).toContain('No report is stored');
  });

  it('exits 2 with one line for an unknown incident', async () => {
    const { tableName } = await table();

    const result = await run(['incidents', '--table', tableName, '--id', 'inc-0000000000000000']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `replication-doctor incidents: incident inc-0000000000000000 was not found in table ${tableName}\n`,
    );
  });
});

describe('replication-doctor incidents: finding the table', () => {
  it('reads the table name from the stack output IncidentTableName', async () => {
    const { tableName, critical } = await seeded();
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Prod-Doctor' }).resolves({
      Stacks: [
        {
          StackName: 'Prod-Doctor',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: 'IncidentTableName', OutputValue: tableName }],
        },
      ],
    });

    const result = await run(['incidents', '--stack', 'Prod-Doctor', '--status', 'open', '--limit', '1', '--json']);

    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as ListJson).incidents[0]?.incidentId).toBe(critical.incidentId);
  });

  it('exits 2 naming --stack and --table when the stack does not exist', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Stack with id ReplicationDoctor does not exist',
      }),
    );

    const result = await run(['incidents']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'replication-doctor incidents: stack ReplicationDoctor does not exist in us-east-1: pass --stack <name> of the deployed stack, or --table <incident table name>\n',
    );
  });

  it('exits 2 when the table does not exist', async () => {
    const result = await run(['incidents', '--table', 'no-such-table']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'replication-doctor incidents: incident table no-such-table does not exist in us-east-1: pass --table or --stack\n',
    );
  });

  it.each([
    [['--status', 'closed'], '--status must be one of open, resolved, all, got closed'],
    [['--limit', '0'], '--limit must be a whole number from 1 to 1000, got 0'],
    [['--limit', '10x'], '--limit must be a whole number from 1 to 1000, got 10x'],
    [['--id', 'inc-1', '--status', 'open'], '--id shows one incident; leave out --status and --limit'],
    [['extra'], 'unexpected argument: extra'],
  ])('exits 2 for bad usage %j', async (args, message) => {
    const result = await run(['incidents', '--table', 'incidents', ...args]);

    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(`replication-doctor incidents: ${message}`)).toBe(true);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with one line without AWS credentials', async () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/replication-doctor/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/replication-doctor/credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');

    const result = await runCliCaptured(['incidents', '--table', 'incidents'], { env: { AWS_REGION: 'us-east-1' } });

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('no AWS credentials found');
  });
});
