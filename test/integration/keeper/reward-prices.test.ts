/**
 * Reward token prices in the Redis rate history, and the price risk the planner gets from them:
 * a token halving over a week carries a large holding cost, a steady one none, a token without
 * a pool is not priced. Real Redis; literal numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { PendingRewardObservation } from '../../../src/domain/snapshot.ts';
import { appendRewardPrices, rewardPriceRisk, rewardPriceSeries, rewardPriceWad } from '../../../src/keeper/reward-prices.ts';
import { createRateHistory } from '../../../src/state/rate-history.ts';

const DAY = 86_400;
const FALLING = '0x00000000000000000000000000000000000000AA';
const STEADY = '0x00000000000000000000000000000000000000bb';
const NO_POOL = '0x00000000000000000000000000000000000000cc';
let redis: Redis;
const prefix = `test:reward-prices:${randomUUID()}:`;

function reward(token: string, pricePerTokenEth: number | undefined, decimals = 18): PendingRewardObservation {
  const tokenReserve = 1_000_000n * 10n ** BigInt(decimals);
  const dex = pricePerTokenEth === undefined ? undefined : { token: tokenReserve, weth: BigInt(Math.round(pricePerTokenEth * 1e6)) * 1_000_000n * 10n ** 12n };
  return { token: token as PendingRewardObservation['token'], decimals, claimable: 0n, cumulativeEarned: 0n, ...(dex ? { dex } : {}) };
}

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('reward token prices (real Redis)', () => {
  it('prices a token from its pool per whole token, whatever its decimals', () => {
    expect(rewardPriceWad(reward(FALLING, 0.002))).toBe(2n * 10n ** 15n);
    expect(rewardPriceWad(reward(FALLING, 0.002, 6))).toBe(2n * 10n ** 15n);
    expect(rewardPriceWad(reward(NO_POOL, undefined))).toBeUndefined();
    expect(rewardPriceSeries(FALLING)).toBe('reward:0x00000000000000000000000000000000000000aa');
  });

  it('reads one price per hour: block-by-block jitter of a flat token is not a price risk', async () => {
    const history = createRateHistory(redis, { prefix: `${prefix}b:`, maxSamples: 100_000, maxAgeSeconds: 35 * DAY });
    const start = 1_800_000_000;
    // A day of 12 s blocks whose price alternates by 0.3 % around 0.003 ETH, block after block.
    for (let block = 0; block < 7_200; block++) {
      const jitter = block % 2 === 0 ? 1 : 1.003;
      await appendRewardPrices(history, { timestamp: start + block * 12, rewards: [reward(STEADY, 0.003 * jitter)] });
    }
    // The hour's first read only: a week of blocks (50,400) would not fit the history's bound.
    expect(await history.size(rewardPriceSeries(STEADY))).toBe(24);
    const risk = await rewardPriceRisk(history, { timestamp: start + 7_199 * 12, rewards: [reward(STEADY, 0.003)] });
    // Per block this jitter reads as a variance of ~12 a year (a holding cost of e^6 − 1 ≈ 400 a
    // year); one price per hour sees no trend and no volatility.
    expect(risk[STEADY.toLowerCase()]).toBeLessThan(0.01);
  }, 60_000);

  it('a token halving over a week has a large price risk, a steady one none, one without a pool is not priced', async () => {
    const history = createRateHistory(redis, { prefix: `${prefix}a:`, maxSamples: 1_000, maxAgeSeconds: 35 * DAY });
    const start = 1_800_000_000;
    for (let day = 0; day <= 7; day++) {
      const falling = 0.01 * 0.5 ** (day / 7);
      await appendRewardPrices(history, { timestamp: start + day * DAY, rewards: [reward(FALLING, falling), reward(STEADY, 0.003), reward(NO_POOL, undefined)] });
    }
    expect((await history.window(rewardPriceSeries(FALLING), 0, start + 7 * DAY)).length).toBe(8);
    expect(await history.size(rewardPriceSeries(NO_POOL))).toBe(0);

    const risk = await rewardPriceRisk(history, { timestamp: start + 7 * DAY, rewards: [reward(FALLING, 0.005), reward(STEADY, 0.003), reward(NO_POOL, undefined)] });
    // Halving every 7 days is a log loss of ln 2 × 365/7 ≈ 36.1 a year: e^36.1 − 1, astronomically above any reinvestment yield.
    expect(risk[FALLING.toLowerCase()]).toBeGreaterThan(1e15);
    expect(risk[STEADY.toLowerCase()]).toBeLessThan(1e-12);
    expect(Object.keys(risk).sort()).toEqual([FALLING.toLowerCase(), STEADY.toLowerCase()]);
  });
});
