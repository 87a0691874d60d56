import { matchArn } from './arn.js';
import { evaluateConditions } from './condition.js';
import type { ContextLookup } from './context.js';
import { all, any, type Judgement, NO, not, YES } from './judgement.js';
import type { ParsedStatement } from './parse.js';
import { matchNotPrincipal, matchPrincipal } from './principal.js';
import type { PrincipalMatchKind } from './types.js';
import type { VariableResolver } from './variables.js';
import { matchWildcard } from './wildcard.js';

/** Identity policies carry no `Principal`; resource policies must, and may omit `Resource` to mean "this resource". */
export type PolicyKind = 'identity' | 'resource';

/** Whether one statement applies to the request, and how its principal matched. */
export interface StatementApplication {
  readonly applies: Judgement;
  readonly principalMatch?: PrincipalMatchKind;
}

/**
 * Action names are case-insensitive and may use `*` and `?`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
function matchAction(statement: ParsedStatement, action: string): Judgement {
  const hit = (patterns: readonly string[]) => patterns.some((p) => matchWildcard(p, action, { ignoreCase: true }));
  if (statement.action !== undefined) return hit(statement.action) ? YES : NO;
  if (statement.notAction !== undefined) return hit(statement.notAction) ? NO : YES;
  return NO;
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
function matchResource(
  statement: ParsedStatement,
  resource: string,
  kind: PolicyKind,
  resolve: VariableResolver | undefined,
): Judgement {
  const hit = (patterns: readonly string[]) => any(patterns.map((p) => matchArn(p, resource, resolve)));
  if (statement.resource !== undefined) return hit(statement.resource);
  if (statement.notResource !== undefined) return not(hit(statement.notResource));
  // A resource policy without Resource covers the resource it is attached to; an identity policy needs one.
  return kind === 'resource' ? YES : NO;
}

function matchPrincipalElement(
  statement: ParsedStatement,
  lookup: ContextLookup,
  kind: PolicyKind,
): StatementApplication {
  if (statement.principal !== undefined) {
    const { judgement, via } = matchPrincipal(statement.principal, lookup.principal);
    return { applies: judgement, ...(via === undefined ? {} : { principalMatch: via }) };
  }
  if (statement.notPrincipal !== undefined) {
    return { applies: matchNotPrincipal(statement.notPrincipal, lookup.principal), principalMatch: 'not-principal' };
  }
  // The principal of an identity policy is the identity it is attached to.
  return { applies: kind === 'identity' ? YES : NO };
}

/** Decides whether `statement` applies to the request (before its effect is considered). */
export function applyStatement(
  statement: ParsedStatement,
  ctx: { readonly action: string; readonly resource: string },
  lookup: ContextLookup,
  kind: PolicyKind,
  resolve: VariableResolver | undefined,
): StatementApplication {
  const action = matchAction(statement, ctx.action);
  if (!action.yes) return { applies: NO };
  const principal = matchPrincipalElement(statement, lookup, kind);
  if (!principal.applies.yes) return { applies: NO };
  const resource = matchResource(statement, ctx.resource, kind, resolve);
  const conditions = evaluateConditions(statement.conditions, lookup, resolve);
  const applies = all([action, principal.applies, resource, conditions]);
  return { applies, ...(principal.principalMatch === undefined ? {} : { principalMatch: principal.principalMatch }) };
}
