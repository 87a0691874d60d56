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
  type RecordResult,
  type RuleRef,
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

/**
 * In-memory incident store: used when `INCIDENT_TABLE_NAME` is unset (local runs, the CLI, tests). It follows the
 * same protocol and conditions as the DynamoDB store; state lives as long as the process (one Lambda container).
 */
export class MemoryIncidentStore implements IncidentStore {
  readonly #items = new Map<string, Item>();
  readonly #reports = new Map<string, IncidentReport>();
  readonly #latency = new Map<string, { nextAlertAtMs: number; token: string }>();
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
    if (existing) {
      existing.objectCount += group.objectCount;
      existing.lastSeen = group.lastSeen;
      existing.recentSamples = samples;
      existing.status = 'open';
      existing.updatedAt = nowIso;
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
      ttl,
    };
    this.#items.set(group.incidentId, item);
    return { state: stateOf(item), created: true, claim: claimOf(item, 'new') };
  }

  async claimAlert(request: ClaimRequest): Promise<AlertClaim | undefined> {
    const item = this.#items.get(request.incidentId);
    if (!item) return undefined;
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

  async claimLatencyAlert(rule: RuleRef, now: Date, windowSeconds: number): Promise<LatencyClaim | undefined> {
    const id = ruleKeyId(rule);
    const existing = this.#latency.get(id);
    if (existing && existing.nextAlertAtMs > now.getTime()) return undefined;
    const token = this.#newToken();
    this.#latency.set(id, { nextAlertAtMs: now.getTime() + windowSeconds * 1000, token });
    return { ruleKeyId: id, token };
  }

  async releaseLatencyAlert(claim: LatencyClaim): Promise<void> {
    const existing = this.#latency.get(claim.ruleKeyId);
    if (existing?.token === claim.token) existing.nextAlertAtMs = 0;
  }
}
