import { describe, expect, it } from 'vitest';
import { loadFactsConfig } from '../../../lambdas/adapters/facts-config.js';

describe('loadFactsConfig', () => {
  it('defaults the TTL to 300 s and no read roles', () => {
    expect(loadFactsConfig({})).toEqual({ cacheTtlSeconds: 300, destinationReadRoleArns: [] });
  });

  it('parses CHECK_CACHE_TTL_SECONDS and comma-separated DESTINATION_READ_ROLE_ARNS', () => {
    const config = loadFactsConfig({
      CHECK_CACHE_TTL_SECONDS: '60',
      DESTINATION_READ_ROLE_ARNS:
        ' arn:aws:iam::222222222222:role/replication-doctor-read , arn:aws:iam::333333333333:role/r ',
    });
    expect(config).toEqual({
      cacheTtlSeconds: 60,
      destinationReadRoleArns: [
        'arn:aws:iam::222222222222:role/replication-doctor-read',
        'arn:aws:iam::333333333333:role/r',
      ],
    });
  });

  it('rejects bad values, naming the variable and the value', () => {
    expect(() => loadFactsConfig({ CHECK_CACHE_TTL_SECONDS: 'soon' })).toThrow(
      'CHECK_CACHE_TTL_SECONDS must be a whole number of seconds ≥ 0, got "soon"',
    );
    expect(() => loadFactsConfig({ DESTINATION_READ_ROLE_ARNS: 'arn:aws:iam::222222222222:user/bob' })).toThrow(
      'DESTINATION_READ_ROLE_ARNS: "arn:aws:iam::222222222222:user/bob" is not an IAM role ARN',
    );
  });
});
