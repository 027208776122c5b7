/**
 * A reward stream claim in a decided plan: with the weights already where they should be, the
 * claim and the sale make a compound plan; its value is not counted as yield a second time (the
 * stream is already in the positions' net APY), and the plan review charges none of it to a
 * rebalance.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan, DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import { reviewPlan } from '../../../src/risk/plan-review.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { StreamClaimable } from '../../../src/plan/stream-claims.ts';
import { E, LIMITS, estimate, observation, snapshot } from '../domain/fixtures.ts';

const A: PositionSpec = { id: 'lrtA', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const KING = '0x00000000000000000000000000000000000000d1';
const king: StreamClaimable = {
  stream: 'etherfi-avs', token: KING, symbol: 'KING', payout: 50n * E, decimals: 18, priceWad: E / 100n, rewardWeiPerSecond: 0,
  claim: { distributor: '0x00000000000000000000000000000000000000d2', cumulativeAmount: 50n * E, root: `0x${'ab'.repeat(32)}`, proof: [] },
  pool: { token: 50_000n * E, weth: 500n * E },
};

function plan(streamClaims?: readonly StreamClaimable[]) {
  const snap = snapshot(10n, [observation('lrtA', 90n)]);
  const current = allocationFromSnapshot(snap);
  return buildPlan({
    current, approved: current.weights, snapshot: snap, specs: [A], estimates: [estimate('lrtA', 0.04)], limits: LIMITS,
    options: { ...DEFAULT_PLANNER_OPTIONS, ...(streamClaims ? { streamClaims } : {}) },
    explain: { targetWeights: current.weights, findings: [], rationale: ['test'] },
  });
}

describe('reward stream claims in the plan', () => {
  it('holds without stream claims, and compounds 50 KING (0.5 ETH) with them: claim, then sale', () => {
    expect(plan().kind).toBe('hold');
    const p = plan([king]);
    expect(p.kind).toBe('compound');
    expect(p.actions.map((a) => a.kind)).toEqual(['claim-stream', 'swap-reward']);
    // 120k claim + 180k sale + 21k bundle at 10 gwei.
    expect(p.totals.gasUnits).toBe(321_000);
    expect(p.totals.gasCostWei).toBe(3_210_000_000_000_000n);
    // 0.5 fair − 0.498003490519951608 out.
    expect(p.totals.slippageWei).toBe(1_996_509_480_048_392n);
    // No position moves: the stream's yield is in lrtA's 4 % already, the claim adds none.
    expect(p.expectedYearlyGainWei).toBe(0n);
  });

  it('charges none of the claim and its sale to a rebalance: only the 21k bundle gas is left', () => {
    const review = reviewPlan(plan([king]), LIMITS, false);
    expect(review.refused).toBe(false);
    expect(review.rebalanceCostWei).toBe(210_000_000_000_000n);
  });
});
