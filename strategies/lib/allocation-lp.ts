/**
 * The allocation LP: maximise Σ w_i·score_i under the cap groups, solved exactly.
 *
 * Scores are converted to integers at 1e-12 precision (far below any yield difference that
 * matters); the LP is then solved over exact rationals and each weight floored to whole bps,
 * which keeps every cap satisfied (all constraints are upper bounds on sums of weights).
 */
import type { CapGroup } from '../../src/risk/cap-groups.ts';
import type { PositionId } from '../../src/domain/types.ts';
import { floorRat, toNumber } from './rational.ts';
import { solveLp } from './simplex.ts';

const SCORE_SCALE = 1e12;

export interface AllocationLpResult {
  /** Whole bps per candidate (floored LP optimum). */
  readonly weights: Record<PositionId, number>;
  /** Exact LP optimum before flooring, as Σ w·score with w in bps. */
  readonly lpValue: number;
  /** Groups whose cap binds at the solution, per position. */
  readonly binding: Record<PositionId, string[]>;
}

/**
 * @param candidates positions with a positive score (others should get nothing anyway).
 * @example solveAllocation([{ id: 'a', score: 0.03 }], [{ code: 'CAP_POSITION', key: 'a', members: ['a'], capBps: 4000 }])
 *          // { weights: { a: 4000 }, … }
 */
export function solveAllocation(candidates: readonly { id: PositionId; score: number }[], groups: readonly CapGroup[]): AllocationLpResult {
  const vars = candidates.filter((c) => Math.round(c.score * SCORE_SCALE) > 0);
  const index = new Map(vars.map((v, i) => [v.id, i]));
  const rows = groups
    .map((g) => {
      const coeffs = vars.map(() => 0n);
      for (const id of g.members) {
        const i = index.get(id);
        if (i !== undefined) coeffs[i] = 1n;
      }
      return { coeffs, bound: BigInt(g.capBps), group: g };
    })
    .filter((r) => r.coeffs.some((c) => c !== 0n));
  const weights: Record<PositionId, number> = {};
  const binding: Record<PositionId, string[]> = {};
  if (vars.length === 0) return { weights, lpValue: 0, binding };

  const objective = vars.map((v) => BigInt(Math.round(v.score * SCORE_SCALE)));
  const solution = solveLp({ objective, rows });
  vars.forEach((v, i) => {
    const w = solution.x[i];
    weights[v.id] = w === undefined ? 0 : Number(floorRat(w));
  });
  for (const r of rows) {
    const sum = r.group.members.reduce((s, id) => s + (weights[id] ?? 0), 0);
    if (sum !== r.group.capBps) continue;
    for (const id of r.group.members) {
      if ((weights[id] ?? 0) > 0) (binding[id] ??= []).push(`${r.group.code}:${r.group.key}`);
    }
  }
  return { weights, lpValue: toNumber(solution.value) / SCORE_SCALE, binding };
}
