import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createRateHistory } from '../../../src/state/rate-history.ts';
import { InputError } from '../../../src/domain/errors.ts';

const E = 10n ** 18n;
let redis: Redis;
const prefix = `test:rate-history:${randomUUID()}:`;

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('rate history (real Redis)', () => {
  it('stores samples once per timestamp and reads a window in order', async () => {
    const h = createRateHistory(redis, { prefix: `${prefix}a:`, maxSamples: 100, maxAgeSeconds: 86_400 });
    expect(await h.append('weETH', { timestamp: 1000, rateWad: E + 2n })).toBe(true);
    expect(await h.append('weETH', { timestamp: 900, rateWad: E + 1n })).toBe(true);
    expect(await h.append('weETH', { timestamp: 1000, rateWad: E + 2n })).toBe(false);
    expect(await h.append('weETH', { timestamp: 1000, rateWad: E + 9n })).toBe(false);
    expect(await h.append('ezETH', { timestamp: 1000, rateWad: 2n * E })).toBe(true);
    expect(await h.window('weETH', 0, 2000)).toEqual([
      { timestamp: 900, rateWad: E + 1n },
      { timestamp: 1000, rateWad: E + 2n },
    ]);
    expect(await h.window('weETH', 950, 2000)).toEqual([{ timestamp: 1000, rateWad: E + 2n }]);
    expect(await h.size('ezETH')).toBe(1);
    expect(await h.latest('weETH', 999)).toEqual({ timestamp: 900, rateWad: E + 1n });
    expect(await h.latest('weETH', 1000)).toEqual({ timestamp: 1000, rateWad: E + 2n });
    expect(await h.latest('weETH', 899)).toBeUndefined();
    expect(await h.latest('rswETH', 5000)).toBeUndefined();
  });

  it('stays bounded by count and by age', async () => {
    const h = createRateHistory(redis, { prefix: `${prefix}b:`, maxSamples: 5, maxAgeSeconds: 100 });
    for (let t = 1; t <= 8; t++) await h.append('rsETH', { timestamp: t, rateWad: E + BigInt(t) });
    expect((await h.window('rsETH', 0, 1e12)).map((s) => s.timestamp)).toEqual([4, 5, 6, 7, 8]);
    await h.append('rsETH', { timestamp: 106, rateWad: 2n * E });
    // Newest 106: everything before 6 is older than 100 s.
    expect((await h.window('rsETH', 0, 1e12)).map((s) => s.timestamp)).toEqual([6, 7, 8, 106]);
  });

  it('keeps samples at least minSpacingSeconds apart, on either side of a kept one', async () => {
    const h = createRateHistory(redis, { prefix: `${prefix}s:`, maxSamples: 100, maxAgeSeconds: 10_000, minSpacingSeconds: 10 });
    const kept: number[] = [];
    // A 2-second cadence (blocks) keeps one sample in five.
    for (let t = 0; t <= 40; t += 2) if (await h.append('ezETH', { timestamp: t, rateWad: E + BigInt(t) })) kept.push(t);
    expect(kept).toEqual([0, 10, 20, 30, 40]);
    // A bootstrap sample between two kept ones is skipped; one a full spacing away is kept.
    expect(await h.append('ezETH', { timestamp: 25, rateWad: E })).toBe(false);
    expect(await h.append('ezETH', { timestamp: 49, rateWad: E })).toBe(false);
    expect(await h.append('ezETH', { timestamp: 50, rateWad: E })).toBe(true);
    expect((await h.window('ezETH', 0, 1e12)).map((s) => s.timestamp)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('rejects bad samples and bounds', () => {
    expect(() => createRateHistory(redis, { prefix, maxSamples: 0, maxAgeSeconds: 1 })).toThrow(InputError);
    expect(() => createRateHistory(redis, { prefix, maxSamples: 10, maxAgeSeconds: 100, minSpacingSeconds: 0 })).toThrow(InputError);
    const h = createRateHistory(redis, { prefix: `${prefix}c:`, maxSamples: 5, maxAgeSeconds: 100 });
    expect(() => h.append('weETH', { timestamp: 1.5, rateWad: E })).toThrow(InputError);
    expect(() => h.append('weETH', { timestamp: 1, rateWad: 0n })).toThrow(InputError);
  });
});
