import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { IncidentGroup, ObjectSample } from '../core/incident.js';
import type { IncidentReport } from '../core/report.js';
import {
  type AlertClaim,
  type AlertState,
  boundSamples,
  type ClaimRequest,
  DEFAULT_CLAIM_LEASE_SECONDS,
  DEFAULT_INCIDENT_TTL_SECONDS,
  expiryOf,
  type IncidentAlertType,
  type IncidentState,
  type IncidentStatus,
  type IncidentStore,
  type LatencyClaim,
  type LatencyCounts,
  type LatencySignalCounts,
  latencyCountsOf,
  MAX_STORED_SAMPLES,
  type RecordResult,
  type ResolveExpectation,
  ruleKeyId,
  type StoredIncident,
  StoreError,
  type StoreOptions,
} from '../core/store.js';
import { CATEGORIES, type Category, SEVERITIES, type Severity } from '../core/types.js';

/**
 * DynamoDB incident store. Table keys `pk` (S) and `sk` (S) and TTL attribute `ttl` are fixed by the CDK table.
 *
 * Items:
 * - `pk = INCIDENT#<incidentId>`, `sk = STATE`: counts, first/last seen, bounded samples, alert state and claim.
 *   Kept small (a few KB) because every batch writes it, and a write costs by item size.
 * - `pk = INCIDENT#<incidentId>`, `sk = REPORT`: the `new` alert's report as JSON (≤ `MAX_REPORT_BYTES`), written
 *   once per incident; digests and `replication-doctor incidents` read it.
 * - `pk = LATENCY#<ruleKeyId>`, `sk = STATE`: the `latency` alert window of one rule and the signals counted in it.
 *
 * Only single-item writes (`UpdateItem` with conditions, `PutItem`); no transactions. Resolution and re-opening
 * follow the protocol in `core/store.ts`: `markResolved` is conditional on the item being unchanged since it was
 * read; `recordFailures` is conditional on the incident not being resolved, and re-opens it with a second
 * conditional write only when it is.
 */

/** Bound on the stored report JSON: DynamoDB items are at most 400 KB. */
export const MAX_REPORT_BYTES = 300_000;

const STATE_SK = 'STATE';
const REPORT_SK = 'REPORT';

export interface DynamoDbIncidentStoreOptions extends StoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

function incidentPk(incidentId: string): string {
  return `INCIDENT#${incidentId}`;
}

/** Collects `#name` placeholders of an expression into `ExpressionAttributeNames` (attribute names = placeholders). */
function namesOf(...expressions: readonly (string | undefined)[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const expression of expressions) {
    for (const match of (expression ?? '').matchAll(/#(\w+)/g)) {
      const name = match[1];
      if (name) names[`#${name}`] = name;
    }
  }
  return names;
}

function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function isConditionFailure(error: unknown): boolean {
  return awsErrorName(error) === 'ConditionalCheckFailedException';
}

function storeError(operation: string, error: unknown): StoreError {
  const name = awsErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(operation, `${name}: ${message}`.slice(0, 500), { cause: error, awsErrorName: name });
}

function text(item: Record<string, unknown>, field: string): string {
  const value = item[field];
  return typeof value === 'string' ? value : '';
}

function optionalText(item: Record<string, unknown>, field: string): string | undefined {
  const value = item[field];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(item: Record<string, unknown>, field: string): number {
  const value = item[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function samplesOf(value: unknown): ObjectSample[] {
  if (!Array.isArray(value)) return [];
  const samples: ObjectSample[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const sample = entry as Record<string, unknown>;
    if (typeof sample.key !== 'string' || typeof sample.eventTime !== 'string') continue;
    samples.push({
      key: sample.key,
      ...(typeof sample.versionId === 'string' ? { versionId: sample.versionId } : {}),
      eventTime: sample.eventTime,
    });
  }
  return samples;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

const ALERT_STATES: readonly AlertState[] = ['pending', 'claimed', 'sent'];
const ALERT_TYPES: readonly IncidentAlertType[] = ['new', 'digest'];

/** Reads a state item. Unknown or missing fields get safe defaults rather than failing a batch. */
function toState(item: Record<string, unknown>): IncidentState {
  const severity: Severity | undefined = oneOf(SEVERITIES, item.severity);
  const category: Category | undefined = oneOf(CATEGORIES, item.category);
  const claimType = oneOf(ALERT_TYPES, item.claimType);
  const lastAlertType = oneOf(ALERT_TYPES, item.lastAlertType);
  const sourceAccount = optionalText(item, 'sourceAccount');
  const title = optionalText(item, 'title');
  const lastAlertAt = optionalText(item, 'lastAlertAt');
  const lastRecordedAt = optionalText(item, 'lastRecordedAt');
  const resolvedAt = optionalText(item, 'resolvedAt');
  const reopenedAt = optionalText(item, 'reopenedAt');
  return {
    incidentId: text(item, 'incidentId'),
    sourceBucket: text(item, 'sourceBucket'),
    destinationBucket: text(item, 'destinationBucket'),
    ruleId: text(item, 'ruleId'),
    canonicalReason: text(item, 'canonicalReason'),
    failureReason: text(item, 'failureReason'),
    awsRegion: text(item, 'awsRegion'),
    ...(sourceAccount ? { sourceAccount } : {}),
    status: item.status === 'resolved' ? 'resolved' : 'open',
    ...(severity ? { severity } : {}),
    ...(category ? { category } : {}),
    ...(title ? { title } : {}),
    objectCount: num(item, 'objectCount'),
    firstSeen: text(item, 'firstSeen'),
    lastSeen: text(item, 'lastSeen'),
    firstSamples: samplesOf(item.firstSamples),
    recentSamples: samplesOf(item.recentSamples),
    alertState: oneOf(ALERT_STATES, item.alertState) ?? 'pending',
    ...(typeof item.claimUntil === 'number' ? { claimUntil: item.claimUntil } : {}),
    ...(claimType ? { claimType } : {}),
    ...(lastAlertAt ? { lastAlertAt } : {}),
    ...(lastAlertType ? { lastAlertType } : {}),
    countAtLastAlert: num(item, 'countAtLastAlert'),
    alertsSent: num(item, 'alertsSent'),
    createdAt: text(item, 'createdAt'),
    updatedAt: text(item, 'updatedAt'),
    ...(lastRecordedAt ? { lastRecordedAt } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
    ...(reopenedAt ? { reopenedAt } : {}),
    reopenCount: num(item, 'reopenCount'),
    ttl: num(item, 'ttl'),
  };
}

function claimFrom(item: Record<string, unknown>, type: IncidentAlertType): AlertClaim {
  const state = toState(item);
  return {
    incidentId: state.incidentId,
    type,
    token: text(item, 'claimToken'),
    until: num(item, 'claimUntil'),
    // The alert reports the count snapshotted by the claim, not later additions.
    state: { ...state, objectCount: num(item, 'pendingCount') || state.objectCount },
  };
}

function samplesForItem(samples: readonly ObjectSample[]): Record<string, string>[] {
  return boundSamples(samples).map((s) => ({
    key: s.key,
    eventTime: s.eventTime,
    ...(s.versionId ? { versionId: s.versionId } : {}),
  }));
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)} [truncated]`;
}

/**
 * Bounds a report for storage: at most `MAX_STORED_SAMPLES` samples, then, only if it is still too large,
 * shorter evidence, remediation and cause texts. Whatever the input, the result is under `maxBytes` of JSON.
 */
export function boundReportSize(report: IncidentReport, maxBytes = MAX_REPORT_BYTES): IncidentReport {
  let bounded: IncidentReport = {
    ...report,
    samples: report.samples.slice(0, MAX_STORED_SAMPLES),
    sampleKeys: report.sampleKeys.slice(0, MAX_STORED_SAMPLES),
  };
  if (byteLength(bounded) <= maxBytes) return bounded;
  bounded = {
    ...bounded,
    checks: bounded.checks.map((c) => ({ ...c, summary: cut(c.summary, 2_000), evidence: c.evidence.slice(0, 3) })),
    remediation: bounded.remediation.slice(0, 20).map((step) => cut(step, 8_000)),
    likelyCauses: bounded.likelyCauses.slice(0, 20).map((c) => cut(c, 2_000)),
  };
  if (byteLength(bounded) <= maxBytes) return bounded;
  const keyBudget = 200;
  return {
    ...bounded,
    title: cut(bounded.title, 500),
    failureReason: cut(bounded.failureReason, 500),
    canonicalReason: cut(bounded.canonicalReason, 500),
    summary: cut(bounded.summary, 2_000),
    meaning: cut(bounded.meaning, 2_000),
    checks: bounded.checks
      .slice(0, 40)
      .map((c) => ({ id: c.id, status: c.status, summary: cut(c.summary, 500), evidence: [] })),
    remediation: bounded.remediation.slice(0, 10).map((step) => cut(step, 4_000)),
    likelyCauses: bounded.likelyCauses.slice(0, 10).map((c) => cut(c, 500)),
    docs: bounded.docs.slice(0, 10).map((d) => cut(d, 500)),
    samples: bounded.samples.slice(0, 5).map((s) => ({ ...s, key: cut(s.key, keyBudget) })),
    sampleKeys: bounded.sampleKeys.slice(0, 5).map((k) => cut(k, keyBudget)),
    verdict: {
      ...bounded.verdict,
      headline: cut(bounded.verdict.headline, 2_000),
      confirmed: bounded.verdict.confirmed.slice(0, 10).map((c) => cut(c, 500)),
      ruledOut: bounded.verdict.ruledOut.slice(0, 10).map((c) => cut(c, 500)),
      unchecked: bounded.verdict.unchecked.slice(0, 10).map((c) => cut(c, 500)),
    },
  };
}

/** Adds `:missed`, `:after` and `:notTracked` to a rule's pending latency counts. */
const LATENCY_ADD = 'ADD #pendingMissed :missed, #pendingAfter :after, #pendingNotTracked :notTracked';

/** The values of {@link LATENCY_ADD}: the counts, or (`sign` -1) their negation to take them off. */
function latencyValues(counts: LatencyCounts, sign: 1 | -1) {
  return {
    ':missed': sign * counts.missedThreshold,
    ':after': sign * counts.replicatedAfterThreshold,
    ':notTracked': sign * counts.notTracked,
  };
}

function parseReport(item: Record<string, unknown> | undefined): IncidentReport | undefined {
  const json = item?.report;
  if (typeof json !== 'string') return undefined;
  try {
    return JSON.parse(json) as IncidentReport;
  } catch {
    return undefined;
  }
}

/** The incident store on DynamoDB (`INCIDENT_TABLE_NAME`). */
export class DynamoDbIncidentStore implements IncidentStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #leaseMs: number;
  readonly #ttlSeconds: number;
  readonly #newToken: () => string;

  constructor(options: DynamoDbIncidentStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#leaseMs = (options.claimLeaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS) * 1000;
    this.#ttlSeconds = options.ttlSeconds ?? DEFAULT_INCIDENT_TTL_SECONDS;
    this.#newToken = options.newToken ?? randomUUID;
  }

  async #update(operation: string, input: Omit<UpdateCommandInput, 'TableName' | 'ExpressionAttributeNames'>) {
    const command = new UpdateCommand({
      TableName: this.#table,
      ExpressionAttributeNames: namesOf(input.UpdateExpression, input.ConditionExpression),
      ...input,
    });
    try {
      return await this.#client.send(command);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw storeError(operation, error);
    }
  }

  /**
   * The values an incident write that may start an episode sets: the group's counts, times and samples, and a fresh
   * `new` alert claim under `token`.
   */
  #episodeValues(group: IncidentGroup<unknown>, now: Date, token: string) {
    return {
      ':resolved': 'resolved',
      ':open': 'open',
      ':failureReason': group.failureReason,
      ':firstSeen': group.firstSeen,
      ':lastSeen': group.lastSeen,
      ':samples': samplesForItem(group.samples),
      ':claimed': 'claimed',
      ':token': token,
      ':until': now.getTime() + this.#leaseMs,
      ':new': 'new',
      ':count': group.objectCount,
      ':zero': 0,
      ':now': now.toISOString(),
      ':ttl': expiryOf(now, this.#ttlSeconds),
    };
  }

  /**
   * One `UpdateItem` per incident per batch. `if_not_exists` keeps what the first write set (first seen, first
   * samples, the claim): so the write that creates the item also holds the `new` alert claim, and of two racing
   * writers exactly one sees its own token come back. The write is conditional on the incident not being resolved;
   * on a resolved incident it fails and {@link reopen} starts a new episode instead (two more writes, rarely).
   */
  async recordFailures(group: IncidentGroup<unknown>, now: Date): Promise<RecordResult> {
    const counted = await this.#count(group, now);
    if (counted) return counted;
    const reopened = await this.#reopen(group, now);
    if (reopened) return reopened;
    // Another writer re-opened it between our two writes: count into the re-opened episode.
    const recounted = await this.#count(group, now);
    if (recounted) return recounted;
    throw new StoreError('recordFailures', 'the incident was resolved again while recording; retry the batch');
  }

  async #count(group: IncidentGroup<unknown>, now: Date): Promise<RecordResult | undefined> {
    const token = this.#newToken();
    const set = [
      '#entity = :entity',
      '#incidentId = :incidentId',
      '#sourceBucket = :sourceBucket',
      '#destinationBucket = :destinationBucket',
      '#ruleId = :ruleId',
      '#canonicalReason = :canonicalReason',
      '#failureReason = if_not_exists(#failureReason, :failureReason)',
      '#awsRegion = if_not_exists(#awsRegion, :awsRegion)',
      ...(group.sourceAccount ? ['#sourceAccount = if_not_exists(#sourceAccount, :sourceAccount)'] : []),
      '#status = :open',
      '#firstSeen = if_not_exists(#firstSeen, :firstSeen)',
      '#lastSeen = :lastSeen',
      '#firstSamples = if_not_exists(#firstSamples, :samples)',
      '#recentSamples = :samples',
      '#alertState = if_not_exists(#alertState, :claimed)',
      '#claimToken = if_not_exists(#claimToken, :token)',
      '#claimUntil = if_not_exists(#claimUntil, :until)',
      '#claimType = if_not_exists(#claimType, :new)',
      '#pendingCount = if_not_exists(#pendingCount, :count)',
      '#countAtLastAlert = if_not_exists(#countAtLastAlert, :zero)',
      '#alertsSent = if_not_exists(#alertsSent, :zero)',
      '#createdAt = if_not_exists(#createdAt, :now)',
      '#reopenCount = if_not_exists(#reopenCount, :zero)',
      '#updatedAt = :now',
      '#lastRecordedAt = :now',
      '#ttl = :ttl',
    ];
    const condition = 'attribute_not_exists(#status) OR #status <> :resolved';
    const result = await this.#update('recordFailures', {
      Key: { pk: incidentPk(group.incidentId), sk: STATE_SK },
      UpdateExpression: `SET ${set.join(', ')} ADD #objectCount :count`,
      ConditionExpression: condition,
      ExpressionAttributeValues: {
        ...this.#episodeValues(group, now, token),
        ':entity': 'incident',
        ':incidentId': group.incidentId,
        ':sourceBucket': group.key.sourceBucket,
        ':destinationBucket': group.key.destinationBucket,
        ':ruleId': group.key.ruleId,
        ':canonicalReason': group.key.canonicalReason,
        ':awsRegion': group.awsRegion,
        ...(group.sourceAccount ? { ':sourceAccount': group.sourceAccount } : {}),
      },
      ReturnValues: 'ALL_NEW',
    });
    if (result === undefined) return undefined;
    const item = result.Attributes;
    if (!item) throw new StoreError('recordFailures', 'UpdateItem returned no attributes');
    const created = item.claimToken === token;
    return {
      state: toState(item),
      created,
      ...(created ? { claim: claimFrom(item, 'new') } : {}),
    };
  }

  /**
   * Re-opens a resolved incident: one `UpdateItem` conditional on `status = resolved`, so of racing writers exactly
   * one starts the new episode and holds its `new` alert claim. The episode's counts, times, samples and alert
   * history start over; the last alert attributes are removed so that `claimAlert` treats it as never alerted.
   */
  async #reopen(group: IncidentGroup<unknown>, now: Date): Promise<RecordResult | undefined> {
    const token = this.#newToken();
    const set = [
      '#status = :open',
      '#failureReason = :failureReason',
      '#objectCount = :count',
      '#firstSeen = :firstSeen',
      '#lastSeen = :lastSeen',
      '#firstSamples = :samples',
      '#recentSamples = :samples',
      '#alertState = :claimed',
      '#claimToken = :token',
      '#claimUntil = :until',
      '#claimType = :new',
      '#pendingCount = :count',
      '#countAtLastAlert = :zero',
      '#reopenedAt = :now',
      '#updatedAt = :now',
      '#lastRecordedAt = :now',
      '#ttl = :ttl',
    ];
    const result = await this.#update('recordFailures', {
      Key: { pk: incidentPk(group.incidentId), sk: STATE_SK },
      UpdateExpression:
        `SET ${set.join(', ')} ADD #reopenCount :one ` +
        'REMOVE #lastAlertAt, #lastAlertAtMs, #lastAlertType, #resolvedAt',
      ConditionExpression: '#status = :resolved',
      ExpressionAttributeValues: { ...this.#episodeValues(group, now, token), ':one': 1 },
      ReturnValues: 'ALL_NEW',
    });
    const item = result?.Attributes;
    if (!item || item.claimToken !== token) return undefined;
    return { state: toState(item), created: false, reopened: true, claim: claimFrom(item, 'new') };
  }

  /**
   * Resolves the incident only if it is open, unchanged since `expected` was read (`updatedAt` changes with every
   * write; `objectCount` and `lastSeen` with every failure) and holds no live alert claim. An expired claim ends
   * here (`alertState = sent`), so a late `completeAlert` cannot touch the resolved incident.
   */
  async markResolved(incidentId: string, at: Date, expected: ResolveExpectation): Promise<IncidentState | undefined> {
    const result = await this.#update('markResolved', {
      Key: { pk: incidentPk(incidentId), sk: STATE_SK },
      UpdateExpression:
        'SET #status = :resolved, #resolvedAt = :at, #alertState = :sent, #claimUntil = :zero, #updatedAt = :at',
      ConditionExpression:
        'attribute_exists(#pk) AND #status = :open AND #updatedAt = :updatedAt AND #objectCount = :objectCount ' +
        'AND #lastSeen = :lastSeen AND attribute_exists(#lastAlertAtMs) ' +
        'AND (#alertState <> :claimed OR #claimUntil < :atMs)',
      ExpressionAttributeValues: {
        ':resolved': 'resolved',
        ':open': 'open',
        ':sent': 'sent',
        ':claimed': 'claimed',
        ':zero': 0,
        ':at': at.toISOString(),
        ':atMs': at.getTime(),
        ':updatedAt': expected.updatedAt,
        ':objectCount': expected.objectCount,
        ':lastSeen': expected.lastSeen,
      },
      ReturnValues: 'ALL_NEW',
    });
    return result?.Attributes ? toState(result.Attributes) : undefined;
  }

  async claimAlert(request: ClaimRequest): Promise<AlertClaim | undefined> {
    const nowMs = request.now.getTime();
    const free = '(#alertState <> :claimed OR #claimUntil < :nowMs) AND #status <> :resolved';
    const condition =
      request.type === 'new'
        ? `attribute_exists(#pk) AND attribute_not_exists(#lastAlertAtMs) AND ${free}`
        : `attribute_exists(#pk) AND #lastAlertAtMs <= :notAfter AND #objectCount > #countAtLastAlert AND ${free}`;
    const result = await this.#update('claimAlert', {
      Key: { pk: incidentPk(request.incidentId), sk: STATE_SK },
      UpdateExpression:
        'SET #alertState = :claimed, #claimToken = :token, #claimUntil = :until, #claimType = :type, ' +
        '#pendingCount = #objectCount, #updatedAt = :now',
      ConditionExpression: condition,
      ExpressionAttributeValues: {
        ':claimed': 'claimed',
        ':resolved': 'resolved',
        ':token': this.#newToken(),
        ':until': nowMs + this.#leaseMs,
        ':type': request.type,
        ':now': request.now.toISOString(),
        ':nowMs': nowMs,
        ...(request.type === 'digest' ? { ':notAfter': request.lastAlertNotAfter?.getTime() ?? nowMs } : {}),
      },
      ReturnValues: 'ALL_NEW',
    });
    return result?.Attributes ? claimFrom(result.Attributes, request.type) : undefined;
  }

  async completeAlert(claim: AlertClaim, now: Date, report?: IncidentReport): Promise<boolean> {
    if (report) await this.#putReport(claim.incidentId, report, now);
    const summary = report ? ', #severity = :severity, #category = :category, #title = :title' : '';
    const result = await this.#update('completeAlert', {
      Key: { pk: incidentPk(claim.incidentId), sk: STATE_SK },
      UpdateExpression:
        'SET #alertState = :sent, #lastAlertAt = :now, #lastAlertAtMs = :nowMs, #lastAlertType = :type, ' +
        `#countAtLastAlert = #pendingCount, #claimUntil = :zero, #updatedAt = :now${summary} ADD #alertsSent :one`,
      ConditionExpression: '#alertState = :claimed AND #claimToken = :token',
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':claimed': 'claimed',
        ':token': claim.token,
        ':now': now.toISOString(),
        ':nowMs': now.getTime(),
        ':type': claim.type,
        ':zero': 0,
        ':one': 1,
        ...(report ? { ':severity': report.severity, ':category': report.category, ':title': report.title } : {}),
      },
      ReturnValues: 'NONE',
    });
    return result !== undefined;
  }

  async releaseAlert(claim: AlertClaim): Promise<void> {
    await this.#update('releaseAlert', {
      Key: { pk: incidentPk(claim.incidentId), sk: STATE_SK },
      UpdateExpression: 'SET #alertState = :to, #claimUntil = :zero',
      ConditionExpression: '#alertState = :claimed AND #claimToken = :token',
      ExpressionAttributeValues: {
        ':to': claim.state.lastAlertAt === undefined ? 'pending' : 'sent',
        ':claimed': 'claimed',
        ':token': claim.token,
        ':zero': 0,
      },
    });
  }

  async #putReport(incidentId: string, report: IncidentReport, now: Date): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: incidentPk(incidentId),
            sk: REPORT_SK,
            entity: 'report',
            incidentId,
            report: JSON.stringify(boundReportSize(report)),
            updatedAt: now.toISOString(),
            ttl: expiryOf(now, this.#ttlSeconds),
          },
        }),
      );
    } catch (error) {
      throw storeError('putReport', error);
    }
  }

  async getReport(incidentId: string): Promise<IncidentReport | undefined> {
    try {
      const result = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: incidentPk(incidentId), sk: REPORT_SK } }),
      );
      return parseReport(result.Item);
    } catch (error) {
      throw storeError('getReport', error);
    }
  }

  async getIncident(incidentId: string): Promise<StoredIncident | undefined> {
    try {
      const result = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': incidentPk(incidentId) },
          ConsistentRead: true,
        }),
      );
      const items = result.Items ?? [];
      const state = items.find((item) => item.sk === STATE_SK);
      if (!state) return undefined;
      const report = parseReport(items.find((item) => item.sk === REPORT_SK));
      return { state: toState(state), ...(report ? { report } : {}) };
    } catch (error) {
      throw storeError('getIncident', error);
    }
  }

  /** A filtered Scan: the table holds incidents (hundreds, not millions), so a full pass is cheap. */
  async listIncidents(options: { readonly status?: IncidentStatus; readonly limit: number }): Promise<IncidentState[]> {
    const filter = `#entity = :incident AND #sk = :state${options.status ? ' AND #status = :status' : ''}`;
    const states: IncidentState[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.#client.send(
          new ScanCommand({
            TableName: this.#table,
            FilterExpression: filter,
            ExpressionAttributeNames: namesOf(filter),
            ExpressionAttributeValues: {
              ':incident': 'incident',
              ':state': STATE_SK,
              ...(options.status ? { ':status': options.status } : {}),
            },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of page.Items ?? []) states.push(toState(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw storeError('listIncidents', error);
    }
    return states
      .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0))
      .slice(0, Math.max(0, options.limit));
  }

  /**
   * One `UpdateItem` per rule per batch adds the batch's signals to the rule's pending counts; only when the window
   * is over, a second, conditional one claims the alert and takes exactly the counts it reports off the pending
   * ones (signals another container adds meanwhile stay for the next window).
   */
  async claimLatencyAlert(
    signal: LatencySignalCounts,
    now: Date,
    windowSeconds: number,
  ): Promise<LatencyClaim | undefined> {
    const id = ruleKeyId(signal);
    const key = { pk: `LATENCY#${id}`, sk: STATE_SK };
    const added = latencyCountsOf(signal);
    const counted = await this.#update('claimLatencyAlert', {
      Key: key,
      UpdateExpression:
        'SET #entity = :entity, #sourceBucket = :sourceBucket, #ruleId = :ruleId, ' +
        '#destinationBucket = :destinationBucket, #ttl = :ttl ' +
        LATENCY_ADD,
      ExpressionAttributeValues: {
        ':entity': 'latency',
        ':sourceBucket': signal.sourceBucket,
        ':ruleId': signal.ruleId,
        ':destinationBucket': signal.destinationBucket,
        ':ttl': expiryOf(now, this.#ttlSeconds),
        ...latencyValues(added, 1),
      },
      ReturnValues: 'ALL_NEW',
    });
    const item = counted?.Attributes;
    if (!item) throw new StoreError('claimLatencyAlert', 'UpdateItem returned no attributes');
    if (typeof item.nextAlertAtMs === 'number' && item.nextAlertAtMs > now.getTime()) return undefined;
    const counts: LatencyCounts = {
      missedThreshold: num(item, 'pendingMissed'),
      replicatedAfterThreshold: num(item, 'pendingAfter'),
      notTracked: num(item, 'pendingNotTracked'),
    };
    const since = optionalText(item, 'lastAlertAt');
    const token = this.#newToken();
    const claimed = await this.#update('claimLatencyAlert', {
      Key: key,
      UpdateExpression: `SET #nextAlertAtMs = :next, #claimToken = :token, #lastAlertAt = :now ${LATENCY_ADD}`,
      ConditionExpression: 'attribute_not_exists(#nextAlertAtMs) OR #nextAlertAtMs <= :nowMs',
      ExpressionAttributeValues: {
        ':next': now.getTime() + windowSeconds * 1000,
        ':token': token,
        ':now': now.toISOString(),
        ':nowMs': now.getTime(),
        ...latencyValues(counts, -1),
      },
      ReturnValues: 'NONE',
    });
    if (claimed === undefined) return undefined;
    return { ruleKeyId: id, token, counts, ...(since ? { since } : {}) };
  }

  /** Opens the window again and puts the claimed counts back, so the next batch reports them. */
  async releaseLatencyAlert(claim: LatencyClaim): Promise<void> {
    await this.#update('releaseLatencyAlert', {
      Key: { pk: `LATENCY#${claim.ruleKeyId}`, sk: STATE_SK },
      UpdateExpression:
        `SET #nextAlertAtMs = :zero${claim.since ? ', #lastAlertAt = :since' : ''} ` +
        `${LATENCY_ADD}${claim.since ? '' : ' REMOVE #lastAlertAt'}`,
      ConditionExpression: '#claimToken = :token',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':token': claim.token,
        ...latencyValues(claim.counts, 1),
        ...(claim.since ? { ':since': claim.since } : {}),
      },
    });
  }
}
