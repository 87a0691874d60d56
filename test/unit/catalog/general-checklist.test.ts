import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../../lambdas/checks/types.js';
import { GENERAL_CHECKLIST, lookupReason, UNCLASSIFIED } from '../../../lambdas/core/catalog/index.js';
import { FULL_CONTEXT, MINIMAL_CONTEXT, PLACEHOLDER } from './fixtures.js';

/** SPEC "Failure catalog": every item of the troubleshooting checklist, by keyword. */
const CHECKLIST_KEYWORDS = [
  's3.amazonaws.com',
  's3:ReplicateObject',
  's3:ReplicateTags',
  's3:ReplicateDelete',
  's3:ObjectOwnerOverrideToBucketOwner',
  'GetBucketVersioning',
  'PutBucketVersioning',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'aws/s3',
  'Bucket Key',
  'kms:EncryptionContext:aws:s3:arn',
  'BucketOwnerEnforced',
  'AccessControlTranslation',
  'Deny',
  'permissions boundary',
  'SCP',
  'RCP',
  'DeleteMarkerReplication',
  'metrics',
  'Object Lock',
  'Batch Replication',
  'case-sensitive',
  'tags must be present when the object is created',
  'GLACIER',
  'DEEP_ARCHIVE',
  'Intelligent-Tiering',
  'Versioning',
] as const;

describe('GENERAL_CHECKLIST', () => {
  const text = GENERAL_CHECKLIST.map((item) => item.text).join('\n');

  it.each(CHECKLIST_KEYWORDS)('mentions %s', (keyword) => {
    expect(text).toContain(keyword);
  });

  it('covers existing objects before anything else', () => {
    expect(GENERAL_CHECKLIST[0]?.text).toMatch(/existing objects/i);
  });

  it('reaches every check a diagnosis can run', () => {
    const reached = new Set(GENERAL_CHECKLIST.flatMap((item) => item.checks));
    for (const id of CHECK_IDS) expect(reached.has(id), id).toBe(true);
  });
});

describe('the unclassified entry', () => {
  it('is what an unknown code resolves to, with the checklist as its causes', () => {
    const lookup = lookupReason('SomethingNew');

    expect(lookup.entry).toBe(UNCLASSIFIED);
    expect(UNCLASSIFIED.causes).toBe(GENERAL_CHECKLIST);
    expect(UNCLASSIFIED.checks).toEqual(expect.arrayContaining([...CHECK_IDS]));
  });

  it('turns the checklist into filled-in steps', () => {
    const text = UNCLASSIFIED.remediation(FULL_CONTEXT).join('\n');

    for (const keyword of [
      's3.amazonaws.com',
      's3:ReplicateObject',
      's3:ReplicateDelete',
      's3:ReplicateTags',
      's3:ObjectOwnerOverrideToBucketOwner',
      's3:GetBucketVersioning',
      'put-bucket-versioning --bucket src-bucket-a',
      'put-bucket-versioning --bucket dst-bucket-b',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'aws/s3',
      'BucketOwnerEnforced',
      'Deny',
      'Object Lock',
      'GLACIER',
      'Batch Replication',
      'replication-doctor check-bucket src-bucket-a',
      'replication-doctor enable-metrics src-bucket-a --rule rule-1',
    ]) {
      expect(text, keyword).toContain(keyword);
    }
    expect(text).not.toMatch(PLACEHOLDER);
  });

  it('still explains KMS in words when no key is known', () => {
    const text = UNCLASSIFIED.remediation(MINIMAL_CONTEXT).join('\n');

    expect(text).toContain('SseKmsEncryptedObjects');
    expect(text).not.toContain('<source-kms-key-arn>');
    expect(text).not.toContain('<destination-kms-key-arn>');
  });
});
