/**
 * The condition operator names, understood.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */

/** Operator families: how a request value is compared with a policy value. */
export type OperatorFamily =
  | 'string'
  | 'string-ignore-case'
  | 'string-like'
  | 'arn'
  | 'numeric'
  | 'date'
  | 'bool'
  | 'binary'
  | 'ip'
  | 'null';

/** Ordering comparisons for numeric and date operators. */
export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

/** A condition operator such as `ForAllValues:StringNotLikeIfExists`, taken apart. */
export interface OperatorSpec {
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  /** `…Not…` operators: true when no policy value matches (logical NOR). */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set?: 'any' | 'all';
  /** Whether policy variables are substituted in this operator's values (string, ARN and Bool operators). */
  readonly variables: boolean;
}

type Base = Pick<OperatorSpec, 'family' | 'comparison' | 'negated'>;

const ordered = (family: 'numeric' | 'date'): Record<string, Base> => {
  const prefix = family === 'numeric' ? 'numeric' : 'date';
  const entries: [string, Comparison, boolean][] = [
    ['equals', 'eq', false],
    ['notequals', 'eq', true],
    ['lessthan', 'lt', false],
    ['lessthanequals', 'lte', false],
    ['greaterthan', 'gt', false],
    ['greaterthanequals', 'gte', false],
  ];
  return Object.fromEntries(
    entries.map(([name, comparison, negated]) => [prefix + name, { family, comparison, negated }]),
  );
};

const BASES: Record<string, Base> = {
  stringequals: { family: 'string', comparison: 'eq', negated: false },
  stringnotequals: { family: 'string', comparison: 'eq', negated: true },
  stringequalsignorecase: { family: 'string-ignore-case', comparison: 'eq', negated: false },
  stringnotequalsignorecase: { family: 'string-ignore-case', comparison: 'eq', negated: true },
  stringlike: { family: 'string-like', comparison: 'eq', negated: false },
  stringnotlike: { family: 'string-like', comparison: 'eq', negated: true },
  // "The ArnEquals and ArnLike condition operators behave identically."
  arnequals: { family: 'arn', comparison: 'eq', negated: false },
  arnlike: { family: 'arn', comparison: 'eq', negated: false },
  arnnotequals: { family: 'arn', comparison: 'eq', negated: true },
  arnnotlike: { family: 'arn', comparison: 'eq', negated: true },
  ...ordered('numeric'),
  ...ordered('date'),
  bool: { family: 'bool', comparison: 'eq', negated: false },
  binaryequals: { family: 'binary', comparison: 'eq', negated: false },
  ipaddress: { family: 'ip', comparison: 'eq', negated: false },
  notipaddress: { family: 'ip', comparison: 'eq', negated: true },
  null: { family: 'null', comparison: 'eq', negated: false },
};

const VARIABLE_FAMILIES = new Set<OperatorFamily>(['string', 'string-ignore-case', 'string-like', 'arn', 'bool']);

/** Parses an operator name; `undefined` for names outside the documented grammar. */
export function parseOperator(name: string): OperatorSpec | undefined {
  let rest = name.toLowerCase();
  let set: 'any' | 'all' | undefined;
  if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  // "You can add IfExists to the end of any condition operator name except the Null condition."
  const ifExists = rest.endsWith('ifexists') && rest !== 'null';
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  const base = BASES[rest];
  if (base === undefined || (base.family === 'null' && (ifExists || set !== undefined))) return undefined;
  return { ...base, ifExists, variables: VARIABLE_FAMILIES.has(base.family), ...(set === undefined ? {} : { set }) };
}
