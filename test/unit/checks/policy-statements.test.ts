import { describe, expect, it } from 'vitest';
import { statementAt } from '../../../lambdas/checks/policy-statements.js';

const COMPACT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:ReplicateTags', Resource: '*', Condition: { StringEquals: { 'aws:x': '{"}' } } },
  ],
});

const PRETTY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": "s3:Get*",
      "Resource": "*"
    },
    {
      "Sid": "NoTags",
      "Effect": "Deny",
      "Action": "s3:ReplicateTags",
      "Resource": "*"
    }
  ]
}`;

describe('statementAt', () => {
  it('reads the Sid, effect and index of the statement at a 1-based line and column', () => {
    const column = COMPACT.indexOf('{"Sid":"Read"') + 1;
    expect(statementAt(COMPACT, { Line: 1, Column: column })).toEqual({ sid: 'Read', effect: 'Allow', index: 0 });
  });

  it('handles statements without a Sid and braces inside strings', () => {
    const column = COMPACT.indexOf('{"Effect":"Deny"') + 1;
    expect(statementAt(COMPACT, { Line: 1, Column: column })).toEqual({ effect: 'Deny', index: 1 });
  });

  it('reads multi-line documents, tolerating a 0-based column', () => {
    expect(statementAt(PRETTY, { Line: 10, Column: 5 })).toEqual({ sid: 'NoTags', effect: 'Deny', index: 1 });
    expect(statementAt(PRETTY, { Line: 10, Column: 4 })).toEqual({ sid: 'NoTags', effect: 'Deny', index: 1 });
  });

  it('returns undefined when the position does not point at a statement', () => {
    expect(statementAt(PRETTY, { Line: 2, Column: 3 })).toBeUndefined();
    expect(statementAt(PRETTY, { Line: 99, Column: 1 })).toBeUndefined();
  });
});
