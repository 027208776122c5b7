/** The share-price history against a real Redis: bounded retention, idempotence, windows. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createSharePriceStore } from '../../../src/state/share-prices.ts';
import { realisedApys } from '../../../src/perf/realised-apy.ts';

const prefix = `rk-test-perf-${randomUUID()}`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const store = createSharePriceStore(redis, prefix);
const WAD = 10n ** 18n;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('share price store', () => {
  it('keeps every block of the last day, one sample an hour before it, and the first', async () => {
    // 3 days of 12 s blocks sampled every 5 minutes (25 blocks), price growing 3% a year.
    const t0 = 1_800_000_000;
    for (let i = 0; i <= 3 * 288; i++) {
      const timestamp = t0 + i * 300;
      const priceWad = WAD + (WAD * 3n * BigInt(i * 300)) / (100n * 31_536_000n);
      await store.record('main', { block: 1_000 + i * 25, timestamp, priceWad });
    }
    const recent = await redis.zcard(`${prefix}:perf:main:recent`);
    const hourly = await redis.zcard(`${prefix}:perf:main:hourly`);
    expect(recent).toBe(26 * 12); // 26 h of 5-minute samples; the older ones were trimmed
    expect(hourly).toBe(72 + 1);
    const history = await store.history('main');
    expect(history[0]).toEqual({ block: 1_000, timestamp: t0, priceWad: WAD });
    expect(history.at(-1)?.timestamp).toBe(t0 + 3 * 86_400);
    for (let i = 1; i < history.length; i++) expect(history[i]!.timestamp).toBeGreaterThan(history[i - 1]!.timestamp);
    const apys = realisedApys(history);
    // Linear 3%/year growth over three days annualises to just over 3%.
    expect(apys['1d']?.apy).toBeCloseTo(0.0304, 3);
    expect(apys.inception?.apy).toBeCloseTo(0.0304, 3);
    expect(apys['7d']).toBeUndefined();
  });

  it('records a block once however many processes observe it', async () => {
    const sample = { block: 5, timestamp: 1_800_000_000, priceWad: WAD };
    await Promise.all([store.record('twice', sample), store.record('twice', sample)]);
    expect(await store.history('twice')).toEqual([sample]);
  });

  it('counts gas in whole gwei so large totals never overflow', async () => {
    await store.addGas('gas', 'plan-1', 5_457_569_712_420_402n);
    await store.addGas('gas', 'plan-2', 20n * WAD);
    await store.addGas('gas', 'plan-2', 20n * WAD); // reported again (a retried confirm job): counted once
    expect(await store.gasSpentWei('gas')).toBe(20_005_457_569_000_000_000n);
  });
});
