import { Readable } from 'node:stream';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSnsClient, deliverableMessage, SnsAlerter } from '../../../lambdas/adapters/sns-alerter.js';
import { messageAttributes } from '../../../lambdas/core/render.js';
import { PublishError } from '../../../lambdas/responder/ports.js';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts';
const alert = {
  subject: '[CRITICAL] S3 replication: AssumeRoleNotPermitted amzn-s3-demo-bucket1 -> amzn-s3-demo-bucket2',
  message: 'S3 replication failure: ...',
  attributes: messageAttributes({ alertType: 'new', failureReason: 'AssumeRoleNotPermitted', incidentId: 'inc-1' }),
};

describe('SnsAlerter with a mocked client', () => {
  const snsMock = mockClient(SNSClient);
  beforeEach(() => snsMock.reset());
  afterAll(() => snsMock.restore());

  it('publishes subject, message and all-String attributes to the topic', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'mid-1' });
    const alerter = new SnsAlerter(new SNSClient({ region: 'us-east-1' }), TOPIC);

    const result = await alerter.publish(alert);

    expect(result).toEqual({ messageId: 'mid-1' });
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: alert.subject,
      Message: alert.message,
      MessageAttributes: alert.attributes,
    });
    expect(alert.attributes.ruleId).toEqual({ DataType: 'String', StringValue: '-' });
  });

  it('wraps SNS errors in PublishError with the AWS error name', async () => {
    snsMock
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Key is disabled'), { name: 'KMSDisabledException', $metadata: {} }));
    const alerter = new SnsAlerter(new SNSClient({ region: 'us-east-1' }), TOPIC);

    const error = await alerter.publish(alert).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ awsErrorName: 'KMSDisabledException' });
    expect((error as Error).message).toContain('KMSDisabledException: Key is disabled');
  });
});

describe('deliverableMessage', () => {
  it('escapes characters SQS subscribers cannot receive and keeps ordinary text as is', () => {
    expect(deliverableMessage('line 1\nline\t2\r\n日本 😀')).toBe('line 1\nline\t2\r\n日本 😀');
    expect(deliverableMessage('rule\u0000x\u0007 \ud800!')).toBe('rule\\u0000x\\u0007 \\ud800!');
  });

  it('stays within 256 KB after escaping', () => {
    const text = '\u0001'.repeat(60_000);
    expect(Buffer.byteLength(deliverableMessage(text), 'utf8')).toBeLessThanOrEqual(262_144);
  });
});

/** A fake HTTP layer under the real client: it answers SNS Query-protocol XML, so the SDK's retry logic runs. */
function fakeSns(responses: readonly ('throttle' | 'kms' | 'ok')[]) {
  const bodies: string[] = [];
  let call = 0;
  const handler = {
    async handle(request: { body?: unknown }) {
      bodies.push(String(request.body ?? ''));
      const kind = responses[Math.min(call, responses.length - 1)];
      call += 1;
      const xml =
        kind === 'ok'
          ? '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-ok</MessageId></PublishResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></PublishResponse>'
          : `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${
              kind === 'throttle' ? 'Throttling' : 'KMSDisabled'
            }</Code><Message>${kind === 'throttle' ? 'Rate exceeded' : 'Key is disabled'}</Message></Error><RequestId>r2</RequestId></ErrorResponse>`;
      return {
        response: {
          statusCode: kind === 'ok' ? 200 : 400,
          headers: { 'content-type': 'text/xml' },
          body: Readable.from([Buffer.from(xml)]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  return { handler, bodies, calls: () => call };
}

describe('SnsAlerter on the real SDK client (adaptive retry)', () => {
  const base = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 3 };
  // The SDK's backoff waits on setTimeout; fake time lets the retries run without real seconds passing.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  async function settle<T>(promise: Promise<T>): Promise<T | unknown> {
    let done = false;
    const outcome = promise
      .catch((e: unknown) => e)
      .finally(() => {
        done = true;
      });
    for (let step = 0; step < 600 && !done; step += 1) await vi.advanceTimersByTimeAsync(500);
    return outcome;
  }

  it('retries throttling with backoff and succeeds', async () => {
    const sns = fakeSns(['throttle', 'throttle', 'ok']);
    const alerter = new SnsAlerter(createSnsClient({ ...base, requestHandler: sns.handler }), TOPIC);

    const result = await settle(alerter.publish(alert));

    expect(result).toEqual({ messageId: 'm-ok' });
    expect(sns.calls()).toBe(3);
    const body = decodeURIComponent(sns.bodies[0] ?? '').replace(/\+/g, ' ');
    expect(body).toContain('Action=Publish');
    expect(body).toContain(`TopicArn=${TOPIC}`);
    expect(body).toContain('MessageAttributes.entry.1.Name=');
    expect(body).toContain('DataType=String');
  });

  it('gives up after the configured attempts and reports the throttling', async () => {
    const sns = fakeSns(['throttle']);
    const alerter = new SnsAlerter(createSnsClient({ ...base, requestHandler: sns.handler }), TOPIC);

    const error = await settle(alerter.publish(alert));

    expect(sns.calls()).toBe(3);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ awsErrorName: expect.stringMatching(/Throttl/) });
  });

  it('does not retry a disabled KMS key', async () => {
    const sns = fakeSns(['kms']);
    const alerter = new SnsAlerter(createSnsClient({ ...base, requestHandler: sns.handler }), TOPIC);

    const error = await settle(alerter.publish(alert));

    expect(sns.calls()).toBe(1);
    expect(error).toMatchObject({ awsErrorName: 'KMSDisabledException' });
  });
});
