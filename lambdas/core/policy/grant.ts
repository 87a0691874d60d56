import { MalformedPolicyError } from './errors.js';
import { identifyPrincipal, roleArnOf } from './principal.js';
import type { ConditionBlock, Statement } from './types.js';

/** One permission the other side must grant. */
export interface Grant {
  readonly sid?: string;
  /** e.g. `['s3:ReplicateObject', 's3:ReplicateDelete']`. */
  readonly actions: readonly string[];
  /** Bucket or object ARNs; ignored for key policies, where `"*"` means the key itself. */
  readonly resources?: readonly string[];
  readonly condition?: ConditionBlock;
}

/** Input of {@link statementsToGrant}. */
export interface GrantRequest {
  readonly policyKind: 'bucket-policy' | 'key-policy';
  /**
   * The principal to name: a role ARN (an assumed-role session ARN is turned into its role's ARN, which is exact for
   * roles without a path), a user ARN, or an account ID / root ARN.
   */
  readonly principalArn: string;
  readonly grants: readonly Grant[];
}

const ACTION = /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/;

function principalToName(arn: string): string {
  const who = identifyPrincipal({ arn, accountId: '' });
  if (who.kind === 'session') return roleArnOf(who) ?? arn;
  if (who.kind === 'other' && !/^\d{12}$/.test(arn)) {
    throw new MalformedPolicyError(
      'principalArn',
      `expected an IAM principal ARN or account ID, got ${JSON.stringify(arn)}`,
    );
  }
  return arn;
}

function oneOrMany(values: readonly string[]): string | string[] {
  const [only, ...rest] = values;
  return only !== undefined && rest.length === 0 ? only : [...values];
}

/**
 * The exact statements a bucket policy or KMS key policy must contain so that `principalArn` may perform the
 * given actions, for alerts that print "the destination account must add:". Evaluating the result with
 * `evaluateResourcePolicy` for that principal, an action and a resource it lists yields `allow`.
 * @throws MalformedPolicyError for an unusable principal, action or resource.
 */
export function statementsToGrant(request: GrantRequest): Statement[] {
  const principal = principalToName(request.principalArn);
  return request.grants.map((grant, i) => {
    const field = `grants[${i}]`;
    const actions = [...new Set(grant.actions)];
    if (actions.length === 0) throw new MalformedPolicyError(`${field}.actions`, 'must name at least one action');
    for (const action of actions) {
      if (!ACTION.test(action))
        throw new MalformedPolicyError(`${field}.actions`, `not an action: ${JSON.stringify(action)}`);
    }
    const resources = request.policyKind === 'key-policy' ? ['*'] : [...new Set(grant.resources ?? [])];
    if (resources.length === 0)
      throw new MalformedPolicyError(`${field}.resources`, 'a bucket policy statement needs a resource');
    for (const resource of resources) {
      if (resource !== '*' && !resource.startsWith('arn:')) {
        throw new MalformedPolicyError(`${field}.resources`, `not an ARN: ${JSON.stringify(resource)}`);
      }
    }
    const statement: Statement = {
      ...(grant.sid === undefined ? {} : { Sid: grant.sid }),
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: oneOrMany(actions),
      Resource: oneOrMany(resources),
      ...(grant.condition === undefined ? {} : { Condition: grant.condition }),
    };
    return statement;
  });
}

/** Pretty JSON of statements, ready to paste into a policy's `Statement` array. */
export function renderStatements(statements: readonly Statement[]): string {
  return statements.map((s) => JSON.stringify(s, null, 2)).join(',\n');
}
