/**
 * Trailing APY of an LRT from its protocol-rate history.
 *
 * The rate of a yield-bearing token grows roughly exponentially, so log(rate) is a line whose
 * slope is the continuous yield. We fit that line robustly (see robustLine), drop points whose
 * residual is beyond max(k·MAD, floor) or beyond the allowed rate jump, and refit by least
 * squares on the rest. A single bad read (a stale Kelp price, a manipulated view, a decimal
 * slip) is rejected instead of bending the estimate.
 *
 * Rates that update in steps (an oracle posting weekly, Kelp's price stored daily) are read
 * from the updates themselves: only the first sample of each distinct value is a point, so
 * growth is measured between updates over the time between them, never from per-block deltas
 * that are mostly zero. An update that is overdue (no new value for twice the usual gap) adds
 * the flat stretch back, so a rate that really stopped still reads as stopping.
 *
 * Every estimate carries a standard error (see growthStdErr), and a sustained change of trend
 * inside the window (growthChange) restricts the fit to the points after it: the estimate
 * follows a real shift within days instead of averaging it away over the whole window.
 *
 * A step of the level that the rate keeps (a socialised loss written off at once or over a few
 * reads, a level that came back) is a level break, not growth (see level-breaks.ts): its size
 * is taken off the points after it before any of the above, so the fit reads the growth on
 * either side of it. Steps of one sign that recur on a schedule (rewards paid into the rate
 * weekly, a loss booked every week) are taken off too and their own rate is added to the
 * fitted growth (step-pattern.ts): a 7-day fit holds one or none of them. Until a step's new
 * level has held minShiftSeconds the newest rate is still reported off its old trend
 * (lastJumpBps: the RATE_JUMP breaker freezes deposits).
 */
import { SECONDS_PER_YEAR, perSecondToApy, wadToNumber } from '../domain/units.ts';
import type { RateSample } from '../domain/estimate.ts';
import { diffusionVariance, growthChange, growthStdErr, olsFit, median, robustLine } from './stats.ts';
import { levelBreaks, withoutBreaks, type LevelBreak } from './level-breaks.ts';
import { judgeBreaks } from './step-pattern.ts';

/** t statistic a change of trend must reach: the best of many splits is tested, so well above 2. */
const CHANGE_T = 3.5;
/** Points (updates) the new regime needs after a change before the fit is cut to it. */
const CHANGE_MIN_POINTS = 4;
/** An update is overdue once the rate has not changed for this many usual gaps. */
const OVERDUE_GAPS = 2;
/** Default span a new regime (or a new level after a break) needs before it is trusted, seconds. */
const DEFAULT_MIN_SHIFT_SECONDS = 2 * 86_400;

export interface TrailingApyOptions {
  /** Unix seconds; samples after it are ignored. */
  readonly now: number;
  readonly windowSeconds: number;
  /** The newest sample older than this makes the estimate stale. */
  readonly staleAfterSeconds: number;
  /** Fewer samples than this in the window: no estimate (default 3). */
  readonly minSamples?: number;
  /** Residuals under this are never rejected, bps (default 1). */
  readonly outlierFloorBps?: number;
  /** Residuals over k robust standard deviations are rejected (default 5). */
  readonly madMultiple?: number;
  /** Residuals over this are always rejected, bps (RiskLimits.maxRateJumpBps). */
  readonly maxJumpBps?: number;
  /** Smallest change of trend that cuts the window, as an APY difference (default 0.005). */
  readonly minShiftApy?: number;
  /**
   * The newest regime must span at least this long before the window is cut to it (default 2
   * days: one day of an LRT's yield is one draw of its daily noise, two begin to be a trend).
   */
  readonly minShiftSeconds?: number;
  /**
   * History over which the rate's noise is judged, seconds (default: the window). The noise is
   * a property of the rate, and a week holds only seven independent daily moves: a longer
   * stretch keeps a quiet week from passing for a certain one.
   */
  readonly noiseWindowSeconds?: number;
}

export interface TrailingApy {
  readonly apy: number;
  /** Standard error of apy (Infinity without enough points to judge the noise). */
  readonly apyStdErr: number;
  /** Samples kept after rejection. */
  readonly samples: number;
  readonly rejected: number;
  readonly windowSeconds: number;
  readonly stale: boolean;
  /** Newest sample's deviation from the fitted line, bps (0 without a fit). */
  readonly lastJumpBps: number;
  /**
   * What the rate lost in one-off level breaks over the history the breaks are judged on (the
   * noise window), fraction: write-downs the protocol booked (a recurring loss is in apy instead).
   */
  readonly writtenDown: number;
  /** False when there were too few samples for an estimate. */
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

/**
 * @example
 *   trailingApy([{ timestamp: 0, rateWad: WAD }, …, { timestamp: 86400 * 7, rateWad: … }],
 *               { now: 86400 * 7, windowSeconds: 86400 * 7, staleAfterSeconds: 3600 })
 */
export function trailingApy(history: readonly RateSample[], opts: TrailingApyOptions): TrailingApy {
  const minSamples = Math.max(2, opts.minSamples ?? 3);
  const floor = (opts.outlierFloorBps ?? 1) / 10_000;
  const k = opts.madMultiple ?? 5;
  const jump = opts.maxJumpBps === undefined ? Number.POSITIVE_INFINITY : opts.maxJumpBps / 10_000;
  const reasons: string[] = [];

  const upToNow = history.filter((s) => s.timestamp <= opts.now && s.rateWad > 0n);
  const newest = upToNow.reduce((m, s) => Math.max(m, s.timestamp), Number.NEGATIVE_INFINITY);
  const stale = !Number.isFinite(newest) || opts.now - newest > opts.staleAfterSeconds;
  if (stale) reasons.push(Number.isFinite(newest) ? `newest rate is ${opts.now - newest}s old` : 'no rate samples');

  const inWindow = windowPoints(upToNow, opts.now - opts.windowSeconds);
  const { points, prints } = updatePoints(inWindow, Math.log1p(floor));
  if (prints > 0) reasons.push(`dropped ${prints} single read(s) off a rate their neighbours agree on`);
  const base = { windowSeconds: opts.windowSeconds, stale };
  if (points.length < minSamples) {
    const what = points.length < inWindow.length ? `${points.length} rate updates (${inWindow.length} samples)` : `${points.length} samples`;
    reasons.push(`${what} in ${opts.windowSeconds}s window, need ${minSamples}`);
    return { ...base, apy: 0, apyStdErr: Number.POSITIVE_INFINITY, samples: points.length, rejected: prints, lastJumpBps: 0, writtenDown: 0, ok: false, reasons };
  }
  if (points.length < inWindow.length) reasons.push(`rate updates in steps: ${points.length} distinct values in ${inWindow.length} samples`);
  const newestSample = inWindow[inWindow.length - 1] as RateSample;
  const minShiftSeconds = opts.minShiftSeconds ?? DEFAULT_MIN_SHIFT_SECONDS;

  const t0 = (points[0] as RateSample).timestamp;
  const xs = points.map((p) => p.timestamp - t0);
  // Breaks (and the rate's noise) are judged on the longer history when there is one.
  const longer = (opts.noiseWindowSeconds ?? 0) > opts.windowSeconds;
  const historyPoints = longer ? updatePoints(windowPoints(upToNow, opts.now - (opts.noiseWindowSeconds as number)), Math.log1p(floor)).points : points;
  const { breaks, historyBreaks, patternGrowth, writtenDown } = levelBreaksIn(historyPoints, { floor, k, jump }, t0, reasons);
  const ys = withoutBreaks(xs, points.map(logRate), breaks);
  const robust = robustLine(xs, ys);
  const residuals = ys.map((y, i) => y - (robust.intercept + robust.slope * (xs[i] as number)));
  const sigma = 1.4826 * median(residuals.map(Math.abs));
  const bound = Math.min(Math.max(k * sigma, floor), jump);

  const keepX: number[] = [];
  const keepY: number[] = [];
  residuals.forEach((r, i) => {
    if (Math.abs(r) <= bound) {
      keepX.push(xs[i] as number);
      keepY.push(ys[i] as number);
    }
  });
  const outliers = points.length - keepX.length;
  if (outliers > 0) reasons.push(`rejected ${outliers} outlier sample(s) beyond ${(bound * 10_000).toFixed(2)} bps`);
  const rejected = outliers + prints;

  overdueUpdate(keepX, keepY, xs[xs.length - 1] as number, newestSample.timestamp - t0, reasons);
  // The noise is a property of the rate: judged on the whole window (or the longer noise
  // window), even when the fit is cut.
  const variance = Math.max(diffusionVariance(keepX, keepY), longer ? noiseVariance(historyPoints, historyBreaks, t0) : 0);
  const recent = sinceTrendChange(keepX, keepY, variance, opts, reasons);
  const fx = keepX.slice(recent);
  const fy = keepY.slice(recent);
  // With too few inliers least squares means nothing; the robust line still does.
  const fit = fx.length >= 2 ? olsFit(fx, fy) : robust;
  const lastIdx = points.length - 1;
  const lastResidual = (ys[lastIdx] as number) - (fit.intercept + fit.slope * (xs[lastIdx] as number)) + recentBreaks(breaks, newestSample.timestamp - t0, minShiftSeconds);
  const apy = perSecondToApy(fit.slope + patternGrowth);
  return {
    ...base,
    apy,
    // Delta method: d(e^{s·year} − 1)/ds = year · (1 + apy).
    apyStdErr: growthStdErr(fx, fy, variance) * SECONDS_PER_YEAR * (1 + apy),
    samples: keepX.length,
    rejected,
    lastJumpBps: Math.expm1(lastResidual) * 10_000,
    writtenDown,
    ok: true,
    reasons,
  };
}

/**
 * The first sample of each distinct value: when the rate actually updated. The window's first
 * value began before the window (its update time is unknown), so it counts only when the rate
 * changes at every sample (a continuous rate, where every sample is an update).
 */
function updatePoints(samples: readonly RateSample[], toleranceLog: number): { points: RateSample[]; prints: number } {
  // A single read off a rate that is the same before and after it is a bad print, not two
  // updates (on a stepped series it would otherwise outnumber the real updates in the fit).
  // "The same" within the outlier floor: a rate that barely moves (wei rounding, a tiny yield)
  // differs by a wei between its neighbours, and the print must not survive on that.
  const ys = samples.map(logRate);
  const clean = samples.filter((s, i) => {
    const prev = samples[i - 1];
    const next = samples[i + 1];
    if (prev === undefined || next === undefined || s.rateWad === prev.rateWad) return true;
    if (prev.rateWad === next.rateWad) return false;
    const [yPrev, y, yNext] = [ys[i - 1] as number, ys[i] as number, ys[i + 1] as number];
    return !(Math.abs(yNext - yPrev) <= toleranceLog && Math.abs(y - yPrev) > toleranceLog && Math.abs(y - yNext) > toleranceLog);
  });
  const changes = clean.filter((s, i) => i > 0 && s.rateWad !== (clean[i - 1] as RateSample).rateWad);
  return { points: changes.length === clean.length - 1 ? [...clean] : changes, prints: samples.length - clean.length };
}

/**
 * When the newest value (updated at lastX) has stood for more than OVERDUE_GAPS usual gaps
 * between updates, the update that should have come by one gap ago did not: add that as a
 * point at the last kept value.
 */
function overdueUpdate(xs: number[], ys: number[], lastX: number, newestX: number, reasons: string[]): void {
  if (xs.length < 3) return;
  const gaps: number[] = [];
  for (let i = 1; i < xs.length; i++) gaps.push((xs[i] as number) - (xs[i - 1] as number));
  const gap = median(gaps);
  if (!(gap > 0) || newestX - lastX <= OVERDUE_GAPS * gap) return;
  xs.push(newestX - gap);
  ys.push(ys[ys.length - 1] as number);
  reasons.push(`no rate update for ${Math.round((newestX - lastX) / 3600)} h (usual gap ${Math.round(gap / 3600)} h): counted as flat since`);
}

/**
 * Log size of the breaks whose new level has held less than `minShiftSeconds` by newestX (x
 * from the window's first point, as the breaks' `at`): the newest rate is that far off the
 * trend it had, and a jump that recent is still a reason not to add to the position (as the
 * newest point alone was while it was an outlier).
 */
function recentBreaks(breaks: readonly LevelBreak[], newestX: number, minShiftSeconds: number): number {
  let size = 0;
  for (const b of breaks) if (newestX - b.at < minShiftSeconds) size += b.size;
  return size;
}

/**
 * The level breaks of a rate history that fall inside the fit window (x from its first point
 * at t0), all of them to be taken off the window's points (a break before the window moves no
 * level inside it), the growth the recurring ones add back (step-pattern.ts), and what the
 * one-off drops of the whole history took off the rate (its write-downs).
 */
function levelBreaksIn(
  history: readonly RateSample[],
  bound: { floor: number; k: number; jump: number },
  t0: number,
  reasons: string[],
): { breaks: readonly LevelBreak[]; historyBreaks: readonly LevelBreak[]; patternGrowth: number; writtenDown: number } {
  const xs = history.map((p) => p.timestamp - t0);
  const judged = judgeBreaks(levelBreaks(xs, history.map(logRate), bound), xs[xs.length - 1] ?? 0);
  for (const p of judged.patterns) {
    reasons.push(`${p.steps} ${p.sign > 0 ? 'upward' : 'downward'} steps of the level recur over the rate's history: ${(perSecondToApy(p.perX) * 100).toFixed(2)}%/yr of growth from them`);
  }
  const inWindow = (b: LevelBreak): boolean => b.at > 0;
  for (const b of judged.oneOff.filter(inWindow)) {
    const days = (x: number): string => `+${(x / 86_400).toFixed(2)} days`;
    if (b.excursion) reasons.push(`the level moved at ${days(b.parts[0]?.at ?? b.at)} and came back at ${days(b.at)} in the window: read as the level it came back to`);
    else reasons.push(`level break of ${(Math.expm1(b.size) * 10_000).toFixed(2)} bps${b.parts.length > 1 ? ` over ${b.parts.length} samples` : ''} at ${days(b.at)} in the window: a one-off move, not growth; fitted with the level reset`);
  }
  // One-off drops of the whole history (not excursions, which came back): the losses booked.
  const kept = judged.oneOff.filter((b) => !b.excursion && b.size < 0).reduce((sum, b) => sum + b.size, 0);
  return { breaks: judged.breaks.filter(inWindow), historyBreaks: judged.breaks, patternGrowth: judged.patternGrowth, writtenDown: -Math.expm1(kept) };
}

/**
 * Growth noise of the points of the noise window, with its level breaks taken off (x from t0,
 * as the breaks' `at`). Left in, a step is noise to the thinned increments (every 32nd point's
 * spans it in half of them): two write-downs a week apart read ±151 %, weekly rewards of 2 bps
 * ±2.1 % on a 4.4 % yield, and the strategy took the LRT for pure noise.
 */
function noiseVariance(points: readonly RateSample[], breaks: readonly LevelBreak[], t0: number): number {
  if (points.length < 3) return 0;
  const xs = points.map((p) => p.timestamp - t0);
  return diffusionVariance(xs, withoutBreaks(xs, points.map(logRate), breaks));
}

/** Index of the first point to fit: after a sustained change of trend, only the new regime. */
function sinceTrendChange(xs: readonly number[], ys: readonly number[], variance: number, opts: TrailingApyOptions, reasons: string[]): number {
  const minShift = Math.log1p(opts.minShiftApy ?? 0.005) / SECONDS_PER_YEAR;
  const change = growthChange(xs, ys, CHANGE_MIN_POINTS, opts.minShiftSeconds ?? DEFAULT_MIN_SHIFT_SECONDS, variance);
  if (change === undefined || change.t < CHANGE_T || Math.abs(change.after - change.before) < minShift) return 0;
  const since = (xs[xs.length - 1] as number) - (xs[change.index] as number);
  reasons.push(
    `trend changed ${(since / 86_400).toFixed(1)} days ago (${(perSecondToApy(change.before) * 100).toFixed(2)}% → ${(perSecondToApy(change.after) * 100).toFixed(2)}%, t ${change.t.toFixed(1)}): fit from there`,
  );
  return change.index;
}

/**
 * log(rate) of a sample, computed once per sample object: every tick re-reads the same
 * history (the noise window is weeks long), and the bigint conversion dominates otherwise.
 */
const logRates = new WeakMap<RateSample, number>();
function logRate(sample: RateSample): number {
  let y = logRates.get(sample);
  if (y === undefined) {
    y = Math.log(wadToNumber(sample.rateWad));
    logRates.set(sample, y);
  }
  return y;
}

/** Samples at or after `from`, sorted, one per timestamp (the first one seen wins). */
function windowPoints(samples: readonly RateSample[], from: number): RateSample[] {
  // A history is usually in time order already (the keeper's store, a backtest's market):
  // then the window is a tail found by bisection, and a repeated timestamp is its neighbour's.
  const sorted = samples.every((s, i) => i === 0 || (samples[i - 1] as RateSample).timestamp <= s.timestamp);
  if (!sorted) return firstPerTimestamp([...samples].sort((a, b) => a.timestamp - b.timestamp), 0, from);
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((samples[mid] as RateSample).timestamp < from) lo = mid + 1;
    else hi = mid;
  }
  return firstPerTimestamp(samples, lo, from);
}

function firstPerTimestamp(sorted: readonly RateSample[], start: number, from: number): RateSample[] {
  const out: RateSample[] = [];
  for (let i = start; i < sorted.length; i++) {
    const s = sorted[i] as RateSample;
    if (s.timestamp < from) continue;
    if (out.length > 0 && (out[out.length - 1] as RateSample).timestamp === s.timestamp) continue;
    out.push(s);
  }
  return out;
}
