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
 * A move is large when it is beyond what the growth explains (the same bound as an outlier:
 * max(k robust sds, floor), never above the jump limit). A break is a short run of large moves
 * (one to MAX_RUN_POINTS consecutive ones) with normal moves on both sides: the point before
 * sat on the old trend and the point after confirms the new level. A run is one step delivered
 * in parts (a write-down booked over two oracle updates, −1 % then −1 %): each part alone has
 * a large move next to it and would not count, and the drop would be read as growth. A run
 * whose parts cancel (a single bad read: out and back) is no break and is left to outlier
 * rejection; so is the newest point alone (see below). A longer run is no step either: it is the rate's own trend moving faster than
 * its usual growth, which the trend fit follows.
 *
 * Two breaks in a row that cancel are an excursion: a level that came back (bad reads held for
 * a while, a write-down reversed days later). Its points are brought back onto the level like
 * a break's, since outlier rejection cannot take out a level held for days (a −2 % level held
 * three days of a 7-day window read from −86 % to +600 %). The newest point alone cannot tell
 * a break from a bad read: it stays an outlier until the next point agrees with it.
 *
 * Which breaks are one-off and which recur (rewards booked weekly, a loss every week) is
 * judged in step-pattern.ts.
 */
import { median } from './stats.ts';

/**
 * Longest run of consecutive large moves read as one step. A loss booked in parts arrives in
 * a few updates (a write-down delivered in two oracle updates, an estimate then its true-up):
 * three reads are 18 hours of a continuous rate read every 6 hours, three days of a daily
 * price. Growth that stays off its usual pace for more updates than that is a change of
 * trend, which the trend fit follows, not a step.
 */
export const MAX_RUN_POINTS = 3;

export interface LevelStep {
  /** x of the point the step moved. */
  readonly at: number;
  /** Log move beyond the growth over the gap into that point (negative: the rate fell). */
  readonly size: number;
}

export interface LevelBreak extends LevelStep {
  /** at: x of the first point at the new level (the last part's). size: the parts' sum. */
  readonly parts: readonly LevelStep[];
  /** A level that came back (its parts sum to about nothing): never growth. */
  readonly excursion: boolean;
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
 *   // [{ at: 3, size: -1, parts: [{ at: 3, size: -1 }], excursion: false }]
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
    if (!large(i) || large(i - 1)) continue;
    let last = i;
    while (last + 1 < n && large(last + 1)) last++;
    // A run that reaches the newest point is not confirmed yet: one point alone stays an
    // outlier until the next agrees with it, but two or more are taken off already, since
    // outlier rejection cannot take out two of the seven points a week of a daily price has
    // (−1 % on two daily updates read −66 % for a day). The next point confirms the run, ends
    // it as an excursion, or lengthens it into a trend, and the estimate follows.
    if (last === n - 1 && last === i) break;
    const parts: LevelStep[] = [];
    for (let j = i; j <= last; j++) parts.push({ at: xs[j] as number, size: moves[j] as number });
    const size = parts.reduce((sum, p) => sum + p.size, 0);
    if (parts.length <= MAX_RUN_POINTS && Math.abs(size) > limit) found.push({ at: xs[last] as number, size, parts, excursion: false });
    i = last;
  }
  // A level that comes back is one excursion, not two breaks.
  const breaks: LevelBreak[] = [];
  for (const b of found) {
    const prev = breaks[breaks.length - 1];
    if (prev !== undefined && !prev.excursion && Math.abs(prev.size + b.size) <= limit) {
      breaks[breaks.length - 1] = { at: b.at, size: prev.size + b.size, parts: [...prev.parts, ...b.parts], excursion: true };
    } else breaks.push(b);
  }
  return breaks;
}

/** ys with each break's parts taken off every point at or after them: one continuous series. */
export function withoutBreaks(xs: readonly number[], ys: readonly number[], breaks: readonly LevelBreak[]): number[] {
  return ys.map((y, i) => {
    let level = y;
    for (const b of breaks) for (const p of b.parts) if ((xs[i] as number) >= p.at) level -= p.size;
    return level;
  });
}
