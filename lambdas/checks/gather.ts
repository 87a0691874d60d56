import { forEachLimited } from '../core/concurrency.js';
import type { Check } from './check.js';
import {
  emptyFacts,
  type Fact,
  type FactRequest,
  type FactsReader,
  type FactsSnapshot,
  getFact,
  requestKey,
  setFact,
  unknown,
} from './facts.js';
import type { CheckSubject } from './types.js';

export interface GatherOptions {
  /** How many reads run at once. @default 8 */
  readonly concurrency?: number;
  /**
   * How many rounds of `needs` (each may depend on the facts of the previous one). The policy checks follow the
   * configuration to the keys, then to their simulations, then to the SCPs. Rounds stop as soon as nothing new is
   * needed. @default 8
   */
  readonly maxRounds?: number;
}

async function safeRead(reader: FactsReader, request: FactRequest): Promise<Fact<unknown>> {
  try {
    return await reader.read(request);
  } catch (error) {
    return unknown(`reading failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Reads what the checks need, lazily and in rounds: round one asks each check's `needs` without facts (the
 * replication configuration, the object…), later rounds with what was read, so checks can follow the configuration to
 * the role, the keys and the destination. Each fact is read once; reads run concurrently with a bound. Never throws.
 */
export async function gatherFacts(
  subject: CheckSubject,
  checks: readonly Check[],
  reader: FactsReader,
  options: GatherOptions = {},
): Promise<FactsSnapshot> {
  const concurrency = options.concurrency ?? 8;
  const maxRounds = options.maxRounds ?? 8;
  const facts = emptyFacts();
  for (let round = 0; round < maxRounds; round++) {
    const pending = new Map<string, FactRequest>();
    for (const check of checks) {
      let requests: readonly FactRequest[] = [];
      try {
        requests = check.needs(subject, round === 0 ? undefined : facts);
      } catch {
        // A check that cannot say what it needs will judge `unknown` on the facts it lacks.
      }
      for (const request of requests) {
        const key = requestKey(request);
        if (!pending.has(key) && getFact(facts, request) === undefined) pending.set(key, request);
      }
    }
    if (pending.size === 0) break;
    await forEachLimited([...pending.values()], concurrency, async (request) => {
      setFact(facts, request, (await safeRead(reader, request)) as Fact<never>);
    });
  }
  return facts;
}
