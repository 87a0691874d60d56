import {
  InternalErrorException,
  KMSDisabledException,
  PublishCommand,
  type PublishCommandInput,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from 'vitest';
import { failureMessages, loadEvent, redelivered, sqsBatch, sqsRecord } from '../helpers/events.js';
import { failedIds, TestClock } from '../helpers/responder.js';
import { attribute, harness, publishedInputs, snsMock } from '../hostile/harness.js';
import { snsLimitViolations } from '../hostile/sns-limits.js';
import { awsError, networkError, twoIncidents } from './support.js';

/**
 * SNS faults: throttling and outages of Publish. SPEC "Intake": exactly the messages behind the incident whose alert
 * could not be published come back in batchItemFailures; nothing is lost; a redelivered message never alerts twice.
 */

const SNS_FAULTS: readonly (readonly [string, () => Error])[] = [
  ['ThrottlingException', () => awsError('ThrottlingException', 400, 'Rate exceeded')],
  [
    'ThrottledException',
    () => new ThrottledException({ $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }),
  ],
  [
    'InternalErrorException',
    () => new InternalErrorException({ $metadata: { httpStatusCode: 500 }, message: 'Internal error' }),
  ],
  [
    'KMSDisabledException',
    () => new KMSDisabledException({ $metadata: { httpStatusCode: 400 }, message: 'The topic key is disabled' }),
  ],
  ['a dropped connection', networkError],
];

/** Alerts SNS accepted (the mock also records the calls it rejected). */
let delivered: PublishCommandInput[] = [];

/** SNS answers Publish; while `broken()` says so, it throws for alerts whose `failureReason` attribute is `reason`. */
function snsAnswers(reason?: string, error: () => Error = networkError, broken: () => boolean = () => false): void {
  snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    if (broken() && attribute(input, 'failureReason') === reason) throw error();
    delivered.push(input);
    return { MessageId: `sns-message-${delivered.length}` };
  });
}

const alertsOf = (type: string) => delivered.filter((p) => attribute(p, 'alertType') === type);

beforeEach(() => {
  delivered = [];
  snsMock.reset();
  snsAnswers();
});

describe('SNS faults', () => {
  it.each(SNS_FAULTS)(
    '%s on one incident: exactly its messages fail, then it alerts once on redelivery',
    async (_name, error) => {
      let broken = true;
      snsAnswers('DstPutObjectNotPermitted', error, () => broken);
      const { respond, metrics } = harness();
      const batch = twoIncidents();

      const response = await respond(sqsBatch(batch.all));

      expect(failedIds(response)).toEqual(batch.ids(batch.first));
      expect(alertsOf('new').map((a) => attribute(a, 'incidentId'))).toEqual([batch.secondId]);
      expect(metrics.get('PublishErrors')).toBe(1);

      broken = false;
      const retried = await respond(sqsBatch(batch.again(batch.all)));
      const again = await respond(sqsBatch(batch.again(batch.again(batch.all))));

      expect(retried.batchItemFailures).toEqual([]);
      expect(again.batchItemFailures).toEqual([]);
      expect(
        alertsOf('new')
          .map((a) => attribute(a, 'incidentId'))
          .sort(),
      ).toEqual([batch.firstId, batch.secondId].sort());
      expect(delivered).toHaveLength(2);
      expect(publishedInputs()).toHaveLength(3);
    },
  );

  it('an SNS outage fails every failure message, throws nothing, and alerts each incident once when SNS is back', async () => {
    snsMock.on(PublishCommand).rejects(new InternalErrorException({ $metadata: {}, message: 'SNS is down' }));
    const { respond, metrics } = harness();
    const batch = twoIncidents(4, 4);
    const testEvent = sqsRecord(loadEvent('responder-s3-test-event.json'));

    const response = await respond(sqsBatch([...batch.all, testEvent]));

    expect(failedIds(response)).toEqual(batch.ids(batch.all));
    expect(metrics.get('PublishErrors')).toBe(2);

    snsMock.reset();
    snsAnswers();
    await respond(sqsBatch(batch.again(batch.all)));
    await respond(sqsBatch(batch.again(batch.again(batch.all))));

    expect(alertsOf('new')).toHaveLength(2);
    for (const alert of delivered) expect(snsLimitViolations(alert)).toEqual([]);
  });

  it('a throttled digest fails its messages and goes out once when they come back', async () => {
    const clock = new TestClock();
    const { respond } = harness({ clock });
    await respond(sqsBatch(failureMessages(3, { failureReason: 'AssumeRoleNotPermitted', keyPrefix: 'first' })));
    clock.advance(901);
    let throttled = true;
    snsAnswers(
      'AssumeRoleNotPermitted',
      () => awsError('ThrottlingException', 400),
      () => throttled,
    );
    // Sent and first received after the `new` alert: these may bring the digest.
    const later = failureMessages(5, {
      failureReason: 'AssumeRoleNotPermitted',
      keyPrefix: 'later',
      sqs: { sentTimestamp: clock.ms, firstReceiveTimestamp: clock.ms + 10 },
    });

    const response = await respond(sqsBatch(later));

    expect(failedIds(response)).toEqual(later.map((r) => r.messageId).sort());
    expect(alertsOf('digest')).toEqual([]);

    throttled = false;
    clock.advance(5);
    const retried = await respond(sqsBatch(redelivered(later)));
    await respond(sqsBatch(redelivered(redelivered(later))));

    expect(retried.batchItemFailures).toEqual([]);
    expect(alertsOf('new')).toHaveLength(1);
    expect(alertsOf('digest')).toHaveLength(1);
  });
});
