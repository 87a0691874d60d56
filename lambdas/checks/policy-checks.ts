/**
 * Judging replication's permissions on both sides and turning the judgement into check results.
 *
 * For each permission replication needs (see `replication-permissions.ts`), the role side (identity policies,
 * permissions boundary, SCPs: `role-side.ts`) and the resource side (bucket policy or KMS key policy, pure evaluator)
 * are combined with `combineDecisions`: explicit deny anywhere wins; same account S3 needs either side to allow; KMS
 * needs the key policy to allow the role, or its account plus an identity policy; cross account needs both sides.
 * Then each side is told whether it is at fault, so the role checks and the policy checks each fail for their own
 * part and name the policy and `Sid` that decided it.
 */
import {
  type CombinedDecision,
  combineDecisions,
  type Decision,
  evaluateResourcePolicy,
  guardrailOutcomes,
  isDirectGrant,
  outcomesOf,
  type PolicyEvaluation,
  type RequestPrincipal,
  type ResourceOutcome,
  renderStatements,
  resourceOutcomes,
  type StatementMatch,
  statementsToGrant,
  tryParsePolicy,
} from '../core/policy/index.js';
import { type ResultExtras, result } from './check.js';
import {
  accountOfArn,
  accountRequests,
  bucketArn,
  destinationRequests,
  replicationRequest,
  roleRequest,
  ruleOf,
  shellQuote,
  sourceFactRequest,
} from './derive.js';
import {
  type Fact,
  type FactRequest,
  type FactsSnapshot,
  factFor,
  getFact,
  type ServiceControlPoliciesFact,
} from './facts.js';
import {
  type PermissionScope,
  planScope,
  type RequiredPermission,
  type ScopePlan,
  scopeInputs,
  simulationRequestFor,
  simulationRequests,
} from './replication-permissions.js';
import {
  needsServiceControlPolicies,
  type RolePolicies,
  type RoleSide,
  requestContextOf,
  roleSideOf,
} from './role-side.js';
import { destinationKeyOf } from './rules/destination-kms-key.js';
import { sourceKeyOf } from './rules/source-kms-key.js';
import type { CheckId, CheckResult, CheckStatus, CheckSubject, Evidence } from './types.js';

type ReadyPlan = Extract<ScopePlan, { kind: 'ready' }>;

/** The resource side of one permission. */
export interface ResourceSide {
  readonly evaluation: Decision | PolicyEvaluation | 'unreadable';
  /** `policy`: a document was evaluated; `none`: the bucket has no policy; `unreadable`: it could not be read. */
  readonly state: 'policy' | 'none' | 'unreadable';
  readonly reason?: string;
  readonly missingPermission?: string;
}

/** How one side stands for one permission. */
export interface SideVerdict {
  readonly status: Exclude<CheckStatus, 'skipped'>;
  /** Why it fails: an explicit deny, or no grant where one is needed. */
  readonly fault?: 'deny' | 'lacks';
}

/** One permission, judged. */
export interface PermissionJudgement {
  readonly permission: RequiredPermission;
  readonly roleSide?: RoleSide;
  readonly resourceSide: ResourceSide;
  readonly combined: CombinedDecision;
  readonly role: SideVerdict;
  readonly resource: SideVerdict;
}

/** A scope's permissions judged, or why they could not be. */
export type ScopeJudgement =
  | { readonly kind: 'ready'; readonly plan: ReadyPlan; readonly judgements: readonly PermissionJudgement[] }
  | { readonly kind: 'skipped'; readonly summary: string; readonly evidence: readonly Evidence[] }
  | { readonly kind: 'unknown'; readonly result: Omit<CheckResult, 'id'> };

// ---------------------------------------------------------------------------------------------------------------
// Facts

function rolePolicies(roleArn: string, facts: FactsSnapshot | undefined): RolePolicies {
  return {
    role: factFor(facts, roleRequest(roleArn)),
    inline: factFor(facts, { kind: 'role', roleArn, fact: 'inlinePolicies' }),
    attached: factFor(facts, { kind: 'role', roleArn, fact: 'attachedPolicies' }),
    boundary: factFor(facts, { kind: 'role', roleArn, fact: 'permissionsBoundary' }),
  };
}

function scpRequest(accountId: string): FactRequest {
  return { kind: 'account', accountId, fact: 'serviceControlPolicies' };
}

/**
 * What the policy checks of some scopes read: the rule and what it points to, the role's policies, the bucket or key
 * policies, the role's simulations, and the SCPs of the role's account when the simulation blames them (or cannot
 * be used).
 */
export function scopeNeeds(
  scopes: readonly PermissionScope[],
  subject: CheckSubject,
  facts: FactsSnapshot | undefined,
): FactRequest[] {
  const needs: FactRequest[] = [replicationRequest(subject)];
  // The source side does not depend on the configuration: read it in the first round.
  for (const scope of scopes) {
    if (scope === 'source' || scope === 'source-key') needs.push(...scopeInputs(scope, subject));
  }
  const { config } = ruleOf(subject, facts);
  if (!config) return needs;
  // Destination facts wait for the rule, whose Destination.Account says which credentials read them.
  needs.push(...accountRequests(subject, facts));
  for (const scope of scopes) {
    if (scope === 'destination' || scope === 'destination-key') {
      needs.push(
        ...destinationRequests(subject, facts, [
          'location',
          ...(scope === 'destination-key' ? (['encryption'] as const) : []),
        ]),
      );
      needs.push(...scopeInputs(scope, subject));
    }
  }
  const roleArn = config.Role;
  needs.push(
    roleRequest(roleArn),
    { kind: 'role', roleArn, fact: 'inlinePolicies' },
    { kind: 'role', roleArn, fact: 'attachedPolicies' },
    { kind: 'role', roleArn, fact: 'permissionsBoundary' },
  );
  const role = facts && getFact(facts, roleRequest(roleArn));
  for (const scope of scopes) {
    if (scope === 'source') needs.push(sourceFactRequest(subject, 'policy'));
    if (scope === 'destination') needs.push(...destinationRequests(subject, facts, ['policy']));
    if (scope === 'source-key') {
      const key = sourceKeyOf(subject, facts);
      if (key.kind === 'key' && key.request) needs.push(key.request);
    }
    if (scope === 'destination-key') {
      const key = destinationKeyOf(subject, facts);
      if (key.kind === 'key' && key.request) needs.push(key.request);
    }
    const plan = planScope(scope, subject, facts);
    if (plan.kind !== 'ready') continue;
    needs.push(plan.policyRequest);
    if (role === undefined || role.state === 'absent') continue;
    const simulations = simulationRequests(plan);
    needs.push(...simulations);
    const account = accountOfArn(roleArn);
    if (account && simulations.some((r) => needsServiceControlPolicies(facts && getFact(facts, r)))) {
      needs.push(scpRequest(account));
    }
  }
  return needs;
}

// ---------------------------------------------------------------------------------------------------------------
// Judgement

function only<T>(values: ReadonlySet<T> | readonly T[]): T | undefined {
  const list = [...values];
  return list.length === 1 ? list[0] : undefined;
}

function roleVerdict(
  combined: CombinedDecision,
  side: RoleSide,
  resource: Set<ResourceOutcome>,
  sameAccount: boolean,
): SideVerdict {
  if (combined.decision === 'allow') return { status: 'pass' };
  const identity = new Set(outcomesOf(side.identity));
  const guard = guardrailOutcomes(side.guardrails);
  if (only(identity) === 'deny' || only(guard) === 'deny') return { status: 'fail', fault: 'deny' };
  if (only(guard) === 'implicit-deny') return { status: 'fail', fault: 'lacks' };
  // A grant naming the role directly in the resource policy suffices in the same account (S3 and KMS alike).
  const required = !sameAccount || ![...resource].some((r) => r === 'allow-direct');
  if (only(identity) === 'implicit-deny' && required) return { status: 'fail', fault: 'lacks' };
  if (only(identity) === 'allow' && only(guard) === 'allow') return { status: 'pass' };
  return { status: 'unknown' };
}

function resourceVerdict(
  combined: CombinedDecision,
  resource: Set<ResourceOutcome>,
  sameAccount: boolean,
  service: 's3' | 'kms',
): SideVerdict {
  if (combined.decision === 'allow') return { status: 'pass' };
  if (only(resource) === 'deny') return { status: 'fail', fault: 'deny' };
  const required = !sameAccount || service === 'kms';
  if (required && only(resource) === 'implicit-deny') return { status: 'fail', fault: 'lacks' };
  if (resource.has('deny')) return { status: 'unknown' };
  if (!required || !resource.has('implicit-deny')) return { status: 'pass' };
  return { status: 'unknown' };
}

function resourceSideOf(
  plan: ReadyPlan,
  fact: Fact<string>,
  principal: RequestPrincipal,
  permission: RequiredPermission,
): ResourceSide {
  if (fact.state === 'absent') return { evaluation: 'implicit-deny', state: 'none', reason: fact.code };
  if (fact.state === 'unknown') {
    return {
      evaluation: 'unreadable',
      state: 'unreadable',
      reason: fact.reason,
      ...(fact.missingPermission ? { missingPermission: fact.missingPermission } : {}),
    };
  }
  const parsed = tryParsePolicy(fact.value);
  if (!parsed.ok) {
    return {
      evaluation: 'unreadable',
      state: 'unreadable',
      reason: `the ${plan.resourceLabel} is not a valid policy (${parsed.error.message})`,
    };
  }
  return {
    evaluation: evaluateResourcePolicy(parsed.policy, plan.policyName, requestContextOf(permission, principal)),
    state: 'policy',
  };
}

function resourceOnlyDecision(side: ResourceSide, plan: ReadyPlan): CombinedDecision {
  const outcomes = new Set(resourceOutcomes(side.evaluation));
  const evaluation = typeof side.evaluation === 'object' ? side.evaluation : undefined;
  if (only(outcomes) === 'deny') {
    return {
      decision: 'deny',
      possibleOutcomes: ['deny'],
      reason: `explicitly denied by the ${plan.resourceLabel}`,
      evidence: evaluation?.deniedBy ?? [],
    };
  }
  if ([...outcomes].every((o) => o === 'allow-direct' || o === 'allow-account')) {
    return {
      decision: 'allow',
      possibleOutcomes: ['allow'],
      reason: `granted by the ${plan.resourceLabel}`,
      evidence: evaluation?.allowedBy ?? [],
    };
  }
  if (only(outcomes) === 'implicit-deny') {
    return {
      decision: 'implicit-deny',
      possibleOutcomes: ['implicit-deny'],
      reason: `the ${plan.resourceLabel} does not grant it`,
      evidence: [],
    };
  }
  return {
    decision: 'unknown',
    possibleOutcomes: ['allow', 'deny', 'implicit-deny'],
    reason:
      side.state === 'unreadable'
        ? `the ${plan.resourceLabel} could not be read`
        : `the ${plan.resourceLabel} is undecided`,
    evidence: evaluation?.undecided ?? [],
  };
}

function judgeOne(
  plan: ReadyPlan,
  permission: RequiredPermission,
  roleSide: RoleSide | undefined,
  resourceSide: ResourceSide,
): PermissionJudgement {
  const resource = new Set(resourceOutcomes(resourceSide.evaluation));
  if (roleSide === undefined) {
    const combined = resourceOnlyDecision(resourceSide, plan);
    const status: SideVerdict =
      combined.decision === 'allow'
        ? { status: 'pass' }
        : combined.decision === 'deny'
          ? { status: 'warn', fault: 'deny' }
          : combined.decision === 'implicit-deny'
            ? { status: 'warn', fault: 'lacks' }
            : { status: 'unknown' };
    return { permission, resourceSide, combined, role: { status: 'pass' }, resource: status };
  }
  const combine = (sameAccount: boolean) =>
    combineDecisions({
      sameAccount,
      service: permission.service,
      identity: roleSide.identity,
      resource: resourceSide.evaluation,
      guardrails: roleSide.guardrails,
      resourceLabel: permission.service === 'kms' ? 'the key policy' : `the ${plan.resourceLabel}`,
    });
  const verdicts = (sameAccount: boolean) => {
    const combined = combine(sameAccount);
    return {
      combined,
      role: roleVerdict(combined, roleSide, resource, sameAccount),
      resource: resourceVerdict(combined, resource, sameAccount, permission.service),
    };
  };
  if (plan.sameAccount !== undefined) {
    return { permission, roleSide, resourceSide, ...verdicts(plan.sameAccount) };
  }
  // The owner of the bucket is not known: decide only what both cases agree on.
  const same = verdicts(true);
  const other = verdicts(false);
  const agree = (a: SideVerdict, b: SideVerdict): SideVerdict =>
    a.status === b.status && a.fault === b.fault ? a : { status: 'unknown' };
  const combined: CombinedDecision =
    same.combined.decision === other.combined.decision
      ? same.combined
      : {
          decision: 'unknown',
          possibleOutcomes: [...new Set([...same.combined.possibleOutcomes, ...other.combined.possibleOutcomes])],
          reason: `it is not known whether ${plan.resourceName} belongs to the role's account (same account: ${same.combined.reason}; another account: ${other.combined.reason})`,
          evidence: [],
        };
  return {
    permission,
    roleSide,
    resourceSide,
    combined,
    role: agree(same.role, other.role),
    resource: agree(same.resource, other.resource),
  };
}

/** Judges every permission of a scope. */
export function judgeScope(scope: PermissionScope, subject: CheckSubject, facts: FactsSnapshot): ScopeJudgement {
  const plan = planScope(scope, subject, facts);
  if (plan.kind === 'none') return { kind: 'skipped', summary: `Not needed: ${plan.why}.`, evidence: plan.evidence };
  if (plan.kind === 'unknown') {
    const missing = plan.fact.missingPermission;
    return {
      kind: 'unknown',
      result: {
        status: 'unknown',
        summary: `Could not read ${plan.what}: ${plan.fact.reason}.`,
        evidence: [{ ...plan.evidence, value: plan.fact.reason }],
        ...(missing ? { missingPermission: missing } : {}),
      },
    };
  }
  if (plan.kind === 'wait') {
    return {
      kind: 'unknown',
      result: { status: 'unknown', summary: `Could not judge the permissions: ${plan.why}.`, evidence: [] },
    };
  }
  const policies = rolePolicies(plan.roleArn, facts);
  if (policies.role.state === 'absent') {
    return {
      kind: 'skipped',
      summary: `Role ${plan.roleArn} does not exist (${policies.role.code}); see role-exists.`,
      evidence: [{ source: 'GetRole', field: plan.roleArn, value: policies.role.code }],
    };
  }
  const roleAccount = plan.roleAccount ?? '';
  const principal: RequestPrincipal = {
    arn: plan.roleArn,
    accountId: roleAccount,
    ...(policies.role.state === 'ok'
      ? { hasPermissionsBoundary: policies.role.value.PermissionsBoundaryArn !== undefined }
      : {}),
  };
  const policyFact = factFor(facts, plan.policyRequest) as Fact<string>;
  const scps: Fact<ServiceControlPoliciesFact> | undefined = roleAccount
    ? (getFact(facts, scpRequest(roleAccount)) as Fact<ServiceControlPoliciesFact> | undefined)
    : undefined;
  const judgements = plan.permissions.map((permission) => {
    const resourceSide = resourceSideOf(plan, policyFact, principal, permission);
    if (permission.resourceOnly) return judgeOne(plan, permission, undefined, resourceSide);
    const request = simulationRequestFor(plan, permission);
    const simulation = request ? getFact(facts, request) : undefined;
    const roleSide = roleSideOf({ permission, simulation, policies, scps, principal, roleAccount });
    return judgeOne(plan, permission, roleSide, resourceSide);
  });
  return { kind: 'ready', plan, judgements };
}

// ---------------------------------------------------------------------------------------------------------------
// Results

function cite(m: StatementMatch): string {
  return m.sid === undefined ? `${m.policyName} statement #${m.index}` : `${m.policyName} (Sid ${m.sid})`;
}

function listText(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function clip(text: string, max = 700): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** Groups judgements by resource and reason: "s3:A, s3:B on arn — reason". */
function groupedText(judgements: readonly PermissionJudgement[]): string {
  const groups = new Map<string, { actions: string[]; resource: string; because: Set<string>; reason: string }>();
  for (const j of judgements) {
    const key = `${j.permission.resource}|${j.combined.reason}`;
    const group = groups.get(key) ?? {
      actions: [],
      resource: j.permission.resource,
      because: new Set<string>(),
      reason: j.combined.reason,
    };
    group.actions.push(j.permission.action);
    if (j.permission.because) group.because.add(j.permission.because);
    groups.set(key, group);
  }
  const parts = [...groups.values()].map((g) => {
    const because = g.because.size > 0 ? ` (needed because ${[...g.because].join('; ')})` : '';
    return `${listText(g.actions)} on ${g.resource}${because}: ${g.reason}`;
  });
  return parts.slice(0, 3).join('; ') + (parts.length > 3 ? `; and ${parts.length - 3} more` : '');
}

function decisionValue(j: PermissionJudgement): string {
  return j.roleSide?.evalDecision
    ? `${j.combined.decision} (simulated ${j.roleSide.evalDecision})`
    : j.combined.decision;
}

function statementEvidence(
  j: PermissionJudgement,
  source: string,
  matches: readonly StatementMatch[],
  decision = decisionValue(j),
): Evidence[] {
  const field = `${j.permission.action} on ${j.permission.resource}`;
  if (matches.length === 0) return [{ source, field, value: decision }];
  const seen = new Set<string>();
  return matches.flatMap((m) => {
    const key = `${m.policyName}|${m.sid ?? m.index}|${m.effect}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      { source, field, value: `${decision}: ${m.effect}`, policy: m.policyName, ...(m.sid ? { sid: m.sid } : {}) },
    ];
  });
}

/** The statements that decided the role side of a permission. */
function roleStatements(j: PermissionJudgement, plan: ReadyPlan): StatementMatch[] {
  const combined = j.combined.evidence.filter(
    (m) => j.combined.decision === 'allow' || !isResourcePolicyMatch(m, plan),
  );
  if (j.combined.decision === 'allow' || j.roleSide === undefined) return combined;
  const identity = typeof j.roleSide.identity === 'object' ? j.roleSide.identity : undefined;
  const guards = j.roleSide.guardrails.flatMap((g) => (typeof g.evaluation === 'object' ? g.evaluation.deniedBy : []));
  return [
    ...combined,
    ...(identity ? [...identity.deniedBy, ...identity.allowedBy, ...identity.undecided] : []),
    ...guards,
  ];
}

/** The resource side's own decision, for evidence. */
function resourceDecision(j: PermissionJudgement): string {
  const side = j.resourceSide;
  if (side.state === 'none') return `no policy (${side.reason ?? 'none'})`;
  if (side.state === 'unreadable') return 'unreadable';
  return typeof side.evaluation === 'object' ? side.evaluation.decision : side.evaluation;
}

function isResourcePolicyMatch(m: StatementMatch, plan: ReadyPlan): boolean {
  return m.policyName === plan.policyName;
}

function notesOf(judgements: readonly PermissionJudgement[], plan: ReadyPlan): string[] {
  return [...new Set([...plan.notes, ...judgements.flatMap((j) => j.roleSide?.notes ?? [])])];
}

function roleNameOf(roleArn: string): string {
  return roleArn.split('/').pop() ?? roleArn;
}

/** The identity policy statement that grants what the role lacks. */
function roleGrantStatement(plan: ReadyPlan, lacking: readonly PermissionJudgement[]): Record<string, unknown> {
  const actions = [...new Set(lacking.map((j) => j.permission.action))];
  if (plan.scope === 'source-key' || plan.scope === 'destination-key') {
    const context = lacking[0]?.permission.context ?? [];
    const value = (name: string) => context.find((e) => e.ContextKeyName === name)?.ContextKeyValues[0];
    const via = value('kms:ViaService');
    const encryptionContext = value('kms:EncryptionContext:aws:s3:arn');
    const bucket = encryptionContext?.split('/')[0];
    return {
      Sid: plan.scope === 'source-key' ? 'ReplicationSourceKey' : 'ReplicationReplicaKey',
      Effect: 'Allow',
      Action: actions,
      Resource: plan.resourceName,
      Condition: {
        ...(via ? { StringEquals: { 'kms:ViaService': via } } : {}),
        ...(bucket
          ? {
              // With a Bucket Key the context is the bucket ARN; objects written before it was on keep theirs.
              StringLike: {
                'kms:EncryptionContext:aws:s3:arn': plan.bucketKey ? [bucket, `${bucket}/*`] : `${bucket}/*`,
              },
            }
          : {}),
      },
    };
  }
  const resources = [
    ...new Set(
      lacking.map((j) =>
        j.permission.resource.includes('/') ? `${j.permission.resource.split('/')[0]}/*` : j.permission.resource,
      ),
    ),
  ];
  return {
    Sid: plan.scope === 'source' ? 'ReplicationSource' : 'ReplicationDestination',
    Effect: 'Allow',
    Action: actions,
    Resource: resources.length === 1 ? resources[0] : resources,
  };
}

function denyFixes(denies: readonly StatementMatch[], plan: ReadyPlan, what: string): string[] {
  const fixes: string[] = [];
  for (const m of denies) {
    const statement = m.sid ? `statement ${m.sid}` : `statement #${m.index}`;
    let how = '';
    if (m.policyName.startsWith('role policy ')) {
      how = ` (aws iam get-role-policy --role-name ${roleNameOf(plan.roleArn)} --policy-name ${shellQuote(m.policyName.slice('role policy '.length))})`;
    } else if (m.policyName.startsWith('SCP ')) {
      const id = /\((p-[a-z0-9]+)\)/.exec(m.policyName)?.[1] ?? /^SCP (p-[a-z0-9]+)/.exec(m.policyName)?.[1];
      how = ` in the organization's management account${id ? ` (aws organizations describe-policy --policy-id ${id})` : ''}`;
    } else if (m.policyName.startsWith('bucket policy of ')) {
      how = ` (aws s3api get-bucket-policy --bucket ${plan.resourceName} --query Policy --output text)`;
    } else if (m.policyName.startsWith('key policy of ')) {
      how = ` (aws kms get-key-policy --key-id ${plan.resourceName} --policy-name default --query Policy --output text)`;
    }
    fixes.push(`Remove or narrow ${statement} of ${m.policyName}${how}: it denies ${what}.`);
  }
  return [...new Set(fixes)];
}

function deniesOf(judgements: readonly PermissionJudgement[]): StatementMatch[] {
  const seen = new Set<string>();
  const out: StatementMatch[] = [];
  for (const m of judgements.flatMap((j) => j.combined.evidence.filter((e) => e.effect === 'Deny'))) {
    const key = `${m.policyName}|${m.sid ?? m.index}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  }
  return out;
}

function whatText(judgements: readonly PermissionJudgement[]): string {
  const actions = [...new Set(judgements.map((j) => j.permission.action))];
  const resources = [...new Set(judgements.map((j) => j.permission.resource))];
  return `${listText(actions)} on ${listText(resources, 3)}`;
}

function guardrailTerms(judgements: readonly PermissionJudgement[]): string[] {
  const names = judgements.flatMap((j) =>
    (j.roleSide?.guardrails ?? [])
      .filter((g) => outcomesOf(g.evaluation).some((o) => o !== 'allow'))
      .map((g) => g.name),
  );
  const terms: string[] = [];
  if (names.some((n) => n.startsWith('SCP'))) terms.push('SCP');
  if (names.some((n) => n.startsWith('permissions boundary'))) terms.push('permissions boundary');
  return terms;
}

/** The result of a role check (`role-source-permissions`, `role-destination-permissions`, `role-kms-permissions`). */
export function roleCheckResult(id: CheckId, scopes: readonly ScopeJudgement[]): CheckResult {
  const ready = scopes.filter((s): s is Extract<ScopeJudgement, { kind: 'ready' }> => s.kind === 'ready');
  const unknowns = scopes.filter((s): s is Extract<ScopeJudgement, { kind: 'unknown' }> => s.kind === 'unknown');
  if (ready.length === 0) {
    const first = unknowns[0];
    if (first) return result(id, first.result.status, first.result.summary, first.result.evidence, first.result);
    const skipped = scopes.filter((s): s is Extract<ScopeJudgement, { kind: 'skipped' }> => s.kind === 'skipped');
    return result(
      id,
      'skipped',
      skipped.map((s) => s.summary).join(' ') || 'No permission applies.',
      skipped.flatMap((s) => s.evidence),
    );
  }
  const role = ready[0]?.plan.roleArn ?? '';
  const all = ready.flatMap((s) =>
    s.judgements.filter((j) => j.roleSide !== undefined).map((j) => ({ j, plan: s.plan })),
  );
  const failing = all.filter(({ j }) => j.role.status === 'fail');
  const undecided = all.filter(({ j }) => j.role.status === 'unknown');
  const evidence: Evidence[] = all.flatMap(({ j, plan }) =>
    statementEvidence(j, j.roleSide?.via ?? 'SimulatePrincipalPolicy', roleStatements(j, plan)),
  );
  evidence.push(...ready.flatMap((s) => s.plan.evidence));
  const notes = ready.flatMap((s) => notesOf(s.judgements, s.plan));
  const noteText = notes.length > 0 ? ` Note: ${[...new Set(notes)].join('; ')}.` : '';
  if (failing.length > 0) {
    const denied = failing.filter(({ j }) => j.role.fault === 'deny');
    const lacking = failing.filter(({ j }) => j.role.fault === 'lacks');
    const fix: string[] = [];
    for (const s of ready) {
      const mine = failing.filter(({ plan }) => plan === s.plan).map(({ j }) => j);
      const denies = deniesOf(mine.filter((j) => j.role.fault === 'deny')).filter(
        (m) => !isResourcePolicyMatch(m, s.plan),
      );
      fix.push(...denyFixes(denies, s.plan, whatText(mine.filter((j) => j.role.fault === 'deny'))));
      const lacks = mine.filter((j) => j.role.fault === 'lacks');
      const identityLacks = lacks.filter(
        (j) => only(new Set(outcomesOf(j.roleSide?.identity ?? 'unknown'))) !== 'allow',
      );
      if (identityLacks.length > 0) {
        const statement = roleGrantStatement(s.plan, identityLacks);
        fix.push(
          `Allow it in the role's policy: aws iam put-role-policy --role-name ${roleNameOf(role)} --policy-name ${s.plan.scope === 'source-key' || s.plan.scope === 'destination-key' ? 'replication-kms' : `replication-${s.plan.scope}`} --policy-document '${JSON.stringify({ Version: '2012-10-17', Statement: [statement] })}'`,
        );
        if (s.plan.bucketKey && s.plan.scope.endsWith('key')) {
          const bucket = lacks[0]?.permission.context.find(
            (e) => e.ContextKeyName === 'kms:EncryptionContext:aws:s3:arn',
          )?.ContextKeyValues[0];
          fix.push(
            `With an S3 Bucket Key the encryption context is the bucket ARN${bucket ? ` (${bucket})` : ''}, not bucket/*: a condition on kms:EncryptionContext:aws:s3:arn must allow the bucket ARN.`,
          );
        }
      }
      const guarded = lacks.filter((j) => !identityLacks.includes(j));
      for (const j of guarded.slice(0, 1)) {
        const blocking = (j.roleSide?.guardrails ?? []).filter((g) => {
          const o = outcomesOf(g.evaluation);
          return o.length === 1 && o[0] === 'implicit-deny';
        });
        for (const g of blocking) {
          fix.push(
            g.name.startsWith('permissions boundary')
              ? `The ${g.name} must allow ${whatText(guarded)}: add it to the boundary policy (aws iam create-policy-version --set-as-default) or remove the boundary.`
              : `${g.name} must allow ${whatText(guarded)}: an SCP at every level of the organization must allow it (changed in the management account).`,
          );
        }
      }
    }
    const parts: string[] = [];
    if (denied.length > 0) parts.push(`is explicitly denied ${groupedText(denied.map(({ j }) => j))}`);
    if (lacking.length > 0) parts.push(`is not allowed ${groupedText(lacking.map(({ j }) => j))}`);
    const bucketKeyHint = lacking.some(({ plan }) => plan.bucketKey && plan.scope.endsWith('key'))
      ? ' (S3 Bucket Key is on: the encryption context is the bucket ARN, not bucket/*)'
      : '';
    // How catalog causes word these findings: "The replication role policy does not allow s3:X…", "…
    // s3:ObjectOwnerOverrideToBucketOwner is missing…", "An explicit Deny … in an SCP, RCP, permissions boundary…".
    const terms = [
      ...(denied.length > 0 ? ['explicit Deny', 'explicitly denies'] : []),
      ...lacking.flatMap(({ j }) => [
        `does not allow ${j.permission.action}`,
        `does not allow s3:ReplicateObject and ${j.permission.action}`,
        `${j.permission.action} is missing`,
      ]),
      ...guardrailTerms(failing.map(({ j }) => j)),
    ];
    const extras: ResultExtras = { fix, findingTerms: [...new Set(terms)] };
    return result(
      id,
      'fail',
      clip(`The replication role ${roleNameOf(role)} ${parts.join('; and it ')}${bucketKeyHint}.${noteText}`, 900),
      evidence,
      extras,
    );
  }
  if (undecided.length > 0 || unknowns.length > 0) {
    const first = undecided[0]?.j;
    const missing =
      first?.roleSide?.missingPermission ??
      (first && first.resourceSide.state === 'unreadable' ? first.resourceSide.missingPermission : undefined) ??
      unknowns[0]?.result.missingPermission;
    const text =
      undecided.length > 0
        ? `Could not decide whether the replication role ${roleNameOf(role)} may ${groupedText(undecided.map(({ j }) => j))}.`
        : (unknowns[0]?.result.summary ?? '');
    const actions = [...new Set(undecided.map(({ j }) => j.permission.action))];
    const resource = undecided[0]?.j.permission.resource;
    const fix = resource
      ? [
          `aws iam simulate-principal-policy --policy-source-arn ${role} --action-names ${actions.join(' ')} --resource-arns ${shellQuote(resource)}`,
        ]
      : [];
    return result(id, 'unknown', clip(`${text}${noteText}`, 900), evidence, {
      ...(missing ? { missingPermission: missing } : {}),
      fix,
    });
  }
  const allowedBy = [
    ...new Set(
      all.flatMap(({ j, plan }) =>
        roleStatements(j, plan)
          .filter((m) => m.effect === 'Allow')
          .map(cite),
      ),
    ),
  ];
  const pending = all.filter(({ j }) => j.combined.decision !== 'allow');
  const resourceNote =
    pending.length > 0
      ? ` The ${[...new Set(pending.map(({ plan }) => plan.resourceLabel))].join(' and the ')} must allow it too (see ${pending[0]?.plan.scope.endsWith('key') ? 'the key policy checks' : 'the bucket policy checks'}).`
      : '';
  const count = all.length;
  return result(
    id,
    'pass',
    clip(
      `The replication role ${roleNameOf(role)} may perform ${count === 1 ? 'the action' : `each of the ${count} actions`} S3 needs here (${listText([...new Set(all.map(({ j }) => j.permission.action))], 12)})${allowedBy.length > 0 ? `: allowed by ${listText(allowedBy, 4)}` : ''}.${resourceNote}${noteText}`,
      900,
    ),
    evidence,
  );
}

/** The statements the bucket or key policy must contain, with the real ARNs. */
function grantStatements(plan: ReadyPlan, judgements: readonly PermissionJudgement[]): string {
  if (plan.scope === 'source-key' || plan.scope === 'destination-key') {
    return renderStatements(
      statementsToGrant({
        policyKind: 'key-policy',
        principalArn: plan.roleArn,
        grants: [{ sid: 'AllowS3ReplicationRole', actions: [...new Set(judgements.map((j) => j.permission.action))] }],
      }),
    );
  }
  const objects = judgements.filter((j) => j.permission.resource.includes('/'));
  const buckets = judgements.filter((j) => !j.permission.resource.includes('/'));
  const grants = [
    ...(objects.length > 0
      ? [
          {
            sid: 'AllowReplicationRoleObjects',
            actions: [...new Set(objects.map((j) => j.permission.action))],
            resources: [`${bucketArn(plan.resourceName)}/*`],
          },
        ]
      : []),
    ...(buckets.length > 0
      ? [
          {
            sid: 'AllowReplicationRoleBucket',
            actions: [...new Set(buckets.map((j) => j.permission.action))],
            resources: [bucketArn(plan.resourceName)],
          },
        ]
      : []),
  ];
  return renderStatements(statementsToGrant({ policyKind: 'bucket-policy', principalArn: plan.roleArn, grants }));
}

function whereToAdd(plan: ReadyPlan): string {
  const owner = plan.resourceAccount ? ` (account ${plan.resourceAccount})` : '';
  if (plan.scope === 'source-key' || plan.scope === 'destination-key') {
    return `Add to the key policy of ${plan.resourceName}${owner} (aws kms get-key-policy --key-id ${plan.resourceName} --policy-name default --query Policy --output text > key-policy.json; edit; aws kms put-key-policy --key-id ${plan.resourceName} --policy-name default --policy file://key-policy.json):`;
  }
  return `Add to the bucket policy of ${plan.resourceName}${owner} (aws s3api get-bucket-policy --bucket ${plan.resourceName} --query Policy --output text > policy.json; edit; aws s3api put-bucket-policy --bucket ${plan.resourceName} --policy file://policy.json):`;
}

/** The result of a resource policy check (bucket policy or key policy). */
export function resourceCheckResult(id: CheckId, scope: ScopeJudgement): CheckResult {
  if (scope.kind === 'skipped') return result(id, 'skipped', scope.summary, scope.evidence);
  if (scope.kind === 'unknown')
    return result(id, scope.result.status, scope.result.summary, scope.result.evidence, scope.result);
  const { plan, judgements } = scope;
  const label = plan.resourceLabel;
  const policySource = plan.scope.endsWith('key') ? 'GetKeyPolicy' : 'GetBucketPolicy';
  const required = judgements.filter((j) => j.permission.level === 'required');
  const advisory = judgements.filter((j) => j.permission.level === 'advisory');
  const evidence: Evidence[] = judgements.flatMap((j) =>
    statementEvidence(
      j,
      policySource,
      typeof j.resourceSide.evaluation === 'object'
        ? [
            ...j.resourceSide.evaluation.deniedBy,
            ...j.resourceSide.evaluation.allowedBy,
            ...j.resourceSide.evaluation.undecided,
          ]
        : [],
      resourceDecision(j),
    ),
  );
  const first = judgements[0];
  if (first?.resourceSide.state === 'none') {
    evidence.unshift({ source: policySource, field: plan.resourceName, value: first.resourceSide.reason ?? 'none' });
  }
  evidence.push(...plan.evidence);
  const failing = required.filter((j) => j.resource.status === 'fail');
  const crossAccount = plan.sameAccount === false;
  if (failing.length > 0) {
    const denied = failing.filter((j) => j.resource.fault === 'deny');
    const lacking = failing.filter((j) => j.resource.fault === 'lacks');
    const fix: string[] = [
      ...denyFixes(
        deniesOf(denied).filter((m) => isResourcePolicyMatch(m, plan)),
        plan,
        whatText(denied),
      ),
    ];
    if (lacking.length > 0)
      fix.push(
        whereToAdd(plan),
        grantStatements(plan, [...lacking, ...advisory.filter((j) => j.resource.status !== 'pass')]),
      );
    const parts: string[] = [];
    if (denied.length > 0) {
      const cited = deniesOf(denied)
        .filter((m) => isResourcePolicyMatch(m, plan))
        .map(cite);
      parts.push(
        `explicitly denies the replication role ${whatText(denied)}${cited.length > 0 ? ` (${listText(cited, 3)})` : ''}`,
      );
    }
    if (lacking.length > 0) {
      const why = crossAccount
        ? `${plan.resourceName} is in another account${plan.resourceAccount ? ` (${plan.resourceAccount})` : ''}, so it must grant the role`
        : plan.scope.endsWith('key')
          ? 'a key policy must allow the role, or its account (then the role policy must allow it too)'
          : 'it must grant the role';
      parts.push(`does not grant the replication role ${whatText(lacking)}: ${why}`);
    }
    const terms = [
      ...(denied.length > 0 ? ['explicit Deny', 'explicitly denies'] : []),
      ...(lacking.length > 0 ? ['does not grant'] : []),
    ];
    return result(id, 'fail', clip(sentence(`The ${label} ${parts.join('; and it ')}`), 900), evidence, {
      fix,
      findingTerms: [...new Set(terms)],
    });
  }
  const undecided = required.filter((j) => j.resource.status === 'unknown');
  if (undecided.length > 0) {
    const unreadable = undecided.find((j) => j.resourceSide.state === 'unreadable');
    const needsGrant = crossAccount || plan.scope.endsWith('key');
    const fix = needsGrant
      ? [
          `The ${label} must contain (with the real ARNs):`,
          grantStatements(plan, [...required, ...advisory]),
          ...(crossAccount && !plan.scope.endsWith('key')
            ? [
                `To verify it from here, deploy the ReplicationDoctorDestinationAccess stack in account ${plan.resourceAccount ?? '<destination-account>'} and set DESTINATION_READ_ROLE_ARNS.`,
              ]
            : []),
        ]
      : [];
    const why = unreadable
      ? `could not be read: ${unreadable.resourceSide.reason ?? 'unknown reason'}`
      : `is undecided for ${groupedText(undecided)}`;
    return result(id, 'unknown', clip(sentence(`The ${label} ${why}`), 900), evidence, {
      ...(unreadable?.resourceSide.missingPermission
        ? { missingPermission: unreadable.resourceSide.missingPermission }
        : {}),
      fix,
    });
  }
  const warnings = advisory.filter((j) => j.resource.status === 'warn');
  if (warnings.length > 0) {
    return result(
      id,
      'warn',
      clip(
        `The ${label} grants the replication role what replication needs, but not ${whatText(warnings)}, which AWS's cross-account setup also grants; add it if replication reports versioning errors.`,
      ),
      evidence,
      { fix: [whereToAdd(plan), grantStatements(plan, warnings)] },
    );
  }
  const state = first?.resourceSide.state;
  const grants = required.flatMap((j) =>
    typeof j.resourceSide.evaluation === 'object' ? j.resourceSide.evaluation.allowedBy : [],
  );
  const direct = [...new Set(grants.filter(isDirectGrant).map(cite))];
  const viaAccount = [...new Set(grants.filter((m) => !isDirectGrant(m)).map(cite))];
  const sid = (m: readonly string[]) =>
    listText(
      m.map((c) => c.replace(`${plan.policyName} `, '')),
      4,
    );
  let summary: string;
  if (state === 'none') {
    summary = `${plan.resourceName} has no ${plan.scope.endsWith('key') ? 'key' : 'bucket'} policy (${first?.resourceSide.reason ?? 'none'}): nothing there denies the replication role, and in the same account none is needed.`;
  } else if (direct.length > 0) {
    summary = `The ${label} allows the replication role ${whatText(required)} ${sid(direct)} and denies none of it.`;
  } else if (viaAccount.length > 0) {
    const allowed = required.every((j) => j.combined.decision === 'allow');
    summary = `The ${label} lets the IAM policies of account ${plan.roleAccount ?? '?'} decide ${sid(viaAccount)}${allowed ? `, and the role policy allows ${whatText(required)}` : ` about ${whatText(required)} (the role policy must allow it: see the role checks)`}; nothing here denies it.`;
  } else {
    summary = `The ${label} denies the replication role none of ${whatText(required)}; ${crossAccount ? 'it grants them' : 'the role policy grants them (same account)'}.`;
  }
  return result(id, 'pass', clip(summary, 900), evidence);
}
