/**
 * The scheduled auditor end to end: the real handler module (config, clients and state created at import) against the
 * fake estate behind aws-sdk-client-mock, SNS mocked, state in memory or in dynalite.
 */
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditSummary } from '../../lambdas/auditor/handler.js';
import { A, B, DST, destinationOf, SRC, sourceOf } from '../fixtures/facts/estate.js';
import { resetMocks } from '../fixtures/facts/fake-account.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext } from '../helpers/events.js';
import { CONTROL_CHARACTERS, CONTROL_OR_SURROGATE } from '../helpers/text.js';
import {
  type AuditEstate,
  auditEstate,
  installAudit,
  LEGACY,
  LEGACY_RULE,
  QUEUE_ARN,
  toOurQueue,
} from '../unit/audit/audit-estate.js';

type Handler = (event?: unknown, context?: ReturnType<typeof lambdaContext>) => Promise<AuditSummary>;

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts';
const snsMock = mockClient(SNSClient);
const SCHEDULED_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: A,
  time: '2026-01-05T10:00:00Z',
  region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${A}:rule/ReplicationDoctor-AuditSchedule`],
  detail: {},
};

const ENV = {
  ALERT_TOPIC_ARN: TOPIC,
  SOURCE_BUCKETS: SRC,
  EVENT_QUEUE_ARN: QUEUE_ARN,
  AUDIT_STATE_TABLE_NAME: undefined,
  DESTINATION_ACCOUNT_ALLOW_LIST: undefined,
};

/** Imports a fresh handler module (a new container: fresh config, clients and in-memory state). */
async function loadHandler(env: Record<string, string | undefined> = {}): Promise<Handler> {
  vi.resetModules();
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries({ ...ENV, ...env })) vi.stubEnv(name, value);
  const module = await import('../../lambdas/auditor/handler.js');
  return module.handler;
}

function published(): PublishCommandInput[] {
  return snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

function attributeValues(input: PublishCommandInput | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(input?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
}

let estate: AuditEstate;

beforeEach(() => {
  resetMocks();
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
  estate = auditEstate();
  installAudit(estate);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('auditor handler: init', () => {
  it('fails at import with a clear message when ALERT_TOPIC_ARN is missing', async () => {
    await expect(loadHandler({ ALERT_TOPIC_ARN: undefined })).rejects.toThrow(
      'ALERT_TOPIC_ARN is required: set it to the SNS topic ARN for audit alerts',
    );
    await expect(loadHandler({ ALERT_TOPIC_ARN: '' })).rejects.toMatchObject({ name: 'ConfigError' });
  });

  it('fails at import naming a bad variable', async () => {
    await expect(loadHandler({ EVENT_QUEUE_ARN: 'my-queue' })).rejects.toThrow(
      'EVENT_QUEUE_ARN must be an SQS queue ARN',
    );
  });
});

describe('auditor handler: runs', () => {
  it('publishes one audit alert on the first run, with SPEC attributes and the findings with fixes', async () => {
    const handler = await loadHandler();

    const summary = await handler(SCHEDULED_EVENT, lambdaContext());

    expect(summary).toMatchObject({ buckets: 2, alertPublished: true, resolved: 0 });
    expect(summary.rulesChecked).toBe(2);
    expect(summary.findings.critical).toBeGreaterThanOrEqual(1);
    expect(summary.findings.warning).toBeGreaterThanOrEqual(1);
    expect(summary.opened).toBe(summary.findings.critical + summary.findings.warning + summary.findings.info);
    const alerts = published();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.TopicArn).toBe(TOPIC);
    expect(alert?.Subject).toMatch(/^\[CRITICAL\] S3 replication audit: \d+ new findings?$/);
    expect(alert?.Subject?.length).toBeLessThan(100);
    expect(alert?.Subject).not.toMatch(CONTROL_CHARACTERS);
    expect(alert?.Message).toContain(`${LEGACY}, rule ${LEGACY_RULE}: Replication metrics are off`);
    expect(alert?.Message).toContain(`replication-doctor enable-metrics ${LEGACY} --rule ${LEGACY_RULE} --execute`);
    expect(alert?.Message).toContain(`${LEGACY}: Replicating bucket is not monitored by the responder`);
    const values = attributeValues(alert);
    expect(Object.keys(values).sort()).toEqual(
      [
        'alertType',
        'category',
        'destinationBucket',
        'failureReason',
        'incidentId',
        'ruleId',
        'severity',
        'sourceBucket',
      ].sort(),
    );
    expect(values).toMatchObject({
      alertType: 'audit',
      failureReason: '-',
      severity: 'critical',
      category: 'configuration',
      incidentId: '-',
    });
    for (const value of Object.values(alert?.MessageAttributes ?? {})) {
      expect(value.DataType).toBe('String');
      expect(value.StringValue).not.toBe('');
      expect(value.StringValue).not.toMatch(CONTROL_OR_SURROGATE);
    }
  });

  it('publishes nothing when a second run finds the same', async () => {
    const handler = await loadHandler();
    await handler(SCHEDULED_EVENT);
    snsMock.resetHistory();

    const summary = await handler(SCHEDULED_EVENT);

    expect(published()).toEqual([]);
    expect(summary).toMatchObject({ opened: 0, resolved: 0, alertPublished: false });
  });

  it('reports a fixed finding as resolved, and a new one as new', async () => {
    const handler = await loadHandler();
    await handler(SCHEDULED_EVENT);
    snsMock.resetHistory();
    // The legacy bucket gets metrics and notifications to the responder: both its findings are fixed.
    const legacy = estate.model.buckets[LEGACY];
    const rule = legacy?.replication?.Rules?.[0];
    if (!rule?.Destination) throw new Error('estate without legacy rule');
    rule.Destination.Metrics = { Status: 'Enabled', EventThreshold: { Minutes: 15 } };
    estate.notifications[LEGACY] = { QueueConfigurations: [toOurQueue()] };

    const fixed = await handler(SCHEDULED_EVENT);

    expect(fixed).toMatchObject({ opened: 0, resolved: 2, alertPublished: true });
    const [alert] = published();
    expect(alert?.Subject).toMatch(/2 resolved/);
    expect(alert?.Message).toContain('RESOLVED (2)');
    expect(alert?.Message).toContain(`- [CRITICAL] ${LEGACY}, rule ${LEGACY_RULE}: Replication metrics are off`);
    expect(alert?.Message).toContain(`- [WARNING] ${LEGACY}: Replicating bucket is not monitored by the responder`);
    snsMock.resetHistory();

    // Then versioning is suspended on the destination: a new critical finding (the legacy bucket outside the
    // deployment is audited for coverage only, so its rule is not checked).
    destinationOf(estate.model).versioning = 'Suspended';
    const broken = await handler(SCHEDULED_EVENT);

    expect(broken).toMatchObject({ resolved: 0, alertPublished: true });
    expect(broken.opened).toBeGreaterThanOrEqual(1);
    const [second] = published();
    expect(second?.Message).toContain('NEW FINDINGS');
    expect(second?.Message).toContain(`Destination bucket versioning is not enabled`);
    expect(second?.Message).toContain(`put-bucket-versioning --bucket ${DST}`);
  });

  it('finds a configured source bucket whose replication events do not reach the queue', async () => {
    delete estate.notifications[SRC];
    const handler = await loadHandler();

    await handler(SCHEDULED_EVENT);

    const [alert] = published();
    expect(alert?.Message).toContain(`${SRC}: Replication failures do not reach the responder's queue`);
    expect(alert?.Message).toContain(QUEUE_ARN);
  });

  it('flags a destination account outside DESTINATION_ACCOUNT_ALLOW_LIST', async () => {
    const handler = await loadHandler({ DESTINATION_ACCOUNT_ALLOW_LIST: '999999999999' });
    destinationOf(estate.model).owner = B;
    const destination = sourceOf(estate.model).replication?.Rules?.[0]?.Destination;
    if (!destination) throw new Error('estate without source rule');
    destination.Account = B;

    await handler(SCHEDULED_EVENT);

    const [alert] = published();
    expect(alert?.Message).toContain(`${SRC}, rule replicate-logs: Replication to an account outside the allow-list`);
    expect(alert?.Message).toContain(`in account ${B}, which is not in DESTINATION_ACCOUNT_ALLOW_LIST (999999999999)`);
    // The legacy rule names no account and the destination answers only its owner: it cannot be verified.
    expect(alert?.Message).toContain(`${LEGACY}, rule ${LEGACY_RULE}: Could not verify the destination account`);
  });

  it('does not save the state when publishing fails, so the next run alerts again', async () => {
    const handler = await loadHandler();
    snsMock.on(PublishCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottledException' }));

    await expect(handler(SCHEDULED_EVENT)).rejects.toThrow('SNS Publish failed: ThrottledException');

    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-message-2' });
    const retried = await handler(SCHEDULED_EVENT);
    expect(retried.alertPublished).toBe(true);
  });
});

describe('auditor handler: state in DynamoDB', () => {
  let dynamo: LocalDynamo;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable('ReplicationDoctor-Incidents');
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('keeps findings between containers in the AUDIT/STATE item, so a new container does not alert again', async () => {
    const env = { AUDIT_STATE_TABLE_NAME: 'ReplicationDoctor-Incidents', AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint };
    const first = await loadHandler(env);
    const summary = await first(SCHEDULED_EVENT);
    expect(summary.alertPublished).toBe(true);

    const item = await dynamo.doc.send(
      new GetCommand({ TableName: 'ReplicationDoctor-Incidents', Key: { pk: 'AUDIT', sk: 'STATE' } }),
    );
    expect(item.Item).toMatchObject({ pk: 'AUDIT', sk: 'STATE', entity: 'audit' });
    expect(typeof item.Item?.ttl).toBe('number');
    expect(item.Item?.state.findings).toHaveLength(summary.opened);

    snsMock.resetHistory();
    const second = await loadHandler(env);
    const again = await second(SCHEDULED_EVENT);

    expect(again).toMatchObject({ opened: 0, resolved: 0, alertPublished: false });
    expect(published()).toEqual([]);
  });
});
