/**
 * S3 fact readers: one function per API, each turning the SDK's answer (or error) into a {@link Fact}.
 * They never throw; errors are mapped in `aws-errors.ts`.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type ReplicationRule,
  type S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import {
  absent,
  type BucketLocationFact,
  type EncryptionFact,
  type Fact,
  type ObjectHeadFact,
  type ObjectLockFact,
  type OwnershipFact,
  ok,
  type ReplicationConfigFact,
  type ReplicationRuleFact,
  type TagFact,
  unknown,
  type VersioningFact,
} from '../checks/facts.js';
import {
  type AwsCall,
  bucketRegionFromError,
  classifyAwsError,
  factFromError,
  httpStatusOf,
  isDeleteMarkerError,
} from './aws-errors.js';
import type { ReadCounter } from './facts-clients.js';

/** Drops `undefined` members so that facts serialise and compare cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function iso(date: Date | undefined): string | undefined {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

async function read<T>(
  counter: ReadCounter,
  call: AwsCall,
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  counter.count(call.api);
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The result of one HeadBucket. */
export type HeadBucketAnswer =
  | { readonly kind: 'ok'; readonly region?: string }
  | { readonly kind: 'forbidden'; readonly region?: string }
  | { readonly kind: 'redirect'; readonly region: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'failed'; readonly fact: Extract<Fact<never>, { state: 'unknown' }> };

/** One `HeadBucket`, optionally with `ExpectedBucketOwner` (S3 answers 403 when another account owns the bucket). */
export async function headBucket(
  client: S3Client,
  bucket: string,
  counter: ReadCounter,
  expectedOwner?: string,
): Promise<HeadBucketAnswer> {
  const call: AwsCall = { api: 'HeadBucket', action: 's3:ListBucket', resource: bucket, notFoundCode: 'NoSuchBucket' };
  const answer = await read(counter, call, () =>
    client.send(
      new HeadBucketCommand({ Bucket: bucket, ...(expectedOwner ? { ExpectedBucketOwner: expectedOwner } : {}) }),
    ),
  );
  if (answer.ok) return compact({ kind: 'ok' as const, region: answer.value.BucketRegion });
  const region = bucketRegionFromError(answer.error);
  const kind = classifyAwsError(answer.error);
  if (kind === 'not-found') return { kind: 'not-found' };
  if (region && (kind === 'redirect' || kind === 'bad-request')) return { kind: 'redirect', region };
  if (kind === 'access-denied') return compact({ kind: 'forbidden' as const, region });
  const fact = factFromError(answer.error, call);
  return fact.state === 'absent' ? { kind: 'not-found' } : { kind: 'failed', fact };
}

/**
 * Existence and Region of a bucket. Asks the home-Region client first; when S3 redirects (the bucket lives elsewhere)
 * asks again in the bucket's Region. A 403 still proves the bucket exists, and carries its Region.
 */
export async function readBucketLocation(
  clientFor: (region?: string) => S3Client,
  bucket: string,
  counter: ReadCounter,
): Promise<Fact<BucketLocationFact>> {
  const home = clientFor();
  let answer = await headBucket(home, bucket, counter);
  if (answer.kind === 'redirect') answer = await headBucket(clientFor(answer.region), bucket, counter);
  const fallbackRegion = async () => {
    try {
      return await home.config.region();
    } catch {
      return undefined;
    }
  };
  switch (answer.kind) {
    case 'ok': {
      const region = answer.region ?? (await fallbackRegion());
      return region ? ok({ region, accessible: true }) : unknown(`HeadBucket on ${bucket} returned no Region`);
    }
    case 'forbidden':
      return answer.region
        ? ok({ region: answer.region, accessible: false })
        : unknown(`HeadBucket on ${bucket} was denied (403): the doctor lacks s3:ListBucket`, 's3:ListBucket');
    case 'redirect':
      return ok({ region: answer.region, accessible: false });
    case 'not-found':
      return absent('NoSuchBucket');
    case 'failed':
      return answer.fact;
  }
}

function tag(t: Tag): TagFact {
  return { Key: t.Key ?? '', Value: t.Value ?? '' };
}

function rule(r: ReplicationRule): ReplicationRuleFact {
  const d = r.Destination;
  const filter = r.Filter;
  return compact({
    ID: r.ID,
    Priority: r.Priority,
    Status: r.Status ?? 'Disabled',
    Prefix: r.Prefix,
    Filter: filter
      ? compact({
          Prefix: filter.Prefix,
          Tag: filter.Tag ? tag(filter.Tag) : undefined,
          And: filter.And ? compact({ Prefix: filter.And.Prefix, Tags: filter.And.Tags?.map(tag) }) : undefined,
        })
      : undefined,
    DeleteMarkerReplication: r.DeleteMarkerReplication
      ? compact({ Status: r.DeleteMarkerReplication.Status })
      : undefined,
    SourceSelectionCriteria: r.SourceSelectionCriteria
      ? compact({
          SseKmsEncryptedObjects: r.SourceSelectionCriteria.SseKmsEncryptedObjects
            ? compact({ Status: r.SourceSelectionCriteria.SseKmsEncryptedObjects.Status })
            : undefined,
          ReplicaModifications: r.SourceSelectionCriteria.ReplicaModifications
            ? compact({ Status: r.SourceSelectionCriteria.ReplicaModifications.Status })
            : undefined,
        })
      : undefined,
    ExistingObjectReplication: r.ExistingObjectReplication
      ? compact({ Status: r.ExistingObjectReplication.Status })
      : undefined,
    Destination: compact({
      Bucket: d?.Bucket ?? '',
      Account: d?.Account,
      StorageClass: d?.StorageClass,
      AccessControlTranslation: d?.AccessControlTranslation
        ? compact({ Owner: d.AccessControlTranslation.Owner })
        : undefined,
      EncryptionConfiguration: d?.EncryptionConfiguration
        ? compact({ ReplicaKmsKeyID: d.EncryptionConfiguration.ReplicaKmsKeyID })
        : undefined,
      Metrics: d?.Metrics
        ? compact({
            Status: d.Metrics.Status,
            EventThreshold: d.Metrics.EventThreshold
              ? compact({ Minutes: d.Metrics.EventThreshold.Minutes })
              : undefined,
          })
        : undefined,
      ReplicationTime: d?.ReplicationTime
        ? compact({
            Status: d.ReplicationTime.Status,
            Time: d.ReplicationTime.Time ? compact({ Minutes: d.ReplicationTime.Time.Minutes }) : undefined,
          })
        : undefined,
    }),
  });
}

/** `GetBucketReplication`. */
export async function readReplication(
  client: S3Client,
  bucket: string,
  counter: ReadCounter,
): Promise<Fact<ReplicationConfigFact>> {
  const call: AwsCall = { api: 'GetBucketReplication', action: 's3:GetReplicationConfiguration', resource: bucket };
  const answer = await read(counter, call, () => client.send(new GetBucketReplicationCommand({ Bucket: bucket })));
  if (!answer.ok) return factFromError(answer.error, call);
  const config = answer.value.ReplicationConfiguration;
  if (!config) return absent('ReplicationConfigurationNotFoundError');
  return ok({ Role: config.Role ?? '', Rules: (config.Rules ?? []).map(rule) });
}

/** `GetBucketVersioning` (owner only). */
export async function readVersioning(
  client: S3Client,
  bucket: string,
  counter: ReadCounter,
): Promise<Fact<VersioningFact>> {
  const call: AwsCall = { api: 'GetBucketVersioning', action: 's3:GetBucketVersioning', resource: bucket };
  const answer = await read(counter, call, () => client.send(new GetBucketVersioningCommand({ Bucket: bucket })));
  if (!answer.ok) return factFromError(answer.error, call);
  return ok(compact({ Status: answer.value.Status, MFADelete: answer.value.MFADelete }));
}

/** `GetObjectLockConfiguration`; no configuration → `absent`. */
export async function readObjectLock(
  client: S3Client,
  bucket: string,
  counter: ReadCounter,
): Promise<Fact<ObjectLockFact>> {
  const call: AwsCall = {
    api: 'GetObjectLockConfiguration',
    action: 's3:GetBucketObjectLockConfiguration',
    resource: bucket,
  };
  const answer = await read(counter, call, () =>
    client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })),
  );
  if (!answer.ok) return factFromError(answer.error, call);
  const config = answer.value.ObjectLockConfiguration;
  if (!config) return absent('ObjectLockConfigurationNotFoundError');
  const retention = config.Rule?.DefaultRetention;
  return ok(
    compact({
      ObjectLockEnabled: config.ObjectLockEnabled,
      Rule: retention
        ? { DefaultRetention: compact({ Mode: retention.Mode, Days: retention.Days, Years: retention.Years }) }
        : undefined,
    }),
  );
}

/** `GetBucketOwnershipControls`; no setting → `absent` (`OwnershipControlsNotFoundError`). */
export async function readOwnership(
  client: S3Client,
  bucket: string,
  counter: ReadCounter,
): Promise<Fact<OwnershipFact>> {
  const call: AwsCall = {
    api: 'GetBucketOwnershipControls',
    action: 's3:GetBucketOwnershipControls',
    resource: bucket,
  };
  const answer = await read(counter, call, () =>
    client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })),
  );
  if (!answer.ok) return factFromError(answer.error, call);
  const first = answer.value.OwnershipControls?.Rules?.[0];
  if (!first) return absent('OwnershipControlsNotFoundError');
  return ok(compact({ ObjectOwnership: first.ObjectOwnership }));
}

/** `GetBucketEncryption`, including `BlockedEncryptionTypes`. */
export async function readEncryption(
  client: S3Client,
  bucket: string,
  counter: ReadCounter,
): Promise<Fact<EncryptionFact>> {
  const call: AwsCall = { api: 'GetBucketEncryption', action: 's3:GetEncryptionConfiguration', resource: bucket };
  const answer = await read(counter, call, () => client.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
  if (!answer.ok) return factFromError(answer.error, call);
  const rules = answer.value.ServerSideEncryptionConfiguration?.Rules;
  if (!rules) return absent('ServerSideEncryptionConfigurationNotFoundError');
  return ok({
    Rules: rules.map((r) =>
      compact({
        SSEAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
        KMSMasterKeyID: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
        BucketKeyEnabled: r.BucketKeyEnabled,
        BlockedEncryptionTypes: r.BlockedEncryptionTypes?.EncryptionType,
      }),
    ),
  });
}

/** `GetBucketPolicy` as raw JSON; none → `absent` (`NoSuchBucketPolicy`); another account's bucket → 405 → `unknown`. */
export async function readBucketPolicy(client: S3Client, bucket: string, counter: ReadCounter): Promise<Fact<string>> {
  const call: AwsCall = { api: 'GetBucketPolicy', action: 's3:GetBucketPolicy', resource: bucket };
  const answer = await read(counter, call, () => client.send(new GetBucketPolicyCommand({ Bucket: bucket })));
  if (!answer.ok) return factFromError(answer.error, call);
  return answer.value.Policy ? ok(answer.value.Policy) : absent('NoSuchBucketPolicy');
}

function head(output: HeadObjectCommandOutput): ObjectHeadFact {
  return compact({
    VersionId: output.VersionId,
    DeleteMarker: output.DeleteMarker,
    ReplicationStatus: output.ReplicationStatus,
    StorageClass: output.StorageClass,
    ArchiveStatus: output.ArchiveStatus,
    Restore: output.Restore,
    ServerSideEncryption: output.ServerSideEncryption,
    SSEKMSKeyId: output.SSEKMSKeyId,
    BucketKeyEnabled: output.BucketKeyEnabled,
    SSECustomerAlgorithm: output.SSECustomerAlgorithm,
    ObjectLockMode: output.ObjectLockMode,
    ObjectLockRetainUntilDate: iso(output.ObjectLockRetainUntilDate),
    ObjectLockLegalHoldStatus: output.ObjectLockLegalHoldStatus,
    LastModified: iso(output.LastModified),
    ContentLength: output.ContentLength,
  });
}

/**
 * `HeadObject` of one version. A version that is a delete marker answers 405 with `x-amz-delete-marker: true`: that
 * reads as `DeleteMarker: true`. A 400 usually means an SSE-C object (HEAD needs the customer key).
 */
export async function readObjectHead(
  client: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
  counter: ReadCounter,
): Promise<Fact<ObjectHeadFact>> {
  const call: AwsCall = {
    api: 'HeadObject',
    action: versionId ? 's3:GetObjectVersion' : 's3:GetObject',
    resource: `s3://${bucket}/${key}`,
    notFoundCode: versionId ? 'NoSuchVersion' : 'NoSuchKey',
  };
  const answer = await read(counter, call, () =>
    client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) })),
  );
  if (answer.ok) return ok(head(answer.value));
  const status = httpStatusOf(answer.error);
  if (status === 405 || (status !== 404 && isDeleteMarkerError(answer.error))) {
    return ok(compact({ VersionId: versionId, DeleteMarker: true }));
  }
  if (status === 400) {
    return unknown(
      `HeadObject on s3://${bucket}/${key} was rejected (400): the object is probably SSE-C encrypted, and HEAD needs the customer key`,
    );
  }
  if (classifyAwsError(answer.error) === 'access-denied') {
    return unknown(
      `HeadObject on s3://${bucket}/${key} was denied (403): the doctor lacks ${call.action} (or s3:ListBucket, when the key does not exist)`,
      call.action,
    );
  }
  return factFromError(answer.error, call);
}

/** `GetObjectTagging` of one version. */
export async function readObjectTags(
  client: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
  counter: ReadCounter,
): Promise<Fact<readonly TagFact[]>> {
  const call: AwsCall = {
    api: 'GetObjectTagging',
    action: versionId ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging',
    resource: `s3://${bucket}/${key}`,
    notFoundCode: versionId ? 'NoSuchVersion' : 'NoSuchKey',
  };
  const answer = await read(counter, call, () =>
    client.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    ),
  );
  if (!answer.ok) {
    const fact = factFromError(answer.error, call);
    // An object without tags reads as an empty tag set, not as "absent".
    return fact.state === 'absent' && fact.code === 'NoSuchTagSet' ? ok([]) : fact;
  }
  return ok((answer.value.TagSet ?? []).map(tag));
}
