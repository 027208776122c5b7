import { describe, expect, it } from 'vitest';
import { buildPlan, DEFAULT_PLANNER_OPTIONS, type PlannerInput } from '../../../src/plan/planner.ts';
import { reviewPlan } from '../../../src/risk/plan-review.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { E, LIMITS, REWARD, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const A: PositionSpec = { id: 'lrtA', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const B: PositionSpec = { id: 'lrtB', symbol: 'ezETH', protocol: 'renzo', token: '0x00000000000000000000000000000000000000e2', exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const estimates = [estimate('lrtA', 0.03), estimate('lrtB', 0.036)];

function plannerInput(snap: Snapshot, approved: Record<string, number>, specs: PositionSpec[] = [A, B]): PlannerInput {
  return {
    current: allocationFromSnapshot(snap),
    approved,
    snapshot: snap,
    specs,
    estimates,
    limits: LIMITS,
    options: DEFAULT_PLANNER_OPTIONS,
    explain: { targetWeights: approved, findings: [], rationale: ['test'] },
  };
}

describe('buildPlan', () => {
  it('100 ETH vault, 3.0 % → 3.6 %: exact DEX sale, deposit, costs, and a refusal by min net gain', () => {
    const snap = snapshot(10n, [observation('lrtA', 60n), observation('lrtB', 30n)]);
    const plan = buildPlan(plannerInput(snap, { lrtA: 3000, lrtB: 6000 }));
    expect(plan.kind).toBe('rebalance');
    expect(plan.actions.map((a) => a.kind)).toEqual(['withdraw', 'deposit-lrt']);
    const [sell, buy] = plan.actions;
    expect(sell).toMatchObject({
      kind: 'withdraw',
      route: 'dex',
      amountLrt: 30n * E,
      fairValueWei: 30n * E,
      // getAmountOut(30e18, 10_000e18, 10_000e18) with the 0.3 % fee.
      expectedOutWei: 29_820_805_969_345_687_050n,
      minOutWei: 29_700_000_000_000_000_000n,
      costWei: 179_194_030_654_312_950n,
      slippageBps: 59.74, // 59.7313 bps, rounded up
    });
    expect(buy).toMatchObject({ kind: 'deposit-lrt', positionId: 'lrtB', amountWei: 30n * E, expectedLrt: 30n * E, minLrt: 29_700_000_000_000_000_000n });
    // 220k + 200k + 21k gas at 10 gwei.
    expect(plan.totals.gasUnits).toBe(441_000);
    expect(plan.totals.gasCostWei).toBe(4_410_000_000_000_000n);
    expect(plan.totals.slippageWei).toBe(179_194_030_654_312_950n);
    expect(plan.totals.totalCostWei).toBe(183_604_030_654_312_950n);
    expect(plan.totals.movedWei).toBe(60n * E);
    // −30 ETH × 3.0 % + 30 ETH × 3.6 % = 0.18 ETH a year.
    expect(plan.expectedYearlyGainWei).toBe(180_000_000_000_000_000n);
    expect(plan.breakEvenDays).toBeCloseTo((0.18360403065431295 / 0.18) * 365, 6);
    expect(plan.resultingWeights).toEqual({ lrtA: 3000, lrtB: 6000 });
    expect(plan.inputs.netApy).toEqual({ lrtA: 0.03, lrtB: 0.036 });

    const review = reviewPlan(plan, LIMITS, false);
    expect(review.refused).toBe(true);
    expect(review.findings.map((f) => f.code)).toEqual(['MIN_NET_GAIN']);
    // 0.18 × 30 / 365 against 0.1836 × 2.
    expect(review.findings[0]?.observed).toBeCloseTo(0.18 * 30 / 365, 12);
    expect(review.findings[0]?.limit).toBeCloseTo(0.1836040306543129 * 2, 12);
    expect(reviewPlan(plan, LIMITS, true).refused).toBe(false);
  });

  it('invests idle asset when it pays, keeping the idle buffer', () => {
    const snap = snapshot(50n, [observation('lrtA', 50n), observation('lrtB', 0n)]);
    const plan = buildPlan(plannerInput(snap, { lrtA: 5000, lrtB: 5000 }));
    // 50 ETH idle − 5 ETH buffer − the bundle's gas (221k gas at 10 gwei = 0.00221 ETH, paid
    // from idle) leaves 44.99779 ETH: the 50 ETH deposit shrinks to that.
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ kind: 'deposit-lrt', amountWei: 45n * E - 2_210_000_000_000_000n, expectedLrt: 45n * E - 2_210_000_000_000_000n });
    expect(plan.expectedYearlyGainWei).toBe(1_619_920_440_000_000_000n);
    expect(plan.totals.gasCostWei).toBe(2_210_000_000_000_000n);
    expect(plan.resultingWeights).toEqual({ lrtA: 5000, lrtB: 4499 });
    expect(reviewPlan(plan, LIMITS, false).refused).toBe(false);
  });

  it('prefers a queue when the DEX is dearer for the size', () => {
    const queued: PositionSpec = { ...A, exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 7 * 86_400 } } };
    const snap = snapshot(10n, [observation('lrtA', 60n), observation('lrtB', 30n)]);
    const plan = buildPlan(plannerInput(snap, { lrtA: 3000, lrtB: 6000 }, [queued, B]));
    // 30 ETH × 3.6 % (best net APY) × 7/365 = 0.020712… ETH < 0.179 ETH on the DEX.
    expect(plan.actions[0]).toMatchObject({ kind: 'withdraw', route: 'queued', expectedOutWei: 30n * E, costWei: 20_712_328_767_123_287n, delaySeconds: 604_800 });
    // Queued proceeds arrive later: only 10 − 5 ETH of idle, less the bundle's gas (441k gas at
    // 10 gwei), can be deposited now.
    expect(plan.actions[1]).toMatchObject({ kind: 'deposit-lrt', amountWei: 5n * E - 4_410_000_000_000_000n });
    // The yield gain counts the deposits the queued proceeds will fund (the delay is a cost).
    expect(plan.expectedYearlyGainWei).toBe(180_000_000_000_000_000n);
    expect(plan.totals.delayCostWei).toBe(20_712_328_767_123_287n);
  });

  it('queues restaked shares, delegates before restaking, and claims rewards worth their gas', () => {
    const restakedObs = observation('weETH-restaked', 40n, {
      liquidBalance: 0n,
      eigen: { depositShares: 50n * E, withdrawableShares: 40n * E, withdrawableUnderlying: 40n * E },
    });
    const snap = snapshot(60n, [restakedObs], {
      rewards: [{ token: REWARD, decimals: 18, claimable: 1000n * E, cumulativeEarned: 1000n * E, dex: { token: 1_000_000n * E, weth: 1000n * E } }],
    });
    const sellPlan = buildPlan({ ...plannerInput(snap, { 'weETH-restaked': 2000 }, [WEETH_RESTAKED]), estimates: [estimate('weETH-restaked', 0.04)] });
    expect(sellPlan.actions.map((a) => a.kind)).toEqual(['claim-rewards', 'swap-reward', 'eigen-queue-withdrawal']);
    // 20 ETH of 40 ETH withdrawable = half: half of the 50 deposit shares (slashed 20 %).
    expect(sellPlan.actions[2]).toMatchObject({ depositShares: 25n * E, underlyingLrt: 20n * E, valueWei: 20n * E, delaySeconds: 1_209_600 });
    // 1 000 tokens into a 1 000 000/1 000 pool: getAmountOut at 0.3 %.
    expect(sellPlan.actions[1]).toMatchObject({ kind: 'swap-reward', amountIn: 1000n * E, fairValueWei: E, expectedOutWei: 996_006_981_039_903_216n, minOutWei: 990_000_000_000_000_000n });

    const { delegatedTo: _none, ...undelegated } = snapshot(60n, [{ ...restakedObs, eigen: { depositShares: 0n, withdrawableShares: 0n, withdrawableUnderlying: 0n }, valueWei: 0n }]);
    const buyPlan = buildPlan({ ...plannerInput(undelegated, { 'weETH-restaked': 4000 }, [WEETH_RESTAKED]), estimates: [estimate('weETH-restaked', 0.04)] });
    expect(buyPlan.actions.map((a) => a.kind)).toEqual(['deposit-lrt', 'delegate', 'eigen-deposit']);
    expect(buyPlan.actions[2]).toMatchObject({ amountLrt: 24n * E });
  });

  it('is a hold when nothing moves, and completes due withdrawals as compounding', () => {
    const snap = snapshot(10n, [observation('lrtA', 60n), observation('lrtB', 30n)]);
    const hold = buildPlan(plannerInput(snap, { lrtA: 6000, lrtB: 3000 }));
    expect(hold.kind).toBe('hold');
    expect(hold.actions).toEqual([]);
    expect(hold.totals.gasUnits).toBe(0);
    const due = snapshot(10n, [observation('lrtA', 60n), observation('lrtB', 20n)], {
      queuedWithdrawals: [{ id: '0xroot', positionId: 'lrtB', kind: 'protocol', amountWei: 10n * E, completableAt: 1_600_000_000 }],
    });
    const compound = buildPlan(plannerInput(due, { lrtA: 6000, lrtB: 2000 }));
    expect(compound.kind).toBe('compound');
    expect(compound.actions[0]).toMatchObject({ kind: 'complete-withdrawal', withdrawalId: '0xroot', expectedWei: 10n * E });
  });
});
