/**
 * A pure evaluator of the IAM policy language for identity policies, S3 bucket policies and KMS key policies.
 * No AWS calls: callers bring the policy documents and the request context.
 */
export {
  type CombinedDecision,
  type CombineParams,
  combineDecisions,
  type Guardrail,
  guardrailOutcomes,
  isDirectGrant,
  outcomesOf,
  type ResourceOutcome,
  resourceOutcomes,
} from './combine.js';
export { MalformedPolicyError } from './errors.js';
export { evaluatePolicies, evaluatePolicy, evaluateResourcePolicy, type NamedPolicy } from './evaluate.js';
export { type Grant, type GrantRequest, renderStatements, statementsToGrant } from './grant.js';
export { decisionOf, mergeEvaluations, possibleOutcomes } from './outcomes.js';
export {
  type ParsedCondition,
  type ParsedPolicy,
  type ParsedPrincipal,
  type ParsedStatement,
  type ParseResult,
  type PolicyInput,
  parsePolicy,
  tryParsePolicy,
} from './parse.js';
export type {
  ConditionBlock,
  ContextValue,
  Decision,
  Effect,
  Outcome,
  PolicyDocument,
  PolicyEvaluation,
  PolicyScalar,
  PrincipalElement,
  PrincipalMatchKind,
  RequestContext,
  RequestPrincipal,
  Statement,
  StatementMatch,
} from './types.js';
export { matchWildcard } from './wildcard.js';
