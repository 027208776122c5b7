import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { objectiveValue, solveLp } from '../../../strategies/lib/simplex.ts';
import { floorRat, rat, toNumber } from '../../../strategies/lib/rational.ts';

describe('solveLp', () => {
  it('solves a textbook instance exactly', () => {
    const s = solveLp({ objective: [3n, 2n], rows: [{ coeffs: [1n, 1n], bound: 4n }, { coeffs: [1n, 0n], bound: 3n }] });
    expect(s.x).toEqual([rat(3n), rat(1n)]);
    expect(s.value).toEqual(rat(11n));
  });

  it('returns fractional optima exactly', () => {
    // max x + y, 2x + y <= 3, x + 2y <= 3 → x = y = 1 (integral); with 2x+y<=2: x=1/3, y=4/3.
    const s = solveLp({ objective: [1n, 1n], rows: [{ coeffs: [2n, 1n], bound: 2n }, { coeffs: [1n, 2n], bound: 3n }] });
    expect(s.x).toEqual([rat(1n, 3n), rat(4n, 3n)]);
    expect(floorRat(rat(4n, 3n))).toBe(1n);
  });

  it('terminates on degenerate instances (Bland)', () => {
    const s = solveLp({
      objective: [10n, -57n, -9n, -24n],
      rows: [
        { coeffs: [1n, -11n, -5n, 18n], bound: 0n },
        { coeffs: [1n, -3n, -1n, 2n], bound: 0n },
        { coeffs: [1n, 0n, 0n, 0n], bound: 1n },
      ],
    });
    expect(toNumber(s.value)).toBe(1);
  });

  it('property: matches brute-force vertex enumeration on small instances', () => {
    const instance = fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        objective: fc.array(fc.integer({ min: -5, max: 20 }), { minLength: n, maxLength: n }),
        rows: fc.array(
          fc.record({ coeffs: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), bound: fc.integer({ min: 0, max: 30 }) }),
          { minLength: 0, maxLength: 4 },
        ),
        caps: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(instance, ({ objective, rows, caps }) => {
        const n = objective.length;
        const allRows = [
          ...rows,
          ...caps.map((cap, i) => ({ coeffs: Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)), bound: cap })),
        ];
        const lp = { objective: objective.map(BigInt), rows: allRows.map((r) => ({ coeffs: r.coeffs.map(BigInt), bound: BigInt(r.bound) })) };
        const solution = solveLp(lp);
        // Feasible …
        for (const r of allRows) {
          const lhs = r.coeffs.reduce((s, c, j) => s + c * toNumber(solution.x[j] ?? rat(0n)), 0);
          if (lhs > r.bound + 1e-9) return false;
        }
        if (solution.x.some((v) => toNumber(v) < 0)) return false;
        // … and as good as the best vertex.
        const best = bruteForce(objective, allRows);
        return Math.abs(toNumber(objectiveValue(lp.objective, solution.x)) - best) < 1e-9 && Math.abs(toNumber(solution.value) - best) < 1e-9;
      }),
      { numRuns: 300 },
    );
  });
});

/** Best objective over all vertices: every choice of n tight constraints (rows or x_j = 0). */
function bruteForce(objective: number[], rows: { coeffs: number[]; bound: number }[]): number {
  const n = objective.length;
  const planes = [
    ...rows.map((r) => ({ a: r.coeffs, b: r.bound })),
    ...objective.map((_, j) => ({ a: Array.from({ length: n }, (_, k) => (k === j ? 1 : 0)), b: 0 })),
  ];
  let best = Number.NEGATIVE_INFINITY;
  const choose = (start: number, picked: number[]): void => {
    if (picked.length === n) {
      const x = solve(picked.map((i) => planes[i]!.a), picked.map((i) => planes[i]!.b));
      if (x === undefined) return;
      if (x.some((v) => v < -1e-9)) return;
      if (rows.some((r) => r.coeffs.reduce((s, c, j) => s + c * x[j]!, 0) > r.bound + 1e-9)) return;
      best = Math.max(best, objective.reduce((s, c, j) => s + c * x[j]!, 0));
      return;
    }
    for (let i = start; i < planes.length; i++) choose(i + 1, [...picked, i]);
  };
  choose(0, []);
  return best;
}

/** Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return undefined;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
