/**
 * An entry is planned once (issue 10, items 2 and 3): a DEX buy up to the point where the
 * pool's price reaches the protocol rate, then a mint of the rest, in one bundle, each part
 * taken only when it pays for its own transaction. It used to be all-DEX or all-mint (a large
 * buy pushed the pool far past the rate) and the strategy bought the cheap part a slice a
 * tick, re-deriving and re-paying it every block; the plan review also ignored what the
 * discount is worth, so a buy at a discount was refused for its yield alone.
 */
import { describe, expect, it } from 'vitest';
import { entryActions, poolFillWei } from '../../../src/plan/entry.ts';
import { buildPlan } from '../../../src/plan/planner.ts';
import { reviewPlan } from '../../../src/risk/plan-review.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { E, EZETH, LIMITS, WEETH, estimate, observation, snapshot } from '../domain/fixtures.ts';

// Rate 1.0; the pool sells ezETH at 0.985 (1.5 % under the rate), 10 000 ezETH deep, 30 bps fee.
const discounted = observation('ezETH', 0n, { liquidBalance: 0n, dex: { token: 10_000n * E, weth: 9_850n * E } });
const GWEI = 1_000_000_000n;

describe('split entry', () => {
  it('finds the buy that lifts the pool to the rate: 59.998 ETH', () => {
    // (9850 + 0.997x)² = 0.997 · 10 000 · 9850 → x = 59.998 ETH.
    expect(poolFillWei(EZETH, discounted)).toBe(59_998_358_699_116_085_248n);
  });

  it('buys the 100 ezETH of a 100 ETH entry as 59.998 on the pool (for 59.634 ETH) and 40.002 minted, in one plan', () => {
    const actions = entryActions(EZETH, discounted, 100n * E, 60, 10n * GWEI);
    expect(actions.map((a) => a.route ?? 'mint')).toEqual(['dex', 'mint']);
    // The pool's share: the 59.998 ezETH its fill would mint, bought for 59.634 ETH (0.364 ETH stays as cash).
    expect(Number(actions[0]?.expectedLrt) / 1e18).toBeCloseTo(59.998359, 5);
    expect(Number(actions[0]?.amountWei) / 1e18).toBeCloseTo(59.634006, 5);
    expect(actions[1]?.amountWei).toBe(40_001_641_300_883_914_752n);
    expect(actions[1]?.expectedLrt).toBe(40_001_641_300_883_914_752n);
    // 100 ezETH in all: the position lands on the value asked for, never past it.
    const lrt = (actions[0]?.expectedLrt ?? 0n) + (actions[1]?.expectedLrt ?? 0n);
    expect(lrt).toBeGreaterThanOrEqual(100n * E);
    expect(lrt - 100n * E).toBeLessThan(10n ** 11n);
    // 60 bps under the quote (59.638), above a mint of the 59.634 ETH it spends.
    expect(Number(actions[0]?.minLrt) / 1e18).toBeCloseTo(59.638368, 5);
  });

  it('keeps one transaction when the second one costs more than the cash it saves (1000 gwei)', () => {
    const actions = entryActions(EZETH, discounted, 100n * E, 60, 1000n * GWEI);
    expect(actions.map((a) => a.route ?? 'mint')).toEqual(['dex']);
    // 100 ezETH on the pool for 99.794 ETH (the whole 100 ETH there bought 100.204: past the value asked for).
    expect(Number(actions[0]?.amountWei) / 1e18).toBeCloseTo(99.794332, 5);
    expect(actions[0]?.expectedLrt).toBeGreaterThanOrEqual(100n * E);
  });

  it('counts the discount a 7-day queue can realise against the cost: a buy the yield alone would not pay goes through', () => {
    // ezETH redeemable at par through a 7-day queue; it yields only 0.1 %: 100 ETH earn
    // 0.0082 ETH over 30 days, under 2 × the 0.0042 ETH of gas, but the pool's discount is worth more.
    const queued: PositionSpec = { ...EZETH, exits: { ...EZETH.exits, queued: { delaySeconds: 7 * 86_400 } } };
    const snap = snapshot(1000n, [discounted]);
    const plan = buildPlan({
      current: allocationFromSnapshot(snap),
      approved: { ezETH: 1000 },
      snapshot: snap,
      specs: [queued],
      estimates: [estimate('ezETH', 0.001)],
      limits: LIMITS,
      options: { dustWei: 10n ** 15n, priorityFeeWei: 0n },
      explain: { targetWeights: {}, findings: [], rationale: [] },
    });
    expect(plan.actions.map((a) => (a.kind === 'deposit-lrt' ? `${a.route ?? 'mint'}` : a.kind))).toEqual(['dex', 'mint']);
    // 0.3644 ETH saved on the 59.998 ezETH the pool sells for 59.634 ETH (0.61 %), less 7 days at 0.1 % a year: 0.3632 ETH.
    expect(Number(plan.totals.entryGainWei) / 1e18).toBeCloseTo(0.36321, 4);
    const review = reviewPlan(plan, LIMITS, false);
    expect(review.findings).toEqual([]);
    expect(review.refused).toBe(false);
  });
});

describe('cash of now for a discount of now', () => {
  it('sells weETH on its pool, not through its 7-day queue, to buy ezETH 1.5 % under its rate now', () => {
    // 1000 ETH: 50 idle (the 5 % buffer), 950 weETH. Queuing 10 ETH of weETH costs 7 days of 3 %
    // (0.006 ETH), its pool 0.4 % (0.04 ETH); the ezETH it funds is worth ~1 % more than a mint
    // (0.1 ETH), a discount that will not wait 7 days for the queue's cash.
    const queued: PositionSpec = { ...EZETH, exits: { ...EZETH.exits, queued: { delaySeconds: 7 * 86_400 } } };
    const snap = snapshot(50n, [observation('weETH', 950n), discounted]);
    const plan = buildPlan({
      current: allocationFromSnapshot(snap),
      approved: { weETH: 9400, ezETH: 100 },
      snapshot: snap,
      specs: [WEETH, queued],
      estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.03)],
      limits: LIMITS,
      options: { dustWei: 10n ** 15n, priorityFeeWei: 0n },
      explain: { targetWeights: {}, findings: [], rationale: [] },
    });
    expect(plan.actions.map((a) => (a.kind === 'withdraw' || a.kind === 'deposit-lrt' ? `${a.kind} ${a.positionId} ${a.route ?? 'mint'}` : a.kind))).toEqual(['withdraw weETH dex', 'deposit-lrt ezETH dex']);
    expect(plan.actions[0]?.why).toBe('weETH: sell on uniswap-v2 now, not through the queue, to buy at a discount of now');
  });

  it('still queues weETH out when the buy it funds is at the rate (nothing to catch now)', () => {
    const snap = snapshot(50n, [observation('weETH', 950n), observation('ezETH', 0n, { liquidBalance: 0n })]);
    const plan = buildPlan({
      current: allocationFromSnapshot(snap),
      approved: { weETH: 9400, ezETH: 100 },
      snapshot: snap,
      specs: [WEETH, EZETH],
      estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.03)],
      limits: LIMITS,
      options: { dustWei: 10n ** 15n, priorityFeeWei: 0n },
      explain: { targetWeights: {}, findings: [], rationale: [] },
    });
    // (The second sale tops the idle buffer up for the bundle's gas, as any plan that queues.)
    expect(plan.actions.map((a) => (a.kind === 'withdraw' ? `${a.kind} ${a.positionId} ${a.route}` : a.kind))).toEqual(['withdraw weETH queued', 'withdraw weETH dex']);
    expect(plan.actions[0]?.why).toBe('weETH: sell queued, cheapest route for this size');
  });
});
