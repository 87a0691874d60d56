/**
 * End to end: `check-bucket` / `check-object` (in-process) and the live checks against a simulated account whose IAM
 * simulator, bucket policies, key policies and Organizations answer as a real account would. Each scenario bends the
 * healthy estate in one place and asserts the check that decides it, the policy and `Sid` it names, and the fix.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsFactsReader } from '../../lambdas/adapters/aws-facts-reader.js';
import { FactsCache } from '../../lambdas/adapters/facts-cache.js';
import { createFactsClients } from '../../lambdas/adapters/facts-clients.js';
import { checksForReason, implementedCheckIds, runChecks } from '../../lambdas/checks/registry.js';
import type { CheckId, CheckResult, CheckSubject } from '../../lambdas/checks/types.js';
import { decideVerdict } from '../../lambdas/checks/verdict.js';
import type { CheckEntry, CheckReport } from '../../lambdas/cli/commands/check-report.js';
import { lookupReason } from '../../lambdas/core/catalog/index.js';
import type { PolicyDocument, Statement } from '../../lambdas/core/policy/index.js';
import {
  A,
  B,
  crossAccountBucketPolicy,
  DST,
  defaultKeyPolicy,
  destinationOf,
  dstKeyArn,
  estate,
  KEY,
  READ_ROLE_B,
  ROLE,
  RULE_ID,
  replicationPolicy,
  replicationRule,
  SRC,
  SRC_KEY,
  sourceOf,
  VERSION,
} from '../fixtures/facts/estate.js';
import {
  type FakeAccount,
  iamMock,
  installFakeAccount,
  orgMock,
  resetMocks,
  s3Mock,
} from '../fixtures/facts/fake-account.js';
import { FULL_AWS_ACCESS } from '../fixtures/facts/fake-policies.js';
import { runCliCaptured } from '../helpers/cli.js';

const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
const OBJECT_URI = `s3://${SRC}/${KEY}`;

function install(
  tweak: (model: FakeAccount) => void = () => {},
  options: Parameters<typeof estate>[0] = {},
): FakeAccount {
  const model = estate(options);
  tweak(model);
  installFakeAccount(model);
  return model;
}

/** The estate's role policy with one statement replaced (or dropped with `undefined`). */
function rolePolicyWith(sid: string, replacement: Statement | undefined, dstKey = dstKeyArn(A)): PolicyDocument {
  const policy = replicationPolicy(dstKey);
  const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).flatMap((s) =>
    s.Sid === sid ? (replacement ? [replacement] : []) : [s],
  );
  return { ...policy, Statement: statements };
}

function setRolePolicy(model: FakeAccount, policy: PolicyDocument): void {
  const role = model.roles[ROLE];
  if (role) model.roles[ROLE] = { ...role, inline: { 'replication-permissions': policy } };
}

async function checkJson(argv: readonly string[], env: Record<string, string | undefined> = ENV) {
  const run = await runCliCaptured([...argv, '--json'], { env });
  if (run.stdout === '') throw new Error(`no JSON on stdout (exit ${run.code}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as CheckReport;
  const check = (id: CheckId, rule = 0): CheckEntry => {
    const found = report.rules[rule]?.checks.find((c) => c.id === id);
    if (!found) throw new Error(`check ${id} not in rule #${rule}`);
    return found;
  };
  return { run, report, check };
}

function notPassing(report: CheckReport): string[] {
  return report.rules.flatMap((r) =>
    r.checks.filter((c) => c.status === 'fail' || c.status === 'unknown').map((c) => `${c.id}: ${c.status}`),
  );
}

beforeEach(() => {
  resetMocks();
});

describe('policy scenarios through check-bucket and check-object', () => {
  it('a correct same-account setup: every check passes, no false verdict, exit 0', async () => {
    install((m) => {
      sourceOf(m).replication = {
        Role: ROLE,
        Rules: [replicationRule(undefined, { DeleteMarkerReplication: { Status: 'Enabled' } })],
      };
    });
    const bucket = await checkJson(['check-bucket', SRC]);
    expect(bucket.run.code).toBe(0);
    expect(notPassing(bucket.report)).toEqual([]);
    expect(bucket.report).toMatchObject({ command: 'check-bucket', bucket: SRC, status: 'ok' });
    expect(bucket.report.rules[0]).toMatchObject({ ruleId: RULE_ID, destinationBucket: DST, verdict: 'pass' });
    expect(bucket.check('role-destination-permissions').summary).toContain('s3:ReplicateDelete');
    expect(bucket.check('role-destination-permissions').evidence).toContainEqual(
      expect.objectContaining({
        source: 'SimulatePrincipalPolicy',
        field: `s3:ReplicateDelete on arn:aws:s3:::${DST}/logs/*`,
        policy: 'role policy replication-permissions',
        sid: 'DestinationObjects',
      }),
    );
    const object = await checkJson(['check-object', OBJECT_URI, '--version-id', VERSION]);
    expect(object.run.code).toBe(0);
    expect(notPassing(object.report)).toEqual([]);
    expect(object.report.rules[0]).toMatchObject({ selected: true, verdict: 'pass' });
    expect(object.check('role-kms-permissions').evidence).toContainEqual(
      expect.objectContaining({ sid: 'SourceKey', field: `kms:Decrypt on ${SRC_KEY}` }),
    );
  });

  it('an explicit Deny in the destination bucket policy: named with its Sid, the role side still passes', async () => {
    install((m) => {
      destinationOf(m).policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'KeepTagsOut',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:ReplicateTags',
            Resource: `arn:aws:s3:::${DST}/*`,
          },
        ],
      });
    });
    const { run, check } = await checkJson(['check-bucket', SRC]);
    expect(run.code).toBe(1);
    expect(check('destination-bucket-policy')).toMatchObject({ status: 'fail' });
    expect(check('destination-bucket-policy').summary).toContain(
      `The bucket policy of ${DST} explicitly denies the replication role s3:ReplicateTags`,
    );
    expect(check('destination-bucket-policy').evidence).toContainEqual(
      expect.objectContaining({ policy: `bucket policy of ${DST}`, sid: 'KeepTagsOut', value: 'deny: Deny' }),
    );
    expect(check('destination-bucket-policy').fix?.[0]).toContain(
      `Remove or narrow statement KeepTagsOut of bucket policy of ${DST}`,
    );
    expect(check('role-destination-permissions').status).toBe('pass');
  });

  it('an explicit Deny in the source KMS key policy: source-kms-key-policy fails naming the Sid', async () => {
    install((m) => {
      const key = m.keys[SRC_KEY];
      if (key) {
        key.policy = defaultKeyPolicy(A, [
          {
            Sid: 'NoDecryptForReplication',
            Effect: 'Deny',
            Principal: { AWS: ROLE },
            Action: 'kms:Decrypt',
            Resource: '*',
          },
        ]);
      }
    });
    const { run, check } = await checkJson(['check-object', OBJECT_URI, '--version-id', VERSION]);
    expect(run.code).toBe(1);
    expect(check('source-kms-key-policy')).toMatchObject({ status: 'fail' });
    expect(check('source-kms-key-policy').summary).toContain('explicitly denies the replication role kms:Decrypt');
    expect(check('source-kms-key-policy').evidence).toContainEqual(
      expect.objectContaining({
        source: 'GetKeyPolicy',
        sid: 'NoDecryptForReplication',
        policy: `key policy of ${SRC_KEY.split(':').pop()}`,
      }),
    );
    expect(check('destination-kms-key-policy').status).toBe('pass');
  });

  it('an SCP denying s3:ReplicateDelete: the simulator blames Organizations, the SCP and Sid are named', async () => {
    install((m) => {
      sourceOf(m).replication = {
        Role: ROLE,
        Rules: [replicationRule(undefined, { DeleteMarkerReplication: { Status: 'Enabled' } })],
      };
      m.organization = {
        managementAccount: '999999999999',
        delegatedAdministrators: [A],
        rootId: 'r-ab12',
        parents: { 'ou-ab12-prod': 'r-ab12', [A]: 'ou-ab12-prod' },
        scps: {
          'p-FullAWSAccess': FULL_AWS_ACCESS,
          'p-noreplicatedelete': {
            name: 'ProtectReplicas',
            document: {
              Version: '2012-10-17',
              Statement: [{ Sid: 'NoReplicatedDeletes', Effect: 'Deny', Action: 's3:ReplicateDelete', Resource: '*' }],
            },
          },
        },
        attachments: {
          'r-ab12': ['p-FullAWSAccess'],
          'ou-ab12-prod': ['p-FullAWSAccess', 'p-noreplicatedelete'],
          [A]: ['p-FullAWSAccess'],
        },
      };
    });
    const { run, check } = await checkJson(['check-bucket', SRC]);
    expect(run.code).toBe(1);
    const result = check('role-destination-permissions');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('is explicitly denied s3:ReplicateDelete');
    expect(result.summary).toContain('SCP ProtectReplicas (p-noreplicatedelete) (Sid NoReplicatedDeletes)');
    expect(result.evidence).toContainEqual(
      expect.objectContaining({ policy: 'SCP ProtectReplicas (p-noreplicatedelete)', sid: 'NoReplicatedDeletes' }),
    );
    expect(result.fix?.join('\n')).toContain('aws organizations describe-policy --policy-id p-noreplicatedelete');
    expect(check('destination-bucket-policy').status).toBe('pass');
  });

  it('an SCP denies but Organizations is not readable: still fails, saying the SCP could not be named', async () => {
    install((m) => {
      sourceOf(m).replication = {
        Role: ROLE,
        Rules: [replicationRule(undefined, { DeleteMarkerReplication: { Status: 'Enabled' } })],
      };
      m.organization = {
        managementAccount: '999999999999',
        rootId: 'r-ab12',
        parents: { [A]: 'r-ab12' },
        scps: {
          'p-FullAWSAccess': FULL_AWS_ACCESS,
          'p-deny': {
            name: 'Guardrails',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Action: 's3:ReplicateDelete', Resource: '*' }],
            },
          },
        },
        attachments: { 'r-ab12': ['p-FullAWSAccess'], [A]: ['p-FullAWSAccess', 'p-deny'] },
      };
    });
    const { check } = await checkJson(['check-bucket', SRC]);
    const result = check('role-destination-permissions');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain(`SCPs of account ${A} (AllowedByOrganizations=false)`);
    expect(result.summary).toContain('the SCP that blocks it could not be named');
    expect(result.summary).toContain('organizations:ListParents');
  });

  it('an explicit Deny in the permissions boundary: named as the boundary with its Sid', async () => {
    const boundary = `arn:aws:iam::${A}:policy/replication-boundary`;
    install((m) => {
      m.managedPolicies = {
        [boundary]: {
          name: 'replication-boundary',
          document: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'AllowS3AndKms', Effect: 'Allow', Action: ['s3:*', 'kms:*'], Resource: '*' },
              { Sid: 'NoTagReplication', Effect: 'Deny', Action: 's3:ReplicateTags', Resource: '*' },
            ],
          },
        },
      };
      const role = m.roles[ROLE];
      if (role) m.roles[ROLE] = { ...role, boundary };
    });
    const { run, check } = await checkJson(['check-bucket', SRC]);
    expect(run.code).toBe(1);
    const result = check('role-destination-permissions');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('permissions boundary replication-boundary (Sid NoTagReplication)');
    expect(result.evidence).toContainEqual(
      expect.objectContaining({ policy: 'permissions boundary replication-boundary', sid: 'NoTagReplication' }),
    );
    expect(check('role-source-permissions').status).toBe('pass');
  });

  it('cross account: the destination bucket policy lacks s3:ReplicateTags, so it fails with the exact statement', async () => {
    install(
      (m) => {
        m.readRoles = [READ_ROLE_B];
        destinationOf(m).policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReplicationObjects',
              Effect: 'Allow',
              Principal: { AWS: ROLE },
              Action: ['s3:ReplicateObject', 's3:ReplicateDelete'],
              Resource: `arn:aws:s3:::${DST}/*`,
            },
            {
              Sid: 'ReplicationBucket',
              Effect: 'Allow',
              Principal: { AWS: ROLE },
              Action: ['s3:GetBucketVersioning', 's3:PutBucketVersioning'],
              Resource: `arn:aws:s3:::${DST}`,
            },
          ],
        });
      },
      { crossAccount: true },
    );
    const { run, check } = await checkJson(['check-bucket', SRC], { ...ENV, DESTINATION_READ_ROLE_ARNS: READ_ROLE_B });
    expect(run.code).toBe(1);
    const result = check('destination-bucket-policy');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain(`does not grant the replication role s3:ReplicateTags`);
    expect(result.summary).toContain(`${DST} is in another account (${B})`);
    const statement = result.fix?.[1] ?? '';
    expect(JSON.parse(`[${statement}]`)).toEqual([
      {
        Sid: 'AllowReplicationRoleObjects',
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: 's3:ReplicateTags',
        Resource: `arn:aws:s3:::${DST}/*`,
      },
    ]);
    expect(check('role-destination-permissions').status).toBe('pass');
  });

  it('cross account without a read role: the bucket and key policies are unknown (405), with the statements to add', async () => {
    install(() => {}, { crossAccount: true });
    const { run, check } = await checkJson(['check-bucket', SRC]);
    expect(run.code).toBe(0);
    expect(check('destination-bucket-policy')).toMatchObject({
      status: 'unknown',
      missingPermission: 's3:GetBucketPolicy',
    });
    expect(check('destination-bucket-policy').summary).toContain('405 MethodNotAllowed');
    const fix = check('destination-bucket-policy').fix?.join('\n') ?? '';
    expect(fix).toContain(`"AWS": "${ROLE}"`);
    expect(fix).toContain('"s3:ReplicateObject"');
    expect(fix).toContain(`"Resource": "arn:aws:s3:::${DST}/*"`);
    expect(check('destination-kms-key-policy')).toMatchObject({
      status: 'unknown',
      missingPermission: 'kms:GetKeyPolicy',
    });
    expect(check('destination-kms-key-policy').fix?.join('\n')).toContain('"kms:GenerateDataKey"');
  });

  it('owner override without s3:ObjectOwnerOverrideToBucketOwner in the role policy: fails naming the action', async () => {
    install(
      (m) => {
        m.readRoles = [READ_ROLE_B];
        destinationOf(m).ownership = 'BucketOwnerPreferred';
        destinationOf(m).policy = crossAccountBucketPolicy([
          {
            Sid: 'OwnerOverride',
            Effect: 'Allow',
            Principal: { AWS: ROLE },
            Action: 's3:ObjectOwnerOverrideToBucketOwner',
            Resource: `arn:aws:s3:::${DST}/*`,
          },
        ]);
        const rule = replicationRule(B);
        sourceOf(m).replication = {
          Role: ROLE,
          Rules: [
            {
              ...rule,
              Destination: {
                ...rule.Destination,
                Bucket: `arn:aws:s3:::${DST}`,
                AccessControlTranslation: { Owner: 'Destination' },
              },
            },
          ],
        };
        setRolePolicy(m, replicationPolicy(dstKeyArn(B)));
      },
      { crossAccount: true },
    );
    const { run, check } = await checkJson(['check-bucket', SRC], { ...ENV, DESTINATION_READ_ROLE_ARNS: READ_ROLE_B });
    expect(run.code).toBe(1);
    const result = check('role-destination-permissions');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('is not allowed s3:ObjectOwnerOverrideToBucketOwner');
    expect(result.summary).toContain('needed because the rule sets AccessControlTranslation (Owner Destination)');
    expect(result.fix?.[0]).toContain(
      'aws iam put-role-policy --role-name s3-replication --policy-name replication-destination',
    );
    expect(result.fix?.[0]).toContain('"Action":["s3:ObjectOwnerOverrideToBucketOwner"]');
    expect(check('destination-bucket-policy').status).toBe('pass');
  });

  it('delete marker replication on without s3:ReplicateDelete: confirms the DstDelObjNotPermitted cause', async () => {
    install((m) => {
      sourceOf(m).replication = {
        Role: ROLE,
        Rules: [replicationRule(undefined, { DeleteMarkerReplication: { Status: 'Enabled' } })],
      };
      setRolePolicy(
        m,
        rolePolicyWith('DestinationObjects', {
          Sid: 'DestinationObjects',
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateTags'],
          Resource: `arn:aws:s3:::${DST}/*`,
        }),
      );
    });
    const { check } = await checkJson(['check-bucket', SRC]);
    expect(check('role-destination-permissions').summary).toContain(
      'is not allowed s3:ReplicateDelete on arn:aws:s3:::acme-logs-dst/logs/* (needed because DeleteMarkerReplication is Enabled)',
    );
    const lookup = lookupReason('DstDelObjNotPermitted');
    const results = await liveChecks(checksForReason(lookup.entry));
    const verdict = decideVerdict(lookup, results, { sourceBucket: SRC, ruleId: RULE_ID });
    expect(verdict.outcome).toBe('confirmed');
    expect(verdict.confirmed.map((c) => c.cause)).toEqual([
      'The replication role policy does not allow s3:ReplicateDelete on the destination objects.',
    ]);
  });

  it('Bucket Key context mismatch: a role condition on bucket/* does not match the bucket ARN S3 uses', async () => {
    install((m) => {
      setRolePolicy(
        m,
        rolePolicyWith('SourceKey', {
          Sid: 'SourceKey',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: SRC_KEY,
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${SRC}/*` },
          },
        }),
      );
    });
    const { run, check } = await checkJson(['check-object', OBJECT_URI, '--version-id', VERSION]);
    expect(run.code).toBe(1);
    const result = check('role-kms-permissions');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain(`is not allowed kms:Decrypt on ${SRC_KEY}`);
    expect(result.summary).toContain('S3 Bucket Key is on: the encryption context is the bucket ARN, not bucket/*');
    expect(result.fix?.[0]).toContain(
      `"kms:EncryptionContext:aws:s3:arn":["arn:aws:s3:::${SRC}","arn:aws:s3:::${SRC}/*"]`,
    );
    expect(iamMock).toHaveReceivedCommandWith(SimulatePrincipalPolicyCommand, {
      ActionNames: ['kms:Decrypt'],
      ResourceArns: [SRC_KEY],
      ContextEntries: expect.arrayContaining([
        {
          ContextKeyName: 'kms:EncryptionContext:aws:s3:arn',
          ContextKeyValues: [`arn:aws:s3:::${SRC}`],
          ContextKeyType: 'string',
        },
        {
          ContextKeyName: 'kms:ViaService',
          ContextKeyValues: ['s3.us-east-1.amazonaws.com'],
          ContextKeyType: 'string',
        },
      ]),
    });
  });

  it('cross account: the replica key policy does not name the role, so destination-kms-key-policy fails', async () => {
    install(
      (m) => {
        m.readRoles = [READ_ROLE_B];
        const key = m.keys[dstKeyArn(B)];
        if (key) key.policy = defaultKeyPolicy(B);
      },
      { crossAccount: true },
    );
    const { run, check } = await checkJson(['check-bucket', SRC], { ...ENV, DESTINATION_READ_ROLE_ARNS: READ_ROLE_B });
    expect(run.code).toBe(1);
    const result = check('destination-kms-key-policy');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('does not grant the replication role kms:Encrypt, kms:GenerateDataKey');
    expect(JSON.parse(`[${result.fix?.[1] ?? ''}]`)).toEqual([
      {
        Sid: 'AllowS3ReplicationRole',
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: '*',
      },
    ]);
    expect(check('role-kms-permissions').status).toBe('pass');
    expect(check('role-kms-permissions').summary).toContain(`key policy of ${dstKeyArn(B)} must allow it too`);
  });

  it('without iam:SimulatePrincipalPolicy: judged from the role policies, and unknown (naming it) when they cannot decide', async () => {
    install((m) => {
      m.denySimulation = true;
      setRolePolicy(m, rolePolicyWith('DestinationObjects', undefined));
    });
    const { check } = await checkJson(['check-bucket', SRC]);
    const destination = check('role-destination-permissions');
    expect(destination.status).toBe('fail');
    expect(destination.summary).toContain('SimulatePrincipalPolicy could not be used');
    expect(destination.evidence[0]).toMatchObject({ source: 'role policies' });
    expect(check('role-source-permissions')).toMatchObject({ status: 'pass' });
    expect(check('role-source-permissions').evidence).toContainEqual(expect.objectContaining({ sid: 'SourceObjects' }));

    resetMocks();
    const attached = `arn:aws:iam::${A}:policy/replication-extra`;
    install((m) => {
      m.denySimulation = true;
      setRolePolicy(m, rolePolicyWith('DestinationObjects', undefined));
      const role = m.roles[ROLE];
      // An attached policy whose document cannot be read: it might allow (or deny) anything.
      if (role) m.roles[ROLE] = { ...role, attached: [attached] };
    });
    const unknown = await checkJson(['check-bucket', SRC]);
    expect(unknown.check('role-destination-permissions')).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:SimulatePrincipalPolicy',
    });
  });

  it('the object-level checklist: key outside the filter, an existing object, metrics disabled, no configuration', async () => {
    install((m) => {
      sourceOf(m).replication = {
        Role: ROLE,
        Rules: [
          replicationRule(undefined, {
            Filter: { Prefix: 'Logs/' },
            Destination: {
              ...replicationRule(undefined).Destination,
              Bucket: `arn:aws:s3:::${DST}`,
              Metrics: { Status: 'Disabled' },
            },
          }),
        ],
      };
    });
    const outside = await checkJson(['check-object', OBJECT_URI]);
    expect(outside.run.code).toBe(1);
    expect(outside.report.status).toBe('not-selected');
    expect(outside.report.rules[0]).toMatchObject({ selected: false, verdict: 'not-selected' });
    expect(outside.check('rule-filter').summary).toContain('differ only in case');

    const bucket = await checkJson(['check-bucket', SRC]);
    expect(bucket.check('replication-metrics')).toMatchObject({ status: 'fail' });
    expect(bucket.check('replication-metrics').summary).toContain('S3 sends no OperationFailedReplication events');

    resetMocks();
    install((m) => {
      const version = sourceOf(m).objects?.[KEY]?.[VERSION];
      if (version && typeof version.head === 'object') version.head = { ...version.head, ReplicationStatus: undefined };
    });
    const existing = await checkJson(['check-object', OBJECT_URI, '--version-id', VERSION]);
    expect(existing.run.code).toBe(1);
    expect(existing.check('source-object').summary).toContain('has no replication status');
    expect(existing.check('source-object').fix?.[0]).toContain(`replication-doctor redrive ${SRC} --rule ${RULE_ID}`);

    resetMocks();
    install((m) => {
      delete sourceOf(m).replication;
    });
    const none = await runCliCaptured(['check-bucket', SRC], { env: ENV });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(
      `bucket ${SRC} has no replication configuration (ReplicationConfigurationNotFoundError)`,
    );
  });
});

describe('--save-facts and --facts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replication-doctor-facts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays a saved snapshot offline, without credentials, to the same output', async () => {
    install((m) => {
      setRolePolicy(m, rolePolicyWith('DestinationObjects', undefined));
      m.organization = {
        managementAccount: A,
        rootId: 'r-ab12',
        parents: {},
        scps: { 'p-FullAWSAccess': FULL_AWS_ACCESS },
        attachments: { 'r-ab12': ['p-FullAWSAccess'] },
      };
    });
    const file = join(dir, 'bucket.json');
    const live = await runCliCaptured(['check-bucket', SRC, '--save-facts', file], { env: ENV });
    expect(live.code).toBe(1);
    expect(live.stderr).toContain(`facts saved to ${file}`);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { simulations?: Record<string, unknown> };
    expect(Object.keys(saved.simulations ?? {})).toEqual([ROLE]);

    resetMocks();
    const replay = await runCliCaptured(['check-bucket', SRC, '--facts', file], { env: {} });
    expect(replay.code).toBe(live.code);
    expect(replay.stdout).toBe(live.stdout);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(iamMock.calls()).toHaveLength(0);
    expect(orgMock.calls()).toHaveLength(0);

    install();
    const objectFile = join(dir, 'object.json');
    const liveObject = await runCliCaptured(
      ['check-object', OBJECT_URI, '--version-id', VERSION, '--json', '--save-facts', objectFile],
      { env: ENV },
    );
    resetMocks();
    const replayObject = await runCliCaptured(
      ['check-object', OBJECT_URI, '--version-id', VERSION, '--json', '--facts', objectFile],
      { env: {} },
    );
    expect(replayObject.stdout).toBe(liveObject.stdout);
    expect(replayObject.code).toBe(liveObject.code);
  });

  it('exits 2 with one line for a missing snapshot or no credentials', async () => {
    const missing = await runCliCaptured(['check-bucket', SRC, '--facts', join(dir, 'nope.json')], { env: {} });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const noCredentials = await runCliCaptured(['check-bucket', SRC], {
      env: { AWS_REGION: 'us-east-1', AWS_PROFILE: 'replication-doctor-no-such-profile' },
    });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stdout).toBe('');
    const usage = await runCliCaptured(['check-object', `${SRC}/${KEY}`], { env: ENV });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected s3://<bucket>/<key>');
    install();
    const rule = await runCliCaptured(['check-bucket', SRC, '--rule', 'nope'], { env: ENV });
    expect(rule.code).toBe(2);
    expect(rule.stderr).toBe(
      `replication-doctor check-bucket: bucket ${SRC} has no rule nope; its rules are: ${RULE_ID}\n`,
    );
    const chosen = await checkJson(['check-bucket', SRC, '--rule', RULE_ID]);
    expect(chosen.report.rules.map((r) => r.ruleId)).toEqual([RULE_ID]);
  });
});

describe('AWS reads of the policy checks', () => {
  it('simulates each (resource, context) once, caches per action, and reads the SCPs only when blamed', async () => {
    install();
    const reader = createAwsFactsReader({
      region: 'us-east-1',
      cache: new FactsCache(),
      clients: createFactsClients({ region: 'us-east-1' }),
    });
    const subject: CheckSubject = {
      sourceBucket: SRC,
      destinationBucket: DST,
      ruleId: RULE_ID,
      key: KEY,
      versionId: VERSION,
    };
    await runChecks(subject, implementedCheckIds, reader);
    const first = reader.reads;
    // source bucket, source objects, destination objects, source key, replica key
    expect(first.byApi.SimulatePrincipalPolicy).toBe(5);
    expect(first.byApi.ListParents).toBeUndefined();
    await runChecks(subject, implementedCheckIds, reader);
    expect(reader.reads.total).toBe(first.total);
    console.info(`AWS reads for the whole checklist of one object: ${first.total} ${JSON.stringify(first.byApi)}`);
  });
});

/** The live checks for the standard subject, as the responder runs them. */
async function liveChecks(ids: readonly CheckId[]): Promise<CheckResult[]> {
  const reader = createAwsFactsReader({
    region: 'us-east-1',
    cache: new FactsCache(),
    clients: createFactsClients({ region: 'us-east-1' }),
  });
  return runChecks(
    {
      sourceBucket: SRC,
      destinationBucket: DST,
      ruleId: RULE_ID,
      key: KEY,
      versionId: VERSION,
      sourceRegion: 'us-east-1',
      sourceAccount: A,
    },
    ids,
    reader,
  );
}
