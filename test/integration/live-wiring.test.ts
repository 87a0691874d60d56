/**
 * The live checks wired end to end: the responder handler module (LIVE_CHECKS=true, in-memory store) and
 * `replication-doctor diagnose` without --offline, both against the same simulated account, give the same incident.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderNewAlert } from '../../lambdas/core/render.js';
import type { IncidentReport } from '../../lambdas/core/report.js';
import { DST, destinationOf, estate, KEY, RULE_ID, SRC, VERSION } from '../fixtures/facts/estate.js';
import { installFakeAccount, resetMocks, s3Mock, stsMock } from '../fixtures/facts/fake-account.js';
import { runCliCaptured } from '../helpers/cli.js';
import { failureMessages, lambdaContext, replicationRecord, s3Notification, sqsBatch } from '../helpers/events.js';

const snsMock = mockClient(SNSClient);
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

function unversionedDestination(): void {
  const model = estate();
  destinationOf(model).versioning = 'Suspended';
  installFakeAccount(model);
}

const event = (failureReason = 'DstBucketUnversioned') =>
  s3Notification(
    replicationRecord({
      sourceBucket: SRC,
      destinationBucket: DST,
      ruleId: RULE_ID,
      key: KEY,
      versionId: VERSION,
      failureReason,
      awsRegion: 'us-east-1',
      sourceAccount: '111122223333',
    }),
  );

async function importHandler() {
  vi.resetModules();
  vi.stubEnv('LIVE_CHECKS', 'true');
  vi.stubEnv('INCIDENT_TABLE_NAME', '');
  return (await import('../../lambdas/responder/handler.js')).handler;
}

beforeEach(() => {
  resetMocks();
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('diagnose with live checks', () => {
  it('confirms the cause in the account and prints checks and verdict in the SPEC JSON', async () => {
    unversionedDestination();
    const run = await runCliCaptured(['diagnose', '--event', '-', '--json'], {
      stdin: JSON.stringify(event()),
      env: CREDENTIALS,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const [incident] = (JSON.parse(run.stdout) as { incidents: IncidentReport[] }).incidents;
    expect(incident?.checks.find((c) => c.id === 'destination-versioning')).toMatchObject({ status: 'fail' });
    expect(incident?.checks.find((c) => c.id === 'source-versioning')).toMatchObject({ status: 'pass' });
    expect(incident?.verdict.outcome).toBe('confirmed');
    expect(incident?.severity).toBe('critical');
    expect(incident?.remediation.join('\n')).toContain(`--bucket ${DST}`);
  });

  it('says the cause looks fixed when every check passes now, instead of repeating the catalog guess', async () => {
    installFakeAccount(estate());
    const run = await runCliCaptured(['diagnose', '--event', '-', '--json'], {
      stdin: JSON.stringify(event()),
      env: CREDENTIALS,
    });
    const [incident] = (JSON.parse(run.stdout) as { incidents: IncidentReport[] }).incidents;
    expect(incident?.verdict.outcome).toBe('fixed-or-invisible');
    expect(incident?.checks.every((c) => c.status !== 'fail')).toBe(true);
  });

  it('exits 2 with one line when there are no AWS credentials', async () => {
    const run = await runCliCaptured(['diagnose', '--event', '-', '--json'], {
      stdin: JSON.stringify(event()),
      env: { AWS_REGION: 'us-east-1', AWS_PROFILE: 'replication-doctor-no-such-profile' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});

describe('the responder with LIVE_CHECKS=true', () => {
  it('alerts once with the live verdict, and a storm for the same cause costs no further AWS reads', async () => {
    unversionedDestination();
    const handler = await importHandler();
    const first = await handler(
      sqsBatch(
        failureMessages(100, {
          sourceBucket: SRC,
          destinationBucket: DST,
          ruleId: RULE_ID,
          failureReason: 'DstBucketUnversioned',
        }),
      ),
      lambdaContext(),
    );
    expect(first.batchItemFailures).toEqual([]);
    const readsAfterFirst = s3Mock.calls().length + stsMock.calls().length;
    for (let batch = 0; batch < 10; batch += 1) {
      const result = await handler(
        sqsBatch(
          failureMessages(100, {
            sourceBucket: SRC,
            destinationBucket: DST,
            ruleId: RULE_ID,
            failureReason: 'DstBucketUnversioned',
          }),
        ),
        lambdaContext(),
      );
      expect(result.batchItemFailures).toEqual([]);
    }
    expect(s3Mock.calls().length + stsMock.calls().length).toBe(readsAfterFirst);
    expect(readsAfterFirst).toBeLessThanOrEqual(12);
    const publishes = snsMock.commandCalls(PublishCommand);
    expect(publishes).toHaveLength(1);
    const message = publishes[0]?.args[0].input.Message ?? '';
    expect(message).toContain('CHECKED LIVE IN THE ACCOUNT');
    expect(message).toContain('[FAIL] destination-versioning');
  });

  it('publishes the same incident text as diagnose for the same input', async () => {
    unversionedDestination();
    const handler = await importHandler();
    const body = event();
    await handler(sqsBatch([{ ...failureMessages(1)[0], body: JSON.stringify(body) } as never]), lambdaContext());
    const published = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    const run = await runCliCaptured(['diagnose', '--event', '-', '--json'], {
      stdin: JSON.stringify(body),
      env: CREDENTIALS,
    });
    const [incident] = (JSON.parse(run.stdout) as { incidents: IncidentReport[] }).incidents;
    if (incident === undefined) throw new Error('diagnose found no incident');
    const alert = renderNewAlert(incident);
    expect(published?.Subject).toBe(alert.subject);
    expect(published?.Message).toBe(alert.message);
    expect(published?.MessageAttributes).toEqual(alert.attributes);
  });
});

describe('verifyRule (the gate before redrive --execute)', () => {
  const reader = async () => {
    const { createAwsFactsReader } = await import('../../lambdas/adapters/aws-facts-reader.js');
    const { FactsCache } = await import('../../lambdas/adapters/facts-cache.js');
    const { createFactsClients } = await import('../../lambdas/adapters/facts-clients.js');
    return createAwsFactsReader({ cache: new FactsCache(), clients: createFactsClients({ region: 'us-east-1' }) });
  };

  it('passes a healthy rule', async () => {
    installFakeAccount(estate());
    const { verifyRule } = await import('../../lambdas/checks/verify-rule.js');
    const verification = await verifyRule(await reader(), SRC, RULE_ID);
    expect(verification.failing).toEqual([]);
    expect(verification.ok).toBe(true);
  });

  it('refuses while a check fails, naming it', async () => {
    unversionedDestination();
    const { verifyRule } = await import('../../lambdas/checks/verify-rule.js');
    const verification = await verifyRule(await reader(), SRC, RULE_ID);
    expect(verification.ok).toBe(false);
    expect(verification.failing.join('\n')).toMatch(/^destination-versioning: /m);
  });

  it('refuses an unknown rule', async () => {
    installFakeAccount(estate());
    const { verifyRule } = await import('../../lambdas/checks/verify-rule.js');
    expect((await verifyRule(await reader(), SRC, 'no-such-rule')).failing).toEqual([
      `replication-rule: bucket ${SRC} has no rule "no-such-rule"`,
    ]);
  });
});

describe('check-bucket when AWS cannot be read', () => {
  it('exits 2 with one line instead of reporting a problem', async () => {
    installFakeAccount(estate());
    s3Mock.rejects(Object.assign(new Error('getaddrinfo ENOTFOUND s3.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    const run = await runCliCaptured(['check-bucket', SRC, '--json'], { env: CREDENTIALS });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^replication-doctor check-bucket: cannot read the replication configuration of acme-logs-src: could not reach AWS/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('diagnose without a configured Region', () => {
  it('reads the account in the Region the events came from', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/replication-doctor-config');
    unversionedDestination();
    const run = await runCliCaptured(['diagnose', '--event', '-', '--json'], {
      stdin: JSON.stringify(event()),
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const [incident] = (JSON.parse(run.stdout) as { incidents: IncidentReport[] }).incidents;
    expect(incident?.checks.find((c) => c.id === 'destination-versioning')).toMatchObject({ status: 'fail' });
  });
});
