import { globPattern, literalPattern, type Pattern, type PatternToken } from './wildcard.js';

/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** What the request context says about a variable's key. */
export type VariableValue =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown' }
  /** Multivalued keys cannot be used as variables (reference_policies_condition-single-vs-multi-valued-context-keys). */
  | { readonly kind: 'multivalued' };

/** Looks a variable's key up in the request context. */
export type VariableResolver = (key: string) => VariableValue;

/** A policy string after substitution. */
export type Expansion =
  | { readonly kind: 'ok'; readonly pattern: Pattern }
  /**
   * The value depends on a key whose value the caller cannot know; `mayBeInvalid` when that key may also be absent
   * with no default value given, which would make the statement invalid.
   */
  | { readonly kind: 'unknown'; readonly variable: string; readonly mayBeInvalid: boolean }
  /** AWS cannot resolve the variable, which makes the statement invalid for this request. */
  | { readonly kind: 'invalid'; readonly variable: string };

const VARIABLE = /^\s*([^\s,'][^,']*?)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Substitutes policy variables in `text` (when `resolve` is given: only `"Version": "2012-10-17"` enables them)
 * and compiles the result. With `wildcards`, `*` and `?` in the policy text are wildcards; substituted text and
 * escapes are always literal.
 */
export function expandVariables(text: string, resolve: VariableResolver | undefined, wildcards: boolean): Expansion {
  const compile = wildcards ? globPattern : literalPattern;
  if (resolve === undefined || !text.includes('${')) return { kind: 'ok', pattern: compile(text) };
  const tokens: PatternToken[] = [];
  let unknown: string | undefined;
  let mayBeInvalid = false;
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      tokens.push(...compile(text.slice(i)));
      break;
    }
    tokens.push(...compile(text.slice(i, start)));
    const inner = text.slice(start + 2, end);
    const escaped = ESCAPES[inner];
    const parsed = VARIABLE.exec(inner);
    if (escaped !== undefined) {
      tokens.push({ lit: escaped });
    } else if (parsed?.[1] === undefined) {
      tokens.push(...compile(text.slice(start, end + 1)));
    } else {
      const name = parsed[1];
      const fallback = parsed[2]?.replaceAll("''", "'");
      const found = resolve(name);
      if (found.kind === 'value') tokens.push(...literalPattern(found.value));
      else if (found.kind === 'unknown') {
        unknown ??= name;
        mayBeInvalid ||= fallback === undefined;
      } else if (fallback !== undefined) tokens.push(...literalPattern(fallback));
      else return { kind: 'invalid', variable: name };
    }
    i = end + 1;
  }
  return unknown === undefined ? { kind: 'ok', pattern: tokens } : { kind: 'unknown', variable: unknown, mayBeInvalid };
}
