import { describe, expect, it } from 'vitest';
import {
  evaluateResourcePolicy,
  type PrincipalElement,
  type RequestContext,
} from '../../../lambdas/core/policy/index.js';
import { DEST_ACCOUNT, DEST_BUCKET, policy, ROLE_ARN, request, SESSION_ARN, SOURCE_ACCOUNT } from './fixtures.js';

function allowFor(principal: PrincipalElement, ctx: RequestContext = request()) {
  return evaluateResourcePolicy(
    policy({
      Sid: 'Grant',
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:ReplicateObject',
      Resource: `${DEST_BUCKET}/*`,
    }),
    'bucket policy',
    ctx,
  );
}

const serviceRequest = request({ principal: { arn: 's3.amazonaws.com', accountId: '', type: 'Service' } });

describe('Principal matching in resource policies', () => {
  it('matches everyone with "*" and every AWS principal with {"AWS": "*"}', () => {
    expect(allowFor('*').allowedBy[0]?.principalMatch).toBe('wildcard');
    expect(allowFor({ AWS: '*' }).decision).toBe('allow');
    expect(allowFor('*', serviceRequest).decision).toBe('allow');
    expect(allowFor({ AWS: '*' }, serviceRequest).decision).toBe('implicit-deny');
  });

  it('treats a bare account ID and the account root ARN alike: both delegate to the whole account', () => {
    // reference_policies_elements_principal.html: "The account ARN and the shortened account ID behave the same way."
    for (const principal of [SOURCE_ACCOUNT, `arn:aws:iam::${SOURCE_ACCOUNT}:root`]) {
      const result = allowFor({ AWS: principal });
      expect(result.decision).toBe('allow');
      expect(result.allowedBy[0]?.principalMatch).toBe('account');
    }
    expect(allowFor({ AWS: DEST_ACCOUNT }).decision).toBe('implicit-deny');
  });

  it('matches a role ARN exactly, also when the request comes from a session of that role', () => {
    expect(allowFor({ AWS: ROLE_ARN }).allowedBy[0]?.principalMatch).toBe('principal');
    const session = request({ principal: { arn: SESSION_ARN, accountId: SOURCE_ACCOUNT } });
    expect(allowFor({ AWS: ROLE_ARN }, session).decision).toBe('allow');
    expect(allowFor({ AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/other-role` }, session).decision).toBe('implicit-deny');
  });

  it('matches a role created with a path by its session, whose ARN omits the path', () => {
    const session = request({ principal: { arn: SESSION_ARN, accountId: SOURCE_ACCOUNT } });

    expect(allowFor({ AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/service-role/repl-role` }, session).decision).toBe(
      'allow',
    );
  });

  it('never matches a partial wildcard in a principal ARN', () => {
    // "You cannot use a wildcard to match part of a principal name or ARN."
    expect(allowFor({ AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/repl-*` }).decision).toBe('implicit-deny');
  });

  it('matches a service principal by name', () => {
    expect(allowFor({ Service: 's3.amazonaws.com' }, serviceRequest).decision).toBe('allow');
    expect(allowFor({ Service: 'batchoperations.s3.amazonaws.com' }, serviceRequest).decision).toBe('implicit-deny');
    expect(allowFor({ Service: 's3.amazonaws.com' }).decision).toBe('implicit-deny');
  });

  it('cannot tell whether a named session is the one making a request known only by its role', () => {
    const result = allowFor({ AWS: `arn:aws:sts::${SOURCE_ACCOUNT}:assumed-role/repl-role/some-session` });

    expect(result.decision).toBe('unknown');
    expect(result.undecided[0]?.undecided).toMatch(/session name of this request is unknown/);
  });

  it('ignores statements without Principal in a resource policy', () => {
    const result = evaluateResourcePolicy(
      policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      'bucket policy',
      request(),
    );

    expect(result.decision).toBe('implicit-deny');
  });
});

describe('NotPrincipal with Deny', () => {
  // Doc example "IAM role in the same or different account" (reference_policies_elements_notprincipal.html).
  const auditRole = 'arn:aws:iam::444455556666:role/cross-account-read-only-role';
  const auditSession = 'arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app';
  const denyAllBut = (...entries: string[]) =>
    policy({ Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: entries }, Action: 's3:*', Resource: '*' });
  const asSession = request({
    principal: { arn: auditSession, accountId: DEST_ACCOUNT, hasPermissionsBoundary: false },
    action: 's3:GetObject',
  });

  it('does not deny the session when the session, its role and its account are all listed', () => {
    const doc = denyAllBut(auditSession, auditRole, 'arn:aws:iam::444455556666:root');

    expect(evaluateResourcePolicy(doc, 'bucket policy', asSession).decision).toBe('implicit-deny');
    expect(evaluateResourcePolicy(doc, 'bucket policy', request()).decision).toBe('deny');
  });

  it('still denies a role session when only the role and the account are listed', () => {
    const result = evaluateResourcePolicy(denyAllBut(auditRole, DEST_ACCOUNT), 'bucket policy', asSession);

    expect(result.decision).toBe('deny');
    expect(result.deniedBy[0]?.principalMatch).toBe('not-principal');
  });

  it('is undecided when the session is listed but not its account ("might deny the entire account")', () => {
    const result = evaluateResourcePolicy(denyAllBut(auditSession, auditRole), 'bucket policy', asSession);

    expect(result.decision).toBe('unknown');
    expect(result.possibleOutcomes).toEqual(['deny', 'implicit-deny']);
  });

  it('excludes an IAM user listed with its account (doc example "IAM user in the same or a different account")', () => {
    const bob = 'arn:aws:iam::444455556666:user/Bob';
    const doc = denyAllBut(bob, 'arn:aws:iam::444455556666:root');

    expect(
      evaluateResourcePolicy(
        doc,
        'p',
        request({ principal: { arn: bob, accountId: DEST_ACCOUNT, hasPermissionsBoundary: false } }),
      ).decision,
    ).toBe('implicit-deny');
  });

  it('always denies a principal with a permissions boundary, and is undecided when that is not known', () => {
    // access_policies_boundaries.html: NotPrincipal with Deny "will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified in the NotPrincipal element".
    const doc = denyAllBut(auditSession, auditRole, DEST_ACCOUNT);
    const withBoundary = { ...asSession, principal: { ...asSession.principal, hasPermissionsBoundary: true } };
    const notKnown = { ...asSession, principal: { arn: auditSession, accountId: DEST_ACCOUNT } };

    expect(evaluateResourcePolicy(doc, 'bucket policy', withBoundary).decision).toBe('deny');
    expect(evaluateResourcePolicy(doc, 'bucket policy', notKnown).undecided[0]?.undecided).toMatch(
      /permissions boundary/,
    );
  });
});
