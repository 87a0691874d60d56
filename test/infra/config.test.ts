import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContextReader, loadConfig, MISSING_SOURCE_BUCKETS_MESSAGE } from '../../infra/config.js';
import { ConfigError } from '../../lambdas/core/errors.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary working directory, optionally holding `replication-doctor.config.json`. */
function workdir(defaultConfig?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'replication-doctor-config-'));
  dirs.push(dir);
  if (defaultConfig !== undefined) {
    writeFileSync(join(dir, 'replication-doctor.config.json'), JSON.stringify(defaultConfig));
  }
  return dir;
}

function context(values: Record<string, unknown>): ContextReader {
  return (key) => values[key];
}

function loadError(values: Record<string, unknown>, cwd = workdir()): string {
  try {
    loadConfig(context(values), { cwd });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).not.toMatch(/[\r\n]/);
    return error.message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: source buckets', () => {
  it('stops with one line naming sourceBuckets when neither context nor file sets them', () => {
    expect(loadError({})).toBe(
      'replication-doctor: missing setting sourceBuckets: pass -c sourceBuckets=bucket-a,bucket-b or set it in replication-doctor.config.json',
    );
    expect(MISSING_SOURCE_BUCKETS_MESSAGE).toContain('sourceBuckets');
  });

  it('treats an empty list as missing', () => {
    expect(loadError({ sourceBuckets: ' , ' })).toBe(MISSING_SOURCE_BUCKETS_MESSAGE);
  });

  it('accepts a missing setting when only the destination stack is wanted', () => {
    expect(loadConfig(context({}), { cwd: workdir(), allowMissingSourceBuckets: true }).sourceBuckets).toEqual([]);
  });

  it('splits -c sourceBuckets on commas and trims', () => {
    const config = loadConfig(context({ sourceBuckets: ' source-bucket-a, source-bucket-b ,' }), { cwd: workdir() });
    expect(config.sourceBuckets).toEqual(['source-bucket-a', 'source-bucket-b']);
  });

  it('accepts a JSON array from cdk.json context', () => {
    const config = loadConfig(context({ sourceBuckets: ['source-bucket-a'] }), { cwd: workdir() });
    expect(config.sourceBuckets).toEqual(['source-bucket-a']);
  });
});

describe('loadConfig: context values', () => {
  it('reads every documented key, singular and plural spellings', () => {
    const config = loadConfig(
      context({
        sourceBuckets: 'source-bucket-a',
        alertEmail: 'oncall@example.com',
        alertHttpsEndpoint: 'https://hooks.example.com/x',
        alertTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
        opsEmail: 'ops@example.com',
        destinationReadRoleArns: 'arn:aws:iam::222222222222:role/replication-doctor-read',
        destinationAllowList: '222222222222,333333333333',
        digestIntervalSeconds: '600',
        checkCacheTtlSeconds: 120,
        liveChecks: 'false',
        latencyAlerts: 'TRUE',
        objectChecks: false,
        dashboard: 'true',
        dashboardName: 'replication',
        auditScheduleExpression: 'rate(12 hours)',
        responderMaxConcurrency: '10',
        batchReplicationRole: 'true',
        batchReportBucket: 'reports-bucket',
        batchReportPrefix: 'redrive/',
        suppressions: '[{"keyPrefix":"tmp/","comment":"scratch"}]',
        exportOutputs: 'true',
      }),
      { cwd: workdir() },
    );
    expect(config).toEqual({
      sourceBuckets: ['source-bucket-a'],
      alertEmails: ['oncall@example.com'],
      alertHttpsEndpoints: ['https://hooks.example.com/x'],
      alertTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
      opsEmails: ['ops@example.com'],
      destinationReadRoleArns: ['arn:aws:iam::222222222222:role/replication-doctor-read'],
      destinationAllowList: ['222222222222', '333333333333'],
      digestIntervalSeconds: 600,
      checkCacheTtlSeconds: 120,
      liveChecks: false,
      latencyAlerts: true,
      objectChecks: false,
      dashboard: true,
      dashboardName: 'replication',
      auditScheduleExpression: 'rate(12 hours)',
      responderMaxConcurrency: 10,
      batchReplicationRole: true,
      batchReportBucket: 'reports-bucket',
      batchReportPrefix: 'redrive/',
      suppressions: [{ keyPrefix: 'tmp/', comment: 'scratch' }],
      exportOutputs: true,
      configFile: undefined,
    });
  });

  it('rejects a boolean that is not true or false', () => {
    expect(loadError({ sourceBuckets: 'source-bucket-a', dashboard: 'maybe' })).toBe(
      'replication-doctor: invalid context dashboard="maybe": expected true or false',
    );
  });

  it('rejects a number that is not a whole number', () => {
    expect(loadError({ sourceBuckets: 'source-bucket-a', digestIntervalSeconds: '15m' })).toBe(
      'replication-doctor: invalid context digestIntervalSeconds="15m": expected a whole number',
    );
  });

  it('rejects suppressions that are not JSON', () => {
    expect(loadError({ sourceBuckets: 'source-bucket-a', suppressions: '[{keyPrefix:' })).toContain(
      'invalid context suppressions="[{keyPrefix:": expected JSON',
    );
  });

  it('rejects a list given as an object', () => {
    expect(loadError({ sourceBuckets: { a: 1 } })).toContain(
      'invalid context sourceBuckets={"a":1}: expected a comma-separated list',
    );
  });

  it('rejects a suppression rule with an unknown field', () => {
    expect(loadError({ sourceBuckets: 'source-bucket-a', suppressions: '[{"prefix":"tmp/"}]' })).toMatch(
      /^replication-doctor: invalid context: suppressions\.0: .*prefix/,
    );
  });
});

describe('loadConfig: config file', () => {
  const file = {
    sourceBuckets: ['source-bucket-a', 'source-bucket-b'],
    alertEmails: ['oncall@example.com'],
    digestIntervalSeconds: 1800,
    dashboard: false,
  };

  it('reads replication-doctor.config.json from the working directory by default', () => {
    const cwd = workdir(file);
    const config = loadConfig(context({}), { cwd });
    expect(config).toMatchObject(file);
    expect(config.configFile).toBe(join(cwd, 'replication-doctor.config.json'));
  });

  it('reads the file named by -c config=path, relative to the working directory', () => {
    const cwd = workdir();
    mkdirSync(join(cwd, 'deploy'));
    writeFileSync(join(cwd, 'deploy', 'prod.json'), JSON.stringify(file));
    expect(loadConfig(context({ config: 'deploy/prod.json' }), { cwd }).sourceBuckets).toEqual(file.sourceBuckets);
  });

  it('lets context override the file key by key', () => {
    const config = loadConfig(context({ sourceBuckets: 'source-bucket-c', dashboard: 'true' }), { cwd: workdir(file) });
    expect(config).toMatchObject({
      sourceBuckets: ['source-bucket-c'],
      dashboard: true,
      alertEmails: ['oncall@example.com'],
      digestIntervalSeconds: 1800,
    });
  });

  it('accepts $schema and $comment keys', () => {
    expect(() =>
      loadConfig(context({}), {
        cwd: workdir({ $schema: './schema.json', $comment: 'prod', sourceBuckets: ['source-bucket-a'] }),
      }),
    ).not.toThrow();
  });

  it('stops with one line when the named file does not exist', () => {
    expect(loadError({ config: 'missing.json' })).toBe('replication-doctor: config file missing.json not found');
  });

  it('stops with one line when the file is not JSON', () => {
    const cwd = workdir();
    writeFileSync(join(cwd, 'replication-doctor.config.json'), '{\n  "sourceBuckets": [\n');
    expect(loadError({}, cwd)).toMatch(
      /^replication-doctor: config file .*replication-doctor\.config\.json is not valid JSON: /,
    );
  });

  it('stops with one line naming an unknown key (a typo)', () => {
    expect(loadError({}, workdir({ sourceBucket: ['source-bucket-a'] }))).toMatch(
      /^replication-doctor: invalid config file .*: \(root\): Unrecognized key: "sourceBucket"/,
    );
  });

  it('stops with one line naming a value of the wrong type', () => {
    expect(loadError({}, workdir({ sourceBuckets: 'source-bucket-a', digestIntervalSeconds: '900' }))).toMatch(
      /invalid config file .*: sourceBuckets: .*; digestIntervalSeconds: /,
    );
  });

  it('rejects a config path that is not a string', () => {
    expect(loadError({ config: 42 })).toBe('replication-doctor: invalid context config=42: expected a file path');
  });
});
