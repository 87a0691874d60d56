import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combineDecisions,
  type Decision,
  evaluatePolicy,
  evaluateResourcePolicy,
  MalformedPolicyError,
  type RequestContext,
  type Statement,
  statementsToGrant,
} from '../../../lambdas/core/policy/index.js';

const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotLikeIfExists',
  'StringLike',
  'ForAnyValue:StringLike',
  'ForAllValues:StringNotEquals',
  'ArnLike',
  'ArnNotEquals',
  'NumericLessThan',
  'NumericGreaterThanEqualsIfExists',
  'DateGreaterThan',
  'Bool',
  'IpAddress',
  'NotIpAddress',
  'Null',
  'BinaryEquals',
  'NoSuchOperator',
];
const KEYS = [
  'aws:SourceAccount',
  'aws:SourceIp',
  'kms:ViaService',
  'aws:TagKeys',
  'aws:PrincipalArn',
  's3:max-keys',
  'aws:CurrentTime',
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '*',
    '?',
    `\${aws:username}`,
    `\${aws:x, 'd'}`,
    `\${`,
    '10.0.0.0/8',
    '2001:db8::/32',
    'true',
    '5',
    'arn:aws:s3:::b/*',
  ),
);
const list = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));
const actionPattern = fc.oneof(
  fc.constantFrom('*', 's3:*', 's3:Replicate*', 'kms:Encrypt', 'S3:?eplicateObject'),
  fc.string({ minLength: 1, maxLength: 10 }),
);
const resourcePattern = fc.oneof(
  fc.constantFrom('*', 'arn:aws:s3:::dst/*', 'arn:aws:s3:::dst', `arn:aws:s3:::\${aws:username}/*`),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const principalEntry = fc.oneof(
  fc.constantFrom(
    '*',
    '111122223333',
    'arn:aws:iam::111122223333:root',
    'arn:aws:iam::111122223333:role/repl-role',
    'arn:aws:sts::111122223333:assumed-role/repl-role/s',
  ),
  fc.string({ minLength: 1, maxLength: 10 }),
);
const principal = fc.oneof(
  fc.constant('*' as const),
  fc.record({ AWS: fc.oneof(principalEntry, fc.array(principalEntry, { minLength: 1, maxLength: 3 })) }),
  fc.record({ Service: fc.constantFrom('s3.amazonaws.com', 'kms.amazonaws.com') }),
  fc.record({ CanonicalUser: fc.string({ minLength: 1, maxLength: 8 }) }),
);
const condition = fc.dictionary(
  fc.constantFrom(...OPERATORS),
  fc.dictionary(fc.constantFrom(...KEYS), list, { maxKeys: 2 }),
  { maxKeys: 3 },
);

/** Statements that follow the grammar, with arbitrary content. */
const statement: fc.Arbitrary<Statement> = fc
  .record(
    {
      Sid: fc.string({ maxLength: 6 }),
      Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
      principalKind: fc.constantFrom('Principal', 'NotPrincipal', 'none'),
      principal,
      actionKind: fc.constantFrom('Action', 'NotAction'),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
      resourceKind: fc.constantFrom('Resource', 'NotResource', 'none'),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 3 }),
      Condition: condition,
    },
    { requiredKeys: ['Effect', 'principalKind', 'principal', 'actionKind', 'actions', 'resourceKind', 'resources'] },
  )
  .map(({ principalKind, principal: p, actionKind, actions, resourceKind, resources, ...rest }) => ({
    ...rest,
    [actionKind]: actions,
    ...(principalKind === 'none' ? {} : { [principalKind]: p }),
    ...(resourceKind === 'none' ? {} : { [resourceKind]: resources }),
  }));

const contextValue = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.boolean(),
  fc.integer(),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
);
const requestContext: fc.Arbitrary<RequestContext> = fc.record({
  principal: fc.oneof(
    fc.constant({ arn: 'arn:aws:iam::111122223333:role/repl-role', accountId: '111122223333' }),
    fc.constant({ arn: 'arn:aws:sts::111122223333:assumed-role/repl-role/s', accountId: '111122223333' }),
    fc.constant({ arn: 's3.amazonaws.com', accountId: '', type: 'Service' as const }),
    fc.record({ arn: fc.string({ maxLength: 20 }), accountId: fc.string({ maxLength: 12 }) }),
  ),
  action: fc.oneof(fc.constantFrom('s3:ReplicateObject', 'kms:Encrypt'), fc.string({ maxLength: 10 })),
  resource: fc.oneof(
    fc.constantFrom('arn:aws:s3:::dst/k', 'arn:aws:kms:us-east-1:1:key/x'),
    fc.string({ maxLength: 15 }),
  ),
  conditionKeys: fc.dictionary(fc.constantFrom(...KEYS, 'aws:username'), contextValue, { maxKeys: 4 }),
  unknownKeys: fc.constantFrom('unknown' as const, 'absent' as const),
  knownAbsentKeys: fc.subarray(KEYS),
});
const document = fc.record({
  Version: fc.constantFrom('2012-10-17', '2008-10-17'),
  Statement: fc.array(statement, { maxLength: 4 }),
});
const DECISIONS: Decision[] = ['allow', 'deny', 'implicit-deny', 'unknown'];

describe('policy evaluation properties', () => {
  it('never throws for statement-shaped policies, and its decision agrees with its possible outcomes', () => {
    fc.assert(
      fc.property(document, requestContext, (doc, ctx) => {
        for (const result of [evaluatePolicy(doc, 'p', ctx), evaluateResourcePolicy(doc, 'p', ctx)]) {
          expect(DECISIONS).toContain(result.decision);
          expect(result.possibleOutcomes.length > 1).toBe(result.decision === 'unknown');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('either evaluates arbitrary JSON or rejects it with MalformedPolicyError, never anything else', () => {
    const anyStatement = fc.dictionary(
      fc.constantFrom('Effect', 'Action', 'NotAction', 'Resource', 'Principal', 'Condition', 'Sid'),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const anyDocument = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ Statement: fc.oneof(anyStatement, fc.array(anyStatement, { maxLength: 3 })) }),
    );
    fc.assert(
      fc.property(anyDocument, requestContext, (doc, ctx) => {
        try {
          evaluateResourcePolicy(JSON.stringify(doc) ?? 'null', 'p', ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedPolicyError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is sound when keys are unknown: what the real values allow is always among the possible outcomes', () => {
    fc.assert(
      fc.property(document, requestContext, fc.func(fc.boolean()), (doc, ctx, hide) => {
        const concrete: RequestContext = { ...ctx, unknownKeys: 'absent', knownAbsentKeys: [] };
        // Hiding a key makes it unknown, except the aws:Principal* keys, which are derived from the principal instead.
        const derived = (key: string) => key.toLowerCase().startsWith('aws:principal');
        const visible = Object.fromEntries(
          Object.entries(ctx.conditionKeys ?? {}).filter(([key]) => derived(key) || !hide(key)),
        );
        const partial: RequestContext = { ...concrete, conditionKeys: visible, unknownKeys: 'unknown' };
        for (const evaluate of [evaluatePolicy, evaluateResourcePolicy]) {
          const possible = evaluate(doc, 'p', partial).possibleOutcomes;
          for (const outcome of evaluate(doc, 'p', concrete).possibleOutcomes) expect(possible).toContain(outcome);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('combines soundly: what concrete evaluations combine to is always possible with undecided or unreadable sides', () => {
    fc.assert(
      fc.property(
        document,
        document,
        requestContext,
        fc.boolean(),
        fc.constantFrom('s3' as const, 'kms' as const),
        (identityDoc, resourceDoc, ctx, sameAccount, service) => {
          const concrete: RequestContext = { ...ctx, unknownKeys: 'absent', knownAbsentKeys: [] };
          const partial: RequestContext = { ...concrete, conditionKeys: {}, unknownKeys: 'unknown' };
          const actual = combineDecisions({
            sameAccount,
            service,
            identity: evaluatePolicy(identityDoc, 'identity', concrete),
            resource: evaluateResourcePolicy(resourceDoc, 'resource', concrete),
          });
          const identity = evaluatePolicy(identityDoc, 'identity', partial);
          for (const resource of [evaluateResourcePolicy(resourceDoc, 'resource', partial), 'unreadable' as const]) {
            const possible = combineDecisions({ sameAccount, service, identity, resource }).possibleOutcomes;
            for (const outcome of actual.possibleOutcomes) expect(possible).toContain(outcome);
          }
          expect(actual.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns any decision into deny once a matching unconditional Deny is added', () => {
    fc.assert(
      fc.property(document, requestContext, fc.nat(), (doc, ctx, position) => {
        const deny: Statement = { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' };
        const statements = [...doc.Statement];
        statements.splice(position % (statements.length + 1), 0, deny);
        const withDeny = { ...doc, Statement: statements };
        expect(evaluatePolicy(withDeny, 'p', ctx).decision).toBe('deny');
        expect(evaluateResourcePolicy(withDeny, 'p', ctx).decision).toBe('deny');
        const resource = evaluateResourcePolicy(withDeny, 'p', ctx);
        for (const sameAccount of [true, false]) {
          expect(combineDecisions({ sameAccount, service: 's3', identity: 'unknown', resource }).decision).toBe('deny');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('produces grants that the evaluator reads as allowing exactly what was asked', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/);
    fc.assert(
      fc.property(
        name,
        name,
        fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,20}$/),
        fc.string({ maxLength: 20 }),
        (role, action, bucket, key) => {
          const principalArn = `arn:aws:iam::111122223333:role/${role}`;
          const statements = statementsToGrant({
            policyKind: 'bucket-policy',
            principalArn,
            grants: [{ actions: [`s3:${action}`], resources: [`arn:aws:s3:::${bucket}/*`] }],
          });
          const ctx: RequestContext = {
            principal: { arn: principalArn, accountId: '111122223333' },
            action: `s3:${action}`,
            resource: `arn:aws:s3:::${bucket}/${key}`,
          };
          expect(evaluateResourcePolicy({ Version: '2012-10-17', Statement: statements }, 'p', ctx).decision).toBe(
            'allow',
          );
          const stranger = {
            ...ctx,
            principal: { arn: 'arn:aws:iam::999999999999:role/x', accountId: '999999999999' },
          };
          expect(evaluateResourcePolicy({ Version: '2012-10-17', Statement: statements }, 'p', stranger).decision).toBe(
            'implicit-deny',
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
