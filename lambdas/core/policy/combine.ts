import { decisionOf } from './outcomes.js';
import type { Decision, Outcome, PolicyEvaluation, StatementMatch } from './types.js';

/**
 * Combining the identity side and the resource side of one request.
 *
 * - Explicit deny anywhere wins.
 * - Same account, S3: allowed when the identity-based policies or the bucket policy allow it.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * - Same account, KMS: the key policy must allow it, either naming the principal (then no IAM policy is needed) or
 *   naming the account (`arn:aws:iam::111122223333:root`), which only enables IAM policies, so an identity-based
 *   policy must allow it too. https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 *   https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * - Cross account, both services: the resource policy must allow the principal or its account, and the principal's
 *   identity-based policies must allow it.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 *   https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * - Guardrails (permissions boundary, SCPs, RCPs, session policies) must each allow it as well.
 */

/** What the resource side can say: a grant that names the principal, one that names only its account, or none. */
export type ResourceOutcome = 'allow-direct' | 'allow-account' | 'deny' | 'implicit-deny';

/**
 * A policy set that limits but never grants: it must allow, and its explicit deny wins. Applied to every grant,
 * including a resource policy's: right for role sessions such as the replication role's (AWS exempts only grants
 * that name an IAM user or a session ARN directly from a boundary's implicit deny).
 */
export interface Guardrail {
  /** e.g. `permissions boundary ReplicationBoundary`, `SCP p-abc123`. */
  readonly name: string;
  readonly evaluation: Decision | PolicyEvaluation;
}

/** Input of {@link combineDecisions}. */
export interface CombineParams {
  /** Whether the principal's account owns the resource. */
  readonly sameAccount: boolean;
  readonly service: 's3' | 'kms';
  /** The principal's identity-based policies, merged (see `evaluatePolicies`), or a decision made elsewhere. */
  readonly identity: Decision | PolicyEvaluation;
  /**
   * The bucket or key policy's evaluation (`evaluateResourcePolicy`), a decision made elsewhere (`implicit-deny` for a
   * bucket without a policy), or `unreadable` when it could not be read (e.g. another account's bucket policy).
   */
  readonly resource: Decision | PolicyEvaluation | 'unreadable';
  /**
   * Treat a resource-side allow as naming only the principal's account (delegating to IAM). Needed when `resource`
   * is a bare `allow`; with an evaluation the matched statements already say so.
   * @default false
   */
  readonly resourceGrantsAccountOnly?: boolean;
  /** @default [] */
  readonly guardrails?: readonly Guardrail[];
  /** How to call the resource policy in the reason. @default 'the bucket policy' or 'the key policy' */
  readonly resourceLabel?: string;
}

/** The combined decision, with a sentence saying why and the statements that decided it. */
export interface CombinedDecision {
  readonly decision: Decision;
  readonly reason: string;
  readonly possibleOutcomes: readonly Outcome[];
  /** Deny statements for `deny`, the allow statements relied on for `allow`, undecided ones for `unknown`. */
  readonly evidence: readonly StatementMatch[];
}

const ALL_OUTCOMES: readonly Outcome[] = ['allow', 'deny', 'implicit-deny'];
const ALL_RESOURCE_OUTCOMES: readonly ResourceOutcome[] = ['allow-direct', 'allow-account', 'deny', 'implicit-deny'];

function isEvaluation(value: unknown): value is PolicyEvaluation {
  return typeof value === 'object' && value !== null;
}

/** The outcomes a side can still have: an evaluation's possible outcomes; `unknown` is any of them. */
export function outcomesOf(side: Decision | PolicyEvaluation): readonly Outcome[] {
  if (isEvaluation(side)) return side.possibleOutcomes;
  return side === 'unknown' ? ALL_OUTCOMES : [side];
}

/** A grant that names the principal itself, not only its account. */
export const isDirectGrant = (m: StatementMatch) => m.principalMatch !== 'account';

/**
 * The outcomes the resource side can still have; `accountOnly` reads every allow as naming only the principal's
 * account.
 */
export function resourceOutcomes(side: CombineParams['resource'], accountOnly = false): ResourceOutcome[] {
  const allow = (direct: boolean): ResourceOutcome => (direct && !accountOnly ? 'allow-direct' : 'allow-account');
  if (side === 'unreadable' || side === 'unknown') return [...ALL_RESOURCE_OUTCOMES];
  if (!isEvaluation(side)) return [side === 'allow' ? allow(true) : side];
  if (side.deniedBy.length > 0) return ['deny'];
  const result = new Set<ResourceOutcome>();
  if (side.undecided.some((m) => m.effect === 'Deny')) result.add('deny');
  const undecidedAllows = side.undecided.filter((m) => m.effect === 'Allow');
  if (side.allowedBy.some(isDirectGrant)) {
    result.add(allow(true));
  } else {
    if (side.allowedBy.length > 0) result.add(allow(false));
    else result.add('implicit-deny');
    for (const m of undecidedAllows) result.add(allow(isDirectGrant(m)));
  }
  return [...result];
}

/** The outcomes the guardrails together can still have: each must allow, and any deny wins. */
export function guardrailOutcomes(guardrails: readonly Guardrail[]): Set<Outcome> {
  let combined = new Set<Outcome>(['allow']);
  for (const guardrail of guardrails) {
    const next = new Set<Outcome>();
    for (const a of combined) {
      for (const b of outcomesOf(guardrail.evaluation)) {
        next.add(
          a === 'deny' || b === 'deny'
            ? 'deny'
            : a === 'implicit-deny' || b === 'implicit-deny'
              ? 'implicit-deny'
              : 'allow',
        );
      }
    }
    combined = next;
  }
  return combined;
}

function concrete(params: CombineParams, identity: Outcome, resource: ResourceOutcome, guardrail: Outcome): Outcome {
  if (identity === 'deny' || resource === 'deny' || guardrail === 'deny') return 'deny';
  const identityAllows = identity === 'allow';
  let allowed: boolean;
  if (!params.sameAccount) allowed = resource !== 'implicit-deny' && identityAllows;
  else if (params.service === 's3') allowed = resource === 'allow-direct' || identityAllows;
  else allowed = resource === 'allow-direct' || (resource === 'allow-account' && identityAllows);
  if (!allowed) return 'implicit-deny';
  return guardrail === 'allow' ? 'allow' : 'implicit-deny';
}

function cite(matches: readonly StatementMatch[]): string {
  return matches
    .map((m) => (m.sid === undefined ? `${m.policyName} statement #${m.index}` : `${m.policyName} (Sid ${m.sid})`))
    .join(', ');
}

function withCitation(text: string, matches: readonly StatementMatch[]): string {
  return matches.length > 0 ? `${text} (${cite(matches)})` : text;
}

function single<T>(values: readonly T[]): T | undefined {
  return values.length === 1 ? values[0] : undefined;
}

interface Sides {
  readonly params: CombineParams;
  readonly label: string;
  readonly identity: readonly Outcome[];
  readonly resource: readonly ResourceOutcome[];
  readonly guardrails: readonly Guardrail[];
}

interface Explanation {
  readonly reason: string;
  readonly evidence: readonly StatementMatch[];
}

function evaluationOf(side: unknown): PolicyEvaluation | undefined {
  return isEvaluation(side) ? side : undefined;
}

function explainDeny(s: Sides): Explanation {
  const parts: string[] = [];
  const evidence: StatementMatch[] = [];
  const add = (label: string, side: Decision | PolicyEvaluation | 'unreadable') => {
    const denied = evaluationOf(side)?.deniedBy ?? [];
    if (denied.length > 0) {
      parts.push(withCitation(label, denied));
      evidence.push(...denied);
    } else if (side === 'deny') {
      parts.push(label);
    }
  };
  add('the identity-based policies', s.params.identity);
  add(s.label, s.params.resource);
  for (const g of s.guardrails) add(g.name, g.evaluation);
  return { reason: `explicitly denied by ${parts.join('; ')}`, evidence };
}

function explainAllow(s: Sides): Explanation {
  const identity = evaluationOf(s.params.identity)?.allowedBy ?? [];
  const resource = (evaluationOf(s.params.resource)?.allowedBy ?? []).filter((m) =>
    single(s.resource) === 'allow-direct' ? isDirectGrant(m) : true,
  );
  const tail = s.guardrails.length > 0 ? `; also allowed by ${s.guardrails.map((g) => g.name).join(', ')}` : '';
  const { sameAccount, service } = s.params;
  if (!sameAccount) {
    const how = single(s.resource) === 'allow-account' ? "grants the principal's account" : 'grants the principal';
    return {
      reason: `cross-account: ${withCitation('the identity-based policies allow it', identity)} and ${withCitation(`${s.label} ${how}`, resource)}${tail}`,
      evidence: [...identity, ...resource],
    };
  }
  if (service === 's3' && single(s.identity) === 'allow') {
    return {
      reason: `same account: ${withCitation('the identity-based policies allow it', identity)}${tail}`,
      evidence: identity,
    };
  }
  if (single(s.resource) === 'allow-direct') {
    return {
      reason: `same account: ${withCitation(`${s.label} allows the principal`, resource)}${tail}`,
      evidence: resource,
    };
  }
  return {
    reason: `same account: ${withCitation(`${s.label} enables IAM policies for the account`, resource)} and ${withCitation('the identity-based policies allow it', identity)}${tail}`,
    evidence: [...identity, ...resource],
  };
}

function explainImplicitDeny(s: Sides): string {
  const identity = single(s.identity);
  const resource = single(s.resource);
  const blocking = s.guardrails.filter((g) => single(outcomesOf(g.evaluation)) === 'implicit-deny').map((g) => g.name);
  const guard = blocking.length > 0 ? `; not allowed by ${blocking.join(', ')}` : '';
  const { sameAccount, service } = s.params;
  if (!sameAccount) {
    const missing: string[] = [];
    if (identity === 'implicit-deny') missing.push('the identity-based policies do not allow it');
    if (resource === 'implicit-deny') missing.push(`${s.label} allows neither the principal nor its account`);
    const detail = missing.length > 0 ? missing.join(' and ') : 'not both allow it';
    return `cross-account requests need both the identity-based policies and ${s.label} to allow them: ${detail}${guard}`;
  }
  if (service === 'kms') {
    if (resource === 'implicit-deny') {
      return `${s.label} allows neither the principal nor its account, and IAM policies alone cannot grant access to a KMS key${guard}`;
    }
    if (resource === 'allow-account' && identity === 'implicit-deny') {
      const grants = evaluationOf(s.params.resource)?.allowedBy ?? [];
      return `${withCitation(`${s.label} only enables IAM policies for the account`, grants)}, and the identity-based policies do not allow it${guard}`;
    }
  }
  if (blocking.length > 0 && identity !== 'implicit-deny') return `not allowed by ${blocking.join(', ')}`;
  return `same account: neither the identity-based policies nor ${s.label} allow it${guard}`;
}

function explainUnknown(s: Sides, outcomes: readonly Outcome[]): Explanation {
  const parts: string[] = [];
  const evidence: StatementMatch[] = [];
  const add = (label: string, side: Decision | PolicyEvaluation | 'unreadable') => {
    const evaluation = evaluationOf(side);
    if (side === 'unreadable') parts.push(`${label} could not be read`);
    else if (side === 'unknown') parts.push(`${label}: undecided`);
    else if (evaluation !== undefined && evaluation.undecided.length > 0) {
      for (const m of evaluation.undecided) parts.push(`${cite([m])} is undecided: ${m.undecided ?? 'unknown'}`);
      evidence.push(...evaluation.undecided);
    }
  };
  if (s.identity.length > 1) add('the identity-based policies', s.params.identity);
  if (s.resource.length > 1) add(s.label, s.params.resource);
  for (const g of s.guardrails) if (outcomesOf(g.evaluation).length > 1) add(g.name, g.evaluation);
  const detail = parts.length > 0 ? parts.join('; ') : 'some statements are undecided';
  return { reason: `cannot decide (could be ${outcomes.join(' or ')}): ${detail}`, evidence };
}

/**
 * Combines the identity side and the resource side (and any guardrails) of one request into one decision, with the
 * reason in words. Every combination of what each side may still turn out to be is considered, so the result is
 * `unknown` only when some of them lead to different outcomes (it never guesses, and never hides a possible deny).
 */
export function combineDecisions(params: CombineParams): CombinedDecision {
  const sides: Sides = {
    params,
    label: params.resourceLabel ?? (params.service === 's3' ? 'the bucket policy' : 'the key policy'),
    identity: outcomesOf(params.identity),
    resource: resourceOutcomes(params.resource, params.resourceGrantsAccountOnly ?? false),
    guardrails: params.guardrails ?? [],
  };
  const guardrail = guardrailOutcomes(sides.guardrails);
  const outcomes = new Set<Outcome>();
  for (const i of sides.identity)
    for (const r of sides.resource) for (const g of guardrail) outcomes.add(concrete(params, i, r, g));
  const possible = ALL_OUTCOMES.filter((o) => outcomes.has(o));
  const decision = decisionOf(possible);
  const explained =
    decision === 'deny'
      ? explainDeny(sides)
      : decision === 'allow'
        ? explainAllow(sides)
        : decision === 'implicit-deny'
          ? { reason: explainImplicitDeny(sides), evidence: [] }
          : explainUnknown(sides, possible);
  return { decision, possibleOutcomes: possible, ...explained };
}
