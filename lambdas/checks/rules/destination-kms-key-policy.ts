import { type Check, withRule } from '../check.js';
import { judgeScope, resourceCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'destination-kms-key-policy';

/**
 * The replica key's policy lets the replication role encrypt through S3 (`kms:Encrypt`, `kms:GenerateDataKey`, and
 * `kms:Decrypt` with a Bucket Key). `GetKeyPolicy` works only in the key's own account: without a destination read
 * role the result is `unknown` and the fix prints the statement the key policy must contain.
 */
export const destinationKmsKeyPolicyCheck: Check = {
  id: ID,
  title: 'Destination (replica) KMS key policy',
  needs: (subject, facts) => scopeNeeds(['destination-key'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => resourceCheckResult(ID, judgeScope('destination-key', subject, facts))),
};
