/**
 * Trailing APY of an LRT from its protocol-rate history.
 *
 * The rate of a yield-bearing token grows roughly exponentially, so log(rate) is a line whose
 * slope is the continuous yield. We fit that line robustly (see robustLine), drop points whose
 * residual is beyond max(k·MAD, floor) or beyond the allowed rate jump, and refit by least
 * squares on the rest. A single bad read (a stale Kelp price, a manipulated view, a decimal
 * slip) is rejected instead of bending the estimate.
 */
import { perSecondToApy, wadToNumber } from '../domain/units.ts';
import type { RateSample } from '../domain/estimate.ts';
import { olsFit, median, robustLine } from './stats.ts';

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
}

export interface TrailingApy {
  readonly apy: number;
  /** Samples kept after rejection. */
  readonly samples: number;
  readonly rejected: number;
  readonly windowSeconds: number;
  readonly stale: boolean;
  /** Newest sample's deviation from the fitted line, bps (0 without a fit). */
  readonly lastJumpBps: number;
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

  const points = windowPoints(upToNow, opts.now - opts.windowSeconds);
  const base = { windowSeconds: opts.windowSeconds, stale };
  if (points.length < minSamples) {
    reasons.push(`${points.length} samples in ${opts.windowSeconds}s window, need ${minSamples}`);
    return { ...base, apy: 0, samples: points.length, rejected: 0, lastJumpBps: 0, ok: false, reasons };
  }

  const t0 = (points[0] as RateSample).timestamp;
  const xs = points.map((p) => p.timestamp - t0);
  const ys = points.map((p) => Math.log(wadToNumber(p.rateWad)));
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
  const rejected = points.length - keepX.length;
  if (rejected > 0) reasons.push(`rejected ${rejected} outlier sample(s) beyond ${(bound * 10_000).toFixed(2)} bps`);

  // With too few inliers least squares means nothing; the robust line still does.
  const fit = keepX.length >= 2 ? olsFit(keepX, keepY) : robust;
  const lastIdx = points.length - 1;
  const lastResidual = (ys[lastIdx] as number) - (fit.intercept + fit.slope * (xs[lastIdx] as number));
  return {
    ...base,
    apy: perSecondToApy(fit.slope),
    samples: keepX.length,
    rejected,
    lastJumpBps: Math.expm1(lastResidual) * 10_000,
    ok: true,
    reasons,
  };
}

/** Samples at or after `from`, sorted, one per timestamp (the first one seen wins). */
function windowPoints(samples: readonly RateSample[], from: number): RateSample[] {
  const seen = new Set<number>();
  const out: RateSample[] = [];
  for (const s of [...samples].sort((a, b) => a.timestamp - b.timestamp)) {
    if (s.timestamp < from || seen.has(s.timestamp)) continue;
    seen.add(s.timestamp);
    out.push(s);
  }
  return out;
}
