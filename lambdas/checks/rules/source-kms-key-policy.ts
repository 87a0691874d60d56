import { type Check, withRule } from '../check.js';
import { judgeScope, resourceCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'source-kms-key-policy';

/**
 * The source key's policy lets the replication role decrypt through S3: naming the role, or the account (then an
 * identity policy must allow it too); across accounts it must name the role or its account. Explicit denies are named.
 */
export const sourceKmsKeyPolicyCheck: Check = {
  id: ID,
  title: 'Source KMS key policy',
  needs: (subject, facts) => scopeNeeds(['source-key'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => resourceCheckResult(ID, judgeScope('source-key', subject, facts))),
};
