/**
 * One vault, one shot: observe → estimate → decide. Used by `keeper plan` now and by the
 * daemon's observe job later; nothing here signs or sends.
 *
 * Clock: the risk engine and estimator judge staleness against `now`. On mainnet the wall
 * clock and block time agree; a devnet mines 12 s of chain time per block, faster than the
 * wall clock, so `now` is the later of the two (a lagging node still shows as stale).
 */
import type { Redis } from 'ioredis';
import type { KeeperConfig, VaultConfig } from '../config/schema.ts';
import { resolveVaultSettings, type VaultSettings } from '../config/vault-settings.ts';
import type { YieldEstimate } from '../domain/estimate.ts';
import type { PositionSpec } from '../domain/types.ts';
import { decide, type Decision } from '../plan/decide.ts';
import { streamPolicy, type PlannerOptions } from '../plan/planner.ts';
import type { Logger } from '../telemetry/logger.ts';
import { estimateYields } from '../yield/estimate.ts';
import { streamsFromConfig } from '../yield/reward-streams.ts';
import { streamClaimables, type StreamClaimablesResult } from '../rewards/streams/claimables.ts';
import { recordStreamSamples, streamMarkets } from './stream-history.ts';
import { streamProofClient, type StreamProofClient } from '../rewards/streams/proof-client.ts';
import type { TokenStreamConfig } from '../config/reward-streams-schema.ts';
import type { StreamClaimDecision } from '../plan/stream-claims.ts';
import { judgeStreams } from '../plan/stream-actions.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';
import type { Observation } from '../observe/assemble.ts';
import type { LastSeenBlocks } from '../observe/last-seen.ts';
import type { RateJumpWatch } from '../observe/rate-jump-watch.ts';
import { observeVault } from '../observe/observer.ts';
import type { RewardsSource } from '../observe/rewards-source.ts';
import { publishedRatesInput, type RewardRatesSource } from '../observe/reward-rates-source.ts';
import type { RpcTransport } from '../observe/transport.ts';
import { appendObservation, loadRateHistory, rateHistoryFor, withObservedRates, type BootstrapPolicy } from './rates.ts';
import { appendRewardPrices, rewardPriceRisk } from './reward-prices.ts';
import type { SharedRateHistory } from './shared-rates.ts';
import { rewardHistories } from './reward-history.ts';
import { estimatorOptions, plannerOptions, riskLimits } from './settings.ts';
import { observeTargets } from './targets.ts';
import { chooseOperator, positionSpecs, type ChosenOperator } from './universe.ts';
import { bookRecords } from './book-records.ts';
import { reconcileBook, type Reconciliation } from '../reconcile/reconcile.ts';
import { exitLimitBreachesOnChain } from './exit-limits.ts';
import { redisDepegWatch, type DepegWatch } from './depeg-watch-store.ts';
import { discountedPositions } from '../risk/depeg-watch.ts';
import { capsToWatch } from '../risk/repair-watch.ts';
import { IDLE_WAIT_KEY, idleCashWaiting } from '../risk/idle-wait.ts';
import { vaultStatePrefix } from '../queue/names.ts';
import type { RiskContext } from '../domain/verdict.ts';

export interface KeeperDeps {
  readonly config: KeeperConfig;
  readonly rpc: RpcTransport;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly rewards: RewardsSource;
  readonly strategies: StrategyRegistry;
  readonly lastSeen: LastSeenBlocks;
  /** The daemon's memory of rates that moved beyond the limit (observe/rate-jump-watch.ts); absent in one-shot commands. */
  readonly rateJumps?: RateJumpWatch;
  /** Wall clock, unix seconds. */
  readonly clock: () => number;
  /** How to bootstrap rate history from the chain (default DEFAULT_BOOTSTRAP). */
  readonly bootstrap?: BootstrapPolicy;
  /**
   * The chain's rate history, shared by the process's vault-ticks of a block (the daemon
   * passes one sharedRateHistory). Default: read Redis directly, as a one-shot command does.
   */
  readonly rateHistory?: SharedRateHistory;
  /** Market-wide AVS reward rates per operator set (default none: AVS APR from the vault's own accrual only). */
  readonly rewardRates?: RewardRatesSource;
  /** Where the depeg clocks live between ticks (default Redis; a dry run's writes nothing). */
  readonly depegWatch?: DepegWatch;
  /**
   * Ask each reward stream's proof server what the holder can claim, so that the decision
   * claims (and sells) the streams the compounding policy says pay. `keeper plan` passes it,
   * and the daemon's compound job (src/queue/housekeeping-jobs.ts) with a cached client. Off
   * by default, so the per-block tick never pays one HTTP request per stream.
   */
  readonly streamClaims?: { readonly proofClient?: (stream: TokenStreamConfig) => StreamProofClient };
}

export interface VaultPlan {
  readonly ok: true;
  readonly settings: VaultSettings;
  readonly observation: Observation;
  readonly specs: readonly PositionSpec[];
  readonly operator?: ChosenOperator;
  readonly estimates: readonly YieldEstimate[];
  readonly decision: Decision;
  /** Rate samples added from past blocks this tick. */
  readonly bootstrapped: number;
  readonly now: number;
  /** The keeper's records against the chain this tick (src/reconcile/reconcile.ts). */
  readonly reconciliation: Reconciliation;
  /** The risk context the decision used (the daemon re-decides with its turnover added). */
  readonly context: RiskContext;
  /** The planner options the decision used, reward tokens' price risk included (the daemon re-decides with them). */
  readonly plannerOptions: PlannerOptions;
  /** Reward streams' claims judged by the compounding policy (deps.streamClaims); the plan claims those marked claim. */
  readonly streamClaims?: { readonly decisions: readonly StreamClaimDecision[]; readonly notes: readonly string[] };
}

export interface VaultRejected {
  readonly ok: false;
  readonly settings: VaultSettings;
  readonly reasons: readonly string[];
  readonly block?: number;
}

/**
 * @example const result = await planVault(deps, deps.config.vaults[0]); if (result.ok) result.decision.plan.kind
 */
export async function planVault(deps: KeeperDeps, vault: VaultConfig): Promise<VaultPlan | VaultRejected> {
  const { config } = deps;
  const settings = resolveVaultSettings(config, vault);
  const logger = deps.logger.child({ vault: vault.name });
  const estimator = estimatorOptions(settings.risk);
  const history = deps.rateHistory ?? rateHistoryFor(deps.redis, config);
  const targets = observeTargets(config, vault, positionSpecs(config));

  const book = await bookRecords(deps.redis, config.queue.prefix, vault);
  const outcome = await observeVault({ rpc: deps.rpc, logger, rewards: deps.rewards, lastSeen: deps.lastSeen, clock: deps.clock, ...(deps.rateJumps === undefined ? {} : { rateJumps: deps.rateJumps }) }, targets, {
    trackedRequests: book.trackedRequests,
    ...(book.nativeCreditWei === undefined ? {} : { nativeCreditWei: book.nativeCreditWei }),
    lastRate: (symbol, timestamp) => history.latest(symbol, timestamp),
    maxRateJumpBps: settings.risk.maxRateJumpBps,
    rewardWindowSeconds: estimator.rewardWindowSeconds,
  });
  if (!outcome.ok) return { ok: false, settings, reasons: outcome.reasons, ...(outcome.block === undefined ? {} : { block: outcome.block }) };

  const { observation } = outcome;
  const { snapshot } = observation;
  const reconciliation = reconcileBook(observation, book.trackedEigen, book.openPlans);
  // This block's rates and reward prices are written before any window is read (below), so
  // the estimator and the price risk see them when they are kept (rates are kept once per
  // rateSampleSpacing; the estimator gets this block's rates either way, withObservedRates);
  // the two writes touch different keys.
  await Promise.all([appendObservation(history, observation), appendRewardPrices(history, snapshot)]);
  const specs = positionSpecs(config, {
    ...(snapshot.delegatedTo ? { delegatedTo: snapshot.delegatedTo } : {}),
    ...(observation.minWithdrawalDelayBlocks === undefined ? {} : { withdrawalDelayBlocks: observation.minWithdrawalDelayBlocks }),
    secondsPerBlock: targets.secondsPerBlock,
    slashedOperators: snapshot.slashing.map((s) => s.operator),
  });
  const longest = Math.max(...estimator.windowsSeconds);
  const limits = riskLimits(settings.risk);
  const depegWatch = deps.depegWatch ?? redisDepegWatch(deps.redis);
  const watchPrefix = vaultStatePrefix(config.queue.prefix, vault.name);
  // Independent reads and clock updates (different keys, none reads what another writes), sent
  // together: one Redis round trip where they were one each.
  const [rates, publishedRewardRates, streamMarketsNow, depegSince, capBrokenSince, idleWait, rewardPriceRiskApy] = await Promise.all([
    loadRateHistory({ history, rpc: deps.rpc, logger }, targets, { timestamp: snapshot.timestamp, block: snapshot.block, seconds: longest }, deps.bootstrap),
    publishedRatesInput(deps.rewardRates, config.universe.weth, { block: snapshot.block, timestamp: snapshot.timestamp }),
    // Streams measured from claims read the claim history the stream reads below keep (stream-history.ts).
    streamMarkets(history, config.lrts, snapshot.holder, snapshot.timestamp),
    // How long each discount has lasted, kept across ticks: a depeg exit needs persistence.
    depegWatch.apply(watchPrefix, snapshot.block, snapshot.timestamp, discountedPositions(snapshot, limits)),
    // How long each cap has been broken, likewise: a repair waits out a gas spike for a bounded time.
    depegWatch.apply(watchPrefix, snapshot.block, snapshot.timestamp, capsToWatch(snapshot, specs, limits), 'cap-repair'),
    // How long cash has waited above the idle buffer, likewise: a mint's mark is weighed against it.
    depegWatch.apply(watchPrefix, snapshot.block, snapshot.timestamp, idleCashWaiting(snapshot, limits) ? [IDLE_WAIT_KEY] : [], 'idle-wait'),
    rewardPriceRisk(history, snapshot),
  ]);

  const now = Math.max(deps.clock(), snapshot.timestamp);
  const estimates = estimateYields({
    snapshot,
    specs,
    now,
    rateHistory: withObservedRates(rates.samples, observation.rates, snapshot.timestamp),
    rewardHistory: rewardHistories(snapshot, specs, observation.rewardTrees),
    publishedRewardRates,
    options: estimator,
    rewardStreams: { streams: streamsFromConfig(config.lrts), markets: streamMarketsNow },
  });
  const strategy = deps.strategies.get(settings.strategy.name);
  // Executed turnover and the last rebalance are tracked once the keeper executes; a dry run starts from zero.
  const idleWaitingSince = idleWait[IDLE_WAIT_KEY];
  const context: RiskContext = { now, turnoverUsedTodayBps: 0, depegSince, capBrokenSince, ...(idleWaitingSince === undefined ? {} : { idleWaitingSince }) };
  const streams = deps.streamClaims === undefined ? undefined : await readStreamClaims(deps, deps.streamClaims, { specs, snapshot, estimates });
  if (streams !== undefined) await recordStreamSamples(history, snapshot.holder, snapshot.timestamp, streams.samples);
  const planner: PlannerOptions = {
    ...plannerOptions(config, vault),
    ...(Object.keys(rewardPriceRiskApy).length === 0 ? {} : { rewardPriceRiskApy }),
    ...(streams === undefined ? {} : { streamClaims: streams.claimables }),
  };
  const decision = decide({
    snapshot,
    specs,
    estimates,
    limits,
    context,
    strategy,
    params: settings.strategy.params,
    plannerOptions: planner,
  });
  // A plan that a protocol would refuse (below Kelp's minimum, above Swell's maximum, beyond
  // Renzo's buffer, refused by ether.fi's canRedeem, Puffer's AccessManager or Swell's
  // whitelist) is refused here, naming the numbers.
  const breaches = await exitLimitBreachesOnChain(deps.rpc, config, decision.plan.actions, snapshot.block, { caller: vault.address, symbolOf: (id) => specs.find((s) => s.id === id)?.symbol });
  if (breaches.length > 0) {
    logger.warn({ breaches }, 'plan refused: it breaks a protocol exit limit');
    return { ok: false, settings, reasons: breaches.map((b) => `plan refused: ${b.message}`), block: snapshot.block };
  }
  const operator = chooseOperator(config, snapshot.delegatedTo, snapshot.slashing.map((s) => s.operator));
  const streamClaims = streams === undefined ? undefined : { decisions: judgeStreams(streams.claimables, streamPolicy(planner, limits, snapshot, estimates)), notes: streams.notes };
  return { ok: true, settings, observation, specs, ...(operator ? { operator } : {}), estimates, decision, bootstrapped: rates.bootstrapped, now, reconciliation, context, plannerOptions: planner, ...(streamClaims ? { streamClaims } : {}) };
}

/** What the configured token streams owe the holder, checked against the chain; undefined when no LRT has one. */
async function readStreamClaims(
  deps: KeeperDeps,
  options: NonNullable<KeeperDeps['streamClaims']>,
  input: { specs: readonly PositionSpec[]; snapshot: VaultPlan['observation']['snapshot']; estimates: readonly YieldEstimate[] },
): Promise<StreamClaimablesResult | undefined> {
  const { config } = deps;
  if (!config.lrts.some((l) => l.rewardStreams.some((s) => s.kind === 'token'))) return undefined;
  const proofClient = options.proofClient ?? streamProofClient;
  return streamClaimables({ rpc: deps.rpc, proofClient }, { lrts: config.lrts, ...input, weth: config.universe.weth, multicall3: config.universe.multicall3 });
}
