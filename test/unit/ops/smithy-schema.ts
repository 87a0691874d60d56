/**
 * Checks a request object against the static Smithy schemas that AWS SDK v3 clients ship and export (e.g.
 * `CreateJobRequest$` from `@aws-sdk/client-s3-control`). Encoding, from `@smithy/core/schema`:
 * - a structure is `[3, namespace, name, traits, memberNames, memberSchemas, requiredMemberCount?]` (a union is
 *   `[4, …]`); the first `requiredMemberCount` members are required;
 * - a list is `[1, namespace, name, traits, valueSchema]`, a map `[2, namespace, name, traits, keySchema, valueSchema]`;
 * - a member schema is a number (0 string, 1 number, 2 boolean, 4–7 timestamp, 15 document, 21/42 blob; `64 | x` a
 *   list of x, `128 | x` a map of x), a thunk `() => schema`, or `[schema, traits]`.
 */

type Issue = string;

function resolve(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    if (typeof current === 'function') current = (current as () => unknown)();
    else if (Array.isArray(current) && current.length === 2) current = current[0];
    else return current;
  }
}

function checkSimple(code: number, value: unknown, path: string, issues: Issue[]): void {
  if (code & 64) {
    if (!Array.isArray(value)) issues.push(`${path}: expected a list`);
    else
      value.forEach((v, i) => {
        checkSimple(code & ~64, v, `${path}[${i}]`, issues);
      });
    return;
  }
  if (code & 128) {
    if (typeof value !== 'object' || value === null) issues.push(`${path}: expected a map`);
    else for (const [k, v] of Object.entries(value)) checkSimple(code & ~128, v, `${path}.${k}`, issues);
    return;
  }
  const expected = code === 0 ? 'string' : code === 1 ? 'number' : code === 2 ? 'boolean' : undefined;
  if (expected !== undefined && typeof value !== expected)
    issues.push(`${path}: expected a ${expected}, got ${typeof value}`);
}

/** Every way `value` departs from `schema`: unknown members, missing required members, wrong types. */
export function schemaIssues(schema: unknown, value: unknown, path = '$'): Issue[] {
  const issues: Issue[] = [];
  const resolved = resolve(schema);
  if (typeof resolved === 'number') {
    checkSimple(resolved, value, path, issues);
    return issues;
  }
  if (!Array.isArray(resolved)) return [`${path}: unreadable schema`];
  const kind = resolved[0];
  if (kind === 1) {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    value.forEach((v, i) => {
      issues.push(...schemaIssues(resolved[4], v, `${path}[${i}]`));
    });
    return issues;
  }
  if (kind === 3 || kind === 4) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected a structure`];
    const names = resolved[4] as string[];
    const members = resolved[5] as unknown[];
    const required = typeof resolved[6] === 'number' ? resolved[6] : 0;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!names.includes(key)) issues.push(`${path}.${key}: not a member of ${String(resolved[2])}`);
    }
    names.forEach((name, i) => {
      const member = record[name];
      if (member === undefined) {
        if (i < required) issues.push(`${path}.${name}: required by ${String(resolved[2])}`);
        return;
      }
      issues.push(...schemaIssues(members[i], member, `${path}.${name}`));
    });
    if (kind === 4 && Object.keys(record).length !== 1) issues.push(`${path}: a union takes exactly one member`);
    return issues;
  }
  return issues;
}
