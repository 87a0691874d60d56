import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryIncidentStore } from '../../../lambdas/adapters/memory-store.js';
import { catalogDiagnoser, type Diagnoser } from '../../../lambdas/core/diagnose.js';
import { renderNewAlert } from '../../../lambdas/core/render.js';
import { StoreError } from '../../../lambdas/core/store.js';
import { PublishError } from '../../../lambdas/responder/ports.js';
import { failureReasonDimension } from '../../../lambdas/responder/responder.js';
import {
  failureMessages,
  loadEvent,
  redelivered,
  replicationRecord,
  s3Notification,
  sqsBatch,
  sqsRecord,
} from '../../helpers/events.js';
import { failedIds, groupsOf, storeWith, testResponder } from '../../helpers/responder.js';
import { CONTROL_CHARACTERS, CONTROL_OR_SURROGATE } from '../../helpers/text.js';

const MIXED = 'responder-sqs-batch-mixed.json';

describe('responder: intake', () => {
  it('reports exactly the malformed messages of a mixed batch and handles the good ones', async () => {
    const { respond, alerter, metrics, logger } = testResponder();
    const event = loadEvent<SQSEvent>(MIXED);

    const response = await respond(event);

    expect(failedIds(response)).toEqual([
      '5b8a2c1e-0002-4f6a-9d3e-1a2b3c4d5e02',
      '5b8a2c1e-0004-4f6a-9d3e-1a2b3c4d5e04',
    ]);
    expect(alerter.ofType('new')).toHaveLength(1);
    expect(metrics.get('MalformedMessages')).toBe(2);
    expect(metrics.get('TestEvents')).toBe(1);
    expect(metrics.get('ReplicationFailures{FailureReason=AssumeRoleNotPermitted}')).toBe(2);
    const malformed = logger.lines.filter((l) => l.message.startsWith('Malformed message'));
    expect(malformed.map((l) => l.fields.messageId)).toEqual([
      '5b8a2c1e-0002-4f6a-9d3e-1a2b3c4d5e02',
      '5b8a2c1e-0004-4f6a-9d3e-1a2b3c4d5e04',
    ]);
    expect(malformed[1]?.fields.error).toContain('failureReason');
    expect(metrics.flushes).toBe(1);
  });

  it('returns every message id when every message is bad, without throwing', async () => {
    const { respond, alerter } = testResponder();
    const bodies = ['not json', '{"Records": []}', '{"Records": "x"}', JSON.stringify({ hello: 'world' }), '[]'];
    const records = bodies.map((body) => sqsRecord(body));

    const response = await respond(sqsBatch(records));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
    expect(alerter.published).toEqual([]);
  });

  it('acknowledges and counts an s3:TestEvent without alerting', async () => {
    const { respond, alerter, metrics } = testResponder();
    const record = sqsRecord(loadEvent('responder-s3-test-event.json'));

    const response = await respond(sqsBatch([record]));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.published).toEqual([]);
    expect(metrics.get('TestEvents')).toBe(1);
  });

  it('handles an empty or odd event without throwing', async () => {
    const { respond } = testResponder();
    expect(await respond(sqsBatch([]))).toEqual({ batchItemFailures: [] });
    expect(await respond({} as SQSEvent)).toEqual({ batchItemFailures: [] });
  });
});

describe('responder: one alert per cause', () => {
  it('publishes one new alert for ten events of one cause, with the SPEC attributes', async () => {
    const { respond, alerter, metrics } = testResponder();
    const records = failureMessages(10);

    const response = await respond(sqsBatch(records));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.published).toHaveLength(1);
    const alert = alerter.published[0];
    expect(alert?.attributes).toMatchObject({
      alertType: { DataType: 'String', StringValue: 'new' },
      failureReason: { DataType: 'String', StringValue: 'AssumeRoleNotPermitted' },
      sourceBucket: { DataType: 'String', StringValue: 'amzn-s3-demo-bucket1' },
      destinationBucket: { DataType: 'String', StringValue: 'amzn-s3-demo-bucket2' },
      ruleId: { DataType: 'String', StringValue: 'notification-test-replication-rule' },
    });
    expect(alert?.message).toContain('10 failed');
    expect(metrics.get('IncidentsOpened')).toBe(1);
    expect(metrics.get('AlertsPublished{AlertType=new}')).toBe(1);
  });

  it('opens one incident per cause in a batch, and one alert each', async () => {
    const { respond, alerter, metrics } = testResponder();
    const records = [
      ...failureMessages(3),
      ...failureMessages(2, { failureReason: 'DstKmsKeyNotFound' }),
      ...failureMessages(2, { sourceBucket: 'other-source-bucket' }),
    ];

    await respond(sqsBatch(records));

    expect(alerter.ofType('new')).toHaveLength(3);
    expect(metrics.get('IncidentsOpened')).toBe(3);
  });

  it('does not alert again when the same batch is redelivered, inside or after the digest window', async () => {
    const { respond, alerter, clock } = testResponder();
    const records = failureMessages(10);
    await respond(sqsBatch(records));

    clock.advance(30);
    const again = await respond(sqsBatch(redelivered(records)));
    clock.advance(3_600);
    const late = await respond(sqsBatch(redelivered(redelivered(records))));

    expect(again.batchItemFailures).toEqual([]);
    expect(late.batchItemFailures).toEqual([]);
    expect(alerter.published).toHaveLength(1);
  });

  it('sends one digest with the first event after the window, counting objects since the last alert', async () => {
    const { respond, alerter, clock } = testResponder();
    const first = clock.ms;
    await respond(sqsBatch(failureMessages(10, { sqs: { sentTimestamp: first } })));

    clock.advance(300);
    await respond(sqsBatch(failureMessages(5, { keyPrefix: 'inside/obj', sqs: { sentTimestamp: clock.ms } })));
    clock.advance(300);
    await respond(sqsBatch(failureMessages(4, { keyPrefix: 'inside/obj2', sqs: { sentTimestamp: clock.ms } })));
    expect(alerter.ofType('digest')).toHaveLength(0);

    clock.advance(301);
    await respond(sqsBatch(failureMessages(3, { keyPrefix: 'after/obj', sqs: { sentTimestamp: clock.ms } })));
    clock.advance(10);
    await respond(sqsBatch(failureMessages(2, { keyPrefix: 'late/obj', sqs: { sentTimestamp: clock.ms } })));

    const digests = alerter.ofType('digest');
    expect(digests).toHaveLength(1);
    const digest = digests[0];
    expect(digest?.message).toContain(`12 more object(s) failed since ${new Date(first).toISOString()}; 22 in total`);
    expect(digest?.message).toContain('after/obj-1.bin');
    expect(digest?.subject).toContain('12 more AssumeRoleNotPermitted');
    expect(digest?.attributes.incidentId?.StringValue).toBe(alerter.published[0]?.attributes.incidentId?.StringValue);

    clock.advance(900);
    await respond(sqsBatch(failureMessages(1, { keyPrefix: 'next/obj', sqs: { sentTimestamp: clock.ms } })));
    expect(alerter.ofType('digest')).toHaveLength(2);
    expect(alerter.ofType('digest')[1]?.message).toContain('3 more object(s) failed');
  });

  it('lets a message that failed before the last alert bring no digest when it is redelivered', async () => {
    const { respond, alerter, clock } = testResponder();
    await respond(sqsBatch(failureMessages(2)));
    const inFlight = failureMessages(1, { keyPrefix: 'in-flight', sqs: { firstReceiveTimestamp: clock.ms - 1_000 } });

    clock.advance(1_000);
    await respond(sqsBatch(redelivered(inFlight)));

    expect(alerter.ofType('digest')).toHaveLength(0);
  });

  it('alerts with category unclassified for an unknown reason', async () => {
    const { respond, alerter, metrics } = testResponder();

    await respond(sqsBatch(failureMessages(2, { failureReason: 'DstSomethingNewFromS3' })));

    expect(alerter.published).toHaveLength(1);
    expect(alerter.published[0]?.attributes.category?.StringValue).toBe('unclassified');
    expect(alerter.published[0]?.attributes.failureReason?.StringValue).toBe('DstSomethingNewFromS3');
    expect(metrics.get('ReplicationFailures{FailureReason=Unclassified}')).toBe(2);
  });

  it('groups an older spelling with the current one and names both', async () => {
    const { respond, alerter, metrics } = testResponder();

    await respond(
      sqsBatch([
        ...failureMessages(1, { failureReason: 'DstPutObjNotPermitted' }),
        ...failureMessages(1, { failureReason: 'DstPutObjectNotPermitted', keyPrefix: 'b' }),
      ]),
    );

    expect(alerter.published).toHaveLength(1);
    expect(metrics.get('ReplicationFailures{FailureReason=DstPutObjectNotPermitted}')).toBe(2);
    expect(failureReasonDimension('  DstPutObjNotPermitted ')).toBe('DstPutObjectNotPermitted');
  });
});

describe('responder: failures are per incident', () => {
  it('fails exactly the messages of the incident whose publish failed; the others are acked', async () => {
    const { respond, alerter, metrics, store, clock } = testResponder();
    const good = failureMessages(3);
    const bad = failureMessages(2, { failureReason: 'DstKmsKeyNotFound' });
    const failing = new PublishError('SNS Publish failed: KMSDisabledException', {
      awsErrorName: 'KMSDisabledException',
    });
    const publish = alerter.publish.bind(alerter);
    alerter.publish = async (alert) => {
      if (alert.attributes.failureReason?.StringValue === 'DstKmsKeyNotFound') throw failing;
      return publish(alert);
    };

    const response = await respond(sqsBatch([...good, ...bad]));

    expect(failedIds(response)).toEqual(bad.map((r) => r.messageId).sort());
    expect(alerter.published).toHaveLength(1);
    expect(metrics.get('PublishErrors')).toBe(1);

    // The claim was released: the redelivery alerts.
    alerter.publish = publish;
    clock.advance(30);
    const retry = await respond(sqsBatch(redelivered(bad)));
    expect(retry.batchItemFailures).toEqual([]);
    expect(alerter.ofType('new').map((a) => a.attributes.failureReason?.StringValue)).toEqual([
      'AssumeRoleNotPermitted',
      'DstKmsKeyNotFound',
    ]);
    const incident = (await store.listIncidents({ limit: 5 })).find((s) => s.canonicalReason === 'DstKmsKeyNotFound');
    expect(incident?.alertState).toBe('sent');
  });

  it('fails exactly the messages of the incident whose store write failed', async () => {
    const inner = new MemoryIncidentStore();
    const store = storeWith(inner, {
      recordFailures: async (group, now) => {
        if (group.failureReason === 'DstKmsKeyNotFound') {
          throw new StoreError('recordFailures', 'ProvisionedThroughputExceededException: slow down', {
            awsErrorName: 'ProvisionedThroughputExceededException',
          });
        }
        return inner.recordFailures(group, now);
      },
    });
    const { respond, alerter, metrics, logger } = testResponder({ store });
    const good = failureMessages(3);
    const bad = failureMessages(2, { failureReason: 'DstKmsKeyNotFound' });

    const response = await respond(sqsBatch([...bad, ...good]));

    expect(failedIds(response)).toEqual(bad.map((r) => r.messageId).sort());
    expect(alerter.published).toHaveLength(1);
    expect(metrics.get('StoreErrors')).toBe(1);
    const error = logger.lines.find((l) => l.level === 'error');
    expect(error?.fields).toMatchObject({ errorName: 'StoreError', messages: 2, reason: 'DstKmsKeyNotFound' });
  });

  it('fails a message that carries records of a failed and a good incident', async () => {
    const { respond, alerter } = testResponder();
    alerter.failWith = new PublishError('SNS Publish failed');
    const message = sqsRecord(
      s3Notification(
        replicationRecord({ key: 'a' }),
        replicationRecord({ key: 'b', failureReason: 'DstKmsKeyNotFound' }),
      ),
    );

    const response = await respond(sqsBatch([message]));

    expect(failedIds(response)).toEqual([message.messageId]);
  });

  it('falls back to the catalog diagnosis and counts CheckErrors when the diagnoser throws', async () => {
    const broken: Diagnoser = async () => {
      throw new Error('network down');
    };
    const { respond, alerter, metrics } = testResponder({ diagnoser: broken });

    const response = await respond(sqsBatch(failureMessages(1)));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.published[0]?.message).toContain('live checks failed (Error)');
    expect(metrics.get('CheckErrors')).toBe(1);
  });

  it('diagnoses only when it wins the new-alert claim, never per event', async () => {
    let diagnoses = 0;
    const counting: Diagnoser = async (group) => {
      diagnoses += 1;
      return catalogDiagnoser()(group);
    };
    const { respond, clock } = testResponder({ diagnoser: counting });

    for (let batch = 0; batch < 5; batch += 1) {
      await respond(sqsBatch(failureMessages(10, { sqs: { sentTimestamp: clock.ms } })));
      clock.advance(600);
    }

    expect(diagnoses).toBe(1);
  });
});

describe('responder: replication-time signals', () => {
  const threshold = () => [
    sqsRecord(loadEvent('responder-s3-missed-threshold.json')),
    sqsRecord(s3Notification(replicationRecord({ type: 'OperationReplicatedAfterThreshold', key: 'x' }))),
    sqsRecord(s3Notification(replicationRecord({ type: 'OperationNotTracked', key: 'y' }))),
  ];

  it('counts threshold and not-tracked events and does not alert by default', async () => {
    const { respond, alerter, metrics } = testResponder();

    const response = await respond(sqsBatch(threshold()));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.published).toEqual([]);
    expect(metrics.get('OperationsMissedThreshold')).toBe(1);
    expect(metrics.get('OperationsReplicatedAfterThreshold')).toBe(1);
    expect(metrics.get('OperationsNotTracked')).toBe(1);
  });

  it('with latency alerts on, sends one latency alert per rule per window', async () => {
    const { respond, alerter, clock } = testResponder({ config: { digestIntervalSeconds: 900, latencyAlerts: true } });

    await respond(sqsBatch(threshold()));
    clock.advance(60);
    await respond(sqsBatch(threshold()));
    clock.advance(900);
    await respond(sqsBatch(threshold()));

    const latency = alerter.ofType('latency');
    expect(latency).toHaveLength(2);
    expect(latency[0]?.attributes).toMatchObject({
      failureReason: { DataType: 'String', StringValue: '-' },
      alertType: { DataType: 'String', StringValue: 'latency' },
      ruleId: { DataType: 'String', StringValue: 'notification-test-replication-rule' },
    });
    expect(latency[0]?.message).toContain(
      'RTC threshold missed for 1 objects in the last window on rule notification-test-replication-rule (amzn-s3-demo-bucket1 -> amzn-s3-demo-bucket2).',
    );
    expect(latency[0]?.message).toContain('logs/2024/09/05/app server.log');
    expect(latency[0]?.subject.length).toBeLessThan(100);
  });

  it('reports every signal counted in the window since the previous latency alert, not just the last batch', async () => {
    const { respond, alerter, clock } = testResponder({ config: { digestIntervalSeconds: 900, latencyAlerts: true } });
    const start = clock.now().toISOString();

    await respond(sqsBatch(threshold()));
    for (let batch = 0; batch < 3; batch += 1) {
      clock.advance(200);
      await respond(sqsBatch(threshold()));
    }
    clock.advance(400);
    await respond(sqsBatch(threshold()));

    const second = alerter.ofType('latency')[1];
    expect(alerter.ofType('latency')).toHaveLength(2);
    expect(second?.message).toContain(
      `RTC threshold missed for 4 objects in the last window (since ${start}) on rule notification-test-replication-rule`,
    );
    expect(second?.message).toContain('4 object(s) replicated after the 15-minute threshold in the same window.');
    expect(second?.message).toContain('4 object(s) are no longer tracked by replication metrics');
  });

  it('feeds latency signals into no incident: they only count', async () => {
    const { respond, alerter, metrics, store } = testResponder({
      config: { digestIntervalSeconds: 900, latencyAlerts: true },
    });

    await respond(sqsBatch([...threshold(), ...threshold()]));

    expect(await store.listIncidents({ limit: 10 })).toEqual([]);
    expect(metrics.get('IncidentsOpened')).toBe(0);
    expect(alerter.published.map((a) => a.attributes.alertType?.StringValue)).toEqual(['latency']);
    expect(metrics.get('OperationsMissedThreshold')).toBe(2);
  });

  it('with latency alerts on, fails the signal messages when the latency alert cannot be published', async () => {
    const { respond, alerter, clock } = testResponder({ config: { digestIntervalSeconds: 900, latencyAlerts: true } });
    alerter.failWith = new PublishError('SNS Publish failed: ThrottlingException');
    const records = threshold();

    const response = await respond(sqsBatch(records));
    alerter.failWith = undefined;
    clock.advance(5);
    await respond(sqsBatch(redelivered(records)));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
    expect(alerter.ofType('latency')).toHaveLength(1);
  });
});

describe('responder: hostile keys', () => {
  it('keeps subject, attributes and message inside SNS limits for 1,024-byte keys with control and Unicode characters', async () => {
    const { respond, alerter } = testResponder();
    const nasty = (i: number) => {
      const head = `dir/\u0001\u0007\r\n\t\u001b[31m\u2028${i}-日本語-😀-`;
      const filler = 'é'.repeat(Math.floor((1024 - Buffer.byteLength(head)) / 2));
      return head + filler;
    };
    const records = Array.from({ length: 10 }, (_, i) =>
      sqsRecord(
        s3Notification(
          replicationRecord({
            key: nasty(i),
            versionId: `v${i}`,
            sequencer: `00${i}`,
            ruleId: `rule\u0000\n${'😀'.repeat(300)}`,
            failureReason: `Weird\u0001Reason\n${'x'.repeat(400)}`,
          }),
        ),
      ),
    );
    expect(Buffer.byteLength(nasty(0))).toBeLessThanOrEqual(1024);

    await respond(sqsBatch(records));

    expect(alerter.published).toHaveLength(1);
    const alert = alerter.published[0];
    if (!alert) throw new Error('no alert');
    expect(alert.subject.length).toBeLessThan(100);
    expect(alert.subject).not.toMatch(CONTROL_CHARACTERS);
    for (const [name, value] of Object.entries(alert.attributes)) {
      expect(value.DataType, name).toBe('String');
      expect(value.StringValue.length, name).toBeGreaterThan(0);
      expect(value.StringValue.length, name).toBeLessThanOrEqual(256);
      expect(value.StringValue, name).not.toMatch(CONTROL_OR_SURROGATE);
    }
    expect(Buffer.byteLength(alert.message, 'utf8')).toBeLessThanOrEqual(262_144);
    // Sample keys are shown with control characters escaped (the SNS adapter escapes any left elsewhere).
    expect(alert.message).toContain('\\u0001\\u0007\\u000d\\u000a');
  });
});

describe('responder: shares the core with the CLI', () => {
  it('alerts with exactly the report catalogDiagnoser gives for the same group', async () => {
    const store = new MemoryIncidentStore();
    const { respond, alerter } = testResponder({ store, diagnoser: catalogDiagnoser() });
    const records = failureMessages(4, { failureReason: 'DstPutObjNotPermitted' });

    await respond(sqsBatch(records));

    const [group] = groupsOf(records);
    if (!group) throw new Error('no group');
    const expected = await catalogDiagnoser()(group);
    expect(alerter.published).toEqual([renderNewAlert(expected)]);
    expect(await store.getReport(group.incidentId)).toEqual(expected);
  });
});

describe('responder: edge paths', () => {
  it('acknowledges S3 records that are not replication events, and fails a message without a body', async () => {
    const { respond, alerter } = testResponder();
    const created = replicationRecord({ key: 'x' });
    const objectCreated = sqsRecord(s3Notification({ ...created, eventName: 'ObjectCreated:Put' }));
    const noBody = { ...sqsRecord('{}'), body: undefined as unknown as string };

    const response = await respond(sqsBatch([objectCreated, noBody]));

    expect(failedIds(response)).toEqual([noBody.messageId]);
    expect(alerter.published).toEqual([]);
  });

  it('diagnoses again and stores the report when a digest finds no stored report', async () => {
    const inner = new MemoryIncidentStore();
    let reportReads = 0;
    const store = storeWith(inner, {
      getReport: async () => {
        reportReads += 1;
        return undefined;
      },
    });
    const { respond, alerter, clock, logger } = testResponder({ store });
    await respond(sqsBatch(failureMessages(2)));
    clock.advance(901);

    await respond(sqsBatch(failureMessages(3, { keyPrefix: 'later' })));

    expect(reportReads).toBe(1);
    expect(alerter.ofType('digest')[0]?.message).toContain('3 more object(s) failed');
    expect(logger.lines.some((l) => l.message.startsWith('No stored report'))).toBe(true);
  });

  it('acks the messages and warns when the alert went out after its claim was taken over', async () => {
    const store = storeWith(new MemoryIncidentStore(), { completeAlert: async () => false });
    const { respond, alerter, logger } = testResponder({ store });

    const response = await respond(sqsBatch(failureMessages(1)));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.published).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('duplicate alert is possible'))).toBe(
      true,
    );
  });

  it('retries recording a published alert once, so a transient store error does not cause a second alert', async () => {
    const inner = new MemoryIncidentStore();
    let attempts = 0;
    const store = storeWith(inner, {
      completeAlert: async (claim, now, report) => {
        attempts += 1;
        if (attempts === 1) throw new StoreError('completeAlert', 'InternalServerError');
        return inner.completeAlert(claim, now, report);
      },
    });
    const { respond, alerter } = testResponder({ store });
    const records = failureMessages(2);

    const response = await respond(sqsBatch(records));
    await respond(sqsBatch(redelivered(records)));

    expect(response.batchItemFailures).toEqual([]);
    expect(attempts).toBe(2);
    expect(alerter.published).toHaveLength(1);
  });

  it('still fails the incident when the claim cannot be released after a failed publish', async () => {
    const store = storeWith(new MemoryIncidentStore(), {
      releaseAlert: async () => {
        throw new StoreError('releaseAlert', 'InternalServerError');
      },
    });
    const { respond, alerter, logger } = testResponder({ store });
    alerter.failWith = new PublishError('SNS Publish failed: NotFoundException');
    const records = failureMessages(2);

    const response = await respond(sqsBatch(records));

    expect(failedIds(response)).toEqual(records.map((r) => r.messageId).sort());
    expect(logger.lines.some((l) => l.message.startsWith('Could not release the alert claim'))).toBe(true);
  });

  it('counts CheckErrors for checks the responder could not run for lack of its own permission', async () => {
    const diagnoser: Diagnoser = async (group) => {
      const report = await catalogDiagnoser()(group);
      return {
        ...report,
        checks: [
          {
            id: 'role-trust',
            status: 'unknown',
            summary: 'Cannot read the role',
            evidence: [],
            missingPermission: 'iam:GetRole',
          },
          { id: 'source-versioning', status: 'pass', summary: 'Enabled', evidence: [] },
        ],
      };
    };
    const { respond, metrics } = testResponder({ diagnoser });

    await respond(sqsBatch(failureMessages(1)));

    expect(metrics.get('CheckErrors')).toBe(1);
  });

  it('returns the batch response even when metrics cannot be published', async () => {
    const { respond, metrics, logger } = testResponder();
    metrics.flush = () => {
      throw new RangeError('too many dimensions');
    };

    const response = await respond(sqsBatch([sqsRecord('not json')]));

    expect(response.batchItemFailures).toHaveLength(1);
    expect(logger.lines.some((l) => l.message === 'Metrics could not be published')).toBe(true);
  });
});
