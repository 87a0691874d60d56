import { type Check, withRule } from '../check.js';
import { judgeScope, roleCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'role-destination-permissions';

/**
 * The replication role may write replicas: `s3:ReplicateObject` and `s3:ReplicateTags` on the destination objects;
 * `s3:ReplicateDelete` when delete markers replicate; `s3:ObjectOwnerOverrideToBucketOwner` with
 * `AccessControlTranslation`; `s3:PutObjectRetention` and `s3:PutObjectLegalHold` when the source has Object Lock.
 * Combined with the destination bucket policy (both must allow across accounts); explicit denies in the role's
 * policies, its permissions boundary or an SCP are named.
 */
export const roleDestinationPermissionsCheck: Check = {
  id: ID,
  title: 'Replication role may write replicas',
  needs: (subject, facts) => scopeNeeds(['destination'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => roleCheckResult(ID, [judgeScope('destination', subject, facts)])),
};
