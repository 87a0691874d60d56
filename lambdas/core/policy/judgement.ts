/**
 * Three-valued matching with reasons. A policy element may match the request (`yes`), not match it (`no`), or be
 * `invalid` for it: AWS treats a statement whose policy variable has no value as invalid, and an invalid part
 * invalidates the whole statement, so it is ignored. When something cannot be known, a judgement keeps every value
 * it may still take; the combinators below consider every combination, so undecided parts are never decided by
 * accident (Kleene logic over sets of possible values).
 */
export interface Judgement {
  /** Whether it may match. */
  readonly yes: boolean;
  /** Whether it may not match. */
  readonly no: boolean;
  /** Whether it may be invalid for this request. */
  readonly invalid: boolean;
  /** Why it is undecided or invalid. */
  readonly why: readonly string[];
}

/** Certainly matches. */
export const YES: Judgement = { yes: true, no: false, invalid: false, why: [] };
/** Certainly does not match. */
export const NO: Judgement = { yes: false, no: true, invalid: false, why: [] };

/** Cannot be decided, and why; `mayBeInvalid` when the unknown part may also make the statement invalid. */
export function maybe(why: string, options: { mayBeInvalid?: boolean } = {}): Judgement {
  return { yes: true, no: true, invalid: options.mayBeInvalid === true, why: [why] };
}

/** AWS would treat the statement as invalid for this request, and why. */
export function invalid(why: string): Judgement {
  return { yes: false, no: false, invalid: true, why: [why] };
}

/** `maybe` when more than one value is possible. */
export function kindOf(j: Judgement): 'yes' | 'no' | 'invalid' | 'maybe' {
  const count = Number(j.yes) + Number(j.no) + Number(j.invalid);
  if (count !== 1) return 'maybe';
  return j.yes ? 'yes' : j.no ? 'no' : 'invalid';
}

function reasons(items: readonly Judgement[]): string[] {
  const why = new Set<string>();
  for (const item of items) if (kindOf(item) !== 'yes' && kindOf(item) !== 'no') for (const w of item.why) why.add(w);
  return [...why];
}

/** Logical AND over every combination: invalid if any part may be invalid. */
export function all(items: readonly Judgement[]): Judgement {
  const valid = items.every((i) => i.yes || i.no);
  return {
    yes: items.every((i) => i.yes),
    no: valid && items.some((i) => i.no),
    invalid: items.some((i) => i.invalid),
    why: reasons(items),
  };
}

/** Logical OR over every combination: invalid if any part may be invalid. */
export function any(items: readonly Judgement[]): Judgement {
  const valid = items.every((i) => i.yes || i.no);
  return {
    yes: valid && items.some((i) => i.yes),
    no: items.every((i) => i.no),
    invalid: items.some((i) => i.invalid),
    why: reasons(items),
  };
}

/** Logical NOT; invalid stays invalid. */
export function not(item: Judgement): Judgement {
  return { ...item, yes: item.no, no: item.yes };
}
