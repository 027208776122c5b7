/**
 * The bound is a feasible policy under the replay's model: queued exits wait their delay,
 * caps hold from the first step, rewards are worth what their pool pays, it is never below a
 * baseline, and long runs keep a 1000 bps grid.
 */
import { describe, expect, it } from 'vitest';
import { upperBound } from '../../../src/backtest/bound.ts';
import { buildMarket } from '../../../src/backtest/market.ts';
import type { ReplayContext, RunResult } from '../../../src/backtest/replay.ts';
import { atLeastKnownPaths } from '../../../src/backtest/run.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import type { ScenarioInput } from '../../../src/backtest/scenario-schema.ts';
import { scenarioSpecs } from '../../../src/backtest/specs.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';
import { DEFAULT_ESTIMATOR_OPTIONS } from '../../../src/yield/estimate.ts';
import { TINY_LIMITS, tinyScenario } from './fixtures.ts';

async function context(raw: ScenarioInput, limits: RiskLimits = TINY_LIMITS): Promise<ReplayContext> {
  const scenario = await parseScenario(raw);
  const { specs, rewardTokenByAddress } = scenarioSpecs(scenario.doc);
  return { doc: scenario.doc, market: buildMarket(scenario), specs, rewardTokenByAddress, limits, estimator: DEFAULT_ESTIMATOR_OPTIONS, planner: { dustWei: 0n, priorityFeeWei: 0n }, rateFits: new Map() };
}

describe('feasible bound', () => {
  it('pays a queued exit only after its delay: the cash reaches the better position on day 3, not day 0', async () => {
    const raw = tinyScenario();
    // a leaves only through a 2-day queue and earns nothing; b gains 0.01 ETH of rate a day.
    raw.positions[0] = { id: 'a', symbol: 'weETH', riskTier: 1, exits: { queued: { delaySeconds: 2 * 86_400 } } };
    raw.initial = { totalEth: 100, weights: { a: 9_000 } };
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1 }, { step: 5, 'ezETH.rate': 1.05 }] };
    const bound = upperBound(await context(raw), { gridStepBps: 1000, epochSteps: 1 });
    // Day 0: queue a (21k + 220k withdraw + 250k completion gas at 10 gwei); the 90 ETH is paid
    // on day 3 (2 days after the request, the first step strictly later); then all into b
    // (21k + 200k gas) for its growth from 1.03 to 1.05.
    const day0Gas = 491_000 * 10e-9;
    const day3Gas = 221_000 * 10e-9;
    expect(bound.path.map((p) => [p.step, p.weights.a, p.weights.b])).toEqual([
      [0, 0, 0],
      [3, 0, 10_000],
    ]);
    expect(bound.navEndEth).toBeCloseTo(((100 - day0Gas - day3Gas) * 1.05) / 1.03, 6);
    // Paid at once (the old bound) it would have earned b's whole 5 % instead.
    expect(bound.navEndEth).toBeLessThan(102);
    expect(bound.discretisation.approximate).toBe(true);
  });

  it('a queue paused on the day its delay ends pays the day it reopens', async () => {
    const raw = tinyScenario();
    raw.steps = 7;
    raw.positions[0] = { id: 'a', symbol: 'weETH', riskTier: 1, exits: { queued: { delaySeconds: 2 * 86_400 } } };
    raw.initial = { totalEth: 100, weights: { a: 9_000 } };
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1 }, { step: 6, 'ezETH.rate': 1.06 }] };
    raw.events = [{ step: 3, kind: 'withdrawal-pause', symbol: 'weETH', durationSteps: 2 }];
    const bound = upperBound(await context(raw), { gridStepBps: 1000, epochSteps: 1 });
    // Without the pause the cash would be paid on day 3 (previous test); any request on days
    // 0-2 is paid on day 5, and only then can b be bought.
    expect(bound.path.length).toBe(2);
    expect(bound.path[0]?.step).toBeLessThanOrEqual(2);
    expect(bound.path[1]).toEqual({ step: 5, weights: { a: 0, b: 10_000 } });
  });

  it('keeps the idle minimum free while exits are pending: locked claims are not idle cash', async () => {
    const raw = tinyScenario();
    raw.positions[0] = { id: 'a', symbol: 'weETH', riskTier: 1, exits: { queued: { delaySeconds: 2 * 86_400 } } };
    raw.initial = { totalEth: 100, weights: { a: 7_000 } };
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1 }, { step: 5, 'ezETH.rate': 1.05 }] };
    const bound = upperBound(await context(raw, { ...TINY_LIMITS, minIdleBps: 1_000 }), { gridStepBps: 1000, epochSteps: 1 });
    // Day 0: 70 ETH queued; of the 30 ETH idle at most 20 may buy b, 10 % of the vault staying
    // free (the risk engine counts pending exits outside the idle buffer). Buying 20 % of b, as
    // the old bound did, left 10 ETH less gas: under the minimum.
    expect(bound.path[0]).toEqual({ step: 0, weights: { a: 0, b: 1_000 } });
    // (Day 1 may top b up to 20 %: b's growth lifted the vault, so 10 % is free above the claim.)
    expect(bound.path.at(-1)).toEqual({ step: 3, weights: { a: 0, b: 9_000 } });
  });

  it('enters a liquid LRT through its pool when that pays more than a mint, as the planner does', async () => {
    const raw = tinyScenario();
    raw.positions[1] = { id: 'b', symbol: 'ezETH', riskTier: 1, exits: { dex: { feeBps: 5 } } };
    raw.initial = { totalEth: 100, weights: {} };
    // ezETH 150 bps under its rate on a 1,000,000 ETH pool, back at par by day 5.
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1, 'ezETH.dexDiscountBps': 150, 'ezETH.dexLiquidityEth': 1_000_000 }, { step: 5, 'ezETH.dexDiscountBps': 0 }] };
    const bound = upperBound(await context(raw), { gridStepBps: 5000, epochSteps: 1 });
    // Day 0: 100 ETH (less 221k gas at 10 gwei) buys 100 · 0.9995 / 0.985 ≈ 101.47 ETH of ezETH
    // at its rate. Minting only (the old bound), buying gained nothing and ended below 100.
    expect(bound.path[0]).toEqual({ step: 0, weights: { a: 0, b: 10_000 } });
    const paid = (100 - 0.00221) * 0.9995;
    expect(bound.navEndEth).toBeCloseTo((paid * (1_000_000 / 0.985)) / (1_000_000 + paid), 3);
  });

  it('repairs a starting allocation that breaks a cap at the first step, whatever it costs', async () => {
    const raw = tinyScenario();
    raw.initial = { totalEth: 100, weights: { a: 6_000 } };
    const bound = upperBound(await context(raw, { ...TINY_LIMITS, maxWeightPerPositionBps: 5_000 }), { gridStepBps: 1000, epochSteps: 1 });
    expect(bound.path[0]?.step).toBe(0);
    expect(bound.path[0]?.weights.a).toBeLessThanOrEqual(5_000);
    // Flat rates: the repair only costs (the old bound kept the 6000 bps start and ended at 100).
    expect(bound.navEndEth).toBeLessThan(100);
  });

  it('values AVS rewards at what their pool pays: a 0.01 ETH pool caps 0.137 ETH of accrued rewards', async () => {
    const raw = tinyScenario();
    raw.positions = [{ id: 'r', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 30 } }, restaked: { operator: 'op' } }];
    raw.initial = { totalEth: 100, weights: { r: 10_000 } };
    (raw as Record<string, unknown>).operators = [{ name: 'op', avs: ['da'] }];
    (raw as Record<string, unknown>).avs = [{ name: 'da', rewardToken: 'TOK' }];
    (raw as Record<string, unknown>).rewardTokens = [{ symbol: 'TOK' }];
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.dexLiquidityEth': 10_000, 'da.aprBps': 1_000, 'TOK.priceEth': 0.001, 'TOK.liquidityEth': 0.01 }] };
    const bound = upperBound(await context(raw), { gridStepBps: 5000, epochSteps: 1 });
    // 10 % a year on 100 ETH for 5 days is 0.137 ETH at the token's price; the pool holds 0.01 ETH.
    expect(bound.navEndEth).toBeGreaterThan(100);
    expect(bound.navEndEth).toBeLessThan(100.01);
  });

  it('restakes a liquid LRT in place for its restaked position: gas only, no DEX sale', async () => {
    const raw = tinyScenario();
    raw.positions = [
      { id: 'l', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 30 } } },
      { id: 'r', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 30 } }, restaked: { operator: 'op' } },
    ];
    raw.initial = { totalEth: 100, weights: { l: 10_000 } };
    (raw as Record<string, unknown>).operators = [{ name: 'op', avs: ['da'] }];
    (raw as Record<string, unknown>).avs = [{ name: 'da', rewardToken: 'TOK' }];
    (raw as Record<string, unknown>).rewardTokens = [{ symbol: 'TOK' }];
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.dexLiquidityEth': 100_000, 'da.aprBps': 1_000, 'TOK.priceEth': 0.001, 'TOK.liquidityEth': 1_000_000 }] };
    const bound = upperBound(await context(raw), { gridStepBps: 5000, epochSteps: 1 });
    // Both legs count against the 10 000 bps daily turnover: half on day 0, the rest on day 1.
    expect(bound.path).toEqual([
      { step: 0, weights: { l: 5000, r: 5000 } },
      { step: 1, weights: { l: 0, r: 10_000 } },
    ]);
    // 5 days of 10 % a year on 100 ETH is 0.137 ETH of rewards, less claim and move gas; a sale
    // through the DEX instead would have cost 0.3 ETH in pool fees and ended below 100.
    expect(bound.navEndEth).toBeGreaterThan(100.1);
  });

  it('leaves a position the risk engine forces out (a confirmed depeg), as every run must', async () => {
    const raw = tinyScenario();
    // a earns 5 % over the run and trades 500 bps under its rate on days 2 and 3 only; its
    // queue pays at par after a day. Held through the depeg, it is worth more than anything else.
    raw.positions[0] = { id: 'a', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 5 }, queued: { delaySeconds: 86_400 } } };
    raw.initial = { totalEth: 100, weights: { a: 6_500 } };
    raw.series = {
      rows: [
        { step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.dexLiquidityEth': 100_000, 'weETH.dexDiscountBps': 0, 'ezETH.rate': 1 },
        { step: 1, 'weETH.dexDiscountBps': 0 },
        { step: 2, 'weETH.dexDiscountBps': 500 },
        { step: 3, 'weETH.dexDiscountBps': 500 },
        { step: 4, 'weETH.dexDiscountBps': 0 },
        { step: 5, 'weETH.rate': 1.05, 'weETH.dexDiscountBps': 0 },
      ],
    };
    // At most 7,000 bps in a: the rest of the vault is cash that pays the exit's gas.
    const exiting = { ...TINY_LIMITS, maxWeightPerPositionBps: 7_000, depeg: { thresholdBps: 200, exit: true, confirmSeconds: 86_400 } };
    const forced = upperBound(await context(raw, exiting), { gridStepBps: 1000, epochSteps: 1 });
    // Seen on day 2, a day old on day 3: every run leaves a then (the queue: a sale loses 5 %).
    expect(forced.path.find((p) => p.step === 3)?.weights.a).toBe(0);
    expect(forced.path.filter((p) => p.step < 3).every((p) => (p.weights.a ?? 0) > 0)).toBe(true);
    // With exits off the depeg only freezes deposits: the bound holds a through it, worth more.
    const free = upperBound(await context(raw, { ...exiting, depeg: { ...exiting.depeg, exit: false } }), { gridStepBps: 1000, epochSteps: 1 });
    expect(free.path.some((p) => p.step === 3 && p.weights.a === 0)).toBe(false);
    expect(free.navEndEth).toBeGreaterThan(forced.navEndEth);
  });

  it('leaves a slashed operator at once when the limits make every run leave it (slashing.exit)', async () => {
    const raw = tinyScenario();
    // r: weETH restaked with op, slashed 1 % on day 2; weETH gains 5 % over the run, so holding r
    // through the slashing still beats b (flat). EigenLayer's queue pays after a day.
    raw.positions = [
      { id: 'r', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 30 } }, restaked: { operator: 'op', withdrawalDelaySeconds: 86_400 } },
      { id: 'b', symbol: 'ezETH', riskTier: 1, exits: { instant: { feeBps: 30 } } },
    ];
    raw.initial = { totalEth: 100, weights: { r: 6_000 } };
    (raw as Record<string, unknown>).operators = [{ name: 'op', avs: ['da'] }];
    (raw as Record<string, unknown>).avs = [{ name: 'da', rewardToken: 'TOK' }];
    (raw as Record<string, unknown>).rewardTokens = [{ symbol: 'TOK' }];
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.dexLiquidityEth': 100_000, 'ezETH.rate': 1, 'da.aprBps': 0, 'TOK.priceEth': 0.001, 'TOK.liquidityEth': 1 }, { step: 5, 'weETH.rate': 1.05 }] };
    raw.events = [{ step: 2, kind: 'slashing', operator: 'op', avs: 'da', fractionBps: 100 }];
    const leaving = { ...TINY_LIMITS, maxWeightPerPositionBps: 7_000, slashing: { freezeDeposits: true, exit: true } };
    const forced = upperBound(await context(raw, leaving), { gridStepBps: 1000, epochSteps: 1 });
    expect(forced.path.find((p) => p.step === 2)?.weights.r).toBe(0);
    // With exits off the slashing only freezes deposits: the bound keeps r, worth more.
    const free = upperBound(await context(raw, { ...leaving, slashing: { freezeDeposits: true, exit: false } }), { gridStepBps: 1000, epochSteps: 1 });
    expect(free.path.some((p) => p.step === 2 && p.weights.r === 0)).toBe(false);
    expect(free.navEndEth).toBeGreaterThan(forced.navEndEth);
  });

  it('keeps a 1000 bps grid on a 120-day run when the work budget is tight, and says it is approximate', async () => {
    const raw = tinyScenario();
    raw.steps = 121;
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.apyBps': 300, 'ezETH.rate': 1, 'ezETH.apyBps': 400 }] };
    const bound = upperBound(await context(raw), { maxTransitions: 1 });
    expect(bound.discretisation.gridStepBps).toBe(1000);
    expect(bound.discretisation.keepPerAllocation).toBe(1);
    expect(bound.discretisation.epochs).toBe(120);
    expect(bound.discretisation.text).toContain('approximate');
  });

  it('tries moves from the richest histories only once a day passes its share of the move budget, and says so', async () => {
    const raw = tinyScenario();
    raw.steps = 121;
    raw.series = { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.apyBps': 300, 'ezETH.rate': 1, 'ezETH.apyBps': 400 }] };
    const ctx = await context(raw);
    const full = upperBound(ctx, { gridStepBps: 1000 });
    expect(full.discretisation.text).not.toContain('richest');
    // 240 moves over 120 days: 2 a day, so each day only the richest history moves.
    const cut = upperBound(ctx, { gridStepBps: 1000, maxMoves: 240 });
    expect(cut.discretisation.text).toMatch(/moves tried from the richest histories only on \d+ of 120 days \(2 moves a day at most, \d+ histories left as they were\)/);
    expect(cut.discretisation.approximate).toBe(true);
    expect(cut.discretisation.movesCosted).toBeLessThan(full.discretisation.movesCosted ?? 0);
    // The richest history still moves every day: the 1 % better position is found all the same.
    expect(cut.navEndEth).toBeCloseTo(full.navEndEth, 6);
  });

  it('is never below a policy that broke nothing: a better baseline or strategy path becomes the bound, a path with a breach does not', () => {
    const search = { navStartEth: 100, navEndEth: 100.5, discretisation: { gridStepBps: 1000, states: 10, epochSeconds: 86_400, epochs: 2, keepPerAllocation: 3, approximate: false, text: 'grid 1000 bps' }, path: [], series: [], gasEth: 0, movedEth: 0, source: 'search' };
    const run = (label: string, end: number, breaches: unknown[] = []): RunResult =>
      ({ label, breaches, reverts: [], series: [{ step: 0, timestamp: 0, navEth: 100, weights: {}, idleBps: 0, pendingBps: 0, action: 'hold' }, { step: 1, timestamp: 86_400, navEth: end, weights: {}, idleBps: 0, pendingBps: 0, action: 'hold' }], gasWei: 2n * 10n ** 15n, movedWei: 0n }) as unknown as RunResult;
    const bound = atLeastKnownPaths(search, [run('hold', 100.4), run('threshold', 100.7)], 100);
    expect(bound.navEndEth).toBe(100.7);
    expect(bound.source).toBe('threshold');
    expect(bound.gasEth).toBe(0.002);
    expect(bound.discretisation.text).toBe("grid 1000 bps; the search ended at 100.5000 ETH, below threshold's 100.7000 ETH, so the bound is threshold's path");
    expect(atLeastKnownPaths(search, [run('hold', 100.4)], 100)).toBe(search);
    const strategyBetter = atLeastKnownPaths(search, [run('strategy', 100.9), run('hold', 100.4)], 100);
    expect(strategyBetter.source).toBe('strategy');
    expect(strategyBetter.navEndEth).toBe(100.9);
    expect(strategyBetter.discretisation.approximate).toBe(true);
    // A path that broke a limit is not feasible: it cannot raise the bound.
    expect(atLeastKnownPaths(search, [run('strategy', 101.2, [{ step: 1 }]), run('hold', 100.4)], 100)).toBe(search);
  });
});
