/**
 * IAM policy simulation of the replication role: `SimulatePrincipalPolicy` with the role as `PolicySourceArn`, the exact
 * actions, one resource ARN and the condition keys replication's requests carry. The simulator evaluates the role's
 * identity-based policies, its permissions boundary and the SCPs of its account; it does not evaluate resource
 * policies for roles (bucket and key policies are judged by the checks with the pure evaluator).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
import {
  type ContextEntry,
  type ContextKeyTypeEnum,
  type EvaluationResult,
  type IAMClient,
  type Statement as SimulatedStatement,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  type Fact,
  type MatchedStatementFact,
  ok,
  type SimulationContextEntry,
  type SimulationFact,
  type SimulationResultFact,
  unknown,
} from '../checks/facts.js';
import { factFromError } from './aws-errors.js';
import type { ReadCounter } from './facts-clients.js';
import { compact } from './s3-facts.js';

/** What one simulation asks. */
export interface SimulationRequest {
  readonly roleArn: string;
  readonly actions: readonly string[];
  readonly resource: string;
  readonly context: readonly SimulationContextEntry[];
}

/** The IAM action the doctor needs to simulate the role. */
export const SIMULATE_ACTION = 'iam:SimulatePrincipalPolicy';

/** Pages are bounded: a simulation of a handful of actions on one resource fits in one. */
const MAX_PAGES = 10;

function contextEntries(context: readonly SimulationContextEntry[]): ContextEntry[] {
  return context.map((e) => ({
    ContextKeyName: e.ContextKeyName,
    ContextKeyValues: [...e.ContextKeyValues],
    ContextKeyType: e.ContextKeyType as ContextKeyTypeEnum,
  }));
}

function matched(statement: SimulatedStatement): MatchedStatementFact {
  const position = (p: { Line?: number; Column?: number } | undefined) =>
    p && typeof p.Line === 'number' && typeof p.Column === 'number' ? { Line: p.Line, Column: p.Column } : undefined;
  return compact({
    SourcePolicyId: statement.SourcePolicyId,
    SourcePolicyType: statement.SourcePolicyType,
    StartPosition: position(statement.StartPosition),
    EndPosition: position(statement.EndPosition),
  });
}

function resultOf(result: EvaluationResult): SimulationResultFact {
  return compact({
    EvalActionName: result.EvalActionName ?? '',
    EvalResourceName: result.EvalResourceName,
    EvalDecision: result.EvalDecision ?? 'implicitDeny',
    MatchedStatements: (result.MatchedStatements ?? []).map(matched),
    MissingContextValues: [...(result.MissingContextValues ?? [])],
    AllowedByOrganizations: result.OrganizationsDecisionDetail?.AllowedByOrganizations,
    AllowedByPermissionsBoundary: result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
  });
}

/**
 * `SimulatePrincipalPolicy` (all pages): one result per action. The doctor lacking the permission → `unknown` naming
 * `iam:SimulatePrincipalPolicy`; a deleted role → `absent` (`NoSuchEntity`).
 */
export async function simulateRolePolicy(
  iam: IAMClient,
  request: SimulationRequest,
  counter: ReadCounter,
): Promise<Fact<SimulationFact>> {
  const call = {
    api: 'SimulatePrincipalPolicy',
    action: SIMULATE_ACTION,
    resource: request.roleArn,
    notFoundCode: 'NoSuchEntity',
  };
  const results: SimulationResultFact[] = [];
  let marker: string | undefined;
  let pages = 0;
  try {
    do {
      counter.count(call.api);
      const page = await iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: request.roleArn,
          ActionNames: [...request.actions],
          ResourceArns: [request.resource],
          ...(request.context.length > 0 ? { ContextEntries: contextEntries(request.context) } : {}),
          ...(marker ? { Marker: marker } : {}),
        }),
      );
      for (const result of page?.EvaluationResults ?? []) results.push(resultOf(result));
      marker = page?.IsTruncated ? page.Marker : undefined;
      pages += 1;
    } while (marker && pages < MAX_PAGES);
  } catch (error) {
    return factFromError(error, call);
  }
  const missing = request.actions.filter((action) => !results.some((r) => r.EvalActionName === action));
  if (missing.length > 0) {
    return unknown(`SimulatePrincipalPolicy returned no result for ${missing.join(', ')} on ${request.resource}`);
  }
  return ok({ results });
}
