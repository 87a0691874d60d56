import { matchArn } from './arn.js';
import { type OperatorSpec, parseOperator } from './condition-operators.js';
import type { ContextLookup } from './context.js';
import { ipInCidr } from './ip.js';
import { all, any, invalid, type Judgement, maybe, NO, not, YES } from './judgement.js';
import type { ParsedCondition } from './parse.js';
import { expandVariables, type VariableResolver } from './variables.js';
import { matchPattern, patternText } from './wildcard.js';

/**
 * The `Condition` element: operators AND, keys within an operator AND, values of one key OR (NOR for negated
 * operators); a key missing from the request makes a condition false, or true for negated operators, except for
 * `…IfExists` (true) and `Null`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EPOCH = /^\d+(\.\d+)?$/;

function toNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

/** ISO 8601 (W3C profile) or epoch seconds, as milliseconds. */
function toTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed) * 1000;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(spec: OperatorSpec, request: number | undefined, policy: number | undefined): boolean {
  if (request === undefined || policy === undefined) return false;
  switch (spec.comparison) {
    case 'eq':
      return request === policy;
    case 'lt':
      return request < policy;
    case 'lte':
      return request <= policy;
    case 'gt':
      return request > policy;
    case 'gte':
      return request >= policy;
  }
}

/** Whether one request value matches one policy value under the operator's positive form. */
function matchValue(
  spec: OperatorSpec,
  request: string,
  policy: string,
  resolve: VariableResolver | undefined,
): Judgement {
  const vars = spec.variables ? resolve : undefined;
  if (spec.family === 'arn') return matchArn(policy, request, vars);
  if (spec.family === 'numeric') return compare(spec, toNumber(request), toNumber(policy)) ? YES : NO;
  if (spec.family === 'date') return compare(spec, toTime(request), toTime(policy)) ? YES : NO;
  if (spec.family === 'ip') return ipInCidr(request, policy) ? YES : NO;
  if (spec.family === 'binary') return request === policy ? YES : NO;
  const expanded = expandVariables(policy, vars, spec.family === 'string-like');
  if (expanded.kind === 'invalid')
    return invalid(`policy variable \${${expanded.variable}} has no value in this request`);
  if (expanded.kind === 'unknown') {
    return maybe(`policy variable \${${expanded.variable}} is unknown for this request`, expanded);
  }
  const text = patternText(expanded.pattern);
  switch (spec.family) {
    case 'string-like':
      return matchPattern(expanded.pattern, request) ? YES : NO;
    case 'string-ignore-case':
    case 'bool':
      return text.toLowerCase() === request.toLowerCase() ? YES : NO;
    default:
      return text === request ? YES : NO;
  }
}

/** Evaluates one `(operator, key, values)` entry of a `Condition` block. */
export function evaluateCondition(
  condition: ParsedCondition,
  lookup: ContextLookup,
  resolve: VariableResolver | undefined,
): Judgement {
  const { operator, key, values } = condition;
  const spec = parseOperator(operator);
  if (spec === undefined) return maybe(`unsupported condition operator ${operator}`);
  const found = lookup.key(key);
  if (found.state === 'unknown') {
    // If the key is present, matching it may run into a policy variable without a value.
    const mayBeInvalid =
      spec.variables &&
      values.some((v) => {
        const expanded = expandVariables(v, resolve, false);
        return expanded.kind === 'invalid' || (expanded.kind === 'unknown' && expanded.mayBeInvalid);
      });
    return maybe(`${operator} on ${key}: the value of ${key} is unknown for this request`, { mayBeInvalid });
  }

  if (spec.family === 'null') {
    // "true": the key must be absent; "false": it must be present.
    const present = found.state === 'present';
    return any(
      values.map((v) => ((v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' && present) ? YES : NO)),
    );
  }
  if (found.state === 'absent') {
    if (spec.ifExists || spec.set === 'all') return YES;
    if (spec.set === 'any') return NO;
    return spec.negated ? YES : NO;
  }
  // For each request value: does it match any policy value (OR)?
  const perRequestValue = found.values.map((request) =>
    any(values.map((policy) => matchValue(spec, request, policy, resolve))),
  );
  const hits = spec.negated ? perRequestValue.map(not) : perRequestValue;
  if (spec.set === 'all') return all(hits);
  if (spec.set === 'any') return any(hits);
  // Without a set operator a negated operator is the negation of its positive form (NOR over policy values).
  return spec.negated ? not(any(perRequestValue)) : any(perRequestValue);
}

/** Evaluates a whole `Condition` element: every entry must hold. */
export function evaluateConditions(
  conditions: readonly ParsedCondition[],
  lookup: ContextLookup,
  resolve: VariableResolver | undefined,
): Judgement {
  return all(conditions.map((c) => evaluateCondition(c, lookup, resolve)));
}
