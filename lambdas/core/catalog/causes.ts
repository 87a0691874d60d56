/**
 * Likely causes shared by several catalog entries: a missing role permission, a cross-account bucket policy that
 * does not grant it, an explicit Deny, a foreign-owned source object (setting-repl-config-perm-overview.html,
 * replication-troubleshoot.html). Entries compose these so the same cause reads the same everywhere.
 */
import type { LikelyCause } from './types.js';

/** The role policy lacks `what` on the destination objects; `after` qualifies it (e.g. a parenthesis). */
export function roleDestinationCause(what: string, after = ''): LikelyCause {
  return {
    text: `The replication role policy does not allow ${what} on the destination objects${after}.`,
    checks: ['role-destination-permissions'],
  };
}

/** A cross-account destination whose bucket policy does not grant `action`. */
export function destinationBucketPolicyCause(action: string): LikelyCause {
  return {
    text: `The destination bucket is in another account and its bucket policy does not grant the role ${action}.`,
    checks: ['destination-bucket-policy'],
  };
}

/** An explicit Deny on the destination side blocks the role. */
export const DESTINATION_DENY_CAUSE: LikelyCause = {
  text: 'An explicit Deny in an SCP, RCP, permissions boundary or the destination bucket policy blocks the role.',
  checks: ['role-destination-permissions', 'destination-bucket-policy'],
};

/** The role policy lacks `action` on the source objects. */
export function roleSourceCause(action: string): LikelyCause {
  return {
    text: `The replication role policy does not allow ${action} on the source objects.`,
    checks: ['role-source-permissions'],
  };
}

/** An explicit Deny on the source side blocks the role. */
export const SOURCE_DENY_CAUSE: LikelyCause = {
  text: 'An explicit Deny in the source bucket policy, an SCP, RCP or permissions boundary blocks the role.',
  checks: ['source-bucket-policy', 'role-source-permissions'],
};

/** The source object belongs to another account, so the role cannot read it. */
export const FOREIGN_SOURCE_OBJECT_CAUSE: LikelyCause = {
  text: 'The object was uploaded by another account and the source bucket owner does not own it.',
  checks: ['source-ownership', 'source-object'],
};
