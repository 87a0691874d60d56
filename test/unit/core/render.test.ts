import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogLookup } from '../../../lambdas/core/catalog/types.js';
import { notCheckedVerdict } from '../../../lambdas/core/diagnose.js';
import type { IncidentGroup } from '../../../lambdas/core/incident.js';
import {
  attributeValue,
  boundBytes,
  MAX_MESSAGE_BYTES,
  messageAttributes,
  renderDigestAlert,
  renderNewAlert,
  subjectLine,
} from '../../../lambdas/core/render.js';
import { buildReport } from '../../../lambdas/core/report.js';

const lookup: CatalogLookup = {
  failureReason: 'DstPutObjNotPermitted',
  canonicalReason: 'DstPutObjectNotPermitted',
  known: true,
  entry: {
    code: 'DstPutObjectNotPermitted',
    formerSpellings: ['DstPutObjNotPermitted'],
    title: 'S3 cannot write replicas to the destination',
    meaning: 'S3 cannot replicate objects to the destination bucket.',
    category: 'permissions',
    severity: 'critical',
    batchReplicationOnly: false,
    outpostsOnly: false,
    causes: [
      { text: 'The role lacks s3:ReplicateObject on the destination', checks: ['role-destination-permissions'] },
    ],
    checks: ['role-destination-permissions'],
    remediation: (ctx) => [`Allow s3:ReplicateObject on arn:aws:s3:::${ctx.destinationBucket}/*`],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html'],
  },
};

function group(keys: string[], ruleId = 'rule-1'): IncidentGroup<string> {
  return {
    incidentId: 'inc-0123456789abcdef',
    key: {
      sourceBucket: 'src-bucket',
      ruleId,
      destinationBucket: 'dst-bucket',
      canonicalReason: 'DstPutObjectNotPermitted',
    },
    failureReason: 'DstPutObjNotPermitted',
    awsRegion: 'us-east-1',
    objectCount: keys.length,
    firstSeen: '2024-09-05T21:00:00.000Z',
    lastSeen: '2024-09-05T21:10:00.000Z',
    samples: keys.map((key, i) => ({ key, versionId: `v${i}`, eventTime: '2024-09-05T21:00:00.000Z' })),
    refs: ['m1'],
  };
}

const reportOf = (keys: string[], ruleId?: string) =>
  buildReport({ group: group(keys, ruleId), lookup, checks: [], verdict: notCheckedVerdict(lookup) });

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test asserts that no control character survives.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('renderNewAlert', () => {
  it('says what failed, the catalog causes as unverified, how to fix with real values, and the docs', () => {
    const alert = renderNewAlert(reportOf(['photos/beach day.jpg']));
    expect(alert.subject).toBe('[CRITICAL] S3 replication: DstPutObjectNotPermitted src-bucket -> dst-bucket');
    expect(alert.message).toContain('DstPutObjNotPermitted (now spelled DstPutObjectNotPermitted)');
    expect(alert.message).toContain('not verified in the account');
    expect(alert.message).toContain('Allow s3:ReplicateObject on arn:aws:s3:::dst-bucket/*');
    expect(alert.message).toContain('photos/beach day.jpg (version v0)');
    expect(alert.message).toContain('never retried by S3');
    expect(alert.message).toContain('replication-troubleshoot.html');
  });

  it('carries every SPEC attribute as a String, with the code as received', () => {
    const { attributes } = renderNewAlert(reportOf(['a']));
    expect(Object.keys(attributes).sort()).toEqual(
      [
        'alertType',
        'category',
        'destinationBucket',
        'failureReason',
        'incidentId',
        'ruleId',
        'severity',
        'sourceBucket',
      ].sort(),
    );
    expect(attributes.failureReason).toEqual({ DataType: 'String', StringValue: 'DstPutObjNotPermitted' });
    expect(attributes.alertType?.StringValue).toBe('new');
    expect(attributes.severity?.StringValue).toBe('critical');
  });

  it('escapes control characters in keys and stays within SNS limits for hostile keys', () => {
    const hostile = `${'\u0000\u0007\n\r\u2028'.repeat(50)}${'日本🚀'.repeat(150)}`.slice(0, 1024);
    const alert = renderNewAlert(
      reportOf(
        Array.from({ length: 10 }, () => hostile),
        hostile,
      ),
    );
    expect(alert.subject.length).toBeLessThan(100);
    expect(alert.subject).not.toMatch(CONTROL);
    expect(Buffer.byteLength(alert.message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(alert.message).toContain('\\u0000');
    for (const { StringValue } of Object.values(alert.attributes)) {
      expect(StringValue).not.toMatch(CONTROL);
      expect(StringValue).not.toMatch(/[\ud800-\udfff]/);
      expect(StringValue.length).toBeLessThanOrEqual(256);
    }
  });
});

describe('renderDigestAlert', () => {
  it('reports how many more objects failed since the last alert, with samples', () => {
    const alert = renderDigestAlert(reportOf(['a']), {
      newObjects: 41,
      totalObjects: 42,
      since: '2024-09-05T21:10:00.000Z',
      sampleKeys: ['later/key one.txt'],
    });
    expect(alert.subject).toBe('[CRITICAL] S3 replication: 41 more DstPutObjectNotPermitted src-bucket -> dst-bucket');
    expect(alert.message).toContain('41 more object(s) failed since 2024-09-05T21:10:00.000Z; 42 in total');
    expect(alert.message).toContain('later/key one.txt');
    expect(alert.attributes.alertType?.StringValue).toBe('digest');
  });
});

describe('limits', () => {
  it('no subject ever breaks the SNS rules', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        const subject = subjectLine(text);
        expect(subject.length).toBeGreaterThan(0);
        expect(subject.length).toBeLessThan(100);
        expect(subject).not.toMatch(CONTROL);
        expect(subject).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
      { numRuns: 500 },
    );
  });

  it('attribute values are never empty: n/a is "-"', () => {
    expect(attributeValue(undefined)).toBe('-');
    expect(attributeValue('\u0000\n')).toBe('-');
    expect(messageAttributes({ alertType: 'audit' }).failureReason?.StringValue).toBe('-');
  });

  it('boundBytes cuts on a character boundary and marks the cut', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }),
        fc.integer({ min: 80, max: 300 }),
        (text, max) => {
          const input = text.replace(/\ufffd/g, '').repeat(5);
          const bounded = boundBytes(input, max);
          if (Buffer.byteLength(input, 'utf8') <= max) expect(bounded).toBe(input);
          else {
            expect(Buffer.byteLength(bounded, 'utf8')).toBeLessThanOrEqual(max);
            expect(bounded).toContain('[message truncated');
            expect(bounded).not.toContain('\ufffd');
          }
        },
      ),
    );
  });
});
