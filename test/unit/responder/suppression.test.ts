import { describe, expect, it } from 'vitest';
import { parseSuppressionRules } from '../../../lambdas/core/suppression.js';
import {
  failureMessages,
  loadEvent,
  replicationRecord,
  s3Notification,
  sqsBatch,
  sqsRecord,
} from '../../helpers/events.js';
import { testResponder } from '../../helpers/responder.js';

const RULES = parseSuppressionRules([
  { keySuffix: '.tflock', comment: 'Terraform lock files are deleted before they replicate' },
  { sourceBucket: 'amzn-s3-demo-bucket1', failureReason: 'SrcObjectNotFound' },
]);

function responderWithRules() {
  return testResponder({ config: { digestIntervalSeconds: 900, latencyAlerts: false, suppressionRules: RULES } });
}

describe('responder: suppression rules', () => {
  it('counts a suppressed failure by reason, never groups it into an incident and never pages', async () => {
    const { respond, alerter, metrics, store, logger } = responderWithRules();
    const records = [
      ...failureMessages(3, { keyPrefix: 'state/prod.tfstate', failureReason: 'DstPutObjectNotPermitted' }).map(
        (record) => ({ ...record, body: record.body.replace(/\.bin/g, '.tflock') }),
      ),
      ...failureMessages(2, { failureReason: 'SrcObjectNotFound' }),
    ];

    const response = await respond(sqsBatch(records));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.published).toEqual([]);
    expect(await store.listIncidents({ limit: 10 })).toEqual([]);
    expect(metrics.get('SuppressedFailures{FailureReason=DstPutObjectNotPermitted}')).toBe(3);
    expect(metrics.get('SuppressedFailures{FailureReason=SrcObjectNotFound}')).toBe(2);
    expect(metrics.get('IncidentsOpened')).toBe(0);
    const debug = logger.lines.filter((l) => l.message === 'Failures suppressed by a suppression rule');
    expect(debug.every((l) => l.level === 'debug')).toBe(true);
    expect(debug.map((l) => l.fields)).toEqual([
      {
        rule: 0,
        reason: 'DstPutObjectNotPermitted',
        sourceBucket: 'amzn-s3-demo-bucket1',
        ruleId: 'notification-test-replication-rule',
        failures: 3,
      },
      {
        rule: 1,
        reason: 'SrcObjectNotFound',
        sourceBucket: 'amzn-s3-demo-bucket1',
        ruleId: 'notification-test-replication-rule',
        failures: 2,
      },
    ]);
    // No object key in the logs.
    expect(JSON.stringify(debug)).not.toContain('tflock');
  });

  it('alerts for the failures beside a suppressed one in the same message, once', async () => {
    const { respond, alerter, metrics } = responderWithRules();
    const message = sqsRecord(
      s3Notification(
        replicationRecord({ key: 'locks/a.tflock', versionId: 'v1', sequencer: '01' }),
        replicationRecord({ key: 'data/b.bin', versionId: 'v2', sequencer: '02' }),
      ),
    );

    const response = await respond(sqsBatch([message]));

    expect(response.batchItemFailures).toEqual([]);
    expect(alerter.ofType('new')).toHaveLength(1);
    expect(alerter.published[0]?.message).toContain('1 failed between');
    expect(alerter.published[0]?.message).not.toContain('locks/a.tflock');
    expect(metrics.get('SuppressedFailures{FailureReason=AssumeRoleNotPermitted}')).toBe(1);
    expect(metrics.get('ReplicationFailures{FailureReason=AssumeRoleNotPermitted}')).toBe(1);
  });

  it('bounds the FailureReason dimension of suppressed unknown codes', async () => {
    const { respond, metrics } = testResponder({
      config: {
        digestIntervalSeconds: 900,
        latencyAlerts: false,
        suppressionRules: parseSuppressionRules([{ sourceBucket: 'amzn-s3-demo-bucket1' }]),
      },
    });

    await respond(
      sqsBatch([
        ...failureMessages(1, { failureReason: 'SomethingBrandNew' }),
        ...failureMessages(1, { failureReason: 'SomethingElseNew' }),
      ]),
    );

    expect(metrics.get('SuppressedFailures{FailureReason=Unclassified}')).toBe(2);
  });

  it('leaves replication-time signals and test events alone', async () => {
    const { respond, metrics } = testResponder({
      config: {
        digestIntervalSeconds: 900,
        latencyAlerts: false,
        suppressionRules: parseSuppressionRules([{ sourceBucket: 'amzn-s3-demo-bucket1' }]),
      },
    });

    await respond(
      sqsBatch([
        sqsRecord(loadEvent('responder-s3-missed-threshold.json')),
        sqsRecord(loadEvent('responder-s3-test-event.json')),
      ]),
    );

    expect(metrics.get('OperationsMissedThreshold')).toBe(1);
    expect(metrics.get('TestEvents')).toBe(1);
    expect([...metrics.counts.keys()].some((k) => k.startsWith('SuppressedFailures'))).toBe(false);
  });
});
