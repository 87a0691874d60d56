/**
 * The role side of a permission: what the replication role's identity-based policies, its permissions boundary and
 * the SCPs of its account say about one action on one resource.
 *
 * First choice: `SimulatePrincipalPolicy` (IAM's own evaluation, SCPs included), its matched statements named by
 * policy and `Sid`. When the doctor may not simulate (`iam:SimulatePrincipalPolicy` missing), the role's inline and
 * managed policies and its boundary, read as facts, are judged with the pure evaluator, and the SCPs too when
 * Organizations is readable.
 */
import {
  type Decision,
  decisionOf,
  evaluatePolicy,
  type Guardrail,
  MalformedPolicyError,
  mergeEvaluations,
  type PolicyEvaluation,
  possibleOutcomes,
  type RequestContext,
  type RequestPrincipal,
  type StatementMatch,
} from '../core/policy/index.js';
import type {
  Fact,
  InlinePolicyFact,
  ManagedPolicyFact,
  MatchedStatementFact,
  RoleFact,
  ServiceControlPoliciesFact,
  SimulationFact,
  SimulationResultFact,
} from './facts.js';
import { statementAt } from './policy-statements.js';
import type { RequiredPermission } from './replication-permissions.js';

/** The IAM action the doctor needs to simulate the role. */
export const SIMULATE_PERMISSION = 'iam:SimulatePrincipalPolicy';

/** The role's policies as read (for naming simulated statements, and for the evaluator fallback). */
export interface RolePolicies {
  readonly role: Fact<RoleFact>;
  readonly inline: Fact<readonly InlinePolicyFact[]>;
  readonly attached: Fact<readonly ManagedPolicyFact[]>;
  readonly boundary: Fact<ManagedPolicyFact>;
}

/** The role side of one permission, ready for `combineDecisions`. */
export interface RoleSide {
  /** The identity-based policies (inline and managed), merged. */
  readonly identity: Decision | PolicyEvaluation;
  /** Permissions boundary and SCPs. */
  readonly guardrails: readonly Guardrail[];
  /** `SimulatePrincipalPolicy`, or `role policies` when judged with the pure evaluator. */
  readonly via: 'SimulatePrincipalPolicy' | 'role policies';
  /** `EvalDecision` when simulated. */
  readonly evalDecision?: string;
  /** What else the reader should know (SCPs not evaluated, condition keys the simulation lacked…). */
  readonly notes: readonly string[];
  /** The doctor's own missing permission, when the side could not be decided for lack of it. */
  readonly missingPermission?: string;
}

function evaluationOf(
  allowedBy: readonly StatementMatch[],
  deniedBy: readonly StatementMatch[],
  undecided: readonly StatementMatch[] = [],
): PolicyEvaluation {
  const outcomes = possibleOutcomes({ allowedBy, deniedBy, undecided });
  return { decision: decisionOf(outcomes), allowedBy, deniedBy, undecided, ignored: [], possibleOutcomes: outcomes };
}

/** A policy whose document is missing: it may allow or deny anything. */
function undecidedPolicy(policyName: string, why: string): PolicyEvaluation {
  return evaluationOf(
    [],
    [],
    [
      { policyName, index: 0, effect: 'Allow', undecided: why },
      { policyName, index: 0, effect: 'Deny', undecided: why },
    ],
  );
}

function safeEvaluate(document: string, policyName: string, ctx: RequestContext): PolicyEvaluation {
  try {
    return evaluatePolicy(document, policyName, ctx);
  } catch (error) {
    if (error instanceof MalformedPolicyError)
      return undecidedPolicy(policyName, `not a valid policy (${error.message})`);
    throw error;
  }
}

/** The evaluator's request context for a permission, made by the role. */
export function requestContextOf(permission: RequiredPermission, principal: RequestPrincipal): RequestContext {
  const conditionKeys: Record<string, string | boolean | readonly string[]> = {};
  for (const e of permission.context) {
    conditionKeys[e.ContextKeyName] = e.ContextKeyType.endsWith('List')
      ? [...e.ContextKeyValues]
      : e.ContextKeyType === 'boolean'
        ? e.ContextKeyValues[0] === 'true'
        : (e.ContextKeyValues[0] ?? '');
  }
  // Any other key (aws:SourceIp, aws:SourceVpce…) is not knowable for a request S3 makes itself: undecided.
  return { principal, action: permission.action, resource: permission.resource, conditionKeys, unknownKeys: 'unknown' };
}

const lastSegment = (arn: string) => arn.split('/').pop() ?? arn;

/** How a policy is named in evidence. */
export function inlinePolicyName(name: string): string {
  return `role policy ${name}`;
}
export function managedPolicyName(policy: Pick<ManagedPolicyFact, 'PolicyArn' | 'PolicyName'>): string {
  return `managed policy ${policy.PolicyName ?? lastSegment(policy.PolicyArn)}`;
}
export function boundaryName(policy: Pick<ManagedPolicyFact, 'PolicyArn' | 'PolicyName'>): string {
  return `permissions boundary ${policy.PolicyName ?? lastSegment(policy.PolicyArn)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// SCPs

/** SCPs may omit `Resource` (it then means every resource); the identity evaluator needs one. */
function withDefaultResource(document: string): string {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    const statements = list.map((s: unknown) =>
      typeof s === 'object' && s !== null && !('Resource' in s) && !('NotResource' in s) ? { ...s, Resource: '*' } : s,
    );
    return JSON.stringify({ ...parsed, Statement: statements });
  } catch {
    return document;
  }
}

function targetLabel(target: { Id: string; Type: string }): string {
  if (target.Type === 'ROOT') return `the organization root ${target.Id}`;
  if (target.Type === 'ACCOUNT') return `account ${target.Id}`;
  return `OU ${target.Id}`;
}

/** One guardrail per level of the organization (root, OUs, account): each level must allow, any deny wins. */
export function scpGuardrails(fact: ServiceControlPoliciesFact, ctx: RequestContext): Guardrail[] {
  return fact.path.map((target) => {
    const evaluations = target.policies.map((p) => {
      const name = `SCP ${p.Name ?? p.Id}${p.Name ? ` (${p.Id})` : ''}`;
      return p.document
        ? safeEvaluate(withDefaultResource(p.document), name, ctx)
        : undecidedPolicy(name, p.documentUnknown ?? 'document not read');
    });
    return { name: `SCPs on ${targetLabel(target)}`, evaluation: mergeEvaluations(evaluations) };
  });
}

function outcomeOf(evaluation: Decision | PolicyEvaluation): Decision {
  return typeof evaluation === 'string' ? evaluation : evaluation.decision;
}

/** The SCP guardrails when the simulator says the organization does not allow the request. */
function deniedByOrganizations(
  scps: Fact<ServiceControlPoliciesFact> | undefined,
  ctx: RequestContext,
  account: string,
  explicit: boolean,
): { guardrails: Guardrail[]; notes: string[] } {
  // With no deny statement in the role's policies or boundary, an explicit deny can only come from the SCPs.
  const bare: Guardrail = {
    name: `SCPs of account ${account} (AllowedByOrganizations=false)`,
    evaluation: explicit ? 'deny' : 'implicit-deny',
  };
  if (scps?.state !== 'ok') {
    const why =
      scps === undefined
        ? 'Organizations was not read'
        : scps.state === 'absent'
          ? `Organizations answered ${scps.code}`
          : scps.reason;
    return { guardrails: [bare], notes: [`the SCP that blocks it could not be named: ${why}`] };
  }
  const levels = scpGuardrails(scps.value, ctx).filter((g) => {
    const outcome = outcomeOf(g.evaluation);
    return outcome === 'deny' || outcome === 'implicit-deny';
  });
  if (levels.length > 0) return { guardrails: levels, notes: [] };
  return {
    guardrails: [bare],
    notes: [
      'the simulator says the SCPs do not allow it, but their documents do not show which statement (SCPs with global condition keys are not simulated faithfully)',
    ],
  };
}

/** SCP guardrails for the evaluator fallback. */
function organizationGuardrails(
  scps: Fact<ServiceControlPoliciesFact> | undefined,
  ctx: RequestContext,
): { guardrails: Guardrail[]; notes: string[] } {
  if (scps === undefined) return { guardrails: [], notes: ['SCPs were not evaluated'] };
  if (scps.state === 'absent') return { guardrails: [], notes: [] };
  if (scps.state === 'unknown') return { guardrails: [], notes: [`SCPs were not evaluated: ${scps.reason}`] };
  return { guardrails: scpGuardrails(scps.value, ctx), notes: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Simulation

interface Located {
  readonly match: StatementMatch;
  readonly inBoundary: boolean;
}

function sameManaged(policy: ManagedPolicyFact, id: string): boolean {
  return policy.PolicyArn === id || policy.PolicyName === id || lastSegment(policy.PolicyArn) === id;
}

/** Names a matched statement: the policy it belongs to, and its `Sid` read at the reported position. */
/** Without a usable position, the statement of that effect the evaluator finds in the same document. */
function byEvaluation(
  document: string,
  policyName: string,
  ctx: RequestContext,
  effect: 'Allow' | 'Deny',
): StatementMatch | undefined {
  try {
    const evaluation = evaluatePolicy(document, policyName, ctx);
    const matches = effect === 'Deny' ? evaluation.deniedBy : evaluation.allowedBy;
    return matches[0] ?? evaluation.undecided.find((u) => u.effect === effect);
  } catch {
    return undefined;
  }
}

function locate(
  m: MatchedStatementFact,
  policies: RolePolicies,
  fallbackEffect: 'Allow' | 'Deny',
  ctx: RequestContext,
): Located {
  const id = m.SourcePolicyId ?? '';
  let document: string | undefined;
  let policyName = id || 'an unnamed policy';
  let inBoundary = false;
  const boundaryArn = policies.role.state === 'ok' ? policies.role.value.PermissionsBoundaryArn : undefined;
  const boundary = policies.boundary.state === 'ok' ? policies.boundary.value : undefined;
  const inline = policies.inline.state === 'ok' ? policies.inline.value.find((p) => p.PolicyName === id) : undefined;
  if (m.SourcePolicyType === 'role' || (inline && m.SourcePolicyType === undefined)) {
    policyName = inlinePolicyName(id);
    document = inline?.document;
  } else if (boundary && sameManaged(boundary, id)) {
    policyName = boundaryName(boundary);
    document = boundary.document;
    inBoundary = true;
  } else if (boundaryArn && (boundaryArn === id || lastSegment(boundaryArn) === id)) {
    policyName = boundaryName({ PolicyArn: boundaryArn });
    inBoundary = true;
  } else {
    const attached =
      policies.attached.state === 'ok' ? policies.attached.value.find((p) => sameManaged(p, id)) : undefined;
    if (attached) {
      policyName = managedPolicyName(attached);
      document = attached.document;
    } else if (id) {
      policyName = `policy ${id}`;
    }
  }
  const located = document && m.StartPosition ? statementAt(document, m.StartPosition) : undefined;
  const effect = located?.effect === 'Allow' || located?.effect === 'Deny' ? located.effect : fallbackEffect;
  if (located === undefined && document !== undefined) {
    const found = byEvaluation(document, policyName, ctx, effect);
    if (found)
      return {
        match: { policyName, index: found.index, effect, ...(found.sid ? { sid: found.sid } : {}) },
        inBoundary,
      };
  }
  const match: StatementMatch = {
    policyName,
    index: located?.index ?? 0,
    effect,
    ...(located?.sid ? { sid: located.sid } : {}),
  };
  return { match, inBoundary };
}

function fromSimulation(
  result: SimulationResultFact,
  policies: RolePolicies,
  scps: Fact<ServiceControlPoliciesFact> | undefined,
  ctx: RequestContext,
  roleAccount: string,
): RoleSide {
  const fallbackEffect = result.EvalDecision === 'explicitDeny' ? 'Deny' : 'Allow';
  const located = result.MatchedStatements.map((m) => locate(m, policies, fallbackEffect, ctx));
  const own = located.filter((l) => !l.inBoundary).map((l) => l.match);
  const bounded = located.filter((l) => l.inBoundary).map((l) => l.match);
  const allows = own.filter((m) => m.effect === 'Allow');
  const denies = own.filter((m) => m.effect === 'Deny');
  const notes: string[] = [];
  const missing = result.MissingContextValues;
  let identity: Decision | PolicyEvaluation;
  if (result.EvalDecision === 'allowed') identity = allows.length > 0 ? evaluationOf(allows, []) : 'allow';
  else if (result.EvalDecision === 'explicitDeny') {
    // Only the deny statements are reported when a deny wins; the identity side is then whatever, it is denied.
    identity = denies.length > 0 ? evaluationOf([], denies) : 'unknown';
  } else if (allows.length > 0) identity = evaluationOf(allows, []);
  else if (missing.length > 0) {
    identity = 'unknown';
    notes.push(
      `the role's policies depend on condition keys the doctor cannot know for S3's requests: ${missing.join(', ')}`,
    );
  } else identity = 'implicit-deny';

  const guardrails: Guardrail[] = [];
  const boundaryArn = policies.role.state === 'ok' ? policies.role.value.PermissionsBoundaryArn : undefined;
  const boundaryLabel =
    policies.boundary.state === 'ok'
      ? boundaryName(policies.boundary.value)
      : boundaryArn
        ? boundaryName({ PolicyArn: boundaryArn })
        : 'permissions boundary';
  const boundaryDenies = bounded.filter((m) => m.effect === 'Deny');
  if (boundaryDenies.length > 0) guardrails.push({ name: boundaryLabel, evaluation: evaluationOf([], boundaryDenies) });
  else if (result.AllowedByPermissionsBoundary === false)
    guardrails.push({ name: boundaryLabel, evaluation: 'implicit-deny' });
  else if (result.AllowedByPermissionsBoundary === true) {
    const boundaryAllows = bounded.filter((m) => m.effect === 'Allow');
    guardrails.push({
      name: boundaryLabel,
      evaluation: boundaryAllows.length > 0 ? evaluationOf(boundaryAllows, []) : 'allow',
    });
  }
  if (result.AllowedByOrganizations === false) {
    const explicit = result.EvalDecision === 'explicitDeny' && denies.length === 0 && boundaryDenies.length === 0;
    const scp = deniedByOrganizations(scps, ctx, roleAccount, explicit);
    guardrails.push(...scp.guardrails);
    notes.push(...scp.notes);
  }
  if (
    result.EvalDecision === 'explicitDeny' &&
    denies.length === 0 &&
    boundaryDenies.length === 0 &&
    result.AllowedByOrganizations !== false
  ) {
    identity = 'deny';
    notes.push('the simulator reports an explicit deny without naming the statement');
  }
  return { identity, guardrails, via: 'SimulatePrincipalPolicy', evalDecision: result.EvalDecision, notes };
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluator fallback

function fromPolicies(
  policies: RolePolicies,
  scps: Fact<ServiceControlPoliciesFact> | undefined,
  ctx: RequestContext,
  simulationReason: string,
): RoleSide {
  const notes = [`SimulatePrincipalPolicy could not be used (${simulationReason}); judged from the role's policies`];
  const missing = { missingPermission: SIMULATE_PERMISSION };
  if (policies.inline.state !== 'ok' || policies.attached.state !== 'ok') {
    const broken = policies.inline.state !== 'ok' ? policies.inline : policies.attached;
    const why = broken.state === 'unknown' ? broken.reason : broken.state === 'absent' ? broken.code : '';
    return {
      identity: 'unknown',
      guardrails: [],
      via: 'role policies',
      notes: [...notes, `the role's policies could not be read either: ${why}`],
      ...missing,
    };
  }
  const evaluations: PolicyEvaluation[] = [
    ...policies.inline.value.map((p) => safeEvaluate(p.document, inlinePolicyName(p.PolicyName), ctx)),
    ...policies.attached.value.map((p) =>
      p.document
        ? safeEvaluate(p.document, managedPolicyName(p), ctx)
        : undecidedPolicy(managedPolicyName(p), p.documentUnknown ?? 'document not read'),
    ),
  ];
  const identity = mergeEvaluations(evaluations);
  const guardrails: Guardrail[] = [];
  const boundaryArn = policies.role.state === 'ok' ? policies.role.value.PermissionsBoundaryArn : undefined;
  if (boundaryArn) {
    const boundary = policies.boundary.state === 'ok' ? policies.boundary.value : undefined;
    const name = boundaryName(boundary ?? { PolicyArn: boundaryArn });
    guardrails.push({
      name,
      evaluation: boundary?.document
        ? safeEvaluate(boundary.document, name, ctx)
        : undecidedPolicy(name, boundary?.documentUnknown ?? 'the boundary could not be read'),
    });
  }
  const scp = organizationGuardrails(scps, ctx);
  guardrails.push(...scp.guardrails);
  return { identity, guardrails, via: 'role policies', notes: [...notes, ...scp.notes], ...missing };
}

/**
 * The role side of one permission: from the simulation when there is one for it, else from the role's policies.
 * `simulation` is the fact of the simulation request that covers the permission (or `undefined` when not read).
 */
export function roleSideOf(params: {
  readonly permission: RequiredPermission;
  readonly simulation: Fact<SimulationFact> | undefined;
  readonly policies: RolePolicies;
  readonly scps: Fact<ServiceControlPoliciesFact> | undefined;
  readonly principal: RequestPrincipal;
  readonly roleAccount: string;
}): RoleSide {
  const { permission, simulation, policies, scps, principal, roleAccount } = params;
  const ctx = requestContextOf(permission, principal);
  if (simulation?.state === 'ok') {
    const result = simulation.value.results.find((r) => r.EvalActionName === permission.action);
    if (result) return fromSimulation(result, policies, scps, ctx, roleAccount);
  }
  const why =
    simulation === undefined
      ? 'not run'
      : simulation.state === 'ok'
        ? `no result for ${permission.action}`
        : simulation.state === 'absent'
          ? simulation.code
          : simulation.reason;
  return fromPolicies(policies, scps, ctx, why);
}

/** Whether the role side needs the account's SCPs: the simulator blamed them, or it could not be used. */
export function needsServiceControlPolicies(simulation: Fact<SimulationFact> | undefined): boolean {
  if (simulation === undefined || simulation.state === 'absent') return false;
  if (simulation.state === 'unknown') return true;
  return simulation.value.results.some((r) => r.AllowedByOrganizations === false);
}
