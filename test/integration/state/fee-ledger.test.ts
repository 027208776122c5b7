/**
 * The fee ledger against a real Redis: accruals valued at their block's share price (before the
 * first sample at the first sample's, counted apart), scanned in chunks from a cursor, never
 * twice, and counted again from the start when the start changes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createFeeLedger, type FeeAccrual } from '../../../src/state/fee-ledger.ts';
import type { FeePrice } from '../../../src/perf/fee-pricing.ts';

const prefix = `rk-test-fee-ledger-${randomUUID()}`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const WAD = 10n ** 18n;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const accruals: FeeAccrual[] = [
  { block: 150, managementShares: 2n * 10n ** 16n, performanceShares: 0n },
  { block: 1_200, managementShares: 1n * 10n ** 16n, performanceShares: 5n * 10n ** 16n },
  { block: 2_600, managementShares: 3n * 10n ** 16n, performanceShares: 0n },
];

describe('fee ledger', () => {
  it('counts each accrual once at its block\'s share price, a few chunks per call', async () => {
    const ledger = createFeeLedger(redis, prefix);
    const queried: string[] = [];
    const read = async (from: number, to: number) => {
      queried.push(`${from}-${to}`);
      return accruals.filter((a) => a.block >= from && a.block <= to);
    };
    // First sample at block 1,000 at 1.10 ETH per share: earlier accruals borrow its price.
    const priceAt = (block: number): FeePrice => (block < 1_000 ? { wad: 1_100_000_000_000_000_000n, beforeFirstSample: true } : { wad: 1_100_000_000_000_000_000n, beforeFirstSample: false });
    const first = await ledger.sync('main', { startBlock: 100, head: 3_000, read, priceAt, chunk: 1_000, maxChunks: 2 });
    expect(queried).toEqual(['100-1099', '1100-2099']);
    // Block 150: 0.02 shares × 1.10 = 0.022 ETH before the first sample; block 1,200: 0.011 + 0.055.
    expect(first).toEqual({ fromBlock: 100, toBlock: 2_099, managementShares: 3n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 33n * 10n ** 15n, performanceWei: 55n * 10n ** 15n, beforeFirstSampleWei: 22n * 10n ** 15n });
    const second = await ledger.sync('main', { startBlock: 100, head: 3_000, read, priceAt, chunk: 1_000, maxChunks: 2 });
    expect(queried.slice(2)).toEqual(['2100-3000']);
    expect(second).toEqual({ fromBlock: 100, toBlock: 3_000, managementShares: 6n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 66n * 10n ** 15n, performanceWei: 55n * 10n ** 15n, beforeFirstSampleWei: 22n * 10n ** 15n });
    // Nothing new: no query, same totals.
    expect(await ledger.sync('main', { startBlock: 100, head: 3_000, read, priceAt })).toEqual(second);
    expect(queried).toHaveLength(3);
  });

  it('two callers scanning at once count the blocks once', async () => {
    const ledger = createFeeLedger(redis, prefix);
    const read = async (from: number, to: number) => {
      await new Promise((r) => setTimeout(r, 20));
      return accruals.filter((a) => a.block >= from && a.block <= to);
    };
    const scan = { startBlock: 100, head: 3_000, read, priceAt: () => ({ wad: WAD, beforeFirstSample: false }), chunk: 10_000 };
    await Promise.all([ledger.sync('race', scan), ledger.sync('race', scan)]);
    expect(await ledger.read('race')).toEqual({ fromBlock: 100, toBlock: 3_000, managementShares: 6n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 6n * 10n ** 16n, performanceWei: 5n * 10n ** 16n, beforeFirstSampleWei: 0n });
  });

  it('counts again from the deployment block a ledger that started at the first sample', async () => {
    const ledger = createFeeLedger(redis, prefix);
    const read = async (from: number, to: number) => accruals.filter((a) => a.block >= from && a.block <= to);
    // First sample at block 1,000 at 1.00 ETH per share.
    const priceAt = (block: number): FeePrice => ({ wad: WAD, beforeFirstSample: block < 1_000 });
    const fromSample = await ledger.sync('moved', { startBlock: 1_000, head: 3_000, read, priceAt });
    expect(fromSample).toEqual({ fromBlock: 1_000, toBlock: 3_000, managementShares: 4n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 4n * 10n ** 16n, performanceWei: 5n * 10n ** 16n, beforeFirstSampleWei: 0n });
    // The config now names the deployment block: block 150's 0.02 shares are counted too, once.
    const fromDeployment = await ledger.sync('moved', { startBlock: 100, head: 3_000, read, priceAt });
    expect(fromDeployment).toEqual({ fromBlock: 100, toBlock: 3_000, managementShares: 6n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 6n * 10n ** 16n, performanceWei: 5n * 10n ** 16n, beforeFirstSampleWei: 2n * 10n ** 16n });
    expect(await ledger.sync('moved', { startBlock: 100, head: 3_000, read, priceAt })).toEqual(fromDeployment);
  });

  it('starts over a ledger written before it recorded its start block', async () => {
    const ledger = createFeeLedger(redis, prefix);
    await redis.hset(`${prefix}:perf:legacy:fees`, { cursor: '3000', managementShares: '1', performanceShares: '0', managementWei: '1', performanceWei: '0' });
    const read = async (from: number, to: number) => accruals.filter((a) => a.block >= from && a.block <= to);
    const taken = await ledger.sync('legacy', { startBlock: 100, head: 3_000, read, priceAt: () => ({ wad: WAD, beforeFirstSample: false }) });
    expect(taken).toEqual({ fromBlock: 100, toBlock: 3_000, managementShares: 6n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 6n * 10n ** 16n, performanceWei: 5n * 10n ** 16n, beforeFirstSampleWei: 0n });
  });

  it('reads a chunk the provider refuses as too wide in halves, and keeps the width that fits for later calls', async () => {
    const ledger = createFeeLedger(redis, prefix);
    const queried: string[] = [];
    // A provider that serves at most 1,000 blocks per eth_getLogs.
    const read = async (from: number, to: number) => {
      queried.push(`${from}-${to}`);
      if (to - from + 1 > 1_000) throw new Error('exceed maximum block range: 1000');
      return accruals.filter((a) => a.block >= from && a.block <= to);
    };
    const priceAt = (): FeePrice => ({ wad: WAD, beforeFirstSample: false });
    const first = await ledger.sync('capped', { startBlock: 100, head: 3_000, read, priceAt, chunk: 4_000, maxChunks: 1 });
    // 100-3000 (2,901 blocks) refused, then 1,450 refused, then 725 fit; the rest of the chunk at that width.
    expect(queried).toEqual(['100-3000', '100-1549', '100-824', '825-1549', '1550-2274', '2275-2999', '3000-3000']);
    expect(first.toBlock).toBe(3_000);
    expect(first.managementShares).toBe(6n * 10n ** 16n);
    const second = await ledger.sync('capped', { startBlock: 100, head: 4_000, read, priceAt, chunk: 4_000, maxChunks: 1 });
    expect(queried.slice(7)).toEqual(['3001-3725']);
    expect(second.toBlock).toBe(3_725);
  });
});

