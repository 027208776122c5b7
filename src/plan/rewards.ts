/**
 * Compounding: claim pending AVS rewards and sell them for the vault asset, only when it pays:
 * the proceeds beat the cost of claiming, selling and reinvesting by
 * compounding.minValueToCostMultiple AND claiming now beats waiting (src/plan/claim-timing.ts).
 * Claims are cumulative, so claiming later loses nothing but the reinvested yield; skipping a
 * claim that does not pay is always safe.
 */
import type { ClaimRewardsAction, SwapRewardAction } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { mulDiv, subtractBps } from '../domain/units.ts';
import { sellTokenForWeth } from '../yield/dex.ts';
import { tokenPriceWad } from '../yield/avs-apr.ts';
import { shouldClaim } from './claim-timing.ts';
import { GAS, gasCostWei } from './gas.ts';

export interface RewardPlanOptions {
  /** Floor on proceeds / cost (compounding.minValueToCostMultiple). */
  readonly minValueToCostMultiple: number;
  readonly maxSlippageBpsPerSwap: number;
  readonly priorityFeeWei: bigint;
  /** Current reward accrual of the vault, asset wei per second (0 when unknown). */
  readonly rewardWeiPerSecond: number;
  /** Yield the proceeds earn once reinvested, as an APY. */
  readonly reinvestApy: number;
}

/** Claim + swap actions for the rewards worth it; empty when none is. */
export function planRewards(snapshot: Snapshot, opts: RewardPlanOptions): (ClaimRewardsAction | SwapRewardAction)[] {
  const swaps: SwapRewardAction[] = [];
  const claimed: { token: SwapRewardAction['token']; amount: bigint }[] = [];
  for (const r of snapshot.rewards) {
    if (r.claimable <= 0n || r.dex === undefined) continue;
    const out = sellTokenForWeth(r.claimable, r.dex);
    const fair = mulDiv(r.claimable, tokenPriceWad(r.dex, r.decimals), 10n ** BigInt(r.decimals));
    // Each token adds its swap, the claim and the reinvesting deposit to the bill.
    const gas = gasCostWei(GAS['swap-reward'] + GAS['claim-rewards'] + GAS['deposit-lrt'], snapshot.baseFeeWei, opts.priorityFeeWei);
    const pays = shouldClaim({
      valueWei: Number(out),
      costWei: Number(gas),
      rewardWeiPerSecond: opts.rewardWeiPerSecond,
      reinvestApy: opts.reinvestApy,
      minValueToCostMultiple: opts.minValueToCostMultiple,
    });
    if (!pays) continue;
    const slippageBps = fair === 0n ? 0 : Number(((fair - out) * 1_000_000n) / fair) / 100;
    // A pool too thin for the claim: leave it for later rather than sell badly.
    if (slippageBps > opts.maxSlippageBpsPerSwap) continue;
    claimed.push({ token: r.token, amount: r.claimable });
    swaps.push({
      kind: 'swap-reward',
      token: r.token,
      amountIn: r.claimable,
      fairValueWei: fair,
      expectedOutWei: out,
      minOutWei: subtractBps(fair, opts.maxSlippageBpsPerSwap),
      slippageBps,
      gas: GAS['swap-reward'],
      why: `sell ${r.token} rewards for ${out} wei (gas ${gas} wei)`,
    });
  }
  if (claimed.length === 0) return [];
  const claim: ClaimRewardsAction = {
    kind: 'claim-rewards',
    tokens: claimed.map((c) => c.token),
    amounts: claimed.map((c) => c.amount),
    gas: GAS['claim-rewards'],
    why: `claim ${claimed.length} reward token(s): worth more than ${opts.minValueToCostMultiple}× their cost and than waiting`,
  };
  return [claim, ...swaps];
}
