import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireCredentials } from '../../../lambdas/cli/aws.js';
import type { CommandInput } from '../../../lambdas/cli/command.js';
import { UsageError } from '../../../lambdas/core/errors.js';

function inputWith(values: Record<string, string>, env: Record<string, string | undefined>): CommandInput {
  return {
    positionals: [],
    values,
    io: { stdout: () => {}, stderr: () => {}, readStdin: async () => '', env, interactive: false },
  };
}

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' };

describe('requireCredentials', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes static keys from the environment without resolving anything', async () => {
    const resolve = vi.fn();

    const context = await requireCredentials(inputWith({}, { ...KEYS, AWS_SESSION_TOKEN: 'token' }), { resolve });

    expect(context).toEqual({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
    });
    expect(resolve).not.toHaveBeenCalled();
  });

  it('prefers a named profile to keys in the environment, and --region to AWS_REGION', async () => {
    const resolve = vi.fn(async () => ({ accessKeyId: 'AKIAPROFILE', secretAccessKey: 's' }));

    const context = await requireCredentials(inputWith({ profile: 'ops', region: 'us-west-2' }, KEYS), { resolve });

    expect(resolve).toHaveBeenCalledWith('ops', 'us-west-2');
    expect(context).toEqual({
      region: 'us-west-2',
      profile: 'ops',
      credentials: { accessKeyId: 'AKIAPROFILE', secretAccessKey: 's' },
    });
  });

  it('fails with one line, fast, when credential resolution hangs (e.g. on the EC2 metadata endpoint)', async () => {
    const started = Date.now();
    const hanging = () => new Promise<never>(() => {});

    const result = requireCredentials(inputWith({}, { AWS_REGION: 'us-east-1' }), { resolve: hanging, timeoutMs: 50 });

    await expect(result).rejects.toBeInstanceOf(UsageError);
    await expect(result).rejects.toThrow(/^no AWS credentials found: configure a profile \(--profile/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('turns a failed credential chain into a one-line usage error', async () => {
    const failing = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      });
    };

    await expect(requireCredentials(inputWith({}, { AWS_REGION: 'us-east-1' }), { resolve: failing })).rejects.toThrow(
      'no AWS credentials found: configure a profile (--profile or AWS_PROFILE) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (Could not load credentials from any providers)',
    );
  });

  it('asks for a Region when none is configured anywhere', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/replication-doctor/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/replication-doctor/credentials');

    await expect(requireCredentials(inputWith({}, {}))).rejects.toThrow(/^no AWS Region: pass --region/);
  });
});
