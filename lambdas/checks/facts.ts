/**
 * The facts model: what the doctor read from the account, as plain JSON-serialisable data.
 *
 * Adapters (`lambdas/adapters`) fill a {@link FactsSnapshot} through the {@link FactsReader} port; checks judge it
 * without any I/O. The CLI can save a snapshot (`--save-facts`) and replay it (`--facts`) with the snapshot reader.
 * Field names inside fact values follow the AWS API (`Status`, `ReplicationStatus`, …) so that evidence names the
 * field exactly as the API documentation does. Timestamps are ISO 8601 strings.
 */

/** One fact as read: a value, a documented "does not exist" answer, or why it could not be read. */
export type Fact<T> =
  | { readonly state: 'ok'; readonly value: T }
  /** The resource or setting does not exist; `code` is the AWS error code that said so, e.g. `NoSuchBucket`. */
  | { readonly state: 'absent'; readonly code: string }
  /** Could not be decided: no permission, another account, no network. `missingPermission` names the doctor's own
   * missing IAM action, e.g. `s3:GetBucketPolicy`. */
  | { readonly state: 'unknown'; readonly reason: string; readonly missingPermission?: string };

export type OkFact<T> = Extract<Fact<T>, { state: 'ok' }>;
export type AbsentFact = Extract<Fact<never>, { state: 'absent' }>;
export type UnknownFact = Extract<Fact<never>, { state: 'unknown' }>;

/** Builds an `ok` fact. */
export function ok<T>(value: T): Fact<T> {
  return { state: 'ok', value };
}

/** Builds an `absent` fact. */
export function absent(code: string): AbsentFact {
  return { state: 'absent', code };
}

/** Builds an `unknown` fact. */
export function unknown(reason: string, missingPermission?: string): UnknownFact {
  return missingPermission === undefined
    ? { state: 'unknown', reason }
    : { state: 'unknown', reason, missingPermission };
}

// ---------------------------------------------------------------------------------------------------------------
// Fact values
// ---------------------------------------------------------------------------------------------------------------

export interface TagFact {
  readonly Key: string;
  readonly Value: string;
}

/** `HeadBucket`: the bucket exists (a 403 still proves it exists) and its Region. */
export interface BucketLocationFact {
  /** `BucketRegion` (header `x-amz-bucket-region`). */
  readonly region: string;
  /** `false` when HeadBucket answered 403: the bucket exists but the doctor may not read it. */
  readonly accessible: boolean;
}

/** Who owns a bucket, as far as the doctor can tell. */
export interface BucketOwnerFact {
  /** The owning account, when known. */
  readonly account?: string;
  /** An account that is known NOT to own the bucket (HeadBucket with `ExpectedBucketOwner` was refused). */
  readonly notAccount?: string;
  /** The destination read role that could read the bucket, when one was used. */
  readonly readRoleArn?: string;
  /** How the owner was decided, for evidence, e.g. `Destination.Account` or `HeadBucket ExpectedBucketOwner`. */
  readonly decidedBy: string;
}

export interface ReplicationRuleFilterFact {
  readonly Prefix?: string;
  readonly Tag?: TagFact;
  readonly And?: { readonly Prefix?: string; readonly Tags?: readonly TagFact[] };
}

export interface ReplicationDestinationFact {
  /** Bucket ARN. */
  readonly Bucket: string;
  readonly Account?: string;
  readonly StorageClass?: string;
  readonly AccessControlTranslation?: { readonly Owner?: string };
  readonly EncryptionConfiguration?: { readonly ReplicaKmsKeyID?: string };
  readonly Metrics?: { readonly Status?: string; readonly EventThreshold?: { readonly Minutes?: number } };
  readonly ReplicationTime?: { readonly Status?: string; readonly Time?: { readonly Minutes?: number } };
}

/** One rule of `GetBucketReplication`. V1 rules carry `Prefix` and no `Filter`. */
export interface ReplicationRuleFact {
  readonly ID?: string;
  readonly Priority?: number;
  readonly Status: string;
  /** V1 schema only (deprecated). */
  readonly Prefix?: string;
  readonly Filter?: ReplicationRuleFilterFact;
  readonly DeleteMarkerReplication?: { readonly Status?: string };
  readonly SourceSelectionCriteria?: {
    readonly SseKmsEncryptedObjects?: { readonly Status?: string };
    readonly ReplicaModifications?: { readonly Status?: string };
  };
  readonly ExistingObjectReplication?: { readonly Status?: string };
  readonly Destination: ReplicationDestinationFact;
}

/** `GetBucketReplication` → `ReplicationConfiguration`. */
export interface ReplicationConfigFact {
  readonly Role: string;
  readonly Rules: readonly ReplicationRuleFact[];
}

/** `GetBucketVersioning`. A missing `Status` means versioning was never enabled. */
export interface VersioningFact {
  readonly Status?: string;
  readonly MFADelete?: string;
}

/** `GetObjectLockConfiguration` → `ObjectLockConfiguration`. */
export interface ObjectLockFact {
  readonly ObjectLockEnabled?: string;
  readonly Rule?: {
    readonly DefaultRetention?: { readonly Mode?: string; readonly Days?: number; readonly Years?: number };
  };
}

/** `GetBucketOwnershipControls` → the first rule's `ObjectOwnership`. */
export interface OwnershipFact {
  readonly ObjectOwnership?: string;
}

export interface EncryptionRuleFact {
  readonly SSEAlgorithm?: string;
  readonly KMSMasterKeyID?: string;
  readonly BucketKeyEnabled?: boolean;
  /** `BlockedEncryptionTypes.EncryptionType`, e.g. `["SSE-C"]`. */
  readonly BlockedEncryptionTypes?: readonly string[];
}

/** `GetBucketEncryption` → `ServerSideEncryptionConfiguration.Rules`, flattened. */
export interface EncryptionFact {
  readonly Rules: readonly EncryptionRuleFact[];
}

/** `HeadObject` with the version id. A version that is a delete marker reads as `DeleteMarker: true`. */
export interface ObjectHeadFact {
  readonly VersionId?: string;
  readonly DeleteMarker?: boolean;
  /** `COMPLETED` (legacy `COMPLETE`), `PENDING`, `FAILED`, `REPLICA`; absent when the object is not eligible. */
  readonly ReplicationStatus?: string;
  /** Absent for STANDARD. */
  readonly StorageClass?: string;
  readonly ArchiveStatus?: string;
  readonly Restore?: string;
  readonly ServerSideEncryption?: string;
  readonly SSEKMSKeyId?: string;
  readonly BucketKeyEnabled?: boolean;
  readonly SSECustomerAlgorithm?: string;
  readonly ObjectLockMode?: string;
  readonly ObjectLockRetainUntilDate?: string;
  readonly ObjectLockLegalHoldStatus?: string;
  readonly LastModified?: string;
  readonly ContentLength?: number;
}

/** `GetRole`. `trustPolicy` is the URL-decoded `AssumeRolePolicyDocument` JSON. */
export interface RoleFact {
  readonly Arn: string;
  readonly RoleName: string;
  readonly trustPolicy: string;
  readonly PermissionsBoundaryArn?: string;
  readonly CreateDate?: string;
}

/** `ListRolePolicies` + `GetRolePolicy`: an inline policy with its URL-decoded document. */
export interface InlinePolicyFact {
  readonly PolicyName: string;
  readonly document: string;
}

/** `ListAttachedRolePolicies` / permissions boundary + `GetPolicy` + `GetPolicyVersion` (default version). */
export interface ManagedPolicyFact {
  readonly PolicyArn: string;
  readonly PolicyName?: string;
  readonly VersionId?: string;
  /** URL-decoded document of the default version; absent when it could not be read. */
  readonly document?: string;
  /** Why `document` is missing. */
  readonly documentUnknown?: string;
}

/** `DescribeKey` → `KeyMetadata`, plus the Region taken from the key ARN. */
export interface KeyMetadataFact {
  readonly KeyId: string;
  readonly Arn: string;
  readonly AWSAccountId?: string;
  readonly region?: string;
  readonly KeyState?: string;
  readonly Enabled?: boolean;
  readonly KeyManager?: string;
  readonly DeletionDate?: string;
  readonly PendingDeletionWindowInDays?: number;
  readonly Origin?: string;
  readonly CustomKeyStoreId?: string;
  readonly KeySpec?: string;
  readonly KeyUsage?: string;
  readonly MultiRegion?: boolean;
}

/** `GetCallerIdentity`. */
export interface CallerFact {
  readonly Account: string;
  readonly Arn: string;
}

/**
 * One `ContextEntries` item of `SimulatePrincipalPolicy`: a condition key replication's requests carry, e.g.
 * `kms:ViaService` = `s3.us-east-1.amazonaws.com`. The same entries feed the pure policy evaluator.
 */
export interface SimulationContextEntry {
  readonly ContextKeyName: string;
  readonly ContextKeyValues: readonly string[];
  /** `string`, `boolean`, `stringList`… as the IAM API names them. */
  readonly ContextKeyType: string;
}

/** A statement position in a policy document (`SimulatePrincipalPolicy` `StartPosition`/`EndPosition`). */
export interface PolicyPositionFact {
  readonly Line: number;
  readonly Column: number;
}

/** `MatchedStatements[]` of one evaluation result: which policy (and where in it) took part in the decision. */
export interface MatchedStatementFact {
  /** Inline policy name, managed policy name or ARN, as the simulator reports it. */
  readonly SourcePolicyId?: string;
  /** `role` (inline), `aws-managed`, `user-managed`, `resource`, `none`… */
  readonly SourcePolicyType?: string;
  readonly StartPosition?: PolicyPositionFact;
  readonly EndPosition?: PolicyPositionFact;
}

/** `EvaluationResults[]` of `SimulatePrincipalPolicy` for one action on one resource. */
export interface SimulationResultFact {
  readonly EvalActionName: string;
  readonly EvalResourceName?: string;
  /** `allowed`, `explicitDeny` or `implicitDeny`. */
  readonly EvalDecision: string;
  readonly MatchedStatements: readonly MatchedStatementFact[];
  /** Condition keys the policies use that the simulation was not given. */
  readonly MissingContextValues: readonly string[];
  /** `OrganizationsDecisionDetail.AllowedByOrganizations`; absent when the account is not in an organization. */
  readonly AllowedByOrganizations?: boolean;
  /** `PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary`; absent without a boundary. */
  readonly AllowedByPermissionsBoundary?: boolean;
}

/** `SimulatePrincipalPolicy` for the replication role: one result per action, for one resource and context. */
export interface SimulationFact {
  readonly results: readonly SimulationResultFact[];
}

/** One service control policy attached to a target (`ListPoliciesForTarget` + `DescribePolicy`). */
export interface ServiceControlPolicyFact {
  readonly Id: string;
  readonly Arn?: string;
  readonly Name?: string;
  readonly AwsManaged?: boolean;
  /** The policy document (`Policy.Content`), absent when it could not be read. */
  readonly document?: string;
  /** Why `document` is missing. */
  readonly documentUnknown?: string;
}

/** A node on the path from the organization root to an account, with the SCPs attached to it. */
export interface OrganizationTargetFact {
  readonly Id: string;
  /** `ROOT`, `ORGANIZATIONAL_UNIT` or `ACCOUNT`. */
  readonly Type: string;
  readonly policies: readonly ServiceControlPolicyFact[];
}

/**
 * The SCPs that apply to an account: `ListParents` from the account up to the root, and at each level
 * `ListPoliciesForTarget` (`SERVICE_CONTROL_POLICY`). `path` runs root first, the account last. Every level must
 * allow a request, and a `Deny` at any level wins.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
export interface ServiceControlPoliciesFact {
  readonly accountId: string;
  readonly path: readonly OrganizationTargetFact[];
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------------------------------

export interface BucketFactValues {
  location: BucketLocationFact;
  owner: BucketOwnerFact;
  replication: ReplicationConfigFact;
  versioning: VersioningFact;
  objectLock: ObjectLockFact;
  ownership: OwnershipFact;
  encryption: EncryptionFact;
  /** The bucket policy as raw JSON text. */
  policy: string;
}
export interface ObjectFactValues {
  head: ObjectHeadFact;
  tags: readonly TagFact[];
}
export interface RoleFactValues {
  role: RoleFact;
  inlinePolicies: readonly InlinePolicyFact[];
  attachedPolicies: readonly ManagedPolicyFact[];
  permissionsBoundary: ManagedPolicyFact;
}
export interface KeyFactValues {
  metadata: KeyMetadataFact;
  /** The key policy named `default`, raw JSON. */
  policy: string;
  /** Alias names, e.g. `alias/aws/s3`. */
  aliases: readonly string[];
}

export type BucketFactName = keyof BucketFactValues;
export type ObjectFactName = keyof ObjectFactValues;
export type RoleFactName = keyof RoleFactValues;
export type KeyFactName = keyof KeyFactValues;

/** Facts read for one resource. A missing member was not read (no check asked for it). */
export type BucketFacts = { -readonly [K in BucketFactName]?: Fact<BucketFactValues[K]> };
export type ObjectFacts = { -readonly [K in ObjectFactName]?: Fact<ObjectFactValues[K]> };
export type RoleFacts = { -readonly [K in RoleFactName]?: Fact<RoleFactValues[K]> };
export type KeyFacts = { -readonly [K in KeyFactName]?: Fact<KeyFactValues[K]> };
export interface AccountFactValues {
  serviceControlPolicies: ServiceControlPoliciesFact;
}
export type AccountFactName = keyof AccountFactValues;
export type AccountFacts = { -readonly [K in AccountFactName]?: Fact<AccountFactValues[K]> };
/** Simulations of one role, keyed by {@link simulationRef}. */
export type SimulationFacts = Record<string, Fact<SimulationFact>>;

export const FACTS_SNAPSHOT_VERSION = 1;

/** Everything read for one diagnosis; JSON-serialisable. Keys: bucket name, {@link objectRef}, role ARN, {@link keyRef}. */
export interface FactsSnapshot {
  readonly version: typeof FACTS_SNAPSHOT_VERSION;
  caller?: Fact<CallerFact>;
  readonly buckets: Record<string, BucketFacts>;
  readonly objects: Record<string, ObjectFacts>;
  readonly roles: Record<string, RoleFacts>;
  readonly keys: Record<string, KeyFacts>;
  /** `SimulatePrincipalPolicy` results per role ARN (absent in snapshots written before they existed). */
  simulations?: Record<string, SimulationFacts>;
  /** Organizations facts (SCPs) per account id. */
  accounts?: Record<string, AccountFacts>;
}

/** An empty snapshot. */
export function emptyFacts(): FactsSnapshot {
  return { version: FACTS_SNAPSHOT_VERSION, buckets: {}, objects: {}, roles: {}, keys: {} };
}

/** The snapshot key of an object version, e.g. `src/logs/a.txt?versionId=abc`. */
export function objectRef(bucket: string, key: string, versionId?: string): string {
  return versionId ? `${bucket}/${key}?versionId=${versionId}` : `${bucket}/${key}`;
}

/**
 * The snapshot key of one simulation of a role: its actions (sorted), resource and context entries, e.g.
 * `kms:Decrypt|arn:aws:kms:…:key/…|kms:ViaService=s3.us-east-1.amazonaws.com`.
 */
export function simulationRef(request: {
  readonly actions: readonly string[];
  readonly resource: string;
  readonly context: readonly SimulationContextEntry[];
}): string {
  const context = [...request.context]
    .sort((a, b) => a.ContextKeyName.localeCompare(b.ContextKeyName))
    .map((e) => `${e.ContextKeyName}=${e.ContextKeyValues.join(',')}`);
  return [[...request.actions].sort().join(','), request.resource, ...context].join('|');
}

/** The snapshot key of a KMS key: its ARN, or `<region>:<id or alias>` (an alias or id resolves per Region). */
export function keyRef(keyId: string, region?: string): string {
  return keyId.startsWith('arn:') || region === undefined ? keyId : `${region}:${keyId}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests and the reader port
// ---------------------------------------------------------------------------------------------------------------

/** Which side of a replication rule a bucket is on: destination reads may go through a destination read role. */
export type BucketSide = 'source' | 'destination';

export type FactRequest =
  | { readonly kind: 'caller' }
  | {
      readonly kind: 'bucket';
      readonly bucket: string;
      readonly fact: BucketFactName;
      readonly side: BucketSide;
      /** The owning account when the caller knows it (the rule's `Destination.Account`). */
      readonly ownerHint?: string;
    }
  | {
      readonly kind: 'object';
      readonly bucket: string;
      readonly key: string;
      readonly versionId?: string;
      readonly fact: ObjectFactName;
    }
  | { readonly kind: 'role'; readonly roleArn: string; readonly fact: RoleFactName }
  | {
      readonly kind: 'key';
      /** Key id, key ARN, alias name or alias ARN, as configured. */
      readonly keyId: string;
      readonly fact: KeyFactName;
      /** Region to ask when `keyId` is not an ARN (the bucket's Region). */
      readonly region?: string;
      readonly side: BucketSide;
      /** The account an id or alias resolves in, when it is not an ARN (destination keys may need a read role). */
      readonly ownerHint?: string;
    }
  | {
      /** `SimulatePrincipalPolicy` of the role for some actions on one resource, with replication's context keys. */
      readonly kind: 'simulation';
      readonly roleArn: string;
      readonly actions: readonly string[];
      readonly resource: string;
      readonly context: readonly SimulationContextEntry[];
    }
  | { readonly kind: 'account'; readonly accountId: string; readonly fact: AccountFactName };

/** The value type a request yields. */
export type FactValueOf<R extends FactRequest> = R extends { kind: 'caller' }
  ? CallerFact
  : R extends { kind: 'bucket'; fact: infer K extends BucketFactName }
    ? BucketFactValues[K]
    : R extends { kind: 'object'; fact: infer K extends ObjectFactName }
      ? ObjectFactValues[K]
      : R extends { kind: 'role'; fact: infer K extends RoleFactName }
        ? RoleFactValues[K]
        : R extends { kind: 'key'; fact: infer K extends KeyFactName }
          ? KeyFactValues[K]
          : R extends { kind: 'simulation' }
            ? SimulationFact
            : R extends { kind: 'account'; fact: infer K extends AccountFactName }
              ? AccountFactValues[K]
              : never;

/**
 * Port: reads one fact. Implementations never throw: whatever goes wrong becomes an `unknown` fact.
 * The AWS implementation is lazy and cached; the snapshot implementation replays a saved {@link FactsSnapshot}.
 */
export interface FactsReader {
  read<R extends FactRequest>(request: R): Promise<Fact<FactValueOf<R>>>;
}

/** A stable identity for a request (hints excluded), used to de-duplicate and to find its slot. */
export function requestKey(request: FactRequest): string {
  switch (request.kind) {
    case 'caller':
      return 'caller';
    case 'bucket':
      return `bucket|${request.bucket}|${request.fact}`;
    case 'object':
      return `object|${objectRef(request.bucket, request.key, request.versionId)}|${request.fact}`;
    case 'role':
      return `role|${request.roleArn}|${request.fact}`;
    case 'key':
      return `key|${keyRef(request.keyId, request.region)}|${request.fact}`;
    case 'simulation':
      return `simulation|${request.roleArn}|${simulationRef(request)}`;
    case 'account':
      return `account|${request.accountId}|${request.fact}`;
  }
}

type AnyFact = Fact<unknown>;
type Slot = Partial<Record<string, AnyFact>>;

function slotOf(snapshot: FactsSnapshot, request: FactRequest, create: boolean): { slot?: Slot; name: string } {
  const pick = (table: Record<string, Slot>, id: string, name: string) => {
    let slot = table[id];
    if (slot === undefined && create) {
      slot = {};
      table[id] = slot;
    }
    return slot === undefined ? { name } : { slot, name };
  };
  switch (request.kind) {
    case 'caller':
      return { slot: snapshot as unknown as Slot, name: 'caller' };
    case 'bucket':
      return pick(snapshot.buckets, request.bucket, request.fact);
    case 'object':
      return pick(snapshot.objects, objectRef(request.bucket, request.key, request.versionId), request.fact);
    case 'role':
      return pick(snapshot.roles, request.roleArn, request.fact);
    case 'key':
      return pick(snapshot.keys, keyRef(request.keyId, request.region), request.fact);
    case 'simulation': {
      if (snapshot.simulations === undefined && create) snapshot.simulations = {};
      return pick(snapshot.simulations ?? {}, request.roleArn, simulationRef(request));
    }
    case 'account': {
      if (snapshot.accounts === undefined && create) snapshot.accounts = {};
      return pick(snapshot.accounts ?? {}, request.accountId, request.fact);
    }
  }
}

/** The fact a snapshot holds for a request, or `undefined` when it was not read. */
export function getFact<R extends FactRequest>(snapshot: FactsSnapshot, request: R): Fact<FactValueOf<R>> | undefined {
  const { slot, name } = slotOf(snapshot, request, false);
  return slot?.[name] as Fact<FactValueOf<R>> | undefined;
}

/** Stores a fact in its slot (mutates the snapshot being assembled). */
export function setFact<R extends FactRequest>(snapshot: FactsSnapshot, request: R, fact: Fact<FactValueOf<R>>): void {
  const { slot, name } = slotOf(snapshot, request, true);
  if (slot) slot[name] = fact;
}

/** A fact that was never read, for checks: it makes them `unknown`, never `pass`. */
export const NOT_READ: UnknownFact = unknown('not read');

/** Reads a fact for a check: a slot that was never filled reads as {@link NOT_READ}. */
export function factFor<R extends FactRequest>(snapshot: FactsSnapshot | undefined, request: R): Fact<FactValueOf<R>> {
  return (snapshot && getFact(snapshot, request)) ?? NOT_READ;
}

/**
 * Validates a parsed JSON document as a snapshot (the CLI's `--facts` file). Checks the envelope only: fact values are
 * trusted as written by `--save-facts`. Throws `TypeError` naming the first bad member.
 */
export function parseFactsSnapshot(json: unknown): FactsSnapshot {
  if (typeof json !== 'object' || json === null) throw new TypeError('facts snapshot: not a JSON object');
  const doc = json as Record<string, unknown>;
  if (doc.version !== FACTS_SNAPSHOT_VERSION) {
    throw new TypeError(
      `facts snapshot: unsupported version ${String(doc.version)} (expected ${FACTS_SNAPSHOT_VERSION})`,
    );
  }
  for (const table of ['buckets', 'objects', 'roles', 'keys', 'simulations', 'accounts'] as const) {
    const value = doc[table];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new TypeError(`facts snapshot: "${table}" must be an object`);
    }
  }
  const checkFact = (path: string, fact: unknown) => {
    const state = (fact as { state?: unknown } | null)?.state;
    if (state !== 'ok' && state !== 'absent' && state !== 'unknown') {
      throw new TypeError(`facts snapshot: ${path} is not a fact (state must be ok, absent or unknown)`);
    }
  };
  if (doc.caller !== undefined) checkFact('caller', doc.caller);
  const snapshot: FactsSnapshot = {
    version: FACTS_SNAPSHOT_VERSION,
    buckets: (doc.buckets ?? {}) as FactsSnapshot['buckets'],
    objects: (doc.objects ?? {}) as FactsSnapshot['objects'],
    roles: (doc.roles ?? {}) as FactsSnapshot['roles'],
    keys: (doc.keys ?? {}) as FactsSnapshot['keys'],
  };
  if (doc.simulations !== undefined) snapshot.simulations = doc.simulations as Record<string, SimulationFacts>;
  if (doc.accounts !== undefined) snapshot.accounts = doc.accounts as Record<string, AccountFacts>;
  for (const table of ['buckets', 'objects', 'roles', 'keys', 'simulations', 'accounts'] as const) {
    for (const [id, facts] of Object.entries(snapshot[table] ?? {})) {
      if (typeof facts !== 'object' || facts === null)
        throw new TypeError(`facts snapshot: ${table}.${id} must be an object`);
      for (const [name, fact] of Object.entries(facts as Record<string, unknown>))
        checkFact(`${table}.${id}.${name}`, fact);
    }
  }
  if (doc.caller !== undefined) snapshot.caller = doc.caller as Fact<CallerFact>;
  return snapshot;
}

/**
 * Merges snapshots read for several subjects (e.g. every rule of a bucket) into one, for `--save-facts`. A fact read
 * for one subject is the same fact for another (facts are keyed by resource), so later values only fill gaps.
 */
export function mergeFacts(snapshots: readonly FactsSnapshot[]): FactsSnapshot {
  const merged = emptyFacts();
  const tables = ['buckets', 'objects', 'roles', 'keys', 'simulations', 'accounts'] as const;
  for (const snapshot of snapshots) {
    if (merged.caller === undefined && snapshot.caller !== undefined) merged.caller = snapshot.caller;
    for (const table of tables) {
      const from = snapshot[table] as Record<string, Record<string, AnyFact>> | undefined;
      if (from === undefined) continue;
      if (table === 'simulations') merged.simulations ??= {};
      if (table === 'accounts') merged.accounts ??= {};
      const into = merged[table] as Record<string, Record<string, AnyFact>>;
      for (const [id, facts] of Object.entries(from)) {
        const slot = into[id] ?? {};
        into[id] = slot;
        for (const [name, fact] of Object.entries(facts)) if (slot[name] === undefined) slot[name] = fact;
      }
    }
  }
  return merged;
}
