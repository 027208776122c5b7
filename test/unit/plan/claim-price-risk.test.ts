/**
 * The planner weighs each reward token's price risk against gas when it times a
 * claim-and-sell (issue 10 item 8): the risk comes per token through PlannerOptions.
 */
import { describe, expect, it } from 'vitest';
import { planRewards } from '../../../src/plan/rewards.ts';
import { E, REWARD, snapshot } from '../domain/fixtures.ts';

describe('claim timing with the reward token price risk', () => {
  // 1 ETH of rewards on a 1,000 ETH pool, accruing 1 ETH per 10 days, at 10 gwei: claim, swap
  // and deposit cost 0.0068 ETH. At a 3 % reinvestment yield alone, claiming pays from about
  // √(2 · 0.0068 ETH · 1.157e-6 ETH/s / 9.37e-10 /s) = 4.1 ETH on: a 1 ETH claim waits.
  const reward = { token: REWARD, decimals: 18, claimable: E, cumulativeEarned: E, dex: { token: 1_000n * E, weth: 1_000n * E } };
  const snap = snapshot(0n, [], { rewards: [reward] });
  const opts = { minValueToCostMultiple: 3, maxSlippageBpsPerSwap: 100, priorityFeeWei: 0n, rewardWeiPerSecond: 1e18 / (10 * 86_400), reinvestApy: 0.03 };

  it('waits with no price risk', () => {
    expect(planRewards(snap, opts)).toEqual([]);
    expect(planRewards(snap, { ...opts, priceRiskApyByToken: { [REWARD.toLowerCase()]: 0 } })).toEqual([]);
  });

  it('claims and sells 1 ETH of a token losing 1 % a day (expected loss 38.9 a year): the threshold falls to about 0.12 ETH', () => {
    const actions = planRewards(snap, { ...opts, priceRiskApyByToken: { [REWARD.toLowerCase()]: 38.9 } });
    expect(actions.map((a) => a.kind)).toEqual(['claim-rewards', 'swap-reward']);
  });

  it('weighs each token by its share of the proceeds: a risky token worth 1 % of the claim barely moves it', () => {
    const other = '0x00000000000000000000000000000000000000b2' as const;
    const two = snapshot(0n, [], { rewards: [reward, { ...reward, token: other, claimable: E / 100n, cumulativeEarned: E / 100n }] });
    expect(planRewards(two, { ...opts, priceRiskApyByToken: { [other.toLowerCase()]: 38.9 } })).toEqual([]);
    // The risky token is 99 % of it: both are claimed and sold (the small one pays its own swap).
    expect(planRewards(two, { ...opts, priceRiskApyByToken: { [REWARD.toLowerCase()]: 38.9 } }).map((a) => a.kind)).toEqual(['claim-rewards', 'swap-reward', 'swap-reward']);
  });
});
