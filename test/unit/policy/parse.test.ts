import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  MalformedPolicyError,
  parsePolicy,
  tryParsePolicy,
} from '../../../lambdas/core/policy/index.js';
import { request } from './fixtures.js';

function fieldOf(input: unknown): string | undefined {
  const result = tryParsePolicy(input);
  return result.ok ? undefined : result.error.field;
}

describe('parsePolicy', () => {
  it('parses a JSON string whose Statement is a single object with scalar Action and Resource', () => {
    const parsed = parsePolicy(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
    );

    expect(parsed.variablesEnabled).toBe(true);
    expect(parsed.statements).toEqual([
      { index: 0, effect: 'Allow', action: ['s3:*'], resource: ['*'], conditions: [] },
    ]);
  });

  it('renders numeric and boolean condition values as strings', () => {
    const parsed = parsePolicy({
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': [10] } },
        },
      ],
    });

    expect(parsed.variablesEnabled).toBe(false);
    expect(parsed.statements[0]?.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] },
    ]);
  });

  it('rejects text that is not JSON, naming the document', () => {
    expect(() => parsePolicy('{"Statement": [')).toThrow(MalformedPolicyError);
    expect(fieldOf('{"Statement": [')).toBe('(document)');
  });

  it.each([
    [
      'an Effect other than Allow/Deny',
      {
        Statement: [
          { Effect: 'Allow', Action: 'a:b', Resource: '*' },
          { Effect: 'allow', Action: 'a:b', Resource: '*' },
        ],
      },
      'Statement[1].Effect',
    ],
    [
      'Action together with NotAction',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', NotAction: 'a:c', Resource: '*' }] },
      'Statement[0].NotAction',
    ],
    ['neither Action nor NotAction', { Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'Statement[0].Action'],
    [
      'Principal together with NotPrincipal',
      { Statement: [{ Effect: 'Deny', Principal: '*', NotPrincipal: '*', Action: 'a:b' }] },
      'Statement[0].NotPrincipal',
    ],
    [
      'a misspelt element',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Resources: '*' }] },
      'Statement[0].Resources',
    ],
    [
      'an unknown principal type',
      { Statement: [{ Effect: 'Allow', Principal: { aws: '*' }, Action: 'a:b' }] },
      'Statement[0].Principal.aws',
    ],
    [
      'a non-string action',
      { Statement: [{ Effect: 'Allow', Action: ['a:b', 7], Resource: '*' }] },
      'Statement[0].Action[1]',
    ],
    [
      'an empty Resource list',
      { Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: [] }] },
      'Statement[0].Resource',
    ],
    [
      'an object as a condition value',
      {
        Statement: {
          Effect: 'Allow',
          Action: 'a:b',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': { x: 1 } } },
        },
      },
      'Statement.Condition.StringEquals.aws:SourceAccount',
    ],
    ['an unknown Version', { Version: '2012-10-18', Statement: [] }, 'Version'],
    ['a missing Statement', { Version: '2012-10-17' }, 'Statement'],
    ['an array as the document', [], '(document)'],
  ])('rejects %s with a typed error naming the field', (_what, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });

  it('makes evaluatePolicy throw the same typed error for a malformed policy', () => {
    const call = () => evaluatePolicy('{"Statement":[{"Effect":"Permit"}]}', 'bad', request());

    expect(call).toThrow(MalformedPolicyError);
    expect(call).toThrow(/Statement\[0\]\.Effect/);
  });
});
