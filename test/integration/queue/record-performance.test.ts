/** The daemon's performance recorder against a real Redis: share prices per block, gas once per plan. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createSharePriceStore } from '../../../src/state/share-prices.ts';
import { recordPerformance } from '../../../src/queue/record-performance.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';

const prefix = `rk-test-record-perf-${randomUUID()}`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const store = createSharePriceStore(redis, prefix);
const WAD = 10n ** 18n;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** Lets the recorder's fire-and-forget writes reach Redis. */
async function settled(): Promise<void> {
  await redis.ping();
  await new Promise((r) => setTimeout(r, 50));
}

const observed = (block: number, timestamp: number, extra: { sharePriceWad?: bigint; totalAssetsWei: bigint }) => ({
  vault: 'main', block, timestamp, weightsBps: {}, netApy: {}, pendingRewardsWei: 0n, idleAssetsWei: 0n, ...extra,
});

describe('recordPerformance', () => {
  it("records the vault's share price per observed block, the book's total value where there are no shares, and gas once per plan", async () => {
    const bus = createKeeperEventBus();
    const stop = recordPerformance(bus, store, createLogger({ level: 'silent' }));
    bus.emit('vault.observed', observed(100, 1_800_000_000, { sharePriceWad: 1_000_100_000_000_000_000n, totalAssetsWei: 500n * WAD }));
    bus.emit('vault.observed', observed(101, 1_800_000_012, { sharePriceWad: 1_000_100_000_380_000_000n, totalAssetsWei: 501n * WAD }));
    bus.emit('vault.observed', { ...observed(101, 1_800_000_012, { totalAssetsWei: 42n * WAD }), vault: 'book' });
    bus.emit('bundle.included', { vault: 'main', planId: 'p1', block: 101, gasUsed: 400_000n, gasCostWei: 3_200_000_000_000_000n, blocksWaited: 1 });
    bus.emit('bundle.included', { vault: 'main', planId: 'p1', block: 101, gasUsed: 400_000n, gasCostWei: 3_200_000_000_000_000n, blocksWaited: 1 });
    await settled();
    expect(await store.history('main')).toEqual([
      { block: 100, timestamp: 1_800_000_000, priceWad: 1_000_100_000_000_000_000n },
      { block: 101, timestamp: 1_800_000_012, priceWad: 1_000_100_000_380_000_000n },
    ]);
    expect(await store.history('book')).toEqual([{ block: 101, timestamp: 1_800_000_012, priceWad: 42n * WAD }]);
    expect(await store.gasSpentWei('main')).toBe(3_200_000_000_000_000n);

    stop();
    bus.emit('vault.observed', observed(102, 1_800_000_024, { sharePriceWad: 2n * WAD, totalAssetsWei: 0n }));
    await settled();
    expect((await store.history('main')).map((s) => s.block)).toEqual([100, 101]);
  });

  it('skips an observation without a block time or with nothing to value', async () => {
    const bus = createKeeperEventBus();
    const stop = recordPerformance(bus, store, createLogger({ level: 'silent' }));
    bus.emit('vault.observed', { vault: 'empty', block: 5, weightsBps: {}, netApy: {}, pendingRewardsWei: 0n, idleAssetsWei: 0n, totalAssetsWei: 9n * WAD });
    bus.emit('vault.observed', { ...observed(6, 1_800_000_000, { totalAssetsWei: 0n }), vault: 'empty' });
    await settled();
    stop();
    expect(await store.history('empty')).toEqual([]);
  });

  it('announces realised APY per window from the stored history, at most once per interval per vault', async () => {
    const bus = createKeeperEventBus();
    const seen: { vault: string; realisedApy: Record<string, number | null> }[] = [];
    bus.on('vault.performance', (e) => seen.push(e));
    let clock = 0;
    const stop = recordPerformance(bus, store, createLogger({ level: 'silent' }), { everyMs: 60_000, now: () => clock });
    const day = 86_400;
    bus.emit('vault.observed', { ...observed(10, 1_800_000_000, { sharePriceWad: WAD, totalAssetsWei: WAD }), vault: 'apy' });
    await settled();
    clock = 30_000; // inside the interval: recorded, not announced
    bus.emit('vault.observed', { ...observed(11, 1_800_000_000 + day / 2, { sharePriceWad: 1_000_050_000_000_000_000n, totalAssetsWei: WAD }), vault: 'apy' });
    await settled();
    clock = 61_000;
    bus.emit('vault.observed', { ...observed(12, 1_800_000_000 + day, { sharePriceWad: 1_000_100_000_000_000_000n, totalAssetsWei: WAD }), vault: 'apy' });
    await settled();
    stop();
    expect(seen.map((e) => e.realisedApy['1d'] === null)).toEqual([true, false]);
    expect(seen[0]).toEqual({ vault: 'apy', realisedApy: { '1d': null, '7d': null, '30d': null, inception: null } });
    // 0.01 % in a day, compounded over a year; 7 d and 30 d are not covered by half yet.
    expect(seen[1]?.realisedApy['1d']).toBeCloseTo(Math.expm1(Math.log(1.0001) * 365), 9);
    expect(seen[1]?.realisedApy.inception).toBeCloseTo(Math.expm1(Math.log(1.0001) * 365), 9);
    expect(seen[1]?.realisedApy['7d']).toBeNull();
  });
});
