import { describe, expect, it } from 'vitest';
import {
  type ConditionBlock,
  type ContextValue,
  type Decision,
  type Effect,
  evaluatePolicy,
  type RequestContext,
} from '../../../lambdas/core/policy/index.js';
import { policy, request } from './fixtures.js';

/** Evaluates a single statement with `condition` for a request carrying `keys`. */
function decide(
  effect: Effect,
  condition: ConditionBlock,
  keys: Record<string, ContextValue> = {},
  extra: Partial<RequestContext> = {},
): Decision {
  const doc = policy({ Effect: effect, Action: '*', Resource: '*', Condition: condition });
  return evaluatePolicy(doc, 'p', request({ conditionKeys: keys, ...extra })).decision;
}

describe('String condition operators', () => {
  it('StringEquals is case-sensitive and ORs the policy values', () => {
    const condition = { StringEquals: { 'aws:SourceAccount': ['111122223333', '444455556666'] } };

    expect(decide('Allow', condition, { 'aws:SourceAccount': '444455556666' })).toBe('allow');
    expect(decide('Allow', condition, { 'aws:SourceAccount': '999999999999' })).toBe('implicit-deny');
    expect(
      decide(
        'Allow',
        { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        { 's3:x-amz-server-side-encryption': 'AWS:KMS' },
      ),
    ).toBe('implicit-deny');
  });

  it('StringNotEquals is true only when no policy value matches (NOR), and true for a missing key', () => {
    // "If a single negated matching condition operator includes multiple values ... logical NOR" (reference_policies_multi-value-conditions.html)
    const condition = {
      StringNotEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 's3.us-west-2.amazonaws.com'] },
    };

    expect(decide('Deny', condition, { 'kms:ViaService': 's3.us-west-2.amazonaws.com' })).toBe('implicit-deny');
    expect(decide('Deny', condition, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' })).toBe('deny');
    expect(decide('Deny', condition)).toBe('deny');
  });

  it('StringEqualsIgnoreCase and StringNotEqualsIgnoreCase ignore case', () => {
    expect(
      decide(
        'Allow',
        { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Storage' } },
        { 'aws:PrincipalTag/team': 'STORAGE' },
      ),
    ).toBe('allow');
    expect(
      decide(
        'Allow',
        { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Storage' } },
        { 'aws:PrincipalTag/team': 'storage' },
      ),
    ).toBe('implicit-deny');
  });

  it('StringLike and StringNotLike use * and ? wildcards', () => {
    const keys = { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst-bucket/2024/a.txt' };

    expect(
      decide('Allow', { StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst-bucket/*' } }, keys),
    ).toBe('allow');
    expect(
      decide('Allow', { StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst-bucke?' } }, keys),
    ).toBe('implicit-deny');
    expect(
      decide('Deny', { StringNotLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::other/*' } }, keys),
    ).toBe('deny');
  });

  it('StringEquals compares * literally', () => {
    expect(decide('Allow', { StringEquals: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/x' })).toBe(
      'implicit-deny',
    );
  });

  it('treats condition key names case-insensitively', () => {
    expect(
      decide(
        'Allow',
        { StringEquals: { 'AWS:SOURCEACCOUNT': '111122223333' } },
        { 'aws:SourceAccount': '111122223333' },
      ),
    ).toBe('allow');
  });
});

describe('ARN condition operators', () => {
  // Doc example: SQS queue policy with ArnEquals on aws:SourceArn (condition operators, ARN section).
  const topic = 'arn:aws:sns:us-east-1:123456789012:TOPIC-ID';

  it('ArnEquals and ArnLike behave identically; ArnNotEquals negates', () => {
    for (const operator of ['ArnEquals', 'ArnLike']) {
      expect(
        decide(
          'Allow',
          { [operator]: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } },
          { 'aws:SourceArn': topic },
        ),
      ).toBe('allow');
    }
    expect(decide('Deny', { ArnNotEquals: { 'aws:SourceArn': topic } }, { 'aws:SourceArn': topic })).toBe(
      'implicit-deny',
    );
    expect(decide('Deny', { ArnNotLike: { 'aws:SourceArn': topic } }, { 'aws:SourceArn': `${topic}-2` })).toBe('deny');
  });

  it('does not match a value that is not an ARN', () => {
    expect(
      decide('Allow', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': 'not-an-arn' }),
    ).toBe('implicit-deny');
  });
});

describe('Numeric, date, Bool, binary and IP operators', () => {
  it('NumericLessThanEquals limits s3:max-keys (doc example)', () => {
    const condition = { NumericLessThanEquals: { 's3:max-keys': '10' } };

    expect(decide('Allow', condition, { 's3:max-keys': 10 })).toBe('allow');
    expect(decide('Allow', condition, { 's3:max-keys': '11' })).toBe('implicit-deny');
    expect(decide('Allow', { NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.0' })).toBe(
      'implicit-deny',
    );
    expect(decide('Allow', { NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' })).toBe(
      'implicit-deny',
    );
  });

  it('DateGreaterThan/DateLessThan compare ISO 8601 and epoch times (doc example on aws:TokenIssueTime)', () => {
    const after2020 = { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } };

    expect(decide('Allow', after2020, { 'aws:TokenIssueTime': '2024-05-03T10:00:00Z' })).toBe('allow');
    expect(decide('Allow', after2020, { 'aws:TokenIssueTime': '2019-12-31T23:59:59Z' })).toBe('implicit-deny');
    expect(
      decide(
        'Allow',
        { DateLessThan: { 'aws:CurrentTime': '1700000000' } },
        { 'aws:CurrentTime': '2023-01-01T00:00:00Z' },
      ),
    ).toBe('allow');
    expect(decide('Allow', after2020)).toBe('implicit-deny');
  });

  it('Bool denies requests without TLS (doc example BooleanExample)', () => {
    const insecure = { Bool: { 'aws:SecureTransport': 'false' } };

    expect(decide('Deny', insecure, { 'aws:SecureTransport': false })).toBe('deny');
    expect(decide('Deny', insecure, { 'aws:SecureTransport': true })).toBe('implicit-deny');
    expect(decide('Deny', { Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': 'FALSE' })).toBe('deny');
  });

  it('BinaryEquals compares the base-64 text', () => {
    expect(
      decide(
        'Allow',
        { BinaryEquals: { 'x:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } },
        { 'x:blob': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' },
      ),
    ).toBe('allow');
  });

  it('IpAddress and NotIpAddress match IPv4 and IPv6 CIDR blocks (doc examples)', () => {
    const ranges = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };

    expect(decide('Allow', ranges, { 'aws:SourceIp': '203.0.113.77' })).toBe('allow');
    expect(decide('Allow', ranges, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' })).toBe('allow');
    expect(decide('Allow', ranges, { 'aws:SourceIp': '198.51.100.1' })).toBe('implicit-deny');
    expect(decide('Allow', { IpAddress: { 'aws:SourceIp': '198.51.100.1' } }, { 'aws:SourceIp': '198.51.100.1' })).toBe(
      'allow',
    );
    expect(decide('Deny', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '192.168.0.1' })).toBe(
      'deny',
    );
  });
});

describe('Null and ...IfExists', () => {
  it('Null "true" requires the key to be absent and "false" requires it present (doc example on aws:TokenIssueTime)', () => {
    expect(decide('Allow', { Null: { 'aws:TokenIssueTime': 'true' } })).toBe('allow');
    expect(
      decide('Allow', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }),
    ).toBe('implicit-deny');
    expect(
      decide('Allow', { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }),
    ).toBe('allow');
  });

  it('IfExists is true for a missing key and otherwise checks the value (doc example StringLikeIfExists on ec2:InstanceType)', () => {
    const condition = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };

    expect(decide('Allow', condition)).toBe('allow');
    expect(decide('Allow', condition, { 'ec2:InstanceType': 't2.micro' })).toBe('allow');
    expect(decide('Allow', condition, { 'ec2:InstanceType': 'c5.large' })).toBe('implicit-deny');
  });

  it('a negated IfExists operator in a Deny still denies when the key is missing', () => {
    expect(decide('Deny', { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })).toBe('deny');
  });

  it('a positive operator is false for a missing key', () => {
    expect(decide('Allow', { StringEquals: { 'aws:SourceAccount': '111122223333' } })).toBe('implicit-deny');
  });
});

describe('ForAnyValue and ForAllValues', () => {
  it('ForAnyValue is true when any request value matches (doc example: Deny PutItem on ID/PostDateTime)', () => {
    const condition = { 'ForAnyValue:StringLike': { 'dynamodb:requestedAttributes': ['ID', 'PostDateTime'] } };

    expect(decide('Deny', condition, { 'dynamodb:requestedAttributes': ['UserName', 'Message', 'PostDateTime'] })).toBe(
      'deny',
    );
    expect(decide('Deny', condition, { 'dynamodb:requestedAttributes': ['UserName'] })).toBe('implicit-deny');
    expect(decide('Deny', condition, { 'dynamodb:requestedAttributes': [] })).toBe('implicit-deny');
    expect(decide('Deny', condition)).toBe('implicit-deny');
  });

  it('ForAllValues is true when every request value matches, and for a missing or empty key (doc example: GetItem)', () => {
    const condition = {
      'ForAllValues:StringLike': { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message', 'Tags'] },
    };

    expect(decide('Allow', condition, { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message'] })).toBe('allow');
    expect(decide('Allow', condition, { 'dynamodb:requestedAttributes': ['PostDateTime', 'UserName'] })).toBe(
      'implicit-deny',
    );
    expect(decide('Allow', condition, { 'dynamodb:requestedAttributes': [] })).toBe('allow');
    expect(decide('Allow', condition)).toBe('allow');
  });

  it('ForAllValues:StringNotLike denies only tag keys without the prefix (doc example DenyRestrictedTags)', () => {
    const condition = { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } };

    expect(decide('Deny', condition, { 'aws:TagKeys': ['key1:legal'] })).toBe('implicit-deny');
    expect(decide('Deny', condition, { 'aws:TagKeys': ['key1:hr', 'key1:personnel'] })).toBe('implicit-deny');
    expect(decide('Deny', condition, { 'aws:TagKeys': ['key2:audit'] })).toBe('deny');
    expect(decide('Deny', condition)).toBe('deny');
  });

  it('ForAnyValue:StringNotEquals is true when some request value matches no policy value', () => {
    const condition = { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } };

    expect(decide('Deny', condition, { 'aws:TagKeys': ['a', 'c'] })).toBe('deny');
    expect(decide('Deny', condition, { 'aws:TagKeys': ['a', 'b'] })).toBe('implicit-deny');
  });
});

describe('Condition blocks', () => {
  it('ANDs keys within an operator and operators within the block', () => {
    // The SSE-KMS replication statement: kms:ViaService AND kms:EncryptionContext:aws:s3:arn (replication-config-for-kms-objects.html)
    const condition = {
      StringLike: {
        'kms:ViaService': 's3.us-east-1.amazonaws.com',
        'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst-bucket/*',
      },
      Bool: { 'aws:SecureTransport': 'true' },
    };
    const keys = {
      'kms:ViaService': 's3.us-east-1.amazonaws.com',
      'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::dst-bucket/a',
      'aws:SecureTransport': true,
    };

    expect(decide('Allow', condition, keys)).toBe('allow');
    expect(decide('Allow', condition, { ...keys, 'kms:ViaService': 's3.us-west-2.amazonaws.com' })).toBe(
      'implicit-deny',
    );
    expect(decide('Allow', condition, { ...keys, 'aws:SecureTransport': false })).toBe('implicit-deny');
  });

  it('derives aws:PrincipalArn, aws:PrincipalAccount and aws:PrincipalType from the principal', () => {
    const condition = {
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/repl-role' },
      StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:PrincipalType': 'AssumedRole' },
    };

    expect(decide('Allow', condition)).toBe('allow');
  });
});

describe('Keys whose value cannot be known', () => {
  const unknown: Partial<RequestContext> = { unknownKeys: 'unknown' };

  it('makes a condition on an unknown key undecided, and the decision unknown when it matters', () => {
    const doc = policy({
      Sid: 'VpceOnly',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    });

    const result = evaluatePolicy(doc, 'bucket policy', request(unknown));

    expect(result.decision).toBe('unknown');
    expect(result.undecided).toEqual([
      {
        policyName: 'bucket policy',
        sid: 'VpceOnly',
        index: 0,
        effect: 'Deny',
        undecided: 'StringNotEquals on aws:SourceVpce: the value of aws:SourceVpce is unknown for this request',
      },
    ]);
  });

  it('decides when the key is listed as known to be absent', () => {
    expect(
      decide(
        'Deny',
        { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
        {},
        { ...unknown, knownAbsentKeys: ['AWS:SourceVpce'] },
      ),
    ).toBe('deny');
  });

  it('IfExists and Null are undecided on an unknown key too', () => {
    expect(decide('Allow', { StringEqualsIfExists: { 'aws:SourceIp': '10.0.0.1' } }, {}, unknown)).toBe('unknown');
    expect(decide('Allow', { Null: { 'aws:SourceIp': 'true' } }, {}, unknown)).toBe('unknown');
  });

  it('does not let an unknown key hide a condition that is false anyway', () => {
    const condition = {
      StringEquals: { 'aws:SourceAccount': '999999999999' },
      IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
    };

    expect(decide('Allow', condition, { 'aws:SourceAccount': '111122223333' }, unknown)).toBe('implicit-deny');
  });

  it('reports an unsupported operator as undecided rather than guessing', () => {
    const result = evaluatePolicy(
      policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringMaybe: { 'aws:SourceAccount': 'x' } } }),
      'p',
      request(),
    );

    expect(result.decision).toBe('unknown');
    expect(result.undecided[0]?.undecided).toBe('unsupported condition operator StringMaybe');
  });
});

describe('Policy variables', () => {
  // Doc example: home directories with ${aws:username} (reference_policies_variables.html).
  const homeDirectory = policy({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::mybucket/\${aws:username}/*`,
  });
  const asUser = (keys: Record<string, ContextValue>, extra: Partial<RequestContext> = {}) =>
    request({
      principal: { arn: 'arn:aws:iam::111122223333:user/David', accountId: '111122223333' },
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::mybucket/David/notes.txt',
      conditionKeys: keys,
      ...extra,
    });

  it('substitutes the value from the request context', () => {
    expect(evaluatePolicy(homeDirectory, 'p', asUser({ 'aws:username': 'David' })).decision).toBe('allow');
    expect(evaluatePolicy(homeDirectory, 'p', asUser({ 'aws:username': 'Adele' })).decision).toBe('implicit-deny');
  });

  it('is undecided when the variable is unknown', () => {
    const result = evaluatePolicy(homeDirectory, 'p', asUser({}, { unknownKeys: 'unknown' }));

    expect(result.decision).toBe('unknown');
    expect(result.undecided[0]?.undecided).toBe(`policy variable \${aws:username} is unknown for this request`);
  });

  it('ignores the statement when the variable has no value (roles have no aws:username)', () => {
    const deny = policy({
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringNotLike: { 's3:prefix': `\${aws:username}/*` } },
    });

    const result = evaluatePolicy(deny, 'p', request({ conditionKeys: { 's3:prefix': 'x/' } }));

    expect(result.decision).toBe('implicit-deny');
    expect(result.ignored[0]?.ignoredBecause).toBe(`policy variable \${aws:username} has no value in this request`);
  });

  it('uses a default value, and keeps substituted text literal', () => {
    const doc = policy({
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: '*',
      Condition: { StringLike: { 's3:prefix': `\${aws:PrincipalTag/team, 'shared'}/*` } },
    });

    expect(
      evaluatePolicy(doc, 'p', request({ action: 's3:ListBucket', conditionKeys: { 's3:prefix': 'shared/x' } }))
        .decision,
    ).toBe('allow');
    const starTeam = { 'aws:PrincipalTag/team': '*', 's3:prefix': 'storage/x' };
    expect(evaluatePolicy(doc, 'p', request({ action: 's3:ListBucket', conditionKeys: starTeam })).decision).toBe(
      'implicit-deny',
    );
  });

  it(`treats \${*} as a literal asterisk and ignores variables without Version 2012-10-17`, () => {
    const escaped = policy({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { 'x:k': `a\${*}` } },
    });
    expect(evaluatePolicy(escaped, 'p', request({ conditionKeys: { 'x:k': 'a*' } })).decision).toBe('allow');
    expect(evaluatePolicy(escaped, 'p', request({ conditionKeys: { 'x:k': 'ab' } })).decision).toBe('implicit-deny');

    const old = {
      Version: '2008-10-17',
      Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: `arn:aws:s3:::b/\${aws:username}` }],
    };
    expect(evaluatePolicy(old, 'p', request({ resource: `arn:aws:s3:::b/\${aws:username}` })).decision).toBe('allow');
  });
});
