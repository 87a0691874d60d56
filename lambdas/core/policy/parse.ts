import { MalformedPolicyError } from './errors.js';
import type { Effect, PolicyDocument } from './types.js';

/** A `Principal`/`NotPrincipal` element, normalised: `"*"` becomes `any`, single strings become lists. */
export type ParsedPrincipal =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'list';
      readonly aws: readonly string[];
      readonly service: readonly string[];
      readonly federated: readonly string[];
      readonly canonicalUser: readonly string[];
    };

/** One `(operator, key, values)` entry of a `Condition` block; every value rendered as a string. */
export interface ParsedCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement normalised for evaluation. */
export interface ParsedStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: ParsedPrincipal;
  readonly notPrincipal?: ParsedPrincipal;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ParsedCondition[];
}

/** A policy validated against the grammar and normalised. */
export interface ParsedPolicy {
  readonly kind: 'parsed-policy';
  readonly version?: string;
  readonly id?: string;
  /**
   * Policy variables are substituted only with `"Version": "2012-10-17"`; otherwise `${…}` is literal text.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
   */
  readonly variablesEnabled: boolean;
  readonly statements: readonly ParsedStatement[];
}

/** What {@link tryParsePolicy} returns: the policy, or the error naming the malformed field. */
export type ParseResult =
  | { readonly ok: true; readonly policy: ParsedPolicy }
  | { readonly ok: false; readonly error: MalformedPolicyError };

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** Policies this module produced; anything else is validated again, whatever its shape claims. */
const PARSED = new WeakSet<object>();

function isParsedPolicy(value: unknown): value is ParsedPolicy {
  return typeof value === 'object' && value !== null && PARSED.has(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function stringList(value: unknown, field: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new MalformedPolicyError(field, 'must not be an empty list');
  return list.map((item, i) => {
    if (typeof item !== 'string' || item.length === 0) {
      const where = Array.isArray(value) ? `${field}[${i}]` : field;
      throw new MalformedPolicyError(where, `expected a non-empty string, got ${describe(item)}`);
    }
    return item;
  });
}

function parsePrincipal(value: unknown, field: string): ParsedPrincipal {
  if (value === '*') return { kind: 'any' };
  if (!isRecord(value)) throw new MalformedPolicyError(field, `expected "*" or an object, got ${describe(value)}`);
  const keys = Object.keys(value);
  if (keys.length === 0) throw new MalformedPolicyError(field, 'names no principal');
  for (const key of keys) {
    if (!(PRINCIPAL_KEYS as readonly string[]).includes(key)) {
      throw new MalformedPolicyError(
        `${field}.${key}`,
        `unknown principal type (expected one of ${PRINCIPAL_KEYS.join(', ')})`,
      );
    }
  }
  const read = (key: (typeof PRINCIPAL_KEYS)[number]): string[] =>
    value[key] === undefined ? [] : stringList(value[key], `${field}.${key}`);
  return {
    kind: 'list',
    aws: read('AWS'),
    service: read('Service'),
    federated: read('Federated'),
    canonicalUser: read('CanonicalUser'),
  };
}

function parseConditions(value: unknown, field: string): ParsedCondition[] {
  if (!isRecord(value)) throw new MalformedPolicyError(field, `expected an object, got ${describe(value)}`);
  const conditions: ParsedCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const opField = `${field}.${operator}`;
    if (!isRecord(block))
      throw new MalformedPolicyError(opField, `expected an object of context keys, got ${describe(block)}`);
    for (const [key, raw] of Object.entries(block)) {
      const keyField = `${opField}.${key}`;
      const list = Array.isArray(raw) ? raw : [raw];
      const values = list.map((item, i) => {
        if (typeof item === 'string') return item;
        if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) return String(item);
        const where = Array.isArray(raw) ? `${keyField}[${i}]` : keyField;
        throw new MalformedPolicyError(where, `expected a string, number or boolean, got ${describe(item)}`);
      });
      conditions.push({ operator, key, values });
    }
  }
  return conditions;
}

function exclusive(raw: Record<string, unknown>, a: string, b: string, field: string, required: boolean): void {
  if (raw[a] !== undefined && raw[b] !== undefined) {
    throw new MalformedPolicyError(`${field}.${b}`, `cannot be used together with ${a}`);
  }
  if (required && raw[a] === undefined && raw[b] === undefined) {
    throw new MalformedPolicyError(`${field}.${a}`, `is required (or ${b})`);
  }
}

function parseStatement(raw: unknown, index: number, field: string): ParsedStatement {
  if (!isRecord(raw)) throw new MalformedPolicyError(field, `expected an object, got ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key))
      throw new MalformedPolicyError(`${field}.${key}`, 'is not a policy statement element');
  }
  const { Sid, Effect } = raw;
  if (Sid !== undefined && typeof Sid !== 'string') {
    throw new MalformedPolicyError(`${field}.Sid`, `expected a string, got ${describe(Sid)}`);
  }
  if (Effect !== 'Allow' && Effect !== 'Deny') {
    throw new MalformedPolicyError(`${field}.Effect`, `expected "Allow" or "Deny", got ${describe(Effect)}`);
  }
  exclusive(raw, 'Principal', 'NotPrincipal', field, false);
  exclusive(raw, 'Action', 'NotAction', field, true);
  exclusive(raw, 'Resource', 'NotResource', field, false);
  const optionalList = (key: string): string[] | undefined =>
    raw[key] === undefined ? undefined : stringList(raw[key], `${field}.${key}`);
  return {
    index,
    effect: Effect,
    conditions: raw.Condition === undefined ? [] : parseConditions(raw.Condition, `${field}.Condition`),
    ...(Sid === undefined ? {} : { sid: Sid }),
    ...(raw.Principal === undefined ? {} : { principal: parsePrincipal(raw.Principal, `${field}.Principal`) }),
    ...(raw.NotPrincipal === undefined
      ? {}
      : { notPrincipal: parsePrincipal(raw.NotPrincipal, `${field}.NotPrincipal`) }),
    ...(raw.Action === undefined ? {} : { action: optionalList('Action') }),
    ...(raw.NotAction === undefined ? {} : { notAction: optionalList('NotAction') }),
    ...(raw.Resource === undefined ? {} : { resource: optionalList('Resource') }),
    ...(raw.NotResource === undefined ? {} : { notResource: optionalList('NotResource') }),
  };
}

/**
 * Validates and normalises a policy: a JSON string (as `GetBucketPolicy`/`GetKeyPolicy` return it, URL-encoded
 * text is the caller's to decode) or an already parsed value. A single statement object is accepted in place of an array.
 * @throws MalformedPolicyError naming the offending field.
 */
export function parsePolicy(input: unknown): ParsedPolicy {
  if (isParsedPolicy(input)) return input;
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (cause) {
      throw new MalformedPolicyError('(document)', 'is not valid JSON', { cause });
    }
  }
  if (!isRecord(raw)) throw new MalformedPolicyError('(document)', `expected a JSON object, got ${describe(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.has(key)) throw new MalformedPolicyError(key, 'is not a policy element');
  }
  const { Version, Id, Statement } = raw;
  if (Version !== undefined && (typeof Version !== 'string' || !VERSIONS.includes(Version))) {
    throw new MalformedPolicyError('Version', `expected one of ${VERSIONS.join(', ')}, got ${describe(Version)}`);
  }
  if (Id !== undefined && typeof Id !== 'string')
    throw new MalformedPolicyError('Id', `expected a string, got ${describe(Id)}`);
  if (Statement === undefined) throw new MalformedPolicyError('Statement', 'is required');
  const statements = Array.isArray(Statement)
    ? Statement.map((s, i) => parseStatement(s, i, `Statement[${i}]`))
    : [parseStatement(Statement, 0, 'Statement')];
  const policy: ParsedPolicy = {
    kind: 'parsed-policy',
    variablesEnabled: Version === '2012-10-17',
    statements,
    ...(Version === undefined ? {} : { version: Version }),
    ...(Id === undefined ? {} : { id: Id }),
  };
  PARSED.add(policy);
  return policy;
}

/** {@link parsePolicy} without throwing: a discriminated union for callers that report rather than fail. */
export function tryParsePolicy(input: unknown): ParseResult {
  try {
    return { ok: true, policy: parsePolicy(input) };
  } catch (error) {
    if (error instanceof MalformedPolicyError) return { ok: false, error };
    throw error;
  }
}

/** Anything the evaluators accept: a document, its JSON text, or a policy already parsed. */
export type PolicyInput = PolicyDocument | ParsedPolicy | string;
