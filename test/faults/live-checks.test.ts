import { GetBucketReplicationCommand } from '@aws-sdk/client-s3';
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsFactsReader } from '../../lambdas/adapters/aws-facts-reader.js';
import { FactsCache } from '../../lambdas/adapters/facts-cache.js';
import { createFactsClients } from '../../lambdas/adapters/facts-clients.js';
import { createLiveDiagnoser } from '../../lambdas/checks/live-diagnoser.js';
import { createLiveChecker } from '../../lambdas/checks/registry.js';
import type { Diagnoser } from '../../lambdas/core/diagnose.js';
import { A, DST, estate, RULE_ID, SRC } from '../fixtures/facts/estate.js';
import { iamMock, installFakeAccount, kmsMock, resetMocks, s3Mock, stsMock } from '../fixtures/facts/fake-account.js';
import { failureMessages, redelivered, sqsBatch } from '../helpers/events.js';
import { failedIds } from '../helpers/responder.js';
import { attribute, harness, snsMock } from '../hostile/harness.js';
import { snsLimitViolations } from '../hostile/sns-limits.js';
import { awsError } from './support.js';

/**
 * Faults of the live re-checks (S3, IAM, KMS, STS reads): denied, throttled, never answering, or the checker failing
 * outright. The alert goes out anyway, with the checks it could not decide shown as unknown (or the catalog diagnosis
 * when the checks ran out of time), it never fails the batch, and it is not sent again on redelivery.
 */

let delivered: PublishCommandInput[] = [];

beforeEach(() => {
  resetMocks();
  delivered = [];
  snsMock.reset();
  snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    delivered.push(input);
    return { MessageId: `sns-${delivered.length}` };
  });
});

/** The live diagnoser as the handler builds it, on a fresh cache, one attempt per read. */
function liveDiagnoser(): Diagnoser {
  const reader = createAwsFactsReader({
    region: 'us-east-1',
    cache: new FactsCache(),
    clients: createFactsClients({ region: 'us-east-1', maxAttempts: 1 }),
  });
  return createLiveDiagnoser(createLiveChecker(reader));
}

/** Failures of the estate's rule (acme-logs-src → acme-logs-dst). */
function estateFailures(count: number, failureReason: string) {
  return failureMessages(count, {
    sourceBucket: SRC,
    destinationBucket: DST,
    ruleId: RULE_ID,
    sourceAccount: A,
    failureReason,
    keyPrefix: `logs/${failureReason}`,
  });
}

/** The check lines of an alert (`[STATUS] id: summary`), by check id. */
function checksOf(message: string | undefined): Map<string, { status: string; text: string }> {
  const checks = new Map<string, { status: string; text: string }>();
  for (const line of (message ?? '').split('\n')) {
    const match = /^ {2}\[(PASS|FAIL|WARN|UNKNOWN|SKIP)\] ([a-z-]+): (.*)$/.exec(line);
    if (match?.[1] && match[2] && match[3]) checks.set(match[2], { status: match[1], text: match[3] });
  }
  return checks;
}

const alertFor = (reason: string) => delivered.find((a) => attribute(a, 'failureReason') === reason);

describe('live checks under AWS faults', () => {
  it('AccessDenied on every read: each incident alerts once, every check unknown and naming the permission it lacks', async () => {
    s3Mock.onAnyCommand().rejects(awsError('AccessDenied', 403));
    iamMock.onAnyCommand().rejects(awsError('AccessDenied', 403));
    kmsMock.onAnyCommand().rejects(awsError('AccessDeniedException', 400));
    stsMock.onAnyCommand().rejects(awsError('AccessDenied', 403));
    const { respond, metrics } = harness({ diagnoser: liveDiagnoser() });
    const records = [...estateFailures(3, 'DstPutObjectNotPermitted'), ...estateFailures(2, 'DstKmsKeyNotFound')];

    const response = await respond(sqsBatch(records));
    const again = await respond(sqsBatch(redelivered(records)));

    expect(response.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(delivered.map((a) => attribute(a, 'alertType'))).toEqual(['new', 'new']);
    for (const alert of delivered) {
      expect(snsLimitViolations(alert)).toEqual([]);
      const checks = [...checksOf(alert.Message).values()];
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((c) => c.status === 'UNKNOWN' && /the doctor lacks [a-z0-9]+:\w+/.test(c.text))).toBe(true);
      expect(alert.Message).toContain('Not verified in the account');
    }
    expect(metrics.get('CheckErrors')).toBeGreaterThan(0);
  });

  it('IAM throttling: the role checks come back unknown, the others still decide, and the alert goes out once', async () => {
    installFakeAccount(estate());
    iamMock.onAnyCommand().rejects(awsError('Throttling', 400, 'Rate exceeded'));
    const { respond } = harness({ diagnoser: liveDiagnoser() });
    const records = estateFailures(4, 'AssumeRoleNotPermitted');

    const response = await respond(sqsBatch(records));
    await respond(sqsBatch(redelivered(records)));

    expect(response.batchItemFailures).toEqual([]);
    expect(delivered).toHaveLength(1);
    const checks = checksOf(alertFor('AssumeRoleNotPermitted')?.Message);
    const roleChecks = [...checks.entries()].filter(([id]) => id.startsWith('role-'));
    expect(roleChecks.length).toBeGreaterThan(0);
    for (const [, check] of roleChecks)
      expect(check).toMatchObject({ status: 'UNKNOWN', text: expect.stringMatching(/throttled/) });
    expect(checks.get('replication-rule')?.status).toBe('PASS');
  });

  it('KMS throttling: the key check comes back unknown, the others still decide, and the alert goes out once', async () => {
    installFakeAccount(estate());
    kmsMock.onAnyCommand().rejects(awsError('ThrottlingException', 400, 'Rate exceeded'));
    const { respond } = harness({ diagnoser: liveDiagnoser() });
    const records = estateFailures(2, 'DstKmsKeyNotFound');

    const response = await respond(sqsBatch(records));
    await respond(sqsBatch(redelivered(records)));

    expect(response.batchItemFailures).toEqual([]);
    expect(delivered).toHaveLength(1);
    const checks = checksOf(alertFor('DstKmsKeyNotFound')?.Message);
    expect(checks.get('destination-kms-key')).toMatchObject({
      status: 'UNKNOWN',
      text: expect.stringMatching(/throttled DescribeKey/),
    });
    expect(checks.get('destination-versioning')?.status).toBe('PASS');
  });

  it('S3 SlowDown on every read: the alert goes out once with unknown checks', async () => {
    installFakeAccount(estate());
    s3Mock.onAnyCommand().rejects(awsError('SlowDown', 503, 'Please reduce your request rate.'));
    const { respond } = harness({ diagnoser: liveDiagnoser() });
    const records = estateFailures(3, 'DstPutObjectNotPermitted');

    const response = await respond(sqsBatch(records));
    await respond(sqsBatch(redelivered(records)));

    expect(response.batchItemFailures).toEqual([]);
    expect(delivered).toHaveLength(1);
    const statuses = [...checksOf(delivered[0]?.Message).values()].map((c) => c.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 'UNKNOWN')).toBe(true);
  });

  it('a checker that fails outright: the alert goes out with the catalog diagnosis and says why', async () => {
    const diagnoser = createLiveDiagnoser({
      run: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'Rules')");
      },
    });
    const { respond } = harness({ diagnoser });
    const records = estateFailures(2, 'DstPutObjectNotPermitted');

    const response = await respond(sqsBatch(records));

    expect(failedIds(response)).toEqual([]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.Message).toContain('the live checks failed');
    expect(checksOf(delivered[0]?.Message).size).toBe(0);
  });

  it('a diagnoser that throws: the responder alerts with the catalog diagnosis and counts a check error', async () => {
    const { respond, metrics } = harness({
      diagnoser: async () => {
        throw new Error('defect in the diagnoser');
      },
    });
    const records = estateFailures(2, 'SrcGetObjectNotPermitted');

    const response = await respond(sqsBatch(records));

    expect(response.batchItemFailures).toEqual([]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.Message).toContain('live checks failed (Error)');
    expect(metrics.get('CheckErrors')).toBe(1);
  });
});

describe('a live-check read that never resolves', () => {
  // aws-sdk-client-mock replaces `send`, so no SDK timeout can fire: the live diagnoser's own bound (`timeoutMs`) must.
  it('the diagnosis gives up at its bound, the alert goes out with the catalog diagnosis, and only once', async () => {
    installFakeAccount(estate());
    s3Mock.on(GetBucketReplicationCommand).callsFake(() => new Promise<never>(() => {}));
    const reader = createAwsFactsReader({
      region: 'us-east-1',
      cache: new FactsCache(),
      clients: createFactsClients({ region: 'us-east-1', maxAttempts: 1, requestTimeoutMs: 100 }),
    });
    const { respond } = harness({ diagnoser: createLiveDiagnoser(createLiveChecker(reader), { timeoutMs: 250 }) });
    const records = [
      ...failureMessages(3, { sourceBucket: SRC, destinationBucket: DST, ruleId: RULE_ID, sourceAccount: A }),
      ...failureMessages(2, {
        sourceBucket: SRC,
        destinationBucket: DST,
        ruleId: RULE_ID,
        sourceAccount: A,
        failureReason: 'DstKmsKeyNotFound',
        keyPrefix: 'kms',
      }),
    ];

    const response = await respond(sqsBatch(records));
    const again = await respond(sqsBatch(redelivered(records)));

    expect(response.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(delivered.map((a) => attribute(a, 'alertType'))).toEqual(['new', 'new']);
    for (const alert of delivered) {
      expect(alert.Message).toContain('the live checks did not finish within 0.25 s');
      expect(snsLimitViolations(alert)).toEqual([]);
    }
  });
});
