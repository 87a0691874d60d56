import { describe, expect, it } from 'vitest';
import { planScope, simulationRequests } from '../../../lambdas/checks/replication-permissions.js';
import {
  DST,
  DST_ACCOUNT,
  DST_KEY_ARN,
  dst,
  healthyFacts,
  put,
  rule,
  SRC,
  SRC_KEY_ARN,
  src,
  subject,
  withRule,
} from '../../fixtures/facts/healthy.js';

function ready(plan: ReturnType<typeof planScope>) {
  if (plan.kind !== 'ready') throw new Error(`plan is ${plan.kind}: ${'why' in plan ? plan.why : ''}`);
  return plan;
}

describe('planScope', () => {
  it('lists the source actions on the exact bucket and object ARNs, with the context S3 requests carry', () => {
    const plan = ready(planScope('source', subject(), healthyFacts()));
    expect(plan.permissions.map((p) => `${p.action} ${p.resource}`)).toEqual([
      `s3:GetReplicationConfiguration arn:aws:s3:::${SRC}`,
      `s3:ListBucket arn:aws:s3:::${SRC}`,
      `s3:GetObjectVersionForReplication arn:aws:s3:::${SRC}/logs/2026/01/app.log`,
      `s3:GetObjectVersionAcl arn:aws:s3:::${SRC}/logs/2026/01/app.log`,
      `s3:GetObjectVersionTagging arn:aws:s3:::${SRC}/logs/2026/01/app.log`,
    ]);
    expect(plan.permissions[0]?.context).toEqual([
      { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
      { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['111122223333'], ContextKeyType: 'string' },
      { ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['us-east-1'], ContextKeyType: 'string' },
    ]);
    expect(plan.sameAccount).toBe(true);
    expect(simulationRequests(plan).map((r) => [r.resource, r.actions.length])).toEqual([
      [`arn:aws:s3:::${SRC}`, 2],
      [`arn:aws:s3:::${SRC}/logs/2026/01/app.log`, 3],
    ]);
  });

  it('covers every key under the rule prefix without an object', () => {
    const plan = ready(planScope('destination', subject({ key: undefined, versionId: undefined }), healthyFacts()));
    expect(plan.permissions[0]?.resource).toBe(`arn:aws:s3:::${DST}/logs/*`);
  });

  it('adds delete, owner override, Object Lock and (across accounts, advisory) versioning grants', () => {
    const facts = withRule({
      DeleteMarkerReplication: { Status: 'Enabled' },
      Destination: { ...rule().Destination, Account: DST_ACCOUNT, AccessControlTranslation: { Owner: 'Destination' } },
    });
    put(facts, src('objectLock'), { state: 'ok', value: { ObjectLockEnabled: 'Enabled' } });
    const plan = ready(planScope('destination', subject(), facts));
    expect(plan.permissions.map((p) => [p.action, p.level])).toEqual([
      ['s3:ReplicateObject', 'required'],
      ['s3:ReplicateTags', 'required'],
      ['s3:ReplicateDelete', 'required'],
      ['s3:ObjectOwnerOverrideToBucketOwner', 'required'],
      ['s3:PutObjectRetention', 'required'],
      ['s3:PutObjectLegalHold', 'required'],
      ['s3:GetBucketVersioning', 'advisory'],
      ['s3:PutBucketVersioning', 'advisory'],
    ]);
    expect(plan.sameAccount).toBe(false);
    expect(simulationRequests(plan)[0]?.actions).toHaveLength(6);
  });

  it('uses the bucket ARN as encryption context with a Bucket Key, and kms:ViaService of the key Region', () => {
    const source = ready(planScope('source-key', subject(), healthyFacts()));
    expect(source.permissions.map((p) => p.action)).toEqual(['kms:Decrypt']);
    expect(source.resourceName).toBe(SRC_KEY_ARN);
    expect(source.bucketKey).toBe(true);
    expect(source.permissions[0]?.context).toEqual(
      expect.arrayContaining([
        {
          ContextKeyName: 'kms:ViaService',
          ContextKeyValues: ['s3.us-east-1.amazonaws.com'],
          ContextKeyType: 'string',
        },
        {
          ContextKeyName: 'kms:EncryptionContext:aws:s3:arn',
          ContextKeyValues: [`arn:aws:s3:::${SRC}`],
          ContextKeyType: 'string',
        },
        { ContextKeyName: 'kms:CallerAccount', ContextKeyValues: ['111122223333'], ContextKeyType: 'string' },
      ]),
    );
    const destination = ready(planScope('destination-key', subject(), healthyFacts()));
    expect(destination.permissions.map((p) => p.action)).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(destination.permissions[0]?.context).toContainEqual({
      ContextKeyName: 'kms:EncryptionContext:aws:s3:arn',
      ContextKeyValues: [`arn:aws:s3:::${DST}/logs/2026/01/app.log`],
      ContextKeyType: 'string',
    });
    expect(destination.resourceName).toBe(DST_KEY_ARN);
  });

  it('waits until the facts it depends on are read, so its simulation requests never change', () => {
    const facts = healthyFacts();
    delete facts.buckets[DST]?.location;
    expect(planScope('destination', subject(), facts)).toMatchObject({ kind: 'wait' });
    expect(dst('location').fact).toBe('location');
  });

  it('needs no source key when the rule does not replicate SSE-KMS objects', () => {
    const plan = planScope('source-key', subject(), withRule({ SourceSelectionCriteria: undefined }));
    expect(plan).toMatchObject({ kind: 'none' });
  });
});
