import type { Decision, Outcome, PolicyEvaluation, StatementMatch } from './types.js';

/**
 * Which outcomes remain possible given the statements that certainly apply and those that may apply.
 * An explicit deny overrides any allow; with no applicable allow the request is implicitly denied.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
export function possibleOutcomes(
  evaluation: Pick<PolicyEvaluation, 'allowedBy' | 'deniedBy' | 'undecided'>,
): Outcome[] {
  if (evaluation.deniedBy.length > 0) return ['deny'];
  const outcomes: Outcome[] = [];
  if (evaluation.undecided.some((m) => m.effect === 'Deny')) outcomes.push('deny');
  if (evaluation.allowedBy.length > 0) outcomes.push('allow');
  else if (evaluation.undecided.some((m) => m.effect === 'Allow')) outcomes.push('allow', 'implicit-deny');
  else outcomes.push('implicit-deny');
  return outcomes;
}

/** The single outcome, or `unknown` when several remain. */
export function decisionOf(outcomes: readonly Outcome[]): Decision {
  const [only, ...rest] = outcomes;
  return only !== undefined && rest.length === 0 ? only : 'unknown';
}

/** Builds a {@link PolicyEvaluation} from its statement lists. */
export function toEvaluation(lists: {
  allowedBy: StatementMatch[];
  deniedBy: StatementMatch[];
  undecided: StatementMatch[];
  ignored: StatementMatch[];
}): PolicyEvaluation {
  const outcomes = possibleOutcomes(lists);
  return { decision: decisionOf(outcomes), possibleOutcomes: outcomes, ...lists };
}

/**
 * Joins evaluations of policies of the same kind (e.g. all identity policies of a role, inline and managed):
 * any allow allows, any deny denies.
 */
export function mergeEvaluations(evaluations: readonly PolicyEvaluation[]): PolicyEvaluation {
  return toEvaluation({
    allowedBy: evaluations.flatMap((e) => e.allowedBy),
    deniedBy: evaluations.flatMap((e) => e.deniedBy),
    undecided: evaluations.flatMap((e) => e.undecided),
    ignored: evaluations.flatMap((e) => e.ignored),
  });
}
