/**
 * Level breaks in a log-rate series: one-off steps of the rate (a loss socialised across
 * holders and written off at once, a gain booked at once) that the rate then keeps.
 *
 * A break is not growth. Fitted as growth, a 2 % drop in a 7-day window reads as −80 %/yr
 * once the robust line's half-window pairs straddle it, and a split at the drop measures the
 * "new regime" as the drop plus two days of growth. Removing each break's size from the
 * points after it leaves one continuous series (the same growth with a separate level per
 * segment), which the trend fit, outlier rejection and change detection read as before.
 *
 * A break is a move between consecutive points beyond what the growth explains (the same
 * bound as an outlier: max(k robust sds, floor), never above the jump limit), with normal
 * moves on both sides: the point before sat on the old trend and the point after confirms
 * the new level. A single bad read makes two large moves in a row (out and back) and is left
 * to outlier rejection; so is a level that comes back (a bad read held for a few samples).
 * The newest point alone cannot tell a break from a bad read: it stays an outlier until the
 * next point agrees with it.
 *
 * Only a one-off step is taken off: steps of one sign that recur over the rate's history
 * (rewards paid into the rate weekly, a loss booked every week) are how the rate grows or
 * shrinks, and stay in the fit (see oneOffBreaks).
 */
import { median } from './stats.ts';

export interface LevelBreak {
  /** x of the first point at the new level. */
  readonly at: number;
  /** Log move beyond the growth over the gap (negative: the rate fell). */
  readonly size: number;
}

export interface LevelBreakBound {
  /** Moves under this (log) are never breaks. */
  readonly floor: number;
  /** Moves over k robust standard deviations of the moves are large. */
  readonly k: number;
  /** Moves over this (log) are always large (the jump limit). */
  readonly jump: number;
}

/**
 * Breaks judged on the whole series: give it the rate's longer history, where the spread of
 * its moves is measured on many more of them (a week of 6-hourly reads has 28, and a bound
 * set by so few takes a 3.5 σ read for a break).
 * @example levelBreaks([0, 1, 2, 3, 4], [0, 0.01, 0.02, -0.97, -0.96], { floor: 1e-4, k: 5, jump: Infinity })
 *   // [{ at: 3, size: -1 }]
 */
export function levelBreaks(xs: readonly number[], ys: readonly number[], bound: LevelBreakBound): LevelBreak[] {
  const n = xs.length;
  if (n < 4) return [];
  const rates: number[] = [];
  for (let i = 1; i < n; i++) {
    const dx = (xs[i] as number) - (xs[i - 1] as number);
    if (dx > 0) rates.push(((ys[i] as number) - (ys[i - 1] as number)) / dx);
  }
  const growth = rates.length > 0 ? median(rates) : 0;
  // moves[i]: the move into point i beyond the growth over its gap (moves[0] unused).
  const moves = [0];
  for (let i = 1; i < n; i++) moves.push((ys[i] as number) - (ys[i - 1] as number) - growth * ((xs[i] as number) - (xs[i - 1] as number)));
  const sigma = 1.4826 * median(moves.slice(1).map(Math.abs));
  const limit = Math.min(Math.max(bound.k * sigma, bound.floor), bound.jump);
  const large = (i: number): boolean => Math.abs(moves[i] as number) > limit;

  const found: LevelBreak[] = [];
  for (let i = 2; i < n - 1; i++) {
    if (large(i) && !large(i - 1) && !large(i + 1)) found.push({ at: xs[i] as number, size: moves[i] as number });
  }
  // A level that comes back is an excursion (bad reads held a while), not two breaks.
  const breaks: LevelBreak[] = [];
  for (const b of found) {
    const prev = breaks[breaks.length - 1];
    if (prev !== undefined && Math.abs(prev.size + b.size) <= limit) breaks.pop();
    else breaks.push(b);
  }
  return breaks;
}

/**
 * The breaks that are one-off: the only one of their sign in the series they were found in.
 * A 7-day window holds one weekly reward payment; 30 days of history show it recurs.
 * @example oneOffBreaks([{ at: 2, size: 2e-4 }, { at: 9, size: 2e-4 }, { at: 5, size: -0.02 }]) // [{ at: 5, size: -0.02 }]
 */
export function oneOffBreaks(breaks: readonly LevelBreak[]): LevelBreak[] {
  const ups = breaks.filter((b) => b.size > 0).length;
  const downs = breaks.filter((b) => b.size < 0).length;
  return breaks.filter((b) => (b.size > 0 ? ups : downs) <= 1);
}

/** ys with each break's size taken off every point at or after it: one continuous series. */
export function withoutBreaks(xs: readonly number[], ys: readonly number[], breaks: readonly LevelBreak[]): number[] {
  return ys.map((y, i) => {
    let level = y;
    for (const b of breaks) if ((xs[i] as number) >= b.at) level -= b.size;
    return level;
  });
}
