/**
 * Observes one vault: ONE `eth_call` to Multicall3 `aggregate3` carrying every read of the
 * tick (chain head included), decoded and checked. A wrong or inconsistent answer comes back
 * as a rejection with its reasons, logged, and never as a snapshot; transport failures (every
 * RPC endpoint down) throw, because there is no answer to judge.
 *
 * @example
 *   const outcome = await observeVault(deps, targets, { lastRate, maxRateJumpBps: 100, rewardWindowSeconds: 30 * 86_400 });
 *   if (outcome.ok) decide(outcome.observation.snapshot, …);
 */
import { decodeAggregate3, encodeAggregate3, type ReadResult } from '../chain/multicall.ts';
import { ReadAnswers, ReadFailedError } from '../chain/read-batch.ts';
import type { RateSample } from '../domain/estimate.ts';
import { KeeperError } from '../domain/errors.ts';
import type { LrtSymbol } from '../domain/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import { assembleObservation, type Observation } from './assemble.ts';
import type { LastSeenBlocks } from './last-seen.ts';
import type { RateJumpWatch } from './rate-jump-watch.ts';
import { selectTrees, type TreeSelection } from './rewards.ts';
import type { RewardsSource } from './rewards-source.ts';
import type { ObserveTargets } from './targets.ts';
import type { RpcTransport } from './transport.ts';
import { failureReasons, headReasons, rateReasons } from './validate.ts';
import { buildVaultReads } from './vault-reads.ts';
import { requestReads, type LrtQueueBook, type TrackedRequest } from './lrt-queues.ts';

export interface ObserverDeps {
  readonly rpc: RpcTransport;
  readonly logger: Logger;
  readonly rewards: RewardsSource;
  readonly lastSeen: LastSeenBlocks;
  /** Moved rates that held: accepted as the new level (absent: every move beyond the limit is refused). */
  readonly rateJumps?: RateJumpWatch;
  /** Wall clock, unix seconds. */
  readonly clock: () => number;
}

export interface ObserveOptions {
  /** Newest stored rate sample of an LRT at or before `timestamp` (the jump check's reference). */
  readonly lastRate: (symbol: LrtSymbol, timestamp: number) => Promise<RateSample | undefined>;
  readonly maxRateJumpBps: number;
  /** How far back reward trees are read for accrual. */
  readonly rewardWindowSeconds: number;
  /** Most reward trees read per tick for accrual history (default 12). */
  readonly maxRewardTrees?: number;
  /** LRT-queue requests the keeper tracks for this holder (state/withdrawals), matched with the chain's. */
  readonly trackedRequests?: readonly TrackedRequest[];
  /** The eoa backend's native-book credit (reconcile/native-book.ts). */
  readonly nativeCreditWei?: bigint;
}

export type ObserveOutcome =
  | { readonly ok: true; readonly observation: Observation }
  | { readonly ok: false; readonly reasons: readonly string[]; readonly block?: number };

export async function observeVault(deps: ObserverDeps, targets: ObserveTargets, options: ObserveOptions): Promise<ObserveOutcome> {
  const logger = deps.logger.child({ vault: targets.vault });
  const reject = (reasons: string[], block?: number): ObserveOutcome => {
    logger.warn({ block, reasons }, 'observation rejected');
    return { ok: false, reasons, ...(block === undefined ? {} : { block }) };
  };

  const { batch, slots } = buildVaultReads(targets);
  const raw = await deps.rpc.call('eth_call', [{ to: targets.multicall3, data: encodeAggregate3(batch.calls) }, 'latest']);
  let results: ReadResult[];
  try {
    if (typeof raw !== 'string') throw new TypeError('eth_call answered a non-string');
    results = decodeAggregate3(batch.calls, raw);
  } catch (err) {
    return reject([`multicall answer unusable: ${err instanceof KeeperError ? err.shortMessage : String(err)}`]);
  }
  const answers = new ReadAnswers(batch.calls, results);
  if (answers.failures.length > 0) return reject(failureReasons(answers.failures));

  try {
    const block = answers.get(slots.block);
    const head = headReasons(answers.get(slots.chainId), block, { expectedChainId: targets.chainId, ...lastBlock(deps.lastSeen, targets.vault) });
    if (head.length > 0) return reject(head, block);

    const timestamp = answers.get(slots.timestamp);
    let trees: TreeSelection = { history: [] };
    if (slots.eigen !== undefined) {
      trees = await selectTrees(
        deps.rewards,
        {
          rootsLength: answers.get(slots.eigen.rootsLength),
          claimableRoot: answers.get(slots.eigen.claimableRoot),
          notBefore: timestamp - options.rewardWindowSeconds,
          maxHistory: options.maxRewardTrees ?? 12,
        },
        logger,
      );
    }
    let lrtQueues: LrtQueueBook | undefined;
    if (slots.queues !== undefined && targets.lrtQueues !== undefined) {
      const second = requestReads(targets.lrtQueues, targets.holder, slots.queues, answers, options.trackedRequests ?? []);
      if (second !== undefined) {
        // Same block as the first batch: the requests and the balances describe one state.
        const raw2 = await deps.rpc.call('eth_call', [{ to: targets.multicall3, data: encodeAggregate3(second.batch.calls) }, `0x${block.toString(16)}`]);
        let results2: ReadResult[];
        try {
          if (typeof raw2 !== 'string') throw new TypeError('eth_call answered a non-string');
          results2 = decodeAggregate3(second.batch.calls, raw2);
        } catch (err) {
          return reject([`LRT-queue requests unreadable: ${err instanceof KeeperError ? err.shortMessage : String(err)}`], block);
        }
        const answers2 = new ReadAnswers(second.batch.calls, results2);
        if (answers2.failures.length > 0) return reject(failureReasons(answers2.failures), block);
        lrtQueues = second.assemble(answers2, timestamp);
      }
    }
    const observation = assembleObservation(targets, slots, answers, trees, deps.clock(), {
      ...(lrtQueues ? { lrtQueues } : {}),
      ...(options.nativeCreditWei === undefined ? {} : { nativeCreditWei: options.nativeCreditWei }),
    });

    // One Redis round trip for every LRT's reference, not one per LRT.
    const symbols = Object.keys(observation.rates) as LrtSymbol[];
    const lasts = await Promise.all(symbols.map((symbol) => options.lastRate(symbol, timestamp)));
    const lastRates: Partial<Record<LrtSymbol, RateSample>> = {};
    symbols.forEach((symbol, i) => {
      const last = lasts[i];
      if (last !== undefined) lastRates[symbol] = last;
    });
    // A move that held for the watch's confirmation time is the new level, not a bad answer.
    const held = deps.rateJumps?.confirmed(targets.vault, observation.rates, lastRates, timestamp, options.maxRateJumpBps) ?? new Set<LrtSymbol>();
    const reference = Object.fromEntries(Object.entries(lastRates).filter(([symbol]) => !held.has(symbol as LrtSymbol))) as Partial<Record<LrtSymbol, RateSample>>;
    const rates = rateReasons(observation, { lastRates: reference, maxRateJumpBps: options.maxRateJumpBps });
    if (rates.length > 0) return reject(rates, block);

    for (const symbol of held) {
      logger.warn({ block, symbol, from: String(lastRates[symbol]?.rateWad), to: String(observation.rates[symbol]) }, `${symbol} rate moved beyond ${options.maxRateJumpBps} bps and held it for ${deps.rateJumps?.confirmSeconds ?? 0} s: accepted as its new level (deposits stay frozen by RATE_JUMP while the estimate settles)`);
    }
    deps.lastSeen.accept(targets.vault, block);
    for (const note of observation.notes) logger.info({ block }, note);
    logger.debug({ block, positions: observation.snapshot.positions.length, calls: batch.calls.length }, 'observation accepted');
    return { ok: true, observation };
  } catch (err) {
    if (err instanceof ReadFailedError) return reject([`sub-call ${err.failure.label} answered nonsense: ${err.failure.reason}`]);
    throw err;
  }
}

function lastBlock(lastSeen: LastSeenBlocks, vault: string): { lastBlock?: number } {
  const block = lastSeen.get(vault);
  return block === undefined ? {} : { lastBlock: block };
}
