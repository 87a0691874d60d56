import { catalogDiagnoser, type Diagnoser } from '../core/diagnose.js';
import type { ResponderConfig } from './config.js';

/**
 * The diagnoser for `LIVE_CHECKS=true`: the one place where the live checker is wired into the responder
 * (re-checks cached for `checkCacheTtlSeconds`, destination roles from `destinationReadRoleArns`).
 * Until the live checks land, it falls back to the catalog and says so in the verdict.
 */
export function createDiagnoserFromConfig(_config: ResponderConfig): Diagnoser {
  return catalogDiagnoser('live checks not wired yet');
}
