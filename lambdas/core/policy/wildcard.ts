/**
 * Wildcard patterns: `*` matches any run of characters (also none), `?` exactly one.
 * Used for `Action` (case-insensitive), `Resource` and `StringLike`/`ArnLike` values (case-sensitive).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */

/** One element of a compiled pattern: a literal character (code point) or a wildcard. */
export type PatternToken = { readonly lit: string } | 'star' | 'one';

/** A compiled pattern. Characters that came from a policy variable are always literal. */
export type Pattern = readonly PatternToken[];

/** Compiles `text` with `*` and `?` as wildcards. */
export function globPattern(text: string): Pattern {
  return Array.from(text, (c): PatternToken => (c === '*' ? 'star' : c === '?' ? 'one' : { lit: c }));
}

/** Compiles `text` with every character literal. */
export function literalPattern(text: string): Pattern {
  return Array.from(text, (c): PatternToken => ({ lit: c }));
}

/** The pattern as text again (wildcards rendered as `*` and `?`). */
export function patternText(pattern: Pattern): string {
  return pattern.map((t) => (t === 'star' ? '*' : t === 'one' ? '?' : t.lit)).join('');
}

/**
 * Whether `text` matches the whole `pattern`. Linear backtracking over the last `*` (O(pattern × text)),
 * so hostile patterns with many stars cannot blow up the way a naive regular expression can.
 */
export function matchPattern(pattern: Pattern, text: string, options: { ignoreCase?: boolean } = {}): boolean {
  const fold = options.ignoreCase === true ? (c: string) => c.toLowerCase() : (c: string) => c;
  const chars = Array.from(text, fold);
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < chars.length) {
    const token = pattern[p];
    if (token !== undefined && token !== 'star' && (token === 'one' || fold(token.lit) === chars[t])) {
      p += 1;
      t += 1;
    } else if (token === 'star') {
      starP = p;
      starT = t;
      p += 1;
    } else if (starP >= 0) {
      p = starP + 1;
      starT += 1;
      t = starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === 'star') p += 1;
  return p === pattern.length;
}

/** Convenience: match `text` against a plain wildcard string. */
export function matchWildcard(pattern: string, text: string, options: { ignoreCase?: boolean } = {}): boolean {
  return matchPattern(globPattern(pattern), text, options);
}
