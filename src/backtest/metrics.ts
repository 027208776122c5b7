/**
 * The figures a fund manager compares runs by: net APY, regret to the upper bound, turnover,
 * gas, worst drawdown and breaches. Computed from a run's value series, so the strategy, the
 * baselines and the bound are measured the same way.
 */
import { SECONDS_PER_YEAR, weiToNumber } from '../domain/units.ts';

export interface RunMetrics {
  readonly label: string;
  readonly strategy: string;
  /** Compounded yearly rate from the start value to the end value. */
  readonly netApy: number;
  /** (bound APY − this APY) / |bound APY|; negative when a run beat the discretised bound. */
  readonly regret: number | null;
  /** Bound APY − this APY, in percentage points. */
  readonly gapPp: number;
  /** Value moved (sold, queued, bought) over the average value. */
  readonly turnover: number;
  readonly gasEth: number;
  /** Largest fall from a previous peak, fraction of the peak. */
  readonly maxDrawdown: number;
  readonly breaches: number;
  /** Bundles the execution model reverted (a min-out missed, a route closed): a planner bug. */
  readonly reverts: number;
  readonly rebalances: number;
  readonly navStartEth: number;
  readonly navEndEth: number;
}

/** APY from a start and end value over `seconds` (0 when undefined). @example apyOf(100, 101, 31536000) // 0.01 */
export function apyOf(startEth: number, endEth: number, seconds: number): number {
  if (startEth <= 0 || endEth <= 0 || seconds <= 0) return 0;
  return Math.pow(endEth / startEth, SECONDS_PER_YEAR / seconds) - 1;
}

/** Worst peak-to-trough fall of a value series, as a fraction. @example maxDrawdown([100, 90, 120, 60]) // 0.5 */
export function maxDrawdown(values: readonly number[]): number {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  for (const v of values) {
    peak = Math.max(peak, v);
    if (peak > 0) worst = Math.max(worst, (peak - v) / peak);
  }
  return worst;
}

/**
 * Largest regret to the bound that passes issue 10's acceptance rule, as a fraction of the
 * bound's net APY. The one constant every check of the rule reads (the run's own summary, the
 * acceptance table, the report).
 */
export const MAX_REGRET = 0.03;
/** Absolute APY difference treated as a tie (float noise of equal paths). */
export const TIE_APY = 1e-6;

/** The lowest net APY within MAX_REGRET of the bound's. @example regretFloor(0.04) // 0.0388 */
export function regretFloor(boundApy: number): number {
  return boundApy - MAX_REGRET * Math.abs(boundApy);
}

/**
 * The gap to the bound in percentage points of APY. Shown next to the regret ratio because
 * the ratio explodes when the bound's APY is near zero (0.3 pp short of a −0.08 % bound is a
 * regret of 400 %), while the gap says how much was really left.
 * @example gapToBoundPp(0.02044, 0.02060) // 0.016
 */
export function gapToBoundPp(apy: number, boundApy: number): number {
  return (boundApy - apy) * 100;
}

/** Regret of an APY to the bound's, as a fraction of the bound. */
export function regretOf(apy: number, boundApy: number): number | null {
  if (boundApy === 0) return null;
  return (boundApy - apy) / Math.abs(boundApy);
}

export interface MetricInput {
  readonly label: string;
  readonly strategy: string;
  readonly navStartEth: number;
  readonly values: readonly number[];
  readonly seconds: number;
  readonly movedWei: bigint;
  readonly gasWei: bigint;
  readonly breaches: number;
  readonly reverts: number;
  readonly rebalances: number;
  readonly boundApy: number;
}

/** The metrics of one run. */
export function runMetrics(input: MetricInput): RunMetrics {
  const end = input.values[input.values.length - 1] ?? input.navStartEth;
  const avg = input.values.length > 0 ? input.values.reduce((a, b) => a + b, 0) / input.values.length : input.navStartEth;
  const netApy = apyOf(input.navStartEth, end, input.seconds);
  return {
    label: input.label,
    strategy: input.strategy,
    netApy,
    regret: regretOf(netApy, input.boundApy),
    gapPp: gapToBoundPp(netApy, input.boundApy),
    turnover: avg > 0 ? weiToNumber(input.movedWei) / avg : 0,
    gasEth: weiToNumber(input.gasWei),
    maxDrawdown: maxDrawdown([input.navStartEth, ...input.values]),
    breaches: input.breaches,
    reverts: input.reverts,
    rebalances: input.rebalances,
    navStartEth: input.navStartEth,
    navEndEth: end,
  };
}
