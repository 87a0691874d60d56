import { describe, expect, it } from 'vitest';
import { lastFailureMs, type ResolutionState, shouldResolve } from '../../../lambdas/core/resolution.js';

const T0 = Date.parse('2024-09-05T21:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();

function state(overrides: Partial<ResolutionState> = {}): ResolutionState {
  return {
    status: 'open',
    lastSeen: iso(0),
    updatedAt: iso(5),
    lastRecordedAt: iso(5),
    lastAlertAt: iso(6),
    alertState: 'sent',
    claimUntil: 0,
    ...overrides,
  };
}

const QUIET = 3_600;

describe('shouldResolve', () => {
  it('keeps an incident open during the quiet period, counted from its last recorded failure', () => {
    const decision = shouldResolve(state(), at(3_604), QUIET, { ok: true });

    expect(decision).toEqual({
      resolve: false,
      reason: 'not-quiet',
      detail: `last failure at ${iso(5)}; quiet until ${iso(3_605)}`,
      quietUntil: iso(3_605),
    });
  });

  it('asks for verification once the quiet period is over, and resolves when the checks pass', () => {
    expect(shouldResolve(state(), at(3_605), QUIET)).toMatchObject({ resolve: false, reason: 'needs-verification' });
    expect(shouldResolve(state(), at(3_605), QUIET, { ok: true })).toEqual({ resolve: true, quietSince: iso(5) });
  });

  it('keeps an incident whose checks still fail, naming them', () => {
    const decision = shouldResolve(state(), at(7_200), QUIET, {
      ok: false,
      failing: ['destination-versioning: Versioning is Suspended on dst-bucket'],
    });

    expect(decision).toEqual({
      resolve: false,
      reason: 'checks-failing',
      detail: '1 check(s) still fail: destination-versioning: Versioning is Suspended on dst-bucket',
    });
    expect(shouldResolve(state(), at(7_200), QUIET, { ok: false })).toMatchObject({ detail: 'the checks do not pass' });
  });

  it('counts from the event time when it is later than the write (clock skew), and from the write for a backlog', () => {
    const skewed = state({ lastSeen: iso(100), lastRecordedAt: iso(5) });
    const backlog = state({ lastSeen: iso(-86_400), lastRecordedAt: iso(50) });

    expect(shouldResolve(skewed, at(3_650), QUIET, { ok: true })).toMatchObject({ reason: 'not-quiet' });
    expect(shouldResolve(backlog, at(3_649), QUIET, { ok: true })).toMatchObject({ reason: 'not-quiet' });
    expect(shouldResolve(backlog, at(3_650), QUIET, { ok: true })).toEqual({ resolve: true, quietSince: iso(50) });
  });

  it('falls back to updatedAt for items written before lastRecordedAt existed', () => {
    const legacy = state({ lastRecordedAt: undefined, updatedAt: iso(600) });
    expect(lastFailureMs(legacy)).toBe(T0 + 600_000);
    expect(shouldResolve(legacy, at(4_199), QUIET, { ok: true })).toMatchObject({ reason: 'not-quiet' });
  });

  it('never resolves an incident whose new alert was not recorded', () => {
    const decision = shouldResolve(state({ lastAlertAt: undefined, alertState: 'pending' }), at(90_000), QUIET, {
      ok: true,
    });
    expect(decision).toMatchObject({ resolve: false, reason: 'never-alerted' });
  });

  it('waits while an alert claim is live, and not once its lease expired', () => {
    const claimed = state({ alertState: 'claimed', claimUntil: at(5_000).getTime() });

    expect(shouldResolve(claimed, at(5_000), QUIET, { ok: true })).toMatchObject({ reason: 'alert-in-flight' });
    expect(shouldResolve(claimed, at(5_001), QUIET, { ok: true })).toMatchObject({ resolve: true });
  });

  it('leaves resolved incidents alone', () => {
    expect(shouldResolve(state({ status: 'resolved' }), at(90_000), QUIET, { ok: true })).toMatchObject({
      resolve: false,
      reason: 'not-open',
    });
  });

  it('stays open when no failure time can be read', () => {
    const broken = state({ lastSeen: '', updatedAt: '', lastRecordedAt: undefined });
    expect(lastFailureMs(broken)).toBeUndefined();
    expect(shouldResolve(broken, at(90_000), QUIET, { ok: true })).toMatchObject({ reason: 'not-quiet' });
  });
});
