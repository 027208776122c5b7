/**
 * The replay: one strategy through a scenario, step by step, with the keeper's own pure code.
 *
 * Each step: market effects (slashing, reward accrual) → the snapshot the keeper would read →
 * estimateYields (with the step's AVS rates as the published rates) → decide (strategy → risk → plan → review) → the plan executed on the book as
 * a bundle → breaches checked from the book. Nothing here decides anything the live keeper
 * would not: the only backtest-specific code is the book and the market.
 */
import type { RateSample } from '../domain/estimate.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { LrtSymbol, PositionSpec } from '../domain/types.ts';
import { BPS, SECONDS_PER_DAY, weiToNumber } from '../domain/units.ts';
import type { RewardAccrualSample } from '../yield/avs-apr.ts';
import { estimateYields, type EstimatorOptions, type RateFitCache } from '../yield/estimate.ts';
import { trackDepegs } from '../risk/depeg-watch.ts';
import { idleCashWaiting, trackIdleWait } from '../risk/idle-wait.ts';
import { capsToWatch, trackRepairs } from '../risk/repair-watch.ts';
import { decide } from '../plan/decide.ts';
import type { PlannerOptions } from '../plan/planner.ts';
import type { StrategyDefinition } from '../../strategies/types.ts';
import { accrueRewards, applySlashing, rewardHistoryView } from './accrual.ts';
import { publishedRatesAt } from './published-rates.ts';
import { rewardPriceRiskAt } from './reward-price-risk.ts';
import { applyPlan } from './apply.ts';
import { buildSnapshot, initialBook, valueBook, type Book } from './book.ts';
import { checkStep, type Breach, type BreachState } from './breaches.ts';
import { FindingTally, findingsThatActed, type FindingSummary } from './findings.ts';
import type { MarketStep } from './market.ts';
import type { ScenarioDoc } from './scenario-schema.ts';
import { specsAt } from './specs.ts';

export interface ReplayContext {
  readonly doc: ScenarioDoc;
  readonly market: readonly MarketStep[];
  readonly specs: readonly PositionSpec[];
  readonly rewardTokenByAddress: ReadonlyMap<string, string>;
  readonly limits: RiskLimits;
  readonly estimator: EstimatorOptions;
  readonly planner: PlannerOptions;
  /** Rate fits shared by the runs over this market (they all see the same rates). */
  readonly rateFits: RateFitCache;
}

export interface SeriesPoint {
  readonly step: number;
  readonly timestamp: number;
  readonly navEth: number;
  /** bps of the snapshot total per position, after the step's trades. */
  readonly weights: Readonly<Record<string, number>>;
  readonly idleBps: number;
  readonly pendingBps: number;
  /** Plan kind executed at this step ('hold' when nothing was sent). */
  readonly action: 'rebalance' | 'compound' | 'hold' | 'reverted';
}

export interface RunResult {
  readonly label: string;
  readonly strategy: string;
  readonly series: readonly SeriesPoint[];
  readonly gasWei: bigint;
  readonly feesWei: bigint;
  /** Sale losses against the protocol rate (DEX fee, impact, discount) and reward-sale losses. */
  readonly slippageWei: bigint;
  /** Value sold, queued and bought, asset wei. */
  readonly movedWei: bigint;
  readonly rebalances: number;
  readonly compounds: number;
  /** Rebalances the risk engine or the plan review refused. */
  readonly refusals: number;
  /** Refusals and clamps by code, and the most frequent reasons. */
  readonly findings: FindingSummary;
  readonly reverts: readonly { step: number; reason: string }[];
  readonly breaches: readonly Breach[];
  /** Plan reasons, one entry each time the reason changes (for the report and debugging). */
  readonly log: readonly { step: number; kind: string; reason: string }[];
}

/**
 * Replays `strategy` with `params` over the scenario; `onStep` is told each step done (of the
 * steps after the warm-up), for progress on long markets.
 * @example replay(ctx, 'strategy', riskAdjustedYield, {})
 */
export function replay(ctx: ReplayContext, label: string, strategy: StrategyDefinition, params: unknown, onStep?: (done: number, total: number) => void): RunResult {
  const { doc, market, specs, limits } = ctx;
  const rateSamples = rateSamplesBySymbol(market, specs);
  const maxWindow = Math.max(...ctx.estimator.windowsSeconds) + doc.stepSeconds;
  const rewardHistory = new Map<string, RewardAccrualSample[]>();
  const priorityFeeWei = ctx.planner.priorityFeeWei;
  const series: SeriesPoint[] = [];
  const reverts: { step: number; reason: string }[] = [];
  const breaches: Breach[] = [];
  const breachState: BreachState = { day: -1, turnoverBps: 0 };
  const log: { step: number; kind: string; reason: string }[] = [];
  let book: Book | undefined;
  let lastRebalanceAt: number | undefined;
  let turnoverDay = -1;
  let turnoverUsed = 0;
  let gasWei = 0n;
  let feesWei = 0n;
  let slippageWei = 0n;
  let movedWei = 0n;
  let rebalances = 0;
  let compounds = 0;
  let refusals = 0;
  const tally = new FindingTally();
  // How long each depeg has lasted, as the keeper keeps it between ticks (src/risk/depeg-watch.ts).
  let depegSince: Record<string, number> = {};
  // How long each cap has been broken, likewise (src/risk/repair-watch.ts).
  let capBrokenSince: Record<string, number> = {};
  // Since when cash has waited above the idle buffer, likewise (src/risk/idle-wait.ts).
  let idleWaitingSince: number | undefined;

  for (let s = doc.warmupSteps; s < market.length; s++) {
    const m = market[s] as MarketStep;
    if (book === undefined) book = initialBook(doc, specs, m);
    else accrueRewards(book, m, specs, doc, rewardHistory, ctx.estimator.rewardWindowSeconds + doc.stepSeconds);
    for (const e of m.events) if (e.kind === 'slashing') applySlashing(book, e, specs, m, doc);

    const now = m.timestamp;
    const rateHistory: Partial<Record<LrtSymbol, readonly RateSample[]>> = {};
    for (const [sym, all] of rateSamples) rateHistory[sym] = windowOf(all, s, now - maxWindow);
    // The exits as they are at this step (queue delay of the moment, paused withdrawals).
    const stepSpecs = specsAt(specs, m);
    const snapshot = buildSnapshot(book, m, stepSpecs, doc);
    const estimates = estimateYields({
      snapshot,
      specs: stepSpecs,
      now,
      rateHistory,
      rewardHistory: rewardHistoryView(rewardHistory),
      publishedRewardRates: publishedRatesAt(m, specs, doc),
      options: ctx.estimator,
      rateFits: ctx.rateFits,
    });
    const day = Math.floor(now / SECONDS_PER_DAY);
    if (day !== turnoverDay) {
      turnoverDay = day;
      turnoverUsed = 0;
    }
    depegSince = trackDepegs(depegSince, snapshot, limits);
    capBrokenSince = trackRepairs(capBrokenSince, capsToWatch(snapshot, stepSpecs, limits), now);
    idleWaitingSince = trackIdleWait(idleWaitingSince, idleCashWaiting(snapshot, limits), now);
    const decision = decide({
      snapshot,
      specs: stepSpecs,
      estimates,
      limits,
      context: {
        now,
        turnoverUsedTodayBps: turnoverUsed,
        depegSince,
        capBrokenSince,
        ...(lastRebalanceAt === undefined ? {} : { lastRebalanceAt }),
        ...(idleWaitingSince === undefined ? {} : { idleWaitingSince }),
      },
      strategy,
      params,
      // The reward tokens' recent prices, so a claim-and-sell weighs their fall against gas.
      plannerOptions: doc.rewardTokens.length === 0 ? ctx.planner : { ...ctx.planner, rewardPriceRiskApy: rewardPriceRiskAt(market, s, doc) },
    });
    const reason = decision.plan.reason.replace(/\d{12,}/g, (d) => `${(Number(d) / 1e18).toFixed(4)}e18`);
    if (log[log.length - 1]?.reason !== reason) log.push({ step: s, kind: decision.plan.kind, reason });
    const before = valueBook(book, m, specs, doc);
    const bookBefore = book;
    let action: SeriesPoint['action'] = 'hold';
    let trades: Parameters<typeof checkStep>[0]['trades'] = [];
    let stepGasWei = 0n;
    const refused = decision.verdict.refused && Object.keys(decision.targets.weights).some((id) => (decision.targets.weights[id] ?? 0) !== (decision.current.weights[id] ?? 0));
    if (refused) refusals++;
    tally.add(s, findingsThatActed(decision.verdict.findings, decision.targets.weights, decision.current.weights), refused);
    if (decision.plan.kind !== 'hold') {
      const result = applyPlan(book, decision.plan, { specs: stepSpecs, market: m, priorityFeeWei, rewardTokenByAddress: ctx.rewardTokenByAddress });
      if (!result.ok) {
        reverts.push({ step: s, reason: result.reason });
        action = 'reverted';
      } else {
        book = result.book;
        trades = result.trades;
        gasWei += result.gasWei;
        stepGasWei = result.gasWei;
        feesWei += result.feesWei;
        for (const t of result.trades) {
          if (t.kind === 'sell' || t.kind === 'reward') slippageWei += t.fairWei > t.outWei ? t.fairWei - t.outWei : 0n;
          if (t.kind !== 'reward') movedWei += t.fairWei;
        }
        if (decision.plan.kind === 'rebalance') {
          rebalances++;
          lastRebalanceAt = now;
          turnoverUsed += decision.verdict.turnoverBps;
        } else compounds++;
        action = decision.plan.kind;
      }
    }
    const after = valueBook(book, m, specs, doc);
    breaches.push(...checkStep({ market: m, specs, limits, before, after, book, trades, gasWei: stepGasWei, bookBefore }, breachState));
    series.push(point(s, now, after, action));
    onStep?.(s - doc.warmupSteps + 1, market.length - doc.warmupSteps);
  }
  return { label, strategy: strategy.name, series, gasWei, feesWei, slippageWei, movedWei, rebalances, compounds, refusals, findings: tally.summary(), reverts, breaches, log };
}

function point(step: number, timestamp: number, v: ReturnType<typeof valueBook>, action: SeriesPoint['action']): SeriesPoint {
  const bps = (x: bigint): number => (v.totalWei <= 0n ? 0 : Number((x * BigInt(BPS)) / v.totalWei));
  const weights = Object.fromEntries(Object.entries(v.positionsWei).map(([id, w]) => [id, bps(w)]));
  const pendingBps = bps(v.pendingWei);
  const idleBps = BPS - pendingBps - Object.values(weights).reduce((a, b) => a + b, 0);
  return { step, timestamp, navEth: weiToNumber(v.navWei), weights, idleBps, pendingBps, action };
}

/** One protocol-rate sample per step per symbol (the keeper stores one per tick). */
function rateSamplesBySymbol(market: readonly MarketStep[], specs: readonly PositionSpec[]): Map<LrtSymbol, RateSample[]> {
  const out = new Map<LrtSymbol, RateSample[]>();
  for (const sym of new Set(specs.map((s) => s.symbol))) {
    out.set(sym, market.map((m) => ({ timestamp: m.timestamp, rateWad: m.lrt[sym]?.rateWad ?? 0n })));
  }
  return out;
}

/** Samples up to step `s` and no older than `from` (the history a keeper would hold then). */
function windowOf(all: readonly RateSample[], s: number, from: number): RateSample[] {
  let lo = s;
  while (lo > 0 && (all[lo - 1] as RateSample).timestamp >= from) lo--;
  return all.slice(lo, s + 1);
}
