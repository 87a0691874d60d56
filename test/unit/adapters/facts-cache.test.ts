import { describe, expect, it } from 'vitest';
import { FactsCache } from '../../../lambdas/adapters/facts-cache.js';

describe('FactsCache', () => {
  it('serves a value until its TTL passes, then loads again', async () => {
    let clock = 0;
    let loads = 0;
    const cache = new FactsCache();
    const get = () =>
      cache.get(
        'k',
        async () => ++loads,
        () => 1000,
        () => clock,
      );
    expect(await get()).toBe(1);
    clock = 999;
    expect(await get()).toBe(1);
    clock = 1001;
    expect(await get()).toBe(2);
  });

  it('shares one in-flight load among concurrent callers', async () => {
    let loads = 0;
    let release: (v: string) => void = () => {};
    const cache = new FactsCache();
    const load = () => {
      loads++;
      return new Promise<string>((r) => {
        release = r;
      });
    };
    const a = cache.get(
      'k',
      load,
      () => 1000,
      () => 0,
    );
    const b = cache.get(
      'k',
      load,
      () => 1000,
      () => 0,
    );
    release('v');
    expect(await Promise.all([a, b])).toEqual(['v', 'v']);
    expect(loads).toBe(1);
  });

  it('does not keep a rejected load', async () => {
    const cache = new FactsCache();
    await expect(
      cache.get(
        'k',
        () => Promise.reject(new Error('x')),
        () => 1000,
        () => 0,
      ),
    ).rejects.toThrow('x');
    expect(
      await cache.get(
        'k',
        async () => 'ok',
        () => 1000,
        () => 0,
      ),
    ).toBe('ok');
  });

  it('lets the TTL depend on the value and evicts the oldest entries past its bound', async () => {
    const cache = new FactsCache({ maxEntries: 2 });
    await cache.get(
      'a',
      async () => 'a',
      () => 0,
      () => 0,
    );
    await cache.get(
      'b',
      async () => 'b',
      () => 1000,
      () => 0,
    );
    await cache.get(
      'c',
      async () => 'c',
      () => 1000,
      () => 0,
    );
    expect(cache.size).toBe(2);
    let reloaded = false;
    await cache.get(
      'a',
      async () => {
        reloaded = true;
        return 'a';
      },
      () => 1000,
      () => 0,
    );
    expect(reloaded).toBe(true);
  });
});
