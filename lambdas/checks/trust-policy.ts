/**
 * Just enough of IAM policy evaluation to judge a role's trust policy for one service principal and `sts:AssumeRole`:
 * statements, principals, actions, and the conditions S3 can satisfy (`aws:SourceAccount`, `aws:SourceArn`).
 * Anything else is reported as undecidable rather than guessed.
 */

export type Tri =
  | { readonly kind: 'yes' }
  | { readonly kind: 'no'; readonly why: string }
  | { readonly kind: 'maybe'; readonly why: string };

export interface TrustStatement {
  readonly sid: string;
  readonly effect: string;
  readonly principal: unknown;
  readonly notPrincipal: unknown;
  readonly action: readonly string[];
  readonly notAction: readonly string[];
  readonly condition: Record<string, Record<string, unknown>> | undefined;
}

export interface AssumeRequest {
  readonly service: string;
  readonly sourceAccount?: string;
  readonly sourceArn?: string;
}

function list(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Parses a policy document into statements; `undefined` when it is not a policy. */
export function trustStatements(document: string): TrustStatement[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return undefined;
  }
  const raw = (parsed as { Statement?: unknown } | null)?.Statement;
  if (raw === undefined) return undefined;
  const statements = Array.isArray(raw) ? raw : [raw];
  return statements.map((s: unknown, index) => {
    const st = (s ?? {}) as Record<string, unknown>;
    const condition = st.Condition;
    return {
      sid: typeof st.Sid === 'string' && st.Sid !== '' ? st.Sid : `#${index + 1}`,
      effect: typeof st.Effect === 'string' ? st.Effect : '',
      principal: st.Principal,
      notPrincipal: st.NotPrincipal,
      action: list(st.Action),
      notAction: list(st.NotAction),
      condition:
        condition && typeof condition === 'object' ? (condition as Record<string, Record<string, unknown>>) : undefined,
    };
  });
}

/** `*` and `?` wildcards. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

function servicesOf(principal: unknown): { any: boolean; services: string[]; others: string[] } {
  if (principal === '*') return { any: true, services: [], others: [] };
  if (!principal || typeof principal !== 'object') return { any: false, services: [], others: [] };
  const p = principal as Record<string, unknown>;
  const aws = list(p.AWS);
  const others = [...aws, ...list(p.Federated), ...list(p.CanonicalUser)];
  return { any: aws.includes('*'), services: list(p.Service), others };
}

/** The principals a statement names, for reporting: `ec2.amazonaws.com, arn:aws:iam::…`. */
export function principalsText(statement: TrustStatement): string {
  const { any, services, others } = servicesOf(statement.principal);
  return any ? '*' : [...services, ...others].join(', ');
}

export function principalMatches(statement: TrustStatement, service: string): boolean {
  if (statement.notPrincipal !== undefined) {
    return !servicesOf(statement.notPrincipal).services.includes(service);
  }
  const { any, services } = servicesOf(statement.principal);
  return any || services.includes(service);
}

export function actionMatches(statement: TrustStatement, action: string): boolean {
  if (statement.notAction.length > 0) return !statement.notAction.some((p) => wildcardMatch(p, action, true));
  return statement.action.some((p) => wildcardMatch(p, action, true));
}

function judgeOne(operator: string, key: string, values: string[], request: AssumeRequest): Tri {
  const op = operator.replace(/IfExists$/, '');
  const negated = /Not/.test(op);
  const base = op.replace('Not', '');
  const lowerKey = key.toLowerCase();
  let actual: string | undefined;
  if (lowerKey === 'aws:sourceaccount') actual = request.sourceAccount;
  else if (lowerKey === 'aws:sourcearn') actual = request.sourceArn;
  else return { kind: 'maybe', why: `condition ${operator} ${key} cannot be checked from here` };
  if (actual === undefined)
    return { kind: 'maybe', why: `condition ${operator} ${key}: the value S3 sends is not known` };
  let matched: boolean;
  switch (base) {
    case 'StringEquals':
      matched = values.includes(actual);
      break;
    case 'StringEqualsIgnoreCase':
      matched = values.some((v) => v.toLowerCase() === actual.toLowerCase());
      break;
    case 'StringLike':
    // IAM: "The ArnEquals and ArnLike condition operators behave identically" (both take `*` and `?`).
    case 'ArnEquals':
    case 'ArnLike':
      matched = values.some((v) => wildcardMatch(v, actual, false));
      break;
    default:
      return { kind: 'maybe', why: `condition operator ${operator} on ${key} is not evaluated` };
  }
  if (negated) matched = !matched;
  return matched
    ? { kind: 'yes' }
    : { kind: 'no', why: `${operator} ${key} ${JSON.stringify(values)} does not match ${actual}` };
}

/** Whether every condition of a statement holds for the request. */
export function conditionsHold(statement: TrustStatement, request: AssumeRequest): Tri {
  if (!statement.condition) return { kind: 'yes' };
  let maybe: string | undefined;
  for (const [operator, keys] of Object.entries(statement.condition)) {
    if (!keys || typeof keys !== 'object') continue;
    for (const [key, value] of Object.entries(keys)) {
      const judged = judgeOne(operator, key, list(value).length > 0 ? list(value) : [String(value)], request);
      if (judged.kind === 'no') return judged;
      if (judged.kind === 'maybe') maybe ??= judged.why;
    }
  }
  return maybe ? { kind: 'maybe', why: maybe } : { kind: 'yes' };
}
