/**
 * Small robust statistics for the estimators. Plain loops over numbers: the estimators run
 * for every position on every tick of a backtest.
 */

/** Median of a non-empty list (mean of the middle two for even lengths). NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Ordinary least-squares slope and intercept of y on x; slope 0 when x does not vary. */
export function olsFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * A robust line through (x, y): slope = median of slopes between points half the series
 * apart, intercept = median of y − slope·x. A few outliers each spoil at most two of those
 * slopes, and a rate that moves in steps (oracle updates) still shows its trend because each
 * pair spans half the window. O(n log n).
 */
export function robustLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  if (n < 2) return { slope: 0, intercept: n === 1 ? (ys[0] as number) : 0 };
  const lag = Math.max(1, n >> 1);
  const slopes: number[] = [];
  for (let i = 0; i + lag < n; i++) {
    const dx = (xs[i + lag] as number) - (xs[i] as number);
    if (dx > 0) slopes.push(((ys[i + lag] as number) - (ys[i] as number)) / dx);
  }
  const slope = slopes.length > 0 ? median(slopes) : 0;
  const intercept = median(ys.map((y, i) => y - slope * (xs[i] as number)));
  return { slope, intercept };
}
