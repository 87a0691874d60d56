/**
 * What S3 Replication does as the replication role, for one rule: the exact actions on the exact ARNs, with the
 * condition keys its requests carry. Pure; the policy checks judge these against the role's policies (through IAM
 * policy simulation or the pure evaluator) and against the bucket and key policies.
 *
 * - Source bucket: `s3:GetReplicationConfiguration`, `s3:ListBucket`; source objects:
 *   `s3:GetObjectVersionForReplication`, `s3:GetObjectVersionAcl`, `s3:GetObjectVersionTagging`, plus
 *   `s3:GetObjectRetention` and `s3:GetObjectLegalHold` with Object Lock (setting-repl-config-perm-overview.html).
 * - Destination objects: `s3:ReplicateObject`, `s3:ReplicateTags`; `s3:ReplicateDelete` when delete markers
 *   replicate (V2 `DeleteMarkerReplication` Enabled, or a V1 rule); `s3:ObjectOwnerOverrideToBucketOwner` with
 *   `AccessControlTranslation`; `s3:PutObjectRetention` and `s3:PutObjectLegalHold` when the source has Object Lock
 *   (failure reasons `DstPutRetentionNotPermitted`, `DstPutLegalHoldNotPermitted`). A cross-account destination bucket
 *   policy also grants `s3:GetBucketVersioning` and `s3:PutBucketVersioning` in AWS's example (advisory here).
 * - KMS (replication-config-for-kms-objects.html): `kms:Decrypt` on the source key and `kms:Encrypt` +
 *   `kms:GenerateDataKey` on the replica key, through S3 (`kms:ViaService` = `s3.<region>.amazonaws.com`), with
 *   `kms:EncryptionContext:aws:s3:arn` = the object ARN, or the bucket ARN when the object uses an S3 Bucket Key;
 *   with a Bucket Key on the destination the replica key also needs `kms:Decrypt`.
 */
import {
  accountOfArn,
  accountsOf,
  bucketArn,
  regionOfArn,
  ruleField,
  ruleOf,
  rulePrefix,
  ruleSchema,
} from './derive.js';
import {
  type Fact,
  type FactRequest,
  type FactsSnapshot,
  factFor,
  getFact,
  type SimulationContextEntry,
  type UnknownFact,
} from './facts.js';
import { destinationKeyOf } from './rules/destination-kms-key.js';
import { sourceKeyOf } from './rules/source-kms-key.js';
import type { CheckId, CheckSubject, Evidence } from './types.js';

/** Which part of replication a set of permissions serves. */
export type PermissionScope = 'source' | 'destination' | 'source-key' | 'destination-key';

/** One permission replication needs. */
export interface RequiredPermission {
  readonly scope: PermissionScope;
  readonly service: 's3' | 'kms';
  readonly action: string;
  /** The exact ARN: a bucket, an object (or `bucket/prefix*` without an object), or a KMS key. */
  readonly resource: string;
  /** `required`: replication fails without it. `advisory`: AWS's documented setup has it; a gap is a warning. */
  readonly level: 'required' | 'advisory';
  /** Why it is needed, when it depends on the rule, e.g. `DeleteMarkerReplication is Enabled`. */
  readonly because?: string;
  /** Condition keys of the request (for the simulation and the evaluator). */
  readonly context: readonly SimulationContextEntry[];
  /** Judged on the resource policy only (the role's own policy is not known to need it). */
  readonly resourceOnly?: boolean;
}

/** The permissions of one scope, and everything needed to judge them. */
export type ScopePlan =
  | { readonly kind: 'wait'; readonly why: string }
  | { readonly kind: 'none'; readonly why: string; readonly evidence: readonly Evidence[] }
  | {
      readonly kind: 'unknown';
      readonly what: string;
      readonly fact: UnknownFact;
      readonly evidence: Evidence;
    }
  | {
      readonly kind: 'ready';
      readonly scope: PermissionScope;
      readonly roleArn: string;
      readonly roleAccount?: string;
      /** The account that owns the bucket or key, when known. */
      readonly resourceAccount?: string;
      /** Whether the role's account owns the bucket or key; `undefined` when that is not known. */
      readonly sameAccount?: boolean;
      /** `bucket policy of dst` or `key policy of arn:…`. */
      readonly resourceLabel: string;
      /** How the policy's statements are cited: `bucket policy of dst`, `key policy of key/1234…`. */
      readonly policyName: string;
      /** The bucket or key whose policy is the resource side. */
      readonly resourceName: string;
      /** The request for the bucket or key policy (hints included, for reading it). */
      readonly policyRequest: FactRequest;
      readonly permissions: readonly RequiredPermission[];
      /** The encryption context uses the bucket ARN (S3 Bucket Key). Only for key scopes. */
      readonly bucketKey?: boolean;
      readonly evidence: readonly Evidence[];
      readonly notes: readonly string[];
    };

export const SOURCE_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'] as const;
export const SOURCE_OBJECT_ACTIONS = [
  's3:GetObjectVersionForReplication',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging',
] as const;
export const SOURCE_OBJECT_LOCK_ACTIONS = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] as const;
export const DESTINATION_OBJECT_ACTIONS = ['s3:ReplicateObject', 's3:ReplicateTags'] as const;
export const DESTINATION_OBJECT_LOCK_ACTIONS = ['s3:PutObjectRetention', 's3:PutObjectLegalHold'] as const;
export const DESTINATION_BUCKET_ACTIONS = ['s3:GetBucketVersioning', 's3:PutBucketVersioning'] as const;

function entry(name: string, value: string, type = 'string'): SimulationContextEntry {
  return { ContextKeyName: name, ContextKeyValues: [value], ContextKeyType: type };
}

/** `s3.<region>.amazonaws.com` (`.com.cn` in the China partition). */
export function s3ServiceName(region: string, partitionOf?: string): string {
  const partition = partitionOf?.split(':')[1];
  return `s3.${region}.${partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** Condition keys every S3 request of replication carries that the doctor can know. */
function s3Context(sourceAccount: string | undefined, region: string | undefined): SimulationContextEntry[] {
  return [
    // Replication runs over TLS: a bucket policy denying aws:SecureTransport=false does not block it.
    entry('aws:SecureTransport', 'true', 'boolean'),
    ...(sourceAccount ? [entry('aws:SourceAccount', sourceAccount)] : []),
    ...(region ? [entry('aws:RequestedRegion', region)] : []),
  ];
}

function kmsContext(
  keyArn: string,
  encryptionContextArn: string,
  roleAccount: string | undefined,
  sourceAccount: string | undefined,
): SimulationContextEntry[] {
  const region = regionOfArn(keyArn);
  return [
    ...(region ? [entry('kms:ViaService', s3ServiceName(region, keyArn))] : []),
    entry('kms:EncryptionContext:aws:s3:arn', encryptionContextArn),
    ...(roleAccount ? [entry('kms:CallerAccount', roleAccount)] : []),
    entry('aws:SecureTransport', 'true', 'boolean'),
    ...(sourceAccount ? [entry('aws:SourceAccount', sourceAccount)] : []),
    ...(region ? [entry('aws:RequestedRegion', region)] : []),
  ];
}

/** The object ARN a permission is about: the subject's key, or every key under the rule's prefix. */
export function objectArnOf(bucket: string, key: string | undefined, prefix: string): string {
  return `${bucketArn(bucket)}/${key ?? `${prefix}*`}`;
}

function objectLockEnabled(fact: Fact<{ ObjectLockEnabled?: string }>): boolean | undefined {
  if (fact.state === 'ok') return fact.value.ObjectLockEnabled === 'Enabled';
  return fact.state === 'absent' ? false : undefined;
}

type KeyRequest = Extract<FactRequest, { kind: 'key' }> & { fact: 'metadata' };

/** A KMS key's ARN, from its metadata or the configured id when that is a key ARN. */
function keyArnOf(
  keyId: string,
  request: KeyRequest | undefined,
  facts: FactsSnapshot | undefined,
):
  | { readonly arn: string }
  | { readonly absent: string }
  | { readonly unknown: UnknownFact }
  | { readonly wait: true } {
  const meta = request ? facts && getFact(facts, request) : undefined;
  if (meta?.state === 'ok') return { arn: meta.value.Arn };
  if (/^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(keyId)) return { arn: keyId };
  if (meta === undefined) return { wait: true };
  if (meta.state === 'absent') return { absent: meta.code };
  return { unknown: meta };
}

/** A rule's KMS key as `sourceKeyOf` / `destinationKeyOf` find it. */
type KeyLookup =
  | { readonly kind: 'key'; readonly keyId: string; readonly request?: KeyRequest; readonly evidence: Evidence }
  | { readonly kind: 'none'; readonly why: string; readonly evidence: Evidence }
  | { readonly kind: 'unknown'; readonly fact: UnknownFact; readonly what: string; readonly evidence: Evidence };

/**
 * The key found with its ARN, or the plan that stops at it: no key, a key that does not exist (`label`, then the
 * check that reports it), a key not yet described, or one that could not be read.
 */
function resolveKey(
  key: KeyLookup,
  label: string,
  check: CheckId,
  facts: FactsSnapshot | undefined,
):
  | { readonly key: Extract<KeyLookup, { kind: 'key' }>; readonly arn: string }
  | { readonly plan: Exclude<ScopePlan, { kind: 'ready' }> } {
  if (key.kind === 'none') return { plan: { kind: 'none', why: key.why, evidence: [key.evidence] } };
  if (key.kind === 'unknown') {
    return { plan: { kind: 'unknown', what: key.what, fact: key.fact, evidence: key.evidence } };
  }
  const resolved = keyArnOf(key.keyId, key.request, facts);
  if ('wait' in resolved) return { plan: { kind: 'wait', why: `KMS key ${key.keyId} has not been described` } };
  if ('absent' in resolved) {
    return {
      plan: {
        kind: 'none',
        why: `${label} ${key.keyId} does not exist (${resolved.absent}); see ${check}`,
        evidence: [key.evidence],
      },
    };
  }
  if ('unknown' in resolved) {
    return {
      plan: {
        kind: 'unknown',
        what: `KMS key ${key.keyId}`,
        fact: resolved.unknown,
        evidence: { source: 'DescribeKey', field: key.keyId },
      },
    };
  }
  return { key, arn: resolved.arn };
}

/** `sameAccount` when both the owner and the role's account are known. */
function sameAccountAs(owner: string | undefined, roleAccount: string | undefined): { sameAccount?: boolean } {
  return owner !== undefined && roleAccount !== undefined ? { sameAccount: owner === roleAccount } : {};
}

/** The resource side of a key scope: the key's account and its key policy. */
function keyPolicyOf(
  arn: string,
  request: KeyRequest | undefined,
  side: 'source' | 'destination',
  roleAccount: string | undefined,
) {
  const keyAccount = accountOfArn(arn);
  return {
    ...(keyAccount ? { resourceAccount: keyAccount } : {}),
    ...sameAccountAs(keyAccount, roleAccount),
    resourceLabel: `key policy of ${arn}`,
    policyName: `key policy of ${arn.split(':').pop() ?? arn}`,
    resourceName: arn,
    policyRequest: request
      ? { ...request, fact: 'policy' as const }
      : { kind: 'key' as const, keyId: arn, fact: 'policy' as const, side },
  };
}

const sourceFact = <K extends 'location' | 'objectLock' | 'encryption' | 'policy'>(subject: CheckSubject, fact: K) =>
  ({ kind: 'bucket', bucket: subject.sourceBucket, fact, side: 'source' }) as const;
const destinationFact = <K extends 'location' | 'objectLock' | 'encryption' | 'policy'>(
  subject: CheckSubject,
  fact: K,
) => ({ kind: 'bucket', bucket: subject.destinationBucket, fact, side: 'destination' }) as const;

function regionOf(fact: Fact<{ region: string }>): string | undefined {
  return fact.state === 'ok' ? fact.value.region : undefined;
}

/**
 * The facts a scope's permissions depend on (besides the rule): a plan waits for all of them, so that the simulation
 * requests it makes (keyed by their context) are the same in every round and in a replay.
 */
export function scopeInputs(
  scope: PermissionScope,
  subject: CheckSubject,
): Extract<FactRequest, { kind: 'bucket' | 'object' }>[] {
  const head = subject.key
    ? [
        {
          kind: 'object' as const,
          bucket: subject.sourceBucket,
          key: subject.key,
          fact: 'head' as const,
          ...(subject.versionId ? { versionId: subject.versionId } : {}),
        },
      ]
    : [];
  const owner = {
    kind: 'bucket' as const,
    bucket: subject.destinationBucket,
    fact: 'owner' as const,
    side: 'destination' as const,
  };
  switch (scope) {
    case 'source':
      return [sourceFact(subject, 'location'), sourceFact(subject, 'objectLock')];
    case 'destination':
      return [sourceFact(subject, 'objectLock'), destinationFact(subject, 'location'), owner];
    case 'source-key':
      return [sourceFact(subject, 'location'), sourceFact(subject, 'encryption'), ...head];
    case 'destination-key':
      return [destinationFact(subject, 'location'), destinationFact(subject, 'encryption'), owner];
  }
}

/** The permissions replication needs for one scope of the subject's rule. */
export function planScope(scope: PermissionScope, subject: CheckSubject, facts: FactsSnapshot | undefined): ScopePlan {
  const { config, rule } = ruleOf(subject, facts);
  if (!config || !rule) return { kind: 'wait', why: 'the replication rule has not been read' };
  const pending = scopeInputs(scope, subject).filter((r) => facts === undefined || getFact(facts, r) === undefined);
  if (pending.length > 0) return { kind: 'wait', why: `not read yet: ${pending.map((r) => r.fact).join(', ')}` };
  const roleArn = config.Role;
  const roleAccount = accountOfArn(roleArn);
  const accounts = accountsOf(subject, facts);
  const prefix = rulePrefix(rule).prefix;
  const sourceObject = objectArnOf(subject.sourceBucket, subject.key, prefix);
  const destinationObject = objectArnOf(subject.destinationBucket, subject.key, prefix);
  const sourceLock = objectLockEnabled(factFor(facts, sourceFact(subject, 'objectLock')));
  const base = { roleArn, ...(roleAccount ? { roleAccount } : {}) };
  const sameAs = (owner: string | undefined) => sameAccountAs(owner, roleAccount);

  if (scope === 'source' || scope === 'destination') {
    const notes: string[] = [];
    if (sourceLock === undefined) {
      notes.push(
        `Object Lock on ${subject.sourceBucket} could not be read, so the Object Lock permissions were not checked`,
      );
    }
    if (scope === 'source') {
      const context = s3Context(accounts.source, regionOf(factFor(facts, sourceFact(subject, 'location'))));
      const permissions: RequiredPermission[] = [
        ...SOURCE_BUCKET_ACTIONS.map((action) => ({ action, resource: bucketArn(subject.sourceBucket) })),
        ...SOURCE_OBJECT_ACTIONS.map((action) => ({ action, resource: sourceObject })),
        ...(sourceLock
          ? SOURCE_OBJECT_LOCK_ACTIONS.map((action) => ({
              action,
              resource: sourceObject,
              because: `Object Lock is enabled on ${subject.sourceBucket}`,
            }))
          : []),
      ].map((p) => ({ scope, service: 's3' as const, level: 'required' as const, context, ...p }));
      return {
        kind: 'ready',
        scope,
        ...base,
        ...(accounts.source ? { resourceAccount: accounts.source } : {}),
        ...sameAs(accounts.source),
        resourceLabel: `bucket policy of ${subject.sourceBucket}`,
        policyName: `bucket policy of ${subject.sourceBucket}`,
        resourceName: subject.sourceBucket,
        policyRequest: sourceFact(subject, 'policy'),
        permissions,
        evidence: [{ source: 'GetBucketReplication', field: 'Role', value: roleArn }],
        notes,
      };
    }
    const context = s3Context(accounts.source, regionOf(factFor(facts, destinationFact(subject, 'location'))));
    const deletes = rule.DeleteMarkerReplication?.Status === 'Enabled' || ruleSchema(rule) === 'V1';
    const owner = rule.Destination.AccessControlTranslation?.Owner;
    const evidence: Evidence[] = [
      { source: 'GetBucketReplication', field: 'Role', value: roleArn },
      {
        source: 'GetBucketReplication',
        field: ruleField(rule, 'DeleteMarkerReplication.Status'),
        value: rule.DeleteMarkerReplication?.Status ?? `(not set, schema ${ruleSchema(rule)})`,
      },
    ];
    if (owner) {
      evidence.push({
        source: 'GetBucketReplication',
        field: ruleField(rule, 'Destination.AccessControlTranslation.Owner'),
        value: owner,
      });
    }
    const permissions: RequiredPermission[] = [
      ...DESTINATION_OBJECT_ACTIONS.map((action) => ({ action, resource: destinationObject })),
      ...(deletes
        ? [
            {
              action: 's3:ReplicateDelete',
              resource: destinationObject,
              because:
                ruleSchema(rule) === 'V1'
                  ? 'the V1 rule replicates delete markers'
                  : 'DeleteMarkerReplication is Enabled',
            },
          ]
        : []),
      ...(owner
        ? [
            {
              action: 's3:ObjectOwnerOverrideToBucketOwner',
              resource: destinationObject,
              because: `the rule sets AccessControlTranslation (Owner ${owner})`,
            },
          ]
        : []),
      ...(sourceLock
        ? DESTINATION_OBJECT_LOCK_ACTIONS.map((action) => ({
            action,
            resource: destinationObject,
            because: `Object Lock is enabled on ${subject.sourceBucket}`,
          }))
        : []),
    ].map((p) => ({ scope, service: 's3' as const, level: 'required' as const, context, ...p }));
    if (accounts.crossAccount === true) {
      for (const action of DESTINATION_BUCKET_ACTIONS) {
        permissions.push({
          scope,
          service: 's3',
          action,
          resource: bucketArn(subject.destinationBucket),
          level: 'advisory',
          because: 'AWS grants it in the cross-account destination bucket policy',
          context,
          resourceOnly: true,
        });
      }
    }
    return {
      kind: 'ready',
      scope,
      ...base,
      ...(accounts.destination ? { resourceAccount: accounts.destination } : {}),
      ...(accounts.crossAccount === undefined ? {} : { sameAccount: !accounts.crossAccount }),
      resourceLabel: `bucket policy of ${subject.destinationBucket}`,
      policyName: `bucket policy of ${subject.destinationBucket}`,
      resourceName: subject.destinationBucket,
      policyRequest: {
        ...destinationFact(subject, 'policy'),
        ...(rule.Destination.Account ? { ownerHint: rule.Destination.Account } : {}),
      },
      permissions,
      evidence: [...evidence, ...accounts.evidence],
      notes,
    };
  }

  if (scope === 'source-key') {
    const selection = rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status;
    const selectionEvidence: Evidence = {
      source: 'GetBucketReplication',
      field: ruleField(rule, 'SourceSelectionCriteria.SseKmsEncryptedObjects.Status'),
      value: selection ?? '(not set)',
    };
    if (selection !== 'Enabled') {
      return {
        kind: 'none',
        why: `rule "${rule.ID ?? '?'}" does not replicate SSE-KMS objects, so S3 never uses the source key`,
        evidence: [selectionEvidence],
      };
    }
    const resolved = resolveKey(sourceKeyOf(subject, facts), 'source key', 'source-kms-key', facts);
    if ('plan' in resolved) return resolved.plan;
    const { key } = resolved;
    const headRequest = subject.key
      ? {
          kind: 'object' as const,
          bucket: subject.sourceBucket,
          key: subject.key,
          fact: 'head' as const,
          ...(subject.versionId ? { versionId: subject.versionId } : {}),
        }
      : undefined;
    const head = headRequest ? factFor(facts, headRequest) : undefined;
    const encryption = factFor(facts, sourceFact(subject, 'encryption'));
    const bucketKey =
      head?.state === 'ok'
        ? head.value.BucketKeyEnabled === true
        : encryption.state === 'ok' && encryption.value.Rules[0]?.BucketKeyEnabled === true;
    const contextArn = bucketKey ? bucketArn(subject.sourceBucket) : sourceObject;
    const context = kmsContext(resolved.arn, contextArn, roleAccount, accounts.source);
    return {
      kind: 'ready',
      scope,
      ...base,
      ...keyPolicyOf(resolved.arn, key.request, 'source', roleAccount),
      permissions: [
        {
          scope,
          service: 'kms',
          action: 'kms:Decrypt',
          resource: resolved.arn,
          level: 'required',
          ...(bucketKey ? { because: 'an S3 Bucket Key is used (encryption context = bucket ARN)' } : {}),
          context,
        },
      ],
      bucketKey,
      evidence: [
        selectionEvidence,
        key.evidence,
        {
          source: head?.state === 'ok' ? 'HeadObject' : 'GetBucketEncryption',
          field: 'BucketKeyEnabled',
          value: String(bucketKey),
        },
      ],
      notes: [],
    };
  }

  const destinationKey = destinationKeyOf(subject, facts);
  if (destinationKey.kind === 'wait') return { kind: 'wait', why: 'the destination encryption has not been read' };
  const resolved = resolveKey(destinationKey, 'replica key', 'destination-kms-key', facts);
  if ('plan' in resolved) return resolved.plan;
  const { key } = resolved;
  const encryption = factFor(facts, destinationFact(subject, 'encryption'));
  const bucketKey = encryption.state === 'ok' && encryption.value.Rules[0]?.BucketKeyEnabled === true;
  const notes =
    encryption.state === 'unknown'
      ? [`whether ${subject.destinationBucket} uses an S3 Bucket Key could not be read (assumed not)`]
      : [];
  const contextArn = bucketKey ? bucketArn(subject.destinationBucket) : destinationObject;
  const context = kmsContext(resolved.arn, contextArn, roleAccount, accounts.source);
  const because = bucketKey
    ? `${subject.destinationBucket} uses an S3 Bucket Key (encryption context = bucket ARN)`
    : undefined;
  const actions = ['kms:Encrypt', 'kms:GenerateDataKey', ...(bucketKey ? ['kms:Decrypt'] : [])];
  return {
    kind: 'ready',
    scope,
    ...base,
    ...keyPolicyOf(resolved.arn, key.request, 'destination', roleAccount),
    permissions: actions.map((action) => ({
      scope,
      service: 'kms' as const,
      action,
      resource: resolved.arn,
      level: 'required' as const,
      ...(because ? { because } : {}),
      context,
    })),
    bucketKey,
    evidence: [
      key.evidence,
      {
        source: 'GetBucketEncryption',
        field: `${subject.destinationBucket} BucketKeyEnabled`,
        value: encryption.state === 'ok' ? String(bucketKey) : '(unknown)',
      },
    ],
    notes,
  };
}

/** The simulation requests of a plan: one per (resource, context), with every action on it. */
export function simulationRequests(
  plan: Extract<ScopePlan, { kind: 'ready' }>,
): Extract<FactRequest, { kind: 'simulation' }>[] {
  const groups = new Map<string, Extract<FactRequest, { kind: 'simulation' }>>();
  for (const p of plan.permissions) {
    if (p.resourceOnly) continue;
    const key = `${p.resource}|${JSON.stringify(p.context)}`;
    const group = groups.get(key);
    if (group) groups.set(key, { ...group, actions: [...group.actions, p.action] });
    else
      groups.set(key, {
        kind: 'simulation',
        roleArn: plan.roleArn,
        actions: [p.action],
        resource: p.resource,
        context: p.context,
      });
  }
  return [...groups.values()];
}

/** The simulation request that covers one permission. */
export function simulationRequestFor(
  plan: Extract<ScopePlan, { kind: 'ready' }>,
  permission: RequiredPermission,
): Extract<FactRequest, { kind: 'simulation' }> | undefined {
  const context = JSON.stringify(permission.context);
  return simulationRequests(plan).find(
    (r) =>
      r.resource === permission.resource &&
      r.actions.includes(permission.action) &&
      JSON.stringify(r.context) === context,
  );
}
