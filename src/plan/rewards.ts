/**
 * Compounding: claim pending AVS rewards and sell them for the vault asset, when the proceeds
 * beat the gas by the configured safety multiple. Claims are cumulative, so claiming later
 * loses nothing; skipping a claim that does not pay is always safe.
 */
import type { ClaimRewardsAction, SwapRewardAction } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { mulDiv, subtractBps } from '../domain/units.ts';
import { sellTokenForWeth } from '../yield/dex.ts';
import { tokenPriceWad } from '../yield/avs-apr.ts';
import { GAS, gasCostWei } from './gas.ts';

export interface RewardPlanOptions {
  readonly safetyMultiple: number;
  readonly maxSlippageBpsPerSwap: number;
  readonly priorityFeeWei: bigint;
}

/** Claim + swap actions for the rewards worth it; empty when none is. */
export function planRewards(snapshot: Snapshot, opts: RewardPlanOptions): (ClaimRewardsAction | SwapRewardAction)[] {
  const swaps: SwapRewardAction[] = [];
  const claimed: { token: SwapRewardAction['token']; amount: bigint }[] = [];
  const multiple = BigInt(Math.ceil(opts.safetyMultiple * 1000));
  for (const r of snapshot.rewards) {
    if (r.claimable <= 0n || r.dex === undefined) continue;
    const out = sellTokenForWeth(r.claimable, r.dex);
    const fair = mulDiv(r.claimable, tokenPriceWad(r.dex, r.decimals), 10n ** BigInt(r.decimals));
    // Each token adds its swap and a share of the claim to the gas bill.
    const gas = gasCostWei(GAS['swap-reward'] + GAS['claim-rewards'], snapshot.baseFeeWei, opts.priorityFeeWei);
    if (out * 1000n <= gas * multiple) continue;
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
    why: `claim ${claimed.length} reward token(s) worth more than ${opts.safetyMultiple}× their gas`,
  };
  return [claim, ...swaps];
}
