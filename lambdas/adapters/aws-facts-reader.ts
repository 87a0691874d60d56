/**
 * The AWS implementation of the {@link FactsReader} port: reads each fact lazily (only when a check asks), caches it per
 * resource for `cacheTtlSeconds` in a cache that outlives the invocation, shares in-flight reads, reads each bucket in
 * its own Region, and reads another account's destination through a destination read role when one is configured.
 */
import { accountOfArn, regionOfArn } from '../checks/derive.js';
import {
  absent,
  type BucketFactName,
  type BucketLocationFact,
  type BucketOwnerFact,
  type BucketSide,
  type CallerFact,
  type Fact,
  type FactRequest,
  type FactsReader,
  type FactValueOf,
  type KeyMetadataFact,
  keyRef,
  objectRef,
  ok,
  type RoleFact,
  type RoleFactName,
  requestKey,
  type SimulationFact,
  type SimulationResultFact,
  simulationRef,
  type UnknownFact,
  unknown,
} from '../checks/facts.js';
import { UNREACHABLE_PREFIX } from './aws-errors.js';
import { type FactsCache, sharedFactsCache } from './facts-cache.js';
import {
  createFactsClients,
  type FactsClients,
  ORGANIZATIONS_REGION,
  ReadCounter,
  type ReadCounts,
  type RoleAccess,
} from './facts-clients.js';
import { readAttachedPolicies, readInlinePolicies, readManagedPolicy, readRole } from './iam-facts.js';
import { simulateRolePolicy } from './iam-simulation.js';
import { readKeyAliases, readKeyMetadata, readKeyPolicy } from './kms-facts.js';
import { readServiceControlPolicies } from './organizations-facts.js';
import {
  headBucket,
  readBucketLocation,
  readBucketPolicy,
  readEncryption,
  readObjectHead,
  readObjectLock,
  readObjectTags,
  readOwnership,
  readReplication,
  readVersioning,
} from './s3-facts.js';
import { type AssumeOutcome, assumeReadRole, readCallerIdentity, type TemporaryCredentials } from './sts-facts.js';

export interface AwsFactsReaderOptions {
  /** Home Region for STS, IAM and the first HeadBucket. @default the SDK's (AWS_REGION) */
  readonly region?: string;
  /** Time-to-live of a fact in the cache (`CHECK_CACHE_TTL_SECONDS`). @default 300 */
  readonly cacheTtlSeconds?: number;
  /** Time-to-live of an `unknown` fact, so a transient failure is retried sooner. @default min(30, cacheTtlSeconds) */
  readonly unknownTtlSeconds?: number;
  /** Read-only roles in destination accounts (`DESTINATION_READ_ROLE_ARNS`). */
  readonly destinationReadRoleArns?: readonly string[];
  /** The cache; pass a module-level one so it lasts across invocations. @default the process-wide cache */
  readonly cache?: FactsCache;
  /** SDK clients; create them once. @default `createFactsClients({ region })` */
  readonly clients?: FactsClients;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** @default 'replication-doctor' */
  readonly roleSessionName?: string;
  /** After a credentials or network failure, how long every read short-circuits to `unknown`. @default 30 */
  readonly unreachableBackoffSeconds?: number;
}

/** The AWS facts reader, with its read counter for benchmarks. */
export interface AwsFactsReader extends FactsReader {
  /** AWS reads this reader made (cache hits are not reads). */
  readonly reads: ReadCounts;
  resetReads(): void;
}

/** Credentials are refreshed this long before they expire. */
const CREDENTIALS_MARGIN_MS = 5 * 60 * 1000;

type Access = { readonly via?: RoleAccess } | { readonly fact: UnknownFact };

/** Creates the AWS facts reader. Create it once (module scope) and reuse it across invocations. */
export function createAwsFactsReader(options: AwsFactsReaderOptions = {}): AwsFactsReader {
  const clients = options.clients ?? createFactsClients(options.region ? { region: options.region } : {});
  const cache = options.cache ?? sharedFactsCache;
  const now = options.now ?? Date.now;
  const ttlMs = (options.cacheTtlSeconds ?? 300) * 1000;
  const unknownTtlMs = Math.min((options.unknownTtlSeconds ?? 30) * 1000, ttlMs);
  const roles = options.destinationReadRoleArns ?? [];
  const sessionName = options.roleSessionName ?? 'replication-doctor';
  const backoffMs = (options.unreachableBackoffSeconds ?? 30) * 1000;
  const counter = new ReadCounter();
  // One breaker per AWS service: a network failure on one service (e.g. no route to Organizations from a VPC)
  // must not blank the checks that read the others.
  const unreachable = new Map<string, { until: number; fact: UnknownFact }>();

  const factTtl = (fact: Fact<unknown>) => (fact.state === 'unknown' ? unknownTtlMs : ttlMs);

  /** Caches a fact read; trips its service's "unreachable" breaker on credentials or network failures. */
  const cached = <T>(key: string, load: () => Promise<Fact<T>>): Promise<Fact<T>> =>
    cache.get(
      `fact|${key}`,
      async () => {
        const service = serviceOfFactKey(key);
        const tripped = unreachable.get(service);
        if (tripped && tripped.until > now()) return tripped.fact;
        const fact = await load();
        if (fact.state === 'unknown' && fact.reason.startsWith(UNREACHABLE_PREFIX)) {
          unreachable.set(service, { until: now() + backoffMs, fact });
        }
        return fact;
      },
      factTtl,
      now,
    );

  const callerIdentity = (): Promise<Fact<CallerFact>> =>
    cached('caller', () => readCallerIdentity(clients.sts(), counter));

  // --- destination read roles ---------------------------------------------------------------------------------
  const roleForAccount = (account: string) => roles.find((arn) => accountOfArn(arn) === account);

  const assume = (roleArn: string): Promise<AssumeOutcome> =>
    cache.get(
      `assume|${roleArn}`,
      () => assumeReadRole(clients.sts(), roleArn, sessionName, counter),
      (outcome) =>
        outcome.ok ? outcome.credentials.expiration.getTime() - now() - CREDENTIALS_MARGIN_MS : unknownTtlMs,
      now,
    );

  const providers = new Map<string, RoleAccess>();
  /** A role access whose credentials provider re-assumes the role when the cached credentials near expiry. */
  const roleAccess = (roleArn: string): RoleAccess => {
    let access = providers.get(roleArn);
    if (!access) {
      const credentials = async (): Promise<TemporaryCredentials> => {
        const outcome = await assume(roleArn);
        if (!outcome.ok) throw new Error(outcome.fact.reason);
        return outcome.credentials;
      };
      access = { roleArn, credentials };
      providers.set(roleArn, access);
    }
    return access;
  };

  /** Access through `roleArn`, or the reason it cannot be assumed. */
  const viaRole = async (roleArn: string): Promise<Access> => {
    const outcome = await assume(roleArn);
    return outcome.ok ? { via: roleAccess(roleArn) } : { fact: outcome.fact };
  };

  // --- buckets -----------------------------------------------------------------------------------------------
  const location = (bucket: string): Promise<Fact<BucketLocationFact>> =>
    cached(`bucket|${bucket}|location`, () => readBucketLocation((region) => clients.s3(region), bucket, counter));

  const regionOf = (fact: Fact<BucketLocationFact>) => (fact.state === 'ok' ? fact.value.region : undefined);

  /** Who owns a bucket: HeadBucket with `ExpectedBucketOwner` = the caller's account, then each read role's. */
  const resolveOwner = async (bucket: string): Promise<Fact<BucketOwnerFact>> => {
    const caller = await callerIdentity();
    if (caller.state !== 'ok') return caller.state === 'unknown' ? caller : unknown('caller identity unavailable');
    const loc = await location(bucket);
    if (loc.state === 'absent') return loc;
    const region = regionOf(loc);
    const mine = await headBucket(clients.s3(region), bucket, counter, caller.value.Account);
    if (mine.kind === 'ok') return ok({ account: caller.value.Account, decidedBy: 'HeadBucket ExpectedBucketOwner' });
    if (mine.kind === 'not-found') return absent('NoSuchBucket');
    if (mine.kind === 'failed') return mine.fact;
    for (const roleArn of roles) {
      const account = accountOfArn(roleArn);
      if (!account || account === caller.value.Account) continue;
      const access = await viaRole(roleArn);
      if (!('via' in access) || !access.via) continue;
      const theirs = await headBucket(clients.s3(region, access.via), bucket, counter, account);
      if (theirs.kind === 'ok')
        return ok({ account, readRoleArn: roleArn, decidedBy: `HeadBucket ExpectedBucketOwner via ${roleArn}` });
    }
    if (loc.state === 'ok' && loc.value.accessible) {
      return ok({ notAccount: caller.value.Account, decidedBy: 'HeadBucket ExpectedBucketOwner' });
    }
    return unknown(
      `HeadBucket on ${bucket} was refused: it belongs to another account, or the doctor lacks s3:ListBucket on it`,
      's3:ListBucket',
    );
  };

  const owner = (bucket: string, ownerHint: string | undefined): Promise<Fact<BucketOwnerFact>> =>
    ownerHint
      ? Promise.resolve(ok({ account: ownerHint, decidedBy: 'Destination.Account' }))
      : cached(`bucket|${bucket}|owner`, () => resolveOwner(bucket));

  /** Which credentials read a bucket: a destination in an account with a read role goes through that role. */
  const bucketAccess = async (bucket: string, side: BucketSide, ownerHint: string | undefined): Promise<Access> => {
    if (side === 'source' || roles.length === 0) return {};
    const caller = await callerIdentity();
    const callerAccount = caller.state === 'ok' ? caller.value.Account : undefined;
    if (ownerHint) {
      const role = ownerHint !== callerAccount ? roleForAccount(ownerHint) : undefined;
      return role ? viaRole(role) : {};
    }
    const found = await owner(bucket, undefined);
    if (found.state === 'ok' && found.value.readRoleArn) return viaRole(found.value.readRoleArn);
    return {};
  };

  const bucketFact = async (request: Extract<FactRequest, { kind: 'bucket' }>): Promise<Fact<unknown>> => {
    const { bucket, fact, side, ownerHint } = request;
    if (fact === 'location') return location(bucket);
    if (fact === 'owner') return owner(bucket, ownerHint);
    return cached<unknown>(`bucket|${bucket}|${fact}`, async () => {
      const loc = await location(bucket);
      if (loc.state === 'absent') return loc;
      const access = await bucketAccess(bucket, side, ownerHint);
      if ('fact' in access) return access.fact;
      const client = clients.s3(regionOf(loc), access.via);
      const read = await readBucket(fact, client, bucket);
      if (side === 'destination' && !access.via && ownerHint && read.state === 'unknown' && read.missingPermission) {
        const caller = await callerIdentity();
        if (caller.state === 'ok' && caller.value.Account !== ownerHint) {
          return unknown(
            `${read.reason}; ${bucket} belongs to account ${ownerHint}, which answers only its own principals or a read role listed in DESTINATION_READ_ROLE_ARNS`,
            read.missingPermission,
          );
        }
      }
      return read;
    });
  };

  const readBucket = (
    fact: Exclude<BucketFactName, 'location' | 'owner'>,
    client: ReturnType<FactsClients['s3']>,
    bucket: string,
  ) => {
    switch (fact) {
      case 'replication':
        return readReplication(client, bucket, counter);
      case 'versioning':
        return readVersioning(client, bucket, counter);
      case 'objectLock':
        return readObjectLock(client, bucket, counter);
      case 'ownership':
        return readOwnership(client, bucket, counter);
      case 'encryption':
        return readEncryption(client, bucket, counter);
      case 'policy':
        return readBucketPolicy(client, bucket, counter);
    }
  };

  // --- objects -----------------------------------------------------------------------------------------------
  const objectFact = (request: Extract<FactRequest, { kind: 'object' }>): Promise<Fact<unknown>> =>
    cached<unknown>(`object|${objectRef(request.bucket, request.key, request.versionId)}|${request.fact}`, async () => {
      const loc = await location(request.bucket);
      if (loc.state === 'absent') return loc;
      const client = clients.s3(regionOf(loc));
      return request.fact === 'head'
        ? readObjectHead(client, request.bucket, request.key, request.versionId, counter)
        : readObjectTags(client, request.bucket, request.key, request.versionId, counter);
    });

  // --- roles -------------------------------------------------------------------------------------------------
  const roleFact = (roleArn: string, fact: RoleFactName): Promise<Fact<unknown>> =>
    cached<unknown>(`role|${roleArn}|${fact}`, async () => {
      const iam = clients.iam();
      switch (fact) {
        case 'role':
          return readRole(iam, roleArn, counter);
        case 'inlinePolicies':
          return readInlinePolicies(iam, roleArn, counter);
        case 'attachedPolicies':
          return readAttachedPolicies(iam, roleArn, counter);
        case 'permissionsBoundary': {
          const role = (await roleFact(roleArn, 'role')) as Fact<RoleFact>;
          if (role.state !== 'ok') return role;
          const boundary = role.value.PermissionsBoundaryArn;
          return boundary ? ok(await readManagedPolicy(iam, boundary, counter)) : absent('NoPermissionsBoundary');
        }
      }
    });

  // --- KMS keys ----------------------------------------------------------------------------------------------
  const keyAccess = async (account: string | undefined, side: BucketSide): Promise<Access & { foreign?: string }> => {
    const caller = await callerIdentity();
    const callerAccount = caller.state === 'ok' ? caller.value.Account : undefined;
    if (!account || account === callerAccount) return {};
    const role = side === 'destination' ? roleForAccount(account) : undefined;
    if (role) return viaRole(role);
    return callerAccount ? { foreign: account } : {};
  };

  const keyFact = (request: Extract<FactRequest, { kind: 'key' }>): Promise<Fact<unknown>> => {
    const { keyId, fact, side } = request;
    const region = regionOfArn(keyId) ?? request.region;
    return cached<unknown>(`key|${keyRef(keyId, region)}|${fact}`, async () => {
      const account = accountOfArn(keyId) ?? request.ownerHint;
      const access = await keyAccess(account, side);
      if ('fact' in access) return access.fact;
      const kms = clients.kms(region, access.via);
      if (fact === 'metadata') return readKeyMetadata(kms, keyId, counter);
      const foreign = 'foreign' in access ? access.foreign : undefined;
      if (foreign) {
        const api = fact === 'policy' ? 'GetKeyPolicy' : 'ListAliases';
        return unknown(
          `${api} works only in the key's own account (${foreign}); set DESTINATION_READ_ROLE_ARNS to a read role there`,
          fact === 'policy' ? 'kms:GetKeyPolicy' : 'kms:ListAliases',
        );
      }
      // GetKeyPolicy and ListAliases want a key id or ARN, not an alias.
      const meta = (await keyFact({ ...request, fact: 'metadata' })) as Fact<KeyMetadataFact>;
      if (meta.state !== 'ok') return meta;
      return fact === 'policy'
        ? readKeyPolicy(kms, meta.value.Arn, counter)
        : readKeyAliases(kms, meta.value.Arn, counter);
    });
  };

  // --- role simulations ----------------------------------------------------------------------------------------
  /**
   * `SimulatePrincipalPolicy`, cached per (role, action, resource, context): the actions of one request that are not
   * cached yet go to IAM in one call, and each action's result is cached on its own, so checks that ask for
   * overlapping actions share the answers.
   */
  const simulationFact = async (request: Extract<FactRequest, { kind: 'simulation' }>): Promise<Fact<unknown>> => {
    const { roleArn, resource, context } = request;
    const actions = [...new Set(request.actions)];
    const misses: string[] = [];
    let batch: Promise<Fact<SimulationFact>> | undefined;
    const perAction = actions.map((action) =>
      cached<SimulationResultFact>(
        `simulation|${roleArn}|${simulationRef({ actions: [action], resource, context })}`,
        () => {
          misses.push(action);
          // Runs after the loop below has collected every miss, so one call covers them all.
          return Promise.resolve().then(async () => {
            batch ??= simulateRolePolicy(clients.iam(), { roleArn, actions: misses, resource, context }, counter);
            const answer = await batch;
            if (answer.state !== 'ok') return answer;
            const found = answer.value.results.find((r) => r.EvalActionName === action);
            return found ? ok(found) : unknown(`SimulatePrincipalPolicy returned no result for ${action}`);
          });
        },
      ),
    );
    const facts = await Promise.all(perAction);
    const failed = facts.find((f) => f.state !== 'ok');
    if (failed) return failed;
    return ok({ results: facts.flatMap((f) => (f.state === 'ok' ? [f.value] : [])) });
  };

  // --- organizations -----------------------------------------------------------------------------------------
  let fallbackOrganizations: ReturnType<NonNullable<FactsClients['organizations']>> | undefined;
  const organizations = () => {
    const own = clients.organizations?.();
    if (own) return own;
    fallbackOrganizations ??= createFactsClients({ region: ORGANIZATIONS_REGION }).organizations?.();
    return fallbackOrganizations;
  };

  const accountFact = (request: Extract<FactRequest, { kind: 'account' }>): Promise<Fact<unknown>> =>
    cached<unknown>(`account|${request.accountId}|${request.fact}`, async () => {
      const org = organizations();
      if (!org) return unknown('no AWS Organizations client');
      return readServiceControlPolicies(org, request.accountId, counter);
    });

  const dispatch = (request: FactRequest): Promise<Fact<unknown>> => {
    switch (request.kind) {
      case 'caller':
        return callerIdentity();
      case 'bucket':
        return bucketFact(request);
      case 'object':
        return objectFact(request);
      case 'role':
        return roleFact(request.roleArn, request.fact);
      case 'key':
        return keyFact(request);
      case 'simulation':
        return simulationFact(request);
      case 'account':
        return accountFact(request);
    }
  };

  return {
    async read<R extends FactRequest>(request: R): Promise<Fact<FactValueOf<R>>> {
      try {
        return (await dispatch(request)) as Fact<FactValueOf<R>>;
      } catch (error) {
        return unknown(
          `reading ${requestKey(request)} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    get reads() {
      return counter.snapshot();
    },
    resetReads: () => counter.reset(),
  };
}

/** The AWS service behind a fact cache key (its first segment), for the per-service breaker. */
function serviceOfFactKey(key: string): string {
  const kind = key.split('|', 1)[0];
  switch (kind) {
    case 'bucket':
    case 'object':
      return 's3';
    case 'role':
    case 'simulation':
      return 'iam';
    case 'key':
      return 'kms';
    case 'account':
      return 'organizations';
    default:
      return 'sts';
  }
}
