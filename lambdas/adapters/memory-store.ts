import { randomUUID } from 'node:crypto';
import type { IncidentGroup } from '../core/incident.js';
import type { IncidentReport } from '../core/report.js';
import {
  type AlertClaim,
  boundSamples,
  type ClaimRequest,
  DEFAULT_CLAIM_LEASE_SECONDS,
  DEFAULT_INCIDENT_TTL_SECONDS,
  expiryOf,
  type IncidentState,
  type IncidentStatus,
  type IncidentStore,
  type LatencyClaim,
  type LatencyCounts,
  type LatencySignalCounts,
  latencyCountsOf,
  type RecordResult,
  type ResolveExpectation,
  ruleKeyId,
  type StoredIncident,
  type StoreOptions,
} from '../core/store.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Item extends Mutable<IncidentState> {
  claimToken?: string;
  /** `objectCount` when the current claim was taken: what the alert reports. */
  pendingCount?: number;
}

function stateOf(item: Item): IncidentState {
  const { claimToken: _token, pendingCount: _pending, ...state } = item;
  return structuredClone(state);
}

function claimOf(item: Item, type: AlertClaim['type']): AlertClaim {
  return {
    incidentId: item.incidentId,
    type,
    token: item.claimToken ?? '',
    until: item.claimUntil ?? 0,
    state: { ...stateOf(item), objectCount: item.pendingCount ?? item.objectCount },
  };
}

/** A rule's latency alert window: when the next alert may go, and the signals counted since the last one. */
interface LatencyWindow {
  nextAlertAtMs: number;
  token: string;
  pending: LatencyCounts;
  lastAlertAt?: string;
}

function addCounts(a: LatencyCounts, b: LatencyCounts): LatencyCounts {
  return {
    missedThreshold: a.missedThreshold + b.missedThreshold,
    replicatedAfterThreshold: a.replicatedAfterThreshold + b.replicatedAfterThreshold,
    notTracked: a.notTracked + b.notTracked,
  };
}

/**
 * In-memory incident store: used when `INCIDENT_TABLE_NAME` is unset (local runs, the CLI, tests). It follows the
 * same protocol and conditions as the DynamoDB store; state lives as long as the process (one Lambda container).
 */
export class MemoryIncidentStore implements IncidentStore {
  readonly #items = new Map<string, Item>();
  readonly #reports = new Map<string, IncidentReport>();
  readonly #latency = new Map<string, LatencyWindow>();
  readonly #leaseMs: number;
  readonly #ttlSeconds: number;
  readonly #newToken: () => string;

  constructor(options: StoreOptions = {}) {
    this.#leaseMs = (options.claimLeaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS) * 1000;
    this.#ttlSeconds = options.ttlSeconds ?? DEFAULT_INCIDENT_TTL_SECONDS;
    this.#newToken = options.newToken ?? randomUUID;
  }

  async recordFailures(group: IncidentGroup<unknown>, now: Date): Promise<RecordResult> {
    const nowIso = now.toISOString();
    const ttl = expiryOf(now, this.#ttlSeconds);
    const samples = boundSamples(group.samples);
    const existing = this.#items.get(group.incidentId);
    if (existing?.status === 'resolved') return this.#reopen(existing, group, now);
    if (existing) {
      existing.objectCount += group.objectCount;
      existing.lastSeen = group.lastSeen;
      existing.recentSamples = samples;
      existing.updatedAt = nowIso;
      existing.lastRecordedAt = nowIso;
      existing.ttl = ttl;
      return { state: stateOf(existing), created: false };
    }
    const token = this.#newToken();
    const item: Item = {
      incidentId: group.incidentId,
      sourceBucket: group.key.sourceBucket,
      destinationBucket: group.key.destinationBucket,
      ruleId: group.key.ruleId,
      canonicalReason: group.key.canonicalReason,
      failureReason: group.failureReason,
      awsRegion: group.awsRegion,
      ...(group.sourceAccount ? { sourceAccount: group.sourceAccount } : {}),
      status: 'open',
      objectCount: group.objectCount,
      firstSeen: group.firstSeen,
      lastSeen: group.lastSeen,
      firstSamples: samples,
      recentSamples: samples,
      alertState: 'claimed',
      claimToken: token,
      claimUntil: now.getTime() + this.#leaseMs,
      claimType: 'new',
      pendingCount: group.objectCount,
      countAtLastAlert: 0,
      alertsSent: 0,
      createdAt: nowIso,
      updatedAt: nowIso,
      lastRecordedAt: nowIso,
      reopenCount: 0,
      ttl,
    };
    this.#items.set(group.incidentId, item);
    return { state: stateOf(item), created: true, claim: claimOf(item, 'new') };
  }

  /** A failure on a resolved incident: a new episode, and the caller holds its `new` alert claim. */
  #reopen(item: Item, group: IncidentGroup<unknown>, now: Date): RecordResult {
    const nowIso = now.toISOString();
    const samples = boundSamples(group.samples);
    item.status = 'open';
    item.failureReason = group.failureReason;
    item.objectCount = group.objectCount;
    item.firstSeen = group.firstSeen;
    item.lastSeen = group.lastSeen;
    item.firstSamples = samples;
    item.recentSamples = samples;
    item.alertState = 'claimed';
    item.claimToken = this.#newToken();
    item.claimUntil = now.getTime() + this.#leaseMs;
    item.claimType = 'new';
    item.pendingCount = group.objectCount;
    item.countAtLastAlert = 0;
    delete item.lastAlertAt;
    delete item.lastAlertType;
    delete item.resolvedAt;
    item.reopenedAt = nowIso;
    item.reopenCount = (item.reopenCount ?? 0) + 1;
    item.updatedAt = nowIso;
    item.lastRecordedAt = nowIso;
    item.ttl = expiryOf(now, this.#ttlSeconds);
    return { state: stateOf(item), created: false, reopened: true, claim: claimOf(item, 'new') };
  }

  async claimAlert(request: ClaimRequest): Promise<AlertClaim | undefined> {
    const item = this.#items.get(request.incidentId);
    if (!item || item.status === 'resolved') return undefined;
    const nowMs = request.now.getTime();
    const expired = item.alertState === 'claimed' && (item.claimUntil ?? 0) < nowMs;
    let allowed: boolean;
    if (request.type === 'new') {
      allowed = item.lastAlertAt === undefined && (item.alertState === 'pending' || expired);
    } else {
      const notAfter = request.lastAlertNotAfter?.getTime() ?? nowMs;
      allowed =
        item.lastAlertAt !== undefined &&
        Date.parse(item.lastAlertAt) <= notAfter &&
        item.objectCount > item.countAtLastAlert &&
        (item.alertState !== 'claimed' || expired);
    }
    if (!allowed) return undefined;
    item.alertState = 'claimed';
    item.claimToken = this.#newToken();
    item.claimUntil = nowMs + this.#leaseMs;
    item.claimType = request.type;
    item.pendingCount = item.objectCount;
    item.updatedAt = request.now.toISOString();
    return claimOf(item, request.type);
  }

  async completeAlert(claim: AlertClaim, now: Date, report?: IncidentReport): Promise<boolean> {
    if (report) this.#reports.set(claim.incidentId, structuredClone(report));
    const item = this.#items.get(claim.incidentId);
    if (item?.alertState !== 'claimed' || item.claimToken !== claim.token) return false;
    item.alertState = 'sent';
    item.lastAlertAt = now.toISOString();
    item.lastAlertType = claim.type;
    item.countAtLastAlert = claim.state.objectCount;
    item.alertsSent += 1;
    item.claimUntil = 0;
    item.updatedAt = now.toISOString();
    if (report) {
      item.severity = report.severity;
      item.category = report.category;
      item.title = report.title;
    }
    return true;
  }

  async releaseAlert(claim: AlertClaim): Promise<void> {
    const item = this.#items.get(claim.incidentId);
    if (item?.alertState !== 'claimed' || item.claimToken !== claim.token) return;
    item.alertState = item.lastAlertAt === undefined ? 'pending' : 'sent';
    item.claimUntil = 0;
  }

  async getReport(incidentId: string): Promise<IncidentReport | undefined> {
    const report = this.#reports.get(incidentId);
    return report ? structuredClone(report) : undefined;
  }

  async getIncident(incidentId: string): Promise<StoredIncident | undefined> {
    const item = this.#items.get(incidentId);
    if (!item) return undefined;
    const report = await this.getReport(incidentId);
    return { state: stateOf(item), ...(report ? { report } : {}) };
  }

  async listIncidents(options: { readonly status?: IncidentStatus; readonly limit: number }): Promise<IncidentState[]> {
    return [...this.#items.values()]
      .filter((item) => options.status === undefined || item.status === options.status)
      .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0))
      .slice(0, Math.max(0, options.limit))
      .map(stateOf);
  }

  async markResolved(incidentId: string, at: Date, expected: ResolveExpectation): Promise<IncidentState | undefined> {
    const item = this.#items.get(incidentId);
    if (item?.status !== 'open' || item.lastAlertAt === undefined) return undefined;
    const unchanged =
      item.updatedAt === expected.updatedAt &&
      item.objectCount === expected.objectCount &&
      item.lastSeen === expected.lastSeen;
    const claimLive = item.alertState === 'claimed' && (item.claimUntil ?? 0) >= at.getTime();
    if (!unchanged || claimLive) return undefined;
    item.status = 'resolved';
    item.resolvedAt = at.toISOString();
    // An expired claim ends here: its late completion must not touch the resolved incident.
    item.alertState = 'sent';
    item.claimUntil = 0;
    item.updatedAt = at.toISOString();
    return stateOf(item);
  }

  async claimLatencyAlert(
    signal: LatencySignalCounts,
    now: Date,
    windowSeconds: number,
  ): Promise<LatencyClaim | undefined> {
    const id = ruleKeyId(signal);
    const added = latencyCountsOf(signal);
    const window = this.#latency.get(id) ?? { nextAlertAtMs: 0, token: '', pending: latencyCountsOf({}) };
    window.pending = addCounts(window.pending, added);
    this.#latency.set(id, window);
    if (window.nextAlertAtMs > now.getTime()) return undefined;
    const claim: LatencyClaim = {
      ruleKeyId: id,
      token: this.#newToken(),
      counts: window.pending,
      ...(window.lastAlertAt ? { since: window.lastAlertAt } : {}),
    };
    window.nextAlertAtMs = now.getTime() + windowSeconds * 1000;
    window.token = claim.token;
    window.pending = latencyCountsOf({});
    window.lastAlertAt = now.toISOString();
    return claim;
  }

  async releaseLatencyAlert(claim: LatencyClaim): Promise<void> {
    const window = this.#latency.get(claim.ruleKeyId);
    if (window?.token !== claim.token) return;
    window.nextAlertAtMs = 0;
    window.pending = addCounts(window.pending, claim.counts);
    if (claim.since === undefined) delete window.lastAlertAt;
    else window.lastAlertAt = claim.since;
  }
}
