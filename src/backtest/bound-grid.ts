/**
 * The allocations the upper bound may choose from: every weight a multiple of the grid step
 * (or exactly a position's own cap), every cap group satisfied, plus "fill" points where one
 * position takes all the room the caps leave (so the corners an LP optimum sits on are
 * reachable even when caps are not multiples of the grid step). A vault delegates to one
 * operator at a time, so no allocation restakes through two.
 *
 * Caps are the limits themselves, not `capMarginBps` inside them: the risk engine plans new
 * moves inside by the margin but keeps a group already held between the margin and its cap
 * where it is, so the margin is the strategy's choice, not a limit a bound must obey.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { PositionSpec } from '../domain/types.ts';
import { capGroups } from '../risk/cap-groups.ts';

/** Allocations as bps per position, in spec order. */
export type Grid = readonly (readonly number[])[];

/** @example allocationGrid(specs, limits, 1000).length // a few hundred for four positions */
export function allocationGrid(specs: readonly PositionSpec[], limits: RiskLimits, stepBps: number): Grid;
/** Undefined as soon as the grid would have more than `maxPoints` allocations (without enumerating them all). */
export function allocationGrid(specs: readonly PositionSpec[], limits: RiskLimits, stepBps: number, maxPoints: number): Grid | undefined;
export function allocationGrid(specs: readonly PositionSpec[], limits: RiskLimits, stepBps: number, maxPoints = Number.POSITIVE_INFINITY): Grid | undefined {
  const groups = capGroups(specs, limits, 0);
  const ownCap = specs.map((s) => Math.min(...groups.filter((g) => g.members.includes(s.id)).map((g) => g.capBps)));
  const choices = ownCap.map((cap) => {
    const c: number[] = [];
    for (let w = 0; w <= cap; w += stepBps) c.push(w);
    if (c[c.length - 1] !== cap) c.push(cap);
    return c;
  });
  const seen = new Set<string>();
  const out: number[][] = [];
  const { fits, rows } = allocationRules(specs, limits);
  const push = (w: number[]): void => {
    const key = w.join(',');
    if (seen.has(key) || !fits(w)) return;
    seen.add(key);
    out.push(w);
  };
  const walk = (i: number, acc: number[]): void => {
    if (i === specs.length) return push([...acc]);
    for (const w of choices[i] as number[]) {
      if (out.length > maxPoints) return;
      acc.push(w);
      if (fits(acc)) walk(i + 1, acc);
      acc.pop();
    }
  };
  walk(0, []);
  if (out.length > maxPoints) return undefined;
  for (const w of [...out]) {
    for (let j = 0; j < specs.length; j++) {
      const room = Math.min(...rows.filter((r) => r.members.includes(j)).map((r) => r.cap - r.members.reduce((s, i) => s + (i === j ? 0 : (w[i] ?? 0)), 0)));
      push(w.map((x, i) => (i === j ? Math.max(0, room) : x)));
    }
  }
  return out;
}

/**
 * Allocations halfway from the start to the grid allocations it cannot reach in two daily moves
 * through the grid: one day's turnover does not span them, nor do they lie within a day of a
 * grid point the start reaches. A start off the grid (say six positions at 1,500 bps on a
 * 1,000 bps grid) can be more than a day's turnover from every grid point: without these the
 * search could never leave it, and the bound was hold's path. Through a halfway point the search
 * reaches them in two daily moves, each within the turnover limit, as a policy would.
 * @param dayBps the turnover a day allows (limits.maxTurnoverPerDayBps), as weight distance.
 * @example startBridges([[2000, 2000]], specs, limits, [500, 500], 2500) // [[1250, 1250]]
 */
export function startBridges(grid: Grid, specs: readonly PositionSpec[], limits: RiskLimits, start: readonly number[], dayBps: number): Grid {
  const { fits } = allocationRules(specs, limits);
  const distance = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + Math.abs(x - (b[i] ?? 0)), 0);
  const firstMoves = grid.filter((w) => distance(w, start) <= dayBps);
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const w of grid) {
    const d = distance(w, start);
    if (d <= dayBps || d > 2 * dayBps || firstMoves.some((n) => distance(n, w) <= dayBps)) continue;
    const mid = w.map((x, i) => Math.floor((x + (start[i] ?? 0)) / 2));
    const key = mid.join(',');
    if (seen.has(key) || !fits(mid)) continue;
    seen.add(key);
    out.push(mid);
  }
  return out;
}

/**
 * The allocations `points` (the start, its bridges, the grid) become when the positions in a
 * forced exit's `mask` are left and nothing else moves: what the risk engine's forced-only plan
 * holds after a depeg exit. A start off the grid would otherwise reach a grid point without the
 * position only by also trading the rest past what a day allows, and the bound found no exit.
 * Only allocations not among `points` and within every cap are returned.
 * @example forcedExitPoints([[3800, 2600]], [[true, false]], specs, limits) // [[0, 2600]]
 */
export function forcedExitPoints(points: Grid, masks: readonly (readonly boolean[])[], specs: readonly PositionSpec[], limits: RiskLimits): Grid {
  const { fits } = allocationRules(specs, limits);
  const seen = new Set(points.map((w) => w.join(',')));
  const out: number[][] = [];
  for (const mask of masks) {
    for (const w of points) {
      if (!w.some((x, i) => x > 0 && mask[i] === true)) continue;
      const left = w.map((x, i) => (mask[i] === true ? 0 : x));
      const key = left.join(',');
      if (seen.has(key) || !fits(left)) continue;
      seen.add(key);
      out.push(left);
    }
  }
  return out;
}

/** Whether an allocation keeps every cap group and restakes through one operator at most. */
function allocationRules(specs: readonly PositionSpec[], limits: RiskLimits): { fits: (w: readonly number[]) => boolean; rows: { members: number[]; cap: number }[] } {
  const index = new Map(specs.map((s, i) => [s.id, i]));
  const rows = capGroups(specs, limits, 0).map((g) => ({ members: g.members.map((id) => index.get(id) as number), cap: g.capBps }));
  // A vault is delegated to one operator at a time: no allocation restakes through two.
  const operators = specs.map((s) => s.eigen?.operator.toLowerCase());
  const oneOperator = (w: readonly number[]): boolean => new Set(operators.filter((o, i) => o !== undefined && (w[i] ?? 0) > 0)).size <= 1;
  const fits = (w: readonly number[]): boolean => oneOperator(w) && rows.every((r) => r.members.reduce((s, i) => s + (w[i] ?? 0), 0) <= r.cap);
  return { fits, rows };
}
