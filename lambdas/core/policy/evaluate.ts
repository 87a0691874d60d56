import { contextLookup } from './context.js';
import { kindOf } from './judgement.js';
import { mergeEvaluations, toEvaluation } from './outcomes.js';
import { type PolicyInput, parsePolicy } from './parse.js';
import { applyStatement, type PolicyKind } from './statement.js';
import type { PolicyEvaluation, RequestContext, StatementMatch } from './types.js';

function evaluate(policy: PolicyInput, policyName: string, ctx: RequestContext, kind: PolicyKind): PolicyEvaluation {
  const parsed = parsePolicy(policy);
  const lookup = contextLookup(ctx);
  const resolve = parsed.variablesEnabled ? lookup.variable : undefined;
  const lists = {
    allowedBy: [] as StatementMatch[],
    deniedBy: [] as StatementMatch[],
    undecided: [] as StatementMatch[],
    ignored: [] as StatementMatch[],
  };
  for (const statement of parsed.statements) {
    const { applies, principalMatch } = applyStatement(statement, ctx, lookup, kind, resolve);
    const verdict = kindOf(applies);
    // Not applicable, or either not applicable or invalid: ignored either way.
    if (verdict === 'no' || (!applies.yes && verdict === 'maybe')) continue;
    const match: StatementMatch = {
      policyName,
      index: statement.index,
      effect: statement.effect,
      ...(statement.sid === undefined ? {} : { sid: statement.sid }),
      ...(principalMatch === undefined ? {} : { principalMatch }),
    };
    if (verdict === 'invalid') lists.ignored.push({ ...match, ignoredBecause: applies.why.join('; ') });
    else if (verdict === 'maybe') lists.undecided.push({ ...match, undecided: applies.why.join('; ') });
    else if (statement.effect === 'Deny') lists.deniedBy.push(match);
    else lists.allowedBy.push(match);
  }
  return toEvaluation(lists);
}

/**
 * Evaluates one policy against a request, as an identity-based policy (attached to the principal): statements need
 * a `Resource`/`NotResource`; a `Principal`/`NotPrincipal`, if present, is honoured. An explicit deny wins; with no
 * applicable allow the result is an implicit deny; `unknown` when the outcome hinges on an undecidable statement.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @throws MalformedPolicyError when the policy does not follow the grammar.
 */
export function evaluatePolicy(policy: PolicyInput, policyName: string, ctx: RequestContext): PolicyEvaluation {
  return evaluate(policy, policyName, ctx, 'identity');
}

/**
 * Evaluates a resource-based policy (S3 bucket policy, KMS key policy) against a request: does it allow or deny
 * this principal this action? Statements apply only to principals named in `Principal` (or not excluded by
 * `NotPrincipal`); a statement without `Resource` covers the resource the policy is attached to (KMS key policies
 * write `"*"`, meaning this key). Each match records how the principal matched, which decides whether the grant is
 * direct or delegated to the account (see `combineDecisions`).
 * @throws MalformedPolicyError when the policy does not follow the grammar.
 */
export function evaluateResourcePolicy(policy: PolicyInput, policyName: string, ctx: RequestContext): PolicyEvaluation {
  return evaluate(policy, policyName, ctx, 'resource');
}

/** A policy with the name to report it by (policy name, ARN, or e.g. `bucket policy of dst-bucket`). */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyInput;
}

/** Evaluates several identity-based policies of one principal (inline and managed) as one set. */
export function evaluatePolicies(policies: readonly NamedPolicy[], ctx: RequestContext): PolicyEvaluation {
  return mergeEvaluations(policies.map((p) => evaluatePolicy(p.policy, p.name, ctx)));
}
