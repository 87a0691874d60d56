/**
 * The facts reader's settings from the environment: the one place in the adapters that reads `process.env`.
 * `CHECK_CACHE_TTL_SECONDS` (default 300) and `DESTINATION_READ_ROLE_ARNS` (comma-separated role ARNs).
 */
import { ConfigError } from '../core/errors.js';

export interface FactsConfig {
  readonly cacheTtlSeconds: number;
  readonly destinationReadRoleArns: readonly string[];
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Parses and validates the settings; throws {@link ConfigError} naming the bad variable and value. */
export function loadFactsConfig(env: Readonly<Record<string, string | undefined>> = process.env): FactsConfig {
  const rawTtl = env.CHECK_CACHE_TTL_SECONDS?.trim();
  let cacheTtlSeconds = 300;
  if (rawTtl !== undefined && rawTtl !== '') {
    const value = Number(rawTtl);
    if (!Number.isInteger(value) || value < 0) {
      throw new ConfigError(`CHECK_CACHE_TTL_SECONDS must be a whole number of seconds ≥ 0, got "${rawTtl}"`);
    }
    cacheTtlSeconds = value;
  }
  const destinationReadRoleArns = (env.DESTINATION_READ_ROLE_ARNS ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '');
  for (const arn of destinationReadRoleArns) {
    if (!ROLE_ARN.test(arn)) {
      throw new ConfigError(
        `DESTINATION_READ_ROLE_ARNS: "${arn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
      );
    }
  }
  return { cacheTtlSeconds, destinationReadRoleArns };
}
