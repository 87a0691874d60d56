import { type Check, withRule } from '../check.js';
import { judgeScope, roleCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'role-source-permissions';

/**
 * The replication role may read what S3 reads at the source: `s3:GetReplicationConfiguration` and `s3:ListBucket` on
 * the bucket; `s3:GetObjectVersionForReplication`, `s3:GetObjectVersionAcl` and `s3:GetObjectVersionTagging` on the
 * objects (the event's object, or every key under the rule's prefix); `s3:GetObjectRetention` and
 * `s3:GetObjectLegalHold` too when Object Lock is on. Decided by `SimulatePrincipalPolicy` (or the role's policies),
 * combined with the source bucket policy; the deciding policy and `Sid` are named.
 */
export const roleSourcePermissionsCheck: Check = {
  id: ID,
  title: 'Replication role may read the source',
  needs: (subject, facts) => scopeNeeds(['source'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => roleCheckResult(ID, [judgeScope('source', subject, facts)])),
};
