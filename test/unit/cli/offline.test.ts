import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/cli.js';

const events = (name: string): string => new URL(`../../events/${name}`, import.meta.url).pathname;

interface DiagnoseJson {
  incidents: Record<string, unknown>[];
  skipped: number;
  errors: { messageId?: string; error: string }[];
}

describe('replication-doctor diagnose --offline', () => {
  it('prints the SPEC JSON shape for the AWS example event', async () => {
    const run = await runCliCaptured([
      'diagnose',
      '--event',
      events('s3-failed-assume-role.json'),
      '--offline',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as DiagnoseJson;
    expect(output.skipped).toBe(0);
    expect(output.errors).toEqual([]);
    expect(output.incidents).toHaveLength(1);
    const incident = output.incidents[0];
    expect(incident).toMatchObject({
      failureReason: 'AssumeRoleNotPermitted',
      canonicalReason: 'AssumeRoleNotPermitted',
      known: true,
      category: 'permissions',
      severity: 'critical',
      checks: [],
      sourceBucket: 'amzn-s3-demo-bucket1',
      destinationBucket: 'amzn-s3-demo-bucket2',
      ruleId: 'notification-test-replication-rule',
      objectCount: 1,
      sampleKeys: ['replication-object-put-test.png'],
      firstSeen: '2024-09-05T21:04:32.527Z',
      lastSeen: '2024-09-05T21:04:32.527Z',
    });
    for (const field of ['incidentId', 'title', 'summary']) expect(typeof incident?.[field]).toBe('string');
    for (const field of ['likelyCauses', 'remediation', 'docs'])
      expect((incident?.[field] as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it('keeps the code as received and the current spelling apart, and decodes keys', async () => {
    const run = await runCliCaptured([
      'diagnose',
      '--event',
      events('s3-failed-dst-put-object-legacy.json'),
      '--offline',
      '--json',
    ]);
    const [incident] = (JSON.parse(run.stdout) as DiagnoseJson).incidents;
    expect(incident).toMatchObject({
      failureReason: 'DstPutObjNotPermitted',
      canonicalReason: 'DstPutObjectNotPermitted',
      sampleKeys: ['reports/2024/q3 summary(1).csv'],
    });
  });

  it('groups an SQS batch into incidents, counts the test event as skipped and lists the bad message', async () => {
    const run = await runCliCaptured(['diagnose', '--event', events('sqs-batch-mixed.json'), '--offline', '--json']);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as DiagnoseJson;
    expect(output.incidents.map((i) => [i.canonicalReason, i.objectCount])).toEqual([
      ['AssumeRoleNotPermitted', 2],
      ['DstBucketUnversioned', 1],
    ]);
    expect(output.skipped).toBe(1);
    expect(output.errors).toEqual([
      { messageId: '059f36b4-87a3-44ab-83d2-661970000009', error: 'body: not valid JSON' },
    ]);
    expect(run.stderr).toContain('059f36b4-87a3-44ab-83d2-661970000009');
  });

  it('reads standard input with --event -', async () => {
    const run = await runCliCaptured(['diagnose', '--event', '-', '--offline', '--json'], {
      stdin: '{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ incidents: [], skipped: 1, errors: [] });
  });

  it('alerts on an unknown code as unclassified', async () => {
    const run = await runCliCaptured([
      'diagnose',
      '--event',
      events('s3-failed-unknown-reason.json'),
      '--offline',
      '--json',
    ]);
    const [incident] = (JSON.parse(run.stdout) as DiagnoseJson).incidents;
    expect(incident).toMatchObject({
      known: false,
      category: 'unclassified',
      failureReason: 'DstSomethingNewNotPermitted',
    });
    expect(run.code).toBe(1);
  });

  it('prints a readable diagnosis without --json', async () => {
    const run = await runCliCaptured(['diagnose', '--event', events('s3-failed-assume-role.json'), '--offline']);
    expect(run.stdout).toContain('1 incident(s) from 1 failure record(s)');
    expect(run.stdout).toContain('HOW TO FIX');
  });
});

describe('exit code 2 with a one-line reason', () => {
  const cases: [string, string[], RegExp, string?][] = [
    [
      'a missing file',
      ['diagnose', '--event', '/nonexistent/file.json', '--offline'],
      /cannot read \/nonexistent\/file.json: no such file/,
    ],
    [
      'no input that parses',
      ['diagnose', '--event', '-', '--offline'],
      /no record in standard input could be parsed/,
      'not json at all',
    ],
    ['empty input', ['diagnose', '--event', '-', '--offline'], /no record in standard input could be parsed/, ''],
    ['a missing --event', ['diagnose', '--offline'], /needs --event/],
    ['an unknown flag', ['diagnose', '--bogus'], /Unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown explain code', ['explain', 'NoSuchCode'], /unknown failure reason "NoSuchCode"/],
    ['explain without a code', ['explain'], /explain needs a failure reason/],
  ];
  it.each(cases)('%s', async (_name, argv, message, stdin) => {
    const run = await runCliCaptured(argv, stdin === undefined ? {} : { stdin });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });
});

describe('catalog and explain', () => {
  it('catalog --json lists every code with category and severity', async () => {
    const run = await runCliCaptured(['catalog', '--json']);
    expect(run.code).toBe(0);
    const { reasons } = JSON.parse(run.stdout) as { reasons: { code: string; category: string; severity: string }[] };
    expect(reasons.length).toBeGreaterThanOrEqual(35);
    expect(reasons.find((r) => r.code === 'DstBucketUnversioned')).toMatchObject({ category: 'versioning' });
  });

  it('catalog text names the former spellings', async () => {
    const run = await runCliCaptured(['catalog']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^DstPutObjectNotPermitted .*formerly DstPutObjNotPermitted/m);
  });

  it('explain accepts a former spelling and fills in the given values', async () => {
    const run = await runCliCaptured([
      'explain',
      'DstPutObjNotPermitted',
      '--destination-bucket',
      'my-dest',
      '--role-arn',
      'arn:aws:iam::111122223333:role/repl',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const entry = JSON.parse(run.stdout) as { code: string; remediation: string[] };
    expect(entry.code).toBe('DstPutObjectNotPermitted');
    expect(entry.remediation.join('\n')).toContain('arn:aws:s3:::my-dest/*');
    expect(entry.remediation.join('\n')).toContain('arn:aws:iam::111122223333:role/repl');
  });

  it('--help lists the commands', async () => {
    const run = await runCliCaptured(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('diagnose');
  });
});

describe('command line handling', () => {
  it('without a command prints one line and exits 2', async () => {
    const run = await runCliCaptured([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('replication-doctor: missing command; run replication-doctor --help for the list\n');
  });

  it('accepts flags before the command', async () => {
    const run = await runCliCaptured(['--json', 'catalog']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('reasons');
  });

  it('rejects unexpected arguments in one line', async () => {
    for (const argv of [
      ['catalog', 'extra'],
      ['explain', 'DstBucketUnversioned', 'AssumeRoleNotPermitted'],
    ]) {
      const run = await runCliCaptured(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/unexpected argument/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('prints the package version', async () => {
    const run = await runCliCaptured(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
