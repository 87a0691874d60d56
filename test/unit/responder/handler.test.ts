import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { incidentId } from '../../../lambdas/core/incident.js';
import {
  failureMessages,
  lambdaContext,
  loadEvent,
  redelivered,
  replicationRecord,
  s3Notification,
  sqsBatch,
  sqsRecord,
} from '../../helpers/events.js';
import { failedIds } from '../../helpers/responder.js';
import { CONTROL_CHARACTERS, CONTROL_OR_SURROGATE, UNDELIVERABLE_IN_SQS } from '../../helpers/text.js';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts';
const snsMock = mockClient(SNSClient);
const ddbMock = mockClient(DynamoDBDocumentClient);

/** Imports a fresh handler module (fresh config, clients and in-memory store) with the given environment. */
async function loadHandler(env: Record<string, string | undefined> = {}): Promise<Handler> {
  vi.resetModules();
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const module = await import('../../../lambdas/responder/handler.js');
  return module.handler;
}

function published(): PublishCommandInput[] {
  return snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
}

beforeEach(() => {
  snsMock.reset();
  ddbMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('responder handler: init', () => {
  it('fails at import with a clear message when ALERT_TOPIC_ARN is missing', async () => {
    await expect(loadHandler({ ALERT_TOPIC_ARN: undefined })).rejects.toThrow(
      'ALERT_TOPIC_ARN is required: set it to the SNS topic ARN for alerts',
    );
    await expect(loadHandler({ ALERT_TOPIC_ARN: '' })).rejects.toMatchObject({ name: 'ConfigError' });
  });

  it('fails at import naming the variable when a number is invalid', async () => {
    await expect(loadHandler({ DIGEST_INTERVAL_SECONDS: 'fifteen minutes' })).rejects.toThrow(
      'DIGEST_INTERVAL_SECONDS must be a whole number of seconds from 1 to 2678400, got "fifteen minutes"',
    );
  });

  it('fails at import naming the rule and field when SUPPRESSION_RULES is invalid', async () => {
    await expect(loadHandler({ SUPPRESSION_RULES: '[{"keySuffix": ".tflock"}, {"keyPrefix": ""}]' })).rejects.toThrow(
      'SUPPRESSION_RULES[1].keyPrefix must not be empty: leave it out to match any keyPrefix',
    );
  });

  it('applies SUPPRESSION_RULES: a suppressed failure is acknowledged and never alerted', async () => {
    const handler = await loadHandler({
      LIVE_CHECKS: 'false',
      SUPPRESSION_RULES: JSON.stringify([{ failureReason: 'AssumeRoleNotPermitted', comment: 'test bucket' }]),
    });

    const response = await handler(sqsBatch(failureMessages(3)), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });

  it('uses the catalog only with LIVE_CHECKS=false, and the live diagnoser otherwise', async () => {
    const offline = await loadHandler({ LIVE_CHECKS: 'false' });
    await offline(sqsBatch(failureMessages(1)), lambdaContext());
    const live = await loadHandler();
    await live(sqsBatch(failureMessages(1)), lambdaContext());

    const [first, second] = published();
    expect(first?.Message).toContain('live checks are off');
    expect(first?.Message).not.toContain('CHECKED LIVE IN THE ACCOUNT');
    expect(second?.Message).toContain('CHECKED LIVE IN THE ACCOUNT');
  });
});

describe('responder handler: batches', () => {
  it('reports exactly the bad messages of a mixed batch and publishes one alert to the topic', async () => {
    const handler = await loadHandler();

    const response = await handler(loadEvent<SQSEvent>('responder-sqs-batch-mixed.json'), lambdaContext());

    expect(failedIds(response)).toEqual([
      '5b8a2c1e-0002-4f6a-9d3e-1a2b3c4d5e02',
      '5b8a2c1e-0004-4f6a-9d3e-1a2b3c4d5e04',
    ]);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      MessageAttributes: expect.objectContaining({
        alertType: { DataType: 'String', StringValue: 'new' },
        category: { DataType: 'String', StringValue: 'permissions' },
        failureReason: { DataType: 'String', StringValue: 'AssumeRoleNotPermitted' },
      }),
    });
  });

  it('returns every id when every message is bad, and does not throw', async () => {
    const handler = await loadHandler();
    const records = ['{', '""', '{"Records":[{}]}'].map((body) => sqsRecord(body));

    const response = await handler(sqsBatch(records), lambdaContext());

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });

  it('acknowledges an s3:TestEvent without publishing', async () => {
    const handler = await loadHandler();

    const response = await handler(sqsBatch([sqsRecord(loadEvent('responder-s3-test-event.json'))]), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });

  it('publishes one new alert for ten events of one cause and none for the redelivered batch', async () => {
    const handler = await loadHandler();
    const records = failureMessages(10);

    await handler(sqsBatch(records), lambdaContext());
    const again = await handler(sqsBatch(redelivered(records)), lambdaContext());

    expect(again.batchItemFailures).toEqual([]);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(published()[0]?.Message).toContain('Objects:       10 failed');
  });

  it('sends one digest after the window with the right counts, and none inside it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-09-05T21:05:00.000Z'));
    const handler = await loadHandler({ DIGEST_INTERVAL_SECONDS: '600' });

    await handler(sqsBatch(failureMessages(10)), lambdaContext());
    vi.setSystemTime(new Date('2024-09-05T21:14:00.000Z'));
    await handler(sqsBatch(failureMessages(6, { keyPrefix: 'inside' })), lambdaContext());
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    vi.setSystemTime(new Date('2024-09-05T21:15:01.000Z'));
    await handler(sqsBatch(failureMessages(2, { keyPrefix: 'after' })), lambdaContext());
    await handler(sqsBatch(failureMessages(2, { keyPrefix: 'again' })), lambdaContext());

    const alerts = published();
    expect(alerts.map((a) => a.MessageAttributes?.alertType?.StringValue)).toEqual(['new', 'digest']);
    expect(alerts[1]?.Message).toContain('8 more object(s) failed since 2024-09-05T21:05:00.000Z; 18 in total');
    expect(alerts[1]?.Message).toContain('after-1.bin');
  });

  it('fails exactly the incident whose publish fails with KMSDisabledException; other incidents are acked', async () => {
    snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
      if (input.MessageAttributes?.failureReason?.StringValue === 'DstKmsKeyNotFound') {
        throw awsError('KMSDisabledException', 'Key is disabled');
      }
      return { MessageId: 'ok' };
    });
    const handler = await loadHandler();
    const good = failureMessages(3);
    const bad = failureMessages(2, { failureReason: 'DstKmsKeyNotFound' });

    const response = await handler(sqsBatch([...good, ...bad]), lambdaContext());

    expect(failedIds(response)).toEqual(bad.map((r) => r.messageId).sort());
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('fails every incident when SNS keeps throttling, and alerts once SNS recovers', async () => {
    snsMock.on(PublishCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const handler = await loadHandler();
    const a = failureMessages(2);
    const b = failureMessages(2, { failureReason: 'DstBucketNotFound' });

    const response = await handler(sqsBatch([...a, ...b]), lambdaContext());
    snsMock.on(PublishCommand).resolves({ MessageId: 'ok' });
    const retry = await handler(sqsBatch(redelivered([...a, ...b])), lambdaContext());

    expect(failedIds(response)).toEqual([...a, ...b].map((r) => r.messageId).sort());
    expect(retry.batchItemFailures).toEqual([]);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 4);
  });

  it('counts threshold and not-tracked events without alerting by default', async () => {
    const handler = await loadHandler();
    const records = [
      sqsRecord(loadEvent('responder-s3-missed-threshold.json')),
      sqsRecord(s3Notification(replicationRecord({ type: 'OperationNotTracked' }))),
    ];

    const response = await handler(sqsBatch(records), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });

  it('publishes a latency alert with LATENCY_ALERTS=true', async () => {
    const handler = await loadHandler({ LATENCY_ALERTS: 'true' });

    await handler(sqsBatch([sqsRecord(loadEvent('responder-s3-missed-threshold.json'))]), lambdaContext());

    expect(published().map((a) => a.MessageAttributes?.alertType?.StringValue)).toEqual(['latency']);
  });

  it('alerts an unknown reason with category unclassified', async () => {
    const handler = await loadHandler();

    await handler(sqsBatch(failureMessages(1, { failureReason: 'DstQuantumEntangled' })), lambdaContext());

    expect(published()[0]?.MessageAttributes?.category?.StringValue).toBe('unclassified');
  });

  it('publishes hostile 1,024-byte keys inside SNS limits: short clean subject, clean attributes, deliverable message', async () => {
    const handler = await loadHandler();
    const key = (i: number) => {
      const head = `\u0000\u0001/\r\n${i}\u007f\u0085\u2028日本😀`;
      return head + 'ü'.repeat(Math.floor((1024 - Buffer.byteLength(head)) / 2));
    };
    const records = Array.from({ length: 10 }, (_, i) =>
      sqsRecord(
        s3Notification(
          replicationRecord({
            key: key(i),
            sequencer: `0A${i}`,
            ruleId: `r\u0000u\u0007le\n😀${'é'.repeat(300)}`,
            sourceBucket: 'amzn-s3-demo-bucket1',
          }),
        ),
      ),
    );

    const response = await handler(sqsBatch(records), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    const [input] = published();
    if (!input?.Subject || !input.Message) throw new Error('nothing published');
    expect(input.Subject.length).toBeLessThan(100);
    expect(input.Subject).not.toMatch(CONTROL_CHARACTERS);
    for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
      expect(value.DataType, name).toBe('String');
      expect(value.StringValue?.length, name).toBeGreaterThan(0);
      expect(value.StringValue?.length, name).toBeLessThanOrEqual(256);
      expect(value.StringValue, name).not.toMatch(CONTROL_OR_SURROGATE);
    }
    expect(Buffer.byteLength(input.Message, 'utf8')).toBeLessThanOrEqual(262_144);
    expect(input.Message).not.toMatch(UNDELIVERABLE_IN_SQS);
  });
});

describe('responder handler: DynamoDB store (INCIDENT_TABLE_NAME)', () => {
  const key = {
    sourceBucket: 'amzn-s3-demo-bucket1',
    ruleId: 'notification-test-replication-rule',
    destinationBucket: 'amzn-s3-demo-bucket2',
  };
  const goodId = incidentId({ ...key, canonicalReason: 'AssumeRoleNotPermitted' });
  const badId = incidentId({ ...key, canonicalReason: 'DstKmsKeyNotFound' });
  /** The state item of an incident that alerted a minute ago: a batch only counts. */
  const counted = (id: string) => ({
    Attributes: {
      pk: `INCIDENT#${id}`,
      sk: 'STATE',
      entity: 'incident',
      incidentId: id,
      ...key,
      canonicalReason: 'AssumeRoleNotPermitted',
      failureReason: 'AssumeRoleNotPermitted',
      awsRegion: 'us-east-1',
      status: 'open',
      objectCount: 40,
      firstSeen: '2024-09-05T21:00:00.000Z',
      lastSeen: '2024-09-05T21:04:32.527Z',
      alertState: 'sent',
      claimToken: 'an-earlier-invocation',
      claimUntil: 0,
      lastAlertAt: new Date(Date.now() - 60_000).toISOString(),
      lastAlertAtMs: Date.now() - 60_000,
      countAtLastAlert: 37,
      alertsSent: 1,
      ttl: 1_800_000_000,
    },
  });

  it.each(['ProvisionedThroughputExceededException', 'InternalServerError'])(
    'fails exactly the incident whose write fails with %s',
    async (errorName) => {
      ddbMock.on(UpdateCommand).resolves(counted(goodId));
      ddbMock.on(UpdateCommand, { Key: { pk: `INCIDENT#${badId}`, sk: 'STATE' } }).rejects(awsError(errorName));
      const handler = await loadHandler({ INCIDENT_TABLE_NAME: 'replication-doctor-incidents' });
      const good = failureMessages(3);
      const bad = failureMessages(2, { failureReason: 'DstKmsKeyNotFound' });

      const response = await handler(sqsBatch([...bad, ...good]), lambdaContext());

      expect(failedIds(response)).toEqual(bad.map((r) => r.messageId).sort());
      expect(ddbMock).toHaveReceivedCommandWith(UpdateCommand, {
        TableName: 'replication-doctor-incidents',
        Key: { pk: `INCIDENT#${goodId}`, sk: 'STATE' },
      });
      expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
    },
  );

  it('returns every message when DynamoDB is down, without throwing', async () => {
    ddbMock.on(UpdateCommand).rejects(awsError('InternalServerError'));
    const handler = await loadHandler({ INCIDENT_TABLE_NAME: 'replication-doctor-incidents' });
    const records = [...failureMessages(2), ...failureMessages(2, { failureReason: 'DstKmsKeyNotFound' })];

    const response = await handler(sqsBatch(records), lambdaContext());

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
  });

  it('publishes a new alert when its write created the incident, then records it', async () => {
    ddbMock.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => {
      const values = input.ExpressionAttributeValues ?? {};
      if (values[':sent'] !== undefined) return {};
      return {
        Attributes: {
          ...counted(goodId).Attributes,
          objectCount: 3,
          alertState: 'claimed',
          claimToken: values[':token'],
          claimUntil: Date.now() + 300_000,
          claimType: 'new',
          pendingCount: 3,
          countAtLastAlert: 0,
          alertsSent: 0,
          lastAlertAt: undefined,
          lastAlertAtMs: undefined,
          firstSamples: [{ key: 'data/object-1.bin', eventTime: '2024-09-05T21:04:32.527Z' }],
        },
      };
    });
    ddbMock.on(GetCommand).resolves({});
    const handler = await loadHandler({ INCIDENT_TABLE_NAME: 'replication-doctor-incidents' });

    const response = await handler(sqsBatch(failureMessages(3)), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    // One write to count (and claim), then the report and the record of the alert.
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(2);
  });
});
