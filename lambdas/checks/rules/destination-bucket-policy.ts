import { type Check, withRule } from '../check.js';
import { judgeScope, resourceCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'destination-bucket-policy';

/**
 * The destination bucket policy does not deny the replication role what it writes, and across accounts grants it
 * `s3:ReplicateObject`, `s3:ReplicateTags` (and `s3:ReplicateDelete`, `s3:ObjectOwnerOverrideToBucketOwner`,
 * the Object Lock actions when the rule needs them); `s3:GetBucketVersioning`/`s3:PutBucketVersioning` as AWS's
 * example does (a warning when missing). Another account's policy that cannot be read (405 `MethodNotAllowed`) is
 * `unknown`, and the fix prints the exact statements it must contain.
 */
export const destinationBucketPolicyCheck: Check = {
  id: ID,
  title: 'Destination bucket policy',
  needs: (subject, facts) => scopeNeeds(['destination'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => resourceCheckResult(ID, judgeScope('destination', subject, facts))),
};
