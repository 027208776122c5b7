import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationIndex, neighbourLists, upperBound } from '../../../src/backtest/bound.ts';
import { allocationGrid, forcedExitPoints, startBridges } from '../../../src/backtest/bound-grid.ts';
import { buildMarket } from '../../../src/backtest/market.ts';
import type { ReplayContext } from '../../../src/backtest/replay.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import { scenarioSpecs } from '../../../src/backtest/specs.ts';
import { DEFAULT_ESTIMATOR_OPTIONS } from '../../../src/yield/estimate.ts';
import { TINY_LIMITS, tinyScenario } from './fixtures.ts';

async function tinyContext(): Promise<ReplayContext> {
  const raw = tinyScenario();
  // a earns 10 %/yr for two days then nothing; b nothing then 300 %/yr: switching pays once.
  raw.series = {
    rows: [
      { step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.apyBps': 1000, 'ezETH.rate': 1, 'ezETH.apyBps': 0 },
      { step: 2, 'weETH.apyBps': 1000, 'ezETH.apyBps': 0 },
      { step: 3, 'weETH.apyBps': 0, 'ezETH.apyBps': 30_000 },
    ],
  };
  const scenario = await parseScenario(raw);
  const { specs, rewardTokenByAddress } = scenarioSpecs(scenario.doc);
  return { doc: scenario.doc, market: buildMarket(scenario), specs, rewardTokenByAddress, limits: TINY_LIMITS, estimator: DEFAULT_ESTIMATOR_OPTIONS, planner: { dustWei: 0n, priorityFeeWei: 0n }, rateFits: new Map() };
}

/** Every sequence of decisions (stay, or move to a grid point) simulated directly. */
function bruteForce(ctx: ReplayContext, grid: readonly (readonly number[])[]): number {
  const rates = ctx.market.map((m) => [m.lrt.weETH?.rate ?? 1, m.lrt.ezETH?.rate ?? 1]);
  const last = ctx.market.length - 1;
  let best = 0;
  const walk = (k: number, h: number[], idle: number, current: readonly number[] | null): void => {
    if (k === last) {
      best = Math.max(best, h[0]! + h[1]! + idle);
      return;
    }
    const options: (readonly number[] | null)[] = [null, ...grid.filter((g) => current === null || g.join() !== current.join())];
    for (const target of options) {
      let hh = [...h];
      let cash = idle;
      if (target !== null) {
        // Targets are shares of the value after costs (the bound's policy class): solve for it.
        const V = h[0]! + h[1]! + idle;
        let after = V;
        for (let round = 0; round < 6; round++) {
          let gas = 21_000;
          let fee = 0;
          for (let i = 0; i < 2; i++) {
            const d = (target[i]! / 10_000) * after - h[i]!;
            if (Math.abs(d) < 1e-3) continue;
            if (d < 0) {
              fee += -d * 0.003;
              gas += 220_000;
            } else gas += 200_000;
          }
          after = V - fee - gas * 10e-9;
        }
        // The daily turnover limit (10 000 bps here) applies to the bound too.
        const turnover = [0, 1].reduce((t, i) => t + Math.abs((target[i]! / 10_000) * after - h[i]!), 0);
        if (turnover / V > 1.0001) continue;
        hh = [0, 1].map((i) => (target[i]! / 10_000) * after);
        cash = after * (1 - (target[0]! + target[1]!) / 10_000);
      }
      hh = hh.map((x, i) => (x * rates[k + 1]![i]!) / rates[k]![i]!);
      walk(k + 1, hh, cash, target ?? current);
    }
  };
  walk(0, [50, 0], 50, [5000, 0]);
  return best;
}

describe('upper bound', () => {
  it('enumerates the grid with cap-filling corners', () => {
    const specs = [{ id: 'x' }, { id: 'y' }].map((s) => ({ ...s, symbol: 'weETH' as const, protocol: 'etherfi' as const, token: '0x0000000000000000000000000000000000000001' as const, exits: {}, riskTier: 1 as const }));
    const grid = allocationGrid(specs, { ...TINY_LIMITS, maxWeightPerPositionBps: 3500, maxWeightPerProtocolBps: 10_000, minIdleBps: 500 }, 2000);
    expect(grid.map((g) => g.join('/')).sort()).toEqual(
      ['0/0', '0/2000', '0/3500', '2000/0', '2000/2000', '2000/3500', '3500/0', '3500/2000', '3500/3500'].sort(),
    );
  });

  it('equals a brute force over every decision sequence on a tiny case', async () => {
    const ctx = await tinyContext();
    // Wide enough a beam that nothing is pruned: then the search is exhaustive for its grid.
    const bound = upperBound(ctx, { gridStepBps: 5000, epochSteps: 1, keepPerAllocation: 1000 });
    expect(bound.discretisation.approximate).toBe(false);
    const grid = allocationGrid(ctx.specs, ctx.limits, 5000);
    const brute = bruteForce(ctx, grid);
    expect(bound.navEndEth).toBeCloseTo(brute, 9);
    // The optimum switches into b when it starts paying: at step 2, ahead of the 300 % days.
    expect(bound.path.some((p) => (p.weights.b ?? 0) === 10_000)).toBe(true);
    expect(bound.navEndEth).toBeGreaterThan(100);
    expect(bound.discretisation.text).toContain('grid 5000 bps');
  });

  it('never beats holding when nothing pays for its costs', async () => {
    const ctx = await tinyContext();
    const flat = { ...ctx, market: ctx.market.map((m) => ({ ...m, lrt: { weETH: { ...m.lrt.weETH!, rate: 1 }, ezETH: { ...m.lrt.ezETH!, rate: 1 } } })) };
    const bound = upperBound(flat, { gridStepBps: 5000, epochSteps: 1 });
    expect(bound.navEndEth).toBe(100);
    expect(bound.path).toEqual([]);
  });
});

describe('a start off the grid', () => {
  const specs = [{ id: 'x' }, { id: 'y' }].map((s) => ({ ...s, symbol: 'weETH' as const, protocol: 'etherfi' as const, token: '0x0000000000000000000000000000000000000001' as const, exits: {}, riskTier: 1 as const }));
  const grid = allocationGrid(specs, TINY_LIMITS, 5000);

  it('gets halfway points to the grid points two days reach and the grid does not', () => {
    // [2500, 2500] is 5000 bps from 0/0, 5000/0, 0/5000 and 5000/5000: no day of 2500 reaches one.
    expect(startBridges(grid, specs, TINY_LIMITS, [2500, 2500], 2500).map((w) => w.join('/')).sort()).toEqual(['1250/1250', '1250/3750', '3750/1250', '3750/3750']);
    // [1000, 0] reaches 0/0 in a day; 5000/0 (4000 away) is two days off and a day from no grid
    // point it reaches; 0/5000 (6000) is more than two days off.
    expect(startBridges(grid, specs, TINY_LIMITS, [1000, 0], 2500)).toEqual([[3000, 0]]);
  });

  it('lets the bound leave a start no day reaches the grid from', async () => {
    const raw = tinyScenario();
    raw.initial.weights = { a: 2500, b: 2500 };
    // b pays 300 %/yr from the second day: worth two days of moves to hold it whole.
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.apyBps': 0, 'ezETH.rate': 1, 'ezETH.apyBps': 30_000 }] };
    const scenario = await parseScenario(raw);
    const { specs: s, rewardTokenByAddress } = scenarioSpecs(scenario.doc);
    const limits = { ...TINY_LIMITS, maxTurnoverPerDayBps: 2500 };
    const ctx: ReplayContext = { doc: scenario.doc, market: buildMarket(scenario), specs: s, rewardTokenByAddress, limits, estimator: DEFAULT_ESTIMATOR_OPTIONS, planner: { dustWei: 0n, priorityFeeWei: 0n }, rateFits: new Map() };
    const bound = upperBound(ctx, { gridStepBps: 5000, epochSteps: 1 });
    // Through 1250/3750 (or 3750/3750) into a grid point holding b at 5000 bps or more.
    expect(bound.path.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...bound.path.map((p) => p.weights.b ?? 0))).toBeGreaterThanOrEqual(5000);
  });
});

describe('allocations after a forced exit', () => {
  const specs = [{ id: 'x' }, { id: 'y' }, { id: 'z' }].map((s) => ({ ...s, symbol: 'weETH' as const, protocol: 'etherfi' as const, token: '0x0000000000000000000000000000000000000001' as const, exits: {}, riskTier: 1 as const }));

  it('adds what a start off the grid holds once the forced position is left, and nothing else moves', () => {
    // 3800/2600/1200 without x is 0/2600/1200: off a 1000 bps grid, and more than a day's
    // 2500 bps of turnover from any grid point without x that keeps the cash to pay the queue.
    expect(forcedExitPoints([[3800, 2600, 1200]], [[true, false, false]], specs, TINY_LIMITS)).toEqual([[0, 2600, 1200]]);
    // Two sets of forced positions: one allocation each; a point holding none of them adds nothing.
    expect(forcedExitPoints([[3800, 2600, 1200], [0, 0, 5000]], [[true, false, false], [true, true, false]], specs, TINY_LIMITS)).toEqual([[0, 2600, 1200], [0, 0, 1200]]);
  });

  it('adds no allocation already among the points, and none that breaks a cap', () => {
    expect(forcedExitPoints([[3000, 2000, 0], [0, 2000, 0]], [[true, false, false]], specs, TINY_LIMITS)).toEqual([]);
    const capped = { ...TINY_LIMITS, maxWeightPerPositionBps: 2_000 };
    expect(forcedExitPoints([[3800, 2600, 1200]], [[true, false, false]], specs, capped)).toEqual([]);
  });
});

describe('neighbour lists of the bound grid', () => {
  it('lists the allocations within the reach (L1 bps), the start reaching its forced repair further', () => {
    const grid = [[0, 0], [1000, 0], [3000, 0], [1000, 1000]];
    // Reach 2500: [0,0]–[1000,0] is 1000, [0,0]–[1000,1000] 2000, [0,0]–[3000,0] 3000.
    expect(neighbourLists(grid, [0, 0], 2500, 0)).toEqual([[1, 3], [0, 2, 3], [1], [0, 1], [0, 1, 3]]);
    // A start 1000 bps further out of reach: [4000, 0] reaches [3000, 0] only with 500 bps extra.
    expect(neighbourLists(grid, [4000, 0], 500, 500).at(-1)).toEqual([2]);
    expect(neighbourLists(grid, [4000, 0], 500, 0).at(-1)).toEqual([]);
  });

  it('finds exactly the pairs a comparison of every pair finds, in index order', () => {
    const everyPair = (grid: number[][], start: number[], reach: number, extra: number): number[][] =>
      [...grid, start].map((w, a) => {
        const limit = a === grid.length ? reach + extra : reach;
        return grid.flatMap((v, j) => (j !== a && v.reduce((d, x, i) => d + Math.abs(x - (w[i] as number)), 0) <= limit ? [j] : []));
      });
    const weight = fc.oneof(fc.integer({ min: 0, max: 10 }).map((x) => x * 1_000), fc.integer({ min: 0, max: 10_000 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((dims) =>
          fc.record({
            grid: fc.array(fc.array(weight, { minLength: dims, maxLength: dims }), { minLength: 1, maxLength: 60 }),
            start: fc.array(weight, { minLength: dims, maxLength: dims }),
            reach: fc.integer({ min: 0, max: 6_000 }),
            extra: fc.integer({ min: 0, max: 3_000 }),
          }),
        ),
        ({ grid, start, reach, extra }) => {
          expect(neighbourLists(grid, start, reach, extra)).toEqual(everyPair(grid, start, reach, extra));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('leaves out allocations holding a position a forced exit zeroes, as comparing each would', () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 4 }).map((x) => x * 1_000), fc.integer({ min: 0, max: 4_000 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((dims) =>
          fc.record({
            grid: fc.array(fc.array(weight, { minLength: dims, maxLength: dims }), { minLength: 1, maxLength: 60 }),
            from: fc.array(weight, { minLength: dims, maxLength: dims }),
            zeroed: fc.array(fc.boolean(), { minLength: dims, maxLength: dims }),
            limit: fc.integer({ min: 0, max: 6_000 }),
          }),
        ),
        ({ grid, from, zeroed, limit }) => {
          const expected = grid.flatMap((t, j) => {
            let d = 0;
            for (let i = 0; i < t.length; i++) d += zeroed[i] === true ? ((t[i] as number) > 0 ? Number.POSITIVE_INFINITY : 0) : Math.abs((t[i] as number) - (from[i] as number));
            return d <= limit ? [j] : [];
          });
          expect(allocationIndex(grid)(from, limit, zeroed)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
