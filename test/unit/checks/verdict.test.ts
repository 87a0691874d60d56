import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../lambdas/checks/types.js';
import { decideVerdict, liveVerdictPolicy, renderChecksText } from '../../../lambdas/checks/verdict.js';
import type { CatalogEntry, CatalogLookup, LikelyCause } from '../../../lambdas/core/catalog/types.js';
import type { Severity } from '../../../lambdas/core/types.js';

function lookup(code: string, severity: Severity, causes: LikelyCause[]): CatalogLookup {
  const entry: CatalogEntry = {
    code,
    formerSpellings: [],
    title: `${code} title`,
    meaning: 'meaning',
    category: 'configuration',
    severity,
    batchReplicationOnly: false,
    outpostsOnly: false,
    causes,
    checks: [...new Set(causes.flatMap((c) => c.checks))],
    remediation: () => [],
    docs: [],
  };
  return { failureReason: code, canonicalReason: code, known: true, entry };
}

const pass = (id: CheckResult['id'], summary = `${id} ok`): CheckResult => ({
  id,
  status: 'pass',
  summary,
  evidence: [],
});
const fail = (id: CheckResult['id'], extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  status: 'fail',
  summary: `${id} broken`,
  evidence: [{ source: 'API', field: 'Field', value: 'bad' }],
  ...extra,
});
const unknown = (id: CheckResult['id'], missingPermission?: string): CheckResult => ({
  id,
  status: 'unknown',
  summary: `Could not read ${id}: denied.`,
  evidence: [],
  ...(missingPermission ? { missingPermission } : {}),
});

const assumeRole = lookup('AssumeRoleNotPermitted', 'critical', [
  { text: 'The trust policy does not allow s3.amazonaws.com.', checks: ['role-trust'] },
  { text: 'The role no longer exists.', checks: ['role-exists', 'replication-rule'] },
  { text: 'An SCP denies sts:AssumeRole.', checks: [] },
]);
const keyState = lookup('DstKmsKeyInvalidState', 'critical', [
  { text: 'The destination key is Disabled.', checks: ['destination-kms-key'] },
  { text: 'The destination key is scheduled for deletion (PendingDeletion).', checks: ['destination-kms-key'] },
  { text: 'The destination key is PendingImport or Unavailable.', checks: ['destination-kms-key'] },
]);
const keyGone = lookup('SrcKeyNotFound', 'warning', [
  { text: 'The object was deleted before replication finished.', checks: ['source-object'] },
]);
const baseline = [
  pass('replication-rule'),
  pass('replication-metrics'),
  pass('source-versioning'),
  pass('destination-versioning'),
];

describe('decideVerdict', () => {
  it('confirms the cause whose check fails, first, with its evidence, and rules out the others', () => {
    const v = decideVerdict(assumeRole, [...baseline, fail('role-trust'), pass('role-exists')]);
    expect(v.outcome).toBe('confirmed');
    expect(v.confirmed[0]?.cause).toBe('The trust policy does not allow s3.amazonaws.com.');
    expect(v.confirmed[0]?.checks[0]?.evidence[0]).toEqual({ source: 'API', field: 'Field', value: 'bad' });
    expect(v.ruledOut.map((c) => c.cause)).toEqual(['The role no longer exists.']);
    expect(v.unchecked).toEqual([
      expect.objectContaining({ cause: 'An SCP denies sts:AssumeRole.', kind: 'not-covered' }),
    ]);
    expect(v.severity).toBe('critical');
    expect(v.headline).toMatch(/^Confirmed: The trust policy/);
  });

  it('tells apart causes that share a check by the finding terms', () => {
    const disabled = fail('destination-kms-key', { severityHint: 'critical', findingTerms: ['Disabled'] });
    const v = decideVerdict(keyState, [...baseline, disabled]);
    expect(v.confirmed.map((c) => c.cause)).toEqual(['The destination key is Disabled.']);
    expect(v.ruledOut.map((c) => c.cause)).toHaveLength(2);
    const pending = decideVerdict(keyState, [
      ...baseline,
      fail('destination-kms-key', { findingTerms: ['PendingDeletion'] }),
    ]);
    expect(pending.confirmed.map((c) => c.cause)).toEqual([
      'The destination key is scheduled for deletion (PendingDeletion).',
    ]);
  });

  it('confirms every sharing cause when the check cannot tell them apart', () => {
    const v = decideVerdict(keyState, [...baseline, fail('destination-kms-key')]);
    expect(v.confirmed).toHaveLength(3);
  });

  it('lowers the severity to the decisive hint: an object deleted before it replicated is info', () => {
    const v = decideVerdict(keyGone, [...baseline, fail('source-object', { severityHint: 'info' })]);
    expect(v).toMatchObject({ outcome: 'confirmed', severity: 'info' });
  });

  it('raises the severity to critical for a decisive critical hint', () => {
    const v = decideVerdict(lookup('X', 'warning', [{ text: 'key', checks: ['source-kms-key'] }]), [
      fail('source-kms-key', { severityHint: 'critical' }),
    ]);
    expect(v.severity).toBe('critical');
  });

  it('keeps at least the entry severity for a failing baseline check, listed as its own finding', () => {
    const v = decideVerdict(keyGone, [
      pass('replication-rule'),
      pass('replication-metrics'),
      pass('source-versioning'),
      { ...fail('destination-versioning'), summary: 'Versioning is Suspended on destination bucket dst.' },
      fail('source-object', { severityHint: 'info' }),
    ]);
    expect(v.severity).toBe('warning');
    expect(v.confirmed.map((c) => c.cause)).toContain('Versioning is Suspended on destination bucket dst.');
  });

  it('says fixed-or-invisible when every check passes now, with the redrive as next step', () => {
    const v = decideVerdict(assumeRole, [...baseline, pass('role-trust'), pass('role-exists')], {
      sourceBucket: 'src',
      ruleId: 'r1',
    });
    expect(v.outcome).toBe('fixed-or-invisible');
    expect(v.severity).toBe('warning');
    expect(v.headline).toContain(
      "appears fixed since the failure, or lies where the doctor cannot see (SCPs and other accounts' policies)",
    );
    expect(v.headline).toContain('replication-doctor redrive src --rule r1');
    expect(v.confirmed).toEqual([]);
    expect(v.ruledOut).toHaveLength(2);
  });

  it('is inconclusive when a cause could not be decided, naming the missing permission', () => {
    const v = decideVerdict(assumeRole, [
      ...baseline,
      unknown('role-trust', 'iam:GetRole'),
      unknown('role-exists', 'iam:GetRole'),
    ]);
    expect(v.outcome).toBe('inconclusive');
    expect(v.headline).toContain('the doctor lacks iam:GetRole');
    expect(v.unchecked[0]).toMatchObject({ kind: 'undecided', missingPermissions: ['iam:GetRole'] });
    expect(v.severity).toBe('critical');
  });

  it('is not-checked when nothing ran, presenting the causes as likely, not found', () => {
    const v = decideVerdict(assumeRole, []);
    expect(v.outcome).toBe('not-checked');
    expect(v.confirmed).toEqual([]);
    expect(v.unchecked).toHaveLength(3);
    expect(v.headline).toContain(
      'Not verified in the account (live checks were not run); most likely cause: The trust policy',
    );
  });

  it('is not-checked when AWS could not be reached at all', () => {
    const unreachable: CheckResult[] = ['replication-rule', 'role-trust'].map((id) => ({
      id: id as CheckResult['id'],
      status: 'unknown',
      summary: 'Could not read x: could not reach AWS (CredentialsProviderError: no creds).',
      evidence: [],
    }));
    const v = decideVerdict(assumeRole, unreachable);
    expect(v.outcome).toBe('not-checked');
    expect(v.headline).toContain('could not reach AWS');
  });

  it('is exposed as a verdict policy with the check ids for a lookup', () => {
    expect(liveVerdictPolicy.checkIds(assumeRole)).toEqual([
      'replication-rule',
      'replication-metrics',
      'source-versioning',
      'destination-versioning',
      'role-exists',
      'role-trust',
    ]);
    expect(liveVerdictPolicy.verdict(assumeRole, []).outcome).toBe('not-checked');
  });
});

describe('renderChecksText', () => {
  it('lists confirmed (with evidence and fix), ruled out, not checked and every check', () => {
    const results = [
      ...baseline,
      fail('role-trust', { fix: ['aws iam update-assume-role-policy …'] }),
      pass('role-exists'),
    ];
    const text = renderChecksText(results, decideVerdict(assumeRole, results));
    expect(text).toContain(
      'Confirmed:\n  * The trust policy does not allow s3.amazonaws.com.\n    [FAIL] role-trust: role-trust broken',
    );
    expect(text).toContain('evidence: API Field=bad');
    expect(text).toContain('fix: aws iam update-assume-role-policy');
    expect(text).toContain('Ruled out:\n  * The role no longer exists. (role-exists, replication-rule)');
    expect(text).toContain('Not checked:\n  * An SCP denies sts:AssumeRole. — no live check');
    expect(text).toContain('[PASS] replication-rule');
  });

  it('names the missing permission and stays within its bound', () => {
    const results = Array.from({ length: 200 }, () => unknown('role-trust', 'iam:GetRole'));
    const text = renderChecksText(results, decideVerdict(assumeRole, [...baseline, ...results]), { maxChars: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toContain('(doctor lacks iam:GetRole)');
    expect(text).toContain('(truncated)');
  });
});
