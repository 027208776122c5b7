/**
 * Entering on a quoted venue (a Uniswap V3 pool): the observer reads a WETH → LRT quote ladder,
 * the entry reads it on its chords (never above the pool's concave curve), buys there up to the
 * last quoted size whose chord still beats a mint, and takes whichever of the V2 pair, the V3
 * pool and the mint pays most for each part of the buy. The strategy prices the same buy.
 */
import { describe, expect, it } from 'vitest';
import { dexEntryGain, entryActions, poolFillWei } from '../../../src/plan/entry.ts';
import { interpolateLadder, ladderFill } from '../../../src/yield/venue-quotes.ts';
import type { PositionObservation, VenueObservation } from '../../../src/domain/snapshot.ts';
import { buyCost, cheapDexSlice, type CostContext } from '../../../strategies/lib/switching-costs.ts';
import { E, EZETH, WEETH, observation, snapshot } from '../domain/fixtures.ts';

const GWEI = 1_000_000_000n;
const m = (milli: bigint): bigint => milli * 10n ** 15n;
/** A V3 pool 1 % under a rate of 1: what 1, 3, … 300 WETH buy (0.01 % fee, impact growing with size). */
const buyLadder = [
  { amountIn: 1n * E, out: m(1_010n) },
  { amountIn: 3n * E, out: m(3_029_9n) / 10n },
  { amountIn: 10n * E, out: m(10_099n) },
  { amountIn: 30n * E, out: m(30_290n) },
  { amountIn: 100n * E, out: m(100_800n) },
  { amountIn: 300n * E, out: m(299_900n) },
];
const v3: VenueObservation = { kind: 'uniswap-v3', label: 'ezETH/WETH uniswap-v3 0xpool', spotRateWad: m(990n), wethDepth: 50_000n * E, ladder: [], buyLadder };
/** The V2 pair at the rate (10 000 / 10 000, 30 bps fee): it never beats a mint. */
const v3Cheap = (id: string, dex = { token: 10_000n * E, weth: 10_000n * E }): PositionObservation => observation(id, 0n, { liquidBalance: 0n, dex, venues: [v3] });

describe('buy ladder', () => {
  it('reads a buy on the chord between two quoted sizes: 50 WETH buy 30.29 + 70.51 × 20 / 70 = 50.4357 LRT', () => {
    expect(interpolateLadder(buyLadder, 50n * E)).toBe(50_435_714_285_714_285_714n);
  });

  it('fills up to the last size whose chord beats a mint: 100 WETH at a rate of 1 (the 100 → 300 chord pays 199.1 for 200)', () => {
    expect(ladderFill(buyLadder, E)).toBe(100n * E);
    // At a rate of 1.02 a mint pays 0.98 per WETH: every chord beats it, so the whole ladder (and no further).
    expect(ladderFill(buyLadder, m(1_020n))).toBe(300n * E);
    // At 0.99 the first chord (1.01 × 0.99 = 0.9999 per WETH of rate) is no better than a mint.
    expect(ladderFill(buyLadder, m(990n))).toBe(0n);
  });
});

describe('entry across the V2 pair, the V3 pool and the mint', () => {
  it('prices the gain over a mint from the V3 ladder: 50 WETH → 0.871 % more LRT', () => {
    expect(dexEntryGain(EZETH, v3Cheap('ezETH'), 50n * E)).toBeCloseTo(0.0087142857, 9);
    expect(poolFillWei(EZETH, v3Cheap('ezETH'))).toBe(100n * E);
  });

  it('buys 200 WETH of ezETH as 100 on the V3 pool (for 99.206 WETH, min-out 0.6 % under its quote) and 100 minted', () => {
    const actions = entryActions(EZETH, v3Cheap('ezETH'), 200n * E, 60, 10n * GWEI);
    expect(actions.map((a) => [a.route ?? 'mint', a.venue])).toEqual([['dex', 'uniswap-v3'], ['mint', undefined]]);
    // On the 30 → 100 chord, 30.29 + 70.51 × (c − 30) / 70 = 100 gives c = 99.2058 WETH.
    expect(Number(actions[0]?.amountWei) / 1e18).toBeCloseTo(99.205787, 5);
    expect(Number(actions[0]?.expectedLrt) / 1e18).toBeCloseTo(100, 6);
    expect(Number(actions[0]?.minLrt) / 1e18).toBeCloseTo(99.4, 6);
    expect(actions[1]).toMatchObject({ amountWei: 100n * E, expectedLrt: 100n * E, minLrt: 99_400_000_000_000_000_000n });
    expect(actions[0]?.why).toMatch(/buy ezETH on ezETH\/WETH uniswap-v3 0xpool, 0\.80 % more ezETH/);
  });

  it('buys where the same LRT costs least: V3 (9.902 WETH for 10) over a V2 pair 0.5 % under (9.990), V2 1.5 % under (9.890) over V3', () => {
    const [onV3] = entryActions(EZETH, v3Cheap('ezETH', { token: 10_000n * E, weth: 9_950n * E }), 10n * E, 60, 10n * GWEI);
    expect(onV3?.venue).toBe('uniswap-v3');
    // 3.0299 + 7.0691 × (c − 3) / 7 = 10 on the 3 → 10 chord: c = 9.90196 WETH.
    expect(Number(onV3?.amountWei) / 1e18).toBeCloseTo(9.901963, 5);
    const [onV2] = entryActions(EZETH, v3Cheap('ezETH', { token: 10_000n * E, weth: 9_850n * E }), 10n * E, 60, 10n * GWEI);
    expect([onV2?.route, onV2?.venue]).toEqual(['dex', undefined]);
    expect(Number(onV2?.amountWei) / 1e18).toBeCloseTo(9.889528, 5);
    expect(onV2?.expectedLrt).toBeGreaterThanOrEqual(10n * E);
  });

  it('with both pools under the rate, buys each up to its fill and mints the rest: 59.998 on V2, 100 on V3, 140.002 minted', () => {
    const actions = entryActions(EZETH, v3Cheap('ezETH', { token: 10_000n * E, weth: 9_850n * E }), 300n * E, 60, 10n * GWEI);
    expect(actions.map((a) => [a.route ?? 'mint', a.venue])).toEqual([['dex', undefined], ['dex', 'uniswap-v3'], ['mint', undefined]]);
    expect(actions.map((a) => Number(a.expectedLrt) / 1e18)).toEqual([expect.closeTo(59.998359, 5), expect.closeTo(100, 5), expect.closeTo(140.001641, 5)]);
    expect(actions.map((a) => Number(a.amountWei) / 1e18)).toEqual([expect.closeTo(59.634006, 5), expect.closeTo(99.205787, 5), expect.closeTo(140.001641, 5)]);
  });

  it('keeps one transaction when the mint costs more than the cash it saves (10 000 gwei): all 200 on V3, never less than a mint', () => {
    // 100.8 + 199.1 × (c − 100) / 200 = 200 on the 100 → 300 chord: c = 199.648 WETH; the min-out
    // (200 less 0.6 % = 198.8) is raised to the 199.648 a mint of that cash pays.
    const actions = entryActions(EZETH, v3Cheap('ezETH'), 200n * E, 60, 10_000n * GWEI);
    expect(actions.map((a) => [a.route, a.venue])).toEqual([['dex', 'uniswap-v3']]);
    expect(Number(actions[0]?.amountWei) / 1e18).toBeCloseTo(199.648418, 5);
    expect(actions[0]?.minLrt).toBe(actions[0]?.amountWei);
    expect(actions[0]?.expectedLrt).toBeGreaterThanOrEqual(200n * E);
  });

  it('mints when the V3 pool trades at the rate: its ladder never beats a mint', () => {
    const atRate = { ...v3Cheap('ezETH'), rateWad: m(990n) };
    expect(entryActions(EZETH, atRate, 200n * E, 60, 10n * GWEI).map((a) => a.route ?? 'mint')).toEqual(['mint']);
  });
});

describe('strategy buy cost from the V3 ladder', () => {
  const obs = v3Cheap('weETH');
  const ctx = (totalEth: bigint): CostContext => ({ snapshot: snapshot(0n, [obs]), totalWei: totalEth * E, opportunityApy: 0.03, maxSlippageBpsPerSwap: 60, maxTurnoverPerDayBps: 2000, safetyMultiple: 2 });

  it('a 5 WETH buy (50 ETH vault) gets 5.0496 weETH on V3: cost 0.04 % gas − (0.993 % − 7 days at 3 %)', () => {
    // 5 WETH: 3.0299 + 7.0691 × 2 / 7 = 5.04964 weETH, 0.99286 % over a mint; weETH's 7-day queue realises it less 0.0575 %.
    expect(buyCost(WEETH, ctx(50n), obs)).toBeCloseTo(0.0004 - (0.0099286 - 0.000575), 6);
  });

  it('the cheap slice is the V3 fill: 100 WETH of 50 000 ETH (20 bps), 0.8 % over a mint less the queue and gas', () => {
    const slice = cheapDexSlice(WEETH, ctx(50_000n), obs);
    expect(slice?.maxBps).toBe(20);
    expect(slice?.cost).toBeCloseTo(0.00002 - (0.008 - 0.000575), 6);
  });
});
