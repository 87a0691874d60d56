import { identifyPrincipal, type PrincipalIdentity, roleArnOf } from './principal.js';
import type { ContextValue, RequestContext } from './types.js';
import type { VariableValue } from './variables.js';

/** What the request context holds for one condition key. */
export type KeyState =
  | { readonly state: 'present'; readonly values: readonly string[]; readonly multivalued: boolean }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

/** Condition-key look-ups for one request; key names are case-insensitive. */
export interface ContextLookup {
  readonly principal: PrincipalIdentity;
  key(name: string): KeyState;
  variable(name: string): VariableValue;
}

function render(value: ContextValue): KeyState {
  if (Array.isArray(value)) return { state: 'present', values: [...(value as readonly string[])], multivalued: true };
  return { state: 'present', values: [String(value)], multivalued: false };
}

/**
 * Keys that follow from the principal itself, filled in unless the caller supplies them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
function derivedKeys(who: PrincipalIdentity): Map<string, ContextValue | 'unknown'> {
  const keys = new Map<string, ContextValue | 'unknown'>();
  if (who.kind === 'service') {
    keys.set('aws:principalservicename', who.arn);
    return keys;
  }
  if (who.accountId !== '') keys.set('aws:principalaccount', who.accountId);
  const type = {
    root: 'Account',
    user: 'User',
    role: 'AssumedRole',
    session: 'AssumedRole',
    'federated-user': 'FederatedUser',
  };
  if (who.kind !== 'other') keys.set('aws:principaltype', type[who.kind]);
  // For a role session, aws:PrincipalArn is the role ARN, path included; a session ARN does not carry the path.
  if (who.kind === 'session') keys.set('aws:principalarn', 'unknown');
  else if (who.kind === 'role') keys.set('aws:principalarn', roleArnOf(who) ?? who.arn);
  else if (who.kind !== 'other') keys.set('aws:principalarn', who.arn);
  return keys;
}

/** Builds the look-ups for `ctx`. */
export function contextLookup(ctx: RequestContext): ContextLookup {
  const principal = identifyPrincipal(ctx.principal);
  const given = new Map<string, ContextValue>();
  for (const [name, value] of Object.entries(ctx.conditionKeys ?? {})) given.set(name.toLowerCase(), value);
  const derived = derivedKeys(principal);
  const knownAbsent = new Set((ctx.knownAbsentKeys ?? []).map((k) => k.toLowerCase()));
  const missing: KeyState = ctx.unknownKeys === 'unknown' ? { state: 'unknown' } : { state: 'absent' };

  const key = (name: string): KeyState => {
    const lower = name.toLowerCase();
    const value = given.get(lower);
    if (value !== undefined) return render(value);
    const fallback = derived.get(lower);
    if (fallback === 'unknown') return { state: 'unknown' };
    if (fallback !== undefined) return render(fallback);
    return knownAbsent.has(lower) ? { state: 'absent' } : missing;
  };
  const variable = (name: string): VariableValue => {
    const found = key(name);
    if (found.state !== 'present') return { kind: found.state };
    const [only] = found.values;
    return found.multivalued || only === undefined ? { kind: 'multivalued' } : { kind: 'value', value: only };
  };
  return { principal, key, variable };
}
