import type { PolicyDocument, RequestContext, Statement } from '../../../lambdas/core/policy/index.js';

export const SOURCE_ACCOUNT = '111122223333';
export const DEST_ACCOUNT = '444455556666';
export const ROLE_ARN = `arn:aws:iam::${SOURCE_ACCOUNT}:role/repl-role`;
export const SESSION_ARN = `arn:aws:sts::${SOURCE_ACCOUNT}:assumed-role/repl-role/s3-replication`;
export const DEST_BUCKET = 'arn:aws:s3:::dst-bucket';
export const DEST_OBJECT = 'arn:aws:s3:::dst-bucket/logs/2024/a.txt';
export const DEST_KEY_ARN = `arn:aws:kms:us-east-1:${DEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The replication role putting a replica into the destination bucket, unless overridden. */
export function request(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    principal: { arn: ROLE_ARN, accountId: SOURCE_ACCOUNT },
    action: 's3:ReplicateObject',
    resource: DEST_OBJECT,
    ...overrides,
  };
}

/** A policy with the given statements. */
export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** An unconditional Allow of the replication role on the destination objects. */
export const allowRoleReplicate: Statement = {
  Sid: 'AllowReplication',
  Effect: 'Allow',
  Principal: { AWS: ROLE_ARN },
  Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
  Resource: `${DEST_BUCKET}/*`,
};
