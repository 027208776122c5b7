/**
 * The strategy knows that liquid LRT can be restaked as it is (src/plan/restake-in-place.ts):
 * the move costs the EigenLayer deposit's gas, not a DEX sale and a mint, so a 1.4 % a year
 * AVS advantage is worth taking even where the sale alone would cost ~2 %.
 */
import { describe, expect, it } from 'vitest';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { solveAllocationWithCosts, type CostedCandidate } from '../../../strategies/lib/allocation-lp.ts';
import { inPlacePairs } from '../../../strategies/lib/switching-costs.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { E, LIMITS, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const limits = { ...LIMITS, maxWeightPerPositionBps: 9000, maxWeightPerProtocolBps: 10_000 };
const restakedObs = (eth: bigint) => observation('weETH-restaked', eth, { liquidBalance: 0n, eigen: { depositShares: eth * E, withdrawableShares: eth * E, withdrawableUnderlying: eth * E } });

/** 1000 ETH: 57 idle (the 500 bps buffer and its headroom), 643 weETH liquid at 3.0 %, 300 restaked at 3.0 % + 1.5 % AVS − 0.1 % hazard. */
function decide(extra: Partial<Snapshot> = {}) {
  const snap = snapshot(57n, [observation("weETH", 643n), restakedObs(300n)], { delegatedTo: OPERATOR, ...extra });
  const estimates = [estimate('weETH', 0.03, { netApyStdErr: 0.001 }), estimate('weETH-restaked', 0.044, { avsApr: 0.015, slashingApy: 0.001, netApyStdErr: 0.001 })];
  return riskAdjustedYield.decide({ snapshot: snap, estimates, current: allocationFromSnapshot(snap), limits, specs: [WEETH, WEETH_RESTAKED] }, riskAdjustedYield.paramsSchema.parse({}));
}

describe('risk-adjusted-yield restakes in place', () => {
  it('moves 2000 bps of liquid weETH into its restaked position, up to the 5000 bps operator cap: 4.4 % − 0.1 % tier penalty beats 3.0 % for gas only', () => {
    const out = decide();
    expect(out.weights['weETH-restaked']).toBe(5000);
    // 6430 − 2000 moved + the 67 bps of idle above the buffer's 9497 bps edge.
    expect(out.weights.weETH).toBe(4497);
    expect(out.rationale.some((r) => r.includes('restake in place'))).toBe(true);
  });

  it('does not when the vault is delegated to another operator (the planner would have to sell and mint)', () => {
    const out = decide({ delegatedTo: '0x00000000000000000000000000000000000000f2' });
    // Only the 67 bps of idle room is asked for (the risk engine holds a conflicting delegation back).
    expect(out.weights['weETH-restaked']).toBe(3067);
    expect(out.weights.weETH).toBe(6430);
  });

  it('does not into a frozen position (its operator was slashed): the liquid side would be sold for nothing', () => {
    const slashed = { operator: OPERATOR, avs: '0x00000000000000000000000000000000000000a1' as const, operatorSetId: 1, strategies: ['0x00000000000000000000000000000000000000c1' as const], wadSlashed: [E / 100n], block: 1 };
    const out = decide({ slashing: [slashed] });
    expect(out.weights['weETH-restaked']).toBe(3067);
    expect(out.weights.weETH).toBe(6430);
  });
});

describe('inPlacePairs', () => {
  it('prices a restake of 1000 ETH × 2000 bps / 2 = 100 ETH at 200 000 gas × 10 gwei: 0.002 %', () => {
    const snap = snapshot(60n, [observation('weETH', 640n), restakedObs(300n)], { delegatedTo: OPERATOR });
    const pairs = inPlacePairs([WEETH, WEETH_RESTAKED], { snapshot: snap, totalWei: 1000n * E, opportunityApy: 0.04, maxSlippageBpsPerSwap: 60, maxTurnoverPerDayBps: 2000, safetyMultiple: 2 });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]?.from).toBe('weETH');
    expect(pairs[0]?.to).toBe('weETH-restaked');
    expect(pairs[0]?.cost).toBeCloseTo(0.00002, 12);
  });

  it('adds the delegation when the holder is not delegated yet: 350 000 gas', () => {
    const snap = snapshot(60n, [observation('weETH', 640n), restakedObs(0n)]);
    const pairs = inPlacePairs([WEETH, WEETH_RESTAKED], { snapshot: snap, totalWei: 1000n * E, opportunityApy: 0.04, maxSlippageBpsPerSwap: 60, maxTurnoverPerDayBps: 2000, safetyMultiple: 2 });
    expect(pairs[0]?.cost).toBeCloseTo(0.000035, 12);
  });
});

describe('solveAllocationWithCosts with direct moves', () => {
  const groups = [
    { code: 'CAP_OPERATOR' as const, key: 'op', members: ['b'], capBps: 5000 },
    { code: 'IDLE_BUFFER' as const, key: 'all', members: ['a', 'b'], capBps: 9500 },
  ];
  const candidates: CostedCandidate[] = [
    { id: 'a', score: 0.03, currentBps: 6500, buyCost: 0, sellCost: 0.02 },
    { id: 'b', score: 0.043, currentBps: 3000, buyCost: 0 },
  ];
  const opts = { horizonYears: 30 / 365, safetyMultiple: 2, turnoverCapBps: 10_000 };

  it('without the move, a 2 % sale kills a 1.3 % a year gain: nothing moves', () => {
    expect(solveAllocationWithCosts(candidates, groups, opts)?.weights).toEqual({ a: 6500, b: 3000 });
  });

  it('with a gas-only move, 2000 bps go from a to b (the operator cap), and the idle buffer is untouched', () => {
    expect(solveAllocationWithCosts(candidates, groups, { ...opts, moves: [{ from: 'a', to: 'b', cost: 0.0001 }] })?.weights).toEqual({ a: 4500, b: 5000 });
  });

  it('counts a move twice against turnover: 1000 bps of turnover moves 500 bps', () => {
    expect(solveAllocationWithCosts(candidates, groups, { ...opts, turnoverCapBps: 1000, moves: [{ from: 'a', to: 'b', cost: 0.0001 }] })?.weights).toEqual({ a: 6000, b: 3500 });
  });

  it('buys a cheaper first slice up to its bound before paying the dearer route: 40 bps at a gain, none at a 1.5 % mint cost', () => {
    const idle: CostedCandidate[] = [{ id: 'a', score: 0.03, currentBps: 6000, buyCost: 0.015, cheapBuy: { cost: -0.006, maxBps: 40 } }];
    expect(solveAllocationWithCosts(idle, [{ code: 'IDLE_BUFFER', key: 'all', members: ['a'], capBps: 9500 }], opts)?.weights).toEqual({ a: 6040 });
  });

  it('does not move when the doubt on the difference (1.5 % a year) beats the 1.3 % gain', () => {
    expect(solveAllocationWithCosts(candidates, groups, { ...opts, moves: [{ from: 'a', to: 'b', cost: 0.0001, uncertainty: 0.015 }] })?.weights).toEqual({ a: 6500, b: 3000 });
  });
});
