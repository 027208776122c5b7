/**
 * Fees the vault took, counted from its fee contract's `FeesAccrued` events into Redis, so
 * `keeper status` says what management and performance fees cost depositors without
 * rescanning the chain each time. The contract keeps no running total, hence the ledger.
 *
 * Each accrual's shares are valued at the share price of its block (the newest share-price
 * sample at or before it; the caller decides). A scan advances a cursor by at most
 * `maxChunks` × `chunk` blocks per call, so a status on a long history answers quickly and
 * the next call goes on where this one stopped.
 *
 * Key: `${prefix}:perf:${vault}:fees` (hash: cursor = last block counted, managementShares,
 * performanceShares, managementWei, performanceWei).
 */
import type { Redis } from 'ioredis';
import { InputError, RetryableError } from '../domain/errors.ts';
import { WAD } from '../domain/units.ts';

// KEYS[1] ledger; ARGV[1] the cursor the totals were read at ('' when empty), then field/value pairs.
// Compare-and-set: two status calls scanning at once must not both add the same blocks.
const ADVANCE = `
local cur = redis.call('hget', KEYS[1], 'cursor') or ''
if cur ~= ARGV[1] then return 0 end
for i = 2, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

export interface FeeAccrual {
  readonly block: number;
  readonly managementShares: bigint;
  readonly performanceShares: bigint;
}

export interface FeesTaken {
  /** Last block counted; the totals cover the blocks from the scan's start up to it. */
  readonly toBlock: number;
  readonly managementShares: bigint;
  readonly performanceShares: bigint;
  /** The shares valued at the share price of their block, wei. */
  readonly managementWei: bigint;
  readonly performanceWei: bigint;
}

export interface FeeScan {
  /** First block to count when the ledger is empty (the vault's first share-price sample, its deployment…). */
  readonly startBlock: number;
  readonly head: number;
  /** The accruals in [from, to], in block order. */
  read(from: number, to: number): Promise<readonly FeeAccrual[]>;
  /** Asset wei per 1e18 shares at a block. */
  priceAt(block: number): bigint;
  /** Blocks per log query (default 10,000: most providers' range limit). */
  readonly chunk?: number;
  /** Queries per call at most (default 20). */
  readonly maxChunks?: number;
}

export interface FeeLedger {
  /** Counts what happened since the cursor (at most maxChunks queries) and returns the totals. */
  sync(vault: string, scan: FeeScan): Promise<FeesTaken>;
  read(vault: string): Promise<FeesTaken | undefined>;
}

/** @example const fees = await createFeeLedger(redis, 'rk').sync('main', { startBlock: 100, head, read, priceAt }) */
export function createFeeLedger(redis: Redis, prefix: string): FeeLedger {
  const key = (vault: string): string => {
    if (vault.includes(':')) throw new InputError('vault names cannot contain ":"', { details: [`vault: ${vault}`] });
    return `${prefix}:perf:${vault}:fees`;
  };
  const read = async (vault: string): Promise<FeesTaken | undefined> => {
    const h = await redis.hgetall(key(vault));
    if (h.cursor === undefined) return undefined;
    return {
      toBlock: Number(h.cursor),
      managementShares: BigInt(h.managementShares ?? '0'),
      performanceShares: BigInt(h.performanceShares ?? '0'),
      managementWei: BigInt(h.managementWei ?? '0'),
      performanceWei: BigInt(h.performanceWei ?? '0'),
    };
  };
  return {
    read,
    async sync(vault, scan) {
      const chunk = scan.chunk ?? 10_000;
      const maxChunks = scan.maxChunks ?? 20;
      const stored = await read(vault);
      let totals = stored ?? { toBlock: scan.startBlock - 1, managementShares: 0n, performanceShares: 0n, managementWei: 0n, performanceWei: 0n };
      let cursor = stored === undefined ? '' : String(stored.toBlock);
      for (let i = 0; i < maxChunks && totals.toBlock < scan.head; i += 1) {
        const from = totals.toBlock + 1;
        const to = Math.min(scan.head, from + chunk - 1);
        let accruals: readonly FeeAccrual[];
        try {
          accruals = await scan.read(from, to);
        } catch (cause) {
          throw new RetryableError('fee events unreadable', { details: [`vault: ${vault}`, `blocks: ${from}-${to}`], cause });
        }
        let { managementShares, performanceShares, managementWei, performanceWei } = totals;
        for (const a of accruals) {
          const price = scan.priceAt(a.block);
          managementShares += a.managementShares;
          performanceShares += a.performanceShares;
          managementWei += (a.managementShares * price) / WAD;
          performanceWei += (a.performanceShares * price) / WAD;
        }
        // Written per chunk: a later failure keeps what was counted, and no chunk counts twice.
        const fields = ['cursor', String(to), 'managementShares', managementShares.toString(), 'performanceShares', performanceShares.toString(), 'managementWei', managementWei.toString(), 'performanceWei', performanceWei.toString()];
        const won = (await redis.eval(ADVANCE, 1, key(vault), cursor, ...fields)) as number;
        // Another caller advanced the ledger meanwhile: its totals are the truth.
        if (won !== 1) return (await read(vault)) ?? totals;
        totals = { toBlock: to, managementShares, performanceShares, managementWei, performanceWei };
        cursor = String(to);
      }
      return totals;
    },
  };
}
