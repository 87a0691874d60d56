import { type Check, result, unknownFrom, withRule } from '../check.js';
import { bucketArn, replicationRoleNeeds, roleRequest } from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId } from '../types.js';

const ID: CheckId = 'role-exists';

/** The role in the replication configuration exists (`AssumeRoleNotPermitted` when it was deleted). */
export const roleExistsCheck: Check = {
  id: ID,
  title: 'Replication role exists',
  needs: replicationRoleNeeds,
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, (_rule, config) => {
      const arn = config.Role;
      const fact = factFor(facts, roleRequest(arn));
      if (fact.state === 'unknown') return unknownFrom(ID, `role ${arn}`, fact, { source: 'GetRole', field: arn });
      if (fact.state === 'absent') {
        const name = arn.split('/').pop() ?? arn;
        const trust = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        });
        return result(
          ID,
          'fail',
          `Replication role ${arn} does not exist (${fact.code}): S3 cannot assume it, so nothing replicates.`,
          [{ source: 'GetRole', field: arn, value: fact.code }],
          {
            fix: [
              `aws iam create-role --role-name ${name} --assume-role-policy-document '${trust}'`,
              `Then attach a policy allowing s3:GetReplicationConfiguration and s3:ListBucket on ${bucketArn(subject.sourceBucket)}, s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl and s3:GetObjectVersionTagging on ${bucketArn(subject.sourceBucket)}/*, and s3:ReplicateObject, s3:ReplicateDelete and s3:ReplicateTags on ${bucketArn(subject.destinationBucket)}/*.`,
            ],
          },
        );
      }
      return result(ID, 'pass', `Replication role ${fact.value.Arn} exists.`, [
        { source: 'GetRole', field: 'Role.Arn', value: fact.value.Arn },
      ]);
    }),
};
