/**
 * A TTL cache for facts read from AWS, meant to live at module scope so that it lasts across Lambda invocations:
 * a storm of events for one cause costs a handful of reads. Concurrent requests for the same key share one in-flight
 * promise. The time-to-live starts when the read settles and may depend on the value (unreadable facts expire sooner).
 */

interface Entry {
  readonly promise: Promise<unknown>;
  /** Epoch ms; `undefined` while the read is in flight. */
  expiresAt: number | undefined;
}

export interface FactsCacheOptions {
  /** Bound on entries; the oldest are evicted first. @default 5000 */
  readonly maxEntries?: number;
}

export class FactsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(options: FactsCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
  }

  /**
   * The cached value for `key`, or the result of `load` (shared by concurrent callers). A rejected load is not cached.
   * @param ttlMs time-to-live of the loaded value, in milliseconds
   * @param now the clock, epoch milliseconds
   */
  get<T>(key: string, load: () => Promise<T>, ttlMs: (value: T) => number, now: () => number): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && (hit.expiresAt === undefined || hit.expiresAt > now())) return hit.promise as Promise<T>;
    let entry: Entry | undefined;
    const promise = load().then(
      (value) => {
        if (entry) entry.expiresAt = now() + Math.max(0, ttlMs(value));
        return value;
      },
      (error: unknown) => {
        if (entry && this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    entry = { promise, expiresAt: undefined };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return promise;
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache: created once per Lambda container, shared by every invocation. */
export const sharedFactsCache = new FactsCache();
