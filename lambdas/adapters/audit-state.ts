/**
 * Where the auditor keeps its findings between runs (`AUDIT_STATE_TABLE_NAME`): one item `pk = AUDIT`, `sk = STATE`
 * in the incident table (keys `pk`/`sk`, TTL attribute `ttl`), bounded by `auditStateOf` to fit DynamoDB's 400 KB.
 * Without a table, {@link MemoryAuditStateStore} keeps it for the life of the container (or the CLI process).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditStateStore } from '../core/audit/ports.js';
import { type AuditState, parseAuditState } from '../core/audit/state.js';
import { StoreError } from '../core/store.js';

export const AUDIT_STATE_KEY = { pk: 'AUDIT', sk: 'STATE' } as const;
/** The item outlives many missed runs, but not a deployment that stopped auditing long ago. */
export const DEFAULT_AUDIT_STATE_TTL_SECONDS = 90 * 24 * 60 * 60;

export interface DynamoDbAuditStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** @default 90 days */
  readonly ttlSeconds?: number;
  /** Clock, epoch ms. @default Date.now */
  readonly now?: () => number;
}

function storeError(operation: string, error: unknown): StoreError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(operation, `${name}: ${message}`.slice(0, 500), { cause: error, awsErrorName: name });
}

/** The audit state as one DynamoDB item. */
export class DynamoDbAuditStateStore implements AuditStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: DynamoDbAuditStateStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? DEFAULT_AUDIT_STATE_TTL_SECONDS;
    this.#now = options.now ?? Date.now;
  }

  async load(): Promise<AuditState | undefined> {
    try {
      const out = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { ...AUDIT_STATE_KEY }, ConsistentRead: true }),
      );
      return out.Item === undefined ? undefined : parseAuditState(out.Item.state);
    } catch (error) {
      throw storeError('loadAuditState', error);
    }
  }

  async save(state: AuditState): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...AUDIT_STATE_KEY,
            // Not an incident: `replication-doctor incidents` scans for entity = incident.
            entity: 'audit',
            state,
            updatedAt: state.savedAt,
            ttl: Math.floor(this.#now() / 1000) + this.#ttlSeconds,
          },
        }),
      );
    } catch (error) {
      throw storeError('saveAuditState', error);
    }
  }
}

/** The audit state in memory. */
export class MemoryAuditStateStore implements AuditStateStore {
  #state: AuditState | undefined;

  async load(): Promise<AuditState | undefined> {
    return this.#state === undefined ? undefined : structuredClone(this.#state);
  }

  async save(state: AuditState): Promise<void> {
    this.#state = structuredClone(state);
  }
}
