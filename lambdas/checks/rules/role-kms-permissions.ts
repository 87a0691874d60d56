import { type Check, withRule } from '../check.js';
import { judgeScope, roleCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'role-kms-permissions';

/**
 * The replication role may use the KMS keys through S3: `kms:Decrypt` on the source key (when the rule replicates
 * SSE-KMS objects) and `kms:Encrypt` + `kms:GenerateDataKey` on the replica key (plus `kms:Decrypt` with a Bucket Key
 * on the destination), with `kms:ViaService` = `s3.<region>.amazonaws.com` and the encryption context S3 uses (the
 * object ARN, or the bucket ARN with an S3 Bucket Key). Combined with the key policies.
 */
export const roleKmsPermissionsCheck: Check = {
  id: ID,
  title: 'Replication role may use the KMS keys',
  needs: (subject, facts) => scopeNeeds(['source-key', 'destination-key'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () =>
      roleCheckResult(ID, [judgeScope('source-key', subject, facts), judgeScope('destination-key', subject, facts)]),
    ),
};
