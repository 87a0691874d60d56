import { type Check, result, unknownFrom, withRule } from '../check.js';
import {
  accountRequests,
  accountsOf,
  bucketArn,
  destinationRequest,
  destinationRequests,
  replicationRequest,
  ruleField,
} from '../derive.js';
import { factFor } from '../facts.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'destination-ownership';

function ownerOverrideStatements(subject: { destinationBucket: string }, roleArn: string): string {
  return JSON.stringify({
    Sid: 'AllowOwnerOverride',
    Effect: 'Allow',
    Principal: { AWS: roleArn },
    Action: ['s3:ObjectOwnerOverrideToBucketOwner'],
    Resource: `${bucketArn(subject.destinationBucket)}/*`,
  });
}

/**
 * Who owns the replicas: destination `BucketOwnerEnforced` makes the destination account own them; otherwise, across
 * accounts, only owner override (`AccessControlTranslation.Owner = Destination`, which needs
 * `s3:ObjectOwnerOverrideToBucketOwner`) does, and without either the replicas belong to the source account.
 */
export const destinationOwnershipCheck: Check = {
  id: ID,
  title: 'Destination Object Ownership and owner override',
  needs: (subject, facts) => [
    replicationRequest(subject),
    ...accountRequests(subject, facts),
    ...destinationRequests(subject, facts, ['ownership']),
  ],
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, (rule, config) => {
      const bucket = subject.destinationBucket;
      const fact = factFor(facts, destinationRequest(subject, 'ownership'));
      const accounts = accountsOf(subject, facts);
      const translation = rule.Destination.AccessControlTranslation?.Owner;
      const evidence: Evidence[] = [
        {
          source: 'GetBucketReplication',
          field: ruleField(rule, 'Destination.AccessControlTranslation.Owner'),
          value: translation ?? '(not set)',
        },
        ...accounts.evidence,
      ];
      const setting =
        fact.state === 'ok'
          ? (fact.value.ObjectOwnership ?? '(not set)')
          : fact.state === 'absent'
            ? `none (${fact.code})`
            : undefined;
      if (setting !== undefined)
        evidence.push({ source: 'GetBucketOwnershipControls', field: 'ObjectOwnership', value: setting });
      if (fact.state === 'ok' && fact.value.ObjectOwnership === 'BucketOwnerEnforced') {
        const note = translation ? ' Owner override is then unnecessary (harmless).' : '';
        return result(
          ID,
          'pass',
          `Destination ${bucket} uses BucketOwnerEnforced: replicas belong to the destination account.${note}`,
          evidence,
        );
      }
      if (translation === 'Destination') {
        if (!rule.Destination.Account) {
          return result(
            ID,
            'fail',
            `Rule "${rule.ID ?? '?'}" sets owner override but no Destination.Account, which S3 requires with it.`,
            evidence,
            {
              fix: [`Add "Account": "<destination-account-id>" to the rule's Destination.`],
            },
          );
        }
        return result(
          ID,
          'warn',
          `Owner override is on: the role ${config.Role} needs s3:ObjectOwnerOverrideToBucketOwner on ${bucketArn(bucket)}/*${accounts.crossAccount ? ', and the destination bucket policy must grant it' : ''}.`,
          evidence,
          {
            fix: [
              `Destination bucket policy statement: ${ownerOverrideStatements(subject, config.Role)}`,
              `Or set BucketOwnerEnforced on the destination: aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
            ],
          },
        );
      }
      if (accounts.crossAccount === false) {
        return result(
          ID,
          'pass',
          `Source and destination are in the same account${accounts.source ? ` ${accounts.source}` : ''}: replicas belong to it.`,
          evidence,
        );
      }
      if (fact.state === 'unknown') {
        return unknownFrom(ID, `the Object Ownership setting of destination bucket ${bucket}`, fact, {
          source: 'GetBucketOwnershipControls',
          field: bucket,
        });
      }
      if (accounts.crossAccount === undefined) {
        return result(
          ID,
          'unknown',
          `Could not tell whether ${bucket} belongs to another account, so replica ownership is undecided.`,
          evidence,
          {
            fix: [`Name the destination account in the rule's Destination.Account, or set DESTINATION_READ_ROLE_ARNS.`],
          },
        );
      }
      return result(
        ID,
        'warn',
        `Replicas in ${bucket} (account ${accounts.destination ?? 'other'}) will be owned by the source account${accounts.source ? ` ${accounts.source}` : ''}: neither BucketOwnerEnforced (${setting ?? '?'}) nor owner override is set, so the destination account cannot read them.`,
        evidence,
        {
          fix: [
            `aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
          ],
        },
      );
    }),
};
