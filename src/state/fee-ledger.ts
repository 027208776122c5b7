/**
 * Fees the vault took, counted from its fee contract's `FeesAccrued` events into Redis, so
 * `keeper status` says what management and performance fees cost depositors without
 * rescanning the chain each time. The contract keeps no running total, hence the ledger.
 *
 * Each accrual's shares are valued at the price the caller gives for its block (the share
 * price sample at or before it; before the first sample, the first sample's, counted apart in
 * `beforeFirstSampleWei`). A scan advances a cursor by at most `maxChunks` × `chunk` blocks per
 * call, so a status on a long history answers quickly and the next call goes on where this one
 * stopped. A chunk the RPC provider refuses as too wide is read in halves (chain/log-chunks.ts),
 * and the ledger keeps the size that fitted for its later calls. A ledger started at another block (say the first sample, before the config named
 * the vault's deployment block) is counted again from the new start.
 *
 * Key: `${prefix}:perf:${vault}:fees` (hash: fromBlock = first block counted, cursor = last
 * block counted, managementShares, performanceShares, managementWei, performanceWei,
 * beforeFirstSampleWei).
 */
import type { Redis } from 'ioredis';
import { DEFAULT_LOG_CHUNK_BLOCKS, readLogsInChunks } from '../chain/log-chunks.ts';
import { InputError, RetryableError } from '../domain/errors.ts';
import { WAD } from '../domain/units.ts';
import type { FeePrice } from '../perf/fee-pricing.ts';

// KEYS[1] ledger; ARGV[1] cursor and ARGV[2] fromBlock the totals were read at ('' when empty),
// then field/value pairs. Compare-and-set: two status calls scanning at once must not both add
// the same blocks, and a restart from another block must not mix with the old count.
const ADVANCE = `
local cur = redis.call('hget', KEYS[1], 'cursor') or ''
local from = redis.call('hget', KEYS[1], 'fromBlock') or ''
if cur ~= ARGV[1] or from ~= ARGV[2] then return 0 end
for i = 3, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

export interface FeeAccrual {
  readonly block: number;
  readonly managementShares: bigint;
  readonly performanceShares: bigint;
}

export interface FeesTaken {
  /** First block counted (the scan's start). */
  readonly fromBlock: number;
  /** Last block counted; the totals cover fromBlock up to it. */
  readonly toBlock: number;
  readonly managementShares: bigint;
  readonly performanceShares: bigint;
  /** The shares valued at the share price of their block, wei. */
  readonly managementWei: bigint;
  readonly performanceWei: bigint;
  /** The part of managementWei + performanceWei minted before the first share-price sample, valued at that sample's price. */
  readonly beforeFirstSampleWei: bigint;
}

export interface FeeScan {
  /** First block to count (the vault's deployment, else its first share-price sample); a ledger started elsewhere starts over. */
  readonly startBlock: number;
  readonly head: number;
  /** The accruals in [from, to], in block order. */
  read(from: number, to: number): Promise<readonly FeeAccrual[]>;
  /** Asset wei per 1e18 shares at a block, and whether it is the first sample's price borrowed for an earlier block. */
  priceAt(block: number): FeePrice;
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
      // A ledger written before fromBlock was kept has none: NaN matches no start, so it starts over.
      fromBlock: h.fromBlock === undefined ? Number.NaN : Number(h.fromBlock),
      toBlock: Number(h.cursor),
      managementShares: BigInt(h.managementShares ?? '0'),
      performanceShares: BigInt(h.performanceShares ?? '0'),
      managementWei: BigInt(h.managementWei ?? '0'),
      performanceWei: BigInt(h.performanceWei ?? '0'),
      beforeFirstSampleWei: BigInt(h.beforeFirstSampleWei ?? '0'),
    };
  };
  /** Blocks per query the provider last accepted, per vault: a refused width is not asked again. */
  const fitted = new Map<string, number>();
  return {
    read,
    async sync(vault, scan) {
      const chunk = scan.chunk ?? DEFAULT_LOG_CHUNK_BLOCKS;
      const maxChunks = scan.maxChunks ?? 20;
      const stored = await read(vault);
      // What the compare-and-set expects to find: the stored cursor and start, even when starting over.
      let expected = stored === undefined ? ['', ''] : [String(stored.toBlock), Number.isNaN(stored.fromBlock) ? '' : String(stored.fromBlock)];
      let totals: FeesTaken =
        stored !== undefined && stored.fromBlock === scan.startBlock
          ? stored
          : { fromBlock: scan.startBlock, toBlock: scan.startBlock - 1, managementShares: 0n, performanceShares: 0n, managementWei: 0n, performanceWei: 0n, beforeFirstSampleWei: 0n };
      for (let i = 0; i < maxChunks && totals.toBlock < scan.head; i += 1) {
        const from = totals.toBlock + 1;
        const size = Math.min(chunk, fitted.get(vault) ?? chunk);
        const to = Math.min(scan.head, from + size - 1);
        let accruals: readonly FeeAccrual[];
        try {
          accruals = await readLogsInChunks({
            what: `fee events of vault ${vault}`,
            fromBlock: from,
            toBlock: to,
            chunkBlocks: to - from + 1,
            read: scan.read,
            onProgress: (p) => {
              if (p.chunkBlocks < size) fitted.set(vault, p.chunkBlocks);
            },
          });
        } catch (cause) {
          throw new RetryableError('fee events unreadable', { details: [`vault: ${vault}`, `blocks: ${from}-${to}`], cause });
        }
        let { managementShares, performanceShares, managementWei, performanceWei, beforeFirstSampleWei } = totals;
        for (const a of accruals) {
          const price = scan.priceAt(a.block);
          const management = (a.managementShares * price.wad) / WAD;
          const performance = (a.performanceShares * price.wad) / WAD;
          managementShares += a.managementShares;
          performanceShares += a.performanceShares;
          managementWei += management;
          performanceWei += performance;
          if (price.beforeFirstSample) beforeFirstSampleWei += management + performance;
        }
        // Written per chunk: a later failure keeps what was counted, and no chunk counts twice.
        const next: FeesTaken = { fromBlock: totals.fromBlock, toBlock: to, managementShares, performanceShares, managementWei, performanceWei, beforeFirstSampleWei };
        const fields = Object.entries(next).flatMap(([field, value]) => [field === 'toBlock' ? 'cursor' : field, String(value)]);
        const won = (await redis.eval(ADVANCE, 1, key(vault), ...expected, ...fields)) as number;
        // Another caller advanced the ledger meanwhile: its totals are the truth.
        if (won !== 1) return (await read(vault)) ?? totals;
        totals = next;
        expected = [String(to), String(next.fromBlock)];
      }
      return totals;
    },
  };
}
