/**
 * AWS for the benchmarks: S3, IAM, KMS, STS, Organizations and SNS answered by aws-sdk-client-mock with a fixed latency per call
 * and realistic answers for the storm's estate (two source buckets in us-east-1, three destinations, one of them in
 * another account, an SSE-KMS rule whose replica key is disabled). Every call is counted per API. The mocks patch the
 * clients' prototypes, so they also answer the clients the handler module creates at import.
 *
 * Only the DynamoDB client stays real: the storm's DynamoDB variant talks to dynalite over HTTP.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type EvaluationResult,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  type KeyMetadata,
  KMSClient,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import {
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetBucketEncryptionCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  type ReplicationRule,
  S3Client,
} from '@aws-sdk/client-s3';
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { REGION, SOURCE_ACCOUNT } from './workload.js';

const OTHER_ACCOUNT = '444455556666';

interface FakeBucket {
  readonly region: string;
  readonly owner: string;
  readonly versioning?: 'Enabled' | 'Suspended';
  readonly ownership?: string;
  readonly kmsKey?: string;
  readonly replication?: { readonly Role: string; readonly Rules: ReplicationRule[] };
}

interface FakeKey {
  readonly metadata: KeyMetadata;
  readonly alias: string;
}

const logsRole = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/s3-replication-logs`;
const mediaRole = `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/s3-replication-media`;
const srcLogsKey = `arn:aws:kms:us-east-1:${SOURCE_ACCOUNT}:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa`;
const drLogsKey = `arn:aws:kms:us-west-2:${SOURCE_ACCOUNT}:key/2222bbbb-2222-bbbb-2222-bbbb2222bbbb`;

function key(arn: string, alias: string, overrides: Partial<KeyMetadata> = {}): [string, FakeKey] {
  const [, , , , account, resource] = arn.split(':');
  return [
    arn,
    {
      alias,
      metadata: {
        KeyId: resource?.split('/')[1] ?? arn,
        Arn: arn,
        AWSAccountId: account,
        KeyState: 'Enabled',
        Enabled: true,
        KeyManager: 'CUSTOMER',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        Origin: 'AWS_KMS',
        MultiRegion: false,
        ...overrides,
      },
    },
  ];
}

const metrics = { Status: 'Enabled', EventThreshold: { Minutes: 15 } } as const;

const BUCKETS: Readonly<Record<string, FakeBucket>> = {
  'acme-logs-src': {
    region: 'us-east-1',
    owner: SOURCE_ACCOUNT,
    versioning: 'Enabled',
    ownership: 'BucketOwnerEnforced',
    kmsKey: srcLogsKey,
    replication: {
      Role: logsRole,
      Rules: [
        {
          ID: 'logs-to-dr',
          Priority: 1,
          Status: 'Enabled',
          Filter: { Prefix: 'logs/' },
          DeleteMarkerReplication: { Status: 'Disabled' },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: {
            Bucket: 'arn:aws:s3:::acme-logs-dr',
            EncryptionConfiguration: { ReplicaKmsKeyID: drLogsKey },
            Metrics: metrics,
          },
        },
      ],
    },
  },
  'acme-logs-dr': {
    region: 'us-west-2',
    owner: SOURCE_ACCOUNT,
    versioning: 'Enabled',
    ownership: 'BucketOwnerEnforced',
    kmsKey: drLogsKey,
  },
  'acme-media-src': {
    region: 'us-east-1',
    owner: SOURCE_ACCOUNT,
    versioning: 'Enabled',
    ownership: 'BucketOwnerEnforced',
    replication: {
      Role: mediaRole,
      Rules: [
        {
          ID: 'media-crr',
          Priority: 1,
          Status: 'Enabled',
          Filter: { Prefix: 'media/' },
          DeleteMarkerReplication: { Status: 'Enabled' },
          Destination: {
            Bucket: 'arn:aws:s3:::acme-media-replica',
            Account: OTHER_ACCOUNT,
            AccessControlTranslation: { Owner: 'Destination' },
            Metrics: metrics,
          },
        },
        {
          ID: 'thumbs-srr',
          Priority: 2,
          Status: 'Enabled',
          Filter: { Prefix: 'thumbs/' },
          DeleteMarkerReplication: { Status: 'Disabled' },
          Destination: { Bucket: 'arn:aws:s3:::acme-thumbs', Metrics: metrics },
        },
      ],
    },
  },
  'acme-media-replica': { region: 'eu-west-1', owner: OTHER_ACCOUNT, versioning: 'Enabled' },
  'acme-thumbs': { region: 'us-east-1', owner: SOURCE_ACCOUNT, versioning: 'Enabled', ownership: 'ObjectWriter' },
};

const KEYS: ReadonlyMap<string, FakeKey> = new Map([
  key(srcLogsKey, 'alias/acme-logs'),
  // The replica key was disabled: the cause of the storm's DstKmsKeyInvalidState incident.
  key(drLogsKey, 'alias/acme-logs-dr', { KeyState: 'Disabled', Enabled: false }),
]);

const S3_TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole', Sid: 'S3Replication' },
  ],
};

interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
}

function replicationStatements(source: string, destinations: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: 'SourceRead',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: `arn:aws:s3:::${source}`,
    },
    {
      Sid: 'SourceObjects',
      Effect: 'Allow',
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: `arn:aws:s3:::${source}/*`,
    },
    {
      Sid: 'DestinationWrite',
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
      Resource: destinations.map((d) => `arn:aws:s3:::${d}/*`),
    },
  ];
}

interface FakeRole {
  readonly arn: string;
  readonly statements: readonly PolicyStatement[];
}

const ROLES: Readonly<Record<string, FakeRole>> = {
  's3-replication-logs': { arn: logsRole, statements: replicationStatements('acme-logs-src', ['acme-logs-dr']) },
  's3-replication-media': {
    arn: mediaRole,
    statements: replicationStatements('acme-media-src', ['acme-media-replica', 'acme-thumbs']),
  },
};

const policyDocument = (role: FakeRole) => JSON.stringify({ Version: '2012-10-17', Statement: role.statements });

function wildcard(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(value);
}

/** SimulatePrincipalPolicy over the role's inline policy: Allow statements only, no conditions. */
function simulate(role: FakeRole, actions: readonly string[], resources: readonly string[]): EvaluationResult[] {
  return actions.flatMap((action) =>
    resources.map((resource) => {
      const match = role.statements.find(
        (st) =>
          st.Action.some((a) => wildcard(a, action)) &&
          (typeof st.Resource === 'string' ? [st.Resource] : st.Resource).some((r) => wildcard(r, resource)),
      );
      return {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: match ? ('allowed' as const) : ('implicitDeny' as const),
        MatchedStatements: match ? [{ SourcePolicyId: 'replication', SourcePolicyType: 'role' as const }] : [],
        MissingContextValues: [],
      };
    }),
  );
}

/** An AWS SDK v3 service error as the SDK throws it (name, status, optional response headers). */
export function awsError(name: string, status: number, message = name, headers?: Record<string, string>): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 },
    ...(headers ? { $response: { statusCode: status, headers, body: undefined } } : {}),
  });
}

/** A published alert as the SNS fake saw it. */
export interface PublishedAlert {
  readonly input: PublishCommandInput;
  /** `performance.now()` when Publish was called. */
  readonly at: number;
}

export interface FakeAwsOptions {
  /** Latency of every mocked call, milliseconds. */
  readonly latencyMs: number;
  /** Keep the input of every Publish (the naive responder's 100,000 would only cost memory). @default true */
  readonly keepPublished?: boolean;
  /** Called when Publish is called, before its latency. */
  readonly onPublish?: (input: PublishCommandInput) => void;
}

export interface FakeAws {
  /** Calls per API, e.g. `s3:HeadBucket`, `sns:Publish`. */
  readonly calls: Map<string, number>;
  readonly published: PublishedAlert[];
  /** Reads the live checks made (S3, IAM, KMS, STS, Organizations). */
  reads(): number;
  publishes(): number;
  /** Drops the mocks' call history (sinon keeps every call's arguments). */
  forgetHistory(): void;
  restore(): void;
}

interface ClientLike {
  readonly config: { readonly region: () => Promise<string> };
}

async function regionOf(getClient: () => unknown): Promise<string> {
  try {
    return await (getClient() as ClientLike).config.region();
  } catch {
    return REGION;
  }
}

/** Installs the fake AWS behind the SDK mocks. */
export function installFakeAws(options: FakeAwsOptions): FakeAws {
  const calls = new Map<string, number>();
  const published: PublishedAlert[] = [];
  const keep = options.keepPublished ?? true;

  /** Wraps an answer with the latency and the call count. */
  const answer =
    <I>(api: string, respond: (input: I, getClient: () => unknown) => unknown) =>
    async (input: I, getClient: () => unknown): Promise<unknown> => {
      calls.set(api, (calls.get(api) ?? 0) + 1);
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      return respond(input, getClient);
    };

  type BucketInput = { Bucket: string; ExpectedBucketOwner?: string; Key?: string; VersionId?: string };
  /** S3 bucket routing: exists, right Region (301 otherwise), owner-only APIs refuse other accounts. */
  const bucketCall = (
    api: string,
    respond: (bucket: FakeBucket, input: BucketInput) => unknown,
    notOwner?: () => Error,
  ) =>
    answer<BucketInput>(api, async (input, getClient) => {
      const bucket = BUCKETS[input.Bucket];
      if (!bucket) throw awsError('NoSuchBucket', 404, 'The specified bucket does not exist');
      const region = await regionOf(getClient);
      if (region !== bucket.region) {
        throw awsError('PermanentRedirect', 301, 'The bucket must be addressed using the specified endpoint.', {
          'x-amz-bucket-region': bucket.region,
        });
      }
      if (bucket.owner !== SOURCE_ACCOUNT) throw notOwner ? notOwner() : awsError('AccessDenied', 403, 'Access Denied');
      return respond(bucket, input);
    });

  const s3 = mockClient(S3Client);
  s3.on(HeadBucketCommand).callsFake(
    answer<BucketInput>('s3:HeadBucket', async (input, getClient) => {
      const bucket = BUCKETS[input.Bucket];
      if (!bucket) throw awsError('NotFound', 404, 'NotFound');
      const region = await regionOf(getClient);
      const headers = { 'x-amz-bucket-region': bucket.region };
      if (region !== bucket.region) throw awsError('Unknown', 301, 'UnknownError', headers);
      if (bucket.owner !== SOURCE_ACCOUNT || (input.ExpectedBucketOwner && input.ExpectedBucketOwner !== bucket.owner))
        throw awsError('Unknown', 403, 'UnknownError', headers);
      return { BucketRegion: bucket.region };
    }),
  );
  s3.on(GetBucketReplicationCommand).callsFake(
    bucketCall('s3:GetBucketReplication', (b) => {
      if (!b.replication) throw awsError('ReplicationConfigurationNotFoundError', 404);
      return { ReplicationConfiguration: b.replication };
    }),
  );
  s3.on(GetBucketVersioningCommand).callsFake(
    bucketCall('s3:GetBucketVersioning', (b) => (b.versioning ? { Status: b.versioning } : {})),
  );
  s3.on(GetObjectLockConfigurationCommand).callsFake(
    bucketCall('s3:GetObjectLockConfiguration', () => {
      throw awsError('ObjectLockConfigurationNotFoundError', 404);
    }),
  );
  s3.on(GetBucketOwnershipControlsCommand).callsFake(
    bucketCall('s3:GetBucketOwnershipControls', (b) => {
      if (!b.ownership) throw awsError('OwnershipControlsNotFoundError', 404);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: b.ownership }] } };
    }),
  );
  s3.on(GetBucketEncryptionCommand).callsFake(
    bucketCall('s3:GetBucketEncryption', (b) => ({
      ServerSideEncryptionConfiguration: {
        Rules: [
          b.kmsKey
            ? {
                ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: b.kmsKey },
                BucketKeyEnabled: true,
              }
            : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    })),
  );
  s3.on(GetBucketPolicyCommand).callsFake(
    bucketCall(
      's3:GetBucketPolicy',
      () => {
        throw awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist');
      },
      () => awsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.'),
    ),
  );
  s3.on(HeadObjectCommand).callsFake(
    bucketCall(
      's3:HeadObject',
      (b, input) => ({
        VersionId: input.VersionId,
        ReplicationStatus: 'FAILED',
        ContentLength: 524_288,
        LastModified: new Date(),
        StorageClass: undefined,
        ...(b.kmsKey ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: b.kmsKey, BucketKeyEnabled: true } : {}),
      }),
      () => awsError('Unknown', 403, 'UnknownError'),
    ),
  );
  s3.on(GetObjectTaggingCommand).callsFake(bucketCall('s3:GetObjectTagging', () => ({ TagSet: [] })));
  s3.on(GetBucketNotificationConfigurationCommand).callsFake(
    bucketCall('s3:GetBucketNotificationConfiguration', () => ({
      QueueConfigurations: [
        {
          Id: 'replication-doctor',
          QueueArn: `arn:aws:sqs:${REGION}:${SOURCE_ACCOUNT}:replication-doctor-events`,
          Events: ['s3:Replication:*'],
        },
      ],
    })),
  );
  s3.on(ListBucketsCommand).callsFake(
    answer('s3:ListBuckets', () => ({
      Buckets: Object.keys(BUCKETS)
        .filter((name) => BUCKETS[name]?.owner === SOURCE_ACCOUNT)
        .map((Name) => ({ Name, CreationDate: new Date('2025-01-01T00:00:00Z') })),
    })),
  );

  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).callsFake(
    answer('sts:GetCallerIdentity', () => ({
      Account: SOURCE_ACCOUNT,
      Arn: `arn:aws:sts::${SOURCE_ACCOUNT}:assumed-role/replication-doctor-responder/session`,
      UserId: 'AROAEXAMPLE:session',
    })),
  );
  sts.on(AssumeRoleCommand).callsFake(
    answer<{ RoleArn: string }>('sts:AssumeRole', (input) => {
      throw awsError('AccessDenied', 403, `not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    }),
  );

  const iam = mockClient(IAMClient);
  const role = (name: string) => {
    const found = ROLES[name];
    if (!found) throw awsError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
    return found;
  };
  iam.on(GetRoleCommand).callsFake(
    answer<{ RoleName: string }>('iam:GetRole', (input) => ({
      Role: {
        Path: '/service-role/',
        RoleName: input.RoleName,
        RoleId: 'AROAEXAMPLEROLEID',
        Arn: role(input.RoleName).arn,
        CreateDate: new Date('2025-01-01T00:00:00Z'),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(S3_TRUST)),
      },
    })),
  );
  iam.on(ListRolePoliciesCommand).callsFake(
    answer<{ RoleName: string }>('iam:ListRolePolicies', (input) => {
      role(input.RoleName);
      return { PolicyNames: ['replication'], IsTruncated: false };
    }),
  );
  iam.on(GetRolePolicyCommand).callsFake(
    answer<{ RoleName: string; PolicyName: string }>('iam:GetRolePolicy', (input) => ({
      RoleName: input.RoleName,
      PolicyName: input.PolicyName,
      PolicyDocument: encodeURIComponent(policyDocument(role(input.RoleName))),
    })),
  );
  iam
    .on(ListAttachedRolePoliciesCommand)
    .callsFake(answer('iam:ListAttachedRolePolicies', () => ({ AttachedPolicies: [], IsTruncated: false })));
  iam.on(GetPolicyCommand).callsFake(
    answer('iam:GetPolicy', () => {
      throw awsError('NoSuchEntity', 404);
    }),
  );
  iam.on(GetPolicyVersionCommand).callsFake(
    answer('iam:GetPolicyVersion', () => {
      throw awsError('NoSuchEntity', 404);
    }),
  );

  iam.on(SimulatePrincipalPolicyCommand).callsFake(
    answer<{ PolicySourceArn: string; ActionNames: string[]; ResourceArns?: string[] }>(
      'iam:SimulatePrincipalPolicy',
      (input) => {
        const found = Object.values(ROLES).find((r) => r.arn === input.PolicySourceArn);
        if (!found) throw awsError('NoSuchEntity', 404, `The role ${input.PolicySourceArn} cannot be found.`);
        return {
          EvaluationResults: simulate(found, input.ActionNames, input.ResourceArns ?? ['*']),
          IsTruncated: false,
        };
      },
    ),
  );

  // The responder runs in a member account: Organizations answers only the management account.
  const organizations = mockClient(OrganizationsClient);
  const orgDenied = (api: string) =>
    answer(api, () => {
      throw awsError('AccessDeniedException', 400, "You don't have permissions to access this resource.");
    });
  organizations.on(ListParentsCommand).callsFake(orgDenied('organizations:ListParents'));
  organizations.on(ListPoliciesForTargetCommand).callsFake(orgDenied('organizations:ListPoliciesForTarget'));
  organizations.on(DescribePolicyCommand).callsFake(orgDenied('organizations:DescribePolicy'));

  const kms = mockClient(KMSClient);
  const findKey = (keyId: string): FakeKey => {
    for (const [arn, k] of KEYS) {
      if (arn === keyId || k.metadata.KeyId === keyId || keyId.endsWith(k.alias)) return k;
    }
    throw awsError('NotFoundException', 400, `Key '${keyId}' does not exist`);
  };
  kms
    .on(DescribeKeyCommand)
    .callsFake(
      answer<{ KeyId: string }>('kms:DescribeKey', (input) => ({ KeyMetadata: findKey(input.KeyId).metadata })),
    );
  kms.on(GetKeyPolicyCommand).callsFake(
    answer<{ KeyId: string }>('kms:GetKeyPolicy', (input) => {
      findKey(input.KeyId);
      return {
        PolicyName: 'default',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EnableRootPermissions',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        }),
      };
    }),
  );
  kms.on(ListAliasesCommand).callsFake(
    answer<{ KeyId: string }>('kms:ListAliases', (input) => ({
      Aliases: [{ AliasName: findKey(input.KeyId).alias }],
    })),
  );

  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    const at = performance.now();
    options.onPublish?.(input);
    calls.set('sns:Publish', (calls.get('sns:Publish') ?? 0) + 1);
    if (keep) published.push({ input, at });
    if (options.latencyMs > 0) await sleep(options.latencyMs);
    return { MessageId: `sns-${calls.get('sns:Publish')}` };
  });

  const mocks = [s3, sts, iam, kms, organizations, sns];
  return {
    calls,
    published,
    reads: () =>
      [...calls.entries()]
        .filter(([api]) => /^(s3|iam|kms|sts|organizations):/.test(api))
        .reduce((sum, [, n]) => sum + n, 0),
    publishes: () => calls.get('sns:Publish') ?? 0,
    forgetHistory: () => {
      for (const mock of mocks) mock.resetHistory();
    },
    restore: () => {
      for (const mock of mocks) mock.restore();
    },
  };
}
