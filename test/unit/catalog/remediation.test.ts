import { describe, expect, it } from 'vitest';
import { CATALOG, lookupReason, UNCLASSIFIED } from '../../../lambdas/core/catalog/index.js';
import type { CatalogEntry } from '../../../lambdas/core/catalog/types.js';
import { FULL_CONTEXT, MINIMAL_CONTEXT, PLACEHOLDER, SAME_ACCOUNT_CONTEXT } from './fixtures.js';

const ALL_ENTRIES: readonly CatalogEntry[] = [...CATALOG, UNCLASSIFIED];
const ROLE_ARN = FULL_CONTEXT.roleArn ?? '';
const SOURCE_KEY = FULL_CONTEXT.sourceKmsKeyArn ?? '';
const DESTINATION_KEY = FULL_CONTEXT.destinationKmsKeyArn ?? '';

function remediationText(code: string, ctx = FULL_CONTEXT): string {
  return lookupReason(code).entry.remediation(ctx).join('\n');
}

/** Per code, what the fix must name: the decisive permission or setting, with real values. */
const DECISIVE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['AssumeRoleNotPermitted', ['s3.amazonaws.com', ROLE_ARN, 'update-assume-role-policy', 's3-replication-role']],
  ['DstBucketInvalidRegion', ['get-bucket-location', 'dst-bucket-b', 'eu-west-1', 'us-east-1']],
  ['DstBucketNotFound', ['head-bucket', 'dst-bucket-b', 'create-bucket', 'LocationConstraint=eu-west-1']],
  [
    'DstBucketObjectLockConfigMissing',
    ['put-object-lock-configuration', 'dst-bucket-b', 'ObjectLockEnabled', 's3:GetObjectRetention'],
  ],
  ['DstBucketUnversioned', ['put-bucket-versioning --bucket dst-bucket-b', 'Status=Enabled']],
  ['DstDelObjNotPermitted', ['s3:ReplicateDelete', 'arn:aws:s3:::dst-bucket-b/*', 'DeleteMarkerReplication']],
  [
    'DstKmsKeyInvalidState',
    [DESTINATION_KEY, 'enable-key', 'cancel-key-deletion', '--region eu-west-1', '444455556666'],
  ],
  ['DstKmsKeyNotFound', [DESTINATION_KEY, 'ReplicaKmsKeyID', 'describe-key', 'kms:GenerateDataKey']],
  ['DstMultipartCompleteNotPermitted', ['s3:ReplicateObject', 'arn:aws:s3:::dst-bucket-b/*']],
  ['DstMultipartInitNotPermitted', ['s3:ReplicateObject', 'arn:aws:s3:::dst-bucket-b/*']],
  ['DstMultipartUploadNotPermitted', ['s3:ReplicateObject', 'arn:aws:s3:::dst-bucket-b/*']],
  ['DstObjectHardDeleted', ['copy-object', 'src-bucket-a', 'versionId=abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO']],
  ['DstPutAclNotPermitted', ['s3:ReplicateObject', 'BucketOwnerEnforced', 's3:ObjectOwnerOverrideToBucketOwner']],
  ['DstPutLegalHoldNotPermitted', ['s3:PutObjectLegalHold', 'arn:aws:s3:::dst-bucket-b/*']],
  [
    'DstPutObjectNotPermitted',
    [
      's3:ReplicateObject',
      's3:ObjectOwnerOverrideToBucketOwner',
      'kms:GenerateDataKey',
      DESTINATION_KEY,
      'put-bucket-policy',
    ],
  ],
  ['DstPutRetentionNotPermitted', ['s3:PutObjectRetention', 'arn:aws:s3:::dst-bucket-b/*']],
  ['DstPutTaggingNotPermitted', ['s3:ReplicateTags', 's3:ReplicateObject', 's3:GetObjectVersionTagging']],
  ['DstVersionNotFound', ['copy-object', 'head-object --bucket dst-bucket-b', 'abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO']],
  [
    'InitiateReplicationNotPermitted',
    ['s3:InitiateReplication', 'batchoperations.s3.amazonaws.com', 'arn:aws:s3:::src-bucket-a/*'],
  ],
  ['SrcBucketInvalidRegion', ['get-bucket-location --bucket src-bucket-a', 'AWS_REGION=us-east-1']],
  ['SrcBucketNotFound', ['head-bucket --bucket src-bucket-a']],
  ['SrcBucketReplicationConfigMissing', ['put-bucket-replication', ROLE_ARN, '"ID": "rule-1"', '"Metrics"']],
  ['SrcGetAclNotPermitted', ['s3:GetObjectVersionAcl', 'BucketOwnerEnforced', 'bucket-owner-full-control']],
  ['SrcGetLegalHoldNotPermitted', ['s3:GetObjectLegalHold', 'arn:aws:s3:::src-bucket-a/*']],
  ['SrcGetObjectNotPermitted', ['s3:GetObjectVersionForReplication', 'kms:Decrypt', SOURCE_KEY]],
  ['SrcGetRetentionNotPermitted', ['s3:GetObjectRetention', 'arn:aws:s3:::src-bucket-a/*']],
  ['SrcGetTaggingNotPermitted', ['s3:GetObjectVersionTagging']],
  ['SrcHeadObjectNotPermitted', ['s3:GetObjectVersionForReplication']],
  ['SrcKeyNotFound', ['list-object-versions', 'photos/2024/cat 1.png', 'get-bucket-lifecycle-configuration']],
  ['SrcKmsKeyInvalidState', [SOURCE_KEY, 'enable-key', 'cancel-key-deletion', '--region us-east-1']],
  ['SrcObjectNotEligible', ['GLACIER', 'DEEP_ARCHIVE', 'restore-object', 'case-sensitive', 'SseKmsEncryptedObjects']],
  ['SrcObjectNotFound', ['list-object-versions']],
  ['SrcReplicationNotPending', ['COMPLETED', 'head-object']],
  ['SrcVersionNotFound', ['list-object-versions', 'abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO']],
  ['DstOutOfCapacity', ['OutpostFreeBytes', 'dst-bucket-b']],
];

describe('remediation with a complete context', () => {
  it('has a decisive-content row for every catalog entry', () => {
    expect(DECISIVE.map(([code]) => code).sort()).toEqual(CATALOG.map((e) => e.code).sort());
  });

  it.each(DECISIVE)('%s names the decisive permission or setting', (code, expected) => {
    const text = remediationText(code);
    for (const needle of expected) expect(text, needle).toContain(needle);
  });

  it.each(ALL_ENTRIES.map((e) => [e.code, e] as const))(
    '%s leaves no <placeholder> and uses real names',
    (_code, e) => {
      const text = e.remediation(FULL_CONTEXT).join('\n');

      expect(text).not.toMatch(PLACEHOLDER);
      expect(text.includes('src-bucket-a') || text.includes('dst-bucket-b')).toBe(true);
    },
  );

  it.each(ALL_ENTRIES.map((e) => [e.code, e] as const))('%s returns ordered, non-empty steps', (_code, e) => {
    const result = e.remediation(FULL_CONTEXT);

    expect(result.length).toBeGreaterThan(0);
    for (const s of result) expect(s.trim().length).toBeGreaterThan(20);
  });

  it('prints the role permission statement on the destination objects', () => {
    const text = remediationText('DstPutObjectNotPermitted');

    expect(text).toContain('aws iam put-role-policy --role-name s3-replication-role');
    expect(text).toMatch(/"s3:ReplicateObject",\s+"s3:ReplicateDelete",\s+"s3:ReplicateTags"/);
  });

  it('prints the cross-account destination bucket policy with the role as principal', () => {
    const text = remediationText('DstPutObjectNotPermitted');

    expect(text).toContain(`"AWS": "${ROLE_ARN}"`);
    for (const action of [
      's3:ObjectOwnerOverrideToBucketOwner',
      's3:List*',
      's3:GetBucketVersioning',
      's3:PutBucketVersioning',
    ]) {
      expect(text).toContain(action);
    }
    expect(text).toContain('"Resource": "arn:aws:s3:::dst-bucket-b"');
    expect(text).toContain('in the destination account (444455556666)');
  });

  it('scopes the source key statement to S3 in the source Region and to both encryption contexts', () => {
    const text = remediationText('SrcGetObjectNotPermitted');

    expect(text).toContain('"kms:ViaService": "s3.us-east-1.amazonaws.com"');
    expect(text).toContain('"kms:EncryptionContext:aws:s3:arn"');
    expect(text).toContain('"arn:aws:s3:::src-bucket-a/*"');
    // With S3 Bucket Keys the encryption context is the bucket ARN itself.
    expect(text).toContain('"arn:aws:s3:::src-bucket-a"\n');
  });

  it('warns against aws/s3 for a cross-account destination key', () => {
    expect(remediationText('DstPutObjectNotPermitted')).toContain('aws/s3');
  });

  it('quotes object keys for the shell and URL-encodes the copy source', () => {
    const text = remediationText('DstObjectHardDeleted');

    expect(text).toContain("--key 'photos/2024/cat 1.png'");
    expect(text).toContain(
      "--copy-source 'src-bucket-a/photos/2024/cat%201.png?versionId=abcdeH0Xp66ep__QDjR76LK7Gc9X4wKO'",
    );
  });
});

describe('remediation with missing context values', () => {
  it('renders the role as a placeholder when the role ARN is unknown', () => {
    const text = remediationText('AssumeRoleNotPermitted', MINIMAL_CONTEXT);

    expect(text).toContain('<replication-role-arn>');
    expect(text).toContain("--role-name '<replication-role-name>'");
  });

  it('renders the destination key as a placeholder for DstKmsKeyInvalidState', () => {
    const text = remediationText('DstKmsKeyInvalidState', MINIMAL_CONTEXT);

    expect(text).toContain('<destination-kms-key-arn>');
    expect(text).toContain('<destination-region>');
  });

  it('renders the object as placeholders when key and version are unknown', () => {
    const text = remediationText('DstObjectHardDeleted', MINIMAL_CONTEXT);

    expect(text).toContain('<object-key>');
    expect(text).toContain('<version-id>');
  });

  it('keeps real values beside placeholders', () => {
    const text = remediationText('DstBucketUnversioned', MINIMAL_CONTEXT);

    expect(text).toContain('put-bucket-versioning --bucket dst-bucket-b');
  });

  it('describes the KMS fix in words, without a key placeholder, when no destination key is known', () => {
    const text = remediationText('DstPutObjectNotPermitted', { ...FULL_CONTEXT, destinationKmsKeyArn: undefined });

    expect(text).toContain('kms:GenerateDataKey');
    expect(text).not.toMatch(PLACEHOLDER);
  });

  it('asks for the bucket policy only conditionally when the accounts are unknown', () => {
    const text = remediationText('DstPutObjectNotPermitted', MINIMAL_CONTEXT);

    expect(text).toContain('If the destination bucket dst-bucket-b is owned by another account');
  });

  it('treats blank strings as unknown', () => {
    const text = remediationText('AssumeRoleNotPermitted', { ...MINIMAL_CONTEXT, roleArn: '  ' });

    expect(text).toContain('<replication-role-arn>');
  });
});

describe('remediation for same-account replication', () => {
  it('omits the destination bucket policy and the owner override', () => {
    const text = remediationText('DstPutObjectNotPermitted', SAME_ACCOUNT_CONTEXT);

    expect(text).not.toContain('put-bucket-policy');
    expect(text).not.toContain('AccessControlTranslation');
    expect(text).toContain('s3:ReplicateObject');
  });
});

describe('the closing redrive step', () => {
  const WITHOUT_REDRIVE = new Set([
    'DstObjectHardDeleted',
    'DstVersionNotFound',
    'SrcReplicationNotPending',
    'SrcBucketNotFound',
    'SrcBucketInvalidRegion',
    'DstBucketInvalidRegion',
    'InitiateReplicationNotPermitted',
    'DstOutOfCapacity',
  ]);

  it.each(CATALOG.filter((e) => !WITHOUT_REDRIVE.has(e.code)).map((e) => [e.code, e] as const))(
    '%s ends by redriving FAILED objects with Batch Replication and keeping metrics on',
    (_code, e) => {
      const last = e.remediation(FULL_CONTEXT).at(-1) ?? '';

      expect(last).toContain('S3 never retries them');
      expect(last).toContain('Batch Replication');
      expect(last).toContain('replication-doctor redrive src-bucket-a --rule rule-1');
      expect(last).toContain('replication metrics enabled');
      expect(last).toContain('replication-doctor enable-metrics src-bucket-a --rule rule-1');
    },
  );

  it('tells DstObjectHardDeleted and DstVersionNotFound to copy in place, since Batch Replication cannot help', () => {
    for (const code of ['DstObjectHardDeleted', 'DstVersionNotFound']) {
      const text = remediationText(code);
      expect(text).toContain('copy-object');
      expect(text).not.toContain('replication-doctor redrive');
    }
  });

  it('re-runs the Batch Replication job for the batch-only codes', () => {
    for (const code of ['SrcBucketInvalidRegion', 'DstBucketInvalidRegion', 'InitiateReplicationNotPermitted']) {
      expect(remediationText(code)).toContain('replication-doctor redrive src-bucket-a --rule rule-1');
    }
  });
});

describe('inline role policies across entries', () => {
  it('never gives two different documents the same policy name, so one fix cannot overwrite another', () => {
    const byName = new Map<string, string>();
    const command = /aws iam put-role-policy --role-name \S+ --policy-name (\S+) --policy-document '([^']*)'/g;
    for (const e of ALL_ENTRIES) {
      for (const match of e.remediation(FULL_CONTEXT).join('\n').matchAll(command)) {
        const [, name = '', document = ''] = match;
        const seen = byName.get(name);
        if (seen === undefined) byName.set(name, document);
        else expect(document, `${e.code}: ${name}`).toBe(seen);
      }
    }
    expect(byName.size).toBeGreaterThan(3);
  });
});
