/**
 * KMS fact readers: `DescribeKey` (works across accounts with a key ARN when the key policy allows it), `GetKeyPolicy`
 * (policy `default`; the key's own account only) and `ListAliases`.
 */
import { DescribeKeyCommand, GetKeyPolicyCommand, type KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { regionOfArn } from '../checks/derive.js';
import { type Fact, type KeyMetadataFact, ok } from '../checks/facts.js';
import { type AwsCall, factFromError } from './aws-errors.js';
import type { ReadCounter } from './facts-clients.js';
import { compact } from './s3-facts.js';

/** `DescribeKey`; a missing key or alias → `absent` `NotFoundException`. */
export async function readKeyMetadata(
  kms: KMSClient,
  keyId: string,
  counter: ReadCounter,
): Promise<Fact<KeyMetadataFact>> {
  const call: AwsCall = {
    api: 'DescribeKey',
    action: 'kms:DescribeKey',
    resource: keyId,
    notFoundCode: 'NotFoundException',
  };
  counter.count(call.api);
  try {
    const meta = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    const arn = meta?.Arn ?? keyId;
    return ok(
      compact({
        KeyId: meta?.KeyId ?? keyId,
        Arn: arn,
        AWSAccountId: meta?.AWSAccountId,
        region: regionOfArn(arn),
        KeyState: meta?.KeyState,
        Enabled: meta?.Enabled,
        KeyManager: meta?.KeyManager,
        DeletionDate: meta?.DeletionDate instanceof Date ? meta.DeletionDate.toISOString() : undefined,
        PendingDeletionWindowInDays: meta?.PendingDeletionWindowInDays,
        Origin: meta?.Origin,
        CustomKeyStoreId: meta?.CustomKeyStoreId,
        KeySpec: meta?.KeySpec,
        KeyUsage: meta?.KeyUsage,
        MultiRegion: meta?.MultiRegion,
      }),
    );
  } catch (error) {
    return factFromError(error, call);
  }
}

/** `GetKeyPolicy` for the policy named `default` (the only name KMS supports). `keyId` must be a key id or key ARN. */
export async function readKeyPolicy(kms: KMSClient, keyId: string, counter: ReadCounter): Promise<Fact<string>> {
  const call: AwsCall = {
    api: 'GetKeyPolicy',
    action: 'kms:GetKeyPolicy',
    resource: keyId,
    notFoundCode: 'NotFoundException',
  };
  counter.count(call.api);
  try {
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy;
    return ok(policy ?? '');
  } catch (error) {
    return factFromError(error, call);
  }
}

/** `ListAliases` for one key (all pages): alias names such as `alias/aws/s3`. */
export async function readKeyAliases(
  kms: KMSClient,
  keyId: string,
  counter: ReadCounter,
): Promise<Fact<readonly string[]>> {
  const call: AwsCall = {
    api: 'ListAliases',
    action: 'kms:ListAliases',
    resource: keyId,
    notFoundCode: 'NotFoundException',
  };
  const names: string[] = [];
  let marker: string | undefined;
  try {
    do {
      counter.count(call.api);
      const page = await kms.send(new ListAliasesCommand({ KeyId: keyId, ...(marker ? { Marker: marker } : {}) }));
      for (const alias of page.Aliases ?? []) if (alias.AliasName) names.push(alias.AliasName);
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
  } catch (error) {
    return factFromError(error, call);
  }
  return ok(names);
}
