import { createServer, type Server, type Socket } from 'node:net';
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAwsFactsReader } from '../../lambdas/adapters/aws-facts-reader.js';
import { FactsCache } from '../../lambdas/adapters/facts-cache.js';
import { createFactsClients } from '../../lambdas/adapters/facts-clients.js';
import { createLiveDiagnoser } from '../../lambdas/checks/live-diagnoser.js';
import { createLiveChecker } from '../../lambdas/checks/registry.js';
import { failureMessages, redelivered, sqsBatch } from '../helpers/events.js';
import { attribute, harness, snsMock } from '../hostile/harness.js';
import { snsLimitViolations } from '../hostile/sns-limits.js';

/**
 * The real SDK stack (S3, IAM, KMS, STS clients from `createFactsClients` with short timeouts) against an endpoint
 * that accepts connections and never answers. Whatever the SDK does with its request timeout, the alert goes out
 * within the diagnosis bound, once, and no message fails.
 */

let server: Server;
const sockets: Socket[] = [];
let delivered: PublishCommandInput[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${address.port}`);
  snsMock.reset();
  snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    delivered.push(input);
    return { MessageId: `sns-${delivered.length}` };
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('live checks against an AWS endpoint that never answers', () => {
  it('the request timeout ends the stalled reads: the alert goes out once, with the checks unknown (could not reach AWS)', async () => {
    delivered = [];
    // The SDK's request-timeout warning would only add noise here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const reader = createAwsFactsReader({
      region: 'us-east-1',
      cache: new FactsCache(),
      clients: createFactsClients({
        region: 'us-east-1',
        maxAttempts: 1,
        connectionTimeoutMs: 200,
        requestTimeoutMs: 200,
      }),
    });
    const { respond } = harness({ diagnoser: createLiveDiagnoser(createLiveChecker(reader), { timeoutMs: 10_000 }) });
    const records = failureMessages(3, { failureReason: 'DstBucketUnversioned' });

    const response = await respond(sqsBatch(records));
    const again = await respond(sqsBatch(redelivered(records)));
    warn.mockRestore();

    expect(sockets.length).toBeGreaterThan(0);
    expect(response.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(delivered.map((a) => attribute(a, 'alertType'))).toEqual(['new']);
    const [alert] = delivered;
    if (alert === undefined) throw new Error('no alert');
    expect(snsLimitViolations(alert)).toEqual([]);
    expect(alert.Message).toMatch(/could not reach AWS/);
    expect(alert.Message).not.toMatch(/did not finish within/);
  });
});
