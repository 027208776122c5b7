/**
 * Rate history from the chain itself, for a keeper that has none yet (first run, fresh
 * Redis): each LRT's rate read at past blocks, all in ONE JSON-RPC batch of `eth_call`s at
 * different block tags, each call a small Multicall3 batch of (timestamp, rates). Needs a
 * node that keeps history (Anvil does; on mainnet an archive node). Blocks whose state is
 * missing or predates the contracts are skipped. A node that refuses the batch (a block's
 * state is gone) is asked again over the newer half of the span, down to one block; if it still refuses,
 * the bootstrap returns nothing, with a warning, and the estimates stay stale until enough
 * live samples arrive.
 */
import { decodeAggregate3, encodeAggregate3 } from '../chain/multicall.ts';
import { ReadAnswers, ReadBatch, type Slot } from '../chain/read-batch.ts';
import type { RateSample } from '../domain/estimate.ts';
import { KeeperError } from '../domain/errors.ts';
import type { LrtSymbol } from '../domain/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import { blockTimestamp } from './chain-reads.ts';
import type { ObserveTargets } from './targets.ts';
import type { RpcTransport } from './transport.ts';

export interface BootstrapOptions {
  /** The observed head; samples are taken strictly before it. */
  readonly headBlock: number;
  /** How many past blocks to read. */
  readonly samples: number;
  /** How far back the oldest sample is, in blocks. */
  readonly spanBlocks: number;
  /** Never sample before this block (e.g. a devnet's market start; before it rates were flat). */
  readonly minBlock?: number;
}

/**
 * Evenly spaced past blocks in (head − span, head), oldest first, at least block 1.
 * @example bootstrapBlocks({ headBlock: 100, samples: 4, spanBlocks: 40 }) // [60, 70, 80, 90]
 * @example bootstrapBlocks({ headBlock: 100, samples: 4, spanBlocks: 40, minBlock: 80 }) // [80, 85, 90, 95]
 */
export function bootstrapBlocks(options: BootstrapOptions): number[] {
  const first = Math.max(1, options.minBlock ?? 1, options.headBlock - options.spanBlocks);
  const span = options.headBlock - first;
  if (span <= 0 || options.samples <= 0) return [];
  const n = Math.min(options.samples, span);
  const blocks = new Set<number>();
  for (let k = 0; k < n; k++) blocks.add(first + Math.floor((k * span) / n));
  return [...blocks].sort((a, b) => a - b);
}

/** Rate samples per LRT from past blocks; one HTTP request. */
export async function bootstrapRates(rpc: RpcTransport, targets: ObserveTargets, options: BootstrapOptions, logger: Logger): Promise<Partial<Record<LrtSymbol, RateSample[]>>> {
  const batch = new ReadBatch();
  const ts = batch.add(blockTimestamp(targets.multicall3));
  const rates: { symbol: LrtSymbol; slot: Slot<bigint> }[] = targets.lrts.map((l) => ({ symbol: l.symbol, slot: batch.add(l.rate) }));
  const data = encodeAggregate3(batch.calls);
  const out: Partial<Record<LrtSymbol, RateSample[]>> = {};
  // A node without the oldest states refuses the whole batch: ask again over the newer half
  // of the span, as many samples (non-archive nodes keep only recent states).
  let span = Math.min(options.spanBlocks, options.headBlock - Math.max(1, options.minBlock ?? 1));
  let tried: number[] = [];
  let answers: unknown[] | undefined;
  while (answers === undefined && span >= 1) {
    tried = bootstrapBlocks({ ...options, spanBlocks: span });
    try {
      answers = await rpc.batch(tried.map((b) => ({ method: 'eth_call', params: [{ to: targets.multicall3, data }, `0x${b.toString(16)}`] })));
    } catch (err) {
      logger.info({ reason: err instanceof KeeperError ? err.message : String(err), from: tried[0], blocks: tried.length }, 'rate history bootstrap batch refused; trying newer blocks');
      span = Math.floor(span / 2);
    }
  }
  if (answers === undefined) {
    if (tried.length > 0) logger.warn('rate history bootstrap failed; estimates wait for live samples');
    return out;
  }
  let skipped = 0;
  answers.forEach((raw) => {
    try {
      const decoded = new ReadAnswers(batch.calls, decodeAggregate3(batch.calls, String(raw)));
      const timestamp = decoded.get(ts);
      for (const { symbol, slot } of rates) {
        try {
          const rateWad = decoded.get(slot);
          if (rateWad > 0n) (out[symbol] ??= []).push({ timestamp, rateWad });
        } catch {
          // This LRT did not exist yet at that block.
        }
      }
    } catch {
      skipped += 1; // Multicall3 not there yet, or the state is gone.
    }
  });
  logger.info({ blocks: tried.length, skipped }, 'rate history bootstrapped from past blocks');
  return out;
}
