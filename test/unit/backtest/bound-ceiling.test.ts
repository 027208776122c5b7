/**
 * The bound's move skipping (bound-ceiling.ts, Beam.floor): a move is skipped only when the
 * beam would have turned it away after costing it, so the search finds exactly what it finds
 * when it costs every move.
 */
import { describe, expect, it } from 'vitest';
import { Beam } from '../../../src/backtest/bound-beam.ts';
import { type CeilingEpoch, entryDiscount, leastActionGas, moveValueCeiling, mustQueue, salePremium } from '../../../src/backtest/bound-ceiling.ts';
import { upperBound } from '../../../src/backtest/bound.ts';
import { buildMarket } from '../../../src/backtest/market.ts';
import type { ReplayContext } from '../../../src/backtest/replay.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import type { ScenarioInput } from '../../../src/backtest/scenario-schema.ts';
import { scenarioSpecs } from '../../../src/backtest/specs.ts';
import { DEFAULT_ESTIMATOR_OPTIONS } from '../../../src/yield/estimate.ts';
import { TINY_LIMITS, tinyScenario } from './fixtures.ts';

/** Two positions: a sale now costs 0.0022 ETH of gas and 0.3 % of the value, a queued one 0.0047 ETH and nothing; a purchase 0.002 ETH. */
const EPOCH: CeilingEpoch = {
  overheadGas: 0.0002,
  nowGas: Float64Array.of(0.0022, 0.0022),
  nowLoss: Float64Array.of(0.003, 0.003),
  queueGas: Float64Array.of(0.0047, 0.0047),
  queueLoss: Float64Array.of(0, 0),
  buyGas: Float64Array.of(0.002, 0.002),
  pairActionGas: 0.002,
  inRestakePair: Uint8Array.of(0, 0),
  queueOnly: Uint8Array.of(1, 0),
};

async function context(raw: ScenarioInput): Promise<ReplayContext> {
  const scenario = await parseScenario(raw);
  const { specs, rewardTokenByAddress } = scenarioSpecs(scenario.doc);
  return { doc: scenario.doc, market: buildMarket(scenario), specs, rewardTokenByAddress, limits: TINY_LIMITS, estimator: DEFAULT_ESTIMATOR_OPTIONS, planner: { dustWei: 0n, priorityFeeWei: 0n }, rateFits: new Map() };
}

describe('bound move ceiling', () => {
  it("beam floor: what a move must beat, as accepts decides it", () => {
    const beam = new Beam<{ s: number }>(1);
    expect(beam.floor(0, true)).toBe(Number.NEGATIVE_INFINITY);
    beam.offer({ s: 0 }, 12, false);
    // Full of a locked entry worth 12 and no free one: a locked move must beat 12, a free one anything.
    expect(beam.floor(0, false)).toBe(12);
    expect(beam.floor(0, true)).toBe(Number.NEGATIVE_INFINITY);
    expect(beam.accepts(0, 12, false)).toBe(false);
    expect(beam.accepts(0, 5, true)).toBe(true);
    beam.offer({ s: 0 }, 10, true);
    expect(beam.floor(0, true)).toBe(10);
    expect(beam.accepts(0, 10, true)).toBe(false);
    expect(beam.accepts(0, 10.5, true)).toBe(true);
  });

  it('least action gas: the cheaper exit for what must be sold, no purchase where a tiny size leaves it alone', () => {
    // Position 0 goes to 0 (10 ETH sold at any size): queued, 0.0047, beats 0.0022 + 0.3 % of 10.
    // Position 1 is left alone only for |0.2 a| under the dust (a within ±0.005 ETH).
    expect(leastActionGas([10, 0], [0, 2000], 50, 1e-3, EPOCH)).toBeCloseTo(0.0047, 12);
    // Both held at 20 % of 50: sized on 50, nothing to do.
    expect(leastActionGas([10, 10], [2000, 2000], 50, 1e-3, EPOCH)).toBe(0);
    // Sized on at most 49, each sells at least 0.2 ETH: now, 0.0022 + 0.0006, beats the queue.
    expect(leastActionGas([10, 10], [2000, 2000], 49, 1e-3, EPOCH)).toBeCloseTo(2 * 0.0028, 12);
  });

  it('value ceiling: V less overhead and the least gas at any size, plus carried rewards', () => {
    // 50 ETH, 20 held in position 0, moved to 40 % in position 1, 0.2 ETH of rewards carried.
    // Never settling: every iterate after the first is ≤ 50 − 0.0002 − 0.0047 (the queued sale;
    // the purchase can be dodged by a size under 0.0025 ETH). Settling on a size a: a size that
    // small ends near it, and one that buys pays 0.0047 + 0.002 as well: 49.9931.
    expect(moveValueCeiling(50, 0, 0.2, [20, 0], [0, 4000], 0, EPOCH)).toBeCloseTo(50 - 0.0002 - 0.0047 + 0.2, 9);
    // Asked only whether it is under 60: the rough figure (overhead only) already is.
    expect(moveValueCeiling(50, 0, 0.2, [20, 0], [0, 4000], 0, EPOCH, 60)).toBeCloseTo(50 - 0.0002 + 0.2, 9);
    // A pool entry that can save up to 1 % of 40 % of the value: the iterates may grow up to
    // (V − overhead) / (1 − 0.004), the fixed point of after = V − overhead + 0.004 · after.
    expect(moveValueCeiling(50, 0, 0, [20, 0], [0, 4000], 0.004, EPOCH, 60)).toBeCloseTo((50 - 0.0002) / (1 - 0.004), 9);
  });

  it('must queue: a queue-only position sold even at the largest size', () => {
    expect(mustQueue(50, 0, [20, 0], [0, 4000], 0, EPOCH)).toBe(true);
    expect(mustQueue(50, 0, [20, 0], [4000, 0], 0, EPOCH)).toBe(false);
    expect(mustQueue(50, 0, [0, 20], [0, 0], 0, EPOCH)).toBe(false);
  });

  it('pool entry discount and sale premium against the rate', () => {
    // Spot with fee: 9850 / (0.997 · 10 000) = 0.98796 ETH per LRT worth 1.
    expect(entryDiscount(1, { token: 10_000, weth: 9_850, keep: 0.997 })).toBeCloseTo(1 - 9_850 / 9_970, 12);
    expect(entryDiscount(1, { token: 10_000, weth: 10_100, keep: 0.997 })).toBe(0);
    expect(salePremium(1, { token: 10_000, weth: 10_100, keep: 0.9995 })).toBeCloseTo(0.9995 * 1.01 - 1, 12);
    expect(salePremium(1, { token: 10_000, weth: 10_000, keep: 0.997 })).toBe(0);
  });

  it('skipping moves changes nothing the search finds: same end, path and series as costing every move', async () => {
    const raw = tinyScenario();
    raw.steps = 16;
    raw.initial = { totalEth: 50, weights: { a: 4_000, b: 3_000, c: 2_000 } };
    raw.positions.push({ id: 'c', symbol: 'rsETH', riskTier: 1, exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 3 * 86_400 } } });
    // Yields cross twice and gas swings, so the best allocation moves and many moves are close calls.
    raw.series = {
      rows: [
        { step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'weETH.apyBps': 300, 'ezETH.rate': 1, 'ezETH.apyBps': 500, 'rsETH.rate': 1, 'rsETH.apyBps': 200, 'rsETH.dexLiquidityEth': 5_000 },
        { step: 5, baseFeeGwei: 40, 'weETH.apyBps': 900, 'ezETH.apyBps': 100, 'rsETH.apyBps': 400 },
        { step: 10, baseFeeGwei: 5, 'weETH.apyBps': 100, 'ezETH.apyBps': 300, 'rsETH.apyBps': 1_200 },
      ],
    };
    const ctx = await context(raw);
    const skipping = upperBound(ctx, { gridStepBps: 1000 });
    const costingAll = upperBound(ctx, { gridStepBps: 1000, costEveryMove: true });
    expect(skipping.discretisation.movesSkipped).toBeGreaterThan(0);
    expect(costingAll.discretisation.movesSkipped).toBe(0);
    expect((skipping.discretisation.movesCosted ?? 0) + (skipping.discretisation.movesSkipped ?? 0)).toBe(costingAll.discretisation.movesCosted);
    expect(skipping.navEndEth).toBe(costingAll.navEndEth);
    expect(skipping.path).toEqual(costingAll.path);
    expect(skipping.series).toEqual(costingAll.series);
    expect(skipping.gasEth).toBe(costingAll.gasEth);
    expect(skipping.discretisation.approximate).toBe(costingAll.discretisation.approximate);
    // The search did move: crossing yields are worth a rebalance.
    expect(skipping.path.length).toBeGreaterThan(0);
  });
});
