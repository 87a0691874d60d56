import type { Diagnoser } from '../core/diagnose.js';
import { UsageError } from '../core/errors.js';
import type { CommandInput } from './command.js';

/** The live diagnoser with the caller's credentials. Wired to the live checks in `lambdas/checks`. */
export async function liveDiagnoserFor(_input: CommandInput): Promise<Diagnoser> {
  throw new UsageError('live checks are not available in this build; use --offline');
}
