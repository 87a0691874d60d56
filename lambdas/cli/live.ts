import { createAwsFactsReader } from '../adapters/aws-facts-reader.js';
import { FactsCache } from '../adapters/facts-cache.js';
import { createFactsClients } from '../adapters/facts-clients.js';
import { loadFactsConfig } from '../adapters/facts-config.js';
import { SnapshotFactsReader } from '../adapters/snapshot-facts-reader.js';
import type { FactsReader } from '../checks/facts.js';
import { createLiveDiagnoser } from '../checks/live-diagnoser.js';
import { createLiveChecker } from '../checks/registry.js';
import type { Diagnoser } from '../core/diagnose.js';
import { oneLine, UsageError } from '../core/errors.js';
import { type AwsContext, requireCredentials } from './aws.js';
import { type CommandInput, stringFlag } from './command.js';
import type { CliIo } from './io.js';

/**
 * The facts reader a live command uses: a saved snapshot with `--facts FILE` (offline, reproducible), otherwise the
 * account read with the caller's credentials (`--profile`, `--region`), failing fast when there are none.
 * `DESTINATION_READ_ROLE_ARNS` in the environment lets the CLI read destination accounts as the responder does.
 */
export async function factsReaderFor(input: CommandInput, fallbackRegion?: string): Promise<FactsReader> {
  const factsFile = stringFlag(input, 'facts');
  if (factsFile !== undefined) {
    try {
      return SnapshotFactsReader.fromFile(factsFile);
    } catch (error) {
      throw new UsageError(`cannot read facts snapshot ${factsFile}: ${oneLine(error)}`, { cause: error });
    }
  }
  return awsFactsReader(
    await requireCredentials(input, fallbackRegion === undefined ? {} : { fallbackRegion }),
    input.io.env,
  );
}

/** The account's facts, read with resolved credentials. */
export function awsFactsReader(context: AwsContext, env: CliIo['env']): FactsReader {
  let settings: ReturnType<typeof loadFactsConfig>;
  try {
    settings = loadFactsConfig(env);
  } catch (error) {
    throw new UsageError(oneLine(error), { cause: error });
  }
  return createAwsFactsReader({
    // One CLI run reads the account fresh; the process-wide cache is for the responder's warm containers.
    cache: new FactsCache(),
    region: context.region,
    clients: createFactsClients({ region: context.region, credentials: context.credentials }),
    cacheTtlSeconds: settings.cacheTtlSeconds,
    destinationReadRoleArns: settings.destinationReadRoleArns,
  });
}

/** The live diagnoser with the caller's credentials (or a facts snapshot). */
export async function liveDiagnoserFor(input: CommandInput, fallbackRegion?: string): Promise<Diagnoser> {
  return createLiveDiagnoser(createLiveChecker(await factsReaderFor(input, fallbackRegion)));
}
