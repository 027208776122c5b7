/**
 * Small robust statistics for the estimators. Plain loops over numbers: the estimators run
 * for every position on every tick of a backtest.
 */

/** Median of a non-empty list (mean of the middle two for even lengths). NaN when empty. */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = scratchOf(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    // NaN has no place in an order; a typed array's sort puts it last, as before.
    if (v !== v) return sortedMedian(values);
    a[i] = v;
  }
  return medianInPlace(a, n);
}

/** Median of a[0..n) (no NaN), reordering them. */
function medianInPlace(a: Float64Array, n: number): number {
  const mid = n >> 1;
  select(a, n, mid);
  if (n % 2 === 1) return a[mid] as number;
  // After selection everything left of mid is <= a[mid]: the lower middle is their maximum.
  let lower = a[0] as number;
  for (let i = 1; i < mid; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + (a[mid] as number)) / 2;
}

function sortedMedian(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A buffer of at least n numbers, grown (doubled) when a call needs more and reused otherwise:
 * the estimators take thousands of medians a tick of a long backtest, and a fresh array each
 * would be garbage at once.
 */
function reusedBuffer(): (n: number) => Float64Array {
  let buffer = new Float64Array(1024);
  return (n) => {
    if (buffer.length < n) buffer = new Float64Array(Math.max(n, buffer.length * 2));
    return buffer;
  };
}
/** median's copy of its input. */
const scratchOf = reusedBuffer();
/** diffusionVariance's terms (it calls no median of the other buffer meanwhile, but keeps its own). */
const termsOf = reusedBuffer();

/**
 * Reorders a[0..n) so that a[k] is the k-th smallest, with none larger before it and none
 * smaller after it (Hoare's selection, median-of-three pivots): O(n) on average where a sort
 * is O(n log n), and the medians of the rate fits were a third of a long backtest.
 */
function select(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot, which also puts sentinels at lo and hi.
    if ((a[mid] as number) < (a[lo] as number)) swap(a, mid, lo);
    if ((a[hi] as number) < (a[lo] as number)) swap(a, hi, lo);
    if ((a[hi] as number) < (a[mid] as number)) swap(a, hi, mid);
    const pivot = a[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
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

/** Median of a χ² variable with one degree of freedom. */
const CHI2_1_MEDIAN = 0.4549;

/**
 * Variance per unit of x of the growth noise of a log-rate series (a random walk with drift:
 * increments d over Δ have variance σ²·Δ around the drift). Estimated from the differences of
 * successive growth rates r_i = d_i/Δ_i, Var(r_i − r_{i+1}) = σ²·(1/Δ_i + 1/Δ_{i+1}), by
 * their median, so a change of drift spoils one pair, not the estimate. Noise that holds for a while (a daily
 * yield read every few hours) looks quiet between neighbours, so the series is also thinned to
 * every 2nd, 4th, … point (while 4 such increments fit) and the largest variance is taken.
 * 0 with fewer than three points. Finite inputs only (log rates).
 * @example diffusionVariance([0, 1, 2, 3], [0, 1, 2, 3]) // 0
 */
export function diffusionVariance(xs: readonly number[], ys: readonly number[]): number {
  let worst = 0;
  const n = xs.length;
  for (let k = 1; k === 1 || (n - 1) / k >= 4; k *= 2) {
    const terms = termsOf(n);
    let count = 0;
    // Overlapping pairs of neighbouring k-step increments: many more terms than disjoint
    // blocks, so the estimate does not jump as the window slides.
    for (let i = 0; i + 2 * k < xs.length; i++) {
      const dt1 = (xs[i + k] as number) - (xs[i] as number);
      const dt2 = (xs[i + 2 * k] as number) - (xs[i + k] as number);
      if (!(dt1 > 0) || !(dt2 > 0)) continue;
      const diff = ((ys[i + 2 * k] as number) - (ys[i + k] as number)) / dt2 - ((ys[i + k] as number) - (ys[i] as number)) / dt1;
      terms[count++] = (diff * diff) / (1 / dt1 + 1 / dt2);
    }
    // The median of σ²·χ²₁ terms is σ²·0.455: robust to the one pair a change of drift spoils.
    if (count > 0) worst = Math.max(worst, medianInPlace(terms, count) / CHI2_1_MEDIAN);
    if (n < 3) break;
  }
  return worst;
}

/**
 * Standard error of a growth rate (per unit of x) estimated from points of log(rate), taking
 * the larger of two noise models so neither flatters the estimate: noise on the level (a rate
 * read with jitter: the least-squares slope's error √(RSS / (n − 2) / Sxx)) and noise on the
 * growth (a yield that wanders: √(σ² / span), σ² from diffusionVariance, by default of these
 * points; a longer series of the same rate judges its noise better). Infinity with fewer than
 * three points (no residual to judge the noise by).
 * @example growthStdErr([0, 1, 2, 3], [0, 1, 2, 3]) // 0
 */
export function growthStdErr(xs: readonly number[], ys: readonly number[], variance = diffusionVariance(xs, ys)): number {
  const n = xs.length;
  if (n < 3) return Number.POSITIVE_INFINITY;
  const fit = olsFit(xs, ys);
  let mx = 0;
  for (const x of xs) mx += x;
  mx /= n;
  let sxx = 0;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    const r = (ys[i] as number) - (fit.intercept + fit.slope * (xs[i] as number));
    rss += r * r;
  }
  const levelSe = sxx > 0 ? Math.sqrt(rss / (n - 2) / sxx) : Number.POSITIVE_INFINITY;
  const span = (xs[n - 1] as number) - (xs[0] as number);
  if (!(span > 0)) return levelSe;
  return Math.max(levelSe, Math.sqrt(variance / span));
}

/**
 * Most likely single change in the growth of a log-rate series, and how sure it is: for each
 * split, the drift before and after (growth over elapsed x) and a t statistic of their
 * difference against the growth noise σ² (diffusionVariance of the series). Splits leave at least
 * `minTail` points and `minTailSpan` of x from the split on. Returns the index of the point
 * where the new regime starts, or undefined when no split is allowed.
 * @example growthChange([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 3, 3], 3, 1) // { index: 3, t: Infinity, before: 1, after: 0 }
 */
export function growthChange(
  xs: readonly number[],
  ys: readonly number[],
  minTail: number,
  minTailSpan: number,
  variance = diffusionVariance(xs, ys),
): { index: number; t: number; before: number; after: number } | undefined {
  const n = xs.length;
  const last = n - 1;
  let best: { index: number; t: number; before: number; after: number } | undefined;
  for (let k = 2; k <= n - minTail + 1; k++) {
    const tailSpan = (xs[last] as number) - (xs[k - 1] as number);
    const headSpan = (xs[k - 1] as number) - (xs[0] as number);
    if (tailSpan < minTailSpan || !(headSpan > 0) || !(tailSpan > 0)) continue;
    const before = ((ys[k - 1] as number) - (ys[0] as number)) / headSpan;
    const after = ((ys[last] as number) - (ys[k - 1] as number)) / tailSpan;
    const se = Math.sqrt(variance * (1 / headSpan + 1 / tailSpan));
    const t = se > 0 ? Math.abs(after - before) / se : after === before ? 0 : Number.POSITIVE_INFINITY;
    if (best === undefined || t > best.t) best = { index: k - 1, t, before, after };
  }
  return best;
}
