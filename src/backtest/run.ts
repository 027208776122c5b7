/**
 * One backtest: the configured strategy and the baselines replayed over the same market, the
 * perfect-foresight bound, the metrics of each and the acceptance check.
 *
 * Baselines (all through the same decide → execute path, so they pay the same costs and obey
 * the same limits): hold the initial allocation, equal weight, and threshold rebalancing back
 * to the initial weights (Yearn V3 debt-allocator style: 100 bps drift, one-day cooldown).
 */
import type { RiskLimits } from '../domain/limits.ts';
import { gweiToWei } from '../domain/units.ts';
import { DEFAULT_ESTIMATOR_OPTIONS, type EstimatorOptions } from '../yield/estimate.ts';
import { slashingHazardOptions } from '../yield/slashing-hazard.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../plan/planner.ts';
import type { StrategyRegistry } from '../../strategies/registry.ts';
import type { StrategyDefinition } from '../../strategies/types.ts';
import { initialBook, valueBook } from './book.ts';
import { upperBound, type BoundOptions, type BoundResult } from './bound.ts';
import { buildMarket, type MarketStep } from './market.ts';
import { apyOf, MAX_REGRET, regretFloor, runMetrics, TIE_APY, type RunMetrics } from './metrics.ts';
import type { BacktestPolicy } from './policy.ts';
import { replay, type ReplayContext, type RunResult } from './replay.ts';
import type { Scenario } from './scenario-load.ts';
import type { ScenarioDoc } from './scenario-schema.ts';
import { scenarioSpecs } from './specs.ts';
import { weiToNumber } from '../domain/units.ts';

export interface BacktestResult {
  readonly scenario: Pick<ScenarioDoc, 'name' | 'description' | 'sources' | 'notes' | 'stepSeconds' | 'steps' | 'warmupSteps' | 'events'> & { readonly source: string; readonly days: number };
  readonly config: { readonly vault: string; readonly strategy: string; readonly params: unknown; readonly limits: RiskLimits; readonly note?: string };
  readonly runs: readonly { readonly metrics: RunMetrics; readonly run: RunResult }[];
  readonly bound: BoundResult & { readonly netApy: number };
  readonly acceptance: { readonly passed: boolean; readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[] };
  readonly market: readonly MarketStep[];
  readonly positionIds: readonly string[];
}

export interface BacktestOptions {
  readonly bound?: BoundOptions;
  /** Absolute APY difference treated as a tie when comparing with the baselines. */
  readonly tieApy?: number;
  /** Told what the run is doing (each replay, then the bound day by day), for progress output on long runs. */
  readonly onProgress?: (stage: string) => void;
}

/** @example const r = await runBacktest(scenario, policy, registry); r.acceptance.passed */
export function runBacktest(scenario: Scenario, policy: BacktestPolicy, registry: StrategyRegistry, opts: BacktestOptions = {}): BacktestResult {
  const { doc } = scenario;
  const market = buildMarket(scenario);
  const { specs, rewardTokenByAddress } = scenarioSpecs(doc);
  const estimator: EstimatorOptions = {
    ...DEFAULT_ESTIMATOR_OPTIONS,
    staleAfterSeconds: Math.max(policy.limits.staleAfterSeconds, 1),
    maxRateJumpBps: policy.limits.maxRateJumpBps,
    slashingHazard: slashingHazardOptions(policy.limits.slashing),
  };
  const ctx: ReplayContext = {
    doc,
    market,
    specs,
    rewardTokenByAddress,
    limits: policy.limits,
    estimator,
    planner: { ...DEFAULT_PLANNER_OPTIONS, priorityFeeWei: gweiToWei(doc.priorityFeeGwei), compounding: policy.compounding },
    rateFits: new Map(),
  };
  const threshold = registry.get('threshold');
  const progress = opts.onProgress ?? (() => undefined);
  const replayed = (label: string, strategy: StrategyDefinition, params: unknown): RunResult => {
    progress(`replaying ${label}`);
    return replay(ctx, label, strategy, params, (done, total) => progress(`replaying ${label}: step ${done} of ${total}`));
  };
  const runs: RunResult[] = [
    replayed('strategy', registry.get(policy.strategy.name), policy.strategy.params),
    replayed('hold', registry.get('hold'), {}),
    replayed('equal-weight', registry.get('equal-weight'), registry.get('equal-weight').paramsSchema.parse({})),
    replayed('threshold', threshold, threshold.paramsSchema.parse({ targets: doc.initial.weights, minChangeBps: 100, cooldownSeconds: 86_400 })),
  ];
  const first = market[doc.warmupSteps] as MarketStep;
  const last = market[market.length - 1] as MarketStep;
  const seconds = last.timestamp - first.timestamp;
  const navStartEth = weiToNumber(valueBook(initialBook(doc, specs, first), first, specs, doc).navWei);
  const onEpoch = (done: number, total: number): void => progress(`upper bound: day ${done} of ${total}`);
  const boundRaw = atLeastKnownPaths(upperBound(ctx, { ...opts.bound, onEpoch: opts.bound?.onEpoch ?? onEpoch }), runs, navStartEth);
  const bound = { ...boundRaw, netApy: apyOf(navStartEth, boundRaw.navEndEth, seconds) };
  const measured = runs.map((run) => ({
    run,
    metrics: runMetrics({
      label: run.label,
      strategy: run.strategy,
      navStartEth,
      values: run.series.map((p) => p.navEth),
      seconds,
      movedWei: run.movedWei,
      gasWei: run.gasWei,
      breaches: run.breaches.length,
      reverts: run.reverts.length,
      rebalances: run.rebalances,
      boundApy: bound.netApy,
    }),
  }));
  return {
    scenario: {
      name: doc.name,
      description: doc.description,
      sources: doc.sources,
      notes: doc.notes,
      stepSeconds: doc.stepSeconds,
      steps: doc.steps,
      warmupSteps: doc.warmupSteps,
      events: doc.events,
      source: scenario.source,
      days: seconds / 86_400,
    },
    config: { vault: policy.vault, strategy: policy.strategy.name, params: policy.strategy.params, limits: policy.limits, ...(policy.note ? { note: policy.note } : {}) },
    runs: measured,
    bound,
    acceptance: acceptance(measured.map((m) => m.metrics), bound.netApy, opts.tieApy ?? TIE_APY),
    market,
    positionIds: specs.map((s) => s.id),
  };
}

/**
 * The bound is the best feasible policy known: when a policy's own path ends higher than the
 * search's, the bound is that path, and the text says so. Every run went through the same
 * execution model, so its path is feasible when it broke no limit and no bundle reverted; the
 * strategy's own path counts too, since a "bound" below the strategy would bound nothing (the
 * search is approximate: a beam over a grid, decided once per epoch).
 */
export function atLeastKnownPaths(bound: BoundResult, runs: readonly RunResult[], navStartEth: number): BoundResult {
  let best: RunResult | undefined;
  for (const run of runs) {
    if (run.breaches.length > 0 || run.reverts.length > 0) continue;
    const end = run.series[run.series.length - 1]?.navEth ?? navStartEth;
    if (end > (best?.series[best.series.length - 1]?.navEth ?? bound.navEndEth)) best = run;
  }
  if (best === undefined) return bound;
  const end = best.series[best.series.length - 1]?.navEth ?? navStartEth;
  const text = `${bound.discretisation.text}; the search ended at ${bound.navEndEth.toFixed(4)} ETH, below ${best.label}'s ${end.toFixed(4)} ETH, so the bound is ${best.label}'s path`;
  return {
    ...bound,
    navStartEth,
    navEndEth: end,
    discretisation: { ...bound.discretisation, approximate: true, text },
    path: [],
    series: best.series.map((p) => ({ step: p.step, timestamp: p.timestamp, navEth: p.navEth })),
    gasEth: weiToNumber(best.gasWei),
    movedEth: weiToNumber(best.movedWei),
    source: best.label,
  };
}

/** Issue 10's rule: strategy ≥ each baseline, regret to the bound ≤ MAX_REGRET of its APY, no breaches (and no reverted bundle). */
export function acceptance(metrics: readonly RunMetrics[], boundApy: number, tie: number): BacktestResult['acceptance'] {
  const [strategy, ...baselines] = metrics;
  if (strategy === undefined) return { passed: false, checks: [] };
  const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;
  const checks = baselines.map((b) => ({
    name: `net APY >= ${b.label}`,
    ok: strategy.netApy + tie >= b.netApy,
    detail: `${pct(strategy.netApy)} vs ${pct(b.netApy)}`,
  }));
  const floor = regretFloor(boundApy);
  checks.push({
    name: `regret to the upper bound <= ${MAX_REGRET * 100}% of its net APY`,
    ok: strategy.netApy + tie >= floor,
    detail: `${pct(strategy.netApy)} vs bound ${pct(boundApy)} (floor ${pct(floor)}; gap ${strategy.gapPp.toFixed(3)} pp)`,
  });
  checks.push({ name: 'no limit breaches', ok: strategy.breaches === 0, detail: `${strategy.breaches} breach(es)` });
  // A bundle the execution model reverted is a plan the chain would refuse: never a pass.
  checks.push({ name: 'no reverted bundles', ok: strategy.reverts === 0, detail: `${strategy.reverts} reverted` });
  return { passed: checks.every((c) => c.ok), checks };
}
