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
  const index = new Map(specs.map((s, i) => [s.id, i]));
  const rows = groups.map((g) => ({ members: g.members.map((id) => index.get(id) as number), cap: g.capBps }));
  const ownCap = specs.map((s) => Math.min(...groups.filter((g) => g.members.includes(s.id)).map((g) => g.capBps)));
  const choices = ownCap.map((cap) => {
    const c: number[] = [];
    for (let w = 0; w <= cap; w += stepBps) c.push(w);
    if (c[c.length - 1] !== cap) c.push(cap);
    return c;
  });
  const seen = new Set<string>();
  const out: number[][] = [];
  // A vault is delegated to one operator at a time: no allocation restakes through two.
  const operators = specs.map((s) => s.eigen?.operator.toLowerCase());
  const oneOperator = (w: readonly number[]): boolean => new Set(operators.filter((o, i) => o !== undefined && (w[i] ?? 0) > 0)).size <= 1;
  const fits = (w: readonly number[]): boolean => oneOperator(w) && rows.every((r) => r.members.reduce((s, i) => s + (w[i] ?? 0), 0) <= r.cap);
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

/** Number of grid points for a step, to pick the finest grid the DP can afford. */
export function gridSize(specs: readonly PositionSpec[], limits: RiskLimits, stepBps: number): number {
  return allocationGrid(specs, limits, stepBps).length;
}
