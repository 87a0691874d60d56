import { createAwsFactsReader } from '../adapters/aws-facts-reader.js';
import { createLiveDiagnoser } from '../checks/live-diagnoser.js';
import { createLiveChecker } from '../checks/registry.js';
import type { Diagnoser } from '../core/diagnose.js';
import type { ResponderConfig } from './config.js';

/**
 * The diagnoser for `LIVE_CHECKS=true`: the one place where the live checker is wired into the responder.
 * Called once at module scope, so the facts cache (TTL `CHECK_CACHE_TTL_SECONDS`) lasts across invocations and a
 * storm of events for one cause costs a handful of AWS reads.
 */
export function createDiagnoserFromConfig(config: ResponderConfig): Diagnoser {
  const reader = createAwsFactsReader({
    cacheTtlSeconds: config.checkCacheTtlSeconds,
    destinationReadRoleArns: config.destinationReadRoleArns,
  });
  return createLiveDiagnoser(createLiveChecker(reader));
}
