/**
 * Fills the catalog's remediation snippets with what the live checks found (role ARN, Regions, KMS keys, accounts),
 * read from the checks' evidence. Values the checks did not establish keep the incident's, or stay placeholders.
 */
import type { RemediationContext } from '../core/catalog/types.js';
import { accountOfArn, isRoleArn, isTwelveDigits } from './derive.js';
import type { CheckId, CheckResult } from './types.js';

function evidenceValue(
  results: readonly CheckResult[],
  id: CheckId,
  source: string,
  field: (f: string) => boolean,
): string | undefined {
  const result = results.find((r) => r.id === id);
  return result?.evidence.find((e) => e.source === source && e.field !== undefined && field(e.field))?.value;
}

/** The remediation context with live values added. */
export function remediationContextFromChecks(
  base: RemediationContext,
  results: readonly CheckResult[],
): RemediationContext {
  const role = evidenceValue(results, 'replication-rule', 'GetBucketReplication', (f) => f === 'Role');
  const sourceRegion = evidenceValue(results, 'source-bucket', 'HeadBucket', (f) => f === 'BucketRegion');
  const destinationRegion = evidenceValue(results, 'destination-bucket', 'HeadBucket', (f) => f === 'BucketRegion');
  const sourceKey = evidenceValue(results, 'source-kms-key', 'DescribeKey', (f) => f === 'KeyMetadata.Arn');
  const destinationKey = evidenceValue(results, 'destination-kms-key', 'DescribeKey', (f) => f === 'KeyMetadata.Arn');
  const destinationAccount = ['destination-ownership', 'destination-kms-key']
    .flatMap((id) => results.find((r) => r.id === id)?.evidence ?? [])
    .find(
      (e) => (e.field?.endsWith('Destination.Account') || e.field?.startsWith('owner of ')) && isTwelveDigits(e.value),
    )?.value;
  const roleArn = role && isRoleArn(role) ? role : undefined;
  const sourceAccount = base.sourceAccount ?? accountOfArn(roleArn);
  return {
    ...base,
    ...(roleArn ? { roleArn } : {}),
    ...(sourceAccount ? { sourceAccount } : {}),
    ...(destinationAccount ? { destinationAccount } : {}),
    ...(sourceRegion ? { sourceRegion } : {}),
    ...(destinationRegion ? { destinationRegion } : {}),
    ...(sourceKey ? { sourceKmsKeyArn: sourceKey } : {}),
    ...(destinationKey ? { destinationKmsKeyArn: destinationKey } : {}),
  };
}
