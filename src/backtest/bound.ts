/**
 * The perfect-foresight upper bound: the best final value any policy could reach knowing the
 * whole scenario in advance, under the same costs and limits, found by dynamic programming.
 *
 * Discretisation (reported with the result, so the bound is honest about what it is):
 * - decisions once per epoch (default one UTC day of steps), between them the book drifts;
 * - allocations on a grid (weights multiples of `gridStepBps`, or a position's own cap, or one
 *   position filling the room the caps leave), every cap group and the idle buffer satisfied;
 * - a move sets the allocation as shares of the value after its costs, so state = (allocation,
 *   epoch it was chosen at) fixes the composition and two paths to a state differ only in scale:
 *   keeping the largest value per state is exact (the final value grows with that scale).
 * Costs as in the replay: gas from the planner's gas table at the epoch's base fee plus tip,
 * DEX sales on the step's reserves with the pool fee, instant-exit fees; per-swap and
 * per-rebalance slippage limits, the daily turnover limit, the base-fee limit and the deposit
 * freezes (depeg, slashed operator) apply. Optimistic on purpose (so it stays an upper bound):
 * queued exits (protocol queues, EigenLayer's delay) pay out at once at the protocol rate (an
 * EigenLayer exit still loses what slashings during its delay take), and
 * AVS rewards compound in place with no claim gas, delegated or not.
 */
import type { PositionSpec } from '../domain/types.ts';
import { SECONDS_PER_DAY, weiToNumber } from '../domain/units.ts';
import { GAS } from '../plan/gas.ts';
import { allocationGrid, type Grid } from './bound-grid.ts';
import { buildBoundModel } from './bound-model.ts';
import type { MarketStep } from './market.ts';
import type { ReplayContext } from './replay.ts';

export interface BoundOptions {
  /** Grid step in bps; default: the finest of 250…5000 whose DP fits `maxTransitions`. */
  readonly gridStepBps?: number;
  readonly maxTransitions?: number;
  /** Steps per decision epoch; default one day. */
  readonly epochSteps?: number;
}

export interface BoundResult {
  readonly navStartEth: number;
  readonly navEndEth: number;
  readonly discretisation: { readonly gridStepBps: number; readonly states: number; readonly epochSeconds: number; readonly epochs: number; readonly text: string };
  /** The optimal path's rebalances: step and weights (bps, spec order ids). */
  readonly path: readonly { step: number; weights: Record<string, number> }[];
  readonly series: readonly { step: number; timestamp: number; navEth: number }[];
  readonly gasEth: number;
  readonly movedEth: number;
}

interface Entry {
  readonly s: number;
  readonly k0: number;
  /** Position scale: holdings = w_i/1e4 · P · growth since k0. */
  readonly P: number;
  readonly I: number;
  readonly parent: number;
  readonly gas: number;
  readonly moved: number;
}

/** @example upperBound(ctx).navEndEth >= replay(ctx, …).series.at(-1).navEth (up to the grid) */
export function upperBound(ctx: ReplayContext, opts: BoundOptions = {}): BoundResult {
  const { doc, market, specs, limits } = ctx;
  const model = buildBoundModel(doc, market, specs, limits);
  const epochSteps = opts.epochSteps ?? Math.max(1, Math.round(SECONDS_PER_DAY / doc.stepSeconds));
  const epochCount = Math.ceil((market.length - 1 - doc.warmupSteps) / epochSteps);
  const init = specs.map((s) => doc.initial.weights[s.id] ?? 0);
  const slack = 500;
  const build = (g: number): { grid: Grid; neighbours: number[][] } => {
    const grid = allocationGrid(specs, limits, g);
    const neighbours = [...grid, init].map((w) => grid.map((_, j) => j).filter((j) => dist(w, grid[j] as readonly number[]) <= limits.maxTurnoverPerDayBps + slack && (grid[j] as readonly number[]).join() !== w.join()));
    return { grid, neighbours };
  };
  // The work grows with states × moves per state × epochs²/2 (state = allocation and epoch):
  // take the finest grid that fits the budget, so a backtest stays a matter of seconds.
  const budget = opts.maxTransitions ?? 4_000_000;
  let chosen: { step: number; grid: Grid; neighbours: number[][] } | undefined;
  for (const g of opts.gridStepBps === undefined ? [250, 500, 1000, 2000, 2500, 5000] : [opts.gridStepBps]) {
    if (opts.gridStepBps === undefined && allocationGrid(specs, limits, g).length > 2_000) continue;
    const b = build(g);
    const moves = b.neighbours.reduce((a, n) => a + n.length, 0);
    chosen = { step: g, ...b };
    if (opts.gridStepBps !== undefined || (moves * epochCount * epochCount) / 2 <= budget) break;
  }
  const { step, grid, neighbours } = chosen as { step: number; grid: Grid; neighbours: number[][] };
  const weights: (readonly number[])[] = [...grid, init];
  const initIndex = grid.length;

  const first = doc.warmupSteps;
  const last = market.length - 1;
  const start = (market[first] as MarketStep);
  const total = doc.initial.totalEth;
  const invested = init.reduce((a, b) => a + b, 0) / 10_000;
  const entries: Entry[] = [{ s: initIndex, k0: first, P: total, I: total * (1 - invested), parent: -1, gas: 0, moved: 0 }];
  const prio = doc.priorityFeeGwei;
  let epochs = 0;
  for (let k = first; k < last; k += epochSteps) {
    epochs++;
    const m = market[k] as MarketStep;
    if (m.baseFeeGwei > limits.maxBaseFeeGwei) continue;
    const best = new Map<number, Entry>();
    const live = entries.length;
    for (let e = 0; e < live; e++) {
      const from = entries[e] as Entry;
      for (const j of neighbours[from.s] as number[]) {
        const next = transition(from, e, j, k, m);
        if (next === undefined) continue;
        const cur = best.get(j);
        if (cur === undefined || next.P > cur.P) best.set(j, next);
      }
    }
    entries.push(...best.values());
  }

  let bestIndex = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  entries.forEach((e, i) => {
    const v = valueAt(e, last, true);
    if (v > bestValue) {
      bestValue = v;
      bestIndex = i;
    }
  });
  const chain: Entry[] = [];
  for (let i = bestIndex; i >= 0; i = (entries[i] as Entry).parent) chain.unshift(entries[i] as Entry);
  const series: { step: number; timestamp: number; navEth: number }[] = [];
  let c = 0;
  for (let t = first; t <= last; t++) {
    while (c + 1 < chain.length && (chain[c + 1] as Entry).k0 <= t) c++;
    series.push({ step: t, timestamp: (market[t] as MarketStep).timestamp, navEth: valueAt(chain[c] as Entry, t, true) });
  }
  const tail = chain[chain.length - 1] as Entry;
  const days = ((market[last] as MarketStep).timestamp - start.timestamp) / SECONDS_PER_DAY;
  return {
    navStartEth: valueAt(chain[0] as Entry, first, true),
    navEndEth: bestValue,
    discretisation: {
      gridStepBps: step,
      states: grid.length,
      epochSeconds: epochSteps * doc.stepSeconds,
      epochs,
      text: `grid ${step} bps (${grid.length} allocations incl. cap-filling corners), one decision per ${(epochSteps * doc.stepSeconds) / 3600} h (${epochs} epochs over ${days.toFixed(1)} days); queued exits paid at once and AVS rewards compounded free (optimistic)`,
    },
    path: chain.slice(1).map((e) => ({ step: e.k0, weights: Object.fromEntries(specs.map((s, i) => [s.id, (weights[e.s] as readonly number[])[i] ?? 0])) })),
    series,
    gasEth: tail.gas,
    movedEth: tail.moved,
  };

  function valueAt(e: Entry, t: number, marked: boolean): number {
    const w = weights[e.s] as readonly number[];
    let v = e.I;
    for (let i = 0; i < w.length; i++) {
      const wi = w[i] as number;
      if (wi === 0) continue;
      const g = Math.exp((model.cumLog[i]?.[t] ?? 0) - (model.cumLog[i]?.[e.k0] ?? 0));
      v += (wi / 10_000) * e.P * g * (marked ? (model.mark[i]?.[t] ?? 1) : 1);
    }
    return v;
  }

  function transition(from: Entry, fromIndex: number, to: number, k: number, m: MarketStep): Entry | undefined {
    const w = weights[from.s] as readonly number[];
    const target = grid[to] as readonly number[];
    const V = valueAt(from, k, false);
    const held = specs.map((_, i) => ((w[i] as number) / 10_000) * from.P * Math.exp((model.cumLog[i]?.[k] ?? 0) - (model.cumLog[i]?.[from.k0] ?? 0)));
    // Targets are shares of the value after costs, so the composition after a move is exactly
    // the grid point and two paths to the same state differ only in scale. The costs depend on
    // the targets; the fixed point is reached in a few rounds (costs are a small fraction).
    let after = V;
    let result: { cost: number; gas: number; moved: number; ok: boolean } | undefined;
    for (let round = 0; round < 6; round++) {
      result = costs(held, target, after, V, k, m);
      after = V - result.cost;
    }
    if (result === undefined || !result.ok || after <= 0) return undefined;
    return { s: to, k0: k, P: after, I: after * (1 - sum(target) / 10_000), parent: fromIndex, gas: from.gas + result.gas, moved: from.moved + result.moved };
  }

  /** Loss + gas of moving `held` to `target` shares of `after`; ok false when a limit forbids it. */
  function costs(held: readonly number[], target: readonly number[], after: number, V: number, k: number, m: MarketStep): { cost: number; gas: number; moved: number; ok: boolean } {
    let gasUnits = GAS.bundleOverhead;
    let loss = 0;
    let routeLoss = 0;
    let moved = 0;
    let ok = true;
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i] as PositionSpec;
      const d = ((target[i] as number) / 10_000) * after - (held[i] as number);
      if (Math.abs(d) < 1e-3) continue;
      moved += Math.abs(d);
      if (d > 0) {
        if (model.canBuy[i]?.[k] === 0) ok = false;
        gasUnits += GAS['deposit-lrt'] + (spec.eigen ? GAS['eigen-deposit'] : 0);
        continue;
      }
      const sale = saleProceeds(spec, -d, m, ctx.limits.maxSlippageBpsPerSwap);
      if (sale === undefined) {
        ok = false;
        continue;
      }
      routeLoss += -d - sale.out;
      loss += -d - sale.out + sale.out * (1 - (model.exitKeep[i]?.[k] ?? 1));
      gasUnits += spec.eigen ? GAS['eigen-queue-withdrawal'] + GAS['complete-withdrawal'] : GAS.withdraw;
    }
    if ((moved / V) * 10_000 > limits.maxTurnoverPerDayBps + 1) ok = false;
    if ((routeLoss / V) * 10_000 > limits.maxSlippageBpsPerRebalance) ok = false;
    const gas = gasUnits * (m.baseFeeGwei + prio) * 1e-9;
    return { cost: loss + gas, gas, moved, ok };
  }
}

/** Best allowed exit for `valueEth` of a position: DEX within the per-swap limit, instant, or queue (paid at once). */
function saleProceeds(spec: PositionSpec, valueEth: number, m: MarketStep, maxSwapBps: number): { out: number } | undefined {
  const lrt = m.lrt[spec.symbol];
  if (lrt === undefined) return undefined;
  if (spec.eigen !== undefined || (spec.exits.queued !== undefined && lrt.withdrawalsPaused !== true)) return { out: valueEth };
  let best: number | undefined;
  if (spec.exits.dex && lrt.dex) {
    const x = valueEth / lrt.rate;
    const f = 1 - spec.exits.dex.feeBps / 10_000;
    const rt = weiToNumber(lrt.dex.token);
    const rw = weiToNumber(lrt.dex.weth);
    const out = (x * f * rw) / (rt + x * f);
    if (((valueEth - out) / valueEth) * 10_000 <= maxSwapBps) best = out;
  }
  if (spec.exits.instant && (lrt.instantLiquidityWei === undefined || weiToNumber(lrt.instantLiquidityWei) >= valueEth)) {
    const out = valueEth * (1 - spec.exits.instant.feeBps / 10_000);
    if (spec.exits.instant.feeBps <= maxSwapBps && (best === undefined || out > best)) best = out;
  }
  return best === undefined ? undefined : { out: best };
}

function dist(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return d;
}

function sum(w: readonly number[]): number {
  return w.reduce((a, b) => a + b, 0);
}
