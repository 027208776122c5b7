/**
 * Issue 16, defect 5 ("by reading"), each confirmed here against literal numbers: an
 * EigenLayer exit is costed with the sale of the LRT it returns; a claim of several reward
 * tokens is judged as one claim (claim and deposit gas once); the vault backend's plans count
 * the two totalAssets() valuations of execute(); the vault's total-assets allowance is the
 * tolerance of the value moved, not of the whole vault.
 */
import { describe, expect, it } from 'vitest';
import type { KeeperConfig, VaultConfig } from '../../../src/config/schema.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import { totalAssetsAllowance } from '../../../src/execution/prepare.ts';
import { plannerOptions } from '../../../src/keeper/settings.ts';
import { VAULT_VALUATION_GAS } from '../../../src/plan/gas.ts';
import { buildPlan, DEFAULT_PLANNER_OPTIONS } from '../../../src/plan/planner.ts';
import { planRewards } from '../../../src/plan/rewards.ts';
import { queueRestaked } from '../../../src/plan/sells.ts';
import { delayCostWei, dexExitQuote } from '../../../src/yield/exit-cost.ts';
import { EIGEN_WITHDRAWAL_DELAY_SECONDS } from '../../../src/domain/types.ts';
import { E, EZETH, LIMITS, REWARD, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

describe('an EigenLayer exit is costed with the sale of the LRT it returns', () => {
  it('30 weETH restaked: delay cost plus the DEX sale (0.1792 ETH), not the delay alone', () => {
    const obs = observation('weETH-restaked', 30n, { liquidBalance: 0n, eigen: { depositShares: 30n * E, withdrawableShares: 30n * E, withdrawableUnderlying: 30n * E } });
    const action = queueRestaked(WEETH_RESTAKED, obs, 30n * E, true, { maxSlippageBpsPerSwap: 100, opportunityApy: 0.03 });
    const delay = delayCostWei(30n * E, action!.delaySeconds, 0.03);
    const sale = dexExitQuote(30n * E, obs, 30)!.costWei;
    expect(sale).toBe(179_194_030_654_312_950n);
    expect(action?.costWei).toBe(delay + sale);
  });

  it('the LRT it returns is sold by its liquid position’s cheapest route within the limit: a 7-day queue at 0.0173 ETH, not the restaked position’s pool at 0.1792 ETH', () => {
    const obs = observation('weETH-restaked', 30n, { liquidBalance: 0n, eigen: { depositShares: 30n * E, withdrawableShares: 30n * E, withdrawableUnderlying: 30n * E } });
    const liquid = observation('weETH', 0n);
    const action = queueRestaked(WEETH_RESTAKED, obs, 30n * E, true, { maxSlippageBpsPerSwap: 100, opportunityApy: 0.03 }, { soldAs: { spec: WEETH, obs: liquid } });
    const delay = delayCostWei(30n * E, action!.delaySeconds, 0.03);
    // 30 ETH × 3 % × 7 / 365
    expect(delayCostWei(30n * E, 7 * 86_400, 0.03)).toBe(17_260_273_972_602_739n);
    expect(action?.costWei).toBe(delay + 17_260_273_972_602_739n);
  });

  it('the planner prices a restaked exit it sells on by the liquid position’s routes (a plan review that read 1.3 % refused it 53 ticks running)', () => {
    const restaked = observation('weETH-restaked', 30n, { liquidBalance: 0n, eigen: { depositShares: 30n * E, withdrawableShares: 30n * E, withdrawableUnderlying: 30n * E } });
    const snap = snapshot(10n, [observation('weETH', 0n), restaked, observation('ezETH', 60n)]);
    const plan = buildPlan({
      current: allocationFromSnapshot(snap), approved: { 'weETH-restaked': 0, weETH: 0, ezETH: 9000 }, snapshot: snap, specs: [WEETH, WEETH_RESTAKED, EZETH],
      estimates: [estimate('weETH', 0.03), estimate('weETH-restaked', 0.03), estimate('ezETH', 0.03)], limits: LIMITS, options: DEFAULT_PLANNER_OPTIONS,
      explain: { targetWeights: {}, findings: [], rationale: [] },
    });
    const exit = plan.actions.find((a) => a.kind === 'eigen-queue-withdrawal');
    expect(exit?.kind === 'eigen-queue-withdrawal' ? exit.costWei : undefined).toBe(delayCostWei(30n * E, EIGEN_WITHDRAWAL_DELAY_SECONDS, 0.03) + 17_260_273_972_602_739n);
  });
});

describe('compounding judges one claim of every token worth selling', () => {
  // 10 gwei; per token alone: (claim 300k + swap 180k + deposit 200k) × 3 = 0.0204 ETH needed.
  // Together: (300k + 2 × 180k + 200k) × 3 = 0.0258 ETH needed, against 2 × ~0.01595 ETH.
  const reward = (token: `0x${string}`) => ({ token, decimals: 18, claimable: 16n * 10n ** 15n, cumulativeEarned: 16n * 10n ** 15n, dex: { token: 1_000n * E, weth: 1_000n * E } });
  const snap = snapshot(0n, [], { rewards: [reward(REWARD), reward('0x00000000000000000000000000000000000000b2')] });
  const opts = { minValueToCostMultiple: 3, maxSlippageBpsPerSwap: 100, priorityFeeWei: 0n, rewardWeiPerSecond: 0, reinvestApy: 0.03 };

  it('two tokens each too small alone are claimed together: one claim, two swaps', () => {
    const actions = planRewards(snap, opts);
    expect(actions.map((a) => a.kind)).toEqual(['claim-rewards', 'swap-reward', 'swap-reward']);
  });
  it('one such token alone still waits', () => {
    expect(planRewards({ ...snap, rewards: snap.rewards.slice(0, 1) }, opts)).toEqual([]);
  });
});

describe("the vault backend's plans count execute()'s two valuations", () => {
  it('plannerOptions adds 2 × totalAssets() for a vault, nothing for an eoa; the plan totals carry it', () => {
    const config = { execution: { maxPriorityFeePerGasGwei: 0 }, compounding: { enabled: true, minValueToCostMultiple: 3 } } as unknown as KeeperConfig;
    expect(plannerOptions(config, { backend: 'vault' } as VaultConfig).bundleGasOverhead).toBe(2 * VAULT_VALUATION_GAS);
    expect(plannerOptions(config, { backend: 'eoa' } as VaultConfig).bundleGasOverhead).toBeUndefined();
    const snap = snapshot(10n, [observation('weETH', 60n), observation('ezETH', 30n)]);
    const input = {
      current: allocationFromSnapshot(snap), approved: { weETH: 3000, ezETH: 6000 }, snapshot: snap, specs: [WEETH, EZETH],
      estimates: [estimate('weETH', 0.03), estimate('ezETH', 0.036)], limits: LIMITS, explain: { targetWeights: {}, findings: [], rationale: [] },
    };
    const eoa = buildPlan({ ...input, options: DEFAULT_PLANNER_OPTIONS });
    const vault = buildPlan({ ...input, options: { ...DEFAULT_PLANNER_OPTIONS, bundleGasOverhead: 2 * VAULT_VALUATION_GAS } });
    expect(vault.totals.gasUnits - eoa.totals.gasUnits).toBe(300_000);
  });
});

describe("the vault's total-assets allowance is the tolerance of the value moved", () => {
  it('5 ETH moved at 10 bps: 0.005 ETH (+1000 wei rounding), whatever the vault holds (1 ETH on a 1,000 ETH vault before)', () => {
    const totals = { gasUnits: 0, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 5n * E };
    expect(totalAssetsAllowance({ totals }, 10)).toBe(5n * 10n ** 15n + 1_000n);
    expect(totalAssetsAllowance({ totals: { ...totals, slippageWei: 7n, feesWei: 3n } }, 10)).toBe(5n * 10n ** 15n + 1_010n);
  });
});
