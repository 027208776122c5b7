/**
 * AVS reward rates rebuilt from the chain, as the estimator's "published" rate: the
 * RewardsCoordinator's submission and split events (src/rewards/submission-log.ts) divided by
 * the stake they pay (src/rewards/stake-reads.ts), for every configured operator, operator
 * set and strategy. Cost per block and process: one aggregate3 and at most one eth_getLogs,
 * one Redis SET (the log cursor); vault ticks of the same block share the answer.
 */
import type { Redis } from 'ioredis';
import type { KeeperConfig } from '../config/schema.ts';
import { resolveVaultSettings } from '../config/vault-settings.ts';
import { KeeperError } from '../domain/errors.ts';
import type { Address } from '../domain/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { RpcTransport } from '../observe/transport.ts';
import type { RatesAt, RewardRatesSource } from '../observe/reward-rates-source.ts';
import type { PublishedRewardRate, PublishedRewardRates } from '../yield/published-rates.ts';
import { createStakeReader, type PriceSource, type StakeReadPlan } from './stake-reads.ts';
import { createSubmissionLog, submissionLogKey } from './submission-log.ts';
import { submissionApr } from './submission-rates.ts';

export interface ChainRatesDeps {
  readonly config: KeeperConfig;
  readonly rpc: RpcTransport;
  readonly redis: Redis;
  readonly logger: Logger;
  /** Keep the log cursor in memory only (dry runs write nothing to Redis). */
  readonly readOnly?: boolean;
}

/** Per-token price sources: the configured ones, else each reward token's dexPair and each LRT's DEX exit pair. */
export function priceSourcesFor(config: KeeperConfig): Map<string, PriceSource> {
  const sources = new Map<string, PriceSource>();
  for (const t of config.eigenlayer.rewardTokens) if (t.dexPair) sources.set(t.address.toLowerCase(), { uniswapV2Pair: t.dexPair });
  for (const l of config.lrts) if (l.exits.dex) sources.set(l.token.toLowerCase(), { uniswapV2Pair: l.exits.dex.pair });
  const bySymbol = new Map<string, string>([
    ...config.eigenlayer.rewardTokens.map((t) => [t.symbol, t.address] as const),
    ...config.lrts.map((l) => [l.symbol, l.token] as const),
  ]);
  for (const [name, source] of Object.entries(config.eigenlayer.rewards?.priceSources ?? {})) {
    const address = /^0x[0-9a-fA-F]{40}$/.test(name) ? name : bySymbol.get(name);
    if (address) sources.set(address.toLowerCase(), source);
  }
  return sources;
}

/**
 * How long the submission log keeps an ended submission after the newest block's time: the
 * longest snapshot age any vault's risk policy accepts (staleAfterSeconds). A tick whose block
 * is older than that, next to the newest block the process read, is refused as STALE_DATA
 * where chain time trails the wall clock (mainnet), so no decision that counts needs more.
 * @example submissionRetentionSeconds(config) // 600 with the default policy
 */
export function submissionRetentionSeconds(config: KeeperConfig): number {
  return Math.max(config.risk.staleAfterSeconds, ...config.vaults.map((v) => resolveVaultSettings(config, v).risk.staleAfterSeconds));
}

/**
 * What to publish when some stake or price reads of a block failed: rates computed from the
 * rest would price the missing stake or token at nothing and read as a reward stop (every set
 * at 0 %, which the estimator takes as the lower of accrual and published). The last complete
 * rates stand instead (the estimator judges their age), or none before the first complete read,
 * so the estimate falls back to accrual. 'read' when nothing failed: compute this block's.
 * @example ratesOnFailedReads(['price of EIGEN: call reverted'], lastBlocks) // lastBlocks
 */
export function ratesOnFailedReads(failures: readonly string[], lastComplete: PublishedRewardRates | undefined): PublishedRewardRates | undefined | 'read' {
  return failures.length === 0 ? 'read' : lastComplete;
}

/**
 * @example const rewardRates = chainRewardRatesSource({ config, rpc, redis, logger }); await rewardRates.rates({ block, timestamp });
 */
export function chainRewardRatesSource(deps: ChainRatesDeps): RewardRatesSource & { readonly counters: { logQueries: number; multicalls: number } } {
  const { config } = deps;
  const el = config.eigenlayer;
  const tokenOf = new Map(el.rewardTokens.map((t) => [t.symbol, t.address]));
  const strategies = Object.entries(el.strategies).flatMap(([symbol, strategy]) => {
    const lrt = config.lrts.find((l) => l.symbol === symbol);
    return strategy && lrt ? [{ strategy, underlying: lrt.token }] : [];
  });
  const sets = [...new Map(el.operators.flatMap((o) => o.operatorSets.map((s) => [`${s.avs.toLowerCase()}:${s.id}`, { avs: s.avs, id: s.id }] as const))).values()];
  const plan: StakeReadPlan = {
    multicall3: config.universe.multicall3,
    delegationManager: el.delegationManager,
    allocationManager: el.allocationManager,
    asset: config.universe.weth,
    sets,
    strategies,
    operators: el.operators.map((o) => o.address),
    prices: priceSourcesFor(config),
  };
  const stake = createStakeReader(deps.rpc, plan);
  const log = createSubmissionLog({
    rpc: deps.rpc,
    redis: deps.redis,
    key: submissionLogKey(config.queue.prefix, config.chain.chainId, el.rewardsCoordinator),
    coordinator: el.rewardsCoordinator,
    deploymentBlock: el.rewards?.coordinatorDeploymentBlock ?? 0,
    rangeBlocks: el.rewards?.logRangeBlocks ?? 5_000,
    retentionSeconds: submissionRetentionSeconds(config),
    persist: deps.readOnly !== true,
  });
  const counters = { logQueries: 0, multicalls: 0 };
  let last: { block: number; result: Promise<PublishedRewardRates | undefined> } | undefined;
  let lastComplete: PublishedRewardRates | undefined;

  async function compute(at: RatesAt): Promise<PublishedRewardRates | undefined> {
    if (sets.length === 0 || strategies.length === 0) return undefined;
    const [scan, read] = await Promise.all([log.scanTo(at.block, at.timestamp), stake.read(at.block)]);
    counters.logQueries += scan.queries;
    counters.multicalls += read.calls;
    if (!scan.complete) deps.logger.warn({ cursor: scan.state.cursor, block: at.block }, 'rewards log scan still catching up: AVS rates may miss submissions');
    if (!scan.covers) {
      // Submissions that paid this block may be gone: rates from the rest would read as a stop.
      throw new KeeperError('AVS rates: the block is older than the rewards log keeps', {
        details: [`block: ${at.block} at ${at.timestamp}`, `log keeps submissions running from ${scan.state.keptFrom ?? '?'}`],
      });
    }
    const kept = ratesOnFailedReads(read.failures, lastComplete);
    if (kept !== 'read') {
      deps.logger.warn({ block: at.block, failures: read.failures.slice(0, 5), keptFrom: kept?.rates[0]?.publishedAt }, 'some stake or price reads failed: the last complete AVS rates are kept (a failed read is no reward stop)');
      return kept;
    }
    const rates: PublishedRewardRate[] = [];
    for (const operator of el.operators) {
      for (const set of operator.operatorSets) {
        const rewardToken = tokenOf.get(set.rewardToken);
        if (!rewardToken) continue;
        for (const { strategy } of strategies) {
          const answer = submissionApr(scan.submissions, scan.state.splits, read.view, { avs: set.avs, operatorSetId: set.id, rewardToken, operator: operator.address, strategy, now: at.timestamp });
          rates.push({ avs: set.avs as Address, operatorSetId: set.id, rewardToken: rewardToken as Address, apr: answer.apr, publishedAt: at.timestamp, strategies: [strategy as Address], operator: operator.address as Address });
        }
      }
    }
    lastComplete = { asset: config.universe.weth as Address, rates };
    return lastComplete;
  }

  return {
    counters,
    rates(at) {
      // Every vault of a block asks; the first one pays for the reads.
      if (last?.block === at.block) return last.result;
      const result = compute(at);
      last = { block: at.block, result };
      result.catch(() => {
        if (last?.result === result) last = undefined;
      });
      return result;
    },
  };
}
