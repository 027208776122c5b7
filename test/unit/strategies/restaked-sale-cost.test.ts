/**
 * A restaked position's sale is priced as the planner makes it: EigenLayer's queue, then the
 * LRT it returns sold by its liquid position's routes (src/plan/sells.ts queueRestaked). A
 * restaked spec lists only a pool; pricing the sale there while the planner sold through the
 * LRT's own queue made the two disagree on every exit of a thin pool.
 */
import { describe, expect, it } from 'vitest';
import { sellCost, type CostContext } from '../../../strategies/lib/switching-costs.ts';
import { E, WEETH, WEETH_RESTAKED, observation, snapshot } from '../domain/fixtures.ts';

describe('sellCost of a restaked position', () => {
  // 30 weETH restaked; its pool of 1 000 weETH / 1 000 ETH loses 1.77 % on a typical sale (half the day's turnover, 15 ETH: 30 bps fee and impact).
  const restaked = observation('weETH-restaked', 30n, { liquidBalance: 0n, dex: { token: 1_000n * E, weth: 1_000n * E }, eigen: { depositShares: 30n * E, withdrawableShares: 30n * E, withdrawableUnderlying: 30n * E } });
  const liquid = observation('weETH', 0n, { dex: { token: 1_000n * E, weth: 1_000n * E } });
  const ctx: CostContext = { snapshot: snapshot(0n, [liquid, restaked], { baseFeeWei: 0n }), totalWei: 30n * E, opportunityApy: 0.03, maxSlippageBpsPerSwap: 100, maxTurnoverPerDayBps: 10_000, safetyMultiple: 2 };

  it('is the 14-day queue plus the liquid weETH’s 7-day queue: 3 % × 21 / 365 = 0.173 %', () => {
    expect(sellCost(WEETH_RESTAKED, restaked, ctx, { spec: WEETH, obs: liquid })).toBeCloseTo((0.03 * 21) / 365, 6);
  });

  it('without its liquid position, the queue plus the restaked spec’s pool: 0.115 % + 1.77 %', () => {
    expect(sellCost(WEETH_RESTAKED, restaked, ctx)).toBeCloseTo((0.03 * 14) / 365 + 0.01767, 4);
  });
});
