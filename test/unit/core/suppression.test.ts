import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambdas/core/errors.js';
import type { ReplicationEvent } from '../../../lambdas/core/event.js';
import {
  createSuppressionMatcher,
  parseSuppressionJson,
  parseSuppressionRules,
  type SuppressionRule,
} from '../../../lambdas/core/suppression.js';
import { runCliCaptured } from '../../helpers/cli.js';
import { replicationRecord, s3Notification } from '../../helpers/events.js';

function failure(overrides: Partial<ReplicationEvent> = {}): ReplicationEvent {
  return {
    type: 'OperationFailedReplication',
    eventVersion: '2.2',
    eventTime: '2024-09-05T21:04:32.527Z',
    awsRegion: 'us-east-1',
    sourceBucket: 'src-bucket',
    key: 'env/prod/terraform.tfstate.tflock',
    versionId: 'v1',
    ruleId: 'rule-1',
    destinationBucket: 'dst-bucket',
    destinationBucketArn: 'arn:aws:s3:::dst-bucket',
    failureReason: 'DstPutObjectNotPermitted',
    ...overrides,
  };
}

const matches = (rules: SuppressionRule[], event: ReplicationEvent) =>
  createSuppressionMatcher(parseSuppressionRules(rules))(event);

describe('createSuppressionMatcher', () => {
  it('suppresses nothing without rules', () => {
    expect(createSuppressionMatcher([])(failure())).toBeUndefined();
  });

  it.each<[string, SuppressionRule]>([
    ['sourceBucket', { sourceBucket: 'src-bucket' }],
    ['destinationBucket', { destinationBucket: 'dst-bucket' }],
    ['destinationBucket given as an ARN', { destinationBucket: 'arn:aws:s3:::dst-bucket' }],
    ['ruleId', { ruleId: 'rule-1' }],
    ['keyPrefix', { keyPrefix: 'env/prod/' }],
    ['keySuffix', { keySuffix: '.tflock' }],
    ['failureReason', { failureReason: 'DstPutObjectNotPermitted' }],
  ])('matches on %s alone', (_, rule) => {
    expect(matches([rule], failure())).toEqual({ ruleIndex: 0 });
  });

  it('requires every field of a rule to match (AND)', () => {
    const rule = { sourceBucket: 'src-bucket', keySuffix: '.tflock', failureReason: 'DstObjectHardDeleted' };
    expect(matches([rule], failure())).toBeUndefined();
    expect(matches([rule], failure({ failureReason: 'DstObjectHardDeleted' }))).toEqual({ ruleIndex: 0 });
  });

  it('suppresses when any rule matches (OR) and names the first that did, with its comment', () => {
    const rules = [
      { sourceBucket: 'other-bucket' },
      { keySuffix: '.tflock', comment: 'Terraform lock files come and go' },
      { keyPrefix: 'env/' },
    ];
    expect(matches(rules, failure())).toEqual({ ruleIndex: 1, comment: 'Terraform lock files come and go' });
    expect(matches(rules, failure({ key: 'env/x.bin' }))).toEqual({ ruleIndex: 2 });
    expect(matches(rules, failure({ key: 'data/x.bin' }))).toBeUndefined();
  });

  it('compares keys and names case-sensitively, like S3', () => {
    expect(matches([{ keySuffix: '.TFLOCK' }], failure())).toBeUndefined();
    expect(matches([{ keyPrefix: 'Env/' }], failure())).toBeUndefined();
    expect(matches([{ ruleId: 'Rule-1' }], failure())).toBeUndefined();
  });

  it('treats a former and the current spelling of a reason as the same reason, both ways', () => {
    expect(matches([{ failureReason: 'DstPutObjNotPermitted' }], failure())).toBeDefined();
    expect(
      matches([{ failureReason: 'DstPutObjectNotPermitted' }], failure({ failureReason: 'DstPutObjNotPermitted' })),
    ).toBeDefined();
    expect(matches([{ failureReason: 'DstObjectHardDeleted' }], failure())).toBeUndefined();
  });

  it('matches unknown codes exactly', () => {
    expect(
      matches([{ failureReason: 'DstBrandNewCode' }], failure({ failureReason: 'DstBrandNewCode' })),
    ).toBeDefined();
    expect(matches([{ failureReason: 'DstBrandNewCode' }], failure({ failureReason: 'DstBrandNewCode2' }))).toBe(
      undefined,
    );
  });

  it('never suppresses replication-time events, which are not failures', () => {
    const event = failure({ type: 'OperationMissedThreshold' });
    expect(matches([{ keySuffix: '.tflock' }], event)).toBeUndefined();
  });
});

describe('parseSuppressionRules', () => {
  it('keeps valid rules and drops nothing', () => {
    const rules = [
      { keySuffix: '.tflock', comment: 'Terraform' },
      { sourceBucket: 'amzn-s3-demo-bucket1', failureReason: 'SrcObjectNotFound', ruleId: 'logs', keyPrefix: 'tmp/' },
    ];
    expect(parseSuppressionRules(rules)).toEqual(rules);
    expect(parseSuppressionRules([])).toEqual([]);
  });

  it.each<[unknown, string]>([
    [{ keySuffix: '.tflock' }, 'SUPPRESSION_RULES must be a JSON array of rules'],
    [['.tflock'], 'SUPPRESSION_RULES[0] must be an object'],
    [[{ keySuffix: '.tflock' }, { keyprefix: 'tmp/' }], 'SUPPRESSION_RULES[1] has unknown field "keyprefix"'],
    [[{ keySuffix: 42 }], 'SUPPRESSION_RULES[0].keySuffix must be a string, got 42'],
    [[{ keyPrefix: '' }], 'SUPPRESSION_RULES[0].keyPrefix must not be empty'],
    [[{ comment: 'all of it' }], 'SUPPRESSION_RULES[0] sets no matcher'],
    [[{}], 'SUPPRESSION_RULES[0] sets no matcher'],
    [[{ failureReason: 'Dst Put' }], 'SUPPRESSION_RULES[0].failureReason must be a failure code'],
    [[{ sourceBucket: 'Not_A_Bucket' }], 'SUPPRESSION_RULES[0].sourceBucket must be a bucket name'],
    [[{ keyPrefix: 'x'.repeat(1025) }], 'SUPPRESSION_RULES[0].keyPrefix is longer than 1024 characters'],
  ])('rejects %j naming the rule and field', (value, message) => {
    expect(() => parseSuppressionRules(value)).toThrow(ConfigError);
    expect(() => parseSuppressionRules(value)).toThrow(message);
  });

  it('reports bad JSON with the source it came from', () => {
    expect(() => parseSuppressionJson('[{', '--suppressions rules.json')).toThrow(
      /^--suppressions rules.json is not valid JSON: /,
    );
    expect(parseSuppressionJson('[{"keySuffix": ".tflock"}]')).toEqual([{ keySuffix: '.tflock' }]);
  });
});

describe('diagnose --suppressions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replication-doctor-suppressions-'));
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const events = write(
    'events.json',
    s3Notification(
      replicationRecord({ key: 'state/prod.tfstate.tflock', versionId: 'a', sequencer: '01' }),
      replicationRecord({ key: 'state/dev.tfstate.tflock', versionId: 'b', sequencer: '02' }),
      replicationRecord({ key: 'data/report.csv', versionId: 'c', sequencer: '03' }),
      replicationRecord({
        key: 'data/other.csv',
        failureReason: 'DstObjectHardDeleted',
        versionId: 'd',
        sequencer: '04',
      }),
    ),
  );

  it('counts suppressed failures in skipped and leaves them out of the incidents', async () => {
    const rules = write('rules.json', [{ keySuffix: '.tflock' }, { failureReason: 'DstObjectHardDeleted' }]);

    const result = await runCliCaptured([
      'diagnose',
      '--event',
      events,
      '--offline',
      '--suppressions',
      rules,
      '--json',
    ]);

    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as {
      incidents: { objectCount: number }[];
      skipped: number;
      suppressed: number;
    };
    expect(output.incidents).toHaveLength(1);
    expect(output.incidents[0]?.objectCount).toBe(1);
    expect(output.skipped).toBe(3);
    expect(output.suppressed).toBe(3);
  });

  it('exits 0 when every failure is suppressed, and says so', async () => {
    const rules = write('all.json', [{ sourceBucket: 'amzn-s3-demo-bucket1' }]);

    const result = await runCliCaptured(['diagnose', '--event', events, '--offline', '--suppressions', rules]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 of them suppressed by --suppressions');
  });

  it('exits 2 with one line naming the bad rule', async () => {
    const rules = write('bad.json', [{ keySuffix: '.tflock' }, { keySufix: '.lock' }]);

    const result = await runCliCaptured(['diagnose', '--event', events, '--offline', '--suppressions', rules]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `replication-doctor diagnose: --suppressions ${rules}[1] has unknown field "keySufix"; the fields are sourceBucket, destinationBucket, ruleId, keyPrefix, keySuffix, failureReason, comment (case-sensitive)`,
    ]);
  });

  it('exits 2 when the rules file is missing', async () => {
    const result = await runCliCaptured([
      'diagnose',
      '--event',
      events,
      '--offline',
      '--suppressions',
      join(dir, 'missing.json'),
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such file');
  });
});
