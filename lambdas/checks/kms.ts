/**
 * Judging a KMS key from `DescribeKey` metadata, shared by `source-kms-key` and `destination-kms-key`.
 * Key states: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import type { Severity } from '../core/types.js';
import type { ResultExtras } from './check.js';
import { accountOfArn, regionOfArn } from './derive.js';
import type { KeyMetadataFact } from './facts.js';
import type { CheckStatus, Evidence } from './types.js';

export interface KeyJudgement {
  readonly status: CheckStatus;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly extras: ResultExtras;
}

export interface KeyExpectations {
  /** The Region of the bucket the key serves; S3 needs the key there. */
  readonly bucketRegion?: string;
  /** The account that uses the key (the bucket's owner). */
  readonly usingAccount?: string;
  /** Whether the replication crosses accounts. */
  readonly crossAccount?: boolean;
  /** `source` or `destination`, for wording. */
  readonly side: 'source' | 'destination';
}

const CRITICAL: Severity = 'critical';

function stateProblem(
  meta: KeyMetadataFact,
): { summary: string; fix: string[]; severity?: Severity; terms: string[] } | undefined {
  const key = meta.Arn;
  switch (meta.KeyState) {
    case 'Enabled':
    case undefined:
      return undefined;
    case 'Disabled':
      return {
        summary: `KMS key ${key} is Disabled`,
        fix: [`aws kms enable-key --key-id ${key}`],
        severity: CRITICAL,
        terms: ['Disabled'],
      };
    case 'PendingDeletion':
      return {
        summary: `KMS key ${key} is PendingDeletion: it will be deleted on ${meta.DeletionDate ?? '(date unknown)'} and every object under it becomes unreadable`,
        fix: [`aws kms cancel-key-deletion --key-id ${key}`, `aws kms enable-key --key-id ${key}`],
        severity: CRITICAL,
        terms: ['PendingDeletion', 'scheduled for deletion'],
      };
    case 'PendingImport':
      return {
        summary: `KMS key ${key} is PendingImport: it has no key material`,
        fix: [
          `aws kms get-parameters-for-import --key-id ${key} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_4096`,
          `aws kms import-key-material --key-id ${key} --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`,
        ],
        severity: CRITICAL,
        terms: ['PendingImport', 'key material'],
      };
    case 'Unavailable':
      return {
        summary: `KMS key ${key} is Unavailable: its custom key store is disconnected`,
        fix: [
          `aws kms describe-custom-key-stores --custom-key-store-id ${meta.CustomKeyStoreId ?? '<custom-key-store-id>'}`,
          `aws kms connect-custom-key-store --custom-key-store-id ${meta.CustomKeyStoreId ?? '<custom-key-store-id>'}`,
        ],
        severity: CRITICAL,
        terms: ['Unavailable', 'custom key store'],
      };
    case 'PendingReplicaDeletion':
      return {
        summary: `KMS key ${key} is PendingReplicaDeletion (a multi-Region replica being deleted)`,
        fix: [],
        severity: CRITICAL,
        terms: ['PendingReplicaDeletion', 'scheduled for deletion'],
      };
    default:
      return { summary: `KMS key ${key} is ${meta.KeyState}, not Enabled`, fix: [], terms: [meta.KeyState] };
  }
}

/** Judges a key: state, Region, AWS managed across accounts. */
export function judgeKey(meta: KeyMetadataFact, expect: KeyExpectations): KeyJudgement {
  const region = meta.region ?? regionOfArn(meta.Arn);
  const keyAccount = meta.AWSAccountId ?? accountOfArn(meta.Arn);
  const evidence: Evidence[] = [
    { source: 'DescribeKey', field: 'KeyMetadata.KeyState', value: meta.KeyState ?? '(not set)' },
    { source: 'DescribeKey', field: 'KeyMetadata.Arn', value: meta.Arn },
    { source: 'DescribeKey', field: 'KeyMetadata.KeyManager', value: meta.KeyManager ?? '(not set)' },
  ];
  if (meta.DeletionDate)
    evidence.push({ source: 'DescribeKey', field: 'KeyMetadata.DeletionDate', value: meta.DeletionDate });
  const problem = stateProblem(meta);
  if (problem) {
    return {
      status: 'fail',
      summary: `${problem.summary}: S3 cannot ${expect.side === 'source' ? 'decrypt source objects' : 'encrypt replicas'} with it.`,
      evidence,
      extras: {
        fix: problem.fix,
        findingTerms: problem.terms,
        ...(problem.severity ? { severityHint: problem.severity } : {}),
      },
    };
  }
  if (region && expect.bucketRegion && region !== expect.bucketRegion) {
    return {
      status: 'fail',
      summary: `KMS key ${meta.Arn} is in ${region} but the ${expect.side} bucket is in ${expect.bucketRegion}: S3 needs a key in the bucket's Region.`,
      evidence: [...evidence, { source: 'HeadBucket', field: 'BucketRegion', value: expect.bucketRegion }],
      extras: {
        fix: [
          `aws kms create-key --region ${expect.bucketRegion} --description "S3 replication ${expect.side} key"  # then use its ARN`,
        ],
      },
    };
  }
  const foreign = keyAccount !== undefined && expect.usingAccount !== undefined && keyAccount !== expect.usingAccount;
  if (meta.KeyManager === 'AWS' && (foreign || (expect.side === 'destination' && expect.crossAccount === true))) {
    return {
      status: 'fail',
      summary: `KMS key ${meta.Arn} is an AWS managed key (aws/s3) of account ${keyAccount ?? '?'}, used across accounts: AWS managed keys cannot be shared, so ${expect.side === 'destination' ? 'the destination cannot use the replicas' : 'S3 cannot use it'}.`,
      evidence,
      extras: {
        fix: [
          `Create a customer managed key in ${expect.usingAccount ?? 'the destination account'} (${expect.bucketRegion ?? region ?? '<region>'}), grant the replication role kms:Encrypt and kms:GenerateDataKey in its key policy, and set it as the rule's Destination.EncryptionConfiguration.ReplicaKmsKeyID.`,
        ],
        findingTerms: ['aws/s3', 'AWS managed'],
      },
    };
  }
  if (foreign && expect.side === 'destination') {
    return {
      status: 'warn',
      summary: `Replica key ${meta.Arn} belongs to account ${keyAccount}, not to the destination account ${expect.usingAccount}: replicas are readable only where that key policy allows.`,
      evidence,
      extras: {},
    };
  }
  const manager = meta.KeyManager === 'AWS' ? 'AWS managed' : 'customer managed';
  return {
    status: 'pass',
    summary: `KMS key ${meta.Arn} (${manager}${region ? `, ${region}` : ''}) is Enabled.`,
    evidence,
    extras: {},
  };
}
