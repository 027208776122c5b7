/** The fee ledger against a real Redis: accruals valued at their block's share price, scanned in chunks from a cursor, never twice. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createFeeLedger, type FeeAccrual } from '../../../src/state/fee-ledger.ts';

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
    // Price 1.00 ETH per share before block 1,000, 1.10 from there.
    const priceAt = (block: number): bigint => (block < 1_000 ? WAD : 1_100_000_000_000_000_000n);
    const first = await ledger.sync('main', { startBlock: 100, head: 3_000, read, priceAt, chunk: 1_000, maxChunks: 2 });
    expect(queried).toEqual(['100-1099', '1100-2099']);
    expect(first).toEqual({ toBlock: 2_099, managementShares: 3n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 31n * 10n ** 15n, performanceWei: 55n * 10n ** 15n });
    const second = await ledger.sync('main', { startBlock: 100, head: 3_000, read, priceAt, chunk: 1_000, maxChunks: 2 });
    expect(queried.slice(2)).toEqual(['2100-3000']);
    expect(second).toEqual({ toBlock: 3_000, managementShares: 6n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 64n * 10n ** 15n, performanceWei: 55n * 10n ** 15n });
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
    const scan = { startBlock: 100, head: 3_000, read, priceAt: () => WAD, chunk: 10_000 };
    await Promise.all([ledger.sync('race', scan), ledger.sync('race', scan)]);
    expect(await ledger.read('race')).toEqual({ toBlock: 3_000, managementShares: 6n * 10n ** 16n, performanceShares: 5n * 10n ** 16n, managementWei: 6n * 10n ** 16n, performanceWei: 5n * 10n ** 16n });
  });
});
