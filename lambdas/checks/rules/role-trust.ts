import { type Check, result, unknownFrom, withRule } from '../check.js';
import { bucketArn, replicationRoleNeeds, roleRequest, sourceAccountOf } from '../derive.js';
import { factFor } from '../facts.js';
import {
  type AssumeRequest,
  actionMatches,
  conditionsHold,
  principalMatches,
  principalsText,
  trustStatements,
} from '../trust-policy.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'role-trust';
const SERVICE = 's3.amazonaws.com';
const ACTION = 'sts:AssumeRole';

function trustFix(roleName: string): string[] {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ReplicationAssumeRole',
        Effect: 'Allow',
        Principal: { Service: [SERVICE, 'batchoperations.s3.amazonaws.com'] },
        Action: ACTION,
      },
    ],
  });
  return [`aws iam update-assume-role-policy --role-name ${roleName} --policy-document '${policy}'`];
}

/** The role's trust policy lets `s3.amazonaws.com` call `sts:AssumeRole` (`AssumeRoleNotPermitted`), naming the
 * statement that allows it or the `Deny` that blocks it. */
export const roleTrustCheck: Check = {
  id: ID,
  title: 'Replication role trust policy',
  needs: replicationRoleNeeds,
  evaluate: (subject, facts) =>
    withRule(ID, subject, facts, (_rule, config) => {
      const fact = factFor(facts, roleRequest(config.Role));
      if (fact.state === 'unknown')
        return unknownFrom(ID, `the trust policy of ${config.Role}`, fact, { source: 'GetRole', field: config.Role });
      if (fact.state === 'absent') {
        return result(ID, 'skipped', `Role ${config.Role} does not exist (${fact.code}); see role-exists.`, [
          { source: 'GetRole', field: config.Role, value: fact.code },
        ]);
      }
      const role = fact.value;
      const policyName = `trust policy of ${role.RoleName}`;
      const statements = trustStatements(role.trustPolicy);
      if (!statements) {
        return result(ID, 'unknown', `The trust policy of ${role.RoleName} is not a readable policy document.`, [
          { source: 'GetRole', field: 'Role.AssumeRolePolicyDocument', value: role.trustPolicy.slice(0, 200) },
        ]);
      }
      const sourceAccount = sourceAccountOf(subject, facts);
      const request: AssumeRequest = {
        service: SERVICE,
        sourceArn: bucketArn(subject.sourceBucket),
        ...(sourceAccount ? { sourceAccount } : {}),
      };
      const relevant = statements.filter((s) => principalMatches(s, SERVICE) && actionMatches(s, ACTION));
      const evidenceOf = (sid: string, value: string): Evidence => ({
        source: 'GetRole',
        field: 'AssumeRolePolicyDocument',
        policy: policyName,
        sid,
        value,
      });
      const denies = relevant.filter((s) => s.effect === 'Deny');
      for (const deny of denies) {
        const held = conditionsHold(deny, request);
        if (held.kind === 'yes') {
          return result(
            ID,
            'fail',
            `The ${policyName} explicitly denies ${SERVICE} ${ACTION} (statement ${deny.sid}).`,
            [evidenceOf(deny.sid, 'Deny')],
            {
              fix: [`Remove or narrow statement ${deny.sid}; then:`, ...trustFix(role.RoleName)],
            },
          );
        }
      }
      const undecidedDeny = denies
        .map((d) => ({ d, held: conditionsHold(d, request) }))
        .find((x) => x.held.kind === 'maybe');
      const allows = relevant.filter((s) => s.effect === 'Allow').map((s) => ({ s, held: conditionsHold(s, request) }));
      const allowed = allows.find((a) => a.held.kind === 'yes');
      if (allowed) {
        if (undecidedDeny && undecidedDeny.held.kind === 'maybe') {
          return result(
            ID,
            'unknown',
            `Statement ${allowed.s.sid} allows ${SERVICE}, but Deny statement ${undecidedDeny.d.sid} may apply: ${undecidedDeny.held.why}.`,
            [evidenceOf(allowed.s.sid, 'Allow'), evidenceOf(undecidedDeny.d.sid, 'Deny (conditional)')],
          );
        }
        return result(ID, 'pass', `The ${policyName} lets ${SERVICE} assume it (statement ${allowed.s.sid}).`, [
          evidenceOf(allowed.s.sid, 'Allow'),
        ]);
      }
      const maybe = allows.find((a) => a.held.kind === 'maybe');
      if (maybe && maybe.held.kind === 'maybe') {
        return result(
          ID,
          'unknown',
          `Statement ${maybe.s.sid} allows ${SERVICE} only under a condition: ${maybe.held.why}.`,
          [evidenceOf(maybe.s.sid, 'Allow (conditional)')],
        );
      }
      const blocked = allows.find((a) => a.held.kind === 'no');
      if (blocked && blocked.held.kind === 'no') {
        return result(
          ID,
          'fail',
          `Statement ${blocked.s.sid} allows ${SERVICE} only under a condition S3 does not meet: ${blocked.held.why}.`,
          [evidenceOf(blocked.s.sid, 'Allow (condition not met)')],
          { fix: trustFix(role.RoleName) },
        );
      }
      const trusted = statements
        .filter((s) => s.effect === 'Allow')
        .map((s) => `${principalsText(s) || '?'} (${s.sid})`)
        .join('; ');
      return result(
        ID,
        'fail',
        `The ${policyName} does not let ${SERVICE} assume it; it trusts: ${trusted || 'nobody'}.`,
        [
          {
            source: 'GetRole',
            field: 'AssumeRolePolicyDocument',
            policy: policyName,
            value: trusted || '(no Allow statement)',
          },
        ],
        { fix: trustFix(role.RoleName) },
      );
    }),
};
