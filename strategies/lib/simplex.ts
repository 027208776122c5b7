/**
 * A small dense simplex over exact rationals with Bland's rule.
 *
 * Solves: maximise c·x subject to A·x <= b, x >= 0, with b >= 0 (so the origin is feasible
 * and no phase one is needed). That is the shape of every allocation problem here: weights
 * are non-negative and every risk limit is an upper bound on a sum of weights. Bland's rule
 * (lowest index enters, lowest basic index leaves on ties) cannot cycle, and exact arithmetic
 * makes the answer the true optimum, not an approximation of it.
 */
import { NonRetryableError } from '../../src/domain/errors.ts';
import { ZERO, add, div, lt, mul, rat, sign, sub, type Rational } from './rational.ts';

export interface LinearProgram {
  /** c: one integer coefficient per variable. */
  readonly objective: readonly bigint[];
  /** Rows of A with their bound b (>= 0). */
  readonly rows: readonly { readonly coeffs: readonly bigint[]; readonly bound: bigint }[];
}

export interface LpSolution {
  readonly x: readonly Rational[];
  readonly value: Rational;
  readonly pivots: number;
}

/**
 * @example
 *   // max 3x + 2y, x + y <= 4, x <= 3  →  x = 3, y = 1, value 11
 *   solveLp({ objective: [3n, 2n], rows: [{ coeffs: [1n, 1n], bound: 4n }, { coeffs: [1n, 0n], bound: 3n }] })
 */
export function solveLp(lp: LinearProgram): LpSolution {
  const n = lp.objective.length;
  const m = lp.rows.length;
  const width = n + m + 1;
  const t: Rational[][] = lp.rows.map((row, i) => {
    if (row.coeffs.length !== n) throw new NonRetryableError('LP row has the wrong width', { details: [`row: ${i}`] });
    if (row.bound < 0n) throw new NonRetryableError('LP bound is negative', { details: [`row: ${i}`, `bound: ${row.bound}`] });
    const r: Rational[] = new Array<Rational>(width).fill(ZERO);
    row.coeffs.forEach((c, j) => (r[j] = rat(c)));
    r[n + i] = rat(1n);
    r[width - 1] = rat(row.bound);
    return r;
  });
  // Objective row holds −c: a negative entry is a column that still improves the value.
  const z: Rational[] = new Array<Rational>(width).fill(ZERO);
  lp.objective.forEach((c, j) => (z[j] = rat(-c)));
  const basis = Array.from({ length: m }, (_, i) => n + i);

  let pivots = 0;
  const maxPivots = 10_000;
  for (;;) {
    const enter = z.findIndex((v, j) => j < width - 1 && sign(v) < 0);
    if (enter < 0) break;
    let leave = -1;
    let best: Rational | undefined;
    for (let i = 0; i < m; i++) {
      const row = t[i] as Rational[];
      const a = row[enter] as Rational;
      if (sign(a) <= 0) continue;
      const ratio = div(row[width - 1] as Rational, a);
      if (best === undefined || lt(ratio, best) || (!lt(best, ratio) && (basis[i] as number) < (basis[leave] as number))) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) throw new NonRetryableError('LP is unbounded', { details: [`column: ${enter}`] });
    pivot(t, z, leave, enter);
    basis[leave] = enter;
    if (++pivots > maxPivots) throw new NonRetryableError('LP did not converge', { details: [`pivots: ${pivots}`] });
  }

  const x: Rational[] = new Array<Rational>(n).fill(ZERO);
  basis.forEach((v, i) => {
    if (v < n) x[v] = (t[i] as Rational[])[width - 1] as Rational;
  });
  return { x, value: z[width - 1] as Rational, pivots };
}

function pivot(t: Rational[][], z: Rational[], r: number, c: number): void {
  const row = t[r] as Rational[];
  const p = row[c] as Rational;
  for (let j = 0; j < row.length; j++) row[j] = div(row[j] as Rational, p);
  const eliminate = (other: Rational[]): void => {
    const f = other[c] as Rational;
    if (sign(f) === 0) return;
    for (let j = 0; j < other.length; j++) {
      const v = row[j] as Rational;
      if (sign(v) !== 0) other[j] = sub(other[j] as Rational, mul(f, v));
    }
  };
  t.forEach((other, i) => {
    if (i !== r) eliminate(other);
  });
  eliminate(z);
}

/** Σ c_j·x_j for a candidate x, exact. */
export function objectiveValue(objective: readonly bigint[], x: readonly Rational[]): Rational {
  return objective.reduce<Rational>((s, c, j) => add(s, mul(rat(c), x[j] ?? ZERO)), ZERO);
}
