import { type Check, withRule } from '../check.js';
import { judgeScope, resourceCheckResult, scopeNeeds } from '../policy-checks.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'source-bucket-policy';

/**
 * The source bucket policy does not deny the replication role what it reads (and grants it when the role is in
 * another account). An explicit `Deny` is named with its `Sid`.
 */
export const sourceBucketPolicyCheck: Check = {
  id: ID,
  title: 'Source bucket policy',
  needs: (subject, facts) => scopeNeeds(['source'], subject, facts),
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, () => resourceCheckResult(ID, judgeScope('source', subject, facts))),
};
